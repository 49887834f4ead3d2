"""Format directives (``%s``, ``%(name)d``, ``{0}``) that gettext never breaks a line in.

Why this exists: for entries flagged ``c-format``, ``objc-format``, ``python-format`` or
``python-brace-format``, gettext's ``wrap()`` first runs its format string parser over the
string and suppresses every line break inside a directive it finds.  To wrap as ``msgcat``
does (:mod:`.poformat`), we parse as those parsers do, including where they stop at an
invalid directive and a gettext 0.21 bug that protects the wrong characters for
python-brace.  polib knows nothing of this (it wraps with :mod:`textwrap`), and
:mod:`string` or ``printf`` grammars elsewhere accept other things than gettext 0.21 does.

Format directives of the other gettext format languages (java, qt, ...) are not parsed;
a wrap point that falls exactly inside such a directive may differ from msgcat.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

# Bits of gettext's per-character ``fmtdir`` array.
_FMTDIR_START, _FMTDIR_END, _FMTDIR_ERROR = 1, 2, 4


class Marks:
    """gettext's ``fmtdir`` array: where format directives start, end or fail."""

    def __init__(self, length: int) -> None:
        self.bits = [0] * length

    def set(self, pos: int, bit: int) -> None:
        """Set ``bit`` at ``pos``; positions outside the string are ignored."""
        if 0 <= pos < len(self.bits):
            self.bits[pos] |= bit

    def protected(self) -> list[bool]:
        """Characters that may not start a line (write-po.c's attribute loop).

        A START followed by an END marks a directive: no break inside it
        (a break right before it is fine).  A START followed by an ERROR
        marks an invalid directive, which gets no protection.
        """
        bits = self.bits
        protected = [False] * len(bits)
        pos = 0
        while pos < len(bits):
            if not bits[pos] & _FMTDIR_START:
                pos += 1
                continue
            end = pos
            while not bits[end] & (_FMTDIR_END | _FMTDIR_ERROR):
                end += 1
            if not bits[end] & _FMTDIR_ERROR:
                for index in range(pos, end + 1):
                    protected[index] = not bits[index] & _FMTDIR_START
            pos = end + 1
        return protected


FormatParser = Callable[[str, bool, Marks], None]


def _python_directives(text: str, is_msgstr: bool, marks: Marks) -> None:
    """Mark ``%`` directives like ``format-python.c`` does.

    Parsing stops at the first invalid directive (including one that mixes
    ``%(name)s`` and unnamed arguments), exactly like gettext, which then no
    longer protects any later directive either.
    """
    pos = 0
    mode = _ArgMode()
    while pos < len(text):
        if text[pos] != "%":
            pos += 1
            continue
        marks.set(pos, _FMTDIR_START)
        end = _python_directive_end(text, pos + 1, mode)
        if end is None:
            marks.set(len(text) - 1, _FMTDIR_ERROR)
            return
        marks.set(end, _FMTDIR_END)
        pos = end + 1


def _python_directive_end(text: str, pos: int, mode: _ArgMode) -> int | None:
    """Index of the conversion character of the directive continuing at ``pos``."""
    named = _at(text, pos) == "("
    if named:
        depth = 0
        pos += 1
        while pos < len(text) and not (text[pos] == ")" and depth == 0):
            depth += {"(": 1, ")": -1}.get(text[pos], 0)
            pos += 1
        if pos >= len(text):
            return None
        pos += 1
    pos = skip(text, pos, "-+ #0")
    for is_precision in (False, True):
        if is_precision:
            if _at(text, pos) != ".":
                break
            pos += 1
        if _at(text, pos) == "*":
            if not mode.use(numbered=False):
                return None
            pos += 1
        else:
            pos = skip(text, pos, _DIGITS)
    if _at(text, pos) in _set("hlL"):
        pos += 1
    if _at(text, pos) not in _set("%csridiuoxXeEfgG"):
        return None
    if (named or text[pos] != "%") and not mode.use(numbered=named):
        return None
    return pos


def _python_brace_directives(text: str, is_msgstr: bool, marks: Marks) -> None:
    """Mark ``{...}`` directives like gettext 0.21's ``format-python-brace.c``.

    That parser records each mark relative to the directive's own ``{``
    instead of to the string (a gettext bug), so the "protected" characters
    are at the start of the string, not inside the directives.  We do the
    same, since matching msgcat is the point.
    """
    pos = 0
    while pos < len(text):
        if text[pos] != "{":
            pos += 1
            continue
        try:
            pos = _brace_directive(text, pos, marks, toplevel=True)
        except _BraceError as error:
            marks.set(error.offset, _FMTDIR_ERROR)
            return


class _BraceError(Exception):
    """Invalid python-brace directive; ``offset`` is relative to its ``{``."""

    def __init__(self, start: int, pos: int) -> None:
        super().__init__(pos)
        self.offset = pos - start


def _brace_directive(text: str, start: int, marks: Marks, *, toplevel: bool) -> int:
    """Parse the directive at ``start`` and return the index after it."""
    if _at(text, start + 1) == "{":
        return start + 2
    pos = _brace_field(text, start + 1, numeric_ok=True)
    if pos is None:
        raise _BraceError(start, start + 1)
    while _at(text, pos) in (".", "["):
        opener = text[pos]
        field_end = _brace_field(text, pos + 1, numeric_ok=opener == "[")
        if field_end is None:
            raise _BraceError(start, pos + 1)
        pos = field_end
        if opener == "[":
            if _at(text, pos) != "]":
                raise _BraceError(start, pos)
            pos += 1
    if _at(text, pos) == ":":
        if not toplevel:
            raise _BraceError(start, pos)
        pos += 1
        if _at(text, pos) == "{":
            pos = _brace_directive(text, pos, marks, toplevel=False)
        elif pos >= len(text):
            raise _BraceError(start, pos)
        else:
            pos = _brace_format_spec_end(text, pos)
    if _at(text, pos) != "}":
        raise _BraceError(start, pos)
    if toplevel:
        marks.set(0, _FMTDIR_START)
        marks.set(pos - start, _FMTDIR_END)
    return pos + 1


def _brace_field(text: str, pos: int, *, numeric_ok: bool) -> int | None:
    """Skip an identifier (or, if allowed, a number); None if there is none."""
    char = _at(text, pos)
    if char in _set(_LETTERS + "_"):
        return skip(text, pos, _LETTERS + "_" + _DIGITS)
    if numeric_ok and char in _set(_DIGITS):
        return skip(text, pos, _DIGITS)
    return None


def _brace_format_spec_end(text: str, pos: int) -> int:
    """Skip ``[[fill]align][sign][#][0][width][.precision][type]``."""
    if _at(text, pos + 1) in _set("<>=^"):
        pos += 2
    elif _at(text, pos) in _set("<>=^"):
        pos += 1
    for optional in ("+- ", "#", "0"):
        if _at(text, pos) in _set(optional):
            pos += 1
    pos = skip(text, pos, _DIGITS)
    if _at(text, pos) == "." and _at(text, pos + 1) in _set(_DIGITS):
        pos = skip(text, pos + 1, _DIGITS)
    if _at(text, pos) in _set("bcdoxXneEfFgG%"):
        pos += 1
    return pos


def _c_directives(text: str, is_msgstr: bool, marks: Marks, *, objc: bool = False) -> None:
    """Mark ``printf`` directives like ``format-c.c`` does.

    glibc's ``I`` flag is only accepted in translations (``is_msgstr``), and
    ``%@`` only in Objective-C.  As in gettext, mixing numbered (``%1$s``)
    and unnumbered arguments makes the rest of the string invalid.
    """
    pos = 0
    mode = _ArgMode()
    while pos < len(text):
        if text[pos] != "%":
            pos += 1
            continue
        marks.set(pos, _FMTDIR_START)
        end = _c_directive_end(text, pos + 1, is_msgstr, mode, objc)
        if end is None:
            marks.set(len(text) - 1, _FMTDIR_ERROR)
            return
        marks.set(end, _FMTDIR_END)
        pos = end + 1


def _c_directive_end(
    text: str, pos: int, is_msgstr: bool, mode: _ArgMode, objc: bool
) -> int | None:
    """Index of the conversion character of the directive continuing at ``pos``."""
    number, pos = _c_arg_number(text, pos)
    if number == 0:
        return None
    pos = skip(text, pos, " +-#0'I" if is_msgstr else " +-#0'")
    for is_precision in (False, True):
        if is_precision:
            if _at(text, pos) != ".":
                break
            pos += 1
        if _at(text, pos) != "*":
            pos = skip(text, pos, _DIGITS)
            continue
        star_number, pos = _c_arg_number(text, pos + 1)
        if star_number == 0 or not mode.use(numbered=star_number is not None):
            return None
    end = _c_conversion_end(text, pos, objc)
    if end is None or (text[end] not in "%m" and not mode.use(numbered=number is not None)):
        return None
    return end


class _ArgMode:
    """Tracks whether a C format string uses numbered or unnumbered arguments."""

    def __init__(self) -> None:
        self.numbered = False
        self.unnumbered = False

    def use(self, *, numbered: bool) -> bool:
        """Record one argument; False if it mixes the two styles."""
        if numbered:
            self.numbered = True
            return not self.unnumbered
        self.unnumbered = True
        return not self.numbered


def _c_arg_number(text: str, pos: int) -> tuple[int | None, int]:
    """Parse an optional ``m$`` argument number at ``pos``."""
    digits_end = skip(text, pos, _DIGITS)
    if digits_end > pos and _at(text, digits_end) == "$":
        return int(text[pos:digits_end]), digits_end + 1
    return None, pos


def _c_conversion_end(text: str, pos: int, objc: bool) -> int | None:
    """Index of the conversion character (or the ``>`` of ``<PRIdN>``).

    gettext 0.21 accepts any run of size letters before the conversion.
    """
    if _at(text, pos) != "<":
        pos = skip(text, pos, "hlLqjzZt")
        conversions = "%mcCsSiduoxXeEfFgGaApn@" if objc else "%mcCsSiduoxXeEfFgGaApn"
        return pos if _at(text, pos) in _set(conversions) else None
    if text[pos + 1 : pos + 4] != "PRI" or _at(text, pos + 4) not in _set("diouxX"):
        return None
    pos += 5
    size = next((size for size in _C99_MACRO_SIZES if text.startswith(size, pos)), None)
    if size is None:
        return None
    pos += len(size)
    return pos if _at(text, pos) == ">" else None


_C99_MACRO_SIZES = (
    "MAX",
    "PTR",
    *(f"{kind}{bits}" for kind in ("LEAST", "FAST", "") for bits in ("8", "16", "32", "64")),
)


_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _set(chars: str) -> frozenset[str]:
    """Characters as a set; unlike ``in chars`` it never matches ""."""
    return frozenset(chars)


def _at(text: str, pos: int) -> str:
    """Character at ``pos``, or "" past the end (like C's NUL terminator)."""
    return text[pos] if pos < len(text) else ""


def skip(text: str, pos: int, chars: str) -> int:
    """Advance ``pos`` over any run of ``chars``."""
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


#: The directive parsers of the format languages we parse, by language name.
FORMAT_PARSERS: dict[str, FormatParser] = {
    "c": _c_directives,
    "objc": functools.partial(_c_directives, objc=True),
    "python": _python_directives,
    "python-brace": _python_brace_directives,
}
