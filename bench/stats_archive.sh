#!/usr/bin/env bash
# Time `stats` and `report` on the whole corpus: 63 issues in 4 languages (252 PO files).
# Usage: bench/stats_archive.sh   (after `make install`)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$here/.venv/bin/i18n-pipeline
site=$(mktemp -d)
trap 'rm -rf "$site"' EXIT
mkdir "$site/content"
cp "$here"/tests/data/corpus/[0-9]*-newsletter.md "$site/content/"
printf 'sources = ["content/*.md"]\nlanguages = ["de", "fr", "es", "it"]\n' >"$site/i18n-pipeline.toml"
cd "$site"
"$bin" update >/dev/null
echo "$(ls content | wc -l) issues, $(find locales -name '*.po' | wc -l) PO files"
TIMEFORMAT='stats:  %R s'
time "$bin" stats >/dev/null
TIMEFORMAT='report: %R s'
time "$bin" report -o status.html >/dev/null
