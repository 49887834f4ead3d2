"""A translation as it is written into the page: stand-ins restored, text encoded for its syntax.

The gate needs this as much as publishing does (the context rule parses the page with the
rendered translation in it), so it lives here and :mod:`..reassemble` imports it: the gate
never imports the stage that splices pages together.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from ..document import Segment, Syntax
from ..errors import UnwritableValue
from ..hugovalues import WRITERS
from ..splice import splice
from .options import DEFAULT, GateOptions
from .standins import match_standins

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")

# The syntaxes whose text is Markdown (and so has stand-ins to restore).
MARKDOWN_TEXT = frozenset({Syntax.INLINE, Syntax.HEADING, Syntax.TABLE_CELL})


class TranslationRefused(ValueError):
    """A translation cannot be written without changing or losing what the source links to."""


def restore_placeholders(segment: Segment, translation: str, options: GateOptions = DEFAULT) -> str:
    """Put the source's bytes back for every stand-in of ``translation``.

    Raises :class:`TranslationRefused` for an unknown, repeated or missing stand-in, or a
    translator-written destination that is not an absolute http(s) URL (the rules live in
    :func:`.standins.match_standins`, shared with ``check``).
    """
    match = match_standins(segment, translation, options)
    if match.errors:
        raise TranslationRefused(match.errors[0].message)
    return splice(translation, match.edits)


def _inline(segment: Segment, text: str) -> str:
    # An atom spanning lines (a shortcode) was restored byte for byte, its own line breaks
    # and indentation included: hide it while the translation's line breaks are written.
    kept = [p.source for p in segment.placeholders if "\n" in p.source and p.source in text]
    for number, source in enumerate(kept):
        text = text.replace(source, chr(0xF0000 + number), 1)
    lines = text.split("\n")
    out = [lines[0].rstrip(" \t")]
    for line in lines[1:]:
        previous = out[-1]
        out[-1] = previous if previous.endswith("\\") else previous + "  "
        out.append(segment.continuation + line.strip(" \t"))
    written = "\n".join(out)
    for number, source in enumerate(kept):
        written = written.replace(chr(0xF0000 + number), source, 1)
    return written


def _one_line(segment: Segment, text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _table_cell(segment: Segment, translation: str) -> str:
    return _UNESCAPED_PIPE.sub(r"\\|", _one_line(segment, translation))


# Each takes the translation with its stand-ins restored (only Markdown text has any).
RENDERERS: Mapping[Syntax, Callable[[Segment, str], str]] = {
    Syntax.INLINE: _inline,
    Syntax.HEADING: _one_line,
    Syntax.TABLE_CELL: _table_cell,
    **WRITERS,
}


def _encode(segment: Segment, text: str) -> str:
    """:data:`RENDERERS`, with a value Hugo could not read back refused like a gate error."""
    try:
        return RENDERERS[segment.syntax](segment, text)
    except UnwritableValue as exc:
        raise TranslationRefused(f"[{exc.check}] {exc.message}") from exc


def render_restored(segment: Segment, restored: str) -> str:
    """The replacement for a translation whose stand-ins are already restored."""
    return _encode(segment, restored)


def render_segment_unchecked(segment: Segment, translation: str) -> str:
    """Only the syntax: stand-ins restored and the text encoded for where it goes."""
    text = translation.strip()
    if not text:
        raise TranslationRefused("translation is empty")
    if segment.syntax in MARKDOWN_TEXT:
        match = match_standins(segment, text)
        # where an override may point is the gate's to judge (it knows the config's hosts)
        errors = [problem for problem in match.errors if problem.check != "url-override"]
        if errors:
            raise TranslationRefused(errors[0].message)
        text = splice(text, match.edits)
    return _encode(segment, text)


__all__ = [
    "MARKDOWN_TEXT",
    "RENDERERS",
    "TranslationRefused",
    "render_restored",
    "render_segment_unchecked",
    "restore_placeholders",
]
