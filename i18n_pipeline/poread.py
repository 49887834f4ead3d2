"""A fast PO reader that returns exactly what :func:`polib.pofile` returns, or gives up.

Why this exists: polib's parser (``_POFileParser``) is a pure-Python state machine that
spends several microseconds on every line (``strip``, ``split``, an uncompiled regex, a
transition lookup through ``getattr`` and ``try``), and ``POEntry()`` itself costs two.  A
newsletter catalog takes it 3-5 ms; ``publish`` over an archive of 1,000 issues in 5
languages reads 5,000 catalogs, so reading PO files dominated the run.

How: one precompiled regex matches a whole entry as gettext tools, polib and
:mod:`.poformat` lay it out (comments in the order ``#``, ``#.``, ``#:``, ``#,``, ``#|``,
``#~|``, then ``msgctxt``, ``msgid``, and ``msgstr`` or ``msgid_plural`` with
``msgstr[N]``, every message line prefixed ``#~ `` or none).  It scans the lines with
``[^\\n]*`` only, which the regex engine runs at C speed; a string's lines are joined with
``replace`` and checked with ``in`` (no quote but the two of each line; only a string with
a backslash goes through a stricter regex).  Each entry's attributes come out in one step,
and the ``POEntry`` objects are built without running ``__init__``.  In that layout every
line is one polib accepts in the state it is in, so polib's state machine reduces to the
rules below, which are reproduced (quirks included: callers see ``linenum`` in error
messages, ``same_catalog`` compares ``metadata`` in order):

* the first entry's ``linenum`` is 0 (polib creates it before reading any line), every
  later entry's the line of its first comment or, without comments, of its first message
  line (``#~|`` lines do not count: polib skips them);
* ``#`` comments of the first entry are ``POFile.header``, not its ``tcomment``;
* comment lines are stripped; ``# …`` loses ``#`` and one space, ``#.``/``#,`` lose three
  characters; leading empty ``#`` lines vanish from a comment, later ones stay;
* ``#:`` words are split at the last ``:`` only when digits follow it;
* ``#,`` flags are split at commas and stripped, empty ones kept;
* ``#~|`` lines are ignored, so an obsolete entry never has a ``previous_msgid``;
  ``obsolete`` is polib's int 0 or 1, not a bool;
* ``msgstr[N]`` is stored under ``int`` of N's *first digit* (only one digit is taken here);
* ``metadata_is_fuzzy`` is the header entry's (possibly empty) flag *list*, or 0 without one;
  metadata keys are not stripped, values are, a line without ``:`` continues the previous
  value.
* with several ``msgid ""`` entries, the metadata comes from one and the entry removed may
  be another, chosen by comparing references too, in both read modes (see :func:`_catalog`).

What it refuses: anything else.  :func:`read_po` returns None for text with a line it
does not recognise or that polib treats in another way (a string with an unescaped quote
or ending in a backslash, white space around a message line, a blank line inside an entry,
a comment line ending in white space, as :mod:`.poformat` writes one that ends in a
backslash, ``#.``/``#:``/``#,`` with nothing after them, which polib skips, ``##``,
comments in another order, ``msgstr[10]``, a plural without ``msgid_plural``), with a line
break other than ``\\n`` (``\\r\\n``, U+2028…: polib splits lines with
``str.splitlines``), with a BOM, or when polib is not the version this was checked
against.  The caller then runs polib itself, so bad input gets polib's (and the stricter
line check's) errors and line numbers.  Every line it accepts also passes
``catalog._check_lines``, so that check may be skipped when this reader succeeds.
"""

from __future__ import annotations

import re
from typing import Any

import polib

__all__ = ["SUPPORTED", "VERIFIED_POLIB_VERSIONS", "read_po", "unescape"]

#: polib releases whose ``_POFileParser`` this module was compared against.  Another one
#: turns the fast path off (``SUPPORTED``) until the equality tests pass with it and it is
#: added here: a silently different parse would be worse than a slow one.
VERIFIED_POLIB_VERSIONS = ("1.2.0",)

_LINE = r'"[^\n]*"'  # a string's line; what is inside is checked in _parse
#: One entry, with the blank lines before it.  Group 8 is the obsolete prefix, which every
#: later message line repeats (``\8``).  Comment lines end with a non-space: polib strips
#: them, and skips ``#.``, ``#:`` and ``#,`` lines with nothing after the marker.
_ENTRY = re.compile(
    r"""
    (\n*)                                       # 1 blank lines
    ((?:\#(?:[ ](?:[^\n]*\S)?)?\n)*)            # 2 "#" and "# ..." translator comments
    ((?:\#\.[ ][^\n]*\S\n)*)                    # 3 "#. ..." extracted comments
    ((?:\#:[ ][^\n]*\S\n)*)                     # 4 "#: ..." references
    ((?:\#,[ ][^\n]*\S\n)*)                     # 5 "#, ..." flags
    ((?:\#\|[ ][^\n]*\n)*)                      # 6 "#| ..." previous strings
    ((?:\#~\|(?:[ ][^\n]*)?\n)*)                # 7 "#~| ..." lines, which polib skips
    ((?:\#~[ ])?)                               # 8 the obsolete prefix
    (?:msgctxt[ ](LINE(?:\n\8LINE)*)\n\8)?      # 9 msgctxt
    msgid[ ](LINE(?:\n\8LINE)*)\n\8             # 10 msgid
    (?:
        msgid_plural[ ](LINE(?:\n\8LINE)*)\n\8  # 11 msgid_plural
        (msgstr\[[0-9]\][ ]LINE(?:\n\8(?:msgstr\[[0-9]\][ ])?LINE)*)  # 12 msgstr[N]s
      | msgstr[ ](LINE(?:\n\8LINE)*)            # 13 msgstr
    )
    \n
    """.replace("LINE", _LINE),
    re.VERBOSE,
)
#: A line of a string, strictly, for strings with a quote or backslash inside: the
#: obsolete prefix (on all but the first line), then a string with every escape complete.
_STRING_LINE = re.compile(r'(?:#~ )?"[^"\\]*(?:\\.[^"\\]*)*"')
#: A ``#|`` line: ``#| msgid "…"``, or ``#| "…"``, which continues the previous one.
_PREVIOUS = re.compile(r'#\| (?:(msgctxt|msgid|msgid_plural) )?"([^"\\]*(?:\\.[^"\\]*)*)"')
_PREVIOUS_FIELDS = {
    "msgctxt": "previous_msgctxt",
    "msgid": "previous_msgid",
    "msgid_plural": "previous_msgid_plural",
}
_NO_PREVIOUS = (None, None, None)
_UNESCAPE = re.compile(r'\\(\\|n|t|r|v|b|f|")')
_UNESCAPED = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f"}
_UNESCAPED.update({"\\": "\\", '"': '"'})
#: Where ``str.splitlines`` (polib's and ``_check_lines``' way of splitting) ends a line,
#: besides ``\n``.  Text with any of them is left to polib: this reader splits at ``\n``.
_LINE_SEPARATORS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


class _Unsupported(Exception):
    """Raised where :func:`read_po` gives up; never leaves this module."""


def _replace(match: re.Match[str]) -> str:
    return _UNESCAPED[match.group(1)]


def unescape(text: str) -> str:
    """:func:`polib.unescape`, with its regex compiled once and skipped without a backslash.

    Unknown escapes (``\\a``, ``\\x41``) keep their backslash, as in polib.
    """
    if "\\" not in text:
        return text
    return _UNESCAPE.sub(_replace, text)


#: The attributes ``POEntry.__init__`` sets, in its order, which :func:`_parse` follows.
_ATTRIBUTES = (
    "msgid",
    "msgstr",
    "msgid_plural",
    "msgstr_plural",
    "msgctxt",
    "obsolete",
    "encoding",
    "comment",
    "tcomment",
    "occurrences",
    "flags",
    "previous_msgctxt",
    "previous_msgid",
    "previous_msgid_plural",
    "linenum",
)


def _same_layout() -> bool:
    """Whether ``POEntry.__init__`` still sets just the attributes :func:`_parse` sets."""
    return tuple(vars(polib.POEntry())) == _ATTRIBUTES


SUPPORTED = polib.__version__ in VERIFIED_POLIB_VERSIONS and _same_layout()


def read_po(text: str, messages_only: bool = False) -> Any:
    """The ``polib.POFile`` that ``polib.pofile(text, encoding="utf-8", wrapwidth=79)`` returns.

    Returns None instead when the text holds anything this reader does not handle exactly
    as polib does (see the module docstring); the caller must then parse it with polib.
    The result is a real ``POFile`` of real ``POEntry`` objects, attribute for attribute
    equal to polib's, with ``check_for_duplicates`` False as polib leaves it.

    ``messages_only`` leaves every entry's comments, references, previous strings and line
    number (0) empty, and the header comment, for a reader that only wants the messages
    and their flags (``publish``): it takes half the time.
    """
    if not SUPPORTED or text.startswith("\ufeff"):  # polib drops a BOM from line 1
        return None
    for separator in _LINE_SEPARATORS:
        if separator in text:
            return None
    # polib reads the *file* its argument names, if there is one.  A path this long cannot
    # name a file (PATH_MAX), and on Windows none holds the quotes every message line has.
    if len(text) < 4096 and polib._is_file(text):
        return None
    try:
        entries, header, borrowed = _parse(
            text if text.endswith("\n") else text + "\n", messages_only
        )
    except _Unsupported:
        return None
    return _catalog(entries, header, borrowed)


def _parse(text: str, messages_only: bool = False) -> tuple[list[Any], str, list[Any]]:
    """The entries in file order (the header entry among them), the header comment, and
    the entries given references only to take the header out (see :func:`_catalog`).

    ``text`` ends with a newline.  The entries are ``POEntry`` objects whose attributes are
    set in the order ``POEntry.__init__`` sets them, which gives them the same (compact,
    key-sharing) ``__dict__``, at a third of the cost of calling it.
    """
    entries: list[Any] = []
    header = ""
    borrowed: list[Any] = []  # messages_only: msgid "" entries with references, for now
    # A catalog repeats its "#:" and "#," lines: parse each once.  The tuples are shared,
    # as immutable values may be; every entry gets lists of its own.
    references: dict[str, tuple[tuple[str, str], ...]] = {}
    flag_lines: dict[str, tuple[str, ...]] = {}
    new = object.__new__
    entry_class = polib.POEntry
    encoding = polib.default_encoding
    match_entry = _ENTRY.match  # not finditer: it would search on after a failure
    size = len(text)
    position = 0
    number = 1  # the line number at ``position``
    while position < size:
        found = match_entry(text, position)
        if found is None:
            if text.count("\n", position) != size - position:
                raise _Unsupported  # not an entry, nor blank lines at the end
            break
        end = found.end()
        blank, tc, gc, oc, fl, pv, skipped, prefix, ct, mi, mp, mx, ms = found.groups()
        start = number + len(blank)  # the entry's first line
        number += text.count("\n", position, end)
        position = end

        # The strings.  _ENTRY found a quote at both ends of each line; joined without them,
        # their contents hold no other quote unless one is escaped (a backslash
        # somewhere), and then each line gets the strict regex, which refuses "a\".
        # Checking the joined text with "in" costs a fraction of a regex that looks at each
        # character.  polib unescapes each line and concatenates; unescaping the
        # concatenation is the same, as no line ends inside an escape.
        junction = '"\n#~ "' if prefix else '"\n"'
        msgid = mi[1:-1].replace(junction, "")
        if '"' in msgid or "\\" in msgid:
            msgid = _escaped(mi, msgid)
        msgstr = ""
        msgstr_plural: dict[int, str] = {}
        if ms is not None:
            msgstr = ms[1:-1].replace(junction, "")
            if '"' in msgstr or "\\" in msgstr:
                msgstr = _escaped(ms, msgstr)
        else:
            for plural in ("\n" + prefix + mx).split("\n" + prefix + "msgstr[")[1:]:
                # "N] "…"": polib keeps one digit of N, as an int, and the last value.
                value = plural[4:-1].replace(junction, "")
                if '"' in value or "\\" in value:
                    value = _escaped(plural[3:], value)
                msgstr_plural[int(plural[0])] = value
        msgid_plural = ""
        if mp is not None:
            msgid_plural = mp[1:-1].replace(junction, "")
            if '"' in msgid_plural or "\\" in msgid_plural:
                msgid_plural = _escaped(mp, msgid_plural)
        msgctxt = None
        if ct is not None:
            msgctxt = ct[1:-1].replace(junction, "")
            if '"' in msgctxt or "\\" in msgctxt:
                msgctxt = _escaped(ct, msgctxt)

        previous = _previous(pv) if pv else _NO_PREVIOUS  # refuses what polib reads otherwise
        tcomment = comment = ""
        occurrences: list[tuple[str, str]] = []
        if oc and (not messages_only or not (msgid or prefix)):
            # messages_only reads references only where _catalog needs them to take the
            # same header out as polib: an active entry with an empty msgid.
            known_references = references.get(oc)
            if known_references is None:
                known_references = references[oc] = _occurrences(oc)
            occurrences = list(known_references)
        if messages_only:
            linenum = 0
            previous = _NO_PREVIOUS
        else:
            if not entries:
                linenum = 0  # polib made this entry before reading the first line
            elif tc or gc or oc or fl or pv:
                linenum = start
            else:
                linenum = start + skipped.count("\n")
            if tc:
                tcomment = _join([line.rstrip()[2:] for line in tc[:-1].split("\n")])
                if not entries:  # polib's header state: comments before anything else
                    header, tcomment = tcomment, ""
            # Each line of these ends with a non-space, so polib's strip changes nothing.
            comment = gc[3:-1].replace("\n#. ", "\n") if gc else ""
        flags = _flags(fl, flag_lines) if fl else []

        entry = new(entry_class)
        entry.msgid = msgid
        entry.msgstr = msgstr
        entry.msgid_plural = msgid_plural
        entry.msgstr_plural = msgstr_plural
        entry.msgctxt = msgctxt
        entry.obsolete = 1 if prefix else 0
        entry.encoding = encoding
        entry.comment = comment
        entry.tcomment = tcomment
        entry.occurrences = occurrences
        entry.flags = flags
        entry.previous_msgctxt, entry.previous_msgid, entry.previous_msgid_plural = previous
        entry.linenum = linenum
        entries.append(entry)
        if messages_only and occurrences:
            borrowed.append(entry)
    return entries, header, borrowed


def _flags(lines: str, known: dict[str, tuple[str, ...]]) -> list[str]:
    """The flags of ``#,`` lines (each distinct block of them parsed once per file)."""
    flags = known.get(lines)
    if flags is None:
        # Joined with commas, the lines give the flags they give one by one.
        joined = lines[3:-1].replace("\n#, ", ",")
        flags = known[lines] = tuple(flag.strip() for flag in joined.split(","))
    return list(flags)


def _escaped(lines: str, joined: str) -> str:
    """The value of a string with a quote or backslash in ``joined``, its lines joined.

    Refused unless every line is a string msgfmt reads, all escapes complete.
    """
    for line in lines.split("\n"):
        if _STRING_LINE.fullmatch(line) is None:
            raise _Unsupported
    return _UNESCAPE.sub(_replace, joined)


def _join(pieces: list[str]) -> str:
    """Comment lines joined as polib joins them: a newline before each but the first
    *non-empty* one, so leading empty lines vanish."""
    for index, piece in enumerate(pieces):
        if piece:
            return "\n".join(pieces[index:])
    return ""


def _occurrences(lines: str) -> tuple[tuple[str, str], ...]:
    """``handle_oc`` on ``#:`` lines: each word is ``(file, line)`` if it ends in ``:`` and
    digits, else ``(word, "")``.  Joined with spaces, the lines give the words they give one
    by one."""
    found = []
    for word in lines[3:].replace("\n#: ", " ").split():
        name, colon, line = word.rpartition(":")
        if colon and line.isdigit():
            found.append((name, line))
        else:
            found.append((word, ""))
    return tuple(found)


def _previous(lines: str) -> tuple[str | None, str | None, str | None]:
    """previous_msgctxt, previous_msgid and previous_msgid_plural from ``#|`` lines.

    polib accepts them in any order, a keyword again replaces the value, and ``#| "…"``
    continues the field of the line before.  A first line without keyword would continue
    the msgstr of the entry before, so it is left to polib.
    """
    values: dict[str, str] = {}
    field = ""
    for line in lines[:-1].split("\n"):
        found = _PREVIOUS.fullmatch(line)
        if found is None:
            raise _Unsupported
        keyword, content = found.groups()
        if keyword is not None:
            field = _PREVIOUS_FIELDS[keyword]
            values[field] = unescape(content)
        elif field:
            values[field] += unescape(content)
        else:
            raise _Unsupported
    return (
        values.get("previous_msgctxt"),
        values.get("previous_msgid"),
        values.get("previous_msgid_plural"),
    )


def _catalog(entries: list[Any], header: str, borrowed: list[Any]) -> Any:
    """The POFile with ``entries``, metadata taken out exactly as ``_POFileParser.parse``.

    That is done with polib's own ``find`` and ``remove``, so that their quirks hold with
    several ``msgid ""`` entries: ``find("")`` returns the *last* active one whose
    msgctxt is None or "" (else the first active one), and ``list.remove`` drops the
    *first* entry equal to it, where ``POEntry.__eq__`` compares obsolete, sorted
    references, msgctxt (None, "" and "0" alike), msgid_plural, msgstr_plural, msgid and
    msgstr, but no comment, flag or line.  So the entry removed may be an earlier one than
    the entry the metadata comes from, and which one depends on the references: a
    ``messages_only`` read has them (only) on the ``borrowed`` entries, active ones with
    an empty msgid, until the header is out, or it would remove another entry than the
    full read does.
    """
    catalog = polib.POFile(encoding="utf-8", check_for_duplicates=False)
    catalog.header = header
    catalog.extend(entries)  # list.extend: polib's append only adds a duplicate check
    metadata_entry = catalog.find("")
    if metadata_entry is not None:  # polib tests its truth: a POEntry is always true
        catalog.remove(metadata_entry)
        catalog.metadata_is_fuzzy = metadata_entry.flags
        key = None
        for line in metadata_entry.msgstr.splitlines():
            try:
                key, value = line.split(":", 1)
                catalog.metadata[key] = value.strip()
            except ValueError:
                if key is not None:
                    catalog.metadata[key] += "\n" + line.strip()
    for entry in borrowed:
        entry.occurrences = []
    catalog.wrapwidth = 79
    return catalog
