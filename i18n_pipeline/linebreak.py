"""Unicode line breaking and column widths, as libunistring 1.0 computes them for msgcat.

Why this exists: gettext's ``wrap()`` (write-po.c) breaks each string with libunistring's
``ulc_width_linebreaks``: Unicode UAX #14 line breaking measured in display columns.  To
write what ``msgcat`` writes (:mod:`.poformat`), we need the same break opportunities and
the same widths; :mod:`textwrap`, which polib wraps with, breaks elsewhere (after hyphens,
never between CJK ideographs, ...), and no Python package ports libunistring 1.0's
simplified UAX #14 (its pair table, its resolutions of AI, SA, XX and CB, its break
between "." and a letter).  The data, extracted from libunistring 1.0 (Unicode 14.0, the
library msgcat 0.21 links against on Debian 12 / Ubuntu 22.04), is in
:mod:`.linebreak_tables`; the tests compare both functions with the installed library.

Later libunistring releases (e.g. on Ubuntu 24.04) follow newer Unicode rules and may
break rare characters differently.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence

from .linebreak_tables import LINE_BREAK_RUNS, PAIR_TABLE, WIDTH_RUNS

#: Break values, as in libunistring's ``unilbrk.h``.
UNDEFINED = -1
PROHIBITED = 0
POSSIBLE = 1
MANDATORY = 2
CR_BEFORE_LF = 3

# libunistring 1.0's line breaking classes, in enum order: the first 33 index
# the pair table, the rest are resolved before the table is consulted.
# fmt: off
_CLASS_NAMES = (
    "WJ", "GL", "B2", "BA", "BB", "HY", "CL", "CP1", "CP2", "EX", "IN", "NS", "OP1",
    "OP2", "QU", "IS", "NU", "PO", "PR", "SY", "AL", "H2", "H3", "ID1", "ID2", "JL",
    "JV", "JT", "HL", "RI", "ZWJ", "EB", "EM", "BK", "CR", "LF", "CM", "ZW", "SP",
)
# fmt: on
CLS = {name: index for index, name in enumerate(_CLASS_NAMES)}
_AL, _BA, _HY, _HL, _RI, _H2, _H3 = (CLS[n] for n in ("AL", "BA", "HY", "HL", "RI", "H2", "H3"))
BK, _CR, _LF, _CM, _ZW, _ZWJ, SP = (CLS[n] for n in ("BK", "CR", "LF", "CM", "ZW", "ZWJ", "SP"))
#: Runtime-only pseudo class: a Hebrew letter followed by a hyphen (LB21a).
_HL_BA = 100

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3


@functools.cache
def tables() -> tuple[list[int], list[int], list[int], list[int], list[str]]:
    """Parse the run tables of :mod:`.linebreak_tables` (once, on first use)."""
    lb_starts, lb_values = _parse_runs(LINE_BREAK_RUNS, CLS.__getitem__)
    w_starts, w_values = _parse_runs(WIDTH_RUNS, int)
    return lb_starts, lb_values, w_starts, w_values, list(PAIR_TABLE)


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
def line_break_class(char: str) -> int:
    """Line breaking class of ``char``, with libunistring's resolutions.

    AI, SA and XX are already folded into AL and CB into ID1 in the table,
    which is what libunistring does for a non-CJK encoding such as UTF-8.
    Hangul syllables alternate between LV (H2) and LVT (H3) every 28 code
    points, so they are computed instead of tabulated.
    """
    code = ord(char)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        return _H2 if (code - HANGUL_FIRST) % 28 == 0 else _H3
    starts, values = tables()[0:2]
    return values[bisect.bisect_right(starts, code) - 1]


@functools.lru_cache(maxsize=4096)
def column_width(char: str) -> int:
    """Display columns of ``char`` per libunistring's ``uc_width``.

    Wide (CJK, emoji) characters count 2, combining marks and format
    characters 0.  Control characters are -1 there and are ignored by the
    line breaker, so they count 0 here.
    """
    starts, values = tables()[2:4]
    return values[bisect.bisect_right(starts, ord(char)) - 1]


def possible_breaks(text: str) -> list[int]:
    """Break opportunity before each character (``u8_possible_linebreaks_v2``).

    This is libunistring 1.0's simplified UAX #14: a pair table indexed by
    the classes of the last non-space character and the current one, plus
    the special cases below (spaces, combining marks, ZWJ, regional
    indicators, Hebrew + hyphen).  Note that unlike UAX #14 it allows a
    break between "." and a letter, so "example.com" may be wrapped.
    """
    pair_table = tables()[4]
    result = [PROHIBITED] * len(text)
    prev_prop = last_prop = BK
    seen_space = False
    ri_count = 0
    for index, char in enumerate(text):
        prop = line_break_class(char)
        if prop in (BK, _LF, _CR):
            result[index] = MANDATORY
            if prev_prop == _CR and prop == _LF:
                result[index - 1] = CR_BEFORE_LF
            prev_prop, last_prop, seen_space = prop, BK, False
        else:
            if prop == SP:
                seen_space = True
            elif prop == _ZW:
                last_prop, seen_space = _ZW, False
            elif prop in (_CM, _ZWJ):
                if last_prop == BK:
                    last_prop, seen_space = _AL, False
                elif last_prop == _ZW or seen_space:
                    result[index] = POSSIBLE
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
    if last_prop == BK or prev_prop == _ZWJ:
        return PROHIBITED
    if last_prop == _ZW:
        return POSSIBLE
    if last_prop == _RI and prop == _RI:
        return POSSIBLE if seen_space or ri_count % 2 == 0 else PROHIBITED
    if prev_prop == _HL_BA:
        return PROHIBITED
    rule = pair_table[last_prop][prop]
    if rule == "D" or (rule == "I" and seen_space):
        return POSSIBLE
    return PROHIBITED


def width_breaks(text: str, width: int, start_column: int, overrides: Sequence[int]) -> list[int]:
    """Choose the actual line breaks (``u8_width_linebreaks_v2``).

    Greedy: a break opportunity is taken only when the piece of text after it
    would otherwise end beyond ``width``.  Pieces that are too long on their
    own (long words, URLs) are never split.
    """
    breaks = possible_breaks(text)
    last_break: int | None = None
    last_column = start_column
    piece_width = 0
    for index, char in enumerate(text):
        if overrides[index] != UNDEFINED:
            breaks[index] = overrides[index]
        kind = breaks[index]
        if kind != PROHIBITED and last_break is not None and last_column + piece_width > width:
            breaks[last_break] = POSSIBLE
            last_column = 0
        if kind in (MANDATORY, CR_BEFORE_LF):
            last_break, last_column, piece_width = None, 0, 0
            continue
        if kind == POSSIBLE:
            last_break = index
            last_column += piece_width
            piece_width = 0
        breaks[index] = PROHIBITED
        piece_width += column_width(char)
    if last_break is not None and last_column + piece_width > width:
        breaks[last_break] = POSSIBLE
    return breaks
