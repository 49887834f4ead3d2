"""Position recording and Hugo's own layers, added to the parser :mod:`.dialect` configures.

markdown-it-py gives block tokens a line ``map`` but no column, and inline tokens no position
at all.  To splice translations into the source instead of re-rendering it, we need exact
offsets: where a paragraph's text starts, where a link destination sits inside it.  Rather than
re-implementing CommonMark, we wrap markdown-it's own rules and record what they consumed:

* block rules that produce inline content (paragraph, headings, table, definition term) store
  the absolute offsets of each content line in ``token.meta["spans"]``;
* inline rules for links, images, autolinks, code spans, raw HTML, escapes and footnote
  references append a :class:`Mark` to ``token.meta["marks"]`` with offsets into the inline
  token's ``content``.

Hugo-specific rules are added: shortcodes (``{{< name … >}}`` / ``{{% name %}}``) as blocks
and inline atoms, and the links Goldmark's linkify makes of bare URLs, ``www.`` and e-mail
addresses (rules in :mod:`.linkify`), so neither ends up inside a msgid.  ``{N}`` stand-ins
are recognised too, so a literal ``{3}`` in a source can be escaped and a translator's ``{3}``
found.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, MutableMapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import linkify

if TYPE_CHECKING:
    # Only types: the rules run inside a parser :func:`.dialect.markdown` built, which has
    # imported markdown-it-py; the constants and helpers here serve the gate without it.
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token

    InlineRule = Callable[[StateInline, bool], bool]
    BlockRule = Callable[[StateBlock, int, int, bool], bool]

MARKS_KEY = "i18n_marks"
_LINE_END = re.compile(r"\r\n|\r|\n")
SOURCE_KEY = "i18n_source"


@dataclass(frozen=True)
class Mark:
    """Something the inline parser recognised, as offsets into the inline source text.

    ``kind`` is one of ``link``, ``image``, ``reflink`` (reference link, no destination here),
    ``autolink``, ``bare_url``, ``shortcode``, ``standin``, ``code``, ``html``, ``escape``.
    For links and images ``dest`` is the destination's span (``None`` for ``[x]()``) and
    ``title`` the span of the quoted title, quotes included.
    """

    kind: str
    start: int
    end: int
    dest: tuple[int, int] | None = None
    title: tuple[int, int] | None = None


# --- Hugo shortcodes -------------------------------------------------------------------------

_SHORTCODE_OPEN = re.compile(r"\{\{([<%])")


def match_shortcode(text: str, pos: int) -> int:
    """Return the end offset of a Hugo shortcode starting at ``pos``, or -1.

    Quoted parameters may contain ``>}}``; a shortcode may span lines.
    """
    opening = _SHORTCODE_OPEN.match(text, pos)
    if not opening:
        return -1
    closer = ">}}" if opening.group(1) == "<" else "%}}"
    index = opening.end()
    length = len(text)
    while index < length:
        char = text[index]
        if char == '"':
            index += 1
            while index < length and text[index] != '"':
                index += 2 if text[index] == "\\" else 1
            index += 1
            continue
        if char == "`":
            close = text.find("`", index + 1)
            if close < 0:
                return -1
            index = close + 1
            continue
        if text.startswith(closer, index):
            return index + len(closer)
        if text.startswith("{{", index):  # an unclosed shortcode followed by another one
            return -1
        index += 1
    return -1


CODE_SHORTCODES_OPTION = "hugo_code_shortcodes"
_SHORTCODE_NAME = re.compile(r"\{\{([<%])\s*([\w./-]+)")


def shortcode_end(md: MarkdownIt, text: str, pos: int, limit: int) -> int:
    """The end of the shortcode at ``pos`` (-1 if none); for a shortcode that holds code
    (``md.options["hugo_code_shortcodes"]``), the end of its closing tag, so that its body is
    never read as Markdown."""
    end = match_shortcode(text, pos)
    if end < 0 or end > limit:
        return -1
    opening = _SHORTCODE_NAME.match(text, pos)
    if not opening or opening.group(2) not in md.options.get(CODE_SHORTCODES_OPTION, ()):
        return end
    if text[pos:end].rstrip("%>}").rstrip().endswith("/"):  # self-closing: no body
        return end
    closing = re.compile(r"\{\{[<%]\s*/\s*" + re.escape(opening.group(2)) + r"\s*[>%]\}\}")
    found = closing.search(text, end, limit)
    return found.end() if found else end


def shortcode_tags(md: MarkdownIt, text: str) -> list[tuple[int, int]]:
    """The spans of the shortcode tags in ``text``, skipping the bodies of code shortcodes."""
    tags = []
    pos = text.find("{{")
    while pos >= 0:
        end = shortcode_end(md, text, pos, len(text))
        if end < 0:
            break
        tags.append((pos, match_shortcode(text, pos)))
        pos = text.find("{{", end)
    return tags


def _shortcode_block(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
    """A line (or lines) holding only shortcodes is a block of its own, never a segment."""
    if state.is_code_block(start_line):
        return False
    pos = state.bMarks[start_line] + state.tShift[start_line]
    if not state.src.startswith("{{", pos):
        return False
    src = state.src
    last_line = start_line
    limit = state.eMarks[end_line - 1] if end_line > start_line else len(src)
    while True:
        end = shortcode_end(state.md, src, pos, limit)
        if end < 0:
            return False
        while last_line < end_line and state.eMarks[last_line] < end:
            last_line += 1
        if last_line >= end_line:
            return False
        rest_end = state.eMarks[last_line]
        pos = end
        while pos < rest_end and src[pos] in " \t":
            pos += 1
        if pos == rest_end:
            break
        if not src.startswith("{{", pos):
            return False
    if silent:
        return True
    token = state.push("hugo_shortcode", "", 0)
    token.map = [start_line, last_line + 1]
    begin = state.bMarks[start_line] + state.tShift[start_line]
    token.content = src[begin : state.eMarks[last_line]]
    token.meta["spans"] = [(begin, state.eMarks[last_line])]
    state.line = last_line + 1
    return True


def _shortcode_inline(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    end = shortcode_end(state.md, state.src, state.pos, state.posMax)
    if end < 0:
        return False
    if not silent:
        token = state.push("hugo_shortcode_inline", "", 0)
        token.content = state.src[state.pos : end]
        _record(state, Mark("shortcode", state.pos, end))
    state.pos = end
    return True


_STANDIN = re.compile(r"\{(\d{1,4})\}")


def _standin(state: StateInline, silent: bool) -> bool:
    """``{N}``: an atom stand-in in a translation, or a literal the extractor must escape."""
    if state.src[state.pos] != "{":
        return False
    found = _STANDIN.match(state.src, state.pos, state.posMax)
    if not found:
        return False
    if not silent:
        token = state.push("text", "", 0)
        token.content = found.group(0)
        _record(state, Mark("standin", state.pos, found.end()))
    state.pos = found.end()
    return True


# --- Goldmark's linkify (bare URLs, www. and e-mail addresses) ------------------------------

LINKIFY_OPTION = "hugo_linkify"
# Inline nodes after which Goldmark starts over as at a line head (so a link may start there).
_NODES = frozenset(
    {"code_inline", "link_close", "image", "html_inline", "softbreak", "hardbreak", "footnote_ref"}
)
_LINK_PREFIXES = ("http:", "https:", "ftp:", "www.")
_LINK_HREF = {"url": "", "www": "https://", "email": "mailto:"}  # Hugo: linkifyProtocol https


def _escaped(text: str, pos: int) -> bool:
    """Whether the character at ``pos`` is backslash-escaped."""
    count = 0
    while pos - count - 1 >= 0 and text[pos - count - 1] == "\\":
        count += 1
    return count % 2 == 1


def _may_start_link(state: StateInline) -> bool:
    """Goldmark's linkify triggers: a line head, a space, ``*_~(``, or after a node.

    Not a tab, nor a no-break or other Unicode space: Goldmark calls linkify at a tab but it
    steps over a ``' '`` only (checked with Hugo, ``tests/test_dialect_hugo.py``).
    """
    pos = state.pos
    if pos and state.src[pos - 1] not in linkify.TRIGGERS:
        return not state.pending and bool(state.tokens) and state.tokens[-1].type in _NODES
    return link_may_start(state.src, pos)


def link_may_start(text: str, pos: int) -> bool:
    """Whether Goldmark's linkify may start a link at ``pos`` for the character before it:
    the start, a space, a line break, or an unescaped ``*``, ``_``, ``~`` or ``(``.

    (Right after another inline node it may too; the parser knows that, see
    :func:`_may_start_link`, and the gate compares with the source there.)
    """
    if pos == 0:
        return True
    before = text[pos - 1]
    if before in " \n":
        return True
    return before in linkify.TRIGGERS and not _escaped(text, pos - 1)


_URL_START = re.compile(r"(?<=[ (])(?:https?:|ftp:|www\.)")
_WORD_START = re.compile(r"[ (][A-Za-z0-9][^ \t(]*\Z")


def _link_start(text: str, start: int, end: int, limit: int) -> int | None:
    """The first place in ``text[start:end]`` (plain text) where Goldmark starts a link.

    A URL or ``www.`` may start after a space or ``(``; an e-mail address only at the
    last word of the text, since the text stops at the ``@`` (a terminator character).
    """
    # a prefix may run past the text (``https`` stops at ``:``)
    for found in _URL_START.finditer(text, start + 1, min(limit, end + len("https:"))):
        if found.start() < end and linkify.match_at(text, found.start(), limit):
            return found.start()
        if found.start() >= end:
            break
    if end < limit and (text[end] == "@" or text[end] in linkify.EMAIL_LOCAL_PUNCTUATION):
        # the last word may be the local part of an address
        word = _WORD_START.search(text, start, end)
        if word and linkify.match_at(text, word.start() + 1, limit):
            return word.start() + 1
    return None


def _text_stopping_at_links(rule: InlineRule) -> InlineRule:
    """markdown-it's ``text`` rule runs over letters, spaces and ``(``: stop it where Goldmark
    would start a link, so that :func:`_linkify` gets its turn there."""

    def wrapped(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if not rule(state, silent):
            return False
        if silent or state.linkLevel or not state.md.options.get(LINKIFY_OPTION):
            return True
        cut = _link_start(state.src, start, state.pos, state.posMax)
        if cut is not None:
            pending = state.pending
            state.pending = pending[: len(pending) - (state.pos - cut)]
            state.pos = cut
        return True

    return wrapped


def _linkify(state: StateInline, silent: bool) -> bool:
    """A link Goldmark's linkify makes (see :mod:`.linkify`), recorded as a ``bare_url``."""
    if silent or state.linkLevel > 0 or not state.md.options.get(LINKIFY_OPTION):
        return False  # silent: scanning a link label, where Goldmark does not linkify
    src, pos = state.src, state.pos
    if not src[pos].isalnum() or not _may_start_link(state):
        return False
    found = linkify.match_at(src, pos, state.posMax)
    if found is None:
        return False
    end, kind = found
    url = src[pos:end]
    token = state.push("link_open", "a", 1)
    token.attrs = {"href": state.md.normalizeLink(_LINK_HREF[kind] + url)}
    token.markup = "linkify"
    token.info = "auto"
    token = state.push("text", "", 0)
    token.content = url
    token = state.push("link_close", "a", -1)
    token.markup = "linkify"
    token.info = "auto"
    _record(state, Mark("bare_url", pos, end))
    state.pos = end
    return True


# --- position recording wrappers --------------------------------------------------------------


def _recording_here(state: StateInline) -> bool:
    """Marks are offsets into the text being scanned; an image's alt text is parsed as a
    separate string, and what is found there has no place in those offsets."""
    return MARKS_KEY in state.env and state.src is state.env.get(SOURCE_KEY)


def _record(state: StateInline, mark: Mark) -> None:
    if _recording_here(state):
        state.env[MARKS_KEY].append(mark)


def _skip_space(text: str, pos: int, maximum: int) -> int:
    while pos < maximum and text[pos] in " \t\n":
        pos += 1
    return pos


def _link_mark(state: StateInline, kind: str, start: int, end: int, href: str) -> Mark:
    """Re-derive where the destination and title of a link that markdown-it accepted sit.

    ``href`` is the destination markdown-it itself stored on the token: when it is not empty
    the destination was valid, and normalising and validating it again (the costliest part
    of a link, through ``mdurl``) is skipped.
    """
    # inside a parse: markdown-it-py is loaded by then, and this is a dictionary look-up
    from markdown_it.helpers import parseLinkDestination, parseLinkLabel, parseLinkTitle

    label_start = start + 1 if kind == "link" else start + 2
    label_end = parseLinkLabel(state, label_start - 1, kind == "link")
    src = state.src
    if label_end < 0 or label_end + 1 >= end or src[label_end + 1] != "(":
        return Mark("reflink", start, end)
    pos = _skip_space(src, label_end + 2, end)
    dest: tuple[int, int] | None = None
    title: tuple[int, int] | None = None
    result = parseLinkDestination(src, pos, end)
    if (
        result.ok
        and pos < end - 1
        and (href or state.md.validateLink(state.md.normalizeLink(result.str)))
    ):
        dest = (pos, result.pos)
        pos = result.pos
    after_dest = pos
    pos = _skip_space(src, pos, end)
    title_result = parseLinkTitle(src, pos, end)
    if pos < end and pos != after_dest and title_result.ok:
        title = (pos, title_result.pos)
    if dest is None and title is None and src[label_end + 2 : end - 1].strip():
        return Mark("reflink", start, end)
    return Mark(kind, start, end, dest, title)


_LINK_TOKENS = {"link": ("link_open", "href"), "image": ("image", "src")}


def _pushed_href(tokens: list[Token], first: int, kind: str) -> str:
    """The destination on the link or image token a rule just pushed ("" if none)."""
    token_type, attribute = _LINK_TOKENS[kind]
    for token in tokens[first:]:
        if token.type == token_type:
            return str(token.attrs.get(attribute, ""))
    return ""


def _recording(kind: str, rule: InlineRule) -> InlineRule:
    def wrapped(state: StateInline, silent: bool) -> bool:
        start = state.pos
        if silent or not _recording_here(state):
            return rule(state, silent)
        marks = state.env[MARKS_KEY]
        before = len(marks)
        first_token = len(state.tokens)
        if not rule(state, silent):
            return False
        end = state.pos
        if kind in ("link", "image"):
            # nested marks (code in a link label) were appended first; keep source order
            href = _pushed_href(state.tokens, first_token, kind)
            marks.insert(before, _link_mark(state, kind, start, end, href))
        else:
            marks.append(Mark(kind, start, end))
        return True

    return wrapped


def _content_spans(state: StateBlock, first: int, last: int) -> list[tuple[int, int]]:
    return [(state.bMarks[n] + state.tShift[n], state.eMarks[n]) for n in range(first, last)]


def _recording_block(rule: BlockRule) -> BlockRule:
    """Store, on each inline token a block rule produced, the offsets of its source lines."""

    def wrapped(state: StateBlock, start_line: int, end_line: int, silent: bool) -> bool:
        before = len(state.tokens)
        if not rule(state, start_line, end_line, silent):
            return False
        if not silent:
            for token in state.tokens[before:]:
                if token.type == "inline" and token.map is not None and "spans" not in token.meta:
                    first, last = token.map
                    token.meta["spans"] = _content_spans(state, first, max(last, first + 1))
        return True

    return wrapped


def _core_inline(state: StateCore) -> None:
    """Parse each inline token once, collecting its marks in ``token.meta["marks"]``."""
    env = state.env
    for token in state.tokens:
        if token.type == "inline":
            marks: list[Mark] = []
            env[MARKS_KEY] = marks
            env[SOURCE_KEY] = token.content
            token.children = []
            state.md.inline.parse(token.content, state.md, env, token.children)
            token.meta["marks"] = marks
    env.pop(MARKS_KEY, None)
    env.pop(SOURCE_KEY, None)


def _replace_rule(ruler: Any, name: str, wrap: Callable[[Any], Any]) -> None:
    for rule in ruler.__rules__:
        if rule.name == name:
            rule.fn = wrap(rule.fn)
    ruler.__cache__ = None


def instrument(md: MarkdownIt) -> MarkdownIt:
    """Add Hugo's own layers and position recording to a parser :mod:`.dialect` configured.

    Hugo's layers: shortcodes (as blocks and inline atoms), ``{N}`` stand-ins, and the
    inline rule for Goldmark's linkify (on when ``md.options["hugo_linkify"]`` is).  Recording:
    block rules that make inline content note their source lines, and inline rules for links,
    images, autolinks, code spans, raw HTML, escapes and footnote references note their spans.
    """
    md.block.ruler.before(
        "table",
        "hugo_shortcode",
        _shortcode_block,
        {"alt": ["paragraph", "reference", "blockquote", "list"]},
    )
    for rule in md.block.ruler.__rules__:
        if rule.name in ("paragraph", "heading", "lheading", "table", "deflist"):
            rule.fn = _recording_block(rule.fn)
    md.block.ruler.__cache__ = None
    md.inline.ruler.before("text", "hugo_shortcode_inline", _shortcode_inline)
    md.inline.ruler.after("hugo_shortcode_inline", "standin", _standin)
    md.inline.ruler.after("standin", "hugo_linkify", _linkify)
    _replace_rule(md.inline.ruler, "text", _text_stopping_at_links)
    recorded = {
        "link": "link",
        "image": "image",
        "autolink": "autolink",
        "backticks": "code",
        "html_inline": "html",
        "escape": "escape",
        "footnote_ref": "footnote_ref",
    }
    for name, kind in recorded.items():
        _replace_rule(md.inline.ruler, name, functools.partial(_recording, kind))
    md.core.ruler.at("inline", _core_inline)
    return md


def scan(md: MarkdownIt, text: str, env: MutableMapping[str, Any] | None = None) -> list[Mark]:
    """Return the marks of one inline text (a msgid or msgstr), in source order."""
    marks: list[Mark] = []
    scan_env: dict[str, Any] = dict(env or {})
    scan_env[MARKS_KEY] = marks
    scan_env[SOURCE_KEY] = text
    md.inline.parse(text, md, scan_env, [])
    return marks


def top_level_blocks(body: str, base: int, tokens: Iterable[Token]) -> tuple[tuple[int, int], ...]:
    """Offsets (from ``base``, where ``body`` starts) of the top-level blocks of its tokens."""
    lines = [0] + [m.end() for m in _LINE_END.finditer(body)] + [len(body)]
    blocks = []
    for token in tokens:
        if token.level == 0 and token.map is not None and token.nesting >= 0:
            first, last = token.map
            blocks.append((base + lines[first], base + lines[min(last, len(lines) - 1)]))
    return tuple(blocks)
