"""Golden files for the January 2021 issue: its POT and a published German translation.

The expected files are checked in under tests/data/golden/ and compared byte for byte.  After an
intended change, regenerate them with ``UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and
review the diff like any other change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, DATA
from i18n_pipeline.config import Config
from i18n_pipeline.project import extract, publish

GOLDEN = DATA / "golden"
ISSUE = "2021-02-05-newsletter"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Config, Path]:
    """The sample site's layout, so ``#:`` references match the real catalogs."""
    source = tmp_path / "content" / "blog" / "newsletter" / f"{ISSUE}.md"
    source.parent.mkdir(parents=True)
    shutil.copy(CORPUS / f"{ISSUE}.md", source)
    return Config(root=tmp_path, languages=("de", "fr")), source


def _compare(actual: Path, expected: Path) -> None:
    if os.environ.get("UPDATE_GOLDEN"):
        shutil.copy(actual, expected)
    assert actual.read_bytes() == expected.read_bytes()


def test_template_matches_golden(site: tuple[Config, Path]) -> None:
    config, source = site
    outcome = extract(config, source)
    assert outcome.action == "created"
    _compare(outcome.path, GOLDEN / f"{ISSUE}.pot")


@pytest.mark.parametrize("language", ["de", "fr"])
def test_published_translation_matches_golden(site: tuple[Config, Path], language: str) -> None:
    config, source = site
    catalog = config.catalog_path(language, config.domain_of(source))  # as the marker says
    catalog.parent.mkdir(parents=True)
    shutil.copy(GOLDEN / f"{ISSUE}.{language}.po", catalog)
    outcome = publish(config, source, language)
    assert outcome.action == "written", outcome
    assert not outcome.problems
    assert outcome.detail == "100% translated"
    _compare(outcome.path, GOLDEN / f"{ISSUE}.{language}.md")
