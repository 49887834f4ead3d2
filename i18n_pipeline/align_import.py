"""Import a human translation: msgstrs from its alignment with the source, and the catalog.

:mod:`.align` pairs the segments; this module writes each pair's msgstr and fills a
catalog with them.  The msgstr of a pair is written with the *source's* stand-in numbers:
each link of the translated segment is mapped to the source placeholder with the same
destination, so publishing the imported catalog restores exactly the source's links.  A
translated link to a URL the source segment does not have is kept as an explicit URL
(http and https only); anything else makes the pair fuzzy.  A translated entry is one that
publishes without refusal; everything doubtful is fuzzy, everything unmatched stays empty,
and a translation already in the catalog is never replaced.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import polib

from .align import Pair, align
from .align_anchors import boundaries, url_key
from .dialect import scan_inline
from .document import Document, PlaceholderKind, Segment, Syntax
from .gate import GateOptions, TranslationRefused, render_segment
from .gate.options import DEFAULT
from .splice import splice
from .update import merge

FUZZY = "fuzzy"
_NBSP_INDENT = re.compile(r"^[ \t\u00a0]*(?:[-*+][ \t\u00a0]+)?", re.MULTILINE)
_BLANKISH_LINE = re.compile(r"^[ \t\u00a0]+$", re.MULTILINE)


def lenient_text(text: str) -> str:
    """A translation's text with stray no-break spaces where Markdown needs real ones.

    Some editors put U+00A0 on "empty" lines and in list indentation; Markdown then merges
    paragraphs and loses list items the translator plainly meant.  Only whitespace-only
    lines and leading indentation (with a bullet's spacing) change, each NBSP becoming one
    space, so offsets and line numbers stay those of the file.
    """
    text = _BLANKISH_LINE.sub(lambda m: m.group(0).replace("\u00a0", " "), text)
    return _NBSP_INDENT.sub(lambda m: m.group(0).replace("\u00a0", " "), text)


@dataclass(frozen=True)
class Imported:
    """What the import proposes for one source segment."""

    segment: int  # index into the source's segments
    msgstr: str
    fuzzy: bool
    origin: str  # ``file:line`` of the translated text it came from
    note: str = ""  # why it is fuzzy
    targets: tuple[int, ...] = ()  # the translation's segments it came from


def _is_web_url(text: str) -> bool:
    return bool(re.fullmatch(r"https?://\S+", text.strip().strip("<>"), re.IGNORECASE))


def map_standins(
    text: str, target: Segment, source: Segment, used: set[int]
) -> tuple[str, list[str]]:
    """Rewrite ``text`` (from ``target``'s msgid) with ``source``'s stand-in numbers.

    Each link, image or atom of the translation is matched to an unused source placeholder of
    the same kind with the same destination (first come, first served, as they appear).  One
    the source segment lacks is written out as an explicit destination; returns the problems
    that make the result doubtful (a destination that is not http(s), an unknown shortcode).
    """
    edits: list[tuple[int, int, str]] = []
    problems: list[str] = []

    def counterpart(kind: PlaceholderKind, raw: str) -> str | None:
        key = raw if kind is PlaceholderKind.ATOM else url_key(raw)
        for placeholder in source.placeholders:
            if placeholder.number in used or placeholder.kind is not kind:
                continue
            other = placeholder.source
            if (other if kind is PlaceholderKind.ATOM else url_key(other)) == key:
                used.add(placeholder.number)
                return placeholder.token
        return None

    for mark in scan_inline(text):
        if mark.kind in ("link", "image") and mark.dest is not None:
            token = text[mark.dest[0] : mark.dest[1]]
            theirs = target.placeholder(token)
            if theirs is None:
                continue  # a destination written out in the translation's own msgid
            found = counterpart(theirs.kind, theirs.source)
            if found is None:
                if not _is_web_url(theirs.source):
                    problems.append(
                        f"{mark.kind} destination {theirs.source!r} is not in the source"
                    )
                found = theirs.source
            edits.append((mark.dest[0], mark.dest[1], found))
        elif mark.kind == "standin":
            token = text[mark.start : mark.end]
            theirs = target.placeholder(token)
            if theirs is None:
                continue
            found = counterpart(PlaceholderKind.ATOM, theirs.source)
            if found is None:
                if not _is_web_url(theirs.source):
                    problems.append(f"{theirs.source!r} is not in the source")
                found = theirs.source
            edits.append((mark.start, mark.end, found))
    return splice(text, edits), problems


def _split(text: str, target: Segment, first: Segment, second: Segment) -> tuple[str, str] | None:
    """Cut one translated paragraph into the parts that render two source paragraphs."""
    candidates = boundaries(text)
    if not candidates:
        return None
    first_urls = {url_key(p.source) for p in first.placeholders}
    second_urls = {url_key(p.source) for p in second.placeholders}
    share = len(first.msgid) / max(len(first.msgid) + len(second.msgid), 1)

    def urls(part: str) -> list[str]:
        found = []
        for mark in scan_inline(part):
            if mark.kind in ("link", "image") and mark.dest is not None:
                placeholder = target.placeholder(part[mark.dest[0] : mark.dest[1]])
                if placeholder is not None:
                    found.append(url_key(placeholder.source))
        return found

    def score(boundary: tuple[int, int]) -> float:
        head, tail = text[: boundary[0]], text[boundary[1] :]
        hits = sum(url in first_urls for url in urls(head))
        hits += sum(url in second_urls for url in urls(tail))
        misses = sum(url in second_urls for url in urls(head))
        misses += sum(url in first_urls for url in urls(tail))
        return hits - misses - abs(len(head) / max(len(text), 1) - share)

    best = max(candidates, key=score)
    return text[: best[0]], text[best[1] :]


def _render_problem(segment: Segment, msgstr: str, gate: GateOptions) -> str:
    """Why an imported msgstr cannot be taken as translated: a publishing refusal, or a link
    the human text no longer has as a link (a URL written where the stand-in was)."""
    try:
        render_segment(segment, msgstr, gate)
    except TranslationRefused as refusal:
        return str(refusal)
    written_urls = sum(1 for mark in scan_inline(msgstr) if mark.kind in ("autolink", "bare_url"))
    atoms = sum(
        1 for placeholder in segment.placeholders if placeholder.kind is PlaceholderKind.ATOM
    )
    if written_urls > atoms:
        return "a URL written as text where the source has a link"
    return ""


_IMAGE_ONLY = re.compile(r"!\[((?:[^\[\]\\]|\\.)*)\]\(\d{1,4}(?: +(\"[^\"]*\"))?\)")


def _caption(target: Segment) -> str | None:
    """The alt text of a paragraph holding one image: what a figure's caption becomes."""
    found = _IMAGE_ONLY.fullmatch(target.msgid)
    return found.group(1).strip() if found else None


def _one_source(
    pair: Pair,
    segment: Segment,
    targets: list[Segment],
    origin: str,
    gate: GateOptions,
) -> Imported:
    index = pair.sources[0]
    if segment.syntax is Syntax.SHORTCODE_ATTR:
        caption = _caption(targets[0]) if len(targets) == 1 else None
        if caption is None and targets[0].syntax is not Syntax.SHORTCODE_ATTR:
            return Imported(index, "", True, origin, "", pair.targets)
        msgstr = caption if caption is not None else targets[0].msgid
        note = "" if pair.confident else "taken from an image's alt text"
        return Imported(index, msgstr, not pair.confident, origin, note, pair.targets)
    used: set[int] = set()
    texts, problems = [], []
    for target in targets:
        mapped, found = map_standins(target.msgid, target, segment, used)
        texts.append(mapped)
        problems.extend(found)
    msgstr = " ".join(texts)
    refused = _render_problem(segment, msgstr, gate)
    if refused:
        problems.append(refused)
    if len(targets) > 1:
        problems.insert(0, f"{len(targets)} paragraphs joined")
    fuzzy = not pair.confident or bool(problems)
    if fuzzy and not problems:
        problems.append(f"{pair.method} match, score {pair.score:.2f}")
    return Imported(index, msgstr, fuzzy, origin, "; ".join(problems), pair.targets)


def _two_sources(
    pair: Pair, segments: list[Segment], target: Segment, origin: str
) -> list[Imported]:
    split = _split(target.msgid, target, segments[0], segments[1])
    if split is None:
        mapped, _ = map_standins(target.msgid, target, segments[0], set())
        note = "also covers the next paragraph"
        return [Imported(pair.sources[0], mapped, True, origin, note, pair.targets)]
    imported = []
    for index, segment, text in zip(pair.sources, segments, split, strict=True):
        mapped, problems = map_standins(text, target, segment, set())
        note = "; ".join(["split from one translated paragraph", *problems])
        imported.append(Imported(index, mapped, True, origin, note, pair.targets))
    return imported


def import_translation(
    source: Document,
    translation: Document,
    translatable: Iterable[str] = (),
    gate: GateOptions = DEFAULT,
) -> list[Imported]:
    """Align ``translation`` with ``source`` and propose a msgstr per source segment
    (``gate``: the gate's settings, e.g. where a translator's own URL may point)."""
    imported: list[Imported] = []
    for pair in align(source, translation, translatable):
        targets = [translation.segments[i] for i in pair.targets]
        origin = f"{translation.path}:{targets[0].line + 1}"
        segments = [source.segments[i] for i in pair.sources]
        if pair.method == "front matter":
            msgstr = targets[0].msgid
            imported.append(Imported(pair.sources[0], msgstr, False, origin, "", pair.targets))
        elif len(segments) == 1:
            imported.append(_one_source(pair, segments[0], targets, origin, gate))
        else:
            imported.extend(_two_sources(pair, segments, targets[0], origin))
    return sorted((entry for entry in imported if entry.msgstr), key=lambda e: e.segment)


@dataclass
class ImportStats:
    """The state of a catalog after an import, and what the import could not place."""

    entries: int = 0
    translated: int = 0
    fuzzy: int = 0
    empty: int = 0
    imported: int = 0  # entries the import filled
    conflicts: list[str] = field(default_factory=list)  # msgids whose existing text was kept

    def __str__(self) -> str:
        text = (
            f"{self.entries} entries: {self.translated} translated, {self.fuzzy} fuzzy, "
            f"{self.empty} empty"
        )
        if self.conflicts:
            text += f"; {len(self.conflicts)} existing translations kept"
        return text


def imported_catalog(
    template: polib.POFile,
    existing: polib.POFile | None,
    language: str,
    source: Document,
    proposals: Sequence[Imported],
) -> tuple[polib.POFile, ImportStats]:
    """The catalog an import writes: ``existing`` brought up to date, empty entries filled."""
    catalog, _ = merge(template, existing, language)
    return catalog, fill_catalog(catalog, source, proposals)


def fill_catalog(
    catalog: polib.POFile, source: Document, proposals: Sequence[Imported]
) -> ImportStats:
    """Put imported msgstrs into the empty entries of ``catalog`` (changed in place).

    A translator's non-empty msgstr, fuzzy or not, is never replaced: when the import
    proposes something else, the msgid is reported as a conflict.  Of two proposals for one
    msgid (the same sentence twice in the source), a translated one beats a fuzzy one.
    """
    stats = ImportStats()
    best: dict[str, Imported] = {}
    for proposal in proposals:
        msgid = source.segments[proposal.segment].msgid
        current = best.get(msgid)
        if current is None or (current.fuzzy and not proposal.fuzzy):
            best[msgid] = proposal
    for entry in catalog:
        if entry.obsolete:
            continue
        chosen = best.get(entry.msgid)
        if chosen is not None and chosen.msgstr:
            if entry.msgstr:
                if entry.msgstr != chosen.msgstr:
                    stats.conflicts.append(entry.msgid)
            else:
                entry.msgstr = chosen.msgstr
                stats.imported += 1
                if chosen.fuzzy:
                    if FUZZY not in entry.flags:
                        entry.flags.insert(0, FUZZY)
                    entry.tcomment = f"imported from {chosen.origin}: {chosen.note}"
                else:
                    entry.flags = [flag for flag in entry.flags if flag != FUZZY]
        stats.entries += 1
        if not entry.msgstr:
            stats.empty += 1
        elif FUZZY in entry.flags:
            stats.fuzzy += 1
        else:
            stats.translated += 1
    return stats


__all__ = [
    "ImportStats",
    "Imported",
    "fill_catalog",
    "import_translation",
    "imported_catalog",
    "lenient_text",
    "map_standins",
]
