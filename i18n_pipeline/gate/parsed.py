"""The parsed gate: a translation judged against its msgid, both parsed by markdown-it.

This is the whole gate; :mod:`.fastpath` only proves, for plain text, that it would find
nothing.  It matches the stand-ins (:mod:`.standins`), restores them as the page will have
them, checks the bare URLs' boundaries, compares the parsed shapes (:mod:`.rules`) and, given
the document, the blocks around the segment (:mod:`.context`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .. import linkify
from ..document import Placeholder, Segment
from ..splice import splice_spans
from .context import context_problem
from .findings import Problem, error
from .options import DEFAULT, GateOptions
from .rules import compare, segment_problems
from .shape import references_key, shape
from .standins import is_bare_url, match_standins, restored_msgid

_SAFE_OVERRIDE_SCHEMES = ("http://", "https://")
# A msgstr far longer than its msgid is not a translation; parsing it would only cost time.
LENGTH_FACTOR = 5
LENGTH_SLACK = 500


def max_length(msgid: str) -> int:
    return LENGTH_FACTOR * len(msgid) + LENGTH_SLACK


def parsed_translation_problems(
    segment: Segment,
    translation: str,
    options: GateOptions = DEFAULT,
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
    refs = references_key(options.references or {})
    match = match_standins(segment, translation, options)
    found = list(match.problems)
    # Shapes are compared with the stand-ins restored, as the page will have them: a
    # shortcode moved to a line of its own becomes a block, which ``{3}`` alone would hide.
    restored, pieces = splice_spans(translation, match.edits)
    found.extend(_bare_url_problems(segment, restored, pieces, match.atoms))
    source = restored_msgid(segment)
    found.extend(compare(shape(source, refs), shape(restored, refs)))
    found.extend(segment_problems(segment, source, restored))
    document = options.document
    if document is not None and not match.errors:
        # what publishing restores (from the stripped text) is this, unless it was padded
        same = translation == translation.strip()
        context = context_problem(document, segment, translation, restored if same else None)
        if context is not None:
            found.append(context)
    return _unique(found)


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
        if placeholder is None or not is_bare_url(placeholder.source):
            continue
        source = placeholder.source
        if linkify.url_end(source, 0) != len(source):
            continue  # not a link linkify made (a footnote reference, say)
        # where Goldmark's linkify ends the link that starts there (a URL, www. or e-mail)
        if linkify.url_end(restored, start) != end:
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


def _unique(problems: Iterable[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


__all__ = ["LENGTH_FACTOR", "LENGTH_SLACK", "max_length", "parsed_translation_problems"]
