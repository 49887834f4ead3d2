"""The gate's entry points: judge a translation, or render it only if it passes.

``check`` reports :func:`translation_problems`; ``publish`` writes :func:`render_segment`,
which refuses every translation the same gate finds an error in, so what passes ``check`` is
what is published.  Both try the fast path (:mod:`.fastpath`) once, then the parsed gate.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from ..document import Document, Segment
from ..hugovalues import value_problems
from .fastpath import plain_restoration
from .findings import Problem, error
from .parsed import parsed_translation_problems
from .render import TranslationRefused, render_restored, render_segment_unchecked


def translation_problems(
    segment: Segment,
    translation: str,
    *,
    references: Mapping[str, Any] | None = None,
    allow_url_overrides: bool = True,
    url_hosts: Collection[str] = (),
    document: Document | None = None,
) -> list[Problem]:
    """Everything wrong with ``translation`` as a replacement for ``segment``.

    ``references`` are the source document's link reference definitions (see
    :func:`.shape.document_references`), so ``[text][label]`` can be followed to its
    destination.  With the ``document``, the rendered translation is also parsed together
    with the lines around it, which finds what only the context shows (a ``|`` above a setext
    underline makes a table).

    Most translations are plain text around stand-ins; :func:`.fastpath.plain_restoration`
    proves those have nothing to report without parsing them (see there).
    """
    found = [error(check, message) for check, message in value_problems(segment, translation)]
    if plain_restoration(segment, translation) is not None:
        return found
    found += parsed_translation_problems(
        segment,
        translation,
        references=references,
        allow_url_overrides=allow_url_overrides,
        url_hosts=url_hosts,
        document=document,
    )
    return list(dict.fromkeys(found))


def translation_errors(segment: Segment, translation: str, **options: Any) -> list[Problem]:
    """The errors among :func:`translation_problems`: what keeps a translation unpublished."""
    return [p for p in translation_problems(segment, translation, **options) if p.is_error]


def render_segment(
    segment: Segment,
    translation: str,
    *,
    references: Mapping[str, Any] | None = None,
    allow_url_overrides: bool = True,
    url_hosts: Collection[str] = (),
    document: Document | None = None,
) -> str:
    """The text that replaces ``segment``'s span; raises :class:`.render.TranslationRefused`.

    A translation with any error :func:`translation_problems` reports is refused.  A plain
    translation (:func:`.fastpath.plain_restoration`) passes without a parse.
    """
    restored = plain_restoration(segment, translation)
    if restored is not None:
        return render_restored(segment, restored)
    return render_parsed(
        segment,
        translation,
        references=references,
        allow_url_overrides=allow_url_overrides,
        url_hosts=url_hosts,
        document=document,
    )


def render_parsed(
    segment: Segment,
    translation: str,
    *,
    references: Mapping[str, Any] | None = None,
    allow_url_overrides: bool = True,
    url_hosts: Collection[str] = (),
    document: Document | None = None,
) -> str:
    """:func:`render_segment` for a translation the fast path has already declined."""
    problems = parsed_translation_problems(
        segment,
        translation,
        references=references,
        allow_url_overrides=allow_url_overrides,
        url_hosts=url_hosts,
        document=document,
    )
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise TranslationRefused(f"[{errors[0].check}] {errors[0].message}")
    return render_segment_unchecked(segment, translation)


__all__ = ["render_parsed", "render_segment", "translation_errors", "translation_problems"]
