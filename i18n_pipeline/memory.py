"""Translation memory: everything a language already has, offered to the entries it lacks.

A newsletter repeats itself (the welcome text, "Newsletter translations", the licence), so
a translator must never type the same paragraph twice.  The memory of one language is every
translated, non-fuzzy entry of that language's PO files under the locales folder, plus any
compendium PO the user names.  ``update`` asks it about the entries msgmerge left empty:

* an **exact** match (same text) is filled as translated, with a translator comment naming
  where it came from, ``# memory: 2021-03-05-newsletter (100%)``;
* a **close** match (similarity at or above a threshold, 75 % by default) is filled as
  fuzzy, with ``#| msgid`` showing what it translated and a translator comment naming where
  it came from and its score, e.g. ``# memory: 2021-03-05-newsletter (87%)``.

Matching compares text, not URLs: msgids already carry numbered stand-ins instead of link
destinations, and the numbers themselves are ignored too, so ``[a](2) and {1}`` and
``[a](1) and {2}`` compare equal.  When a match's stand-ins are numbered differently from
the new msgid, the translation's stand-ins are renumbered by aligning the two msgids' links
(kind and link text, in order); a stand-in that cannot be placed becomes ``(?)`` and the
entry stays fuzzy with "check the links" in its comment, so a wrong link is never filled in
silently (``publish`` refuses ``(?)``, it never guesses).

Lookup is indexed, never all-pairs (:mod:`.fuzzy`, the same index ``update`` uses for its
fuzzy matches): a dict answers exact questions, and an inverted index
of word tokens proposes candidates for close ones.  Only the query's rarest tokens are
probed (a close match shares at least half of the query's words, so it must contain one of
its rarest half), and candidates outside the length band the threshold allows are dropped.
The real similarity, RapidFuzz's Indel ratio (difflib's ``ratio`` measure, but exact, in C,
and without difflib's junk heuristic that loses long paragraphs), is then computed for the
few candidates left: on the corpus, 34 of 1,683 units per lookup on average, with the same
best match as an exhaustive scan for every query (``tests/test_memory.py``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

import polib

from .catalog import (
    MARKDOWN_FLAG,
    language_metadata,
    now,
    ordered_metadata,
    read_catalog,
    template_metadata,
)
from .dialect import scan_inline
from .errors import CatalogError
from .fuzzy import TextIndex, normalise
from .splice import splice

DEFAULT_MEMORY_THRESHOLD = 0.75
FUZZY = "fuzzy"
COMMENT_PREFIX = "memory: "
ORIGIN_PREFIX = "origin: "  # a compendium entry's comment naming the page it came from
UNPLACED = "?"  # what a stand-in that has no counterpart in the new msgid becomes


@dataclass(frozen=True)
class Unit:
    """One remembered translation and where it came from."""

    msgid: str
    msgstr: str
    origin: str  # the domain (issue) or compendium it was read from
    reference: str = ""  # the source file the msgid occurs in, if known
    markdown: bool = False  # whether it carried the ``markdown-text`` flag


@dataclass(frozen=True)
class Match:
    """The answer to one lookup, with the translation's stand-ins renumbered for the query."""

    unit: Unit
    score: float  # similarity of the normalised texts, 0..1
    msgstr: str
    links_ok: bool  # every stand-in of the translation found its counterpart

    @property
    def exact(self) -> bool:
        """Safe to take as translated: the same text and every link in its place."""
        return self.score == 1.0 and self.links_ok

    @property
    def comment(self) -> str:
        percent = math.floor(self.score * 100)
        note = f"{COMMENT_PREFIX}{self.unit.origin} ({percent}%)"
        return note if self.links_ok else note + ", check the links"


@dataclass
class FillStats:
    """How many entries a memory filled, for the update report."""

    exact: int = 0
    fuzzy: int = 0

    def __str__(self) -> str:
        return f"memory: {self.exact} exact, {self.fuzzy} fuzzy"


@dataclass
class TranslationMemory:
    """Translations of one language, indexed for exact and close lookup (:mod:`.fuzzy`).

    When several units share a msgid, the one added last wins: callers add compendia first
    and then the issue catalogs in name order, so the newest issue's wording is offered.
    """

    units: list[Unit] = field(default_factory=list)
    catalogs: int = 0  # how many files the units were read from
    problems: list[str] = field(default_factory=list)  # files that could not be read
    _by_msgid: dict[str, int] = field(default_factory=dict, repr=False)
    _index: TextIndex = field(default_factory=TextIndex, repr=False)

    def __post_init__(self) -> None:
        units, self.units = self.units, []
        for unit in units:
            self.add(unit)

    def __len__(self) -> int:
        return len(self.units)

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)

    @property
    def compared(self) -> int:
        """Real similarities computed so far, to show lookups stay indexed."""
        return self._index.compared

    @compared.setter
    def compared(self, value: int) -> None:
        self._index.compared = value

    def add(self, unit: Unit) -> None:
        """Remember ``unit``; a unit with the same msgid replaces the older one."""
        index = self._by_msgid.get(unit.msgid)
        if index is not None:
            self.units[index] = unit
            return
        self.units.append(unit)
        self._by_msgid[unit.msgid] = self._index.add(unit.msgid)

    def add_catalog(self, catalog: polib.POFile, origin: str, *, by_reference: bool = False) -> int:
        """Remember every translated, non-fuzzy, active entry of ``catalog``.

        ``by_reference`` (for compendia): an entry's origin is the one its ``origin:``
        comment names (as :func:`compendium` writes it), else the file name of its ``#:``
        reference, so a compendium read back keeps its units' origins.
        """
        added = 0
        for entry in catalog:
            if not _usable(entry):
                continue
            reference = entry.occurrences[0][0] if entry.occurrences else ""
            source = _origin(entry, reference) if by_reference else origin
            self.add(
                Unit(entry.msgid, entry.msgstr, source, reference, MARKDOWN_FLAG in entry.flags)
            )
            added += 1
        self.catalogs += 1
        return added

    def lookup(self, msgid: str, threshold: float = DEFAULT_MEMORY_THRESHOLD) -> Match | None:
        """The best translation for ``msgid``: exact if there is one, else the closest."""
        index = self._by_msgid.get(msgid)
        if index is None:
            index = self._index.same(msgid)
        if index is not None:
            return _match(self.units[index], msgid, 1.0)
        found = self._index.closest(msgid, threshold)
        if found is None:
            return None
        index, score = found
        return _match(self.units[index], msgid, score)


def _usable(entry: polib.POEntry) -> bool:
    return bool(
        entry.msgid
        and entry.msgstr
        and not entry.obsolete
        and not entry.msgid_plural
        and FUZZY not in entry.flags
    )


# --- stand-ins ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StandIn:
    kind: str  # link, image, atom
    number: str
    label: str  # the link text (with its brackets) that identifies it across versions
    span: tuple[int, int]  # where the number sits in the text


def _standins(text: str) -> list[_StandIn]:
    """The stand-ins of a msgid or translation; a translator's own URL is kind ``override``."""
    found = []
    for mark in scan_inline(text):
        if mark.kind in ("link", "image") and mark.dest is not None:
            number = text[mark.dest[0] : mark.dest[1]]
            label = text[mark.start : mark.dest[0]]
            kind = mark.kind if number.isdigit() else "override"
            found.append(_StandIn(kind, number, label, mark.dest))
        elif mark.kind == "standin":
            found.append(
                _StandIn("atom", text[mark.start + 1 : mark.end - 1], "", (mark.start, mark.end))
            )
    return found


def _renumbering(old_msgid: str, new_msgid: str) -> dict[tuple[str, str], str]:
    """(kind, old number) → new number, by aligning the stand-ins of the two msgids.

    Links are matched on kind and link text, in order; where texts differ (a link text
    edited), stand-ins of the same kind in the same place are paired.
    """
    old = _standins(old_msgid)
    new = _standins(new_msgid)
    mapping: dict[tuple[str, str], str] = {}
    matcher = SequenceMatcher(
        None, [(s.kind, s.label) for s in old], [(s.kind, s.label) for s in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag not in ("equal", "replace"):
            continue
        for before, after in zip(old[i1:i2], new[j1:j2], strict=False):
            if before.kind == after.kind:
                mapping[(before.kind, before.number)] = after.number
    return mapping


def renumber(translation: str, old_msgid: str, new_msgid: str) -> tuple[str, bool]:
    """The translation of ``old_msgid`` with stand-ins numbered as in ``new_msgid``.

    Returns the text and whether every stand-in found its counterpart; one that did not
    becomes ``(?)`` / ``{?}``, which ``publish`` refuses rather than link to the wrong page.
    A translator's explicit URL (``[Text](https://…/de/)``) was chosen for the source link
    of the translation's own issue, which may not be this one's: it is kept, but the
    result does not count as complete, so the entry is filled as fuzzy for a translator to
    check.
    """
    if old_msgid == new_msgid:
        mapping = {(s.kind, s.number): s.number for s in _standins(new_msgid)}
    else:
        mapping = _renumbering(old_msgid, new_msgid)
    edits: list[tuple[int, int, str]] = []
    complete = True
    used: set[tuple[str, str]] = set()
    for standin in _standins(translation):
        if standin.kind == "override":
            complete = False
            continue
        target = mapping.get((standin.kind, standin.number))
        if target is None or (standin.kind, target) in used:
            complete = False
            target = UNPLACED
        else:
            used.add((standin.kind, target))
        replacement = f"{{{target}}}" if standin.kind == "atom" else target
        edits.append((*standin.span, replacement))
    return splice(translation, edits), complete


def _match(unit: Unit, msgid: str, score: float) -> Match:
    msgstr, complete = renumber(unit.msgstr, unit.msgid, msgid)
    return Match(unit, score, msgstr, complete)


# --- building, filling, exporting -----------------------------------------------------------


def build_memory(
    catalogs: Iterable[Path], compendia: Sequence[Path] = (), root: Path | None = None
) -> TranslationMemory:
    """The memory of the PO files ``catalogs`` (one language) and the ``compendia``.

    A compendium that cannot be read is an error (the user named it); an issue catalog that
    cannot be read is skipped and listed in ``problems``, so one broken file does not stop
    the update of all the others.  A unit's origin is its catalog's page: the path under
    ``root`` (a language's ``LC_MESSAGES`` folder) without ``.po``, else the file's stem.
    """
    memory = TranslationMemory()
    for path in compendia:
        memory.add_catalog(read_catalog(path), path.stem, by_reference=True)
    for path in sorted(catalogs):
        try:
            catalog = read_catalog(path)
        except CatalogError as error:
            memory.problems.append(str(error))
            continue
        origin = path.stem
        if root is not None and path.is_relative_to(root):
            origin = path.relative_to(root).with_suffix("").as_posix()
        memory.add_catalog(catalog, origin)
    return memory


def _origin(entry: polib.POEntry, reference: str) -> str:
    for line in entry.comment.splitlines():
        if line.startswith(ORIGIN_PREFIX):
            return str(line[len(ORIGIN_PREFIX) :])
    return Path(reference).stem if reference else ""


def fillable(entry: polib.POEntry) -> bool:
    """An entry the memory may fill: active, a singular msgid, no translation, not fuzzy."""
    return bool(
        entry.msgid
        and not entry.obsolete
        and not entry.msgid_plural
        and not entry.msgstr
        and FUZZY not in entry.flags
    )


def fill(
    catalog: polib.POFile, memory: TranslationMemory, threshold: float = DEFAULT_MEMORY_THRESHOLD
) -> FillStats:
    """Fill the entries of ``catalog`` that have no translation at all from ``memory``.

    Entries that are translated or fuzzy are the translator's (or msgmerge's) and are never
    touched.
    """
    stats = FillStats()
    for entry in catalog:
        if not fillable(entry):
            continue
        match = memory.lookup(entry.msgid, threshold)
        if match is None:
            continue
        entry.msgstr = match.msgstr
        entry.tcomment = f"{entry.tcomment}\n{match.comment}" if entry.tcomment else match.comment
        if match.exact:  # ``# memory: <issue> (100%)``: a reviewer sees where it came from
            stats.exact += 1
            continue
        entry.flags.insert(0, FUZZY)
        if match.unit.msgid != entry.msgid:
            entry.previous_msgid = match.unit.msgid
        stats.fuzzy += 1
    return stats


def compendium(memory: TranslationMemory, language: str) -> polib.POFile:
    """The memory as a compendium PO (``msgmerge -C`` and ``--compendium`` read it back).

    Each entry names the source file its msgid came from in its ``#:`` reference, so reading
    the compendium back keeps every unit's origin.
    """
    catalog = polib.POFile(wrapwidth=79)
    catalog.header = f"Translation memory ({language})"
    metadata = template_metadata("compendium", now())
    metadata["PO-Revision-Date"] = metadata["POT-Creation-Date"]
    metadata.update(language_metadata(language))
    catalog.metadata = ordered_metadata(metadata)
    for unit in sorted(memory, key=lambda unit: (unit.origin, unit.reference)):
        entry = polib.POEntry(msgid=unit.msgid, msgstr=unit.msgstr)
        if unit.reference:
            entry.occurrences = [(unit.reference, "")]
        entry.comment = f"{ORIGIN_PREFIX}{unit.origin}"
        if unit.markdown:
            entry.flags = [MARKDOWN_FLAG]
        catalog.append(entry)
    return catalog


def tmx_bytes(memory: TranslationMemory, language: str, source_language: str = "en") -> bytes:
    """The memory as TMX 1.4, written by translate-toolkit; each unit notes its origin."""
    from translate.storage import tmx

    source = source_language.replace("_", "-")
    target = language.replace("_", "-")
    store = tmx.tmxfile(sourcelanguage=source, targetlanguage=target)
    for unit in sorted(memory, key=lambda unit: (unit.origin, unit.reference)):
        store.addtranslation(unit.msgid, source, unit.msgstr, target, comment=unit.origin)
    return bytes(store)


__all__ = [
    "DEFAULT_MEMORY_THRESHOLD",
    "FillStats",
    "Match",
    "TranslationMemory",
    "Unit",
    "build_memory",
    "compendium",
    "fill",
    "fillable",
    "normalise",
    "renumber",
    "tmx_bytes",
]
