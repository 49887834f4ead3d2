"""The parsed gate: a translation judged against its msgid, both parsed by markdown-it.

This is the whole gate; :mod:`.fastpath` only proves, for plain text, that it would find
nothing.  It matches the stand-ins (:mod:`.standins`), restores them as the page will have
them, checks the bare URLs' boundaries, compares the parsed shapes (:mod:`.rules`) and, given
the document, the blocks around the segment (:mod:`.context`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from ..document import Placeholder, Segment
from ..splice import splice_spans
from .context import context_problem
from .findings import Problem, error
from .options import DEFAULT, GateOptions
from .rules import compare, segment_problems
from .shape import references_key, shape
from .standins import bare_url_problems, match_standins, restored_msgid

# A msgstr far longer than its msgid is not a translation; parsing it would only cost time.
LENGTH_FACTOR = 5
LENGTH_SLACK = 500


def max_length(msgid: str) -> int:
    return LENGTH_FACTOR * len(msgid) + LENGTH_SLACK


def parsed_translation_problems(
    segment: Segment,
    translation: str,
    options: GateOptions = DEFAULT,
) -> list[Problem]:
    """:func:`translation_problems` the long way: both texts parsed by markdown-it."""
    if len(translation) > max_length(segment.msgid):
        return [
            error(
                "too-long",
                f"translation has {len(translation):,} characters for a source of "
                f"{len(segment.msgid):,}",
            )
        ]
    refs = references_key(options.references or {})
    match = match_standins(segment, translation, options)
    found = list(match.problems)
    # Shapes are compared with the stand-ins restored, as the page will have them: a
    # shortcode moved to a line of its own becomes a block, which ``{3}`` alone would hide.
    restored, pieces = splice_spans(translation, match.edits)
    found.extend(_bare_url_problems(segment.msgid, restored, pieces, match.atoms))
    source = restored_msgid(segment)
    found.extend(compare(shape(source, refs), shape(restored, refs)))
    found.extend(segment_problems(segment, source, restored))
    document = options.document
    if document is not None and not match.errors:
        # what publishing restores (from the stripped text) is this, unless it was padded
        same = translation == translation.strip()
        context = context_problem(document, segment, translation, restored if same else None)
        if context is not None:
            found.append(context)
    return _unique(found)


def _bare_url_problems(
    msgid: str,
    restored: str,
    pieces: Iterable[tuple[int, int, int]],
    atoms: Mapping[int, Placeholder],
) -> list[Problem]:
    """:func:`.standins.bare_url_problems` of each atom restored in ``restored``."""
    return [
        problem
        for origin, start, end in pieces
        if (placeholder := atoms.get(origin)) is not None
        for problem in bare_url_problems(msgid, restored, start, end, placeholder)
    ]


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


__all__ = ["LENGTH_FACTOR", "LENGTH_SLACK", "max_length", "parsed_translation_problems"]
