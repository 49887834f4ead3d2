"""Serialize a :class:`polib.POFile` exactly the way GNU ``msgcat`` writes it.

Why this exists: our tool writes PO files, translators then open and save
them in Poedit or Weblate, whose output follows gettext's own writer
(``write-po.c``).  polib's writer wraps long strings with :mod:`textwrap`,
which breaks in different places (after hyphens, never between CJK
ideographs, ...), so every save produced a wall of whitespace-only diff
noise.  :func:`dumps` replicates gettext 0.21's ``msgcat`` output byte for
byte (default options: page width 79, wrapping on), so that
``msgcat file.po`` reproduces our file exactly and round trips stay quiet.

polib remains the data model (``POFile`` / ``POEntry``) and the parser; only
the writing is done here.

What is replicated, and where it comes from:

* Line breaking is gettext's ``wrap()``: each ``\\n``-terminated portion of a
  string is escaped and then broken with libunistring's
  ``ulc_width_linebreaks`` (Unicode UAX #14 line breaking, display-column
  widths).  The Unicode tables at the end of this module were extracted from
  libunistring 1.0 (Unicode 14.0), the library ``msgcat`` 0.21 links against
  on Debian 12 / Ubuntu 22.04.  Most strings take an equivalent regex-based
  fast path (see "Fast path for simple text" below).
* Breaks inside format directives are suppressed for entries flagged
  ``c-format``, ``objc-format``, ``python-format`` or ``python-brace-format``,
  like gettext's format string parsers do (including a gettext 0.21 bug that
  protects the wrong characters for python-brace).
* Entry layout, comment styles, reference wrapping, flag canonicalisation
  and the placement of obsolete entries follow ``write-po.c`` and the PO
  reader's normalisations (e.g. ``./`` is stripped from references,
  duplicate references are dropped, ``fuzzy`` is dropped when there is no
  translation, obsolete entries without translation are not written).

Deliberate deviations from msgcat:

* Flags that gettext does not know (e.g. Weblate's ``markdown-text``) are
  dropped by msgcat; we keep them, after the flags gettext knows, because
  dropping them would silently lose data.
* A catalog with nothing but a header is written out; msgcat writes nothing
  for it unless given ``--force-po``.
* A comment line ending with a backslash gets a trailing space (msgcat keeps
  it), since gettext's reader would otherwise join it with the next line.
* Format directives of the other gettext format languages (java, qt, ...)
  are not parsed; a wrap point that falls exactly inside such a directive
  may differ from msgcat.

Limits: the output is meant to be saved as UTF-8 (ASCII-only catalogs work
with any charset); gettext 0.21 cannot represent file names containing
whitespace in references; later gettext / libunistring releases (e.g. on
Ubuntu 24.04) follow newer Unicode rules and may wrap rare characters
differently.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import pairwise

import polib

__all__ = ["dumps"]

#: msgcat's default ``--width``.
PAGE_WIDTH = 79
#: The "width" gettext uses for ``no-wrap`` entries (C's INT_MAX).
_INT_MAX = 2**31 - 1

# --------------------------------------------------------------------------
# Unicode line breaking (libunistring 1.0, UAX #14)
# --------------------------------------------------------------------------

# Break values, as in libunistring's ``unilbrk.h``.
_UNDEFINED = -1
_PROHIBITED = 0
_POSSIBLE = 1
_MANDATORY = 2
_CR_BEFORE_LF = 3

# libunistring 1.0's line breaking classes, in enum order: the first 33 index
# the pair table, the rest are resolved before the table is consulted.
# fmt: off
_CLASS_NAMES = (
    "WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP1", "CP2", "EX", "IN", "NS", "OP1",
    "OP2", "QU", "IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID1", "ID2", "JL",
    "JV", "JT", "HL", "RI", "ZWJ", "EB", "EM", "BK", "CR", "LF", "CM", "ZW", "SP",
)
# fmt: on
_CLS = {name: index for index, name in enumerate(_CLASS_NAMES)}
_AL, _BA, _HY, _HL, _RI, _H2, _H3 = (_CLS[n] for n in ("AL", "BA", "HY", "HL", "RI", "H2", "H3"))
_BK, _CR, _LF, _CM, _ZW, _ZWJ, _SP = (_CLS[n] for n in ("BK", "CR", "LF", "CM", "ZW", "ZWJ", "SP"))
#: Runtime-only pseudo class: a Hebrew letter followed by a hyphen (LB21a).
_HL_BA = 100

_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3


@functools.cache
def _tables() -> tuple[list[int], list[int], list[int], list[int], list[str]]:
    """Parse the run tables at the end of the module (once, on first use)."""
    lb_starts, lb_values = _parse_runs(_LINE_BREAK_RUNS, _CLS.__getitem__)
    w_starts, w_values = _parse_runs(_WIDTH_RUNS, int)
    return lb_starts, lb_values, w_starts, w_values, list(_PAIR_TABLE)


def _parse_runs(text: str, convert: Callable[[str], int]) -> tuple[list[int], list[int]]:
    """Turn ``"START:VALUE ..."`` runs (START in hex) into bisectable lists."""
    starts: list[int] = []
    values: list[int] = []
    for token in text.split():
        start, value = token.split(":")
        starts.append(int(start, 16))
        values.append(convert(value))
    return starts, values


@functools.lru_cache(maxsize=4096)
def _line_break_class(char: str) -> int:
    """Line breaking class of ``char``, with libunistring's resolutions.

    AI, SA and XX are already folded into AL and CB into ID1 in the table,
    which is what libunistring does for a non-CJK encoding such as UTF-8.
    Hangul syllables alternate between LV (H2) and LVT (H3) every 28 code
    points, so they are computed instead of tabulated.
    """
    code = ord(char)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return _H2 if (code - _HANGUL_FIRST) % 28 == 0 else _H3
    starts, values = _tables()[0:2]
    return values[bisect.bisect_right(starts, code) - 1]


@functools.lru_cache(maxsize=4096)
def _column_width(char: str) -> int:
    """Display columns of ``char`` per libunistring's ``uc_width``.

    Wide (CJK, emoji) characters count 2, combining marks and format
    characters 0.  Control characters are -1 there and are ignored by the
    line breaker, so they count 0 here.
    """
    starts, values = _tables()[2:4]
    return values[bisect.bisect_right(starts, ord(char)) - 1]


def _possible_breaks(text: str) -> list[int]:
    """Break opportunity before each character (``u8_possible_linebreaks_v2``).

    This is libunistring 1.0's simplified UAX #14: a pair table indexed by
    the classes of the last non-space character and the current one, plus
    the special cases below (spaces, combining marks, ZWJ, regional
    indicators, Hebrew + hyphen).  Note that unlike UAX #14 it allows a
    break between "." and a letter, so "example.com" may be wrapped.
    """
    pair_table = _tables()[4]
    result = [_PROHIBITED] * len(text)
    prev_prop = last_prop = _BK
    seen_space = False
    ri_count = 0
    for index, char in enumerate(text):
        prop = _line_break_class(char)
        if prop in (_BK, _LF, _CR):
            result[index] = _MANDATORY
            if prev_prop == _CR and prop == _LF:
                result[index - 1] = _CR_BEFORE_LF
            prev_prop, last_prop, seen_space = prop, _BK, False
        else:
            if prop == _SP:
                seen_space = True
            elif prop == _ZW:
                last_prop, seen_space = _ZW, False
            elif prop in (_CM, _ZWJ):
                if last_prop == _BK:
                    last_prop, seen_space = _AL, False
                elif last_prop == _ZW or seen_space:
                    result[index] = _POSSIBLE
                    last_prop, seen_space = _AL, False
            else:
                result[index] = _pair_break(
                    pair_table, prev_prop, last_prop, prop, seen_space, ri_count
                )
                last_prop, seen_space = prop, False
            is_hebrew_hyphen = prev_prop == _HL and prop in (_HY, _BA)
            prev_prop = _HL_BA if is_hebrew_hyphen else prop
        ri_count = ri_count + 1 if prop == _RI else 0
    return result


def _pair_break(
    pair_table: Sequence[str],
    prev_prop: int,
    last_prop: int,
    prop: int,
    seen_space: bool,
    ri_count: int,
) -> int:
    """Decide the break before a non-space, non-combining character."""
    if last_prop == _BK or prev_prop == _ZWJ:
        return _PROHIBITED
    if last_prop == _ZW:
        return _POSSIBLE
    if last_prop == _RI and prop == _RI:
        return _POSSIBLE if seen_space or ri_count % 2 == 0 else _PROHIBITED
    if prev_prop == _HL_BA:
        return _PROHIBITED
    rule = pair_table[last_prop][prop]
    if rule == "D" or (rule == "I" and seen_space):
        return _POSSIBLE
    return _PROHIBITED


def _width_breaks(text: str, width: int, start_column: int, overrides: Sequence[int]) -> list[int]:
    """Choose the actual line breaks (``u8_width_linebreaks_v2``).

    Greedy: a break opportunity is taken only when the piece of text after it
    would otherwise end beyond ``width``.  Pieces that are too long on their
    own (long words, URLs) are never split.
    """
    breaks = _possible_breaks(text)
    last_break: int | None = None
    last_column = start_column
    piece_width = 0
    for index, char in enumerate(text):
        if overrides[index] != _UNDEFINED:
            breaks[index] = overrides[index]
        kind = breaks[index]
        if kind != _PROHIBITED and last_break is not None and last_column + piece_width > width:
            breaks[last_break] = _POSSIBLE
            last_column = 0
        if kind in (_MANDATORY, _CR_BEFORE_LF):
            last_break, last_column, piece_width = None, 0, 0
            continue
        if kind == _POSSIBLE:
            last_break = index
            last_column += piece_width
            piece_width = 0
        breaks[index] = _PROHIBITED
        piece_width += _column_width(char)
    if last_break is not None and last_column + piece_width > width:
        breaks[last_break] = _POSSIBLE
    return breaks


# --------------------------------------------------------------------------
# Format directives: gettext never breaks inside one
# --------------------------------------------------------------------------

# Bits of gettext's per-character ``fmtdir`` array.
_FMTDIR_START, _FMTDIR_END, _FMTDIR_ERROR = 1, 2, 4


class _Marks:
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


FormatParser = Callable[[str, bool, _Marks], None]


def _python_directives(text: str, is_msgstr: bool, marks: _Marks) -> None:
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
    pos = _skip(text, pos, "-+ #0")
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
            pos = _skip(text, pos, _DIGITS)
    if _at(text, pos) in _set("hlL"):
        pos += 1
    if _at(text, pos) not in _set("%csridiuoxXeEfgG"):
        return None
    if (named or text[pos] != "%") and not mode.use(numbered=named):
        return None
    return pos


def _python_brace_directives(text: str, is_msgstr: bool, marks: _Marks) -> None:
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


def _brace_directive(text: str, start: int, marks: _Marks, *, toplevel: bool) -> int:
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
        return _skip(text, pos, _LETTERS + "_" + _DIGITS)
    if numeric_ok and char in _set(_DIGITS):
        return _skip(text, pos, _DIGITS)
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
    pos = _skip(text, pos, _DIGITS)
    if _at(text, pos) == "." and _at(text, pos + 1) in _set(_DIGITS):
        pos = _skip(text, pos + 1, _DIGITS)
    if _at(text, pos) in _set("bcdoxXneEfFgG%"):
        pos += 1
    return pos


def _c_directives(text: str, is_msgstr: bool, marks: _Marks, *, objc: bool = False) -> None:
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
    pos = _skip(text, pos, " +-#0'I" if is_msgstr else " +-#0'")
    for is_precision in (False, True):
        if is_precision:
            if _at(text, pos) != ".":
                break
            pos += 1
        if _at(text, pos) != "*":
            pos = _skip(text, pos, _DIGITS)
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
    digits_end = _skip(text, pos, _DIGITS)
    if digits_end > pos and _at(text, digits_end) == "$":
        return int(text[pos:digits_end]), digits_end + 1
    return None, pos


def _c_conversion_end(text: str, pos: int, objc: bool) -> int | None:
    """Index of the conversion character (or the ``>`` of ``<PRIdN>``).

    gettext 0.21 accepts any run of size letters before the conversion.
    """
    if _at(text, pos) != "<":
        pos = _skip(text, pos, "hlLqjzZt")
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


def _skip(text: str, pos: int, chars: str) -> int:
    """Advance ``pos`` over any run of ``chars``."""
    while pos < len(text) and text[pos] in chars:
        pos += 1
    return pos


#: gettext format languages in the order msgcat writes their flags (this is
#: gettext 0.21's ``format_language`` table, checked against msgcat).
# fmt: off
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
# fmt: on

_FORMAT_PARSERS: dict[str, FormatParser] = {
    "c": _c_directives,
    "objc": functools.partial(_c_directives, objc=True),
    "python": _python_directives,
    "python-brace": _python_brace_directives,
}


# --------------------------------------------------------------------------
# Flags
# --------------------------------------------------------------------------


class _Flags:
    """An entry's flags as gettext's PO reader understands them.

    gettext keeps only what it knows: ``fuzzy``, one state per format
    language (the last mention wins), a ``range:`` and ``[no-]wrap``.  It
    writes them in a fixed order regardless of how they were stored.
    """

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}
        self.range: str | None = None
        self.wrap = True
        self.extra: list[str] = []
        self._parse(_flag_tokens(flags))

    def _parse(self, tokens: list[str]) -> None:
        """Mirror ``po_parse_comment_special`` from gettext's reader."""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token == "fuzzy":
                self.fuzzy = True
            elif token in ("wrap", "no-wrap"):
                self.wrap = token == "wrap"
            elif token == "range:":
                # gettext consumes the next token even when it is no range.
                value = tokens[index] if index < len(tokens) else ""
                index += 1
                parsed = _parse_range(value)
                if parsed is None:
                    self.extra += [token, value] if value else [token]
                else:
                    self.range = parsed
            elif not self._parse_format(token):
                self.extra.append(token)

    def _parse_format(self, token: str) -> bool:
        """Record a ``[no-|possible-|impossible-]LANG-format`` token."""
        if not token.endswith("-format"):
            return False
        name, state = token[: -len("-format")], "yes"
        for prefix in ("no-", "possible-", "impossible-"):
            if name.startswith(prefix) and name[len(prefix) :] in _FORMAT_LANGUAGES:
                name, state = name[len(prefix) :], prefix[:-1]
                break
        if name not in _FORMAT_LANGUAGES:
            return False
        self.formats[name] = state
        return True

    def format_parser(self) -> FormatParser | None:
        """The directive parser gettext uses to protect directives from breaks.

        gettext picks the first language (in table order) that is, or may
        be, a format string.  Languages we do not parse yield None.
        """
        for name in self._formats_in_table_order():
            if self.formats[name] in ("yes", "possible"):
                return _FORMAT_PARSERS.get(name)
        return None

    def _formats_in_table_order(self) -> list[str]:
        """The languages in ``formats`` (all from ``_FORMAT_LANGUAGES``), in its order."""
        return sorted(self.formats, key=_FORMAT_LANGUAGES.index)

    def render(self, *, fuzzy: bool) -> list[str]:
        """Flags in msgcat's order, followed by the ones gettext ignores."""
        rendered = ["fuzzy"] if fuzzy else []
        for name in self._formats_in_table_order():
            state = self.formats[name]
            if state in ("yes", "possible"):
                rendered.append(f"{name}-format")
            elif state == "no":
                rendered.append(f"no-{name}-format")
        if self.range is not None:
            rendered.append(f"range: {self.range}")
        if not self.wrap:
            rendered.append("no-wrap")
        return rendered + self.extra


def _flag_tokens(flags: Iterable[str]) -> list[str]:
    """Split flags the way gettext does: on commas and any whitespace."""
    text = ",".join(flags)
    for separator in "\n \t\r\f\v":
        text = text.replace(separator, ",")
    return [token for token in text.split(",") if token]


def _parse_range(token: str) -> str | None:
    """Parse the value of a ``range: MIN..MAX`` flag as gettext does.

    Like gettext, anything after MAX's digits is ignored and an empty range
    (MIN > MAX) is rejected.
    """
    low_digits = _skip(token, 0, "0123456789")
    if low_digits == 0 or not token.startswith("..", low_digits):
        return None
    high_digits = _skip(token, low_digits + 2, "0123456789")
    if high_digits == low_digits + 2:
        return None
    low = min(int(token[:low_digits]), _INT_MAX)
    high = min(int(token[low_digits + 2 : high_digits]), _INT_MAX)
    return f"{low}..{high}" if low <= high else None


# --------------------------------------------------------------------------
# Strings: escaping and wrapping (write-po.c ``wrap()``)
# --------------------------------------------------------------------------

_ESCAPES = {
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


def _split_portions(value: str) -> list[str]:
    """Split after each newline; gettext wraps every portion separately."""
    if not value:
        return [""]
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    return [*portions, parts[-1]] if parts[-1] else portions


def _escape_portion(portion: str, protected: Sequence[bool]) -> tuple[str, list[int]]:
    """Escape a portion and compute the break overrides for each output char.

    The second character of an escape sequence can never start a line, nor
    can any character inside a format directive (``protected``), and a
    trailing ``\\n`` always stays on the line of the text before it.
    """
    chars: list[str] = []
    overrides: list[int] = []
    for char, is_protected in zip(portion, protected, strict=True):
        override = _PROHIBITED if is_protected else _UNDEFINED
        escape = _ESCAPES.get(char)
        if escape is None:
            chars.append(char)
            overrides.append(override)
        else:
            chars += ["\\", escape]
            overrides += [override, _PROHIBITED]
    if portion.endswith("\n"):
        overrides[-2] = _PROHIBITED
    return "".join(chars), overrides


def _protected_chars(value: str, parser: FormatParser | None, is_msgstr: bool) -> list[bool]:
    """Characters of ``value`` before which gettext will not break a line."""
    marks = _Marks(len(value))
    if parser is not None:
        parser(value, is_msgstr, marks)
    return marks.protected()


@dataclasses.dataclass(frozen=True)
class _Style:
    """How the strings of one entry are written.

    ``prefix`` starts every line (``#~ ``, ``#| ``, ``#~| `` or nothing),
    ``wrap`` is False for ``no-wrap`` entries, and ``parser`` finds the
    format directives that must not be split.
    """

    prefix: str = ""
    wrap: bool = True
    parser: FormatParser | None = None


def _wrap(style: _Style, keyword: str, value: str) -> list[str]:
    """Lines for ``keyword "value"`` exactly as gettext's ``wrap()`` writes them.

    If the string spans several lines (it contains a non-final newline or
    does not fit), the first line is ``keyword ""`` and the text starts on
    the next line.
    """
    prefix = style.prefix
    # Columns left for the text on a continuation line: the prefix and both
    # quotes are not part of it.  The first line also holds ``keyword "``.
    width = (PAGE_WIDTH if style.wrap else _INT_MAX) - 1 - (len(prefix) + 1)
    if _FAST_PATH and style.parser is None and _is_simple(value):
        return _wrap_simple(prefix, keyword, value, width)
    protected = _protected_chars(value, style.parser, keyword.startswith("msgstr"))
    portions = _split_portions(value)
    lines: list[str] = []
    first_line = True
    offset = 0
    for number, portion in enumerate(portions):
        text, overrides = _escape_portion(portion, protected[offset : offset + len(portion)])
        offset += len(portion)
        start_column = len(keyword) + 1 if first_line else 0
        breaks = _width_breaks(text, width, start_column, overrides)
        more_portions = number < len(portions) - 1
        if first_line and text and (more_portions or start_column > width or _POSSIBLE in breaks):
            lines.append(f'{prefix}{keyword} ""')
            first_line = False
            breaks = _width_breaks(text, width, 0, overrides)
        line = f"{prefix}{keyword} " if first_line else prefix
        first_line = False
        lines.extend(_render_pieces(line, prefix, text, breaks))
    return lines


def _render_pieces(head: str, prefix: str, text: str, breaks: Sequence[int]) -> list[str]:
    """Quote ``text``, starting a new line wherever a break was chosen."""
    lines: list[str] = []
    start = 0
    for index in range(len(text)):
        if breaks[index] == _POSSIBLE:
            lines.append(f'{head}"{text[start:index]}"')
            head, start = prefix, index
    lines.append(f'{head}"{text[start:]}"')
    return lines


# --------------------------------------------------------------------------
# Fast path for simple text
# --------------------------------------------------------------------------
#
# The functions above handle every character in Python, which made them the
# bulk of the time spent writing a catalog.  Almost all of our strings are
# "simple", though: every character is one column wide and has a line
# breaking class that ``_possible_breaks`` only ever looks up in the pair
# table.  For such text, each line of the output can be found with one
# precompiled regex match instead of a loop over its characters.  Anything
# else (other characters, format directives) takes the general path above;
# the tests check that both paths agree.

#: Use the fast path where it applies.  Only the tests turn it off, to
#: compare it with the general path.
_FAST_PATH = True

#: Classes that ``_possible_breaks`` resolves with nothing but
#: ``pair_table[last_prop][prop]`` and ``seen_space``: all that index the
#: pair table except Hebrew letters (the HL + hyphen rule), regional
#: indicators (counted in pairs), ZWJ (no break after it) and the Hangul
#: classes (wide or zero-width anyway).  The classes from BK on (mandatory
#: breaks, combining marks, ZW, SP) have rules of their own; the one SP
#: character, U+0020, is handled explicitly.
_TABLE_CLASSES = frozenset(range(_BK)) - {
    _CLS[name] for name in ("HL", "RI", "ZWJ", "H2", "H3", "JL", "JV", "JT")
}
#: Characters that ``_escape_portion`` replaces by a backslash sequence.
_ESCAPABLE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")


@dataclasses.dataclass(frozen=True)
class _SimpleText:
    """Precompiled regexes for simple text (built by :func:`_simple_text`).

    A simple text consists of U+0020 and of BMP characters of width 1 whose
    class is in ``_TABLE_CLASSES``.  For such a text ``_possible_breaks``
    only ever takes its ``_pair_break`` branch, and none of the special
    cases there apply (no BK, ZW, RI, HL + hyphen or ZWJ is involved).  So
    there is a break opportunity before a non-space character of class
    ``C`` exactly when a non-space character precedes it, the last one has
    class ``L``, and ``pair_table[L][C]`` is "D", or it is "I" and there are
    spaces between them.  There is never one before a space.

    Both break regexes are a prefix followed by a regex for exactly that,
    which matches from such an ``L`` character over the spaces, if any, to
    the opportunity (a lookahead checks ``C``).  Every opportunity has one
    such match, and one that starts further on ends further on (it starts
    at or after the end of the other).  So ``last_break``, whose prefix is
    greedy, ends at the last opportunity after the start of the match and
    before ``endpos``, and ``next_break``, whose prefix is lazy, at the
    first one after the start of the match.  A break always comes before a
    non-space character, so the opportunities after it only depend on the
    text from there on.

    The character sets in these two regexes only need to be right for
    simple text, so the big ones are written as the complement of a small
    one, which compiles faster.  ``not_simple`` is exact: it finds the
    characters that are neither simple nor escapable (in ``_ESCAPES``; they
    become simple characters when escaped).

    All three may be built for ASCII and some more characters only (see
    :func:`_covering`): then ``not_simple`` also finds every character
    outside those, and the break regexes are right for simple text made of
    them.
    """

    not_simple: re.Pattern[str]
    last_break: re.Pattern[str]
    next_break: re.Pattern[str]


@dataclasses.dataclass
class _Coverage:
    """The characters beyond ASCII that the fast path's regexes take in, in
    this process (None: every BMP character), and how often they were built."""

    chars: frozenset[int] | None = frozenset()
    builds: int = 0


_COVERAGE = _Coverage()
#: Past this many characters beyond ASCII, or this many builds, the regexes
#: are built for the whole BMP.
_MAX_COVERAGE = 256
_MAX_BUILDS = 16


def _covering(text: str) -> tuple[_SimpleText, bool]:
    """The fast path's regexes for ``text``, and whether it is simple (once escaped).

    Built for the whole BMP, the regexes take 20 to 50 ms to compile, longer
    than extracting a page, and a command run for one file (by an editor or
    a pre-commit hook) paid that every time.  A process meets few characters
    beyond ASCII (in English, typographic quotes and dashes; a language's
    letters), and regexes for those compile in a millisecond or two.  So
    they are built for the characters met so far: when ``not_simple`` finds
    one outside them, the text's characters are added and the regexes are
    built again (whether a text is simple does not depend on them).
    """
    coverage = _COVERAGE
    while True:
        regexes = _simple_text(coverage.chars)
        found = regexes.not_simple.search(text)
        if found is None:
            return regexes, True
        char = found.group()
        if coverage.chars is None or ord(char) in coverage.chars or not _simple_char(char):
            return regexes, False
        grown = coverage.chars | {ord(char) for char in set(text) if char >= "\x80"}
        coverage.builds += 1
        too_many = len(grown) > _MAX_COVERAGE or coverage.builds >= _MAX_BUILDS
        coverage.chars = None if too_many else grown


def _simple_char(char: str) -> bool:
    """Whether ``char`` is one of :func:`_simple_members` (ASCII controls are not)."""
    code = ord(char)
    return (
        code < 0x10000
        and not 0xD800 <= code <= 0xDFFF
        and _column_width(char) == 1
        and _line_break_class(char) in _TABLE_CLASSES
    )


@functools.cache
def _simple_text(coverage: frozenset[int] | None = None) -> _SimpleText:
    """Build the regexes of :class:`_SimpleText` from the tables, for ASCII
    and the characters of ``coverage`` (None: the whole BMP)."""
    members = _simple_members(coverage)
    members[_SP] = [(0x20, 0x20)]
    pair_table = _tables()[4]
    classes = sorted(members)
    size = {cls: sum(last - first + 1 for first, last in runs) for cls, runs in members.items()}

    def chars(of_classes: Iterable[int]) -> str:
        """A character set for the simple characters of some classes."""
        inside = set(of_classes)
        outside = set(classes) - inside
        # In simple text, a set and its complement match the same
        # characters; the smaller one compiles faster.
        if sum(size[cls] for cls in inside) <= sum(size[cls] for cls in outside):
            return "[" + _char_ranges(run for cls in inside for run in members[cls]) + "]"
        return "[^" + _char_ranges(run for cls in outside for run in members[cls]) + "]"

    # One branch per distinct row of the pair table: a class before the
    # opportunity, then either spaces and a class allowed after spaces
    # ("D" or "I"), or directly a class allowed after it ("D").  The
    # branch of the letters comes first, as the most frequent.
    non_space = [cls for cls in classes if cls != _SP]
    rows: dict[tuple[str, ...], list[int]] = {}
    for left in non_space:
        rows.setdefault(tuple(pair_table[left][right] for right in non_space), []).append(left)
    branches = []
    for rules, lefts in sorted(rows.items(), key=lambda row: -sum(size[cls] for cls in row[1])):
        after_spaces = [right for right, rule in zip(non_space, rules, strict=True) if rule in "DI"]
        direct = [right for right, rule in zip(non_space, rules, strict=True) if rule == "D"]
        ways = [f" +(?={chars(after_spaces)})"] if after_spaces else []
        ways += [f"(?={chars(direct)})"] if direct else []
        if ways:
            branches.append(f"{chars(lefts)}(?:{'|'.join(ways)})")
    opportunity = "(?:" + "|".join(branches) + ")"

    simple = (run for cls in classes for run in members[cls])
    escapable = ((ord(char), ord(char)) for char in _ESCAPES)
    return _SimpleText(
        not_simple=re.compile("[^" + _char_ranges([*simple, *escapable]) + "]"),
        last_break=re.compile("(?s:.*)" + opportunity),
        next_break=re.compile("(?s:.*?)" + opportunity),
    )


def _simple_members(coverage: frozenset[int] | None = None) -> dict[int, list[tuple[int, int]]]:
    """The BMP characters of width 1 in each of the ``_TABLE_CLASSES``.

    Returns inclusive code point ranges per class, computed from the run
    tables: between two consecutive run starts of either table, class and
    width are constant.  Surrogates and Hangul syllables (whose class
    ``_line_break_class`` computes) are left out; non-BMP characters too,
    since they are rare and would make the regex character sets slow.
    With ``coverage``, only ASCII and those characters.
    """
    lb_starts, lb_values, w_starts, w_values, _ = _tables()
    excluded = ((0xD800, 0xDFFF), (_HANGUL_FIRST, _HANGUL_LAST))
    bounds = {0x10000, *(first for first, _ in excluded), *(last + 1 for _, last in excluded)}
    codes: set[int] = set()
    if coverage is None:
        bounds.update(start for start in lb_starts + w_starts if start < 0x10000)
    else:  # each character a range of its own (merged below when they touch)
        codes = {*range(0x80), *(code for code in coverage if code < 0x10000)}
        bounds = {*codes, *(code + 1 for code in codes)}
    members: dict[int, list[tuple[int, int]]] = {}
    for first, end in pairwise(sorted(bounds)):
        if coverage is not None and first not in codes:
            continue
        if any(low <= first <= high for low, high in excluded):
            continue
        cls = lb_values[bisect.bisect_right(lb_starts, first) - 1]
        width = w_values[bisect.bisect_right(w_starts, first) - 1]
        if width != 1 or cls not in _TABLE_CLASSES:
            continue
        runs = members.setdefault(cls, [])
        if runs and runs[-1][1] == first - 1:
            runs[-1] = (runs[-1][0], end - 1)
        else:
            runs.append((first, end - 1))
    return members


def _char_ranges(runs: Iterable[tuple[int, int]]) -> str:
    """The inside of a regex character set for inclusive code point ranges.

    The characters are written as themselves, not as ``\\U`` escapes, which
    would take the regex parser much longer.
    """
    return "".join(
        re.escape(chr(first)) + ("" if first == last else "-" + re.escape(chr(last)))
        for first, last in sorted(runs)
    )


def _is_simple(value: str) -> bool:
    """Whether ``value`` is simple text once escaped (see :class:`_SimpleText`)."""
    return _covering(value)[1]


def _wrap_simple(prefix: str, keyword: str, value: str, width: int) -> list[str]:
    """:func:`_wrap` for a simple ``value`` of an entry without format flags.

    The same steps, with :func:`_escape_simple` and :func:`_simple_breaks`
    standing in for their general versions (without a format parser no
    character is protected).  ``_wrap`` breaks the first portion twice:
    from the column after ``keyword "``, only to see whether there is any
    break (then the text starts on the next line instead), and from column
    0.  There is a break at all exactly when the first line has an end
    (:func:`_line_end`), so that is all the first round needs; and text
    that stays after ``keyword "`` has no break.
    """
    portions = _split_portions(value)
    lines: list[str] = []
    first_line = True
    for number, portion in enumerate(portions):
        text, blocked = _escape_simple(portion)
        if first_line and text:
            column = len(keyword) + 1
            more_portions = number < len(portions) - 1
            if (
                more_portions
                or column > width
                or _line_end(text, blocked, 0, width - column) is not None
            ):
                lines.append(f'{prefix}{keyword} ""')
                first_line = False
        if first_line:
            lines.append(f'{prefix}{keyword} "{text}"')
            first_line = False
            continue
        breaks = _simple_breaks(text, blocked, width, 0)
        lines.extend(
            f'{prefix}"{text[start:end]}"' for start, end in pairwise([0, *breaks, len(text)])
        )
    return lines


def _escape_simple(portion: str) -> tuple[str, set[int]]:
    """:func:`_escape_portion` for text without protected characters.

    Returns the escaped text and the positions whose override is
    ``_PROHIBITED``: the second character of each escape sequence and, if
    the portion ends with a newline, the backslash of its ``\\n``.  All
    other overrides are ``_UNDEFINED``.
    """
    if _ESCAPABLE.search(portion) is None:
        return portion, set()
    pieces: list[str] = []
    blocked: set[int] = set()
    done = 0
    for shift, match in enumerate(_ESCAPABLE.finditer(portion)):
        # Each earlier escape has added one character to the output.
        index = match.start()
        blocked.add(index + shift + 1)
        pieces += (portion[done:index], "\\", _ESCAPES[portion[index]])
        done = index + 1
    text = "".join(pieces) + portion[done:]
    if portion.endswith("\n"):
        blocked.add(len(text) - 2)
    return text, blocked


def _simple_breaks(text: str, blocked: set[int], width: int, column: int) -> list[int]:
    """The breaks ``_width_breaks`` chooses in a simple, escaped ``text``.

    ``column`` is where the text starts; each line after a break starts in
    column 0.
    """
    breaks: list[int] = []
    start = 0
    limit = width - column
    while (end := _line_end(text, blocked, start, limit)) is not None:
        breaks.append(end)
        start, limit = end, end + width
    return breaks


def _line_end(text: str, blocked: set[int], start: int, limit: int) -> int | None:
    """Where ``_width_breaks`` ends the line that starts at ``start``.

    ``limit`` is the last position the line may extend to without going
    beyond the page width (every character of simple text is one column
    wide).  ``_width_breaks`` takes an opportunity when the text up to the
    next one, or up to the end, would extend beyond that, measuring from
    the last break taken.  So if the rest of the text fits, there is no
    further break (None); otherwise the line ends at the last opportunity
    after ``start`` and up to ``limit``, or, if there is none, at the first
    one after ``start`` (a word longer than the line is not split, the
    break comes after it).  Without any opportunity there is no break
    either.  The opportunities are those of :class:`_SimpleText` except the
    ``blocked`` positions.
    """
    if len(text) <= limit:
        return None
    regexes = _covering(text)[0]
    # endpos hides the text from ``end`` on, so a match ends before it.
    end = max(limit + 1, start)
    while (match := regexes.last_break.match(text, start, end)) and match.end() in blocked:
        end = match.end()
    if match is None:
        end = start
        while (match := regexes.next_break.match(text, end)) and match.end() in blocked:
            end = match.end()
    return None if match is None else match.end()


# --------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------


def _comment_lines(marker: str, text: str) -> list[str]:
    """One ``#``-comment line per line of ``text``; no trailing space if empty."""
    if not text:
        return []
    return [_guard_backslash(f"{marker} {line}") if line else marker for line in text.split("\n")]


def _guard_backslash(line: str) -> str:
    """Keep gettext from joining a line that ends with a backslash to the next.

    gettext's reader treats backslash-newline as a line continuation
    everywhere, even in comments.  A trailing space avoids that; msgcat then
    keeps the space, and polib strips it again when reading.
    """
    return line + " " if line.endswith("\\") else line


def _reference_lines(occurrences: Iterable[tuple[str, str]]) -> list[str]:
    """``#:`` lines, filled up to the page width like msgcat does.

    msgcat strips leading ``./`` and drops references that are then equal
    (or empty); the line length is measured in bytes, not columns.
    """
    seen: set[str] = set()
    lines: list[str] = []
    line, column = "#:", 2
    for path, lineno in occurrences:
        reference = _reference(path, str(lineno or ""))
        if not reference or reference in seen:
            continue
        seen.add(reference)
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += size
    if column > 2:
        lines.append(line)
    return lines


def _reference(path: str, lineno: str) -> str:
    """``path:line`` as gettext prints it (``./`` stripped, no leading zeros)."""
    while path.startswith("./"):
        path = path[2:]
    if lineno.isascii() and lineno.isdigit():
        return f"{path}:{int(lineno)}"
    return f"{path}:{lineno}" if lineno else path


# --------------------------------------------------------------------------
# Entries
# --------------------------------------------------------------------------


def _msgstrs(entry: polib.POEntry) -> list[tuple[str, str]]:
    """``(keyword, text)`` pairs of an entry's translations."""
    if entry.msgid_plural:
        plurals = entry.msgstr_plural or {0: ""}
        return [(f"msgstr[{index}]", plurals[index]) for index in sorted(plurals)]
    return [("msgstr", entry.msgstr)]


def _entry_lines(entry: polib.POEntry) -> list[str]:
    """An active entry, laid out like ``message_print`` in write-po.c."""
    flags = _Flags(entry.flags)
    msgstrs = _msgstrs(entry)
    translated = msgstrs[0][1] != ""
    lines = _comment_lines("#", entry.tcomment)
    lines += _comment_lines("#.", entry.comment)
    lines += _reference_lines(entry.occurrences)
    rendered_flags = flags.render(fuzzy=flags.fuzzy and translated)
    if rendered_flags:
        lines.append(_guard_backslash("#, " + ", ".join(rendered_flags)))
    style = _Style(wrap=flags.wrap, parser=flags.format_parser())
    lines += _previous_lines(_Style("#| ", style.wrap, style.parser), entry)
    lines += _message_lines(style, entry, msgstrs)
    return lines


def _obsolete_entry_lines(entry: polib.POEntry) -> list[str]:
    """An obsolete entry, laid out like ``message_print_obsolete``.

    msgcat writes only the fuzzy flag for obsolete entries, so when it reads
    our output back the entry has neither ``no-wrap`` nor format flags: we
    therefore wrap with the defaults.
    """
    msgstrs = _msgstrs(entry)
    if msgstrs[0][1] == "":
        return []
    lines = _comment_lines("#", entry.tcomment)
    lines += _comment_lines("#.", entry.comment)
    lines += _reference_lines(entry.occurrences)
    flags = _Flags(entry.flags)
    rendered_flags = (["fuzzy"] if flags.fuzzy else []) + flags.extra
    if rendered_flags:
        lines.append(_guard_backslash("#, " + ", ".join(rendered_flags)))
    lines += _previous_lines(_Style(prefix="#~| "), entry)
    lines += _message_lines(_Style(prefix="#~ "), entry, msgstrs)
    return lines


_PREVIOUS = ("msgctxt", "msgid", "msgid_plural")


def _previous_lines(style: _Style, entry: polib.POEntry) -> list[str]:
    """``#|`` lines with the previous msgctxt / msgid / msgid_plural."""
    lines: list[str] = []
    for keyword in _PREVIOUS:
        value = getattr(entry, f"previous_{keyword}", None)
        if value is not None:
            lines += _wrap(style, keyword, value)
    return lines


def _message_lines(
    style: _Style, entry: polib.POEntry, msgstrs: list[tuple[str, str]]
) -> list[str]:
    """msgctxt, msgid, msgid_plural and the translations."""
    lines: list[str] = []
    if entry.msgctxt is not None:
        lines += _wrap(style, "msgctxt", entry.msgctxt)
    lines += _wrap(style, "msgid", entry.msgid)
    if entry.msgid_plural:
        lines += _wrap(style, "msgid_plural", entry.msgid_plural)
    for keyword, text in msgstrs:
        lines += _wrap(style, keyword, text)
    return lines


def _header_entry(po: polib.POFile) -> polib.POEntry | None:
    """The header as a regular entry, or None when the catalog has none.

    The metadata is written in the dict's order, so a parsed file keeps its
    header order.  polib stores the header's flags in ``metadata_is_fuzzy``
    (a list when parsed, a boolean when set by hand).
    """
    raw_flags = po.metadata_is_fuzzy
    if isinstance(raw_flags, (list, tuple)):
        flags = list(raw_flags)
    else:
        flags = ["fuzzy"] if raw_flags else []
    if not po.metadata and not po.header and not flags:
        return None
    msgstr = "".join(f"{key}: {value}\n" for key, value in po.metadata.items())
    return polib.POEntry(msgid="", msgstr=msgstr, tcomment=po.header or "", flags=flags)


# What gettext cannot store in a string: it keeps strings NUL-terminated (msgfmt silently
# cuts a translation at its first NUL, msgcat drops the rest) and separates msgctxt from
# msgid with EOT (msgfmt and msgcat refuse it: "context separator <EOT> within string").
_UNSTORABLE = {"\x00": "NUL (U+0000)", "\x04": "EOT (U+0004)"}


def unstorable_character(entry: polib.POEntry) -> str | None:
    """A message naming the first character of ``entry`` gettext cannot store, or None."""
    strings = [entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr]
    strings += list((entry.msgstr_plural or {}).values())
    strings += [getattr(entry, f"previous_{name}", None) for name in _PREVIOUS]
    for string in strings:
        if not string:
            continue
        for character, name in _UNSTORABLE.items():
            if character in string:
                return (
                    f"{name} in a message: gettext cannot store it (msgfmt cuts the text"
                    " there or refuses the file); remove it"
                )
    return None


def _check_entries(entries: Iterable[polib.POEntry]) -> None:
    """Reject what gettext cannot read, rather than write a broken file.

    msgcat refuses two entries for the same message, NUL and EOT (its
    context separator) inside strings, and a previous msgctxt or
    msgid_plural without a previous msgid.
    """
    seen: set[tuple[str | None, str]] = set()
    for entry in entries:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            raise ValueError(f"duplicate message definition: {entry.msgid!r}")
        seen.add(key)
        if unstorable_character(entry) is not None:
            raise ValueError(f"NUL or EOT character in message {entry.msgid!r}")
        if getattr(entry, "previous_msgid", None) is None and (
            getattr(entry, "previous_msgctxt", None) is not None
            or getattr(entry, "previous_msgid_plural", None) is not None
        ):
            raise ValueError(f"previous msgctxt/msgid_plural without previous msgid: {key!r}")


def dumps(po: polib.POFile) -> str:
    """Serialize ``po`` to text identical to ``msgcat``'s output for it.

    The header comes first, then the active entries in catalog order, then
    the obsolete entries; entries are separated by one blank line and the
    text ends with a newline.  Non-ASCII text needs ``charset=UTF-8`` in the
    header's Content-Type, as msgcat requires.

    Raises:
        ValueError: for a catalog msgcat would reject: two entries with the
            same msgctxt and msgid, a NUL or EOT character in a string, or a
            previous msgctxt/msgid_plural without a previous msgid.
    """
    active = [entry for entry in po if not entry.obsolete]
    obsolete = [entry for entry in po if entry.obsolete]
    header = _header_entry(po)
    blocks = [_entry_lines(header)] if header is not None else []
    blocks += [_entry_lines(entry) for entry in active]
    obsolete_blocks = [_obsolete_entry_lines(entry) for entry in obsolete]
    blocks += [block for block in obsolete_blocks if block]
    written = active + [e for e, b in zip(obsolete, obsolete_blocks, strict=True) if b]
    _check_entries(([header] if header is not None else []) + written)
    return "".join("\n".join(block) + "\n" for block in _join_blocks(blocks))


def _join_blocks(blocks: list[list[str]]) -> Iterator[list[str]]:
    """Insert the blank line msgcat puts between two entries."""
    for index, block in enumerate(blocks):
        yield ["", *block] if index else block


# --------------------------------------------------------------------------
# Unicode tables, extracted from libunistring 1.0 (Unicode 14.0.0)
# --------------------------------------------------------------------------

#: Line breaking class runs: ``START:CLASS`` means code points from START (hex)
#: up to the next run's start have CLASS.  AI, SA and XX are stored as AL and CB
#: as ID1 (libunistring's resolution for UTF-8); AC00..D7A3 is computed.
_LINE_BREAK_RUNS = (
    "0:CM 9:BA A:LF B:BK D:CR E:CM 20:SP 21:EX 22:QU 23:AL 24:PR 25:PO 26:AL 27:QU 28:OP1 "
    "29:CP1 2A:AL 2B:PR 2C:IS 2D:HY 2E:IS 2F:SY 30:NU 3A:IS 3C:AL 3F:EX 40:AL 5B:OP1 5C:PR "
    "5D:CP1 5E:AL 7B:OP1 7C:BA 7D:CL 7E:AL 7F:CM 85:BK 86:CM A0:GL A1:OP1 A2:PO A3:PR A6:AL "
    "AB:QU AC:AL AD:BA AE:AL B0:PO B1:PR B2:AL B4:BB B5:AL BB:QU BC:AL BF:OP1 C0:AL 2C8:BB "
    "2C9:AL 2CC:BB 2CD:AL 2DF:BB 2E0:AL 300:CM 34F:GL 350:CM 35C:GL 363:CM 370:AL 37E:IS "
    "37F:AL 483:CM 48A:AL 589:IS 58A:BA 58B:AL 58F:PR 590:AL 591:CM 5BE:BA 5BF:CM 5C0:AL "
    "5C1:CM 5C3:AL 5C4:CM 5C6:EX 5C7:CM 5C8:AL 5D0:HL 5EB:AL 5EF:HL 5F3:AL 609:PO 60C:IS "
    "60E:AL 610:CM 61B:EX 61C:CM 61D:EX 620:AL 64B:CM 660:NU 66A:PO 66B:NU 66D:AL 670:CM "
    "671:AL 6D4:EX 6D5:AL 6D6:CM 6DD:AL 6DF:CM 6E5:AL 6E7:CM 6E9:AL 6EA:CM 6EE:AL 6F0:NU "
    "6FA:AL 711:CM 712:AL 730:CM 74B:AL 7A6:CM 7B1:AL 7C0:NU 7CA:AL 7EB:CM 7F4:AL 7F8:IS "
    "7F9:EX 7FA:AL 7FD:CM 7FE:PR 800:AL 816:CM 81A:AL 81B:CM 824:AL 825:CM 828:AL 829:CM "
    "82E:AL 859:CM 85C:AL 898:CM 8A0:AL 8CA:CM 8E2:AL 8E3:CM 904:AL 93A:CM 93D:AL 93E:CM "
    "950:AL 951:CM 958:AL 962:CM 964:BA 966:NU 970:AL 981:CM 984:AL 9BC:CM 9BD:AL 9BE:CM "
    "9C5:AL 9C7:CM 9C9:AL 9CB:CM 9CE:AL 9D7:CM 9D8:AL 9E2:CM 9E4:AL 9E6:NU 9F0:AL 9F2:PO "
    "9F4:AL 9F9:PO 9FA:AL 9FB:PR 9FC:AL 9FE:CM 9FF:AL A01:CM A04:AL A3C:CM A3D:AL A3E:CM "
    "A43:AL A47:CM A49:AL A4B:CM A4E:AL A51:CM A52:AL A66:NU A70:CM A72:AL A75:CM A76:AL "
    "A81:CM A84:AL ABC:CM ABD:AL ABE:CM AC6:AL AC7:CM ACA:AL ACB:CM ACE:AL AE2:CM AE4:AL "
    "AE6:NU AF0:AL AF1:PR AF2:AL AFA:CM B00:AL B01:CM B04:AL B3C:CM B3D:AL B3E:CM B45:AL "
    "B47:CM B49:AL B4B:CM B4E:AL B55:CM B58:AL B62:CM B64:AL B66:NU B70:AL B82:CM B83:AL "
    "BBE:CM BC3:AL BC6:CM BC9:AL BCA:CM BCE:AL BD7:CM BD8:AL BE6:NU BF0:AL BF9:PR BFA:AL "
    "C00:CM C05:AL C3C:CM C3D:AL C3E:CM C45:AL C46:CM C49:AL C4A:CM C4E:AL C55:CM C57:AL "
    "C62:CM C64:AL C66:NU C70:AL C77:BB C78:AL C81:CM C84:BB C85:AL CBC:CM CBD:AL CBE:CM "
    "CC5:AL CC6:CM CC9:AL CCA:CM CCE:AL CD5:CM CD7:AL CE2:CM CE4:AL CE6:NU CF0:AL D00:CM "
    "D04:AL D3B:CM D3D:AL D3E:CM D45:AL D46:CM D49:AL D4A:CM D4E:AL D57:CM D58:AL D62:CM "
    "D64:AL D66:NU D70:AL D79:PO D7A:AL D81:CM D84:AL DCA:CM DCB:AL DCF:CM DD5:AL DD6:CM "
    "DD7:AL DD8:CM DE0:AL DE6:NU DF0:AL DF2:CM DF4:AL E3F:PR E40:AL E50:NU E5A:BA E5C:AL "
    "ED0:NU EDA:AL F01:BB F05:AL F06:BB F08:GL F09:BB F0B:BA F0C:GL F0D:EX F12:GL F13:AL "
    "F14:EX F15:AL F18:CM F1A:AL F20:NU F2A:AL F34:BA F35:CM F36:AL F37:CM F38:AL F39:CM "
    "F3A:OP1 F3B:CL F3C:OP1 F3D:CL F3E:CM F40:AL F71:CM F7F:BA F80:CM F85:BA F86:CM F88:AL "
    "F8D:CM F98:AL F99:CM FBD:AL FBE:BA FC0:AL FC6:CM FC7:AL FD0:BB FD2:BA FD3:BB FD4:AL "
    "FD9:GL FDB:AL 1040:NU 104A:BA 104C:AL 1090:NU 109A:AL 1100:JL 1160:JV 11A8:JT 1200:AL "
    "135D:CM 1360:AL 1361:BA 1362:AL 1400:BA 1401:AL 1680:BA 1681:AL 169B:OP1 169C:CL "
    "169D:AL 16EB:BA 16EE:AL 1712:CM 1716:AL 1732:CM 1735:BA 1737:AL 1752:CM 1754:AL 1772:CM "
    "1774:AL 17D4:BA 17D6:NS 17D7:AL 17D8:BA 17D9:AL 17DA:BA 17DB:PR 17DC:AL 17E0:NU 17EA:AL "
    "1802:EX 1804:BA 1806:BB 1807:AL 1808:EX 180A:AL 180B:CM 180E:GL 180F:CM 1810:NU 181A:AL "
    "1885:CM 1887:AL 18A9:CM 18AA:AL 1920:CM 192C:AL 1930:CM 193C:AL 1944:EX 1946:NU 1950:AL "
    "19D0:NU 19DA:AL 1A17:CM 1A1C:AL 1A7F:CM 1A80:NU 1A8A:AL 1A90:NU 1A9A:AL 1AB0:CM 1ACF:AL "
    "1B00:CM 1B05:AL 1B34:CM 1B45:AL 1B50:NU 1B5A:BA 1B5C:AL 1B5D:BA 1B61:AL 1B6B:CM 1B74:AL "
    "1B7D:BA 1B7F:AL 1B80:CM 1B83:AL 1BA1:CM 1BAE:AL 1BB0:NU 1BBA:AL 1BE6:CM 1BF4:AL 1C24:CM "
    "1C38:AL 1C3B:BA 1C40:NU 1C4A:AL 1C50:NU 1C5A:AL 1C7E:BA 1C80:AL 1CD0:CM 1CD3:AL 1CD4:CM "
    "1CE9:AL 1CED:CM 1CEE:AL 1CF4:CM 1CF5:AL 1CF7:CM 1CFA:AL 1DC0:CM 1E00:AL 1FFD:BB 1FFE:AL "
    "2000:BA 2007:GL 2008:BA 200B:ZW 200C:CM 200D:ZWJ 200E:CM 2010:BA 2011:GL 2012:BA "
    "2014:B2 2015:AL 2018:QU 201A:OP1 201B:QU 201E:OP1 201F:QU 2020:AL 2024:IN 2027:BA "
    "2028:BK 202A:CM 202F:GL 2030:PO 2038:AL 2039:QU 203B:AL 203C:NS 203E:AL 2044:IS "
    "2045:OP1 2046:CL 2047:NS 204A:AL 2056:BA 2057:AL 2058:BA 205C:AL 205D:BA 2060:WJ "
    "2061:AL 2066:CM 2070:AL 207D:OP1 207E:CL 207F:AL 208D:OP1 208E:CL 208F:AL 20A0:PR "
    "20A7:PO 20A8:PR 20B6:PO 20B7:PR 20BB:PO 20BC:PR 20BE:PO 20BF:PR 20C0:PO 20C1:PR 20D0:CM "
    "20F1:AL 2103:PO 2104:AL 2109:PO 210A:AL 2116:PR 2117:AL 2212:PR 2214:AL 22EF:IN 22F0:AL "
    "2308:OP1 2309:CL 230A:OP1 230B:CL 230C:AL 231A:ID1 231C:AL 2329:OP2 232A:CL 232B:AL "
    "23F0:ID1 23F4:AL 2600:ID1 2604:AL 2614:ID1 2616:AL 2618:ID1 2619:AL 261A:ID1 261D:EB "
    "261E:ID1 2620:AL 2639:ID1 263C:AL 2668:ID1 2669:AL 267F:ID1 2680:AL 26BD:ID1 26C9:AL "
    "26CD:ID1 26CE:AL 26CF:ID1 26D2:AL 26D3:ID1 26D5:AL 26D8:ID1 26DA:AL 26DC:ID1 26DD:AL "
    "26DF:ID1 26E2:AL 26EA:ID1 26EB:AL 26F1:ID1 26F6:AL 26F7:ID1 26F9:EB 26FA:ID1 26FB:AL "
    "26FD:ID1 2705:AL 2708:ID1 270A:EB 270E:AL 275B:QU 2761:AL 2762:EX 2764:ID1 2765:AL "
    "2768:OP1 2769:CL 276A:OP1 276B:CL 276C:OP1 276D:CL 276E:OP1 276F:CL 2770:OP1 2771:CL "
    "2772:OP1 2773:CL 2774:OP1 2775:CL 2776:AL 27C5:OP1 27C6:CL 27C7:AL 27E6:OP1 27E7:CL "
    "27E8:OP1 27E9:CL 27EA:OP1 27EB:CL 27EC:OP1 27ED:CL 27EE:OP1 27EF:CL 27F0:AL 2983:OP1 "
    "2984:CL 2985:OP1 2986:CL 2987:OP1 2988:CL 2989:OP1 298A:CL 298B:OP1 298C:CL 298D:OP1 "
    "298E:CL 298F:OP1 2990:CL 2991:OP1 2992:CL 2993:OP1 2994:CL 2995:OP1 2996:CL 2997:OP1 "
    "2998:CL 2999:AL 29D8:OP1 29D9:CL 29DA:OP1 29DB:CL 29DC:AL 29FC:OP1 29FD:CL 29FE:AL "
    "2CEF:CM 2CF2:AL 2CF9:EX 2CFA:BA 2CFD:AL 2CFE:EX 2CFF:BA 2D00:AL 2D70:BA 2D71:AL 2D7F:CM "
    "2D80:AL 2DE0:CM 2E00:QU 2E0E:BA 2E16:AL 2E17:BA 2E18:OP1 2E19:BA 2E1A:AL 2E1C:QU "
    "2E1E:AL 2E20:QU 2E22:OP1 2E23:CL 2E24:OP1 2E25:CL 2E26:OP1 2E27:CL 2E28:OP1 2E29:CL "
    "2E2A:BA 2E2E:EX 2E2F:AL 2E30:BA 2E32:AL 2E33:BA 2E35:AL 2E3A:B2 2E3C:BA 2E3F:AL 2E40:BA "
    "2E42:OP1 2E43:BA 2E4B:AL 2E4C:BA 2E4D:AL 2E4E:BA 2E50:AL 2E53:EX 2E55:OP1 2E56:CL "
    "2E57:OP1 2E58:CL 2E59:OP1 2E5A:CL 2E5B:OP1 2E5C:CL 2E5D:BA 2E5E:AL 2E80:ID1 2E9A:AL "
    "2E9B:ID1 2EF4:AL 2F00:ID1 2FD6:AL 2FF0:ID1 2FFC:AL 3000:BA 3001:CL 3003:ID1 3005:NS "
    "3006:ID1 3008:OP2 3009:CL 300A:OP2 300B:CL 300C:OP2 300D:CL 300E:OP2 300F:CL 3010:OP2 "
    "3011:CL 3012:ID1 3014:OP2 3015:CL 3016:OP2 3017:CL 3018:OP2 3019:CL 301A:OP2 301B:CL "
    "301C:NS 301D:OP2 301E:CL 3020:ID1 302A:CM 3030:ID1 3035:CM 3036:ID1 303B:NS 303D:ID1 "
    "3040:AL 3041:NS 3042:ID1 3043:NS 3044:ID1 3045:NS 3046:ID1 3047:NS 3048:ID1 3049:NS "
    "304A:ID1 3063:NS 3064:ID1 3083:NS 3084:ID1 3085:NS 3086:ID1 3087:NS 3088:ID1 308E:NS "
    "308F:ID1 3095:NS 3097:AL 3099:CM 309B:NS 309F:ID1 30A0:NS 30A2:ID1 30A3:NS 30A4:ID1 "
    "30A5:NS 30A6:ID1 30A7:NS 30A8:ID1 30A9:NS 30AA:ID1 30C3:NS 30C4:ID1 30E3:NS 30E4:ID1 "
    "30E5:NS 30E6:ID1 30E7:NS 30E8:ID1 30EE:NS 30EF:ID1 30F5:NS 30F7:ID1 30FB:NS 30FF:ID1 "
    "3100:AL 3105:ID1 3130:AL 3131:ID1 318F:AL 3190:ID1 31E4:AL 31F0:NS 3200:ID1 321F:AL "
    "3220:ID1 3248:AL 3250:ID1 4DC0:AL 4E00:ID1 A015:NS A016:ID1 A48D:AL A490:ID1 A4C7:AL "
    "A4FE:BA A500:AL A60D:BA A60E:EX A60F:BA A610:AL A620:NU A62A:AL A66F:CM A673:AL A674:CM "
    "A67E:AL A69E:CM A6A0:AL A6F0:CM A6F2:AL A6F3:BA A6F8:AL A802:CM A803:AL A806:CM A807:AL "
    "A80B:CM A80C:AL A823:CM A828:AL A82C:CM A82D:AL A838:PO A839:AL A874:BB A876:EX A878:AL "
    "A880:CM A882:AL A8B4:CM A8C6:AL A8CE:BA A8D0:NU A8DA:AL A8E0:CM A8F2:AL A8FC:BB A8FD:AL "
    "A8FF:CM A900:NU A90A:AL A926:CM A92E:BA A930:AL A947:CM A954:AL A960:JL A97D:AL A980:CM "
    "A984:AL A9B3:CM A9C1:AL A9C7:BA A9CA:AL A9D0:NU A9DA:AL A9F0:NU A9FA:AL AA29:CM AA37:AL "
    "AA43:CM AA44:AL AA4C:CM AA4E:AL AA50:NU AA5A:AL AA5D:BA AA60:AL AAEB:CM AAF0:BA AAF2:AL "
    "AAF5:CM AAF7:AL ABE3:CM ABEB:BA ABEC:CM ABEE:AL ABF0:NU ABFA:AL AC00:H2 D7A4:AL D7B0:JV "
    "D7C7:AL D7CB:JT D7FC:AL F900:ID1 FB00:AL FB1D:HL FB1E:CM FB1F:HL FB29:AL FB2A:HL "
    "FB37:AL FB38:HL FB3D:AL FB3E:HL FB3F:AL FB40:HL FB42:AL FB43:HL FB45:AL FB46:HL FB50:AL "
    "FD3E:CL FD3F:OP1 FD40:AL FDFC:PO FDFD:AL FE00:CM FE10:IS FE11:CL FE13:IS FE15:EX "
    "FE17:OP2 FE18:CL FE19:IN FE1A:AL FE20:CM FE30:ID1 FE35:OP2 FE36:CL FE37:OP2 FE38:CL "
    "FE39:OP2 FE3A:CL FE3B:OP2 FE3C:CL FE3D:OP2 FE3E:CL FE3F:OP2 FE40:CL FE41:OP2 FE42:CL "
    "FE43:OP2 FE44:CL FE45:ID1 FE47:OP2 FE48:CL FE49:ID1 FE50:CL FE51:ID1 FE52:CL FE53:AL "
    "FE54:NS FE56:EX FE58:ID1 FE59:OP2 FE5A:CL FE5B:OP2 FE5C:CL FE5D:OP2 FE5E:CL FE5F:ID1 "
    "FE67:AL FE68:ID1 FE69:PR FE6A:PO FE6B:ID1 FE6C:AL FEFF:WJ FF00:AL FF01:EX FF02:ID1 "
    "FF04:PR FF05:PO FF06:ID1 FF08:OP2 FF09:CL FF0A:ID1 FF0C:CL FF0D:ID1 FF0E:CL FF0F:ID1 "
    "FF1A:NS FF1C:ID1 FF1F:EX FF20:ID1 FF3B:OP2 FF3C:ID1 FF3D:CL FF3E:ID1 FF5B:OP2 FF5C:ID1 "
    "FF5D:CL FF5E:ID1 FF5F:OP2 FF60:CL FF62:OP2 FF63:CL FF65:NS FF66:ID1 FF67:NS FF71:ID1 "
    "FF9E:NS FFA0:ID1 FFBF:AL FFC2:ID1 FFC8:AL FFCA:ID1 FFD0:AL FFD2:ID1 FFD8:AL FFDA:ID1 "
    "FFDD:AL FFE0:PO FFE1:PR FFE2:ID1 FFE5:PR FFE7:AL FFF9:CM FFFC:ID1 FFFD:AL 10100:BA "
    "10103:AL 101FD:CM 101FE:AL 102E0:CM 102E1:AL 10376:CM 1037B:AL 1039F:BA 103A0:AL "
    "103D0:BA 103D1:AL 104A0:NU 104AA:AL 10857:BA 10858:AL 1091F:BA 10920:AL 10A01:CM "
    "10A04:AL 10A05:CM 10A07:AL 10A0C:CM 10A10:AL 10A38:CM 10A3B:AL 10A3F:CM 10A40:AL "
    "10A50:BA 10A58:AL 10AE5:CM 10AE7:AL 10AF0:BA 10AF6:IN 10AF7:AL 10B39:BA 10B40:AL "
    "10D24:CM 10D28:AL 10D30:NU 10D3A:AL 10EAB:CM 10EAD:BA 10EAE:AL 10F46:CM 10F51:AL "
    "10F82:CM 10F86:AL 11000:CM 11003:AL 11038:CM 11047:BA 11049:AL 11066:NU 11070:CM "
    "11071:AL 11073:CM 11075:AL 1107F:CM 11083:AL 110B0:CM 110BB:AL 110BE:BA 110C2:CM "
    "110C3:AL 110F0:NU 110FA:AL 11100:CM 11103:AL 11127:CM 11135:AL 11136:NU 11140:BA "
    "11144:AL 11145:CM 11147:AL 11173:CM 11174:AL 11175:BB 11176:AL 11180:CM 11183:AL "
    "111B3:CM 111C1:AL 111C5:BA 111C7:AL 111C8:BA 111C9:CM 111CD:AL 111CE:CM 111D0:NU "
    "111DA:AL 111DB:BB 111DC:AL 111DD:BA 111E0:AL 1122C:CM 11238:BA 1123A:AL 1123B:BA "
    "1123D:AL 1123E:CM 1123F:AL 112A9:BA 112AA:AL 112DF:CM 112EB:AL 112F0:NU 112FA:AL "
    "11300:CM 11304:AL 1133B:CM 1133D:AL 1133E:CM 11345:AL 11347:CM 11349:AL 1134B:CM "
    "1134E:AL 11357:CM 11358:AL 11362:CM 11364:AL 11366:CM 1136D:AL 11370:CM 11375:AL "
    "11435:CM 11447:AL 1144B:BA 1144F:AL 11450:NU 1145A:BA 1145C:AL 1145E:CM 1145F:AL "
    "114B0:CM 114C4:AL 114D0:NU 114DA:AL 115AF:CM 115B6:AL 115B8:CM 115C1:BB 115C2:BA "
    "115C4:EX 115C6:AL 115C9:BA 115D8:AL 115DC:CM 115DE:AL 11630:CM 11641:BA 11643:AL "
    "11650:NU 1165A:AL 11660:BB 1166D:AL 116AB:CM 116B8:AL 116C0:NU 116CA:AL 11730:NU "
    "1173A:AL 1173C:BA 1173F:AL 1182C:CM 1183B:AL 118E0:NU 118EA:AL 11930:CM 11936:AL "
    "11937:CM 11939:AL 1193B:CM 1193F:AL 11940:CM 11941:AL 11942:CM 11944:BA 11947:AL "
    "11950:NU 1195A:AL 119D1:CM 119D8:AL 119DA:CM 119E1:AL 119E2:BB 119E3:AL 119E4:CM "
    "119E5:AL 11A01:CM 11A0B:AL 11A33:CM 11A3A:AL 11A3B:CM 11A3F:BB 11A40:AL 11A41:BA "
    "11A45:BB 11A46:AL 11A47:CM 11A48:AL 11A51:CM 11A5C:AL 11A8A:CM 11A9A:BA 11A9D:AL "
    "11A9E:BB 11AA1:BA 11AA3:AL 11C2F:CM 11C37:AL 11C38:CM 11C40:AL 11C41:BA 11C46:AL "
    "11C50:NU 11C5A:AL 11C70:BB 11C71:EX 11C72:AL 11C92:CM 11CA8:AL 11CA9:CM 11CB7:AL "
    "11D31:CM 11D37:AL 11D3A:CM 11D3B:AL 11D3C:CM 11D3E:AL 11D3F:CM 11D46:AL 11D47:CM "
    "11D48:AL 11D50:NU 11D5A:AL 11D8A:CM 11D8F:AL 11D90:CM 11D92:AL 11D93:CM 11D98:AL "
    "11DA0:NU 11DAA:AL 11EF3:CM 11EF7:AL 11FDD:PO 11FE1:AL 11FFF:BA 12000:AL 12470:BA "
    "12475:AL 13258:OP1 1325B:CL 1325E:AL 13282:CL 13283:AL 13286:OP1 13287:CL 13288:OP1 "
    "13289:CL 1328A:AL 13379:OP1 1337A:CL 1337C:AL 13430:GL 13437:OP1 13438:CL 13439:AL "
    "145CE:OP1 145CF:CL 145D0:AL 16A60:NU 16A6A:AL 16A6E:BA 16A70:AL 16AC0:NU 16ACA:AL "
    "16AF0:CM 16AF5:BA 16AF6:AL 16B30:CM 16B37:BA 16B3A:AL 16B44:BA 16B45:AL 16B50:NU "
    "16B5A:AL 16E97:BA 16E99:AL 16F4F:CM 16F50:AL 16F51:CM 16F88:AL 16F8F:CM 16F93:AL "
    "16FE0:NS 16FE4:GL 16FE5:AL 16FF0:CM 16FF2:AL 17000:ID1 187F8:AL 18800:ID1 18B00:AL "
    "18D00:ID1 18D09:AL 1B000:ID1 1B123:AL 1B150:NS 1B153:AL 1B164:NS 1B168:AL 1B170:ID1 "
    "1B2FC:AL 1BC9D:CM 1BC9F:BA 1BCA0:CM 1BCA4:AL 1CF00:CM 1CF2E:AL 1CF30:CM 1CF47:AL "
    "1D165:CM 1D16A:AL 1D16D:CM 1D183:AL 1D185:CM 1D18C:AL 1D1AA:CM 1D1AE:AL 1D242:CM "
    "1D245:AL 1D7CE:NU 1D800:AL 1DA00:CM 1DA37:AL 1DA3B:CM 1DA6D:AL 1DA75:CM 1DA76:AL "
    "1DA84:CM 1DA85:AL 1DA87:BA 1DA8B:AL 1DA9B:CM 1DAA0:AL 1DAA1:CM 1DAB0:AL 1E000:CM "
    "1E007:AL 1E008:CM 1E019:AL 1E01B:CM 1E022:AL 1E023:CM 1E025:AL 1E026:CM 1E02B:AL "
    "1E130:CM 1E137:AL 1E140:NU 1E14A:AL 1E2AE:CM 1E2AF:AL 1E2EC:CM 1E2F0:NU 1E2FA:AL "
    "1E2FF:PR 1E300:AL 1E8D0:CM 1E8D7:AL 1E944:CM 1E94B:AL 1E950:NU 1E95A:AL 1E95E:OP1 "
    "1E960:AL 1ECAC:PO 1ECAD:AL 1ECB0:PO 1ECB1:AL 1F000:ID1 1F02C:ID2 1F030:ID1 1F094:ID2 "
    "1F0A0:ID1 1F0AF:ID2 1F0B1:ID1 1F0C0:ID2 1F0C1:ID1 1F0D0:ID2 1F0D1:ID1 1F0F6:ID2 "
    "1F100:AL 1F10D:ID1 1F110:AL 1F16D:ID1 1F170:AL 1F1AD:ID1 1F1AE:ID2 1F1E6:RI 1F200:ID1 "
    "1F203:ID2 1F210:ID1 1F23C:ID2 1F240:ID1 1F249:ID2 1F250:ID1 1F252:ID2 1F260:ID1 "
    "1F266:ID2 1F300:ID1 1F385:EB 1F386:ID1 1F39C:AL 1F39E:ID1 1F3B5:AL 1F3B7:ID1 1F3BC:AL "
    "1F3BD:ID1 1F3C2:EB 1F3C5:ID1 1F3C7:EB 1F3C8:ID1 1F3CA:EB 1F3CD:ID1 1F3FB:EM 1F400:ID1 "
    "1F442:EB 1F444:ID1 1F446:EB 1F451:ID1 1F466:EB 1F479:ID1 1F47C:EB 1F47D:ID1 1F481:EB "
    "1F484:ID1 1F485:EB 1F488:ID1 1F48F:EB 1F490:ID1 1F491:EB 1F492:ID1 1F4A0:AL 1F4A1:ID1 "
    "1F4A2:AL 1F4A3:ID1 1F4A4:AL 1F4A5:ID1 1F4AA:EB 1F4AB:ID1 1F4AF:AL 1F4B0:ID1 1F4B1:AL "
    "1F4B3:ID1 1F500:AL 1F507:ID1 1F517:AL 1F525:ID1 1F532:AL 1F54A:ID1 1F574:EB 1F576:ID1 "
    "1F57A:EB 1F57B:ID1 1F590:EB 1F591:ID1 1F595:EB 1F597:ID1 1F5D4:AL 1F5DC:ID1 1F5F4:AL "
    "1F5FA:ID1 1F645:EB 1F648:ID1 1F64B:EB 1F650:AL 1F676:QU 1F679:NS 1F67C:AL 1F680:ID1 "
    "1F6A3:EB 1F6A4:ID1 1F6B4:EB 1F6B7:ID1 1F6C0:EB 1F6C1:ID1 1F6CC:EB 1F6CD:ID1 1F6D8:ID2 "
    "1F6DD:ID1 1F6ED:ID2 1F6F0:ID1 1F6FD:ID2 1F700:AL 1F774:ID2 1F780:AL 1F7D5:ID1 1F7D9:ID2 "
    "1F7E0:ID1 1F7EC:ID2 1F7F0:ID1 1F7F1:ID2 1F800:AL 1F80C:ID2 1F810:AL 1F848:ID2 1F850:AL "
    "1F85A:ID2 1F860:AL 1F888:ID2 1F890:AL 1F8AE:ID2 1F8B0:ID1 1F8B2:ID2 1F900:AL 1F90C:EB "
    "1F90D:ID1 1F90F:EB 1F910:ID1 1F918:EB 1F920:ID1 1F926:EB 1F927:ID1 1F930:EB 1F93A:ID1 "
    "1F93C:EB 1F93F:ID1 1F977:EB 1F978:ID1 1F9B5:EB 1F9B7:ID1 1F9B8:EB 1F9BA:ID1 1F9BB:EB "
    "1F9BC:ID1 1F9CD:EB 1F9D0:ID1 1F9D1:EB 1F9DE:ID1 1FA00:AL 1FA54:ID2 1FA60:ID1 1FA6E:ID2 "
    "1FA70:ID1 1FA75:ID2 1FA78:ID1 1FA7D:ID2 1FA80:ID1 1FA87:ID2 1FA90:ID1 1FAAD:ID2 "
    "1FAB0:ID1 1FABB:ID2 1FAC0:ID1 1FAC3:EB 1FAC6:ID2 1FAD0:ID1 1FADA:ID2 1FAE0:ID1 "
    "1FAE8:ID2 1FAF0:EB 1FAF7:ID2 1FB00:AL 1FBF0:NU 1FBFA:AL 1FC00:ID2 1FFFE:AL 20000:ID1 "
    "2FFFE:AL 30000:ID1 3FFFE:AL E0001:CM E0002:AL E0020:CM E0080:AL E0100:CM E01F0:AL "
)

#: Column width runs (``uc_width``), same layout; control characters are 0.
_WIDTH_RUNS = (
    "0:0 20:1 7F:0 A0:1 AD:0 AE:1 300:0 370:1 483:0 48A:1 591:0 5BE:1 5BF:0 5C0:1 5C1:0 "
    "5C3:1 5C4:0 5C6:1 5C7:0 5C8:1 600:0 606:1 610:0 61B:1 61C:0 61D:1 64B:0 660:1 670:0 "
    "671:1 6D6:0 6DE:1 6DF:0 6E5:1 6E7:0 6E9:1 6EA:0 6EE:1 70F:0 710:1 711:0 712:1 730:0 "
    "74B:1 7A6:0 7B1:1 7EB:0 7F4:1 7FD:0 7FE:1 816:0 81A:1 81B:0 824:1 825:0 828:1 829:0 "
    "82E:1 859:0 85C:1 890:0 892:1 898:0 8A0:1 8CA:0 903:1 93A:0 93B:1 93C:0 93D:1 941:0 "
    "949:1 94D:0 94E:1 951:0 958:1 962:0 964:1 981:0 982:1 9BC:0 9BD:1 9C1:0 9C5:1 9CD:0 "
    "9CE:1 9E2:0 9E4:1 9FE:0 9FF:1 A01:0 A03:1 A3C:0 A3D:1 A41:0 A43:1 A47:0 A49:1 A4B:0 "
    "A4E:1 A51:0 A52:1 A70:0 A72:1 A75:0 A76:1 A81:0 A83:1 ABC:0 ABD:1 AC1:0 AC6:1 AC7:0 "
    "AC9:1 ACD:0 ACE:1 AE2:0 AE4:1 AFA:0 B00:1 B01:0 B02:1 B3C:0 B3D:1 B3F:0 B40:1 B41:0 "
    "B45:1 B4D:0 B4E:1 B55:0 B57:1 B62:0 B64:1 B82:0 B83:1 BC0:0 BC1:1 BCD:0 BCE:1 C00:0 "
    "C01:1 C04:0 C05:1 C3C:0 C3D:1 C3E:0 C41:1 C46:0 C49:1 C4A:0 C4E:1 C55:0 C57:1 C62:0 "
    "C64:1 C81:0 C82:1 CBC:0 CBD:1 CCC:0 CCE:1 CE2:0 CE4:1 D00:0 D02:1 D3B:0 D3D:1 D41:0 "
    "D45:1 D4D:0 D4E:1 D62:0 D64:1 D81:0 D82:1 DCA:0 DCB:1 DD2:0 DD5:1 DD6:0 DD7:1 E31:0 "
    "E32:1 E34:0 E3B:1 E47:0 E4F:1 EB1:0 EB2:1 EB4:0 EBD:1 EC8:0 ECE:1 F18:0 F1A:1 F35:0 "
    "F36:1 F37:0 F38:1 F39:0 F3A:1 F71:0 F7F:1 F80:0 F85:1 F86:0 F88:1 F8D:0 F98:1 F99:0 "
    "FBD:1 FC6:0 FC7:1 102D:0 1031:1 1032:0 1038:1 1039:0 103B:1 103D:0 103F:1 1058:0 105A:1 "
    "105E:0 1061:1 1071:0 1075:1 1082:0 1083:1 1085:0 1087:1 108D:0 108E:1 109D:0 109E:1 "
    "1100:2 1160:0 1200:1 135D:0 1360:1 1712:0 1715:1 1732:0 1734:1 1752:0 1754:1 1772:0 "
    "1774:1 17B4:0 17B6:1 17B7:0 17BE:1 17C6:0 17C7:1 17C9:0 17D4:1 17DD:0 17DE:1 180B:0 "
    "1810:1 1885:0 1887:1 18A9:0 18AA:1 1920:0 1923:1 1927:0 1929:1 1932:0 1933:1 1939:0 "
    "193C:1 1A17:0 1A19:1 1A1B:0 1A1C:1 1A56:0 1A57:1 1A58:0 1A5F:1 1A60:0 1A61:1 1A62:0 "
    "1A63:1 1A65:0 1A6D:1 1A73:0 1A7D:1 1A7F:0 1A80:1 1AB0:0 1ACF:1 1B00:0 1B04:1 1B34:0 "
    "1B35:1 1B36:0 1B3B:1 1B3C:0 1B3D:1 1B42:0 1B43:1 1B6B:0 1B74:1 1B80:0 1B82:1 1BA2:0 "
    "1BA6:1 1BA8:0 1BAA:1 1BAB:0 1BAE:1 1BE6:0 1BE7:1 1BE8:0 1BEA:1 1BED:0 1BEE:1 1BEF:0 "
    "1BF2:1 1C2C:0 1C34:1 1C36:0 1C38:1 1CD0:0 1CD3:1 1CD4:0 1CE1:1 1CE2:0 1CE9:1 1CED:0 "
    "1CEE:1 1CF4:0 1CF5:1 1CF8:0 1CFA:1 1DC0:0 1E00:1 200B:0 2010:1 202A:0 202F:1 2060:0 "
    "2065:1 2066:0 2070:1 20D0:0 20F1:1 231A:2 231C:1 2329:2 232B:1 23E9:2 23ED:1 23F0:2 "
    "23F1:1 23F3:2 23F4:1 25FD:2 25FF:1 2614:2 2616:1 2648:2 2654:1 267F:2 2680:1 2693:2 "
    "2694:1 26A1:2 26A2:1 26AA:2 26AC:1 26BD:2 26BF:1 26C4:2 26C6:1 26CE:2 26CF:1 26D4:2 "
    "26D5:1 26EA:2 26EB:1 26F2:2 26F4:1 26F5:2 26F6:1 26FA:2 26FB:1 26FD:2 26FE:1 2705:2 "
    "2706:1 270A:2 270C:1 2728:2 2729:1 274C:2 274D:1 274E:2 274F:1 2753:2 2756:1 2757:2 "
    "2758:1 2795:2 2798:1 27B0:2 27B1:1 27BF:2 27C0:1 2B1B:2 2B1D:1 2B50:2 2B51:1 2B55:2 "
    "2B56:1 2CEF:0 2CF2:1 2D7F:0 2D80:1 2DE0:0 2E00:1 2E80:2 302A:0 302E:2 303F:1 3040:2 "
    "3099:0 309B:2 3248:1 3250:2 4DC0:1 4E00:2 A4D0:1 A66F:0 A673:1 A674:0 A67E:1 A69E:0 "
    "A6A0:1 A6F0:0 A6F2:1 A802:0 A803:1 A806:0 A807:1 A80B:0 A80C:1 A825:0 A827:1 A82C:0 "
    "A82D:1 A8C4:0 A8C6:1 A8E0:0 A8F2:1 A8FF:0 A900:1 A926:0 A92E:1 A947:0 A952:1 A960:2 "
    "A97D:1 A980:0 A983:1 A9B3:0 A9B4:1 A9B6:0 A9BA:1 A9BC:0 A9BE:1 A9E5:0 A9E6:1 AA29:0 "
    "AA2F:1 AA31:0 AA33:1 AA35:0 AA37:1 AA43:0 AA44:1 AA4C:0 AA4D:1 AA7C:0 AA7D:1 AAB0:0 "
    "AAB1:1 AAB2:0 AAB5:1 AAB7:0 AAB9:1 AABE:0 AAC0:1 AAC1:0 AAC2:1 AAEC:0 AAEE:1 AAF6:0 "
    "AAF7:1 ABE5:0 ABE6:1 ABE8:0 ABE9:1 ABED:0 ABEE:1 AC00:2 D7A4:1 D7B0:0 D7C7:1 D7CB:0 "
    "D7FC:1 F900:2 FB00:1 FB1E:0 FB1F:1 FE00:0 FE10:2 FE20:0 FE30:2 FE70:1 FEFF:0 FF00:2 "
    "FF61:1 FFE0:2 FFE7:1 FFF9:0 FFFC:1 101FD:0 101FE:1 102E0:0 102E1:1 10376:0 1037B:1 "
    "10A01:0 10A04:1 10A05:0 10A07:1 10A0C:0 10A10:1 10A38:0 10A3B:1 10A3F:0 10A40:1 10AE5:0 "
    "10AE7:1 10D24:0 10D28:1 10EAB:0 10EAD:1 10F46:0 10F51:1 10F82:0 10F86:1 11001:0 11002:1 "
    "11038:0 11047:1 11070:0 11071:1 11073:0 11075:1 1107F:0 11082:1 110B3:0 110B7:1 110B9:0 "
    "110BB:1 110BD:0 110BE:1 110C2:0 110C3:1 110CD:0 110CE:1 11100:0 11103:1 11127:0 1112C:1 "
    "1112D:0 11135:1 11173:0 11174:1 11180:0 11182:1 111B6:0 111BF:1 111C9:0 111CD:1 111CF:0 "
    "111D0:1 1122F:0 11232:1 11234:0 11235:1 11236:0 11238:1 1123E:0 1123F:1 112DF:0 112E0:1 "
    "112E3:0 112EB:1 11300:0 11302:1 1133B:0 1133D:1 11340:0 11341:1 11366:0 1136D:1 11370:0 "
    "11375:1 11438:0 11440:1 11442:0 11445:1 11446:0 11447:1 1145E:0 1145F:1 114B3:0 114B9:1 "
    "114BA:0 114BB:1 114BF:0 114C1:1 114C2:0 114C4:1 115B2:0 115B6:1 115BC:0 115BE:1 115BF:0 "
    "115C1:1 115DC:0 115DE:1 11633:0 1163B:1 1163D:0 1163E:1 1163F:0 11641:1 116AB:0 116AC:1 "
    "116AD:0 116AE:1 116B0:0 116B6:1 116B7:0 116B8:1 1171D:0 11720:1 11722:0 11726:1 11727:0 "
    "1172C:1 1182F:0 11838:1 11839:0 1183B:1 1193B:0 1193D:1 1193E:0 1193F:1 11943:0 11944:1 "
    "119D4:0 119D8:1 119DA:0 119DC:1 119E0:0 119E1:1 11A01:0 11A07:1 11A09:0 11A0B:1 11A33:0 "
    "11A39:1 11A3B:0 11A3F:1 11A47:0 11A48:1 11A51:0 11A57:1 11A59:0 11A5C:1 11A8A:0 11A97:1 "
    "11A98:0 11A9A:1 11C30:0 11C37:1 11C38:0 11C3E:1 11C92:0 11CA8:1 11CAA:0 11CB1:1 11CB2:0 "
    "11CB4:1 11CB5:0 11CB7:1 11D31:0 11D37:1 11D3A:0 11D3B:1 11D3C:0 11D3E:1 11D3F:0 11D46:1 "
    "11D47:0 11D48:1 11D90:0 11D92:1 11D95:0 11D96:1 11D97:0 11D98:1 11EF3:0 11EF5:1 13430:0 "
    "13439:1 16AF0:0 16AF5:1 16B30:0 16B37:1 16F4F:0 16F50:1 16F8F:0 16F93:1 16FE0:2 16FE4:0 "
    "16FE5:1 16FF0:2 16FF2:1 17000:2 187F8:1 18800:2 18CD6:1 18D00:2 18D09:1 1AFF0:2 1AFF4:1 "
    "1AFF5:2 1AFFC:1 1AFFD:2 1AFFF:1 1B000:2 1B123:1 1B150:2 1B153:1 1B164:2 1B168:1 1B170:2 "
    "1B2FC:1 1BC9D:0 1BC9F:1 1BCA0:0 1BCA4:1 1CF00:0 1CF2E:1 1CF30:0 1CF47:1 1D167:0 1D16A:1 "
    "1D173:0 1D183:1 1D185:0 1D18C:1 1D1AA:0 1D1AE:1 1D242:0 1D245:1 1DA00:0 1DA37:1 1DA3B:0 "
    "1DA6D:1 1DA75:0 1DA76:1 1DA84:0 1DA85:1 1DA9B:0 1DAA0:1 1DAA1:0 1DAB0:1 1E000:0 1E007:1 "
    "1E008:0 1E019:1 1E01B:0 1E022:1 1E023:0 1E025:1 1E026:0 1E02B:1 1E130:0 1E137:1 1E2AE:0 "
    "1E2AF:1 1E2EC:0 1E2F0:1 1E8D0:0 1E8D7:1 1E944:0 1E94B:1 1F004:2 1F005:1 1F0CF:2 1F0D0:1 "
    "1F18E:2 1F18F:1 1F191:2 1F19B:1 1F200:2 1F321:1 1F32D:2 1F336:1 1F337:2 1F37D:1 1F37E:2 "
    "1F394:1 1F3A0:2 1F3CB:1 1F3CF:2 1F3D4:1 1F3E0:2 1F3F1:1 1F3F4:2 1F3F5:1 1F3F8:2 1F43F:1 "
    "1F440:2 1F441:1 1F442:2 1F4FD:1 1F4FF:2 1F53E:1 1F54B:2 1F54F:1 1F550:2 1F568:1 1F57A:2 "
    "1F57B:1 1F595:2 1F597:1 1F5A4:2 1F5A5:1 1F5FB:2 1F650:1 1F680:2 1F6C6:1 1F6CC:2 1F6CD:1 "
    "1F6D0:2 1F6D3:1 1F6D5:2 1F6D8:1 1F6DD:2 1F6E0:1 1F6EB:2 1F6ED:1 1F6F4:2 1F6FD:1 1F7E0:2 "
    "1F7EC:1 1F7F0:2 1F7F1:1 1F90C:2 1F93B:1 1F93C:2 1F946:1 1F947:2 1FA00:1 1FA70:2 1FA75:1 "
    "1FA78:2 1FA7D:1 1FA80:2 1FA87:1 1FA90:2 1FAAD:1 1FAB0:2 1FABB:1 1FAC0:2 1FAC6:1 1FAD0:2 "
    "1FADA:1 1FAE0:2 1FAE8:1 1FAF0:2 1FAF7:1 20000:2 40000:1 E0001:0 E0002:1 E0020:0 E0080:1 "
    "E0100:0 E01F0:1 "
)

#: libunistring's pair table (UAX #14 table 7.3): row = class before the break
#: opportunity, column = class after it; D = direct break, I = indirect (only
#: after a space), P = prohibited.
_PAIR_TABLE = (
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # WJ
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # GL
    "PIPIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # B2
    "PDDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # BA
    "PIIIIIPPPPIIIIIPIIIPIIIIIIIIIIIII",  # BB
    "PDDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # HY
    "PIDIDIPPPPIPDDIPDIIPDDDDDDDDDDDDD",  # CL
    "PIDIDIPPPPIIDDIPIIIPIDDDDDDDIDIDD",  # CP1
    "PIDIDIPPPPIIDDIPDIIPDDDDDDDDDDDDD",  # CP2
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # EX
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # IN
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP1
    "PPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP2
    "PIIIIIPPPPIIPPIPIIIPIIIIIIIIIIIII",  # QU
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDDDDDD",  # IS
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # NU
    "PIDIDIPPPPIIIIIPIDDPIDDDDDDDIDIDD",  # PO
    "PIDIDIPPPPIIIIIPIDDPIIIIIIIIIDIII",  # PR
    "PIDIDIPPPPIIDDIPIDDPDDDDDDDDIDDDD",  # SY
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # AL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # H2
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # H3
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # ID1
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # ID2
    "PIDIDIPPPPIIDDIPDIDPDIIDDIIDDDDDD",  # JL
    "PIDIDIPPPPIIDDIPDIDPDDDDDDIIDDDDD",  # JV
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDIDDDDD",  # JT
    "PIDIDIPPPPIIIDIPIIIPIDDDDDDDIDIDD",  # HL
    "PIDIDIPPPPIIDDIPDDDPDDDDDDDDDDDDD",  # RI
    "PIDIDIPPPPIIIDIPIIIPIDDIIDDDIDIII",  # ZWJ
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDI",  # EB
    "PIDIDIPPPPIIDDIPDIDPDDDDDDDDDDDDD",  # EM
)
