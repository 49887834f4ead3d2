"""publish's one-line summary: refused segments counted, with the right plural, and nothing else
counted as a segment (a damaged catalog's findings are listed, not counted)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import CORPUS
from i18n_pipeline.catalog import read_catalog, write_catalog
from i18n_pipeline.config import Config
from i18n_pipeline.project import Outcome, publish, update

ISSUE = "2021-02-05-newsletter"
GOLDEN_DE = Path(__file__).parent / "data" / "golden" / f"{ISSUE}.de.po"
ATTACK = "<script>alert(1)</script>"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Config, Path, Path]:
    """The January 2021 issue with its real German catalog."""
    source = tmp_path / "content" / f"{ISSUE}.md"
    source.parent.mkdir()
    shutil.copy(CORPUS / f"{ISSUE}.md", source)
    config = Config(root=tmp_path, languages=("de",))
    po = config.catalog_path("de", ISSUE)
    po.parent.mkdir(parents=True)
    shutil.copy(GOLDEN_DE, po)
    update(config, source, ["de"])
    return config, source, po


def _spoil(po: Path, count: int) -> None:
    """Put raw HTML into the first ``count`` translated paragraphs: each is refused."""
    catalog = read_catalog(po)
    spoiled = 0
    for entry in catalog:
        if spoiled < count and entry.msgstr and "markdown-text" in entry.flags:
            entry.msgstr += " " + ATTACK
            spoiled += 1
    write_catalog(po, catalog)


def _publish(site: tuple[Config, Path, Path]) -> Outcome:
    config, source, _ = site
    return publish(config, source, "de", min_complete=0)


def test_nothing_refused_says_nothing(site: tuple[Config, Path, Path]) -> None:
    outcome = _publish(site)
    assert (outcome.action, outcome.detail, outcome.problems) == ("written", "100% translated", [])


def test_one_segment_is_singular(site: tuple[Config, Path, Path]) -> None:
    _spoil(site[2], 1)
    outcome = _publish(site)
    assert outcome.detail == "99% translated, 1 segment kept in the source language"
    assert len(outcome.problems) == 1


def test_two_segments(site: tuple[Config, Path, Path]) -> None:
    _spoil(site[2], 2)
    assert _publish(site).detail == "98% translated, 2 segments kept in the source language"


def test_catalog_findings_are_not_segments(site: tuple[Config, Path, Path]) -> None:
    """A truncated last entry is an error about the file (exit 1): named, but no segment was
    refused."""
    po = site[2]
    with po.open("a", encoding="utf-8") as handle:
        handle.write('\nmsgid "Broken entry"\nmsgstr "unterminated\n')
    outcome = _publish(site)
    assert outcome.detail == "100% translated"
    assert outcome.problems == []
    assert len(outcome.errors) == 1
    assert "po-syntax" in outcome.errors[0]
