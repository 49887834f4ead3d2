"""``merge``: a translator's PO made against an older version of a real issue comes home."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, read, run
from i18n_pipeline.catalog import build_template, read_catalog
from i18n_pipeline.contribute import ContributionReport, _check_nothing_lost, merge_contribution
from i18n_pipeline.errors import CatalogError
from i18n_pipeline.parse import parse

ISSUE = "2021-02-05-newsletter.md"
PO = "locales/de/LC_MESSAGES/2021-02-05-newsletter.po"
REMOVED = "This paragraph was removed from the issue later.\n\n"
WELCOME = "Welcome to the XMPP newsletter covering"
HAPPY = "Happy to have you back reading"
FRENCH = "French on [linuxfr.org](1)"
GAJIM = "Gajim [1.3.0 Beta1](1)"
DEVELOPMENT = "Gajim Development News: [In December](1)"


def _entry(catalog: polib.POFile, start: str) -> polib.POEntry:
    return next(e for e in catalog if e.msgid.startswith(start) and not e.obsolete)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site whose issue changed after a translator downloaded its PO file.

    The contribution (``contrib.po``) was made against the old text; our catalog is current.
    """
    content = tmp_path / "content"
    content.mkdir()
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    original = read(CORPUS / ISSUE)
    old = original.replace("### Newsletter", REMOVED + "### Newsletter", 1)
    assert old.count(REMOVED) == 1
    (content / ISSUE).write_text(old)
    assert run(tmp_path, "update").exit_code == 0
    theirs = polib.pofile(str(tmp_path / PO))
    theirs.metadata["Last-Translator"] = "Volunteer <v@example.org>"
    _entry(theirs, WELCOME).msgstr = "THEIRS Willkommen"
    _entry(theirs, HAPPY).msgstr = "THEIRS Schön"
    _entry(theirs, "The XMPP Newsletter January 2021").msgstr = "Der XMPP-Newsletter Januar 2021"
    french = _entry(theirs, FRENCH)
    french.msgstr = french.msgid + " <script>alert(1)</script>"
    gajim = _entry(theirs, GAJIM)
    gajim.msgstr = "THEIRS " + gajim.msgid
    development = _entry(theirs, DEVELOPMENT)
    development.msgstr = "THEIRS " + development.msgid
    _entry(theirs, "This paragraph was removed").msgstr = "Dieser Absatz wurde entfernt."
    theirs.save(str(tmp_path / "contrib.po"))

    (tmp_path / PO).unlink()
    current = original.replace("Gajim Development News:", "Gajim News:")
    (content / ISSUE).write_text(current.replace("A lot has happened", "Much has happened"))
    assert run(tmp_path, "update").exit_code == 0
    ours = polib.pofile(str(tmp_path / PO))
    _entry(ours, HAPPY).msgstr = "OURS Schön"
    _entry(ours, "The XMPP Newsletter January 2021").msgstr = "Der XMPP-Newsletter Januar 2021"
    _entry(ours, "Gajim News: [In December](1)").msgstr = "OURS Gajim-Neuigkeiten: [Im Dezember](1)"
    ours.save()
    return tmp_path


def test_merge_report_and_result(site: Path) -> None:
    result = run(site, "merge", "--lang", "de", "contrib.po")
    assert result.exit_code == 0, result.output
    assert "updated" in result.stdout
    assert "2 taken, 1 fuzzy, 1 rejected, 1 unchanged, 1 kept ours, 1 obsolete" in result.stdout

    merged = read_catalog(site / PO)  # strict reader: the result is a valid catalog
    welcome = _entry(merged, WELCOME)
    assert (welcome.msgstr, welcome.flags) == ("THEIRS Willkommen", ["markdown-text"])

    happy = _entry(merged, HAPPY)  # the contribution wins, ours stays visible
    assert happy.msgstr == "THEIRS Schön"
    assert "previous translation: OURS Schön" in happy.tcomment

    french = _entry(merged, FRENCH)  # rejected: ours unchanged (untranslated)
    assert french.msgstr == ""
    assert "<script>" not in (site / PO).read_text()

    gajim = _entry(merged, GAJIM)  # changed msgid: fuzzy, with the msgid it was made for
    assert "Much has happened" in gajim.msgid
    assert gajim.flags[0] == "fuzzy"
    assert "A lot has happened" in gajim.previous_msgid
    assert gajim.msgstr.startswith("THEIRS Gajim")

    development = _entry(merged, "Gajim News:")  # a fuzzy contribution never replaces ours
    assert development.msgstr.startswith("OURS")
    assert "fuzzy" not in development.flags
    assert "contributed translation (fuzzy): THEIRS Gajim Development" in development.tcomment

    removed = [e for e in merged if e.obsolete and e.msgid.startswith("This paragraph")]
    assert [e.msgstr for e in removed] == ["Dieser Absatz wurde entfernt."]

    assert merged.metadata["Last-Translator"] == "Volunteer <v@example.org>"


def test_rejected_entries_are_listed_with_their_line(site: Path) -> None:
    line = _entry(polib.pofile(str(site / "contrib.po")), FRENCH).linenum
    result = run(site, "merge", "--lang", "de", "contrib.po", f"content/{ISSUE}")
    assert result.exit_code == 0
    assert f"rejected: contrib.po:{line}: error: [rejected] [html-introduced]" in result.stderr


def test_merge_twice_changes_nothing(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")  # a second run must not even touch the date
    assert run(site, "merge", "--lang", "de", "contrib.po").exit_code == 0
    first = (site / PO).read_bytes()
    result = run(site, "merge", "--lang", "de", "contrib.po")
    assert result.stdout.startswith("unchanged")
    assert result.stdout.rstrip().endswith("(0 taken, 0 fuzzy, 1 rejected, 5 unchanged)")
    assert (site / PO).read_bytes() == first


def test_nothing_is_lost(site: Path) -> None:
    ours = {e.msgstr for e in polib.pofile(str(site / PO)) if e.msgstr}
    theirs = {e.msgstr for e in polib.pofile(str(site / "contrib.po")) if e.msgstr}
    assert run(site, "merge", "--lang", "de", "contrib.po").exit_code == 0
    text = (site / PO).read_text()
    merged = polib.pofile(str(site / PO))
    kept = {e.msgstr for e in merged if e.msgstr}
    comments = "\n".join(e.tcomment for e in merged)
    for translation in ours | theirs:
        if "<script>" in translation:
            continue  # the one rejected entry
        assert translation in kept or translation in comments, translation
    assert not list(site.rglob("*.tmp")) and "<script>" not in text


@pytest.mark.needs_gettext
def test_merged_catalog_passes_msgfmt(site: Path) -> None:
    assert run(site, "merge", "--lang", "de", "contrib.po").exit_code == 0
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(site / PO)], check=False)
    assert check.returncode == 0


def test_unknown_source_is_an_error(site: Path) -> None:
    catalog = polib.pofile(str(site / "contrib.po"))
    for entry in catalog:
        entry.occurrences = []
    catalog.metadata["Project-Id-Version"] = "something-else"
    catalog.save(str(site / "mail-attachment.po"))
    result = run(site, "merge", "--lang", "de", "mail-attachment.po")
    assert result.exit_code == 1
    assert "cannot tell which source" in result.stderr
    named = run(site, "merge", "--lang", "de", "mail-attachment.po", f"content/{ISSUE}")
    assert named.exit_code == 0, named.output


def test_page_meta_from_the_contributed_header_is_taken_where_ours_has_none(site: Path) -> None:
    contributed = polib.pofile(str(site / "contrib.po"))
    contributed.metadata["X-Front-Matter-author"] = "Anoxinon e.V."
    contributed.metadata["X-Front-Matter-date"] = "2021-01-09"
    contributed.metadata["X-Page-Note-1"] = "start _Übersetzt von Anoxinon e.V._"
    contributed.save()
    ours = polib.pofile(str(site / PO))
    ours.metadata["X-Front-Matter-date"] = "2021-01-07"
    ours.save()
    assert run(site, "merge", "--lang", "de", "contrib.po").exit_code == 0
    merged = polib.pofile(str(site / PO)).metadata
    assert merged["X-Front-Matter-author"] == "Anoxinon e.V."
    assert merged["X-Front-Matter-date"] == "2021-01-07"  # ours is never replaced
    assert merged["X-Page-Note-1"] == "start _Übersetzt von Anoxinon e.V._"


# --- nothing lost, translation by translation ----------------------------------------------------

SHORT = "Hello world, this is a paragraph.\n"


def _catalog(template: polib.POFile, msgstr: str) -> polib.POFile:
    catalog = polib.POFile()
    catalog.metadata = dict(template.metadata)
    for entry in template:
        catalog.append(polib.POEntry(msgid=entry.msgid, msgstr=msgstr, flags=list(entry.flags)))
    return catalog


def test_translations_sharing_a_first_line_are_each_kept() -> None:
    """Two contributions in turn, each replacing a translation whose first line is the same:
    every replaced translation stays, whole, as a note (the first line is not the note)."""
    document = parse(SHORT, "a.md")
    template = build_template(document, "a.md")
    ours = _catalog(template, "Hallo Welt,\nA")
    for theirs in ("Hallo Welt,\nB", "Hallo Welt,\nC"):
        ours, report = merge_contribution(
            template, ours, _catalog(template, theirs), document, "de"
        )
        assert report.taken == 1
    (entry,) = (e for e in ours if e.msgid == template[0].msgid)
    assert entry.msgstr == "Hallo Welt,\nC"
    assert entry.tcomment.split("\n") == [
        "previous translation: Hallo Welt,",
        "A",
        "previous translation: Hallo Welt,",
        "B",
    ]


def test_the_check_compares_whole_translations() -> None:
    """A translation neither kept nor noted whole is lost, even if its first line or a part of
    it happens to appear in some comment."""
    document = parse(SHORT, "a.md")
    template = build_template(document, "a.md")
    ours = _catalog(template, "Hallo Welt,\nA")
    result = _catalog(template, "Something else")
    report = ContributionReport()
    for comment in [
        "previous translation: Hallo Welt,",  # the first line only
        "previous translation: Hallo Welt,\nA and more",  # a longer text
        "Hallo Welt,\nA",  # not a note
    ]:
        result[0].tcomment = comment
        with pytest.raises(CatalogError, match="merge would lose our translation"):
            _check_nothing_lost(ours, _catalog(template, ""), result, report)
    result[0].tcomment = "a note of the translator\nprevious translation: Hallo Welt,\nA"
    _check_nothing_lost(ours, _catalog(template, ""), result, report)


def test_a_contribution_that_cannot_be_merged_is_named() -> None:
    """Plural forms on a page's entry: the second form cannot be kept (update.merge refuses);
    the error names the contributed file, not only the msgid."""
    document = parse(SHORT, "a.md")
    template = build_template(document, "a.md")
    theirs = polib.POFile()
    theirs.append(
        polib.POEntry(msgid=template[0].msgid, msgid_plural="x", msgstr_plural={0: "A", 1: "B"})
    )
    with pytest.raises(CatalogError) as raised:
        merge_contribution(template, None, theirs, document, "de", contributed_path="t.po")
    assert str(raised.value).startswith("t.po: merge would lose the translation of")


def test_a_lost_translation_is_named_by_file_and_line(tmp_path: Path) -> None:
    """The invariant's error says where the translation it would lose is: the line of our
    entry (the caller names our catalog), or the contributed file and its entry's line."""
    document = parse(SHORT, "a.md")
    template = build_template(document, "a.md")
    ours_path, theirs_path = tmp_path / "ours.po", tmp_path / "theirs.po"
    _catalog(template, "Unsere").save(str(ours_path))
    _catalog(template, "Ihre").save(str(theirs_path))
    ours, theirs = polib.pofile(str(ours_path)), polib.pofile(str(theirs_path))
    line = theirs[0].linenum
    assert line > 1 and ours[0].linenum == line  # the same layout
    result, report = _catalog(template, "Something else"), ContributionReport()
    with pytest.raises(CatalogError, match="merge would lose our translation") as raised:
        _check_nothing_lost(ours, theirs, result, report, "theirs.po")
    assert (raised.value.path, raised.value.line) == (None, line)
    with pytest.raises(CatalogError, match="lose the contributed translation") as raised:
        _check_nothing_lost(None, theirs, result, report, "theirs.po")
    assert str(raised.value).startswith(f"theirs.po:{line}: merge would lose")
