"""The fast path of :mod:`.powrap` for simple text: the same lines, found by regexes.

Why this exists: :func:`.powrap.wrap` handles every character in Python, which made it
the bulk of the time spent writing a catalog.  Almost all of our strings are "simple",
though: every character is one column wide and has a line breaking class that
:func:`.linebreak.possible_breaks` only ever looks up in the pair table.  For such text,
each line of the output can be found with one precompiled regex match instead of a loop
over its characters.  Anything else (other characters, format directives) takes the
general path; :mod:`.poformat` chooses, and the tests check that both paths agree
(character by character against the tables, and on every catalog we keep).
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import re
from collections.abc import Iterable
from itertools import pairwise

from .linebreak import (
    BK,
    CLS,
    HANGUL_FIRST,
    HANGUL_LAST,
    SP,
    column_width,
    line_break_class,
    tables,
)
from .powrap import ESCAPES, split_portions

#: Classes that ``possible_breaks`` resolves with nothing but
#: ``pair_table[last_prop][prop]`` and ``seen_space``: all that index the
#: pair table except Hebrew letters (the HL + hyphen rule), regional
#: indicators (counted in pairs), ZWJ (no break after it) and the Hangul
#: classes (wide or zero-width anyway).  The classes from BK on (mandatory
#: breaks, combining marks, ZW, SP) have rules of their own; the one SP
#: character, U+0020, is handled explicitly.
_TABLE_CLASSES = frozenset(range(BK)) - {
    CLS[name] for name in ("HL", "RI", "ZWJ", "H2", "H3", "JL", "JV", "JT")
}
#: Characters that ``escape_portion`` replaces by a backslash sequence.
_ESCAPABLE = re.compile("[" + re.escape("".join(ESCAPES)) + "]")
#: The same replacements for ``str.translate``, which does them all in one C loop.
_ESCAPE_TABLE = {ord(char): "\\" + letter for char, letter in ESCAPES.items()}


@dataclasses.dataclass(frozen=True)
class _SimpleText:
    """Precompiled regexes for simple text (built by :func:`_simple_text`).

    A simple text consists of U+0020 and of BMP characters of width 1 whose
    class is in ``_TABLE_CLASSES``.  For such a text ``possible_breaks``
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
    characters that are neither simple nor escapable (in ``ESCAPES``; they
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
        and column_width(char) == 1
        and line_break_class(char) in _TABLE_CLASSES
    )


@functools.cache
def _simple_text(coverage: frozenset[int] | None = None) -> _SimpleText:
    """Build the regexes of :class:`_SimpleText` from the tables, for ASCII
    and the characters of ``coverage`` (None: the whole BMP)."""
    members = _simple_members(coverage)
    members[SP] = [(0x20, 0x20)]
    pair_table = tables()[4]
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
    non_space = [cls for cls in classes if cls != SP]
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
    escapable = ((ord(char), ord(char)) for char in ESCAPES)
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
    ``line_break_class`` computes) are left out; non-BMP characters too,
    since they are rare and would make the regex character sets slow.
    With ``coverage``, only ASCII and those characters.
    """
    lb_starts, lb_values, w_starts, w_values, _ = tables()
    excluded = ((0xD800, 0xDFFF), (HANGUL_FIRST, HANGUL_LAST))
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


def is_simple(value: str) -> bool:
    """Whether ``value`` is simple text once escaped (see :class:`_SimpleText`)."""
    return _covering(value)[1]


def wrap_simple(prefix: str, keyword: str, value: str, width: int) -> list[str]:
    """:func:`.powrap.wrap` for a simple ``value`` of an entry without format flags.

    The same steps, with :func:`_escape_simple` and :func:`_simple_breaks`
    standing in for their general versions (without a format parser no
    character is protected).  ``wrap`` breaks the first portion twice:
    from the column after ``keyword "``, only to see whether there is any
    break (then the text starts on the next line instead), and from column
    0.  There is a break at all exactly when the first line has an end
    (:func:`_line_end`), so that is all the first round needs; and text
    that stays after ``keyword "`` has no break.
    """
    portions = split_portions(value)
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
    """:func:`.powrap.escape_portion` for text without protected characters.

    Returns the escaped text and the positions whose override is
    ``PROHIBITED``: the second character of each escape sequence and, if
    the portion ends with a newline, the backslash of its ``\\n``.  All
    other overrides are ``UNDEFINED``.
    """
    if _ESCAPABLE.search(portion) is None:
        return portion, set()
    # Each earlier escape has added one character to the output.
    blocked = {
        match.start() + shift + 1 for shift, match in enumerate(_ESCAPABLE.finditer(portion))
    }
    text = portion.translate(_ESCAPE_TABLE)
    if portion.endswith("\n"):
        blocked.add(len(text) - 2)
    return text, blocked


def _simple_breaks(text: str, blocked: set[int], width: int, column: int) -> list[int]:
    """The breaks ``width_breaks`` chooses in a simple, escaped ``text``.

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
    """Where ``width_breaks`` ends the line that starts at ``start``.

    ``limit`` is the last position the line may extend to without going
    beyond the page width (every character of simple text is one column
    wide).  ``width_breaks`` takes an opportunity when the text up to the
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


def cover_everything() -> None:
    """Build the regexes for the whole BMP now, for a process that runs many commands (the
    resident server, :mod:`.server`): its workers then never build any, whatever text they
    meet.  A one-off command is better off with :func:`_covering`'s small sets."""
    _COVERAGE.chars = None
    _simple_text(None)
