"""Strings of a PO file escaped and wrapped exactly as gettext's ``wrap()`` writes them.

Why this exists: ``msgcat``, and so Poedit and Weblate, which follow gettext's writer,
break a long string where libunistring's line breaker (:mod:`.linebreak`) allows it,
never inside an escape sequence or a format directive (:mod:`.formatdirs`), and start
a string that spans several lines with ``keyword ""``.  polib's writer wraps with
:mod:`textwrap`, which breaks in different places, so every save in a translator's tool
produced a wall of whitespace-only diff noise.  This module is the general algorithm,
one character at a time; most strings take the equivalent regex-based fast path of
:mod:`.powrap_simple` instead (:mod:`.poformat` chooses), and the tests check that both
write the same lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .formatdirs import FormatParser, Marks
from .linebreak import POSSIBLE, PROHIBITED, UNDEFINED, width_breaks

#: msgcat's default ``--width``.
PAGE_WIDTH = 79
#: The "width" gettext uses for ``no-wrap`` entries (C's INT_MAX).
_INT_MAX = 2**31 - 1

ESCAPES = {
    "\a": "a",
    "\b": "b",
    "\f": "f",
    "\n": "n",
    "\r": "r",
    "\t": "t",
    "\v": "v",
    "\\": "\\",
    '"': '"',
}


def split_portions(value: str) -> list[str]:
    """Split after each newline; gettext wraps every portion separately."""
    if not value:
        return [""]
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    return [*portions, parts[-1]] if parts[-1] else portions


def escape_portion(portion: str, protected: Sequence[bool]) -> tuple[str, list[int]]:
    """Escape a portion and compute the break overrides for each output char.

    The second character of an escape sequence can never start a line, nor
    can any character inside a format directive (``protected``), and a
    trailing ``\\n`` always stays on the line of the text before it.
    """
    chars: list[str] = []
    overrides: list[int] = []
    for char, is_protected in zip(portion, protected, strict=True):
        override = PROHIBITED if is_protected else UNDEFINED
        escape = ESCAPES.get(char)
        if escape is None:
            chars.append(char)
            overrides.append(override)
        else:
            chars += ["\\", escape]
            overrides += [override, PROHIBITED]
    if portion.endswith("\n"):
        overrides[-2] = PROHIBITED
    return "".join(chars), overrides


def _protected_chars(value: str, parser: FormatParser | None, is_msgstr: bool) -> list[bool]:
    """Characters of ``value`` before which gettext will not break a line."""
    marks = Marks(len(value))
    if parser is not None:
        parser(value, is_msgstr, marks)
    return marks.protected()


@dataclasses.dataclass(frozen=True)
class Style:
    """How the strings of one entry are written.

    ``prefix`` starts every line (``#~ ``, ``#| ``, ``#~| `` or nothing),
    ``wrap`` is False for ``no-wrap`` entries, and ``parser`` finds the
    format directives that must not be split.
    """

    prefix: str = ""
    wrap: bool = True
    parser: FormatParser | None = None

    @property
    def text_width(self) -> int:
        """Columns left for the text on a continuation line.

        The prefix and both quotes are not part of it; the first line also
        holds ``keyword "``.
        """
        return (PAGE_WIDTH if self.wrap else _INT_MAX) - 1 - (len(self.prefix) + 1)


def wrap(style: Style, keyword: str, value: str) -> list[str]:
    """Lines for ``keyword "value"`` exactly as gettext's ``wrap()`` writes them.

    If the string spans several lines (it contains a non-final newline or
    does not fit), the first line is ``keyword ""`` and the text starts on
    the next line.  Every character is handled here, in Python; simple
    text has a faster way to the same lines (:mod:`.powrap_simple`).
    """
    prefix = style.prefix
    width = style.text_width
    protected = _protected_chars(value, style.parser, keyword.startswith("msgstr"))
    portions = split_portions(value)
    lines: list[str] = []
    first_line = True
    offset = 0
    for number, portion in enumerate(portions):
        text, overrides = escape_portion(portion, protected[offset : offset + len(portion)])
        offset += len(portion)
        start_column = len(keyword) + 1 if first_line else 0
        breaks = width_breaks(text, width, start_column, overrides)
        more_portions = number < len(portions) - 1
        if first_line and text and (more_portions or start_column > width or POSSIBLE in breaks):
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            breaks = width_breaks(text, width, 0, overrides)
        line = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        lines.extend(_render_pieces(line, prefix, text, breaks))
    return lines


def _render_pieces(head: str, prefix: str, text: str, breaks: Sequence[int]) -> list[str]:
    """Quote ``text``, starting a new line wherever a break was chosen."""
    lines: list[str] = []
    start = 0
    for index in range(len(text)):
        if breaks[index] == POSSIBLE:
            lines.append(f'{head}"{text[start:index]}"')
            head, start = prefix, index
    lines.append(f'{head}"{text[start:]}"')
    return lines
