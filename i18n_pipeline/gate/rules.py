"""The rules that compare a msgid's :class:`.shape.Shape` with its translation's.

Each rule is a plain function ``(source, translated) -> list[Problem]``, and
:data:`SHAPE_RULES` lists them in the order ``check`` reports them.  A new rule on the parsed
texts goes here: write the function, add it to the table, document its check id in
docs/checks.md.
"""

from __future__ import annotations

from collections.abc import Callable

from .findings import Problem, error, warning
from .shape import Shape

_PARAGRAPH = ("paragraph_open", "paragraph_close")
_BLOCK_NAMES = {
    "bullet_list_open": "a list",
    "ordered_list_open": "a numbered list",
    "heading_open": "a heading",
    "fence": "a code fence",
    "code_block": "an indented code block",
    "table_open": "a table",
    "blockquote_open": "a block quote",
    "hr": "a thematic break",
    "html_block": "an HTML block",
    "hugo_shortcode": "a shortcode block",
    "paragraph_open": "a new paragraph",
}


def _structure(source: Shape, translated: Shape) -> list[Problem]:
    """A translation may be one plain paragraph, or have exactly the source's block shape."""
    before, after = source.blocks, translated.blocks
    if after in (before, _PARAGRAPH):
        return []
    if not after:
        return [error("markdown-structure", "translation is not Markdown text")]
    for index, kind in enumerate(after):
        if index >= len(before) or before[index] != kind:
            if kind in ("paragraph_close", "bullet_list_close"):
                continue
            name = _BLOCK_NAMES.get(kind, kind)
            return [error("markdown-structure", f"translation starts {name}")]
    return [error("markdown-structure", "translation drops part of the source's block structure")]


def _definitions(source: Shape, translated: Shape) -> list[Problem]:
    """``[x]: url`` on a line of its own defines a link target for the whole page."""
    if translated.definitions > source.definitions:
        return [error("markdown-structure", "translation defines a link reference")]
    return []


def _code(source: Shape, translated: Shape) -> list[Problem]:
    """Inline code is commands, names and values: a translation keeps it as it is."""
    if source.code - translated.code:
        changed = sorted(source.code - translated.code)
        return [error("code-changed", f"inline code changed or missing: {changed[0]!r}")]
    if translated.code - source.code:
        added = sorted(translated.code - source.code)
        return [warning("code-added", f"inline code not in the source: {added[0]!r}")]
    return []


def _html(source: Shape, translated: Shape) -> list[Problem]:
    """Raw HTML reaches the page as it is (Hugo's ``unsafe`` rendering, or a render hook)."""
    new_tags = translated.tags - source.tags
    if new_tags or translated.tag_starts > source.tag_starts:
        shown = next(iter(new_tags), "")
        return [error("html-introduced", f"raw HTML not in the source {shown!r}".strip())]
    return []


def _shortcodes(source: Shape, translated: Shape) -> list[Problem]:
    """A shortcode runs a template: Hugo executes whatever ``{{< … >}}`` names."""
    if translated.shortcodes > source.shortcodes:
        return [error("shortcode-introduced", "Hugo shortcode not in the source")]
    return []


def _schemes(source: Shape, translated: Shape) -> list[Problem]:
    """A ``javascript:`` or ``data:`` URL runs code in the reader's browser."""
    return [
        error("url-scheme", f"{scheme}: URL in the translation")
        for scheme in sorted(translated.schemes - source.schemes)
    ]


def _emphasis(source: Shape, translated: Shape) -> list[Problem]:
    """Emphasis markers left unpaired show as stray ``*`` or ``_`` on the page."""
    if translated.stray_emphasis > source.stray_emphasis:
        return [error("unbalanced-emphasis", "emphasis markers do not pair up")]
    if translated.emphasis != source.emphasis:
        return [warning("emphasis-changed", "emphasis differs from the source")]
    return []


def _brackets(source: Shape, translated: Shape) -> list[Problem]:
    """An unpaired ``[`` or ``]`` can turn neighbouring text into a link or drop one."""
    if translated.bracket_balance != source.bracket_balance:
        return [error("unbalanced-brackets", "square brackets do not pair up")]
    return []


def _references(source: Shape, translated: Shape) -> list[Problem]:
    """``[text][label]`` reaches the page's link definitions: the same targets as the source."""
    problems = [
        error("link-foreign", f"reference link to {href!r} is not in the source")
        for href in sorted(translated.references - source.references)
    ]
    problems += [
        error("standin-missing", f"reference link to {href!r} is missing")
        for href in sorted(source.references - translated.references)
    ]
    return problems


ShapeRule = Callable[[Shape, Shape], list[Problem]]

# The rules on parsed texts, in the order their problems are reported.
SHAPE_RULES: tuple[ShapeRule, ...] = (
    _structure,
    _definitions,
    _code,
    _html,
    _shortcodes,
    _schemes,
    _emphasis,
    _brackets,
    _references,
)


def compare(source: Shape, translated: Shape) -> list[Problem]:
    """Every rule of :data:`SHAPE_RULES` on the msgid's shape and the translation's."""
    return [problem for rule in SHAPE_RULES for problem in rule(source, translated)]


__all__ = ["SHAPE_RULES", "ShapeRule", "compare"]
