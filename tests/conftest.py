"""Shared fixtures: the corpus copied into tests/data, and helpers to build catalogs."""

from __future__ import annotations

import os
import re
from pathlib import Path

import polib
import pytest

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
ENGLISH = re.compile(r"\d{4}-\d\d-\d\d-newsletter\.md")

# Header dates in golden files must not depend on the clock.
os.environ["SOURCE_DATE_EPOCH"] = "1700000000"


def english_issues() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if ENGLISH.fullmatch(p.name))


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def catalog_with(template: polib.POFile, translate) -> polib.POFile:  # type: ignore[no-untyped-def]
    """A PO whose msgstr for every entry is ``translate(msgid)``."""
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = dict(template.metadata)
    catalog.metadata["Language"] = "de"
    for entry in template:
        catalog.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=translate(entry.msgid),
                comment=entry.comment,
                occurrences=entry.occurrences,
                flags=list(entry.flags),
            )
        )
    return catalog


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
