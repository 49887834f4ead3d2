"""How much of the corpus's human translations `i18n-pipeline import` recovers.

For every ``<issue>.<lang>.md`` in tests/data/corpus, the import runs exactly as the CLI
does (align, fill a fresh catalog), then the imported catalog is published.  Per pair:

* segments   — source segments (front matter values included);
* covered    — share of them that received a msgstr (translated or fuzzy);
* translated — share of the covered ones imported as translated rather than fuzzy;
* faithful   — share of the translated ones whose published text is the human text:
  the published page is parsed again, and the segment's inline Markdown (stand-ins
  expanded back to their destinations, soft line breaks joined; the value for front
  matter) equals that of the human translation's paired segment, after collapsing runs of
  whitespace (no-break spaces included) to one space.

Run: ``.venv/bin/python bench/import_coverage.py`` (``--markdown`` for the README table).
"""

from __future__ import annotations

import contextlib
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from i18n_pipeline.align_import import import_translation, imported_catalog, lenient_text
from i18n_pipeline.catalog import build_template, translated_entries
from i18n_pipeline.document import Segment
from i18n_pipeline.gate import TranslationRefused, restore_placeholders
from i18n_pipeline.parse import parse
from i18n_pipeline.reassemble import reassemble

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "corpus"
TRANSLATION = re.compile(r"(\d{4}-\d\d-\d\d-newsletter)\.([a-z]{2})\.md")


def visible(segment: Segment) -> str:
    """A segment's text as a reader's Markdown has it: stand-ins expanded, spaces collapsed."""
    text = segment.msgid
    if segment.placeholders:
        with contextlib.suppress(TranslationRefused):
            text = restore_placeholders(segment, segment.msgid)
    return " ".join(text.split())


@dataclass
class Row:
    name: str
    language: str
    segments: int = 0
    covered: int = 0
    translated: int = 0
    faithful: int = 0
    identical: int = 0  # translated entries equal to the English (left untranslated)
    seconds: float = 0.0


def measure(path: Path) -> Row:
    found = TRANSLATION.fullmatch(path.name)
    assert found is not None
    stem, language = found.groups()
    source_path = path.with_name(f"{stem}.md")
    started = time.perf_counter()
    source = parse(source_path.read_text(encoding="utf-8"), str(source_path))
    translation = parse(lenient_text(path.read_text(encoding="utf-8")), str(path))
    proposals = import_translation(source, translation)
    template = build_template(source, source_path.name)
    catalog, _ = imported_catalog(template, None, language, source, proposals)
    row = Row(path.name, language, seconds=time.perf_counter() - started)
    row.segments = len(source.segments)
    translations = translated_entries(catalog)
    published = parse(reassemble(source, translations).text, "published")
    if len(published.segments) != len(source.segments):
        raise SystemExit(f"{path.name}: publishing changed the number of segments")
    for proposal in proposals:
        row.covered += 1
        if proposal.fuzzy:
            continue
        row.translated += 1
        segment = source.segments[proposal.segment]
        if translations.get(segment.msgid) == segment.msgid:
            row.identical += 1
        human = " ".join(visible(translation.segments[i]) for i in proposal.targets)
        if visible(published.segments[proposal.segment]) == " ".join(human.split()):
            row.faithful += 1
    return row


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.1f} %" if whole else "–"


def main() -> None:
    markdown = "--markdown" in sys.argv
    rows = [measure(path) for path in sorted(CORPUS.iterdir()) if TRANSLATION.fullmatch(path.name)]
    groups = {
        language: [r for r in rows if r.language == language] for language in ("de", "es", "fr")
    }
    totals = []
    for language, members in [*groups.items(), ("all", rows)]:
        total = Row(f"total {language} ({len(members)} pairs)", language)
        for row in members:
            total.segments += row.segments
            total.covered += row.covered
            total.translated += row.translated
            total.faithful += row.faithful
            total.identical += row.identical
            total.seconds += row.seconds
        totals.append(total)
    header = ["pair", "segments", "covered", "translated", "faithful", "identical", "time"]
    table = [
        [
            row.name,
            str(row.segments),
            percent(row.covered, row.segments),
            percent(row.translated, row.covered),
            percent(row.faithful, row.translated),
            str(row.identical),
            f"{row.seconds:.2f} s",
        ]
        for row in [*rows, *totals]
    ]
    if markdown:  # for the README: without the times, which vary from run to run
        print("| " + " | ".join(header[:-1]) + " |")
        print("|---|" + "--:|" * (len(header) - 2))
        for line in table:
            print("| " + " | ".join(line[:-1]) + " |")
        return
    widths = [max(len(line[i]) for line in [header, *table]) for i in range(len(header))]
    for line in [header, *table]:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)))


if __name__ == "__main__":
    main()
