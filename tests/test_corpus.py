"""Whole-corpus invariants (issue acceptance 1 and 2), through real PO files on disk.

Every English issue of the newsletter archive is extracted, given a catalog, written as a PO
file, read back and published, so PO escaping and polib parsing are part of what is tested.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from conftest import catalog_with, english_issues, read
from i18n_pipeline import parse
from i18n_pipeline.catalog import build_template, write_catalog
from i18n_pipeline.config import Config
from i18n_pipeline.dialect import markdown
from i18n_pipeline.pagemeta import marker_line
from i18n_pipeline.project import publish
from i18n_pipeline.shortcodes import shortcode_name

ISSUES = english_issues()
MARK_OPEN, MARK_CLOSE = "ÆØ ", " ØÆ"


def test_corpus_is_complete() -> None:
    assert len(ISSUES) == 63


def _split_front_matter(text: str) -> tuple[str, str]:
    assert text.startswith("---\n"), "every issue has YAML front matter"
    end = text.index("\n---\n", 4)
    return text[4 : end + 1], text[end + 5 :]


def _without_dropped(source: Path) -> str:
    text = read(source)
    document = parse(text, str(source))
    for start, end in sorted(document.dropped, reverse=True):
        text = text[:start] + text[end:]
    return text


def _publish(tmp_path: Path, source: Path, translate, min_complete: float | None = None) -> str:  # type: ignore[no-untyped-def]
    config = Config(root=tmp_path, languages=("de",))
    document = parse(read(source), str(source))
    template = build_template(document, source.name)
    po_path = tmp_path / "de.po"
    write_catalog(po_path, catalog_with(template, translate))
    output = tmp_path / "out.md"
    outcome = publish(config, source, "de", catalog_path=po_path, output=output,
                      min_complete=min_complete)  # fmt: skip
    assert outcome.action in ("written", "unchanged"), outcome
    assert not outcome.problems
    return read(output)


def _shape(text: str) -> tuple[Counter[str], list[str], list[str]]:
    """Link destinations and image sources, block+inline token types, shortcode names."""
    targets: Counter[str] = Counter()
    types: list[str] = []
    shortcodes: list[str] = []
    for token in markdown().parse(text, {}):
        types.append(token.type)
        if token.type == "hugo_shortcode":
            shortcodes.append(shortcode_name(token.content))
        for child in token.children or ():
            if child.type not in ("text", "softbreak"):
                types.append(child.type)
            if child.type == "link_open":
                targets[str(child.attrs["href"])] += 1
            elif child.type == "image":
                targets[str(child.attrs["src"])] += 1
            elif child.type == "bare_url":
                targets[child.content] += 1
            elif child.type == "hugo_shortcode_inline":
                shortcodes.append(shortcode_name(child.content))
    return targets, types, shortcodes


@pytest.mark.parametrize("source", ISSUES, ids=[p.name for p in ISSUES])
def test_identity_catalog_reproduces_source(tmp_path: Path, source: Path) -> None:
    """Byte for byte, but for the dropped keys and the generated page's mark."""
    text = _without_dropped(source)
    opening = text.index("\n") + 1  # every issue opens with YAML front matter
    expected = text[:opening] + marker_line("de.po") + "\n" + text[opening:]
    assert _publish(tmp_path, source, lambda msgid: msgid) == expected
    assert _publish(tmp_path, source, lambda msgid: "", min_complete=0) == expected


@pytest.mark.parametrize("source", ISSUES, ids=[p.name for p in ISSUES])
def test_marked_translation_keeps_links_and_structure(tmp_path: Path, source: Path) -> None:
    published = _publish(tmp_path, source, lambda msgid: MARK_OPEN + msgid + MARK_CLOSE)
    source_front, source_body = _split_front_matter(read(source))
    front, body = _split_front_matter(published)

    metadata = yaml.safe_load(front)
    original = yaml.safe_load(source_front)
    assert metadata["title"] == MARK_OPEN + original["title"] + MARK_CLOSE
    assert "aliases" not in metadata

    source_targets, source_types, source_shortcodes = _shape(source_body)
    targets, types, shortcodes = _shape(body)
    assert targets == source_targets
    assert types == source_types
    assert shortcodes == source_shortcodes
    for target in targets:
        assert "Æ" not in target and "Ø" not in target
    for name in shortcodes:
        assert "Æ" not in name and "Ø" not in name
    assert body.count(MARK_OPEN.strip()) > 10
