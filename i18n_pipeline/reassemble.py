"""Document + translations → translated text, with every link, image and shortcode intact.

The skeleton is copied verbatim.  A segment with no usable translation is copied from the
source, so identity and empty catalogs reproduce the source byte for byte.  A translation
is rendered by restoring the source's exact bytes for each stand-in and re-encoding the text
for the syntax it sits in (block prefix after newlines, escaped pipes in tables, quoting in
YAML).  A translation that ``check`` finds an error in (a stand-in that cannot be restored
faithfully, a foreign link, raw HTML, a changed block structure...) is refused, and the
segment falls back to the source: the published page never has a broken or foreign link,
nor anything else the source did not have, because of a translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .checks import (
    apply_edits,
    document_references,
    match_standins,
    parsed_translation_problems,
    plain_restoration,
    plain_sources,
    restore_plain,
)
from .document import Document, Segment, Syntax
from .errors import UnwritableValue
from .hugovalues import WRITERS

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


class TranslationRefused(ValueError):
    """A translation cannot be written without changing or losing what the source links to."""


@dataclass
class Rendered:
    """The output text, and the segments that fell back to the source with the reason."""

    text: str
    refused: list[tuple[Segment, str]] = field(default_factory=list)
    translated: int = 0


def restore_placeholders(
    segment: Segment, translation: str, *, allow_url_overrides: bool = True
) -> str:
    """Put the source's bytes back for every stand-in of ``translation``.

    Raises :class:`TranslationRefused` for an unknown, repeated or missing stand-in, or a
    translator-written destination that is not an absolute http(s) URL (the rules live in
    :func:`.checks.match_standins`, shared with ``check``).
    """
    match = match_standins(segment, translation, allow_url_overrides=allow_url_overrides)
    if match.errors:
        raise TranslationRefused(match.errors[0].message)
    return apply_edits(translation, match.edits)


def _inline(segment: Segment, text: str) -> str:
    # An atom spanning lines (a shortcode) was restored byte for byte, its own line breaks
    # and indentation included: hide it while the translation's line breaks are written.
    kept = [p.source for p in segment.placeholders if "\n" in p.source and p.source in text]
    for number, source in enumerate(kept):
        text = text.replace(source, chr(0xF0000 + number), 1)
    lines = text.split("\n")
    out = [lines[0].rstrip(" \t")]
    for line in lines[1:]:
        previous = out[-1]
        out[-1] = previous if previous.endswith("\\") else previous + "  "
        out.append(segment.continuation + line.strip(" \t"))
    written = "\n".join(out)
    for number, source in enumerate(kept):
        written = written.replace(chr(0xF0000 + number), source, 1)
    return written


def _one_line(segment: Segment, text: str) -> str:
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _table_cell(segment: Segment, translation: str) -> str:
    return _UNESCAPED_PIPE.sub(r"\\|", _one_line(segment, translation))


# Each takes the translation with its stand-ins restored (only Markdown text has any).
_MARKDOWN_TEXT = frozenset({Syntax.INLINE, Syntax.HEADING, Syntax.TABLE_CELL})

RENDERERS: Mapping[Syntax, Callable[[Segment, str], str]] = {
    Syntax.INLINE: _inline,
    Syntax.HEADING: _one_line,
    Syntax.TABLE_CELL: _table_cell,
    **WRITERS,
}


def _encode(segment: Segment, text: str) -> str:
    """:data:`RENDERERS`, with a value Hugo could not read back refused like a gate error."""
    try:
        return RENDERERS[segment.syntax](segment, text)
    except UnwritableValue as exc:
        raise TranslationRefused(f"[{exc.check}] {exc.message}") from exc


def render_segment(
    segment: Segment,
    translation: str,
    *,
    references: Mapping[str, Any] | None = None,
    allow_url_overrides: bool = True,
    document: Document | None = None,
) -> str:
    """The text that replaces ``segment``'s span; raises :class:`TranslationRefused`.

    A translation with any error that ``check`` would report is refused here, by the checks
    ``check`` runs (:func:`.checks.translation_problems`), so what passes the gate is what is
    published: a plain translation passes :func:`.checks.plain_restoration` without a parse,
    any other goes through :func:`.checks.parsed_translation_problems`, and a value Hugo
    would read otherwise is refused when :func:`_encode` writes it.
    """
    restored = plain_restoration(segment, translation)
    if restored is not None:
        return render_restored(segment, restored)
    problems = parsed_translation_problems(
        segment,
        translation,
        references=references,
        allow_url_overrides=allow_url_overrides,
        document=document,
    )
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise TranslationRefused(f"[{errors[0].check}] {errors[0].message}")
    return render_segment_unchecked(segment, translation)


def render_restored(segment: Segment, restored: str) -> str:
    """The replacement for a translation whose stand-ins are already restored."""
    return _encode(segment, restored)


def render_segment_unchecked(segment: Segment, translation: str) -> str:
    """Only the syntax: stand-ins restored and the text encoded for where it goes."""
    text = translation.strip()
    if not text:
        raise TranslationRefused("translation is empty")
    if segment.syntax in _MARKDOWN_TEXT:
        text = restore_placeholders(segment, text)
    return _encode(segment, text)


def nested_segments(document: Document) -> dict[int, list[int]]:
    """Segments inside another one's span: a parameter of a shortcode within a paragraph
    (the paragraph has the shortcode as a stand-in).  Parent index → child indices."""
    nested: dict[int, list[int]] = {}
    outer = -1
    for index, segment in enumerate(document.segments):
        if outer >= 0 and segment.end <= document.segments[outer].end:
            nested.setdefault(outer, []).append(index)
        else:
            outer = index
    return nested


def _with_children(document: Document, parent: int, children: Mapping[int, str]) -> Segment:
    """The parent segment with its children's translations written into its stand-ins."""
    segment = document.segments[parent]
    placeholders = []
    cursor = segment.start
    for placeholder in segment.placeholders:
        begin = document.text.find(placeholder.source, cursor, segment.end)
        if begin < 0:
            placeholders.append(placeholder)
            continue
        end = begin + len(placeholder.source)
        cursor = end
        inside = [
            (document.segments[child].start - begin, document.segments[child].end - begin, text)
            for child, text in children.items()
            if begin <= document.segments[child].start and document.segments[child].end <= end
        ]
        source = apply_edits(placeholder.source, inside) if inside else placeholder.source
        placeholders.append(replace(placeholder, source=source))
    return replace(segment, placeholders=tuple(placeholders))


def reassemble(
    document: Document,
    translations: Mapping[str, str],
    *,
    drop: bool = True,
    allow_url_overrides: bool = True,
    extra_edits: Sequence[tuple[int, int, str]] = (),
) -> Rendered:
    """Write ``document`` with ``translations`` (msgid → msgstr) applied.

    ``drop`` removes the front matter keys the config drops from translated pages;
    ``allow_url_overrides`` lets a translator's own http(s) URL replace a source link;
    ``extra_edits`` are more ``(start, end, text)`` edits of the source text, outside every
    segment (the page's own front matter values and notes, :mod:`.pagemeta`).
    """
    text = document.text
    edits: list[tuple[int, int, str]] = list(extra_edits)
    result = Rendered("")
    dropped = list(document.dropped) if drop else []
    for start, end in dropped:
        edits.append((start, end, ""))
    plain = plain_sources(document)
    references: Mapping[str, Any] | None = None

    def render(index: int, segment: Segment, translation: str) -> str:
        nonlocal references
        restored = restore_plain(plain[index], segment, translation)
        if restored is not None and segment is document.segments[index]:
            rendered = render_restored(segment, restored)
        else:
            if references is None:  # a parse of the whole page: only when needed
                references = document_references(document)
            rendered = render_segment(
                segment,
                translation,
                references=references,
                allow_url_overrides=allow_url_overrides,
                document=document,
            )
        if segment.anchor and segment.anchor in document.fragment_links:
            # the translated heading gets a new automatic id; pin the one links point to
            rendered += f" {{#{segment.anchor}}}"
        if document.newline != "\n":
            rendered = rendered.replace("\n", document.newline)
        return rendered

    written: dict[int, str] = {}
    for index, segment in enumerate(document.segments):
        if any(start <= segment.start < end for start, end in dropped):
            continue
        translation = translations.get(segment.msgid)
        if translation is None or translation == segment.msgid:
            continue
        try:
            written[index] = render(index, segment, translation)
            result.translated += 1
        except TranslationRefused as refusal:
            result.refused.append((segment, str(refusal)))
    for parent, children in nested_segments(document).items():
        inner = [child for child in children if child in written]
        if parent not in written or not inner:
            continue  # the children are written in the source's shortcode as they are
        host = _with_children(document, parent, {child: written[child] for child in inner})
        try:
            written[parent] = render(parent, host, translations[host.msgid])
        except TranslationRefused as refusal:
            del written[parent]  # the paragraph falls back to the source; its children stay
            result.translated -= 1
            result.refused.append((host, str(refusal)))
            continue
        for child in inner:
            del written[child]  # now inside the paragraph's restored shortcode
    for index, rendered in written.items():
        segment = document.segments[index]
        edits.append((segment.start, segment.end, rendered))
    result.text = apply_edits(text, edits)
    return result
