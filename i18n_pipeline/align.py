"""Import a human translation: align it with its source and turn it into msgstrs.

A translator who rewrote ``issue.md`` by hand as ``issue.de.md`` merged and split
paragraphs, added a "translated by" line, dropped a section, reordered list items.  A pure
structure match (po4a-gettextize) breaks at the first such edit, so both files are parsed
with the same parser and their segments are aligned on what two languages still share:

* link destinations and image sources (the strongest anchor: translators keep them),
  autolinks, shortcodes and the other attributes of a shortcode whose caption is translated;
* inline code, XEP numbers, other numbers, and words that survive translation (names such
  as Gajim or OMEMO, untranslated titles), each weighted by how rare it is in the two files,
  so that "XMPP" counts for little and a version number or a URL for a lot;
* block shape (heading, paragraph, list item, table cell), relative position and length.

The alignment is monotone dynamic programming (Needleman–Wunsch with free skips on both
sides) over 1:1 pairs and 2:1 / 1:2 merges, scored by the weighted overlap of anchors.  Pairs
that share nothing are never formed by it.  Two passes follow: list items the translator
moved are paired out of order when they share a rare anchor, and a gap between two aligned
pairs whose sides have the same sequence of block shapes is paired in order (headings and
short lines on their place alone, longer text only if it shares an anchor, never when
strong anchors contradict).  Front matter values pair by key.

The msgstr of a pair is written with the *source's* stand-in numbers: each link of the
translated segment is mapped to the source placeholder with the same destination, so
publishing the imported catalog restores exactly the source's links.  A translated link to
a URL the source segment does not have is kept as an explicit URL (http and https only);
anything else makes the pair fuzzy.  A translated entry is one that publishes without
refusal; everything doubtful is fuzzy, everything unmatched stays empty.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

import polib

from .dialect import scan_inline
from .document import Document, PlaceholderKind, Segment, Syntax
from .gate import GateOptions, TranslationRefused, render_segment
from .gate.options import DEFAULT
from .shortcodes import named_params
from .splice import splice
from .update import merge

FUZZY = "fuzzy"

# Base weights of anchor kinds, before dividing by how often the anchor occurs.
_WEIGHTS = {
    "url": 4.0,  # link destination, autolink, bare URL
    "img": 5.0,  # image source
    "loose": 1.5,  # URL with language path parts and trailing slash removed
    "sc": 3.0,  # inline shortcode, verbatim
    "attr": 4.0,  # another attribute of the shortcode a translated attribute belongs to
    "code": 2.5,  # inline code span
    "xep": 3.0,  # XEP-0060
    "text": 6.0,  # the whole text is identical (left untranslated)
    "num": 1.0,  # a number or version
    "name": 1.5,  # a word with a capital letter or a digit, as written
    "stem": 0.5,  # the first five letters of a longer word, case-folded (cognates)
}
_STRONG = frozenset({"url", "img", "loose", "sc", "attr", "code", "xep", "text"})
# Kinds whose anchors exist regardless of language; the others only count when both
# documents contain them somewhere (an English word absent from the German file says nothing).
_STRUCTURAL = frozenset({"url", "img", "loose", "sc", "attr"})

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

_CODE_SPAN = re.compile(r"`+[^`]+`+")
_XEP = re.compile(r"\bXEP[-\s]?(\d{4})\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][^\W_]*|\d+", re.UNICODE)
_STANDIN_TEXT = re.compile(r"\]\(\d{1,4}(?=[ )])|\{\d{1,4}\}")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])[\s\u00a0]+(?=\S)|\n")
_LIST_MARKER = re.compile(r"(?:^|[ \t>])(?:[-*+]|\d{1,9}[.)])[ \t]+$")
_LANGUAGE_PART = re.compile(r"/(?:[a-z]{2}(?:[-_][a-zA-Z]{2})?)(?=/|$)")
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


# --- anchors -------------------------------------------------------------------------------


def _url_key(url: str) -> str:
    url = url.strip().strip("<>").strip()
    url = re.sub(
        r"^([a-zA-Z][\w+.-]*://)([^/]*)", lambda m: m.group(1).lower() + m.group(2).lower(), url
    )
    return url


def _loose_url(url: str) -> str:
    """The URL without scheme, ``www.``, language path parts, query language and final slash."""
    url = _url_key(url)
    url = re.sub(r"^[a-z]+://(www\.)?", "", url)
    url = _LANGUAGE_PART.sub("", url)
    url = re.sub(r"[?&](lang|hl|language)=[\w-]+", "", url)
    return url.rstrip("/")


def _bare_text(msgid: str) -> str:
    """The msgid without stand-in numbers, for words, numbers and equality."""
    return _STANDIN_TEXT.sub("]", msgid)


def _shape(document: Document, segment: Segment) -> str:
    """The kind of block, as far as a translator keeps it: heading levels may change."""
    if segment.syntax is Syntax.HEADING or segment.kind == "heading":
        return "heading"
    if segment.syntax is Syntax.TABLE_CELL:
        return "cell"
    if segment.syntax is not Syntax.INLINE:
        return segment.kind  # "shortcode figure caption", "front matter title"…
    line_start = document.text.rfind("\n", 0, segment.start) + 1
    prefix = document.text[line_start : segment.start]
    if _LIST_MARKER.search(prefix):
        return "item"
    if ">" in prefix:
        return "quote"
    return "paragraph"


_TEXT_SHAPES = frozenset({"paragraph", "item", "quote"})


def _family(shape: str) -> str:
    """Paragraphs, list items and quotes hold the same kind of text; translators swap them."""
    return "text" if shape in _TEXT_SHAPES else shape


def _enclosing_shortcode_params(document: Document, segment: Segment) -> list[tuple[str, str]]:
    start = document.text.rfind("{{", 0, segment.start)
    end = document.text.find("}}", segment.end)
    if start < 0 or end < 0:
        return []
    return [(p.name, p.value) for p in named_params(document.text[start : end + 2])]


def _raw_features(document: Document, segment: Segment, translatable: set[str]) -> Counter[str]:
    features: Counter[str] = Counter()
    for placeholder in segment.placeholders:
        source = placeholder.source
        if placeholder.kind is PlaceholderKind.ATOM and source.startswith("{{"):
            features["sc:" + _SPACES.sub(" ", source)] += 1
            continue
        kind = "img" if placeholder.kind is PlaceholderKind.IMAGE else "url"
        features[f"{kind}:{_url_key(source)}"] += 1
        features["loose:" + _loose_url(source)] += 1
    if segment.syntax is Syntax.SHORTCODE_ATTR:
        for name, value in _enclosing_shortcode_params(document, segment):
            if name not in translatable and value.strip():
                features[f"attr:{name}={value}"] += 1
                if name == "src":  # a figure: its image may be a Markdown image elsewhere
                    features["img:" + _url_key(value)] += 1
                    features["loose:" + _loose_url(value)] += 1
    text = _bare_text(segment.msgid)
    for code in _CODE_SPAN.findall(text):
        features["code:" + code.strip("`").strip()] += 1
    for number in _XEP.findall(text):
        features["xep:" + number] += 1
    for number in _NUMBER.findall(_CODE_SPAN.sub(" ", text)):
        features["num:" + number] += 1
    for word in _WORD.findall(_CODE_SPAN.sub(" ", text)):
        if word.isdigit():
            continue
        if any(c.isupper() for c in word) and len(word) >= 2:
            features["name:" + word] += 1
        if len(word) >= 5:
            features["stem:" + word[:5].casefold()] += 1
    plain = _SPACES.sub(" ", text).strip()
    if len(plain) >= 3:
        features["text:" + plain] += 1
    return features


@dataclass
class Unit:
    """One segment, or two neighbouring ones, as the aligner sees it."""

    indices: tuple[int, ...]
    weights: dict[str, float]  # anchor → effective weight
    total: float
    strong: frozenset[str]  # the strong anchors among ``weights``
    length: int
    shape: str
    position: float  # relative position in its document, 0..1


def _kind(feature: str) -> str:
    return feature.split(":", 1)[0]


class _Side:
    """The anchors of one document's body segments, with rarity-adjusted weights."""

    def __init__(self, document: Document, indices: list[int], translatable: set[str]):
        self.indices = indices
        self.raw = [_raw_features(document, document.segments[i], translatable) for i in indices]
        self.frequency: Counter[str] = Counter()
        for features in self.raw:
            self.frequency.update(set(features))
        self.shapes = [_shape(document, document.segments[i]) for i in indices]
        self.lengths = [len(_bare_text(document.segments[i].msgid)) for i in indices]


def _units(side: _Side, other: _Side) -> list[Unit]:
    units = []
    count = max(len(side.indices), 1)
    for position, (index, raw) in enumerate(zip(side.indices, side.raw, strict=True)):
        weights: dict[str, float] = {}
        for feature in raw:
            kind = _kind(feature)
            if kind not in _STRUCTURAL and feature not in other.frequency:
                continue
            rarity = max(side.frequency[feature], other.frequency.get(feature, 0))
            weights[feature] = _WEIGHTS[kind] / rarity
        strong = frozenset(f for f in weights if _kind(f) in _STRONG)
        units.append(
            Unit(
                (index,),
                weights,
                sum(weights.values()),
                strong,
                side.lengths[position],
                side.shapes[position],
                position / count,
            )
        )
    return units


def _merge_units(first: Unit, second: Unit) -> Unit:
    weights = dict(first.weights)
    for feature, weight in second.weights.items():
        weights[feature] = max(weight, weights.get(feature, 0.0))
    return Unit(
        first.indices + second.indices,
        weights,
        sum(weights.values()),
        first.strong | second.strong,
        first.length + second.length + 1,
        first.shape,
        first.position,
    )


def _shared(first: Unit, second: Unit) -> float:
    small, large = sorted((first.weights, second.weights), key=len)
    return sum(min(weight, large[f]) for f, weight in small.items() if f in large)


def similarity(first: Unit, second: Unit) -> float:
    """Weighted Dice overlap of anchors, in [0, 1]."""
    if not first.total or not second.total:
        return 0.0
    return 2.0 * _shared(first, second) / (first.total + second.total)


# --- alignment -----------------------------------------------------------------------------


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
        shared = _shared(source, target)
        if shared <= 0.0:
            return None
        value = 2.0 * shared / (source.total + target.total)
        if _family(source.shape) != _family(target.shape):
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
            merged[k] = _merge_units(first, second)
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
    splittable = [bool(_boundaries(target_doc.segments[u.indices[0]].msgid)) for u in targets]
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

    source_side = _Side(source, body(source), attrs)
    target_side = _Side(translation, body(translation), attrs)
    source_units = _units(source_side, target_side)
    target_units = _units(target_side, source_side)
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
    if _family(s.shape) != _family(t.shape) or not scorer.plausible_length(s, t):
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
            if _shared(s, t) <= 0.0 and not (
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


# --- msgstrs -------------------------------------------------------------------------------


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
        key = raw if kind is PlaceholderKind.ATOM else _url_key(raw)
        for placeholder in source.placeholders:
            if placeholder.number in used or placeholder.kind is not kind:
                continue
            other = placeholder.source
            if (other if kind is PlaceholderKind.ATOM else _url_key(other)) == key:
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


def _boundaries(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries (end of one, start of the next) outside brackets and code."""
    depth = 0
    in_code = False
    outside: list[bool] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            outside.extend([depth == 0 and not in_code] * 2)
            index += 2
            continue
        if char == "`":
            in_code = not in_code
        elif not in_code and char in "[(":
            depth += 1
        elif not in_code and char in "])":
            depth = max(depth - 1, 0)
        outside.append(depth == 0 and not in_code)
        index += 1
    return [
        (found.start(), found.end())
        for found in _SENTENCE_END.finditer(text)
        if found.start() < len(outside) and outside[found.start()]
    ]


def _split(text: str, target: Segment, first: Segment, second: Segment) -> tuple[str, str] | None:
    """Cut one translated paragraph into the parts that render two source paragraphs."""
    candidates = _boundaries(text)
    if not candidates:
        return None
    first_urls = {_url_key(p.source) for p in first.placeholders}
    second_urls = {_url_key(p.source) for p in second.placeholders}
    share = len(first.msgid) / max(len(first.msgid) + len(second.msgid), 1)

    def urls(part: str) -> list[str]:
        found = []
        for mark in scan_inline(part):
            if mark.kind in ("link", "image") and mark.dest is not None:
                placeholder = target.placeholder(part[mark.dest[0] : mark.dest[1]])
                if placeholder is not None:
                    found.append(_url_key(placeholder.source))
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


# --- catalogs ------------------------------------------------------------------------------


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
    "Pair",
    "align",
    "fill_catalog",
    "import_translation",
    "imported_catalog",
    "lenient_text",
    "map_standins",
]
