"""Document + translations → translated text, with every link, image and shortcode intact.

The skeleton is copied verbatim.  A segment with no usable translation is copied from the
source, so identity and empty catalogs reproduce the source byte for byte.  A translation
is rendered by restoring the source's exact bytes for each stand-in and re-encoding the text
for the syntax it sits in (block prefix after newlines, escaped pipes in tables, quoting in
YAML).  A translation whose stand-ins cannot be restored faithfully is refused, and the
segment falls back to the source: the published page never has a broken or foreign link
because of a translation.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from . import frontmatter, shortcodes
from .document import Document, PlaceholderKind, Segment, Syntax
from .mdsyntax import Mark, scan_inline

_DIGITS = re.compile(r"\d{1,4}")
_SAFE_OVERRIDE = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


class TranslationRefused(ValueError):
    """A translation cannot be written without changing or losing what the source links to."""


@dataclass
class Rendered:
    """The output text, and the segments that fell back to the source with the reason."""

    text: str
    refused: list[tuple[Segment, str]] = field(default_factory=list)
    translated: int = 0


def _marks(translation: str) -> list[Mark]:
    """The marks of a translation, without running the inline parser when there can be none.

    Only inline links and images (``](`` is part of their syntax) and ``{N}`` stand-ins
    matter here; text with neither is most text, and scanning it was a third of publishing.
    """
    if "](" not in translation and "{" not in translation:
        return []
    return scan_inline(translation)


def restore_placeholders(segment: Segment, translation: str) -> str:
    """Put the source's bytes back for every stand-in of ``translation``.

    Raises :class:`TranslationRefused` for an unknown, repeated or missing stand-in, or a
    translator-written destination that is not an absolute http(s) URL.
    """
    edits: list[tuple[int, int, str]] = []
    used: set[int] = set()
    overrides = {PlaceholderKind.LINK: 0, PlaceholderKind.IMAGE: 0}
    for mark in _marks(translation):
        if mark.kind in ("link", "image") and mark.dest is not None:
            kind = PlaceholderKind.LINK if mark.kind == "link" else PlaceholderKind.IMAGE
            dest = translation[mark.dest[0] : mark.dest[1]]
            if not _DIGITS.fullmatch(dest):
                if not _SAFE_OVERRIDE.fullmatch(dest.strip("<>")):
                    raise TranslationRefused(f"{mark.kind} destination {dest!r} is not allowed")
                overrides[kind] += 1
                continue
            placeholder = segment.placeholder(dest)
            if placeholder is None or placeholder.kind is not kind:
                raise TranslationRefused(f"{mark.kind} stand-in ({dest}) is not in the source")
            if placeholder.number in used:
                raise TranslationRefused(f"stand-in ({dest}) used twice")
            used.add(placeholder.number)
            edits.append((mark.dest[0], mark.dest[1], placeholder.source))
        elif mark.kind == "standin":
            token = translation[mark.start : mark.end]
            placeholder = segment.placeholder(token)
            if placeholder is None:
                raise TranslationRefused(f"stand-in {token} is not in the source")
            if placeholder.number in used:
                raise TranslationRefused(f"stand-in {token} used twice")
            used.add(placeholder.number)
            edits.append((mark.start, mark.end, placeholder.source))
    missing = [p for p in segment.placeholders if p.number not in used]
    for placeholder in missing:
        if placeholder.kind is PlaceholderKind.ATOM or overrides[placeholder.kind] == 0:
            raise TranslationRefused(f"stand-in {placeholder.token} is missing")
        overrides[placeholder.kind] -= 1
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        pieces.append(translation[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(translation[position:])
    return "".join(pieces)


def _inline(segment: Segment, translation: str) -> str:
    text = restore_placeholders(segment, translation.strip())
    lines = text.split("\n")
    out = [lines[0].rstrip(" \t")]
    for line in lines[1:]:
        previous = out[-1]
        out[-1] = previous if previous.endswith("\\") else previous + "  "
        out.append(segment.continuation + line.strip(" \t"))
    return "\n".join(out)


def _one_line(segment: Segment, translation: str) -> str:
    text = restore_placeholders(segment, translation.strip())
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _table_cell(segment: Segment, translation: str) -> str:
    return _UNESCAPED_PIPE.sub(r"\\|", _one_line(segment, translation))


RENDERERS: Mapping[Syntax, Callable[[Segment, str], str]] = {
    Syntax.INLINE: _inline,
    Syntax.HEADING: _one_line,
    Syntax.TABLE_CELL: _table_cell,
    Syntax.YAML: lambda segment, text: frontmatter.encode_yaml(text.strip(), segment.style),
    Syntax.TOML: lambda segment, text: frontmatter.encode_toml(text.strip(), segment.style),
    Syntax.SHORTCODE_ATTR: lambda segment, text: shortcodes.escape(text.strip()),
}


def render_segment(segment: Segment, translation: str) -> str:
    """The text that replaces ``segment``'s span; raises :class:`TranslationRefused`."""
    if not translation.strip():
        raise TranslationRefused("translation is empty")
    return RENDERERS[segment.syntax](segment, translation)


def reassemble(
    document: Document,
    translations: Mapping[str, str],
    *,
    drop: bool = True,
) -> Rendered:
    """Write ``document`` with ``translations`` (msgid → msgstr) applied.

    ``drop`` removes the front matter keys the config drops from translated pages.
    """
    text = document.text
    edits: list[tuple[int, int, str]] = []
    result = Rendered("")
    dropped = list(document.dropped) if drop else []
    for start, end in dropped:
        edits.append((start, end, ""))
    for segment in document.segments:
        if any(start <= segment.start < end for start, end in dropped):
            continue
        translation = translations.get(segment.msgid)
        if translation is None or translation == segment.msgid:
            continue
        try:
            rendered = render_segment(segment, translation)
            if segment.anchor and segment.anchor in document.fragment_links:
                # the translated heading gets a new automatic id; pin the one links point to
                rendered += f" {{#{segment.anchor}}}"
            if document.newline != "\n":
                rendered = rendered.replace("\n", document.newline)
            edits.append((segment.start, segment.end, rendered))
            result.translated += 1
        except TranslationRefused as refusal:
            result.refused.append((segment, str(refusal)))
    pieces: list[str] = []
    position = 0
    for start, end, replacement in sorted(edits):
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(text[position:])
    result.text = "".join(pieces)
    return result
