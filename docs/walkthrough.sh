#!/usr/bin/env bash
# Replays the editor's and translator's guides on the January 2021 issue in a scratch site
# (default /tmp/docsite, which the guides' outputs name); the outputs quoted in the guides come
# from this script's log:  docs/walkthrough.sh > walkthrough.log 2>&1
# Needs the package installed in .venv (make install) and git.
set -u
REPO=$(cd "$(dirname "$0")/.." && pwd)
SITE=${1:-/tmp/docsite}
export PATH=$REPO/.venv/bin:$PATH
ISSUE=2021-02-05-newsletter
SRC=content/blog/newsletter/$ISSUE.md
DE=locales/de/LC_MESSAGES/blog/newsletter/$ISSUE.po
run() { echo "\$ $*"; "$@" 2>&1; echo "[exit $?]"; }
g() { git -c user.email=e@x -c user.name=e "$@"; }
rm -rf "$SITE" && mkdir -p "$SITE/content/blog/newsletter" && cd "$SITE"
cp $REPO/$SRC $SRC && cp $REPO/i18n-pipeline.toml . && git init -q && g add -A && g commit -qm draft
echo "##### extract"
run i18n-pipeline extract --check
run i18n-pipeline extract
run i18n-pipeline extract --check
echo "##### update"
run i18n-pipeline update
run i18n-pipeline publish
g add -A; g commit -qm pots
echo "##### translators send the sample site's catalogs"
for l in de fr; do cp $REPO/locales/$l/LC_MESSAGES/blog/newsletter/$ISSUE.po locales/$l/LC_MESSAGES/blog/newsletter/$ISSUE.po; done
run i18n-pipeline update
run i18n-pipeline stats
run i18n-pipeline publish
head -8 content/blog/newsletter/$ISSUE.de.md
run i18n-pipeline publish
g add -A; g commit -qm translated
echo "##### typo fix"
sed -i 's/\[Profanity 0.10.0 has been relased\]/[Profanity 0.10.0 has been released]/' $SRC
run i18n-pipeline extract --check
run i18n-pipeline update
grep -n -B12 -A6 '^"\[Profanity 0.10.0 has been released\]' $DE
run i18n-pipeline stats --lang de
run i18n-pipeline publish --lang de
grep -n 'Profanity' content/blog/newsletter/$ISSUE.de.md
run i18n-pipeline publish --lang de --min-complete 100
ls content/blog/newsletter/
echo "##### translator reviews"
python - <<'PY'
from i18n_pipeline.catalog import read_catalog, write_catalog
p = "locales/de/LC_MESSAGES/blog/newsletter/2021-02-05-newsletter.po"
po = read_catalog(p)
for e in po:
    if "fuzzy" in e.flags:
        e.flags.remove("fuzzy"); e.previous_msgid = None
write_catalog(p, po)
PY
run i18n-pipeline publish --lang de
g add -A; g commit -qm reviewed
echo "##### jabberfr fix"
sed -i 's#https://news/jabberfr.org/category/newsletter/#https://news.jabberfr.org/category/newsletter/#' $SRC
run i18n-pipeline update --lang de
git diff $DE
run i18n-pipeline publish --lang de
g add -A; g commit -qm jabberfr
echo "##### obsolete"
cp $SRC ../src.md.orig
python - <<'PY'
p = "content/blog/newsletter/2021-02-05-newsletter.md"
s = open(p, encoding="utf-8").read()
start = s.index("Axel Reimer published"); end = s.index("\n\n", start) + 2
open(p, "w", encoding="utf-8").write(s[:start] + s[end:])
PY
run i18n-pipeline update --lang de
grep -n -B2 -A6 '^#~ "Axel Reimer published' $DE
cp ../src.md.orig $SRC
run i18n-pipeline update --lang de
git status --short
echo "##### mistakes"
cp $DE ../de-good.po
python - <<'PY'
p = "locales/de/LC_MESSAGES/blog/newsletter/2021-02-05-newsletter.po"
s = open(p, encoding="utf-8").read()
edits = [
 ('Sie ist auf [Englisch](1) und [Deutsch](2) verfügbar', 'Sie ist auf [Englisch](2) und [Deutsch](2) verfügbar'),
 ('"Gajim [1.3.0 Beta1](1) und [1.3.0 Beta2](2) wurden veröffentlicht.', '"Gajim [1.3.0 Beta1 und Beta2](1) wurden veröffentlicht.'),
 ('"![Gajim hat eine neue Auswahl für Profilbilder](1 ', '"![Gajim hat eine neue Auswahl für Profilbilder](/images/de/GajimProfil.png '),
]
for old, new in edits:
    assert s.count(old) == 1, old
    s = s.replace(old, new)
open(p, "w", encoding="utf-8").write(s)
PY
git diff $DE | grep '^[-+][^-+]'
run i18n-pipeline publish --lang de
cp ../de-good.po $DE
echo "##### variant: reorder and override"
python - <<'PY'
from i18n_pipeline.catalog import read_catalog, write_catalog
p = "locales/de/LC_MESSAGES/blog/newsletter/2021-02-05-newsletter.po"
po = read_catalog(p)
for e in po:
    if e.msgid.startswith("Axel Reimer published"):
        e.msgstr = ("Axel Reimer hat in seinem Blog eine Einstiegsanleitung für Siskin IM "
                    "veröffentlicht. Sie ist auf [Deutsch](2) und [Englisch](1) verfügbar.")
    if e.msgid.startswith("Edward Maurer wrote"):
        e.msgstr = ("Edward Maurer hat einen kommentierenden Blogbeitrag zur aktuellen Lage der "
                    "Instant-Messaging-Kommunikation und zu XMPP geschrieben: [Instant Messaging: "
                    "Es geht nicht um die App](https://xmpp.org/2021/01/instant-messaging-es-geht-nicht-um-die-app/). "
                    "Es gibt ihn auch im [englischen Original](1) und auf [Französisch](3), "
                    "[Spanisch](4) und [Rumänisch](5). Vielen Dank an alle, die mitgewirkt haben!")
write_catalog(p, po)
PY
grep -n -B10 -A6 '^"Axel Reimer published' $DE
grep -n -B12 -A11 '^"Edward Maurer wrote' $DE
run i18n-pipeline publish --lang de
grep -n 'Siskin IM\|Edward Maurer\|Gajim hat eine neue' content/blog/newsletter/$ISSUE.de.md
cp ../de-good.po $DE
echo "##### entries"
P=locales/templates/blog/newsletter/$ISSUE.pot
grep -n -B6 -A12 '^"Gajim \[1.3.0 Beta1\](1)' $DE
grep -n -B6 -A4 '^msgid "The XMPP Newsletter January 2021"' $DE
grep -n -B14 -A10 '^"\[UWPX `v' $P
grep -n -B4 -A6 'GajimProfile.png' $DE
grep -n -B3 -A6 '\[3\]: xmpp:' $P
echo "##### atoms (September 2019) and captions (September 2023)"
rm -rf "$SITE-2" && mkdir -p "$SITE-2/content/blog/newsletter" && cd "$SITE-2"
cp $REPO/tests/data/corpus/2019-09-03-newsletter.md $REPO/tests/data/corpus/2023-09-05-newsletter.md content/blog/newsletter/ && cp $REPO/i18n-pipeline.toml .
i18n-pipeline extract
grep -n -B6 -A3 'IETF' locales/templates/blog/newsletter/2019-09-03-newsletter.pot
grep -n -B4 -A3 'Snikket - Chat that is simple' locales/templates/blog/newsletter/2023-09-05-newsletter.pot
