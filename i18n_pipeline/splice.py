"""Splicing edits into text: the one implementation every stage uses.

Publishing, the gate, the importer and the translation memory all rewrite text the same
way: a list of non-overlapping ``(start, end, replacement)`` edits applied to the original.
Written once here (and importing nothing of the package) so that the gate and
:mod:`.reassemble` can both use it without importing each other.
"""

from __future__ import annotations

from collections.abc import Iterable

Edit = tuple[int, int, str]


def splice_spans(text: str, edits: Iterable[Edit]) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` with the edits applied, and for each edit ``(start in text, start, end)`` of
    its replacement in the result (in the order of the edits' starts)."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int]] = []
    position = length = 0
    for start, end, replacement in sorted(edits):
        pieces.append(text[position:start])
        length += start - position
        pieces.append(replacement)
        spans.append((start, length, length + len(replacement)))
        length += len(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), spans


def splice(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied (non-overlapping spans)."""
    return splice_spans(text, edits)[0]


__all__ = ["Edit", "splice", "splice_spans"]
