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

What is replicated, and where it lives:

* Line breaking is gettext's ``wrap()`` (:mod:`.powrap`): each ``\\n``-terminated
  portion of a string is escaped and then broken with libunistring's
  ``ulc_width_linebreaks`` (Unicode UAX #14 line breaking, display-column widths,
  :mod:`.linebreak`, with libunistring 1.0's tables in :mod:`.linebreak_tables`).
  Most strings take an equivalent regex-based fast path (:mod:`.powrap_simple`);
  :func:`_wrap` below chooses.
* Breaks inside format directives are suppressed for entries flagged
  ``c-format``, ``objc-format``, ``python-format`` or ``python-brace-format``,
  like gettext's format string parsers do (:mod:`.formatdirs`, including a
  gettext 0.21 bug that protects the wrong characters for python-brace).
* Flags are parsed and written back in gettext's order (:mod:`.poflags`).
* Entry layout, comment styles, reference wrapping and the placement of
  obsolete entries follow ``write-po.c`` and the PO reader's normalisations
  (e.g. ``./`` is stripped from references, duplicate references are
  dropped, ``fuzzy`` is dropped when there is no translation, obsolete
  entries without translation are not written): this module.

Deliberate deviations from msgcat:

* Flags that gettext does not know (e.g. Weblate's ``markdown-text``) are
  dropped by msgcat; we keep them (:mod:`.poflags`).
* A catalog with nothing but a header is written out; msgcat writes nothing
  for it unless given ``--force-po``.
* A comment line ending with a backslash gets a trailing space (msgcat keeps
  it), since gettext's reader would otherwise join it with the next line.
* Format directives of the other gettext format languages (java, qt, ...)
  are not parsed (:mod:`.formatdirs`).

Limits: the output is meant to be saved as UTF-8 (ASCII-only catalogs work
with any charset); gettext 0.21 cannot represent file names containing
whitespace in references; later gettext / libunistring releases (e.g. on
Ubuntu 24.04) follow newer Unicode rules and may wrap rare characters
differently.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator

import polib

from .poflags import Flags
from .powrap import PAGE_WIDTH, Style, wrap
from .powrap_simple import is_simple, wrap_simple

__all__ = ["dumps"]

#: Use the fast path (:mod:`.powrap_simple`) where it applies.  Only the tests turn it
#: off, to compare it with the general path.
_FAST_PATH = True


def _wrap(style: Style, keyword: str, value: str) -> list[str]:
    """Lines for ``keyword "value"``: the fast path's for simple text of an entry
    without format flags, the general algorithm's (:func:`.powrap.wrap`) otherwise."""
    if not value:  # both paths' answer, most often for a template's msgstr
        return [f'{style.prefix}{keyword} ""']
    if _FAST_PATH and style.parser is None and is_simple(value):
        return wrap_simple(style.prefix, keyword, value, style.text_width)
    return wrap(style, keyword, value)


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
    msgstrs = _msgstrs(entry)
    flags_line, style, previous_style = _flag_layout(tuple(entry.flags), msgstrs[0][1] != "")
    lines = _comment_lines("#", entry.tcomment)
    lines += _comment_lines("#.", entry.comment)
    lines += _reference_lines(entry.occurrences)
    if flags_line is not None:
        lines.append(flags_line)
    lines += _previous_lines(previous_style, entry)
    lines += _message_lines(style, entry, msgstrs)
    return lines


@functools.lru_cache(maxsize=256)
def _flag_layout(flags: tuple[str, ...], translated: bool) -> tuple[str | None, Style, Style]:
    """The ``#,`` line of an active entry with ``flags`` (None: no line), the style of its
    strings and that of its ``#|`` lines.

    Worked out once per distinct set of flags: a catalog's entries share a handful (a
    template's are ``markdown-text`` or none), and parsing them again for each entry was a
    tenth of the time spent writing a template.
    """
    parsed = Flags(flags)
    rendered = parsed.render(fuzzy=parsed.fuzzy and translated)
    line = _guard_backslash("#, " + ", ".join(rendered)) if rendered else None
    style = Style(wrap=parsed.wrap, parser=parsed.format_parser())
    return line, style, Style("#| ", style.wrap, style.parser)


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
    flags = Flags(entry.flags)
    rendered_flags = (["fuzzy"] if flags.fuzzy else []) + flags.extra
    if rendered_flags:
        lines.append(_guard_backslash("#, " + ", ".join(rendered_flags)))
    lines += _previous_lines(Style(prefix="#~| "), entry)
    lines += _message_lines(Style(prefix="#~ "), entry, msgstrs)
    return lines


_PREVIOUS = ("msgctxt", "msgid", "msgid_plural")
_PREVIOUS_FIELDS = tuple((keyword, f"previous_{keyword}") for keyword in _PREVIOUS)


def _previous_lines(style: Style, entry: polib.POEntry) -> list[str]:
    """``#|`` lines with the previous msgctxt / msgid / msgid_plural."""
    lines: list[str] = []
    for keyword, name in _PREVIOUS_FIELDS:
        value = getattr(entry, name, None)
        if value is not None:
            lines += _wrap(style, keyword, value)
    return lines


def _message_lines(style: Style, entry: polib.POEntry, msgstrs: list[tuple[str, str]]) -> list[str]:
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
_UNSTORABLE_CHARACTER = re.compile("[\x00\x04]")


def unstorable_character(entry: polib.POEntry) -> str | None:
    """A message naming the first character of ``entry`` gettext cannot store, or None."""
    strings = [entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr]
    strings += list((entry.msgstr_plural or {}).values())
    strings += [getattr(entry, name, None) for _, name in _PREVIOUS_FIELDS]
    for string in strings:
        if not string or _UNSTORABLE_CHARACTER.search(string) is None:
            continue  # one regex search instead of a search per character
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
