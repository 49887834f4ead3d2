"""Merge a fresh template into a translator's PO file, with msgmerge's semantics.

* an unchanged msgid keeps its translation, flags and translator comments;
* a changed msgid gets the closest old translation, marked ``fuzzy`` with ``#| msgid`` so the
  translator sees exactly what changed;
* a msgid that disappeared becomes obsolete (``#~``) and comes back if the text returns.

Nothing a translator typed is ever dropped: after merging, every old non-empty translation is
still in the catalog, active or obsolete, or the merge refuses to produce a result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polib

from .catalog import MARKDOWN_FLAG, language_metadata, ordered_metadata
from .errors import CatalogError

FUZZY = "fuzzy"
DEFAULT_FUZZY_THRESHOLD = 0.6  # msgmerge's own threshold
NO_TRANSLATOR = "Automatically generated"  # msginit --no-translator; msgfmt --check accepts it


@dataclass
class MergeStats:
    """What a merge did, for the report a maintainer reads."""

    kept: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    obsolete: int = 0

    def __str__(self) -> str:
        return (
            f"{self.kept} kept, {self.fuzzy} fuzzy, {self.untranslated} untranslated, "
            f"{self.obsolete} obsolete"
        )


def _key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def _carry(target: polib.POEntry, source: polib.POEntry, nplurals: int = 2) -> bool:
    """Copy ``source``'s translation onto ``target``; True when one has plural forms and
    the other not: then, as msgmerge does, msgstr[0] becomes the msgstr (or the msgstr
    every form) and the caller marks the entry fuzzy, rather than drop the translation."""
    target.tcomment = source.tcomment
    if bool(target.msgid_plural) == bool(source.msgid_plural):
        target.msgstr = source.msgstr
        target.msgstr_plural = dict(source.msgstr_plural)
        return False
    if target.msgid_plural:
        target.msgstr_plural = dict.fromkeys(range(nplurals), source.msgstr)
    else:
        target.msgstr = source.msgstr_plural.get(0, "")
    return True


def merge(
    template: polib.POFile,
    existing: polib.POFile | None,
    language: str,
    *,
    fuzzy_threshold: float = DEFAULT_FUZZY_THRESHOLD,
) -> tuple[polib.POFile, MergeStats]:
    """Return the merged catalog for ``language`` and what happened to its entries."""
    stats = MergeStats()
    merged = polib.POFile(wrapwidth=79)
    merged.header = existing.header if existing is not None and existing.header else template.header
    metadata = dict(existing.metadata) if existing is not None else dict(template.metadata)
    if existing is None:  # what ``msginit --no-translator`` writes: no translator yet
        metadata["PO-Revision-Date"] = template.metadata.get("POT-Creation-Date", "")
        metadata["Last-Translator"] = NO_TRANSLATOR
    metadata["POT-Creation-Date"] = template.metadata.get("POT-Creation-Date", "")
    for field, value in language_metadata(language).items():
        if existing is not None and _keeps_header(field, metadata.get(field)):
            continue
        metadata[field] = value
    merged.metadata = ordered_metadata(metadata) if existing is None else metadata
    merged.metadata_is_fuzzy = False

    count = _nplurals(str(merged.metadata.get("Plural-Forms", "")))
    nplurals = int(count) if count.isdigit() and 0 < int(count) < 10 else 2
    old_active = {_key(e): e for e in existing or () if not e.obsolete}
    old_obsolete = {_key(e): e for e in existing or () if e.obsolete}
    dropped_flags = _flags_dropped_by_editor(template, old_active)
    consumed: set[tuple[str | None, str]] = set()
    pending: list[polib.POEntry] = []

    for template_entry in template:
        entry = polib.POEntry(
            msgid=template_entry.msgid,
            msgctxt=template_entry.msgctxt,
            msgid_plural=template_entry.msgid_plural,
            comment=template_entry.comment,
            occurrences=list(template_entry.occurrences),
            flags=[f for f in template_entry.flags if f != FUZZY and f not in dropped_flags],
        )
        key = _key(entry)
        previous = old_active.get(key) or old_obsolete.get(key)
        if previous is not None:
            consumed.add(key)
            plurals_differ = _carry(entry, previous, nplurals)
            if FUZZY in previous.flags or plurals_differ:
                entry.flags.insert(0, FUZZY)
                entry.previous_msgid = previous.previous_msgid
                entry.previous_msgctxt = previous.previous_msgctxt
            if entry.msgstr or any(entry.msgstr_plural.values()):
                if FUZZY in entry.flags:
                    stats.fuzzy += 1
                else:
                    stats.kept += 1
            else:
                stats.untranslated += 1
        else:
            pending.append(entry)
        merged.append(entry)

    candidates = [
        e
        for e in (existing or ())
        if _key(e) not in consumed and (e.msgstr or any(e.msgstr_plural.values()))
    ]
    fuzzy_sources: set[tuple[str | None, str]] = set()
    closest = _closest_finder(candidates, fuzzy_threshold) if pending else None
    for entry in pending:
        best = closest(entry.msgid) if closest is not None else None
        if best is None:
            stats.untranslated += 1
            continue
        _carry(entry, best, nplurals)
        entry.flags.insert(0, FUZZY)
        entry.previous_msgid = best.previous_msgid if FUZZY in best.flags else best.msgid
        entry.previous_msgctxt = best.msgctxt
        fuzzy_sources.add(_key(best))
        stats.fuzzy += 1

    for old in existing or ():
        key = _key(old)
        if key in consumed or key in fuzzy_sources:
            continue
        if not (old.msgstr or any(old.msgstr_plural.values())):
            continue
        obsolete = polib.POEntry(
            msgid=old.msgid,
            msgctxt=old.msgctxt,
            msgid_plural=old.msgid_plural,
            msgstr=old.msgstr,
            msgstr_plural=dict(old.msgstr_plural),
            tcomment=old.tcomment,
            flags=list(old.flags),
            obsolete=True,
        )
        merged.append(obsolete)
        if not old.obsolete:
            stats.obsolete += 1

    _check_nothing_lost(existing, merged)
    return merged, stats


def _closest_finder(
    candidates: list[polib.POEntry], threshold: float
) -> Callable[[str], polib.POEntry | None] | None:
    """A lookup of the old entry closest to a new msgid (msgmerge's fuzzy match), or None
    when there is nothing to look in.

    The index of :mod:`.fuzzy`, shared with the translation memory: its cost grows with
    the entries looked up and the few candidates each one's rare words point to, not with
    their product.  Ties go to the entry that comes first in the old catalog, as in
    msgmerge.
    """
    if not candidates:
        return None
    from .fuzzy import TextIndex  # RapidFuzz: only for an update that has fuzzy work to do

    index = TextIndex(normalised=False)
    for candidate in candidates:
        index.add(candidate.msgid)

    def closest(msgid: str) -> polib.POEntry | None:
        found = index.closest(msgid, threshold, latest=False, thorough=True)
        return None if found is None else candidates[found[0]]

    return closest


def _keeps_header(field: str, current: str | None) -> bool:
    """Whether an existing catalog's header field stays as the translator's tool wrote it.

    ``Language-Team`` is the team's to fill in.  ``Plural-Forms``, once a catalog has a
    well-formed one, is kept as msgmerge keeps it: Weblate writes ``plural=n != 1;`` where
    we write ``plural=(n != 1);``, and a team may choose CLDR's three French forms; either
    way, rewriting it on update would fight every save of the file.
    """
    if field == "Language-Team":
        return True
    if field == "Plural-Forms" and current:
        return _nplurals(current).isdigit() and "plural=" in current
    return False


def _line_of(entry: polib.POEntry) -> int | None:
    """The 1-based line where ``entry`` starts in the file it was read from, if known."""
    return int(entry.linenum) if entry.linenum else None


def _nplurals(plural_forms: str) -> str:
    for part in plural_forms.split(";"):
        name, _, value = part.partition("=")
        if name.strip() == "nplurals":
            return value.strip()
    return ""


def _flags_dropped_by_editor(
    template: polib.POFile, old_active: dict[tuple[str | None, str], polib.POEntry]
) -> set[str]:
    """The template's own flags that the translator's tool removed from the existing PO.

    GNU gettext (msgcat, msgmerge, and Poedit, which is built on it) drops flags it does
    not know, such as ``markdown-text``.  If a PO shares entries with the template and none
    of them kept the flag, the file was saved by such a tool: adding the flag back on every
    update would rewrite every entry after every save, so the file's convention wins.
    """
    shared = [
        (entry, old_active[_key(entry)])
        for entry in template
        if MARKDOWN_FLAG in entry.flags and _key(entry) in old_active
    ]
    if shared and not any(MARKDOWN_FLAG in old.flags for _, old in shared):
        return {MARKDOWN_FLAG}
    return set()


def _check_nothing_lost(existing: polib.POFile | None, merged: polib.POFile) -> None:
    """Refuse a merge that would drop a translation (an invariant, checked on every run).

    The error has the line of the entry in the existing catalog; the caller names the file.
    """
    if existing is None:
        return
    kept = {e.msgstr for e in merged if e.msgstr}
    kept.update(s for e in merged for s in e.msgstr_plural.values() if s)
    for entry in existing:
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and text not in kept:
                message = f"merge would lose the translation of {entry.msgid[:60]!r}"
                raise CatalogError(message, line=_line_of(entry))
