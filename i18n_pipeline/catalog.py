"""Document → gettext template, and PO files in and out.

polib is the data model and the parser; output goes through :mod:`.poformat`, which writes
what GNU ``msgcat`` writes, so a round trip through Poedit or Weblate changes nothing.
Language codes are validated by :mod:`.languages`; ``Plural-Forms`` come from gettext's own
convention (translate-toolkit's table), with Babel's CLDR rules for languages that table lacks.
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from . import __version__
from .document import Document, PlaceholderKind, Syntax
from .errors import CatalogError
from .fileio import (
    UNCHECKED,
    Unchecked,
    digest_of,
    read_bytes,
    read_text,
    write_text_atomic,
)
from .poread import read_po

if TYPE_CHECKING:  # Babel and translate-toolkit are imported where used: extract needs neither
    from babel import Locale

MARKDOWN_FLAG = "markdown-text"
CONTEXT_SEPARATOR = " › "
_MARKDOWN_SYNTAXES = {Syntax.INLINE, Syntax.HEADING, Syntax.TABLE_CELL}
_PO_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"[ \t]*'  # unrolled: linear on a 50 MB line


@functools.cache
def _po_line() -> re.Pattern[str]:
    """A PO line polib's parser reads; compiled only when a file goes to that parser (our
    reader, :mod:`.poread`, declined it)."""
    return re.compile(
        r"(?:#~[ \t]*)?(?:(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)[ \t]+)?" + _PO_STRING
    )


def now() -> datetime:
    """The current time, or ``SOURCE_DATE_EPOCH`` for reproducible output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(UTC)


def format_date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M%z")


def _comment_lines(
    segment_context: tuple[str, ...], kind: str, placeholders: Iterable[str]
) -> list[str]:
    lines = []
    if segment_context:
        lines.append(CONTEXT_SEPARATOR.join(segment_context))
    if not kind.startswith(("paragraph", "heading", "table")):
        lines.append(kind)
    lines.extend(placeholders)
    return lines


def build_template(
    document: Document,
    reference: str,
    *,
    line_numbers: bool = False,
    creation_date: datetime | None = None,
) -> polib.POFile:
    """The POT for one source: one entry per distinct msgid, in order of first appearance.

    Identical msgids in one file share an entry, as with xgettext: the same sentence gets the
    same translation, and the translator types it once.
    """
    template = polib.POFile(wrapwidth=79)
    template.header = f"Translation template for {reference}"
    if document.title:
        template.header = f"{document.title}\n{template.header}"
    template.metadata = template_metadata(reference, creation_date or now())
    entries: dict[str, polib.POEntry] = {}
    for segment in document.segments:
        placeholder_notes = []
        for placeholder in segment.placeholders:
            source = " ".join(placeholder.source.split())
            if placeholder.kind is PlaceholderKind.ATOM:
                placeholder_notes.append(f"{placeholder.token}: {source}")
            else:
                placeholder_notes.append(f"[{placeholder.number}]: {source}")
        comments = _comment_lines(segment.context, segment.kind, placeholder_notes)
        occurrence = (reference, str(segment.line + 1) if line_numbers else "")
        entry = entries.get(segment.msgid)
        if entry is None:
            entry = polib.POEntry(msgid=segment.msgid, msgstr="", comment="\n".join(comments))
            entry.occurrences = [occurrence]
            if segment.syntax in _MARKDOWN_SYNTAXES:
                entry.flags = [MARKDOWN_FLAG]
            entries[segment.msgid] = entry
            template.append(entry)
            continue
        if occurrence not in entry.occurrences:
            entry.occurrences.append(occurrence)
        known = entry.comment.split("\n") if entry.comment else []
        entry.comment = "\n".join(known + [line for line in comments if line not in known])
    return template


def template_metadata(reference: str, created: datetime) -> dict[str, str]:
    return {
        "Project-Id-Version": Path(reference).stem,
        "Report-Msgid-Bugs-To": "",
        "POT-Creation-Date": format_date(created),
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
        "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
        "Language-Team": "LANGUAGE <LL@li.org>",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Generated-By": f"i18n-pipeline {__version__}",
    }


HEADER_ORDER = (
    "Project-Id-Version",
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    "Language",
    "MIME-Version",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Plural-Forms",
)


def ordered_metadata(metadata: dict[str, str]) -> dict[str, str]:
    """Header fields in msginit's order, others (``Generated-By``, ``X-…``) after, as found."""
    known = [(key, metadata[key]) for key in HEADER_ORDER if key in metadata]
    rest = [(key, value) for key, value in metadata.items() if key not in HEADER_ORDER]
    return dict(known + rest)


def language_metadata(language: str) -> dict[str, str]:
    """Header fields that make a PO file belong to ``language``."""
    from babel import Locale

    locale = Locale.parse(language)
    return {
        "Language": language,
        "Language-Team": locale.english_name or language,
        "Plural-Forms": plural_forms(language, locale),
    }


def plural_forms(language: str, locale: Locale | None = None) -> str:
    """The ``Plural-Forms`` header that gettext tools write for ``language``.

    CLDR 42 gave French, Spanish, Italian, Portuguese and Catalan a third form for
    millions ("1 million de …"), and Babel 2.14+ follows it; msginit, Poedit and Weblate
    still write the two-form rules, as does translate-toolkit's table, which is taken first
    so that a Babel upgrade does not rewrite the header of every new catalog.  Languages
    the table lacks get Babel's CLDR rule.
    """
    from babel import Locale
    from babel.messages.plurals import get_plural
    from translate.lang import data as language_data

    base = language.split("@")[0]
    for code in (language, base, base.split("_")[0]):
        known = language_data.languages.get(code)
        if known:
            _, count, expression = known
            return f"nplurals={count}; plural={expression};"
    plural = get_plural(locale or Locale.parse(language))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


# A line of a PO file ends at \n (gettext), \r\n or \r (as universal newlines read it).
_PO_LINE_WITH_END = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
# What else str.splitlines, and so polib, ends a line at: inside a PO string gettext reads
# them as characters, polib cuts the string there and cannot read the entry.
_OTHER_LINE_BREAKS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def po_lines(text: str, *, keepends: bool = False) -> list[str]:
    """The lines of a PO file, numbered as gettext and an editor number them (U+2028 and
    the other separators :meth:`str.splitlines` knows do not end one)."""
    lines = _PO_LINE_WITH_END.findall(text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


def repair_line_breaks(text: str) -> str:
    """``text`` with every line break polib would wrongly see (U+2028...) made a space."""
    return _OTHER_LINE_BREAKS.sub(" ", text)


BOM_MESSAGE = (
    "invalid PO file: it starts with a byte order mark (U+FEFF), which GNU msgfmt refuses;"
    " save it as UTF-8 without one"
)


def _check_lines(text: str, path: str | Path) -> None:
    """Reject what polib tolerates but msgfmt does not, such as an unterminated string or a
    byte order mark."""
    if text.startswith("\ufeff"):
        raise CatalogError(BOM_MESSAGE, path, 1)
    for number, line in enumerate(po_lines(text), start=1):
        separator = _OTHER_LINE_BREAKS.search(line)
        if separator is not None:
            character = separator.group()
            name = unicodedata.name(character, "a line separator")
            message = (
                f"invalid PO file: U+{ord(character):04X} ({name}) in a string, which polib"
                " reads as the end of a line; remove it"
            )
            raise CatalogError(message, path, number)
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not stripped.startswith("#~")):
            continue
        if stripped.startswith("#~|") or stripped == "#~":
            continue
        if not _po_line().fullmatch(stripped):
            raise CatalogError(f"invalid PO file: cannot parse {stripped[:40]!r}", path, number)


def read_catalog(
    path: str | Path, data: bytes | None = None, *, messages_only: bool = False
) -> polib.POFile:
    """Parse a PO/POT file strictly as UTF-8; errors name the file and line.

    ``data`` is the file's bytes if the caller has read them already (to hash them);
    ``messages_only`` may leave comments, references and previous msgids out (see
    :func:`.poread.read_po`).
    :func:`.poread.read_po` reads the files gettext tools and we write, several times
    faster than polib and to the same objects; it passes anything else to
    :func:`_parse_with_polib`, so that bad input gets the errors it always got.
    """
    text = read_text(path, CatalogError, data)
    catalog = read_po(text, messages_only)  # None unless every line passes _check_lines
    if catalog is None:
        catalog = _parse_with_polib(text, path)
    try:
        _check_entries(catalog, text, path)
    except CatalogError:
        if not messages_only:
            raise
        # read_po's messages_only entries have no line (0): the full read names it
        _check_entries(read_po(text) or _parse_with_polib(text, path), text, path)
        raise
    catalog.check_for_duplicates = True
    charset = catalog.metadata.get("Content-Type", "")
    if charset and "charset=" in charset.lower():
        declared = charset.lower().split("charset=")[-1].strip()
        if declared not in ("utf-8", "utf8", "charset"):
            raise CatalogError(
                f"PO header declares charset {declared!r}; only UTF-8 catalogs are supported",
                path,
                header_line(text, "Content-Type"),
            )
    return catalog


def _parse_with_polib(text: str, path: str | Path) -> polib.POFile:
    """polib's parser behind :func:`_check_lines`, its errors given the file and line."""
    _check_lines(text, path)
    try:
        return polib.pofile(text, encoding="utf-8", wrapwidth=79)
    except (OSError, ValueError) as exc:
        message = str(exc)
        found = re.search(r"\(line (\d+)\)", message)  # an error: compiled then
        line = int(found.group(1)) if found else None
        message = re.sub(r"Syntax error in po file \S*\s*\(line \d+\)", "syntax error", message)
        raise CatalogError(f"invalid PO file: {message}", path, line) from exc


def _check_entries(catalog: polib.POFile, text: str, path: str | Path) -> None:
    """The checks on a parsed catalog's entries, whose errors name an entry's line."""
    _check_duplicates(catalog, path)
    if "\x00" in text or "\x04" in text:
        _check_characters(catalog, path)


def _check_duplicates(catalog: polib.POFile, path: str | Path) -> None:
    """What polib's ``check_for_duplicates`` refuses, in one pass instead of one per entry.

    An entry is a duplicate if an earlier active entry has the same msgctxt and msgid.
    """
    seen: set[tuple[str | None, str]] = set()
    for entry in catalog:
        key = (entry.msgctxt, entry.msgid)
        if key in seen:
            message = f'invalid PO file: Entry "{entry.msgid}" already exists'
            raise CatalogError(message, path, entry.linenum)
        if not entry.obsolete:
            seen.add(key)


def _check_characters(catalog: polib.POFile, path: str | Path) -> None:
    """Refuse a catalog with a character gettext cannot store, naming the entry's line."""
    from .poformat import unstorable_character  # only for a file with NUL or EOT in it

    for entry in catalog:
        problem = unstorable_character(entry)
        if problem is not None:
            raise CatalogError(f"invalid PO file: {problem}", path, entry.linenum)


def header_line(text: str, field: str) -> int | None:
    """The line of header field ``field`` in a PO file's text, if it is there."""
    for number, line in enumerate(po_lines(text), start=1):
        if line.lstrip('"').startswith(field + ":"):
            return number
    return None


def write_catalog(
    path: str | Path, catalog: polib.POFile, *, base: bytes | Unchecked | None = UNCHECKED
) -> str | None:
    """Write atomically; return the digest written, or None if nothing would change.

    ``base``: the file's bytes as the caller read them (None: it did not exist).  The file
    is then replaced only if it still holds exactly those bytes (see
    :func:`.fileio.write_text_atomic`); without it, the file is read here and not compared.
    """
    # the writer (with its line-breaking tables) is loaded by the commands that write a
    # catalog: ``publish`` only reads them
    from .poformat import dumps

    text = dumps(catalog)
    data = text.encode("utf-8")
    if isinstance(base, Unchecked):
        if read_bytes(path) == data:
            return None
        return write_text_atomic(path, text)
    if base == data:
        return None
    return write_text_atomic(path, text, expect=digest_of(base))


def same_entries(first: polib.POFile, second: polib.POFile) -> bool:
    """True when two templates differ at most in their creation date."""
    if len(first) != len(second):
        return False
    return (
        all(
            (a.msgctxt, a.msgid, a.comment, a.occurrences, a.flags)
            == (b.msgctxt, b.msgid, b.comment, b.occurrences, b.flags)
            for a, b in zip(first, second, strict=True)
        )
        and first.header == second.header
    )


def _entry_key(entry: polib.POEntry) -> tuple[object, ...]:
    return (
        entry.obsolete, entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr,
        sorted(entry.msgstr_plural.items()), entry.flags, entry.comment, entry.tcomment,
        entry.occurrences, entry.previous_msgctxt, entry.previous_msgid,
        entry.previous_msgid_plural,
    )  # fmt: skip


def same_catalog(first: polib.POFile, second: polib.POFile) -> bool:
    """True when two catalogs say the same thing, however their files are laid out.

    ``msgmerge --update`` leaves a file alone in that case, and so does ``update``: it
    spares the (msgcat-exact, so costly) serialisation of every unchanged catalog of an
    archive, and never reformats a file a translator's editor saved its own way.
    """
    if len(first) != len(second) or first.header != second.header:
        return False
    if list(first.metadata.items()) != list(second.metadata.items()):
        return False
    if bool(first.metadata_is_fuzzy) != bool(second.metadata_is_fuzzy):  # [] or False
        return False
    return all(_entry_key(a) == _entry_key(b) for a, b in zip(first, second, strict=True))


def translated_entries(catalog: polib.POFile) -> dict[str, str]:
    """msgid → msgstr for entries a page may use: translated, not fuzzy, not obsolete."""
    return {
        entry.msgid: entry.msgstr
        for entry in catalog
        if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags
    }
