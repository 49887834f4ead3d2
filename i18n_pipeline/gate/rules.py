"""The gate's rules on parsed texts: two tables of plain functions.

:data:`SHAPE_RULES` compare a msgid's :class:`.shape.Shape` with its translation's
(``(source, translated) -> list[Problem]``); :data:`SEGMENT_RULES` look at both restored
texts knowing the segment (``(segment, source, translated) -> list[Problem]``).  They run in
the order listed, which is the order ``check`` reports them.  A new rule goes here: write the
function, add it to its table, document its check id in docs/checks.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache

from ..dialect import markdown
from ..document import Segment, Syntax
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
    "task_item_open": "a task-list item (a checkbox)",
    "alert_open": "an alert",
    "dl_open": "a definition list",
    "footnote_reference_open": "a footnote",
}
# Hugo constructs a translation may not add, each with its own check id; any other change of
# the block structure is ``markdown-structure``.
_INTRODUCED = {
    "task_item_open": "tasklist-introduced",
    "alert_open": "alert-introduced",
    "dl_open": "definition-introduced",
    "dt_open": "definition-introduced",
    "dd_open": "definition-introduced",
    "footnote_reference_open": "footnote-introduced",
}


def structure_check(before: Sequence[str], after: Sequence[str]) -> tuple[str, str | None]:
    """The check id for blocks ``after`` that differ from ``before``, and the Hugo construct
    the change adds if it adds one (a checkbox, an alert, a definition, a footnote)."""
    added = Counter(after) - Counter(before)
    for kind, check in _INTRODUCED.items():
        if added[kind]:
            return check, kind
    return "markdown-structure", None


def block_name(kind: str) -> str:
    """How a message names a block token type."""
    return _BLOCK_NAMES.get(kind, kind)


def _structure(source: Shape, translated: Shape) -> list[Problem]:
    """A translation may be one plain paragraph, or have exactly the source's block shape."""
    before, after = source.blocks, translated.blocks
    if after in (before, _PARAGRAPH):
        return []
    if not after:
        return [error("markdown-structure", "translation is not Markdown text")]
    check, _ = structure_check(before, after)
    for index, kind in enumerate(after):
        if index >= len(before) or before[index] != kind:
            if kind in ("paragraph_close", "bullet_list_close"):
                continue
            return [error(check, f"translation starts {block_name(kind)}")]
    return [error(check, "translation drops part of the source's block structure")]


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
    """Raw HTML reaches the page as it is (Hugo's ``unsafe`` rendering, or a render hook).

    Only complete tags, comments and declarations are HTML to Goldmark (CommonMark's raw
    HTML); a lone ``<`` as in ``Nutzer<innen`` is printed as text (``&lt;``).
    """
    new_tags = translated.tags - source.tags
    if new_tags:
        shown = next(iter(new_tags))
        return [error("html-introduced", f"raw HTML not in the source {shown!r}")]
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
    """Emphasis markers left unpaired show as stray ``*`` or ``_`` on the page: a warning,
    since Goldmark prints them as text (``~20 Projekte``, a trailing ``*.``) and a segment's
    inline text cannot pair with its neighbours'."""
    if translated.stray_emphasis > source.stray_emphasis:
        return [warning("unbalanced-emphasis", "emphasis markers do not pair up")]
    if translated.emphasis != source.emphasis:
        return [warning("emphasis-changed", "emphasis differs from the source")]
    return []


def _brackets(source: Shape, translated: Shape) -> list[Problem]:
    """An unpaired ``[`` or ``]`` is printed as text (``:-]``): a warning.  What brackets
    could make is checked by its own rule: links and images (stand-ins, ``link-foreign``),
    reference links (:func:`_references`), footnotes (``footnote-introduced``)."""
    if translated.bracket_balance != source.bracket_balance:
        return [warning("unbalanced-brackets", "square brackets do not pair up")]
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


def _links(source: Shape, translated: Shape) -> list[Problem]:
    """Every ``<a>`` and ``<img>`` of the page, counted as the parse of the restored text
    makes them: a translation may replace a link by an override, never add one.  This
    catches what no single stand-in shows, such as a bare URL Goldmark links right after a
    restored autolink or shortcode (``{3}https://…``)."""
    if translated.links > source.links:
        added = translated.links - source.links
        return [
            error("link-foreign", f"translation makes {added} link(s) the source does not have")
        ]
    return []


def _footnotes(source: Shape, translated: Shape) -> list[Problem]:
    """``[^1]`` links to a footnote of the page and shows its number; a translation keeps
    the source's footnote references (they are stand-ins) and adds none."""
    return [
        error("footnote-introduced", f"footnote reference [^{label}] not in the source")
        for label in sorted(translated.footnotes - source.footnotes)
    ]


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
    _footnotes,
    _links,
)


def _heading_attributes(segment: Segment, source: str, translated: str) -> list[Problem]:
    """``## Text {#id .class style=…}``: Goldmark puts a heading's trailing attribute list on
    the ``<h2>`` (Hugo turns ``parser.attribute.title`` on by default), so a translation
    could add styles or classes, or take another heading's id (the page's ``#fragment``
    links would land there).  The source's own list is kept out of the msgid."""
    if segment.syntax is not Syntax.HEADING:
        return []
    added = _heading_attribute_list(translated)
    if added is None or added == _heading_attribute_list(source):
        return []
    return [error("heading-attributes", f"attribute list {added!r} on the heading")]


@lru_cache(maxsize=1024)
def _heading_attribute_list(text: str) -> str | None:
    """The attribute list Goldmark would take from a heading of ``text``, as written."""
    tokens = markdown().parse("# " + " ".join(text.split()) + "\n")
    if not tokens or tokens[0].type != "heading_open":
        return None
    found = tokens[0].meta.get("attributes")
    return str(found) if found else None


SegmentRule = Callable[[Segment, str, str], list[Problem]]

# Rules that depend on where the segment sits (a heading, a table cell...): each gets the
# segment and both texts with their stand-ins restored.  A rule on a kind of segment goes here.
SEGMENT_RULES: tuple[SegmentRule, ...] = (_heading_attributes,)


def segment_problems(segment: Segment, source: str, translated: str) -> list[Problem]:
    """Every rule of :data:`SEGMENT_RULES` on the restored msgid and translation."""
    return [problem for rule in SEGMENT_RULES for problem in rule(segment, source, translated)]


def compare(source: Shape, translated: Shape) -> list[Problem]:
    """Every rule of :data:`SHAPE_RULES` on the msgid's shape and the translation's."""
    return [problem for rule in SHAPE_RULES for problem in rule(source, translated)]


__all__ = [
    "SEGMENT_RULES",
    "SHAPE_RULES",
    "SegmentRule",
    "ShapeRule",
    "block_name",
    "compare",
    "segment_problems",
    "structure_check",
]
