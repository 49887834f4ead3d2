"""GNU gettext accepts every catalog we write: ``msgfmt --check`` on the whole corpus."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import DATA, english_issues, read
from i18n_pipeline.catalog import build_template, write_catalog
from i18n_pipeline.parse import parse
from i18n_pipeline.update import merge

MSGFMT = shutil.which("msgfmt")
pytestmark = pytest.mark.needs_gettext


def _check(path: Path) -> None:
    assert MSGFMT is not None
    completed = subprocess.run(
        [MSGFMT, "--check", "-o", "/dev/null", str(path)],
        capture_output=True,
        text=True,
    )
    assert completed.returncode == 0, completed.stderr


def test_every_corpus_template_and_catalog_passes_msgfmt(tmp_path: Path) -> None:
    for source in english_issues():
        template = build_template(parse(read(source), str(source)), source.name)
        pot = tmp_path / f"{source.stem}.pot"
        write_catalog(pot, template)
        _check(pot)
        catalog, _ = merge(template, None, "de")
        for entry in catalog:
            entry.msgstr = entry.msgid
        po = tmp_path / f"{source.stem}.de.po"
        write_catalog(po, catalog)
        _check(po)


def test_golden_catalogs_pass_msgfmt() -> None:
    for path in sorted((DATA / "golden").glob("*.po")):
        _check(path)
