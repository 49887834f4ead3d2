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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from .document import Document, Segment
from .gate import (
    GateOptions,
    TranslationRefused,
    plain_sources,
    render_parsed,
    render_restored,
    render_segment,
    restore_plain,
)
from .gate.options import DEFAULT
from .splice import splice


@dataclass
class Rendered:
    """The output text, and the segments that fell back to the source with the reason."""

    text: str
    refused: list[tuple[Segment, str]] = field(default_factory=list)
    translated: int = 0


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
        source = splice(placeholder.source, inside) if inside else placeholder.source
        placeholders.append(replace(placeholder, source=source))
    return replace(segment, placeholders=tuple(placeholders))


def reassemble(
    document: Document,
    translations: Mapping[str, str],
    *,
    drop: bool = True,
    gate: GateOptions = DEFAULT,
    extra_edits: Sequence[tuple[int, int, str]] = (),
) -> Rendered:
    """Write ``document`` with ``translations`` (msgid → msgstr) applied.

    ``drop`` removes the front matter keys the config drops from translated pages;
    ``gate`` has the site's settings for the gate every translation passes (this page is
    added to it here);
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
    page: GateOptions | None = None

    def render(index: int, segment: Segment, translation: str) -> str:
        nonlocal page
        own = segment is document.segments[index]  # not a host with its children written in
        restored = restore_plain(plain[index], segment, translation) if own else None
        if restored is not None:
            rendered = render_restored(segment, restored)
        else:
            if page is None:  # its references are a parse of the whole page: only when needed
                page = gate.on_page(document)
            # the fast path is tried once: above for a segment of the page, inside
            # render_segment for a host
            rendered = (render_parsed if own else render_segment)(segment, translation, page)
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
    result.text = splice(text, edits)
    return result
