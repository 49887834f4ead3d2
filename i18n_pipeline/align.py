"""Pair the segments of a source with those of its human translation.

A translator who rewrote ``issue.md`` by hand as ``issue.de.md`` merged and split
paragraphs, added a "translated by" line, dropped a section, reordered list items.  A pure
structure match (po4a-gettextize) breaks at the first such edit, so both files are parsed
with the same parser and their segments are aligned on what two languages still share,
their anchors (:mod:`.align_anchors`).

The alignment is monotone dynamic programming (Needleman–Wunsch with free skips on both
sides) over 1:1 pairs and 2:1 / 1:2 merges, scored by the weighted overlap of anchors.  Pairs
that share nothing are never formed by it.  Two passes follow: list items the translator
moved are paired out of order when they share a rare anchor, and a gap between two aligned
pairs whose sides have the same sequence of block shapes is paired in order (headings and
short lines on their place alone, longer text only if it shares an anchor, never when
strong anchors contradict).  Front matter values pair by key.  Each pair says whether it
is confident enough to be published without a translator looking at it; turning pairs into
msgstrs is :mod:`.align_import`'s.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .align_anchors import (
    Side,
    Unit,
    boundaries,
    family,
    merge_units,
    shared_weight,
    side_units,
    similarity,
)
from .document import Document, Syntax

MERGE_PENALTY = 0.08  # a 2:1 or 1:2 pair must explain clearly more than a 1:1 pair does
SHAPE_PENALTY = 0.25  # heading against paragraph, list item against table cell…
POSITION_WEIGHT = 0.3  # per unit of relative-position difference
LENGTH_WEIGHT = 0.2  # per unit of |log(length ratio / expected ratio)|
CONFIDENT_SIMILARITY = 0.5  # a pair sharing a strong anchor needs at least this
RICH_SIMILARITY = 0.75  # a pair sharing only weak anchors needs this and two of them
RESCUE_SIMILARITY = 0.6  # an out-of-order pair needs at least this
LENGTH_TOLERANCE = 2.2  # a confident pair's length ratio is within expected ×/÷ this
SHORT = 40  # characters: below this, lengths say nothing
TIGHT_SHORT = 80  # characters: a pair this short held tightly by its neighbours is confident


@dataclass(frozen=True)
class Pair:
    """Source segments aligned with translation segments (indices into ``Document.segments``)."""

    sources: tuple[int, ...]
    targets: tuple[int, ...]
    score: float
    method: str  # "anchors", "merge", "moved", "structure", "front matter"
    confident: bool


@dataclass
class _Scorer:
    expected_ratio: float

    def length_penalty(self, source: Unit, target: Unit) -> float:
        if max(source.length, target.length) < SHORT:
            return 0.0
        ratio = max(target.length, 1) / max(source.length, 1) / self.expected_ratio
        return LENGTH_WEIGHT * min(abs(math.log(ratio)), 2.0)

    def plausible_length(self, source: Unit, target: Unit) -> bool:
        if max(source.length, target.length) < SHORT:
            return True
        ratio = max(target.length, 1) / max(source.length, 1) / self.expected_ratio
        return 1 / LENGTH_TOLERANCE <= ratio <= LENGTH_TOLERANCE

    def gain(self, source: Unit, target: Unit, merged: bool = False) -> float | None:
        """What pairing ``source`` with ``target`` adds; None when they share no anchor."""
        shared = shared_weight(source, target)
        if shared <= 0.0:
            return None
        value = 2.0 * shared / (source.total + target.total)
        if family(source.shape) != family(target.shape):
            value -= SHAPE_PENALTY
        elif source.shape != target.shape:
            value -= SHAPE_PENALTY / 5
        value -= POSITION_WEIGHT * abs(source.position - target.position)
        value -= self.length_penalty(source, target)
        if merged:
            value -= MERGE_PENALTY
        return value if value > 0.0 else None


def _merged_neighbours(document: Document, units: list[Unit]) -> list[Unit | None]:
    """For each position k, the unit of segments k-2 and k-1 if a translator could merge them."""
    merged: list[Unit | None] = [None] * (len(units) + 1)
    for k in range(2, len(units) + 1):
        first, second = units[k - 2], units[k - 1]
        a, b = document.segments[first.indices[0]], document.segments[second.indices[0]]
        if (
            a.syntax is Syntax.INLINE
            and b.syntax is Syntax.INLINE
            and first.shape == second.shape
            and a.context == b.context
        ):
            merged[k] = merge_units(first, second)
    return merged


def _monotone(
    sources: list[Unit],
    targets: list[Unit],
    scorer: _Scorer,
    source_doc: Document,
    target_doc: Document,
) -> list[tuple[list[Unit], list[Unit], float]]:
    """Needleman–Wunsch with free skips: the best order-preserving set of pairs.

    Besides 1:1 pairs it considers two neighbouring source segments against one translated
    segment that has a sentence boundary to split at, and one source segment against two
    neighbouring translated ones.
    """
    n, m = len(sources), len(targets)
    source_merges = _merged_neighbours(source_doc, sources)
    target_merges = _merged_neighbours(target_doc, targets)
    splittable = [bool(boundaries(target_doc.segments[u.indices[0]].msgid)) for u in targets]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int, float] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == 0 and j == 0:
                continue
            options: list[tuple[float, int, int, float]] = []
            if i:
                options.append((best[i - 1][j], 1, 0, 0.0))
            if j:
                options.append((best[i][j - 1], 0, 1, 0.0))
            if i and j:
                gain = scorer.gain(sources[i - 1], targets[j - 1])
                if gain is not None:
                    options.append((best[i - 1][j - 1] + gain, 1, 1, gain))
                merged = source_merges[i]
                if merged is not None and splittable[j - 1]:
                    gain = scorer.gain(merged, targets[j - 1], merged=True)
                    if gain is not None:
                        options.append((best[i - 2][j - 1] + gain, 2, 1, gain))
                merged = target_merges[j]
                if merged is not None:
                    gain = scorer.gain(sources[i - 1], merged, merged=True)
                    if gain is not None:
                        options.append((best[i - 1][j - 2] + gain, 1, 2, gain))
            value, di, dj, gain = max(options, key=lambda option: option[0])
            best[i][j] = value
            back[i][j] = (di, dj, gain)
    pairs: list[tuple[list[Unit], list[Unit], float]] = []
    i, j = n, m
    while i or j:
        step = back[i][j]
        assert step is not None
        di, dj, gain = step
        if di and dj:
            pairs.append((sources[i - di : i], targets[j - dj : j], gain))
        i, j = i - di, j - dj
    pairs.reverse()
    return pairs


def _contradicts(source: Unit, target: Unit) -> bool:
    """Both have strong anchors (links, code…) and none in common: they are different texts."""
    return bool(source.strong or target.strong) and not (source.strong & target.strong)


def align(source: Document, translation: Document, translatable: Iterable[str] = ()) -> list[Pair]:
    """Pair the segments of ``source`` with those of ``translation``; see the module doc."""
    attrs = set(translatable) or {"caption", "alt", "title"}
    pairs: list[Pair] = []
    front_targets = {
        segment.kind: index
        for index, segment in enumerate(translation.segments)
        if segment.kind.startswith("front matter ")
    }
    for index, segment in enumerate(source.segments):
        if segment.kind.startswith("front matter ") and segment.kind in front_targets:
            pairs.append(Pair((index,), (front_targets[segment.kind],), 1.0, "front matter", True))

    def body(document: Document) -> list[int]:
        return [
            index
            for index, segment in enumerate(document.segments)
            if not segment.kind.startswith("front matter ")
        ]

    source_side = Side(source, body(source), attrs)
    target_side = Side(translation, body(translation), attrs)
    source_units = side_units(source_side, target_side)
    target_units = side_units(target_side, source_side)
    total_source = sum(unit.length for unit in source_units) or 1
    total_target = sum(unit.length for unit in target_units) or 1
    scorer = _Scorer(expected_ratio=total_target / total_source)

    by_source = {unit.indices[0]: unit for unit in source_units}
    by_target = {unit.indices[0]: unit for unit in target_units}
    body_pairs: list[Pair] = []
    for source_group, target_group, gain in _monotone(
        source_units, target_units, scorer, source, translation
    ):
        sources = tuple(i for unit in source_group for i in unit.indices)
        targets = tuple(i for unit in target_group for i in unit.indices)
        if len(sources) == 1 and len(targets) == 1:
            score = similarity(source_group[0], target_group[0])
            body_pairs.append(Pair(sources, targets, score, "anchors", False))
        else:
            body_pairs.append(Pair(sources, targets, gain, "merge", False))
    used_sources = {i for pair in body_pairs for i in pair.sources}
    used_targets = {i for pair in body_pairs for i in pair.targets}
    body_pairs.extend(_moved(source_units, target_units, used_sources, used_targets))
    body_pairs.extend(
        _fill_gaps(body_pairs, source_units, target_units, scorer, used_sources, used_targets)
    )
    body_pairs.sort(key=lambda pair: pair.sources)
    source_rank = {unit.indices[0]: rank for rank, unit in enumerate(source_units)}
    target_rank = {unit.indices[0]: rank for rank, unit in enumerate(target_units)}
    ordered = [pair for pair in body_pairs if pair.method != "moved"]
    ends = (len(source_units), len(target_units))
    for pair in body_pairs:
        if len(pair.sources) == 1 and len(pair.targets) == 1:
            s, t = by_source[pair.sources[0]], by_target[pair.targets[0]]
            moved = pair.method == "moved"
            tight = not moved and _tight(pair, ordered, source_rank, target_rank, ends)
            pair = replace(pair, confident=_confident(s, t, scorer, tight, moved))
        pairs.append(pair)
    return pairs


def _moved(
    source_units: list[Unit],
    target_units: list[Unit],
    used_sources: set[int],
    used_targets: set[int],
) -> list[Pair]:
    """Segments the translator moved (reordered list items), paired on a shared rare anchor."""
    candidates = []
    for s in source_units:
        if s.indices[0] in used_sources or not s.strong:
            continue
        for t in target_units:
            if t.indices[0] in used_targets or not (s.strong & t.strong) or s.shape != t.shape:
                continue
            score = similarity(s, t)
            if score >= RESCUE_SIMILARITY:
                candidates.append((score, s.indices[0], t.indices[0]))
    moved = []
    for score, s_index, t_index in sorted(candidates, reverse=True):
        if s_index in used_sources or t_index in used_targets:
            continue
        used_sources.add(s_index)
        used_targets.add(t_index)
        moved.append(Pair((s_index,), (t_index,), score, "moved", False))
    return moved


def _tight(
    pair: Pair,
    ordered: list[Pair],
    source_rank: dict[int, int],
    target_rank: dict[int, int],
    ends: tuple[int, int],
) -> bool:
    """Both neighbours are aligned too, with nothing skipped on either side."""
    position = ordered.index(pair)
    s, t = source_rank[pair.sources[0]], target_rank[pair.targets[0]]
    if position == 0:
        before = (-1, -1)
    else:
        previous = ordered[position - 1]
        before = (source_rank[previous.sources[-1]], target_rank[previous.targets[-1]])
    if position == len(ordered) - 1:
        after = ends
    else:
        following = ordered[position + 1]
        after = (source_rank[following.sources[0]], target_rank[following.targets[0]])
    return before == (s - 1, t - 1) and after == (s + 1, t + 1)


def _confident(s: Unit, t: Unit, scorer: _Scorer, tight: bool, moved: bool) -> bool:
    """Whether a 1:1 pair may be published without a translator looking at it.

    It must keep the kind of block (text, heading, table cell) and a plausible length, and
    either share a strong anchor (a link, an image, code, a XEP), or share several weaker
    ones (names, numbers) closely, or sit tightly between aligned neighbours and share
    something, or be a heading, or be short.
    """
    if family(s.shape) != family(t.shape) or not scorer.plausible_length(s, t):
        return False
    score = similarity(s, t)
    if s.strong & t.strong and score >= CONFIDENT_SIMILARITY:
        return True
    if moved:
        return False
    shared = sum(1 for feature in s.weights if feature in t.weights)
    if score >= RICH_SIMILARITY and shared >= 2:
        return True
    short = max(s.length, t.length) < TIGHT_SHORT
    return tight and (shared > 0 or s.shape == "heading" or short)


def _fill_gaps(
    pairs: list[Pair],
    source_units: list[Unit],
    target_units: list[Unit],
    scorer: _Scorer,
    used_sources: set[int],
    used_targets: set[int],
) -> list[Pair]:
    """Pair what lies between two aligned pairs by shape, when nothing contradicts it.

    A gap whose two sides have the same sequence of shapes is paired in order (what po4a
    does for the whole file), except that text longer than a line must share an anchor too;
    otherwise only segments of the same shape that share an anchor are paired, following
    the longest common sequence of shapes.
    """
    source_order = [unit.indices[0] for unit in source_units]
    target_order = [unit.indices[0] for unit in target_units]
    source_rank = {index: rank for rank, index in enumerate(source_order)}
    target_rank = {index: rank for rank, index in enumerate(target_order)}
    anchors = sorted(
        (source_rank[pair.sources[0]], source_rank[pair.sources[-1]],
         target_rank[pair.targets[0]], target_rank[pair.targets[-1]])
        for pair in pairs
        if pair.method != "moved"
    )  # fmt: skip
    bounds = [(-1, -1, -1, -1), *anchors, (len(source_order),) * 2 + (len(target_order),) * 2]
    filled: list[Pair] = []
    for before, after in itertools.pairwise(bounds):
        gap_sources = [
            source_units[r]
            for r in range(before[1] + 1, after[0])
            if source_order[r] not in used_sources
        ]
        gap_targets = [
            target_units[r]
            for r in range(before[3] + 1, after[2])
            if target_order[r] not in used_targets
        ]
        if not gap_sources or not gap_targets:
            continue
        same_shapes = [u.shape for u in gap_sources] == [u.shape for u in gap_targets]
        if same_shapes:
            matches = list(zip(gap_sources, gap_targets, strict=True))
        else:
            matches = _shape_alignment(gap_sources, gap_targets)
        for s, t in matches:
            if _contradicts(s, t) or not scorer.plausible_length(s, t):
                continue
            if shared_weight(s, t) <= 0.0 and not (
                same_shapes and (s.shape == "heading" or max(s.length, t.length) < TIGHT_SHORT)
            ):
                continue  # nothing in common but shape and place: too little for text
            filled.append(Pair(s.indices, t.indices, similarity(s, t), "structure", False))
    return filled


def _shape_alignment(sources: list[Unit], targets: list[Unit]) -> list[tuple[Unit, Unit]]:
    """Longest common subsequence of block shapes, for a gap whose shapes differ."""
    n, m = len(sources), len(targets)
    table = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            if sources[i].shape == targets[j].shape:
                table[i][j] = table[i + 1][j + 1] + 1
            else:
                table[i][j] = max(table[i + 1][j], table[i][j + 1])
    matches = []
    i = j = 0
    while i < n and j < m:
        if sources[i].shape == targets[j].shape and table[i][j] == table[i + 1][j + 1] + 1:
            matches.append((sources[i], targets[j]))
            i, j = i + 1, j + 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return matches


__all__ = ["Pair", "align"]
