"""What a text is to Markdown, Hugo and a browser, parsed with the site's Markdown set-up.

The gate compares the msgid and the msgstr parsed the same way (markdown-it's tokens and the
marks :mod:`..mdsyntax` records), with the stand-ins restored as the page will have them; the
rules in :mod:`.rules` compare the two :class:`Shape` values.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .. import frontmatter
from ..dialect import markdown
from ..document import Document
from ..errors import PipelineError
from ..mdsyntax import MARKS_KEY, SOURCE_KEY, Mark
from .schemes import dangerous_schemes

if TYPE_CHECKING:
    # markdown-it-py is loaded by the parses here (:func:`..dialect.markdown`), not with the
    # gate: a translation its plain-text path accepts needs no parse
    from markdown_it.token import Token

_TAG_START = re.compile(r"<[A-Za-z!?/]")
# Every alternative stops at the next ``<``, so a msgstr of ``<a<a<a…`` costs linear time.
_HTML_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9\-]*(?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*>|</[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<!--[^<]*?-->|<![A-Za-z][^<>]*>|<\?[^<]*?\?>"
)
_SHORTCODE_OPEN = re.compile(r"\{\{[<%]")
_DELIMITER_RUN = re.compile(r"[*~]+|_+")


@dataclass(frozen=True)
class Shape:
    """What a text looks like to Markdown, Hugo and a browser; compared msgid vs msgstr."""

    blocks: tuple[str, ...]
    definitions: int  # link reference definitions (``[x]: url``) the text itself makes
    code: Counter[str]
    tags: Counter[str]
    tag_starts: int
    shortcodes: int
    schemes: Counter[str]
    emphasis: int  # em, strong and strikethrough pairs
    stray_emphasis: int  # ``*``, ``_``, ``~`` left over as text
    bracket_balance: int  # literal ``[`` minus literal ``]``
    references: Counter[str]  # destinations reached through reference links
    footnotes: Counter[str]  # labels of footnote references (``[^1]``) outside code
    links: int  # links and images the parse makes (linkify after another node included)


def _inline_parse(text: str, references: Mapping[str, Any]) -> tuple[list[Token], list[Mark]]:
    md = markdown()
    marks: list[Mark] = []
    env: dict[str, Any] = {MARKS_KEY: marks, SOURCE_KEY: text, "references": dict(references)}
    tokens: list[Token] = []
    md.inline.parse(text, md, env, tokens)
    return tokens, marks


def _reference_label(text: str) -> str:
    """The label of a reference link ``[text][label]``, ``[label][]`` or ``[label]``."""
    if text.startswith("!"):
        text = text[1:]
    if text.endswith("[]"):
        return text[1:-3]
    if text.endswith("]") and "][" in text:
        return text[text.rindex("[") + 1 : -1]
    return text[1:-1]


def blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces, so raw scans skip code and autolinks."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _stray_delimiters(text: str) -> int:
    """Runs of ``*``, ``_``, ``~`` left as text that look like emphasis without a partner.

    A run between spaces (``5 * 3``) and an underscore inside a word (``snake_case``) are
    ordinary characters, not broken markup.
    """
    count = 0
    for run in _DELIMITER_RUN.finditer(text):
        before = text[run.start() - 1] if run.start() else " "
        after = text[run.end()] if run.end() < len(text) else " "
        if before.isspace() and after.isspace():
            continue
        if run.group()[0] == "_" and before.isalnum() and after.isalnum():
            continue
        count += 1
    return count


References = tuple[tuple[str, str, str], ...]


def references_key(references: Mapping[str, Any]) -> References:
    """A hashable form of markdown-it's reference table, so shapes can be cached."""
    return tuple(
        sorted(
            (label, str(target.get("href", "")), str(target.get("title", "")))
            for label, target in references.items()
        )
    )


# Goldmark's task-list marker at the start of a list item's first paragraph (it accepts
# ``[x]done`` too, with no space: see dialect.py), and Hugo's alert marker at the start of a
# block quote (Hugo matches the rendered text, so an escaped ``\[!NOTE]`` counts as well).
# A footnote reference: Goldmark makes a link to the page's footnote of that label (and
# the footnote's text, with its links, appears in the page's footnote section).
_FOOTNOTE_REFERENCE = re.compile(r"\[\^([^\]\s]+)\]")
_TASK_MARKER = re.compile(r"\[[ xX]\]")
_ALERT_MARKER = re.compile(r"\\?\[![a-zA-Z]+\]")


def _block_name(tokens: list[Token], index: int) -> str:
    """A block token's type, or the Hugo construct it opens that its type does not show: a
    task-list item (a checkbox) or an alert (a styled box with a title)."""
    token = tokens[index]
    kind = token.type
    if kind in ("list_item_open", "blockquote_open") and index + 2 < len(tokens):
        first = tokens[index + 2]
        if tokens[index + 1].type == "paragraph_open" and first.type == "inline":
            marker = _TASK_MARKER if kind == "list_item_open" else _ALERT_MARKER
            if marker.match(first.content):
                return "task_item_open" if kind == "list_item_open" else "alert_open"
    return kind


def block_types(text: str) -> tuple[tuple[str, ...], int]:
    """The blocks of ``text`` (:func:`_block_name` of each block token) and the number of
    link reference definitions, without inline parsing."""
    md = markdown()
    env: dict[str, Any] = {}
    tokens: list[Token] = []
    normalised = re.sub(r"\r\n?", "\n", text).replace("\x00", "\ufffd")
    md.block.parse(normalised, md, env, tokens)
    types = tuple(
        _block_name(tokens, index) for index, token in enumerate(tokens) if token.type != "inline"
    )
    return types, len(env.get("references", {}))


@lru_cache(maxsize=4096)
def shape(text: str, references_key: References) -> Shape:
    from markdown_it.common.utils import normalizeReference  # loaded by the parse below

    references = {label: {"href": href, "title": title} for label, href, title in references_key}
    blocks, definitions = block_types(text)
    tokens, marks = _inline_parse(text, references)
    code = Counter(
        text[mark.start : mark.end].strip("`").strip() for mark in marks if mark.kind == "code"
    )
    shortcodes, tags, tag_starts = raw_shape(
        text, ((m.start, m.end) for m in marks if m.kind in ("code", "autolink", "bare_url"))
    )
    code_spans = [(m.start, m.end) for m in marks if m.kind == "code"]
    footnotes = Counter(
        found.group(1) for found in _FOOTNOTE_REFERENCE.finditer(blanked(text, code_spans))
    )
    literal = "".join(token.content for token in tokens if token.type == "text")
    stray = sum(_stray_delimiters(token.content) for token in tokens if token.type == "text")
    resolved: Counter[str] = Counter()
    for mark in marks:
        if mark.kind == "reflink":
            target = references.get(
                normalizeReference(_reference_label(text[mark.start : mark.end]))
            )
            if target is not None:
                resolved[str(target.get("href", ""))] += 1
    return Shape(
        blocks=blocks,
        definitions=definitions,
        code=code,
        tags=tags,
        tag_starts=tag_starts,
        shortcodes=shortcodes,
        schemes=dangerous_schemes(text),
        emphasis=sum(1 for t in tokens if t.type in ("em_open", "strong_open", "s_open")),
        stray_emphasis=stray,
        bracket_balance=literal.count("[") - literal.count("]"),
        references=resolved,
        footnotes=footnotes,
        links=sum(1 for token in tokens if token.type in ("link_open", "image")),
    )


_NO_TAGS: Counter[str] = Counter()  # never changed: only compared and subtracted from


def raw_shape(restored: str, blank: Iterable[tuple[int, int]]) -> tuple[int, Counter[str], int]:
    """Shortcode openings, HTML tags and tag starts of ``restored``, with the ``blank`` spans
    (code, autolinks, bare URLs) left out of the tag scan: browsers and Hugo read raw text."""
    shortcodes = len(_SHORTCODE_OPEN.findall(restored)) if "{{" in restored else 0
    if "<" not in restored:
        return shortcodes, _NO_TAGS, 0
    plain = blanked(restored, blank)
    tags = Counter(found.group(0) for found in _HTML_TAG.finditer(plain))
    return shortcodes, tags, len(_TAG_START.findall(plain))


@lru_cache(maxsize=8)
def _references_of(text: str) -> dict[str, Any]:
    start = 1 if text.startswith("\ufeff") else 0
    try:
        found = frontmatter.locate(text, start)
    except PipelineError:
        found = None
    body = text[found.body_start if found else start :]
    env: dict[str, Any] = {}
    try:
        markdown().parse(body, env)
    except RecursionError:
        return {}
    return dict(env.get("references", {}))


def document_references(document: Document) -> Mapping[str, Any]:
    """The link reference definitions of a source, keyed by normalised label."""
    if document.references is not None:
        return document.references
    return _references_of(document.text)


__all__ = ["References", "Shape", "block_types", "document_references", "raw_shape", "shape"]
