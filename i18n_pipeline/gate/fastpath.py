"""The gate's fast path: plain text around stand-ins, proven harmless without a parse.

``tests/test_plain_gate.py`` asserts, on every corpus segment and on generated translations,
that whatever this accepts the parsed gate (:mod:`.parsed`) accepts too and renders the same.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from ..document import Document, Placeholder, PlaceholderKind, Segment
from ..splice import splice_spans
from .parsed import max_length
from .render import MARKDOWN_TEXT
from .schemes import dangerous_schemes, new_schemes
from .shape import raw_shape
from .standins import bare_url_problems, is_bare_url

# Characters that can start, end or change Markdown, HTML or shortcode syntax inside a line,
# control characters, and line separators; ``://``, ``www.`` and ``@`` are where Goldmark's
# linkify may make a link (a URL, a www. address, an e-mail address).  Text free of them is,
# to markdown-it and to Hugo, just text.
# (``&`` only as the start of an entity, ``#`` only where a line starts: see _BLOCK_START;
# ``*`` and ``_`` only as plain emphasis: see _plain_emphasis.)
_SYNTAX_CHARS = r"\[\]\\`<>{}~|\x00-\x1f\x7f-\x9f\u2028\u2029"
# (Each pattern starts with a look-ahead of its first characters, which lets the regex
# engine skip along the text instead of trying every alternative at every position.)
_NOT_PLAIN = re.compile(f"(?=[{_SYNTAX_CHARS}:&w@])(?:[{_SYNTAX_CHARS}@]|://|www\\.|&[A-Za-z0-9#])")
_NOT_PLAIN_LINK_TEXT = re.compile(f"[{_SYNTAX_CHARS}*]|&[A-Za-z0-9#]")  # no bare URLs there
# Inline code of single backticks, on one line, without a pipe (which splits table cells).
_CODE_SPAN = r"`[^`\n|]+`"
_LINK_TEXT = rf"[^{_SYNTAX_CHARS}*]*(?:{_CODE_SPAN}[^{_SYNTAX_CHARS}*]*)*"
_PLAIN_STANDIN = re.compile(
    rf"(?=[!\[{{`])(?:(!?)\[({_LINK_TEXT})\]\( *(\d{{1,4}})(?: +\"([^\"\\\n]*)\")? *\)"
    rf"|\{{(\d{{1,4}})\}}|({_CODE_SPAN}))"
)
_CODE_IN_LINK_TEXT = re.compile(_CODE_SPAN)
_EMPHASIS_RUN = re.compile(r"\*+|_+")
_AFTER_A_CLOSER = frozenset(".,;:!?)")
# What may not start a line of paragraph text without perhaps starting another block.
_BLOCK_START = frozenset("-+=!>#:0123456789")

_StandinKey = tuple[PlaceholderKind, str]  # (kind, token): ``(LINK, "2")``, ``(ATOM, "{3}")``


@dataclass
class _Plain:
    """What :func:`_plain_standins` found in a plain text."""

    standins: list[tuple[_StandinKey, int, int]]  # key, span of what restoring replaces
    emphasis: int  # pairs
    code_spans: list[tuple[int, int]]  # inline code, backticks included
    code: Counter[str] | None  # its contents, as _shape counts them (None: no code)


def _plain_standins(text: str) -> _Plain | None:
    """The stand-ins and inline code of ``text`` if all else is plain text.

    Link text and titles must be plain as well (code and ``_`` inside a word allowed).  None
    if anything else is there: a bracket, a stray backtick, a tag, an entity, emphasis that
    is not plain (:func:`_plain_emphasis`), a stand-in with a title in single quotes...
    """
    if _NOT_PLAIN.search(_PLAIN_STANDIN.sub(" ", text)):  # the text around them, in C
        return None
    standins: list[tuple[_StandinKey, int, int]] = []
    code_spans: list[tuple[int, int]] = []
    code: Counter[str] | None = None
    spans: list[tuple[int, int]] = []
    for match in _PLAIN_STANDIN.finditer(text):
        bang, label, number, title, atom, inline_code = match.groups()
        spans.append(match.span())
        if title and _NOT_PLAIN.search(title):
            return None
        if inline_code is not None:
            code_spans.append(match.span())
            code = code or Counter()
            code[inline_code[1:-1].strip()] += 1
        elif atom is not None:
            standins.append(((PlaceholderKind.ATOM, match.group()), *match.span()))
        else:
            kind = PlaceholderKind.IMAGE if bang else PlaceholderKind.LINK
            standins.append(((kind, number), *match.span(3)))
            label_code = _plain_link_text(label)
            if label_code is None:
                return None
            offset = match.start(2)
            for found in label_code:
                code_spans.append((offset + found.start(), offset + found.end()))
                code = code or Counter()
                code[found.group()[1:-1].strip()] += 1
    emphasis = 0
    if "*" in text or "_" in text:
        pairs = _plain_emphasis(text, spans)
        if pairs is None:
            return None
        emphasis = pairs
    return _Plain(standins, emphasis, code_spans, code)


def _plain_link_text(label: str) -> list[re.Match[str]] | None:
    """The inline code in a link text if the rest of it is plain, else None.

    Plain as text around stand-ins is, but for emphasis (none) and bare URLs (not linked
    inside a link); ``_`` only inside words.
    """
    found = list(_CODE_IN_LINK_TEXT.finditer(label)) if "`" in label else []
    if found:
        label = _CODE_IN_LINK_TEXT.sub(" ", label)
    if _NOT_PLAIN_LINK_TEXT.search(label) or (
        "_" in label and not _underscores_inside_words(label)
    ):
        return None
    return found


def _underscores_inside_words(text: str) -> bool:
    """Whether every ``_`` of ``text`` sits between two letters or digits (never emphasis)."""
    return all(
        run.start() > 0
        and run.end() < len(text)
        and text[run.start() - 1].isalnum()
        and text[run.end()].isalnum()
        for run in re.finditer("_+", text)
    )


def _plain_emphasis(text: str, standins: list[tuple[int, int]]) -> int | None:
    """The number of emphasis pairs in ``text``, if every ``*`` and ``_`` is plain.

    Plain: a run of one or two that opens (after a space, ``(`` or the start, before a
    letter or digit) followed by the same run closing it (after a letter or digit, before a
    space, closing punctuation or the end), pair after pair, or a run that is no emphasis at
    all (spaces on both sides, or ``_`` inside a word).  Such an opener can only open and
    such a closer only close under CommonMark's flanking rules, so markdown-it pairs them
    exactly so, with nothing left over; anything else (nesting, runs of three, a run next to
    a link) is left to the parsed gate.  Runs inside stand-ins (link titles) are not text.
    """
    pairs = 0
    opener: str | None = None
    for run in _EMPHASIS_RUN.finditer(text):
        start, end = run.span()
        if any(first <= start < last for first, last in standins):
            continue
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        delimiter = run.group()
        if start and before.isspace() and after.isspace():
            continue
        if delimiter[0] == "_" and before.isalnum() and after.isalnum():
            continue
        if len(delimiter) > 2:
            return None
        if opener is None and (before.isspace() or before == "(") and after.isalnum():
            opener = delimiter
        elif (
            opener == delimiter
            and before.isalnum()
            and (after.isspace() or after in _AFTER_A_CLOSER)
        ):
            opener = None
            pairs += 1
        else:
            return None
    return None if opener is not None else pairs


@dataclass(frozen=True)
class _PlainSource:
    """What the gate would find in a plain segment's own restored msgid, computed once."""

    placeholders: Mapping[_StandinKey, Placeholder]
    emphasis: int
    code: Counter[str] | None
    bare_urls: frozenset[int]  # numbers of the atoms that are bare URLs
    shortcodes: int
    tags: Counter[str]
    tag_starts: int
    schemes: Counter[str]


@lru_cache(maxsize=4096)
def _plain_source(segment: Segment) -> _PlainSource | None:
    if segment.syntax not in MARKDOWN_TEXT and segment.placeholders:
        return None  # no stand-ins are restored in front matter or shortcode attributes
    plain = _plain_standins(segment.msgid)
    if plain is None or any(_unsafe_piece(p.source) for p in segment.placeholders):
        return None
    placeholders = {(p.kind, p.token): p for p in segment.placeholders}
    if sorted(key for key, _, _ in plain.standins) != sorted(placeholders):
        return None
    edits = [(start, end, placeholders[key].source) for key, start, end in plain.standins]
    at = {start: placeholders[key] for key, start, _ in plain.standins}
    restored, spans = splice_spans(segment.msgid, edits + _unchanged(segment.msgid, plain))
    shortcodes, tags, tag_starts = raw_shape(restored, _blanked_spans(spans, at, plain))
    schemes = dangerous_schemes(restored)
    bare_urls = frozenset(
        p.number
        for p in segment.placeholders
        if p.kind is PlaceholderKind.ATOM and is_bare_url(p.source)
    )
    return _PlainSource(
        placeholders, plain.emphasis, plain.code, bare_urls, shortcodes, tags, tag_starts, schemes
    )


def _unsafe_piece(source: str) -> bool:
    """A restored source that could reach across into the text next to it (a line break,
    or a backtick that could pair with one of the translator's)."""
    return "\n" in source or "\r" in source or "`" in source


def _unchanged(text: str, plain: _Plain) -> list[tuple[int, int, str]]:
    """Inline code as edits that change nothing, so :func:`splice_spans` says where it ends up."""
    return [(start, end, text[start:end]) for start, end in plain.code_spans]


def _blanked_spans(
    spans: Iterable[tuple[int, int, int]], at: Mapping[int, Placeholder], plain: _Plain
) -> list[tuple[int, int]]:
    """What :func:`_shape` blanks before looking for tags: code, autolinks and bare URLs."""
    code = {start for start, _ in plain.code_spans}
    return [
        (start, end)
        for origin, start, end in spans
        if origin in code
        or (
            (placeholder := at.get(origin)) is not None
            and placeholder.kind is PlaceholderKind.ATOM
            and not placeholder.source.startswith("{{")
        )
    ]


def plain_restoration(segment: Segment, translation: str) -> str | None:
    """The translation with its stand-ins restored, if it provably has nothing to report.

    About nine in ten newsletter entries are text and stand-ins only: no brackets,
    backticks, emphasis, tags, entities, shortcodes or URLs of their own.  When both the
    msgid and the translation are such plain text (:func:`_plain_standins`), fit on one
    line, start like paragraph text, and use each stand-in exactly once, markdown-it parses
    them alike: the same links to the same places, no code, no emphasis, one paragraph in
    any context.  What the restored sources (URLs, shortcodes) could still do next to the
    translator's text is checked here the way :func:`parsed_translation_problems` checks it
    (bare URL boundaries, HTML tags, shortcode openings, ``javascript:`` and friends).  None
    means "not proven": the full gate decides.  ``tests/test_checks.py`` asserts on every
    corpus segment and on generated translations that whatever this accepts, the full gate
    accepts too and renders the same.
    """
    return restore_plain(_plain_source(segment), segment, translation)


def restore_plain(source: _PlainSource | None, segment: Segment, translation: str) -> str | None:
    """:func:`plain_restoration` with the segment's :func:`_plain_source` at hand
    (:func:`plain_sources` has them for a whole document).

    One pass over the stand-ins both checks the translation the way :func:`_plain_standins`
    checks a msgid and restores it: this runs for nearly every entry ``publish`` writes.
    """
    if source is None or not translation:
        return None
    if translation[0].isspace() or translation[-1].isspace():
        return None
    if len(translation) > max_length(segment.msgid):
        return None
    if _NOT_PLAIN.search(_PLAIN_STANDIN.sub(" ", translation)):  # the text around them
        return None
    wanted = source.placeholders
    pieces: list[str] = []
    matched: list[tuple[int, int]] = []  # stand-ins and code, which emphasis does not see
    blank: list[tuple[int, int]] = []  # code, autolinks and bare URLs, in the restored text
    bare: list[tuple[int, int, Placeholder]] = []
    used: set[int] = set()
    code: Counter[str] | None = None
    position = length = 0  # in the translation, in the restored text
    for match in _PLAIN_STANDIN.finditer(translation):
        bang, label, number, title, atom, inline_code = match.groups()
        start, end = match.span()
        matched.append((start, end))
        if inline_code is not None:
            code = code or Counter()
            code[inline_code[1:-1].strip()] += 1
            offset = length + start - position
            blank.append((offset, offset + end - start))
            continue
        if atom is not None:
            placeholder = wanted.get((PlaceholderKind.ATOM, match.group()))
            cut, cut_end = start, end
        else:
            kind = PlaceholderKind.IMAGE if bang else PlaceholderKind.LINK
            placeholder = wanted.get((kind, number))
            cut, cut_end = match.span(3)
            if title and _NOT_PLAIN.search(title):
                return None
            label_code = _plain_link_text(label)
            if label_code is None:
                return None
            label_start = match.start(2)
            for found in label_code:
                code = code or Counter()
                code[found.group()[1:-1].strip()] += 1
                offset = length + label_start + found.start() - position
                blank.append((offset, offset + found.end() - found.start()))
        if placeholder is None or placeholder.number in used:
            return None  # not in the source, or used twice
        used.add(placeholder.number)
        pieces += [translation[position:cut], placeholder.source]
        piece = length + cut - position
        length = piece + len(placeholder.source)
        position = cut_end
        if placeholder.kind is PlaceholderKind.ATOM and not placeholder.source.startswith("{{"):
            blank.append((piece, length))
            if placeholder.number in source.bare_urls:
                bare.append((piece, length, placeholder))
    if len(used) != len(wanted) or code != source.code:
        return None
    first = translation[0]
    if first in _BLOCK_START and not (first == "!" and matched and matched[0][0] == 0):
        return None  # a list, a heading...; "![image](1)" is fine
    emphasis = 0
    if "*" in translation or "_" in translation:
        pairs = _plain_emphasis(translation, matched)
        if pairs is None:
            return None
        emphasis = pairs
    if emphasis != source.emphasis:
        return None
    pieces.append(translation[position:])
    restored = "".join(pieces)
    for start, end, placeholder in bare:
        if bare_url_problems(segment.msgid, restored, start, end, placeholder):
            return None
    if "<" in restored or "{{" in restored:
        shortcodes, tags, tag_starts = raw_shape(restored, blank)
        if shortcodes > source.shortcodes or tag_starts > source.tag_starts:
            return None
        if tags and tags - source.tags:
            return None
    if new_schemes(restored, source.schemes):
        return None
    return restored


def plain_sources(document: Document) -> list[_PlainSource | None]:
    """:func:`_plain_source` of each segment of ``document``, in order, worked out once for
    the last document asked about (a worker publishes one source, in every language, at a
    time; a cache keyed by segment would hash and compare each one on every lookup)."""
    kept = _LAST_SOURCES[0]
    if kept is not None and kept[0] is document:
        return kept[1]
    sources = [_plain_source(segment) for segment in document.segments]
    _LAST_SOURCES[0] = (document, sources)
    return sources


_LAST_SOURCES: list[tuple[Document, list[_PlainSource | None]] | None] = [None]


__all__ = ["plain_restoration", "plain_sources", "restore_plain"]
