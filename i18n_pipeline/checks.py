"""Quality gates for translations: what a msgstr may change, and what it must not.

The site is published from what volunteers submit, so a PO file is untrusted input.  A
translation may reword, reorder and move stand-ins; it may not change where the page links
to, what code it shows, which shortcodes Hugo runs, or the shape of the Markdown around it.
:func:`translation_problems` decides that for one msgstr against its source segment, and it is
the only place that does: ``check`` reports its findings, and ``publish`` (through
:func:`.reassemble.render_segment`) refuses every translation it finds an error in, so the
gate and the published page can never disagree.

Comparisons are between the msgid and the msgstr parsed the same way (markdown-it's tokens
and the marks :mod:`.mdsyntax` records), not regexes over the msgstr alone: a source that
legitimately contains a literal ``[``, an HTML tag or a heading-like ``1.`` is not an error
when the translation keeps it.  The few raw-text scans (``javascript:`` and friends, ``{{<``,
``<tag``) are there because browsers and Hugo read the text, not markdown-it's tokens.

What only a whole PO file shows (it does not parse, duplicates, ``msgfmt --check``) and
translate-toolkit's tests are in :mod:`.pocheck`.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

from markdown_it.common.utils import normalizeReference
from markdown_it.token import Token

from . import frontmatter
from .dialect import markdown, scan_inline
from .document import Document, Placeholder, PlaceholderKind, Segment, Syntax
from .errors import PipelineError
from .hugovalues import value_problems
from .mdsyntax import (
    MARKS_KEY,
    SOURCE_KEY,
    Mark,
    bare_url_rest,
    top_level_blocks,
)

FUZZY = "fuzzy"
_DIGITS = re.compile(r"\d{1,4}")
_HTTP_URL = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)
# What a browser ignores inside a URL scheme (C0 controls: tab, newline, NUL...) is removed
# before looking for a scheme.  ``javascript:`` is an error wherever it appears; ``data:``
# only as a URL (``data:text/html,…``), not as the end of a word (``metadata:``) or prose.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x1f\x7f]+")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_DANGEROUS_SCHEME = re.compile(
    r"(javascript|vbscript|livescript):|(?<![a-z0-9+.\-])(data):(?=\S)", re.IGNORECASE
)
_SCHEME_LENGTHS = (10, 8, 4)  # javascript/livescript, vbscript, data
_MAY_HIDE_A_SCHEME = re.compile(r"[&\\\x00-\x1f\x7f]")
_TAG_START = re.compile(r"<[A-Za-z!?/]")
# Every alternative stops at the next ``<``, so a msgstr of ``<a<a<a…`` costs linear time.
_HTML_TAG = re.compile(
    r"<[A-Za-z][A-Za-z0-9\-]*(?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*>|</[A-Za-z][A-Za-z0-9\-]*\s*>"
    r"|<!--[^<]*?-->|<![A-Za-z][^<>]*>|<\?[^<]*?\?>"
)
_SHORTCODE_OPEN = re.compile(r"\{\{[<%]")
_SAFE_OVERRIDE_SCHEMES = ("http://", "https://")
# A msgstr far longer than its msgid is not a translation; parsing it would only cost time.
LENGTH_FACTOR = 5
LENGTH_SLACK = 500
_DELIMITER_RUN = re.compile(r"[*~]+|_+")
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


class Severity(StrEnum):
    """An error stops ``check`` (exit 1) and keeps the segment out of ``publish``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one translation, before it is tied to a file and line."""

    severity: Severity
    check: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(check: str, message: str) -> Problem:
    return Problem(Severity.ERROR, check, message)


def warning(check: str, message: str) -> Problem:
    return Problem(Severity.WARNING, check, message)


@dataclass(frozen=True)
class Finding:
    """A problem located in a PO file: the unit ``check`` reports (text or JSON)."""

    severity: Severity
    check: str
    message: str
    path: str
    line: int | None = None  # 1-based line of the entry (polib's ``linenum``)
    msgid: str = ""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.severity}: [{self.check}] {self.message}"
        if self.msgid:
            shown = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
            text += f" (msgid: {_quote(shown)})"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": str(self.severity),
            "check": self.check,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "msgid": self.msgid,
        }


def select_findings(
    findings: Iterable[Finding],
    *,
    severity: Severity | None = None,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[Finding]:
    """The findings a team asked for: at least ``severity`` (an error outranks a warning),
    of the checks in ``only`` if any are named, and of none in ``skip``."""
    wanted, unwanted = set(only), set(skip)
    return [
        finding
        for finding in findings
        if (severity is None or finding.severity is Severity.ERROR or severity is Severity.WARNING)
        and (not wanted or finding.check in wanted)
        and finding.check not in unwanted
    ]


def count_by_check(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """How many findings each check gave, the most frequent first (then by name)."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


# --- stand-ins: shared with reassemble ----------------------------------------------------------


@dataclass
class StandinMatch:
    """How a translation's stand-ins map onto the source's placeholders.

    ``edits`` replace each stand-in by the source's bytes (what publishing writes);
    ``problems`` say what cannot be restored faithfully.
    """

    edits: list[tuple[int, int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    atoms: dict[int, Placeholder] = field(default_factory=dict)  # stand-in start → its atom

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]


def _literal_destinations(msgid: str) -> Counter[str]:
    """Destinations written out in the msgid itself (front matter, shortcode attributes)."""
    return Counter(_literal_destinations_of(msgid))


@lru_cache(maxsize=4096)
def _literal_destinations_of(msgid: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for mark in scan_inline(msgid):
        if mark.kind in ("link", "image") and mark.dest is not None:
            dest = msgid[mark.dest[0] : mark.dest[1]]
            if not _DIGITS.fullmatch(dest):
                found[dest] += 1
        elif mark.kind in ("autolink", "bare_url"):
            found[msgid[mark.start : mark.end]] += 1
    return found


def _web_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) URL a translator may write, else None."""
    plain = url.strip("<>")
    if _HTTP_URL.fullmatch(plain) and plain.lower().startswith(_SAFE_OVERRIDE_SCHEMES):
        return plain
    return None


def match_standins(
    segment: Segment, translation: str, *, allow_url_overrides: bool = True
) -> StandinMatch:
    """Find every stand-in of ``translation`` and what it restores, or why it cannot.

    Errors: a stand-in missing, used twice, unknown or of the wrong kind; a destination that
    is neither a stand-in nor an allowed override.  An override is a translator-written
    http(s) URL that takes the place of one of the source's links (or images) whose stand-in
    the translation left out: a warning.  An override with no stand-in left to replace would
    add a link the source does not have, which is an error like any other foreign link.
    """
    match = StandinMatch()
    used: set[int] = set()
    overrides: list[tuple[PlaceholderKind, str, str]] = []  # kind, "link"/"image", URL
    literal = _literal_destinations(segment.msgid)

    def claim(placeholder: Placeholder | None, shown: str, kind: str) -> bool:
        if placeholder is None:
            match.problems.append(error("standin-invented", f"{shown} is not in the source"))
            return False
        if placeholder.kind.value != kind:
            match.problems.append(
                error(
                    "standin-invented",
                    f"{shown} is {'an' if kind == 'image' else 'a'} {kind} here "
                    f"but {'an' if placeholder.kind.value == 'image' else 'a'} "
                    f"{placeholder.kind.value} in the source",
                )
            )
            return False
        if placeholder.number in used:
            match.problems.append(error("standin-duplicated", f"{shown} is used twice"))
            return False
        used.add(placeholder.number)
        return True

    def foreign(kind: PlaceholderKind, name: str, url: str) -> None:
        web = _web_url(url)
        if web is None:
            match.problems.append(
                error("link-foreign", f"{name} destination {url!r} is not allowed")
            )
        elif not allow_url_overrides:
            message = f"{name} destination {web!r}: URL overrides are disabled"
            match.problems.append(error("link-foreign", message))
        else:
            overrides.append((kind, name, web))

    for mark in scan_inline(translation):
        if mark.kind in ("link", "image") and mark.dest is not None:
            kind = PlaceholderKind.LINK if mark.kind == "link" else PlaceholderKind.IMAGE
            dest = translation[mark.dest[0] : mark.dest[1]]
            if _DIGITS.fullmatch(dest):
                placeholder = segment.placeholder(dest)
                if claim(placeholder, f"{mark.kind} stand-in ({dest})", kind.value):
                    assert placeholder is not None
                    match.edits.append((mark.dest[0], mark.dest[1], placeholder.source))
            elif literal[dest] > 0:
                literal[dest] -= 1
            else:
                foreign(kind, mark.kind, dest)
        elif mark.kind == "standin":
            token = translation[mark.start : mark.end]
            placeholder = segment.placeholder(token)
            if claim(placeholder, f"stand-in {token}", PlaceholderKind.ATOM.value):
                assert placeholder is not None
                match.edits.append((mark.start, mark.end, placeholder.source))
                match.atoms[mark.start] = placeholder
        elif mark.kind in ("autolink", "bare_url"):
            url = translation[mark.start : mark.end]
            if literal[url] > 0:
                literal[url] -= 1
            else:
                foreign(PlaceholderKind.LINK, "link", url)
    for placeholder in segment.placeholders:
        if placeholder.number in used:
            continue
        replacement = next((o for o in overrides if o[0] is placeholder.kind), None)
        if replacement is not None:
            overrides.remove(replacement)
            _, name, url = replacement
            message = f"{name} points to {url!r} instead of the source's {placeholder.source!r}"
            match.problems.append(warning("url-override", message))
            continue
        shown = (
            f"stand-in {placeholder.token}"
            if placeholder.kind is PlaceholderKind.ATOM
            else f"{placeholder.kind.value} stand-in ({placeholder.token})"
        )
        match.problems.append(error("standin-missing", f"{shown} is missing"))
    for _, name, url in overrides:
        message = f"{name} to {url!r} is not in the source (an own URL may only replace one)"
        match.problems.append(error("link-foreign", message))
    return match


# --- Markdown shape -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Shape:
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


def _blanked(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with ``spans`` replaced by spaces, so raw scans skip code and autolinks."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _unescape_markdown(text: str) -> str:
    return _MARKDOWN_ESCAPE.sub(r"\1", text) if "\\" in text else text


def dangerous_schemes(text: str) -> Counter[str]:
    """``javascript:``, ``vbscript:`` and ``data:`` URLs, however they are disguised.

    Entities are decoded and Markdown escapes and control characters removed first, because
    HTML attributes decode entities and browsers drop tabs and newlines inside URLs.
    """
    found: Counter[str] = Counter()
    if not _MAY_HIDE_A_SCHEME.search(text):  # nothing to decode or drop: one view is enough
        views = {text}
    else:
        unescaped = _unescape_markdown(text)
        decoded = html.unescape(_unescape_markdown(html.unescape(text)))
        # as written and as decoded, control characters dropped (``java\tscript:``) and as
        # separators (``Wort\ndata:``): the view that finds the most counts
        views = set()
        for view in (unescaped, decoded):
            if _IGNORED_IN_SCHEME.search(view):
                views |= {_IGNORED_IN_SCHEME.sub("", view), _IGNORED_IN_SCHEME.sub(" ", view)}
            else:
                views.add(view)
    for view in views:
        names = scheme_names(view)
        if names:
            found |= Counter(names)
    return found


def scheme_names(view: str) -> list[str]:
    """What ``_DANGEROUS_SCHEME.finditer`` finds in ``view``, lower-cased, in order.

    Every match ends at a ``:`` and the names have fixed lengths, so trying the pattern at
    the few places before each colon finds the same matches as scanning every position
    (which, with the case-insensitive alternation and look-behind, costs ~15 µs a msgid).
    """
    found: list[str] = []
    colon = view.find(":")
    while colon >= 0:
        for length in _SCHEME_LENGTHS:
            if colon >= length:
                match = _DANGEROUS_SCHEME.match(view, colon - length)
                if match is not None and match.end() == colon + 1:
                    found.append((match.group(1) or match.group(2)).lower())
                    break
        colon = view.find(":", colon + 1)
    return found


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


def _references_key(references: Mapping[str, Any]) -> References:
    """A hashable form of markdown-it's reference table, so shapes can be cached."""
    return tuple(
        sorted(
            (label, str(target.get("href", "")), str(target.get("title", "")))
            for label, target in references.items()
        )
    )


def _block_types(text: str) -> tuple[tuple[str, ...], int]:
    """Block token types and the number of link reference definitions, without inline parsing."""
    md = markdown()
    env: dict[str, Any] = {}
    tokens: list[Token] = []
    normalised = re.sub(r"\r\n?", "\n", text).replace("\x00", "\ufffd")
    md.block.parse(normalised, md, env, tokens)
    types = tuple(token.type for token in tokens if token.type != "inline")
    return types, len(env.get("references", {}))


@lru_cache(maxsize=4096)
def _shape(text: str, references_key: References) -> _Shape:
    references = {label: {"href": href, "title": title} for label, href, title in references_key}
    blocks, definitions = _block_types(text)
    tokens, marks = _inline_parse(text, references)
    code = Counter(
        text[mark.start : mark.end].strip("`").strip() for mark in marks if mark.kind == "code"
    )
    plain = _blanked(
        text, ((m.start, m.end) for m in marks if m.kind in ("code", "autolink", "bare_url"))
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
    return _Shape(
        blocks=blocks,
        definitions=definitions,
        code=code,
        tags=Counter(found.group(0) for found in _HTML_TAG.finditer(plain)),
        tag_starts=len(_TAG_START.findall(plain)),
        shortcodes=len(_SHORTCODE_OPEN.findall(text)),
        schemes=dangerous_schemes(text),
        emphasis=sum(1 for t in tokens if t.type in ("em_open", "strong_open", "s_open")),
        stray_emphasis=stray,
        bracket_balance=literal.count("[") - literal.count("]"),
        references=resolved,
    )


def _structure_problem(source: tuple[str, ...], translated: tuple[str, ...]) -> Problem | None:
    """A translation may be one plain paragraph, or have exactly the source's block shape."""
    if translated in (source, _PARAGRAPH):
        return None
    if not translated:
        return error("markdown-structure", "translation is not Markdown text")
    for index, kind in enumerate(translated):
        if index >= len(source) or source[index] != kind:
            if kind in ("paragraph_close", "bullet_list_close"):
                continue
            name = _BLOCK_NAMES.get(kind, kind)
            return error("markdown-structure", f"translation starts {name}")
    return error("markdown-structure", "translation drops part of the source's block structure")


def _compare(source: _Shape, translated: _Shape) -> list[Problem]:
    problems: list[Problem] = []
    structure = _structure_problem(source.blocks, translated.blocks)
    if structure is not None:
        problems.append(structure)
    if translated.definitions > source.definitions:
        problems.append(error("markdown-structure", "translation defines a link reference"))
    if source.code - translated.code:
        changed = sorted(source.code - translated.code)
        problems.append(error("code-changed", f"inline code changed or missing: {changed[0]!r}"))
    elif translated.code - source.code:
        added = sorted(translated.code - source.code)
        problems.append(warning("code-added", f"inline code not in the source: {added[0]!r}"))
    new_tags = translated.tags - source.tags
    if new_tags or translated.tag_starts > source.tag_starts:
        shown = next(iter(new_tags), "")
        problems.append(error("html-introduced", f"raw HTML not in the source {shown!r}".strip()))
    if translated.shortcodes > source.shortcodes:
        problems.append(error("shortcode-introduced", "Hugo shortcode not in the source"))
    for scheme in sorted(translated.schemes - source.schemes):
        problems.append(error("url-scheme", f"{scheme}: URL in the translation"))
    if translated.stray_emphasis > source.stray_emphasis:
        problems.append(error("unbalanced-emphasis", "emphasis markers do not pair up"))
    elif translated.emphasis != source.emphasis:
        problems.append(warning("emphasis-changed", "emphasis differs from the source"))
    if translated.bracket_balance != source.bracket_balance:
        problems.append(error("unbalanced-brackets", "square brackets do not pair up"))
    for href in sorted(translated.references - source.references):
        problems.append(error("link-foreign", f"reference link to {href!r} is not in the source"))
    for href in sorted(source.references - translated.references):
        problems.append(error("standin-missing", f"reference link to {href!r} is missing"))
    return problems


def max_length(msgid: str) -> int:
    return LENGTH_FACTOR * len(msgid) + LENGTH_SLACK


def translation_problems(
    segment: Segment,
    translation: str,
    *,
    references: Mapping[str, Any] | None = None,
    allow_url_overrides: bool = True,
    document: Document | None = None,
) -> list[Problem]:
    """Everything wrong with ``translation`` as a replacement for ``segment``.

    ``references`` are the source document's link reference definitions (see
    :func:`document_references`), so ``[text][label]`` can be followed to its destination.
    With the ``document``, the rendered translation is also parsed together with the lines
    around it, which finds what only the context shows (a ``|`` above a setext underline
    makes a table).

    Most translations are plain text around stand-ins; :func:`plain_restoration` proves
    those have nothing to report without parsing them (see there).
    """
    found = [error(check, message) for check, message in value_problems(segment, translation)]
    if plain_restoration(segment, translation) is not None:
        return found
    found += parsed_translation_problems(
        segment,
        translation,
        references=references,
        allow_url_overrides=allow_url_overrides,
        document=document,
    )
    return _unique(found)


def parsed_translation_problems(
    segment: Segment,
    translation: str,
    *,
    references: Mapping[str, Any] | None = None,
    allow_url_overrides: bool = True,
    document: Document | None = None,
) -> list[Problem]:
    """:func:`translation_problems` the long way: both texts parsed by markdown-it."""
    if len(translation) > max_length(segment.msgid):
        return [
            error(
                "too-long",
                f"translation has {len(translation):,} characters for a source of "
                f"{len(segment.msgid):,}",
            )
        ]
    refs = _references_key(references or {})
    match = match_standins(segment, translation, allow_url_overrides=allow_url_overrides)
    found = list(match.problems)
    # Shapes are compared with the stand-ins restored, as the page will have them: a
    # shortcode moved to a line of its own becomes a block, which ``{3}`` alone would hide.
    restored, pieces = _restore(translation, match.edits)
    found.extend(_bare_url_problems(segment, restored, pieces, match.atoms))
    found.extend(_compare(_shape(_restored_msgid(segment), refs), _shape(restored, refs)))
    if document is not None and not match.errors:
        # what publishing restores (from the stripped text) is this, unless it was padded
        same = translation == translation.strip()
        context = context_problem(document, segment, translation, restored if same else None)
        if context is not None:
            found.append(context)
    return _unique(found)


_NOT_MARKDOWN = {Syntax.YAML, Syntax.TOML}


# --- the fast path: plain text around stand-ins -------------------------------------------------

# Characters that can start, end or change Markdown, HTML or shortcode syntax inside a line,
# control characters, and line separators; ``://`` starts a bare URL.  Text free of them
# is, to markdown-it and to Hugo, just text.
# (``&`` only as the start of an entity, ``#`` only where a line starts: see _BLOCK_START;
# ``*`` and ``_`` only as plain emphasis: see _plain_emphasis.)
_SYNTAX_CHARS = r"\[\]\\`<>{}~|\x00-\x1f\x7f-\x9f\u2028\u2029"
# (Each pattern starts with a look-ahead of its first characters, which lets the regex
# engine skip along the text instead of trying every alternative at every position.)
# ``www.`` and ``@`` too: Goldmark's linkify makes links of them (dialect.py, linkify.py)
_NOT_PLAIN = re.compile(
    f"(?=[{_SYNTAX_CHARS}:&w@])(?:[{_SYNTAX_CHARS}]|://|&[A-Za-z0-9#]|www\\.|@)"
)
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
_BLOCK_START = frozenset("-+=!>#0123456789")
_PLAIN_SYNTAXES = frozenset({Syntax.INLINE, Syntax.HEADING, Syntax.TABLE_CELL})

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


_NO_TAGS: Counter[str] = Counter()  # never changed: only compared and subtracted from


def _raw_shape(restored: str, blank: Iterable[tuple[int, int]]) -> tuple[int, Counter[str], int]:
    """Shortcode openings, HTML tags and tag starts, counted as :func:`_shape` counts them."""
    shortcodes = len(_SHORTCODE_OPEN.findall(restored)) if "{{" in restored else 0
    if "<" not in restored:
        return shortcodes, _NO_TAGS, 0
    plain = _blanked(restored, blank)
    tags = Counter(found.group(0) for found in _HTML_TAG.finditer(plain))
    return shortcodes, tags, len(_TAG_START.findall(plain))


@lru_cache(maxsize=4096)
def _plain_source(segment: Segment) -> _PlainSource | None:
    if segment.syntax not in _PLAIN_SYNTAXES and segment.placeholders:
        return None  # no stand-ins are restored in front matter or shortcode attributes
    plain = _plain_standins(segment.msgid)
    if plain is None or any(_unsafe_piece(p.source) for p in segment.placeholders):
        return None
    placeholders = {(p.kind, p.token): p for p in segment.placeholders}
    if sorted(key for key, _, _ in plain.standins) != sorted(placeholders):
        return None
    edits = [(start, end, placeholders[key].source) for key, start, end in plain.standins]
    at = {start: placeholders[key] for key, start, _ in plain.standins}
    restored, spans = _restore(segment.msgid, edits + _unchanged(segment.msgid, plain))
    shortcodes, tags, tag_starts = _raw_shape(restored, _blanked_spans(spans, at, plain))
    schemes = dangerous_schemes(restored)
    bare_urls = frozenset(
        p.number
        for p in segment.placeholders
        if p.kind is PlaceholderKind.ATOM and _is_bare_url(p.source)
    )
    return _PlainSource(
        placeholders, plain.emphasis, plain.code, bare_urls, shortcodes, tags, tag_starts, schemes
    )


def _unsafe_piece(source: str) -> bool:
    """A restored source that could reach across into the text next to it (a line break,
    or a backtick that could pair with one of the translator's)."""
    return "\n" in source or "\r" in source or "`" in source


def _unchanged(text: str, plain: _Plain) -> list[tuple[int, int, str]]:
    """Inline code as edits that change nothing, so :func:`_restore` says where it ends up."""
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
        before = restored[start - 1] if start else " "
        colon = start + placeholder.source.find(":")
        rest = bare_url_rest(restored, colon) if colon >= start else None
        if before not in " (" or rest is None or colon + len(rest) != end:
            return None
    if "<" in restored or "{{" in restored:
        shortcodes, tags, tag_starts = _raw_shape(restored, blank)
        if shortcodes > source.shortcodes or tag_starts > source.tag_starts:
            return None
        if tags and tags - source.tags:
            return None
    if _new_schemes(restored, source.schemes):
        return None
    return restored


def _new_schemes(text: str, allowed: Counter[str]) -> bool:
    """Whether ``text`` has a ``javascript:``-like URL ``allowed`` does not account for."""
    if not _MAY_HIDE_A_SCHEME.search(text):
        names = scheme_names(text)
        return bool(names) and bool(Counter(names) - allowed)
    return bool(dangerous_schemes(text) - allowed)


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


_LINE_START = re.compile(r"\r\n|\r|\n")


@lru_cache(maxsize=8)
def _top_level_blocks(text: str) -> tuple[tuple[int, int], ...]:
    """Offsets of the Markdown body's top-level blocks (a whole list, a whole quote...)."""
    start = 1 if text.startswith("\ufeff") else 0
    try:
        found = frontmatter.locate(text, start)
    except PipelineError:
        found = None
    base = found.body_start if found else start
    body = text[base:]
    try:
        tokens = markdown().parse(body, {})
    except RecursionError:
        return ()
    return top_level_blocks(body, base, tokens)


def _window(document: Document, start: int, end: int) -> tuple[int, int]:
    """The top-level block around ``start``..``end``, and the line after it.

    A whole top-level block parses the same on its own as in the page (no container around
    it), and the next line is where a setext underline or a table delimiter row would be.
    """
    text = document.text
    first = max(text.rfind("\n", 0, start) + 1, 1 if text.startswith("\ufeff") else 0)
    last = end
    blocks = document.blocks if document.blocks is not None else _top_level_blocks(text)
    for block_start, block_end in blocks:
        if block_start <= start < max(block_end, block_start + 1):
            first, last = min(first, block_start), max(last, block_end)
            break
    line_end = text.find("\n", last)
    if line_end >= 0 and line_end + 1 < len(text):
        following = text.find("\n", line_end + 1)
        last = len(text) if following < 0 else following
    else:
        last = len(text)
    return first, last


# What a line of paragraph text may not start with, or it may start another block (a list,
# quote, heading, fence, HTML block, shortcode block, thematic break, setext underline).
_LINE_START_OK = re.compile(r"[^\s\-+=>#0-9<{\[`~*_|]|\[(?!(?:[^\[\]\\]|\\.)*\]:)")


def _stays_on_its_line(replacement: str) -> bool:
    """Whether ``replacement`` is one line that cannot change the blocks around it.

    Block structure is decided line by line from how lines start, before any inline
    parsing: a single line that starts like paragraph text (and is not a link reference
    definition) stays the text of the block it is in.  Only a ``|`` could still make a table
    of it, with a delimiter row below (markdown-it wants one in the header line).
    """
    return (
        "\n" not in replacement
        and "\r" not in replacement
        and "|" not in replacement
        and _LINE_START_OK.match(replacement) is not None
    )


def context_problem(
    document: Document, segment: Segment, translation: str, restored: str | None = None
) -> Problem | None:
    """Parse the rendered translation with its neighbouring lines, as the page will have it.

    ``restored`` is the translation with its stand-ins restored, if the caller has it.
    """
    if segment.syntax in _NOT_MARKDOWN or segment.end > len(document.text):
        return None
    from .reassemble import TranslationRefused, render_restored, render_segment_unchecked

    try:
        if restored is not None and restored.strip() and segment.syntax in _PLAIN_SYNTAXES:
            replacement = render_restored(segment, restored)
        else:
            replacement = render_segment_unchecked(segment, translation)
    except TranslationRefused:
        return None
    if _stays_on_its_line(replacement) or not changes_blocks(document, segment, replacement):
        return None
    return error(
        "markdown-structure", "translation changes the Markdown structure with the lines around it"
    )


def changes_blocks(document: Document, segment: Segment, replacement: str) -> bool:
    """Whether the page's blocks around ``segment`` differ once ``replacement`` is in it."""
    text = document.text
    first, last = _window(document, segment.start, segment.end)
    before = text[first:last]
    after = text[first : segment.start] + replacement + text[segment.end : last]
    return _block_types(before)[0] != _block_types(after)[0]


def _restore(
    text: str, edits: Iterable[tuple[int, int, str]]
) -> tuple[str, list[tuple[int, int, int]]]:
    """``text`` with the edits applied, and for each edit ``(start in text, start, end)`` of
    its replacement in the result."""
    pieces: list[str] = []
    spans: list[tuple[int, int, int]] = []
    position = length = 0
    for start, end, replacement in sorted(edits):
        pieces.append(text[position:start])
        length += start - position
        pieces.append(replacement)
        spans.append((start, length, length + len(replacement)))
        length += len(replacement)
        position = end
    pieces.append(text[position:])
    return "".join(pieces), spans


def _is_bare_url(source: str) -> bool:
    """Whether an atom's source is a bare URL (not an ``<autolink>`` or a shortcode)."""
    return not source.startswith(("<", "{{"))


def _bare_url_problems(
    segment: Segment,
    restored: str,
    pieces: Iterable[tuple[int, int, int]],
    atoms: Mapping[int, Placeholder],
) -> list[Problem]:
    """A bare URL is a link only where the text around it lets it be one.

    Hugo links ``https://…`` written out in the text when it follows a space, ``(`` or the
    start of the line, and the link runs up to the next space.  So ``{1}.org`` would send
    readers to another site, and ``Siehe:{1}`` would drop the link; both are errors, unless
    the source has the URL in the same place (a URL right after inline code, say).
    """
    problems: list[Problem] = []
    for origin, start, end in pieces:
        placeholder = atoms.get(origin)
        if placeholder is None or not _is_bare_url(placeholder.source):
            continue
        source = placeholder.source
        if ":" not in source:
            continue
        colon = start + source.index(":")
        rest = bare_url_rest(restored, colon)
        if rest is None or colon + len(rest) != end:
            problems.append(
                error(
                    "link-foreign",
                    f"text right after stand-in {placeholder.token} would become part of its URL",
                )
            )
        before = restored[start - 1] if start else " "
        if not (before.isspace() or before in _URL_OPENERS) and before != _char_before(
            segment.msgid, placeholder.token
        ):
            problems.append(
                error(
                    "standin-missing",
                    f"stand-in {placeholder.token} is joined to the text before it, so it "
                    "would not be a link",
                )
            )
    return problems


_URL_OPENERS = "(*_~"


def _char_before(text: str, token: str) -> str:
    index = text.find(token)
    return text[index - 1] if index > 0 else " "


def apply_edits(text: str, edits: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied (non-overlapping spans)."""
    return _restore(text, edits)[0]


@lru_cache(maxsize=4096)
def _restored_msgid(segment: Segment) -> str:
    return apply_edits(segment.msgid, match_standins(segment, segment.msgid).edits)


def translation_errors(segment: Segment, translation: str, **options: Any) -> list[Problem]:
    return [p for p in translation_problems(segment, translation, **options) if p.is_error]


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


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


def segment_for_msgid(msgid: str) -> Segment:
    """A stand-in-only segment for a msgid whose source is not at hand.

    It knows which stand-ins the msgid has (so missing or invented ones are found) but not
    what they stand for; good for checking, never for publishing.
    """
    placeholders: list[Placeholder] = []
    for mark in scan_inline(msgid):
        if mark.kind in ("link", "image") and mark.dest is not None:
            dest = msgid[mark.dest[0] : mark.dest[1]]
            if _DIGITS.fullmatch(dest):
                kind = PlaceholderKind.LINK if mark.kind == "link" else PlaceholderKind.IMAGE
                placeholders.append(Placeholder(int(dest), kind, ""))
        elif mark.kind == "standin":
            number = int(msgid[mark.start + 1 : mark.end - 1])
            placeholders.append(Placeholder(number, PlaceholderKind.ATOM, ""))
    return Segment(0, 0, msgid, Syntax.INLINE, "unknown", 0, placeholders=tuple(placeholders))


__all__ = [
    "Finding",
    "Problem",
    "Severity",
    "StandinMatch",
    "apply_edits",
    "changes_blocks",
    "context_problem",
    "dangerous_schemes",
    "document_references",
    "match_standins",
    "parsed_translation_problems",
    "plain_restoration",
    "plain_sources",
    "restore_plain",
    "segment_for_msgid",
    "translation_errors",
    "translation_problems",
]
