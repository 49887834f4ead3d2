"""Fixture-driven segmentation cases (tests/fixtures/segmentation.txt).

Each case checks the msgids, the byte-exact round trip with no translation and with the
identity translation, and that a marked-up translation keeps every link destination.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from i18n_pipeline import parse, reassemble
from i18n_pipeline.mdsyntax import markdown

FIXTURES = Path(__file__).parent / "fixtures" / "segmentation.txt"


def _decode(line: str) -> str:
    return re.sub(r"\\(\\|n)", lambda m: "\n" if m.group(1) == "n" else "\\", line)


def read_cases() -> list[tuple[str, str, list[str]]]:
    cases = []
    lines = FIXTURES.read_text(encoding="utf-8").split("\n")
    index = 0
    while index < len(lines):
        if not lines[index].startswith("## "):
            index += 1
            continue
        title = lines[index][3:]
        index += 1
        source: list[str] = []
        while lines[index] != ".":
            source.append(lines[index])
            index += 1
        index += 1
        expected: list[str] = []
        while lines[index] != ".":
            expected.append(_decode(lines[index]))
            index += 1
        cases.append((title, "\n".join(source) + "\n", expected))
        index += 1
    return cases


CASES = read_cases()


def link_targets(text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    body = re.sub(r"\A(---|\+\+\+)\n.*?\n\1\n", "", text, flags=re.DOTALL)
    for token in markdown().parse(body, {}):
        for child in token.children or ():
            if child.type == "link_open":
                found[str(child.attrs["href"])] += 1
            elif child.type == "image":
                found[str(child.attrs["src"])] += 1
    return found


@pytest.mark.parametrize(("title", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_msgids(title: str, source: str, expected: list[str]) -> None:
    document = parse(source)
    assert [segment.msgid for segment in document.segments] == expected


@pytest.mark.parametrize(("title", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_round_trips(title: str, source: str, expected: list[str]) -> None:
    document = parse(source)
    assert reassemble(document, {}, drop=False).text == source
    identity = {segment.msgid: segment.msgid for segment in document.segments}
    assert reassemble(document, identity, drop=False).text == source
    marked = {segment.msgid: f"ÆØ {segment.msgid} ØÆ" for segment in document.segments}
    result = reassemble(document, marked, drop=False)
    assert not result.refused
    assert link_targets(result.text) == link_targets(source)


def test_count_of_cases() -> None:
    assert len(CASES) >= 20
