"""The data that flows between stages: a lossless Document made of skeleton and segments.

A Document keeps the whole source text.  Segments are spans of that text holding human-readable
content; everything outside them is skeleton, copied verbatim.  Reassembly therefore needs
nothing but the Document and a mapping from msgid to translation, and a missing translation
writes the source span back unchanged, which makes the round trip byte-exact by construction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .dialect import Extensions


class PlaceholderKind(StrEnum):
    """What a numbered stand-in replaces in a msgid."""

    LINK = "link"  # a link destination: ``[text](N)``
    IMAGE = "image"  # an image source: ``![alt](N)``
    ATOM = "atom"  # a whole autolink, bare URL or inline shortcode: ``{N}``


@dataclass(frozen=True)
class Placeholder:
    """A numbered stand-in for source bytes the translator must not touch."""

    number: int
    kind: PlaceholderKind
    source: str  # the exact source bytes restored on output

    @property
    def token(self) -> str:
        """How the stand-in appears in the msgid."""
        return f"{{{self.number}}}" if self.kind is PlaceholderKind.ATOM else str(self.number)


class Syntax(StrEnum):
    """How a translated string is written back into the source's syntax."""

    INLINE = "inline"  # paragraph text; newlines continue the block with its prefix
    HEADING = "heading"  # one line only
    TABLE_CELL = "table-cell"  # one line, pipes escaped
    YAML = "yaml"  # a YAML scalar, re-quoted as needed
    TOML = "toml"  # a TOML string
    SHORTCODE_ATTR = "shortcode-attr"  # inside a double-quoted Hugo shortcode parameter


@dataclass(frozen=True)
class Segment:
    """One translatable piece: a leaf block's text, a front matter value or a shortcode attribute.

    ``start``/``end`` index ``Document.text``.  ``msgid`` is what the translator sees: the
    source with link destinations, URLs and shortcodes replaced by ``placeholders`` and soft
    line breaks joined.  ``continuation`` is the line prefix (indentation, ``> ``) that a
    multi-line translation needs after each newline to stay inside its block.
    """

    start: int
    end: int
    msgid: str
    syntax: Syntax
    kind: str  # human-readable: "paragraph", "heading", "front matter title", ...
    line: int  # 0-based line of ``start`` in the whole file
    context: tuple[str, ...] = ()  # heading path
    placeholders: tuple[Placeholder, ...] = ()
    continuation: str = ""
    style: str = ""  # quoting style for YAML/TOML values
    anchor: str = ""  # a heading's automatic id, which its translation must keep if linked to

    def placeholder(self, token: str) -> Placeholder | None:
        """Find the placeholder a stand-in token (``"3"`` or ``"{3}"``) refers to."""
        for placeholder in self.placeholders:
            if placeholder.token == token:
                return placeholder
        return None

    @property
    def is_title(self) -> bool:
        """Whether this is the page's title (see :func:`is_title_kind`)."""
        return is_title_kind(self.kind)


def is_title_kind(kind: str) -> bool:
    """Whether a segment's kind, which is also its entry's extracted comment, is the title's.

    Hugo reads front matter keys without regard to case, so ``Title:`` is the title too,
    and its kind is ``front matter Title``: the one test of that, for every reader.
    """
    return kind.lower() == "front matter title"


def title_segment(segments: Sequence[Segment]) -> Segment | None:
    """The page title's segment: Hugo's keys are case-insensitive (``Title:`` is the title)."""
    return next((s for s in segments if s.is_title), None)


@dataclass(frozen=True)
class Document:
    """A parsed source: its text, its segments in order, and the spans translations drop."""

    path: str
    text: str
    segments: tuple[Segment, ...]
    dropped: tuple[tuple[int, int], ...] = field(default=())  # e.g. ``aliases`` in front matter
    title: str | None = None  # the front matter title, for catalog headers and reports
    newline: str = "\n"  # the file's line terminator, used for line breaks in translations
    fragment_links: frozenset[str] = frozenset()  # ``#id`` targets of the file's own links
    # Kept from the parse for the gate, which would otherwise parse the page again: the link
    # reference definitions (markdown-it's ``env["references"]``) and the offsets of the
    # top-level blocks.  None when the Document was made some other way.
    references: Mapping[str, Any] | None = field(default=None, compare=False)
    blocks: tuple[tuple[int, int], ...] | None = field(default=None, compare=False)
    # The Markdown the page was parsed as (the site's ``[markdown]``): the gate parses its
    # translations the same way, ``dialect.markdown(document.extensions or DEFAULT)``.
    extensions: Extensions | None = field(default=None, compare=False)
