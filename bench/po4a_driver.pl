#!/usr/bin/perl
# po4a's own Perl modules over a whole archive in one process: per file, exactly what
# po4a-updatepo (POT, then msgmerge into each PO) and po4a-translate (PO in, page out if
# at least 80% translated) do, without starting perl once per file.  Used by bench/run.py.
#
#   perl po4a_driver.pl extract   LIST   # lines: master <TAB> pot
#   perl po4a_driver.pl update    LIST   # lines: master <TAB> po <TAB> po ...
#   perl po4a_driver.pl translate LIST   # lines: master <TAB> po <TAB> output
use strict;
use warnings;
use File::Temp qw(tempfile);
use Locale::Po4a::Chooser;
use Locale::Po4a::Common;
use Locale::Po4a::TransTractor;

Locale::Po4a::Common::textdomain('po4a');
my ( $mode, $list ) = @ARGV;
my %options = (
    'markdown'    => 1,
    'yfm_keys'    => 'title,summary,description',
    'yfm_lenient' => 1,    # the newsletter's `aliases:` lists trip YAML::Tiny otherwise
    'porefs'      => 'file',
    'verbose'     => 0,
);

sub new_doc {
    my $doc = Locale::Po4a::Chooser::new( 'text', %options );
    $doc->{TT}{utf_mode} = 1;
    return $doc;
}

open( my $fh, '<', $list ) or die "cannot read $list: $!";
while ( my $line = <$fh> ) {
    chomp $line;
    my ( $master, @rest ) = split /\t/, $line;
    if ( $mode eq 'extract' ) {
        new_doc()->process(
            'file_in_name'    => [$master],
            'file_in_charset' => 'UTF-8',
            'po_out_name'     => $rest[0]
        );
    } elsif ( $mode eq 'update' ) {
        my ( undef, $pot ) = tempfile( 'po4a-benchXXXX', SUFFIX => '.pot', TMPDIR => 1, OPEN => 0 );
        new_doc()->process(
            'file_in_name'    => [$master],
            'file_in_charset' => 'UTF-8',
            'po_out_name'     => $pot
        );
        for my $po (@rest) {
            system( 'msgmerge', '--previous', '--quiet', '--backup=none', '-U', $po, $pot ) == 0
              or die "msgmerge failed on $po";
        }
        unlink $pot;
    } elsif ( $mode eq 'translate' ) {
        my ( $po, $out ) = @rest;
        my $doc = new_doc();
        $doc->process(
            'po_in_name'       => [$po],
            'file_in_name'     => [$master],
            'file_in_charset'  => 'UTF-8',
            'file_out_charset' => 'UTF-8'
        );
        my ($percent) = $doc->stats();
        $doc->write($out) if $percent >= 80;
    } else {
        die "unknown mode $mode";
    }
}
