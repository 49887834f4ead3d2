"""Markdown with front matter → :class:`Document` (skeleton + segments).

The parser never re-renders anything: it only decides which spans of the source are
translatable and what the translator sees for each (the msgid).  Block-level behaviour is a
lookup table from the token that opens a leaf block to the segment kind it yields; tokens not
in the table (code, HTML blocks, reference definitions, thematic breaks) are skeleton.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from . import frontmatter
from .config import ParseOptions  # kept there: a run that reuses kept parses needs no parser
from .dialect import ALERT, markdown, scan_inline
from .document import Document, Placeholder, PlaceholderKind, Segment, Syntax
from .errors import SourceError
from .mdsyntax import Mark, shortcode_tags, top_level_blocks
from .shortcodes import named_params, shortcode_name

if TYPE_CHECKING:
    # markdown-it-py is imported when a parser is built (:func:`.dialect.markdown`): a
    # ``publish`` that reuses a kept parse imports this module for its options only
    from markdown_it.token import Token

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SOFT_OR_HARD_BREAK = re.compile(r"(\\?)([ \t]*)\n[ \t]*")


def heading_id(text: str) -> str:
    """The id Hugo gives a heading by default (Goldmark's ``github`` style).

    Lower case; letters, digits, ``-`` and ``_`` kept; spaces become ``-``; the rest dropped.
    """
    kept = []
    for char in text.strip().lower():
        if char.isalnum() or char in "-_":
            kept.append(char)
        elif char.isspace():
            kept.append("-")
    return "".join(kept)


class _Lines:
    """Maps offsets in markdown-it's normalised text (``\\n`` only) back to the file's offsets."""

    def __init__(self, original: str, normalised: str, base: int):
        self.base = base
        self.original_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(original)]
        self.normalised_starts = [0] + [m.end() for m in re.finditer("\n", normalised)]

    def to_file(self, offset: int) -> int:
        line = bisect.bisect_right(self.normalised_starts, offset) - 1
        return self.base + self.original_starts[line] + offset - self.normalised_starts[line]

    def line_start(self, offset: int) -> int:
        return self.normalised_starts[bisect.bisect_right(self.normalised_starts, offset) - 1]


def _normalise(text: str) -> str:
    """Exactly what markdown-it does to its input, so offsets can be mapped back."""
    return _LINE_BREAK.sub("\n", text).replace("\x00", "\ufffd")


@dataclass
class _Builder:
    """Accumulates segments while walking one file's tokens."""

    text: str
    path: str
    options: ParseOptions
    segments: list[Segment] = field(default_factory=list)
    headings: list[tuple[int, str]] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        # computed once: counting line breaks from the top for every segment is quadratic
        self.line_starts = [0] + [m.end() for m in _LINE_BREAK.finditer(self.text)]

    def context(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.headings)

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def fail(self, message: str, offset: int) -> SourceError:
        return SourceError(message, self.path, self.line_of(offset) + 1)


def build_msgid(
    content: str,
    marks: Iterable[Mark],
    exact: Callable[[int, int], str] | None = None,
    *,
    join: bool = True,
) -> tuple[str, tuple[Placeholder, ...]]:
    """Replace URLs and shortcodes in inline source by numbered stand-ins; join soft breaks.

    ``exact(start, end)`` gives the source bytes of a span of ``content`` when they differ
    from it (a shortcode spanning lines keeps its continuation lines' indentation and ``>``).
    With ``join=False`` soft line breaks stay line breaks.
    """
    edits: list[tuple[int, int, str, PlaceholderKind | None]] = []
    for mark in marks:
        if mark.kind in ("link", "image") and mark.dest is not None:
            link_kind = PlaceholderKind.LINK if mark.kind == "link" else PlaceholderKind.IMAGE
            edits.append((mark.dest[0], mark.dest[1], "", link_kind))
        elif mark.kind in ("autolink", "bare_url", "shortcode", "footnote_ref"):
            edits.append((mark.start, mark.end, "", PlaceholderKind.ATOM))
        elif mark.kind == "standin":
            edits.append((mark.start, mark.start, "\\", None))
    edits.sort(key=lambda edit: edit[0])
    pieces: list[str] = []
    placeholders: list[Placeholder] = []
    position = 0
    for start, end, literal, kind in edits:
        if start < position:  # nested inside an atom already replaced
            continue
        pieces.append(content[position:start])
        if kind is None:
            pieces.append(literal)
        else:
            source = content[start:end]
            if exact is not None and "\n" in source:
                source = exact(start, end)
            placeholder = Placeholder(len(placeholders) + 1, kind, source)
            placeholders.append(placeholder)
            pieces.append(placeholder.token)
        position = end
    pieces.append(content[position:])
    return join_lines("".join(pieces), join=join), tuple(placeholders)


def join_lines(text: str, *, join: bool = True) -> str:
    """Soft line breaks become spaces; hard breaks stay as ``\\n`` (``\\\\\\n`` if backslashed)."""

    def line_break(found: re.Match[str]) -> str:
        if found.group(1):
            return "\\\n"
        if not join or len(found.group(2).replace("\t", "  ")) >= 2:
            return "\n"
        return " "

    return _SOFT_OR_HARD_BREAK.sub(line_break, text.strip(" \t"))


def _plain_text(token: Token) -> str:
    parts = [
        child.content for child in token.children or () if child.type in ("text", "code_inline")
    ]
    return "".join(parts).strip()


def _continuation(norm: str, lines: _Lines, spans: list[tuple[int, int]], count: int) -> str:
    """The prefix a translated multi-line text needs after each newline."""
    if count >= 2:
        second_start = lines.line_start(spans[1][0])
        return norm[second_start : spans[1][0]]
    first_start = lines.line_start(spans[0][0])
    return "".join(c if c in ">\t" else " " for c in norm[first_start : spans[0][0]])


def _table_cells(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cell content spans of one table row, the way markdown-it's ``escapedSplit`` cuts it."""
    while start < end and norm[start] in " \t":
        start += 1
    while end > start and norm[end - 1] in " \t":
        end -= 1
    cells: list[tuple[int, int]] = []
    cell_start = start
    escaped = False
    for index in range(start, end):
        char = norm[index]
        if char == "|" and not escaped:
            cells.append((cell_start, index))
            cell_start = index + 1
        escaped = char == "\\"
    cells.append((cell_start, end))
    if cells and cells[0][0] == cells[0][1]:
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    trimmed = []
    for cell_begin, cell_end in cells:
        while cell_begin < cell_end and norm[cell_begin] in " \t":
            cell_begin += 1
        while cell_end > cell_begin and norm[cell_end - 1] in " \t":
            cell_end -= 1
        trimmed.append((cell_begin, cell_end))
    return trimmed


_PARAGRAPH_KINDS = {"dd_open": "definition", "footnote_reference_open": "footnote"}
_MARKUP_KINDS = ("link", "image", "reflink", "autolink", "bare_url", "html")


def _shift(span: tuple[int, int] | None, delta: int) -> tuple[int, int] | None:
    return None if span is None else (span[0] + delta, span[1] + delta)


def _gains_markup(
    msgid: str, marks: Iterable[Mark], env: dict[str, Any], options: ParseOptions
) -> bool:
    """Whether the msgid has a link, image or HTML its source lines do not have."""
    before = Counter(mark.kind for mark in marks if mark.kind in _MARKUP_KINDS)
    scanned = scan_inline(msgid, env, options.extensions)
    after = Counter(mark.kind for mark in scanned if mark.kind in _MARKUP_KINDS)
    return any(after[kind] > before[kind] for kind in after)


@dataclass(frozen=True)
class _Located:
    """An inline token's content lines and where each starts, in the content and the source."""

    content: str
    content_starts: list[int]
    norm_starts: list[int]
    spans: list[tuple[int, int]]

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.content_starts, offset) - 1

    def to_norm(self, offset: int) -> int:
        line = self.line_of(offset)
        return self.norm_starts[line] + offset - self.content_starts[line]


class _BodyWalker:
    """Turns the Markdown body's tokens into segments (one method per kind of leaf block)."""

    def __init__(self, builder: _Builder, body_start: int, references: dict[str, Any]):
        from markdown_it.common.utils import MD_TRIM_CHARS  # loaded by the parse before this

        self.trim_chars = MD_TRIM_CHARS
        self.builder = builder
        self.original = builder.text[body_start:]
        self.norm = _normalise(self.original)
        self.lines = _Lines(self.original, self.norm, body_start)
        self.env = {"references": references}

    def walk(self, tokens: list[Token]) -> None:
        row_cells: list[tuple[int, int]] | None = None
        cell_index = -1
        for index, token in enumerate(tokens):
            kind = token.type
            if kind == "tr_open":
                row_cells, cell_index = None, -1
            elif kind in ("th_open", "td_open"):
                cell_index += 1
            elif kind == "hugo_shortcode":
                self.shortcode(token)
            elif kind == "inline" and token.content.strip():
                opener = tokens[index - 1]
                if opener.type == "heading_open":
                    self.heading(opener, token)
                elif opener.type in ("th_open", "td_open"):
                    if row_cells is None:
                        row_start, row_end = token.meta["spans"][0]
                        row_cells = _table_cells(self.norm, row_start, row_end)
                    if cell_index < len(row_cells):
                        self.table_cell(*row_cells[cell_index])
                elif opener.type == "dt_open":
                    self.paragraph(token, kind="definition term")
                elif opener.type == "paragraph_open":
                    container = tokens[index - 2] if index >= 2 else opener
                    if container.type == "blockquote_open" and "alert" in container.meta:
                        self.alert(token)
                    else:
                        self.paragraph(
                            token, kind=_PARAGRAPH_KINDS.get(container.type, "paragraph")
                        )

    def _add(
        self, start: int, end: int, msgid: str, syntax: Syntax, kind: str, **extra: Any
    ) -> None:
        file_start, file_end = self.lines.to_file(start), self.lines.to_file(end)
        self.builder.segments.append(
            Segment(
                file_start,
                file_end,
                msgid,
                syntax,
                kind,
                self.builder.line_of(file_start),
                self.builder.context(),
                **extra,
            )
        )

    def _locate(self, token: Token) -> _Located:
        """Where each line of an inline token's content is in the (normalised) source."""
        content_lines = token.content.split("\n")
        spans = token.meta["spans"]
        # markdown-it trims the paragraph with mdTrim (CommonMark's whitespace plus the Unicode
        # spaces U+2000-U+200A, U+2028, U+2029; not NBSP nor U+001C-U+001F, which str.strip
        # would drop): skip leading lines that held nothing else, and such spaces before the text.
        while len(spans) > 1 and not self.norm[spans[0][0] : spans[0][1]].strip(self.trim_chars):
            spans = spans[1:]
        start = spans[0][0]
        while start < spans[0][1] and self.norm[start] in self.trim_chars:
            start += 1
        norm_starts = [start]
        for line, (line_start, _) in zip(content_lines[1:], spans[1:], strict=False):
            norm_starts.append(line_start - (len(line) - len(line.lstrip(" \t"))))
        last_line = content_lines[-1]
        last = norm_starts[-1] + len(last_line) - len(last_line.lstrip(" \t"))
        if (
            len(norm_starts) != len(content_lines)
            or not self.norm.startswith(content_lines[0], start)
            or not self.norm.startswith(last_line.lstrip(" \t"), last)
        ):
            raise self.builder.fail(
                "internal error: cannot locate paragraph text", self.lines.to_file(start)
            )
        content_starts = [0]
        for line in content_lines[:-1]:
            content_starts.append(content_starts[-1] + len(line) + 1)
        return _Located(token.content, content_starts, norm_starts, spans)

    def paragraph(self, token: Token, kind: str = "paragraph", **extra: Any) -> None:
        self._inline_part(token, self._locate(token), 0, len(token.content), kind, **extra)

    def _inline_part(
        self,
        token: Token,
        located: _Located,
        begin: int,
        end: int,
        kind: str,
        syntax: Syntax = Syntax.INLINE,
        **extra: Any,
    ) -> None:
        """A segment of ``token.content[begin:end]`` (a whole paragraph, or part of one)."""
        text = token.content[begin:end]
        marks = token.meta["marks"]
        if begin or end != len(token.content):  # a part: marks inside it, from its start
            marks = [
                replace(mark, start=mark.start - begin, end=mark.end - begin,
                        dest=_shift(mark.dest, -begin), title=_shift(mark.title, -begin))
                for mark in marks
                if begin <= mark.start and mark.end <= end
            ]  # fmt: skip

        def exact(start: int, stop: int) -> str:
            return self.norm[located.to_norm(begin + start) : located.to_norm(begin + stop)]

        msgid, placeholders = build_msgid(text, marks, exact)
        if "\n" in text and _gains_markup(msgid, marks, self.env, self.builder.options):
            # joining the lines would make a link (``[a](<b\nc>)``): keep them apart
            msgid, placeholders = build_msgid(text, marks, exact, join=False)
        first = located.line_of(begin)
        # the prefix of a line of the text itself, not of one inside a shortcode spanning lines
        own = [
            line
            for line in range(first + 1, located.line_of(end) + 1)
            if not any(m.start < located.content_starts[line] - begin < m.end for m in marks)
        ]
        spans = [located.spans[first]] + [located.spans[line] for line in own[:1]]
        continuation = _continuation(self.norm, self.lines, spans, len(spans))
        if syntax is Syntax.INLINE:
            extra["continuation"] = continuation
        self._add(located.to_norm(begin), located.to_norm(end), msgid, syntax, kind,
                  placeholders=placeholders, **extra)  # fmt: skip
        self._inline_shortcodes(marks, lambda offset: located.to_norm(begin + offset))

    def alert(self, token: Token) -> None:
        """``> [!NOTE] Title`` / ``> body``: the marker is skeleton; the title (if any) and the
        body are segments of their own, so a translation cannot move one into the other."""
        located = self._locate(token)
        first_line = token.content.split("\n", 1)[0]
        marker = ALERT.match(first_line)
        marks = token.meta["marks"]
        if marker is None or any(
            mark.start < marker.end() or mark.start < len(first_line) < mark.end for mark in marks
        ):
            self.paragraph(token, kind="alert")
            return
        title = first_line[marker.end() :].strip(" \t")
        if title:
            begin = first_line.index(title, marker.end())
            self._inline_part(token, located, begin, begin + len(title), "alert title",
                              Syntax.HEADING)  # fmt: skip
        body = len(first_line) + 1
        while body < len(token.content) and token.content[body] in " \t":
            body += 1
        if body < len(token.content):
            self._inline_part(token, located, body, len(token.content), "alert")

    def heading(self, opener: Token, token: Token) -> None:
        level = int(opener.tag[1:])
        headings = self.builder.headings
        while headings and headings[-1][0] >= level:
            headings.pop()
        # Hugo's `{#id .class}` stays skeleton, and so keeps the id
        anchor = "" if "attributes" in opener.meta else heading_id(_plain_text(token))
        if opener.markup in ("=", "-"):  # setext: the text lines are a paragraph
            self.paragraph(token, kind="heading", anchor=anchor)
        else:
            line_start, line_end = token.meta["spans"][0]
            position = line_start
            while position < line_end and self.norm[position] == "#":
                position += 1
            start = self.norm.find(token.content, position, line_end)
            if start < 0:
                raise self.builder.fail(
                    "internal error: cannot locate heading text", self.lines.to_file(line_start)
                )
            content = token.content  # the dialect has cut an attribute list off already
            msgid, placeholders = build_msgid(content, token.meta["marks"])
            end = start + len(content)
            self._add(start, end, msgid, Syntax.HEADING, "heading",
                      placeholders=placeholders, anchor=anchor)  # fmt: skip
            self._inline_shortcodes(token.meta["marks"], lambda offset: start + offset)
        headings.append((level, _plain_text(token)))

    def table_cell(self, start: int, end: int) -> None:
        raw = self.norm[start:end]
        marks = scan_inline(raw, self.env, self.builder.options.extensions)
        msgid, placeholders = build_msgid(raw, marks)
        self._add(start, end, msgid, Syntax.TABLE_CELL, "table cell", placeholders=placeholders)
        self._inline_shortcodes(marks, lambda offset: start + offset)

    def shortcode(self, token: Token) -> None:
        """The translatable parameters of a block of shortcodes (never a code body)."""
        self._shortcode_params(token.content, token.meta["spans"][0][0])

    def _inline_shortcodes(self, marks: Iterable[Mark], to_norm: Callable[[int], int]) -> None:
        """Parameters of the shortcodes inside inline text (``{{< figure caption=… >}}`` in a
        paragraph): segments of their own, inside the span of the text's segment, which has
        the shortcode as a stand-in (reassemble writes them into it)."""
        for mark in marks:
            if mark.kind == "shortcode":
                begin = to_norm(mark.start)
                self._shortcode_params(self.norm[begin : to_norm(mark.end)], begin)

    def _shortcode_params(self, content: str, begin: int) -> None:
        md = markdown(self.builder.options.extensions)
        for tag_start, tag_end in shortcode_tags(md, content):
            tag = content[tag_start:tag_end]
            name = shortcode_name(tag)
            for param in named_params(tag):
                if param.name in self.builder.options.shortcode_translate and param.value.strip():
                    start, end = begin + tag_start + param.start, begin + tag_start + param.end
                    self._add(start, end, param.value, Syntax.SHORTCODE_ATTR,
                              f"shortcode {name} {param.name}")  # fmt: skip


def _front_matter(
    builder: _Builder, fm: frontmatter.FrontMatter
) -> tuple[list[tuple[int, int]], str | None]:
    text, options = builder.text, builder.options
    try:
        if fm.kind == "yaml":
            values = frontmatter.yaml_values(text, fm, list(options.frontmatter_translate))
            dropped = frontmatter.yaml_drop_spans(text, fm, list(options.frontmatter_drop))
            syntax = Syntax.YAML
        else:
            values = frontmatter.toml_values(text, fm, list(options.frontmatter_translate))
            dropped = frontmatter.toml_drop_spans(text, fm, list(options.frontmatter_drop))
            syntax = Syntax.TOML
    except SourceError as exc:
        exc.path = builder.path
        raise
    title = None
    for value in values:
        if value.key.lower() == "title":
            title = value.value
        # a block scalar (``description: >``) ends in a line break that is not the text's, and
        # is not written back (a translation is written as a quoted scalar): not in the msgid
        msgid = value.value.rstrip("\n") if value.style in ("|", ">") else value.value
        builder.segments.append(
            Segment(
                value.start,
                value.end,
                msgid,
                syntax,
                f"front matter {value.key}",
                builder.line_of(value.start),
                style=value.style,
            )
        )
    return dropped, title


def parse(text: str, path: str = "<string>", options: ParseOptions | None = None) -> Document:
    """Segment one Markdown file.  Raises :class:`SourceError` with file and line on bad input."""
    builder = _Builder(text, path, options or ParseOptions())
    body_start = 1 if text.startswith("\ufeff") else 0
    try:
        fm = frontmatter.locate(text, body_start)
    except SourceError as exc:
        exc.path = path
        raise
    dropped: list[tuple[int, int]] = []
    title = None
    if fm is not None:
        dropped, title = _front_matter(builder, fm)
        body_start = fm.body_start
    body = text[body_start:]
    try:
        env: dict[str, Any] = {}
        tokens = markdown(builder.options.extensions).parse(_normalise(body), env)
    except RecursionError as exc:
        raise SourceError("Markdown nested too deeply to segment", path) from exc
    walker = _BodyWalker(builder, body_start, env.get("references", {}))
    walker.walk(tokens)
    segments = builder.segments
    outer: Segment | None = None  # segments do not overlap, but may nest (see reassemble)
    for segment in segments:
        if outer is not None and segment.end <= outer.end:
            assert outer.start <= segment.start, "segments must not overlap"
            continue
        assert outer is None or outer.end <= segment.start, "segments must not overlap"
        outer = segment
    fragments = frozenset(
        placeholder.source.strip("<>")[1:]
        for segment in segments
        for placeholder in segment.placeholders
        if placeholder.source.strip("<>").startswith("#")
    )
    first_break = _LINE_BREAK.search(text)
    newline = first_break.group(0) if first_break else "\n"
    return Document(
        path,
        text,
        tuple(segments),
        tuple(dropped),
        title,
        newline,
        fragments,
        references=dict(env.get("references", {})),
        blocks=top_level_blocks(body, body_start, tokens),
        extensions=builder.options.extensions,
    )


__all__ = ["ParseOptions", "build_msgid", "join_lines", "parse"]
