"""Hugo's Markdown: markdown-it-py set up the way Hugo 0.161.0 sets up Goldmark by default.

The site is built by Hugo, whose Markdown is Goldmark (v1.8.2 in Hugo 0.161.0) with Hugo's
defaults (``markup.goldmark`` in Hugo's config) and Hugo's own layers (shortcodes, front
matter).  Extraction (:mod:`.parse`) and the gate (:mod:`.gate`, ``publish``) must see the
same constructs Hugo renders, or a page is cut wrongly and a translation can pass ``check``
and still put on the site something the source does not have.  This module is the one place
that set-up is made: :func:`markdown` returns the parser, :func:`scan_inline` the marks of
one inline text.

What Hugo enables by default, and what stands for it here:

=======================  ===========================  ==========================================
Hugo (Goldmark)          default                      here
=======================  ===========================  ==========================================
``table``                on                           markdown-it's ``table`` rule
``strikethrough``        on (``~x~`` and ``~~x~~``)   ``strikethrough``, single tilde allowed
``linkify``              on (URL, ``www.``, e-mail)   :mod:`.linkify`, a port of Goldmark's rules
``footnote``             on                           mdit-py-plugins ``footnote`` (no inline
                                                      ``^[...]`` footnotes: Goldmark has none)
``definitionList``       on                           mdit-py-plugins ``deflist``, ``:`` only
``taskList``             on                           :func:`_task_lists`, Goldmark's rule
``typographer``          on                           nothing: it only changes how text is
                                                      rendered (quotes, dashes), never what is
                                                      a link, a block or a segment
``parser.attribute``     ``title = true``,            :func:`_heading_attributes`, a port of
                         ``block = false``            Goldmark's attribute-list grammar, on
                                                      ATX and setext headings only
alerts ``> [!NOTE]``     always (Hugo's blockquote    :func:`_alerts`: Hugo's own pattern, noted
                         render hook decides)         on the ``blockquote_open`` token
``renderer.unsafe``      off: raw HTML is omitted     parsed as HTML (``html_block``,
                                                      ``html_inline``): never translatable text
=======================  ===========================  ==========================================

Extensions off by default in Hugo (CJK, passthrough, extras, emoji, block attributes) are not
modelled; a site that turns one of them on is not supported yet.  A site that turns a default
extension off says so in our config (``[markdown.extensions]``, see docs/configuration.md),
which gives :class:`Extensions`.

Known differences between this parser and Goldmark, each seen in the pinned Hugo's output
(Hugo decides; each is either harmless for segmentation, because the skeleton keeps the
source's layout, or noted as a limit):

- linkify in an image's alt text: markdown-it parses the alt text as a separate inline run in
  which the linkify rule applies; Goldmark does not linkify inside link labels.  Alt text is
  rendered as plain text by both, so no link results.
- definition lists: Goldmark makes every line of the paragraph before ``: `` a term;
  markdown-it only the last line (the lines before stay a paragraph).  Both keep the source's
  lines, so a translated page has Goldmark's structure again.  markdown-it also accepts ``~``
  and indented ``:`` markers after the first description; Goldmark does not.  The first marker
  is checked here (``:`` at the block's indentation), later ones are not.
- tables: Goldmark makes a table of a header row with fewer cells than the delimiter row
  (it pads the header); markdown-it wants the same number: :func:`_goldmark_table` pads it.
- heading attributes: not a difference, but a limit of ours: a heading with an attribute
  list but no id, linked to from its page, keeps its automatic id only while its text is
  unchanged (reassemble pins an id only on a heading without a list).
- alerts: Hugo recognises ``[!TYPE]`` on the rendered first line of a block quote, so an
  escaped ``\\[!NOTE]`` is an alert too; segmentation moves the marker out of the msgid only
  when it is written literally (``[!NOTE]``, ``[!NOTE]-``, ``[!NOTE]+``).
- typographer: ``--``, ``...`` and quotes render as typographic characters in Hugo; msgids
  keep the source characters (the translation is rendered by Hugo the same way).
- raw HTML: Hugo omits it from the page (``unsafe = false``); markdown-it renders it.  The
  gate treats HTML as a construct a msgid may not gain either way.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, fields
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from . import mdsyntax
from .mdsyntax import CODE_SHORTCODES_OPTION, LINKIFY_OPTION, Mark

if TYPE_CHECKING:
    # markdown-it-py and its plugins are imported by :func:`markdown`, when a parser is first
    # built: a ``publish`` whose page was parsed before and whose translations pass the
    # gate's plain-text path uses neither, and they take about 25 ms to import.
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore

# Hugo's own ``highlight``, and the names sites (Hugo's docs among them) give theirs
CODE_SHORTCODES = ("highlight", "code", "code-toggle", "codeblock", "code-block")


@dataclass(frozen=True)
class Extensions:
    """Goldmark extensions Hugo enables by default; a site may turn each off (Hugo's names)."""

    table: bool = True
    strikethrough: bool = True
    linkify: bool = True
    footnote: bool = True
    definitionList: bool = True  # Hugo's spelling, as in its config
    taskList: bool = True
    typographer: bool = True  # rendering only: accepted so Hugo's settings can be copied
    attribute_title: bool = True  # ``markup.goldmark.parser.attribute.title``
    # Hugo's layer: shortcodes whose body is code, never Markdown (``[shortcodes] code``)
    code_shortcodes: tuple[str, ...] = CODE_SHORTCODES

    @classmethod
    def from_config(cls, markdown: Mapping[str, Any]) -> Extensions:
        """From the config's ``[markdown]`` table; raises ValueError naming a bad key."""
        if not isinstance(markdown, Mapping):
            raise ValueError("'markdown' must be a table")
        unknown = set(markdown) - {"extensions", "parser"}
        if unknown:
            raise ValueError(f"unknown keys in [markdown]: {', '.join(sorted(unknown))}")
        values: dict[str, Any] = {}
        extensions = markdown.get("extensions", {})
        names = {field.name for field in fields(cls)} - {"attribute_title", "code_shortcodes"}
        if not isinstance(extensions, Mapping):
            raise ValueError("'markdown.extensions' must be a table")
        for name, value in extensions.items():
            if name not in names:
                raise ValueError(
                    f"unknown Markdown extension '{name}' (known: {', '.join(sorted(names))})"
                )
            if not isinstance(value, bool):
                raise ValueError(f"'markdown.extensions.{name}' must be true or false")
            values[name] = value
        parser = markdown.get("parser", {})
        attribute = parser.get("attribute", {}) if isinstance(parser, Mapping) else None
        if not isinstance(attribute, Mapping) or set(parser) - {"attribute"}:
            raise ValueError("'markdown.parser' may only hold 'attribute.title'")
        for name, value in attribute.items():
            if name != "title" or not isinstance(value, bool):
                raise ValueError("'markdown.parser.attribute' may only hold 'title' = true/false")
            values["attribute_title"] = value
        return cls(**values)


DEFAULT = Extensions()


# --- heading attribute lists (goldmark parser/attribute.go, parser/atx_heading.go) ----------


# Attribute lists (``{#id .class key=value}``) are rare: their patterns are compiled when one
# is first read.
@cache
def _id_end() -> re.Pattern[str]:
    """Where ``#id`` or ``.class`` ends: space or punctuation but ``_ - : .``."""
    return re.compile(r"[\s!-,/;-@\[-\^`{-~]", re.ASCII)


@cache
def _name() -> re.Pattern[str]:
    return re.compile(r"[A-Za-z_:][A-Za-z0-9_:.\-]*")


@cache
def _number() -> re.Pattern[str]:
    return re.compile(r"[-+]?[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]*)?")


_SPACES = " \t\n\v\f\r"


def _skip_spaces(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _SPACES:
        pos += 1
    return pos


def _string_value(text: str, pos: int) -> tuple[int, str] | None:
    """A ``"…"`` value; Goldmark decodes ``\\"``, ``\\\\``, ``\\/`` and ``\\n``-style escapes."""
    index = pos + 1
    out: list[str] = []
    escapes = {'"': '"', "/": "/", "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r"}
    escapes["t"] = "\t"
    while index < len(text) and text[index] != "\n":
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] != "\n":
            decoded = escapes.get(text[index + 1])
            if decoded is not None:
                out.append(decoded)
                index += 2
                continue
            out.append("\\")
            index += 1
            continue
        if char == '"':
            return index + 1, "".join(out)
        out.append(char)
        index += 1
    return None


def _value(text: str, pos: int) -> tuple[int, Any] | None:
    pos = _skip_spaces(text, pos)
    if pos >= len(text):
        return None
    char = text[pos]
    if char == "{":
        found = parse_attributes(text, pos)
        return (found[0], dict(found[1])) if found else None
    if char == "[":
        return _array_value(text, pos)
    if char == '"':
        return _string_value(text, pos)
    if char in "-+" or char.isdigit():
        number = _number().match(text, pos)
        if not number or not any(c.isdigit() for c in number.group(0)):
            return None
        return number.end(), number.group(0)
    name = _name().match(text, pos)
    return (name.end(), name.group(0)) if name else None


def _array_value(text: str, pos: int) -> tuple[int, Any] | None:
    pos += 1
    values: list[Any] = []
    first = True
    while True:
        char = text[pos] if pos < len(text) else ""
        comma = False
        if not first and char == ",":
            pos += 1
            comma = True
        if char == "]":
            return (pos + 1, values) if not comma else None
        pos = _skip_spaces(text, pos)
        found = _value(text, pos)
        if found is None:
            return None
        pos, value = found
        values.append(value)
        pos = _skip_spaces(text, pos)
        first = False


def _attribute(text: str, pos: int) -> tuple[int, tuple[str, Any]] | None:
    pos = _skip_spaces(text, pos)
    if pos < len(text) and text[pos] in "#.":
        name = "id" if text[pos] == "#" else "class"
        end = _id_end().search(text, pos + 1)
        stop = end.start() if end else len(text)
        return stop, (name, text[pos + 1 : stop])
    found = _name().match(text, pos)
    if not found:
        return None
    pos = _skip_spaces(text, found.end())
    if pos >= len(text) or text[pos] != "=":
        return None
    value = _value(text, pos + 1)
    if value is None or (found.group(0) == "class" and not isinstance(value[1], str)):
        return None
    return value[0], (found.group(0), value[1])


def parse_attributes(text: str, pos: int) -> tuple[int, list[tuple[str, Any]]] | None:
    """Goldmark's ``ParseAttributes`` at ``text[pos] == "{"``: (end, attributes) or None."""
    pos = _skip_spaces(text, pos)
    if pos >= len(text) or text[pos] != "{":
        return None
    pos += 1
    attributes: list[tuple[str, Any]] = []
    while True:
        if pos < len(text) and text[pos] == "}":
            return pos + 1, attributes
        found = _attribute(text, pos)
        if found is None:
            return None
        pos, (name, value) = found
        if name == "class" and any(existing == "class" for existing, _ in attributes):
            attributes = [(n, f"{v} {value}" if n == "class" else v) for n, v in attributes]
        else:
            attributes.append((name, value))
        pos = _skip_spaces(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_spaces(text, pos + 1)


def _trailing_attributes(line: str) -> tuple[int, list[tuple[str, Any]]] | None:
    """Goldmark's ``parseLastLineAttributes``: the first ``{`` (not escaped) whose attribute
    list ends the line.  Returns where the ``{`` is, and the attributes."""
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\":
            index += 2 if index + 1 < len(line) and line[index + 1] in _PUNCTUATION else 1
            continue
        if char == "{":
            found = parse_attributes(line, index)
            if found is not None and not line[found[0] :].strip(_SPACES):
                return index, found[1]
        index += 1
    return None


_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _atx_text(line: str) -> str:
    """What Goldmark keeps of an ATX heading's text once attributes are cut: no closing ``#``s."""
    stop = len(line)
    if not stop:
        return line
    index = stop - 1
    while line[index] == "#" and index > 0:
        index -= 1
    if index == 0 and line[0] == "#":
        return ""
    if index != stop - 1 and line[index] in _SPACES:
        stop = index
        while stop > 0 and line[stop - 1] in _SPACES:
            stop -= 1
    return line[:stop]


def _heading_attributes(state: StateCore) -> None:
    """Cut a trailing ``{#id .class key=value}`` off a heading's text, as Goldmark does.

    The attributes go on ``heading_open`` (``attrs``, and the source text of the list in
    ``meta["attributes"]``); the inline content no longer has them, so they are never
    translatable text.  ATX headings are read from the source line, since Goldmark looks for
    the list before it drops a closing ``#`` sequence (``# A {#x} #`` has none).
    """
    tokens = state.tokens
    for index, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        inline = tokens[index + 1]
        if token.markup.startswith("#"):
            spans = inline.meta.get("spans")
            if not spans:
                continue
            line = state.src[spans[0][0] : spans[0][1]].lstrip("#").strip(_SPACES)
            found = _trailing_attributes(line)
            if found is None:
                continue
            content = _atx_text(line[: found[0]].rstrip(_SPACES))
            raw = line[found[0] :].strip(_SPACES)
        else:
            head, _, last = inline.content.rpartition("\n")
            found = _trailing_attributes(last)
            if found is None:
                continue
            cut = last[: found[0]].rstrip(_SPACES)
            raw = last[found[0] :].strip(_SPACES)
            content = f"{head}\n{cut}" if head else cut
        inline.content = content
        token.meta["attributes"] = raw
        for name, value in found[1]:
            token.attrSet(name, value if isinstance(value, str) else str(value))


# --- alerts (hugo markup/goldmark/blockquotes/blockquotes.go) --------------------------------

# Hugo matches ``^<p>\[!([a-zA-Z]+)\](-|\+)?[^\S\r\n]?([^\n]*)`` on the rendered block quote.
ALERT = re.compile(r"\[!([a-zA-Z]+)\](-|\+)?[ \t\v\f]?")


def _alerts(state: StateCore) -> None:
    """Note ``> [!NOTE]`` alerts on their ``blockquote_open``: ``meta["alert"]`` holds the
    type, the fold sign and the title's source text (the rest of the marker's line)."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        if token.type != "blockquote_open" or tokens[index + 1].type != "paragraph_open":
            continue
        children = tokens[index + 2].children or []
        if not children or children[0].type != "text":
            continue
        found = ALERT.match(children[0].content)
        if found is None:
            continue
        first_line = tokens[index + 2].content.split("\n", 1)[0]
        marker = ALERT.match(first_line)
        title = first_line[marker.end() :] if marker else ""
        token.meta["alert"] = {
            "type": found.group(1).lower(),
            "sign": found.group(2) or "",
            "title": title.strip(),
        }


# extension/tasklist.go: ``^\[([\sxX])\]\s*`` (Go's \s: tab, newline, form feed, CR, space)
_TASK = re.compile(r"\[([\t\n\f\r xX])\][\t\n\f\r ]*")


def _task_lists(state: StateCore) -> None:
    """Goldmark's task lists: ``[ ]``/``[x]`` opening the first paragraph of a list item.

    Goldmark reads the marker in the paragraph's inline text, after the blocks are settled:
    ``- [x]done`` and ``- [ ]`` are tasks, and ``- [x] * a`` is a task whose text is ``* a``
    (markdown-it's own ``tasklists`` option takes the marker off before the item's blocks are
    parsed, and needs a space after it).  The marker leaves the inline content, so it is
    skeleton; ``list_item_open.meta["checked"]`` says what it was.
    """
    tokens = state.tokens
    for index, token in enumerate(tokens[:-2]):
        if token.type != "list_item_open" or tokens[index + 1].type != "paragraph_open":
            continue
        inline = tokens[index + 2]
        found = _TASK.match(inline.content)
        spans = inline.meta.get("spans")
        if found is None or not spans:
            continue
        token.meta["checked"] = found.group(1) in "xX"
        cut = found.end()
        lines = inline.content.count("\n", 0, cut)
        inline.content = inline.content[cut:]
        if lines == 0:
            spans = [(spans[0][0] + cut, spans[0][1]), *spans[1:]]
        inline.meta["spans"] = spans[lines:] or spans[-1:]


_DELIMITER_CELL = re.compile(r"^:?-+:?$")


def _goldmark_table(rule: Any) -> Any:
    """Goldmark makes a table of a header row with fewer cells than the delimiter row: it pads
    the header (extension/table.go, ``parseRow``); markdown-it-py's rule wants as many cells
    in both, so the table was a paragraph whose segment joined its lines and a translation
    lost the table (Hugo's docs: functions/collections/D.md, functions/images/QR.md).  The
    rule counts the header's cells with its module's ``escapedSplit``; for such a header it
    is run with a split that pads the header's (the first) split, the rows being as before.
    """
    gfm = importlib.import_module("markdown_it.rules_block.table")  # the package's
    # ``table`` attribute is the rule function, not the module

    def wrapped(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if rule(state, start_line, end_line, silent):
            return True
        if start_line + 2 > end_line:
            return False
        delimiter = [c.strip() for c in gfm.getLine(state, start_line + 1).split("|")]
        delimiter = delimiter[1:] if delimiter and not delimiter[0] else delimiter
        delimiter = delimiter[:-1] if delimiter and not delimiter[-1] else delimiter
        if not delimiter or not all(_DELIMITER_CELL.match(cell) for cell in delimiter):
            return False
        split: Callable[[str], list[str]] = gfm.escapedSplit
        header = split(gfm.getLine(state, start_line).strip())
        cells = len(header) - (header[0] == "") - (len(header) > 1 and header[-1] == "")
        if not 0 < cells < len(delimiter):
            return False
        missing, padded = len(delimiter) - cells, False

        def pad(text: str) -> list[str]:
            nonlocal padded
            found = split(text)
            if padded:
                return found
            padded = True
            tail = [found.pop()] if len(found) > 1 and found[-1] == "" else []
            return found + [" "] * missing + tail

        gfm.escapedSplit = pad  # type: ignore[attr-defined]  # this call only (one thread)
        try:
            return bool(rule(state, start_line, end_line, silent))
        finally:
            gfm.escapedSplit = split  # type: ignore[attr-defined]

    return wrapped


def _goldmark_deflist(rule: Any) -> Any:
    """Goldmark starts a definition list only with ``:`` at the block's own indentation.

    Asked whether it ends a paragraph (``silent``), mdit-py-plugins' rule says no unless
    inside a description, so ``Text.\n`Term`\n: Definition.`` stays one paragraph and its
    segment joins the lines, which Goldmark reads as two terms and a description (Hugo's
    docs, methods/page/Language.md): the line before a ``:`` line ends the paragraph here.
    """

    def wrapped(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        if silent and state.ddIndent < 0:
            line = start_line + 1
            if line >= end_line or state.isEmpty(line) or state.sCount[line] != state.blkIndent:
                return False
            pos = state.bMarks[line] + state.tShift[line]
            return state.src[pos : pos + 2] in (": ", ":\t")
        if not silent:
            line = start_line + 1
            if line < end_line and state.isEmpty(line):
                line += 1
            if line >= end_line:
                return False
            pos = state.bMarks[line] + state.tShift[line]
            if state.src[pos : pos + 1] != ":" or state.sCount[line] != state.blkIndent:
                return False
        return bool(rule(state, start_line, end_line, silent))

    return wrapped


@lru_cache(maxsize=8)
def markdown(extensions: Extensions = DEFAULT) -> MarkdownIt:
    """The parser for Hugo's Markdown with ``extensions``, instrumented by :mod:`.mdsyntax`.

    Shared and cached: never change the returned object.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark")
    if extensions.table:
        md.enable("table")
        for rule in md.block.ruler.__rules__:
            if rule.name == "table":
                rule.fn = _goldmark_table(rule.fn)
    if extensions.strikethrough:
        md.enable("strikethrough")
        md.options["strikethrough_single_tilde"] = True
    if extensions.footnote:
        # in place, not moved to the end: segments must come in source order
        md.use(footnote_plugin, inline=False, move_to_end=False)
    if extensions.definitionList:
        md.use(deflist_plugin)
        for rule in md.block.ruler.__rules__:
            if rule.name == "deflist":
                rule.fn = _goldmark_deflist(rule.fn)
    md.options[LINKIFY_OPTION] = extensions.linkify
    md.options[CODE_SHORTCODES_OPTION] = frozenset(extensions.code_shortcodes)
    mdsyntax.instrument(md)
    if extensions.attribute_title:
        md.core.ruler.after("block", "hugo_heading_attributes", _heading_attributes)
    if extensions.taskList:
        md.core.ruler.after("block", "hugo_task_lists", _task_lists)
    md.core.ruler.push("hugo_alerts", _alerts)
    return md


def scan_inline(
    text: str, env: MutableMapping[str, Any] | None = None, extensions: Extensions = DEFAULT
) -> list[Mark]:
    """The marks of one inline text (a msgid or msgstr), in source order."""
    return mdsyntax.scan(markdown(extensions), text, env)


__all__ = ["ALERT", "DEFAULT", "Extensions", "markdown", "parse_attributes", "scan_inline"]
