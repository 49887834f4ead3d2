"""What the aligner of human translations (:mod:`.align`) compares: a segment's anchors.

Two languages share little text, so a segment is described by what survives translation:

* link destinations and image sources (the strongest anchor: translators keep them),
  autolinks, shortcodes and the other attributes of a shortcode whose caption is translated;
* inline code, XEP numbers, other numbers, and words that survive translation (names such
  as Gajim or OMEMO, untranslated titles), each weighted by how rare it is in the two files,
  so that "XMPP" counts for little and a version number or a URL for a lot;
* block shape (heading, paragraph, list item, table cell), relative position and length.

A :class:`Unit` holds that for one segment (or two neighbouring ones a translator merged),
:func:`similarity` is the weighted overlap of two units' anchors, and :func:`boundaries`
finds where a translated paragraph may be cut between sentences.  A module of its own
because both the alignment and the writing of msgstrs (:mod:`.align_import`) read it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .document import Document, PlaceholderKind, Segment, Syntax
from .shortcodes import named_params

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
_CODE_SPAN = re.compile(r"`+[^`]+`+")
_XEP = re.compile(r"\bXEP[-\s]?(\d{4})\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_WORD = re.compile(r"[^\W\d_][^\W_]*|\d+", re.UNICODE)
_STANDIN_TEXT = re.compile(r"\]\(\d{1,4}(?=[ )])|\{\d{1,4}\}")
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?…:;])[\s\u00a0]+(?=\S)|\n")
_LIST_MARKER = re.compile(r"(?:^|[ \t>])(?:[-*+]|\d{1,9}[.)])[ \t]+$")
_LANGUAGE_PART = re.compile(r"/(?:[a-z]{2}(?:[-_][a-zA-Z]{2})?)(?=/|$)")


def url_key(url: str) -> str:
    url = url.strip().strip("<>").strip()
    url = re.sub(
        r"^([a-zA-Z][\w+.-]*://)([^/]*)", lambda m: m.group(1).lower() + m.group(2).lower(), url
    )
    return url


def _loose_url(url: str) -> str:
    """The URL without scheme, ``www.``, language path parts, query language and final slash."""
    url = url_key(url)
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


def family(shape: str) -> str:
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
        features[f"{kind}:{url_key(source)}"] += 1
        features["loose:" + _loose_url(source)] += 1
    if segment.syntax is Syntax.SHORTCODE_ATTR:
        for name, value in _enclosing_shortcode_params(document, segment):
            if name not in translatable and value.strip():
                features[f"attr:{name}={value}"] += 1
                if name == "src":  # a figure: its image may be a Markdown image elsewhere
                    features["img:" + url_key(value)] += 1
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


class Side:
    """The anchors of one document's body segments, with rarity-adjusted weights."""

    def __init__(self, document: Document, indices: list[int], translatable: set[str]):
        self.indices = indices
        self.raw = [_raw_features(document, document.segments[i], translatable) for i in indices]
        self.frequency: Counter[str] = Counter()
        for features in self.raw:
            self.frequency.update(set(features))
        self.shapes = [_shape(document, document.segments[i]) for i in indices]
        self.lengths = [len(_bare_text(document.segments[i].msgid)) for i in indices]


def side_units(side: Side, other: Side) -> list[Unit]:
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


def merge_units(first: Unit, second: Unit) -> Unit:
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


def shared_weight(first: Unit, second: Unit) -> float:
    small, large = sorted((first.weights, second.weights), key=len)
    return sum(min(weight, large[f]) for f, weight in small.items() if f in large)


def similarity(first: Unit, second: Unit) -> float:
    """Weighted Dice overlap of anchors, in [0, 1]."""
    if not first.total or not second.total:
        return 0.0
    return 2.0 * shared_weight(first, second) / (first.total + second.total)


def boundaries(text: str) -> list[tuple[int, int]]:
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


__all__ = [
    "Side",
    "Unit",
    "boundaries",
    "family",
    "merge_units",
    "shared_weight",
    "side_units",
    "similarity",
    "url_key",
]
