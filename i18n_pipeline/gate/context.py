"""A translation with the lines around it: what only the page's context shows.

Block structure is decided line by line, so a translation that is harmless on its own can
change the blocks around it once it is in the page (a ``|`` above a setext underline makes a
table).  :func:`context_problem` parses the top-level block around the segment with the
rendered translation in it and compares the block tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import frontmatter
from ..dialect import markdown
from ..document import Document, Segment, Syntax
from ..errors import PipelineError
from ..mdsyntax import top_level_blocks
from .findings import Problem, error
from .render import MARKDOWN_TEXT, TranslationRefused, render_restored, render_segment_unchecked
from .rules import block_name, structure_check
from .shape import block_types

_NOT_MARKDOWN = {Syntax.YAML, Syntax.TOML}


@lru_cache(maxsize=8)
def _top_level_blocks(text: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the Markdown body's top-level blocks (a whole list, a whole quote...)."""
    start = 1 if text.startswith("\ufeff") else 0
    try:
        found = frontmatter.locate(text, start)
    except PipelineError:
        found = None
    base = found.body_start if found else start
    body = text[base:]
    try:
        tokens = markdown().parse(body, {})
    except RecursionError:
        return ()
    return top_level_blocks(body, base, tokens)


def _window(document: Document, start: int, end: int) -> tuple[int, int]:
    """The top-level block around ``start``..``end``, and the line after it.

    A whole top-level block parses the same on its own as in the page (no container around
    it), and the next line is where a setext underline or a table delimiter row would be.
    """
    text = document.text
    first = max(text.rfind("\n", 0, start) + 1, 1 if text.startswith("\ufeff") else 0)
    last = end
    blocks = document.blocks if document.blocks is not None else _top_level_blocks(text)
    for block_start, block_end in blocks:
        if block_start <= start < max(block_end, block_start + 1):
            first, last = min(first, block_start), max(last, block_end)
            break
    line_end = text.find("\n", last)
    if line_end >= 0 and line_end + 1 < len(text):
        following = text.find("\n", line_end + 1)
        last = len(text) if following < 0 else following
    else:
        last = len(text)
    return first, last


# What a line of paragraph text may not start with, or it may start another block (a list,
# quote, heading, fence, HTML block, shortcode block, thematic break, setext underline,
# definition), or make one of what it is in (a task-list item, an alert, a footnote).
_LINE_START_OK = re.compile(r"[^\s\-+=>#0-9<{\[`~*_|:]|\[(?![ xX]\]|!|(?:[^\[\]\\]|\\.)*\]:)")


def stays_on_its_line(replacement: str) -> bool:
    """Whether ``replacement`` is one line that cannot change the blocks around it.

    Block structure is decided line by line from how lines start, before any inline
    parsing: a single line that starts like paragraph text (and is not a link reference
    definition) stays the text of the block it is in.  Only a ``|`` could still make a table
    of it, with a delimiter row below (markdown-it wants one in the header line).
    """
    return (
        "\n" not in replacement
        and "\r" not in replacement
        and "|" not in replacement
        and _LINE_START_OK.match(replacement) is not None
    )


def context_problem(
    document: Document, segment: Segment, translation: str, restored: str | None = None
) -> Problem | None:
    """Parse the rendered translation with its neighbouring lines, as the page will have it.

    ``restored`` is the translation with its stand-ins restored, if the caller has it.
    """
    if segment.syntax in _NOT_MARKDOWN or segment.end > len(document.text):
        return None
    try:
        if restored is not None and restored.strip() and segment.syntax in MARKDOWN_TEXT:
            replacement = render_restored(segment, restored)
        else:
            replacement = render_segment_unchecked(segment, translation)
    except TranslationRefused:
        return None
    if stays_on_its_line(replacement):
        return None
    before, after = _blocks_around(document, segment, replacement)
    if before == after:
        return None
    check, added = structure_check(before, after)
    if added is None:
        return error(check, "translation changes the Markdown structure with the lines around it")
    return error(check, f"translation makes {block_name(added)} with the lines around it")


def _blocks_around(
    document: Document, segment: Segment, replacement: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The blocks of the page around ``segment``, before and with ``replacement`` in it."""
    text = document.text
    first, last = _window(document, segment.start, segment.end)
    before = text[first:last]
    after = text[first : segment.start] + replacement + text[segment.end : last]
    return block_types(before)[0], block_types(after)[0]


def changes_blocks(document: Document, segment: Segment, replacement: str) -> bool:
    """Whether the page's blocks around ``segment`` differ once ``replacement`` is in it."""
    before, after = _blocks_around(document, segment, replacement)
    return before != after


__all__ = ["changes_blocks", "context_problem", "stays_on_its_line"]
