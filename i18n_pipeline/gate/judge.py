"""The gate's entry points: judge a translation, or render it only if it passes.

``check`` reports :func:`translation_problems`; ``publish`` writes :func:`render_segment`,
which refuses every translation the same gate finds an error in, so what passes ``check`` is
what is published.  Both try the fast path (:mod:`.fastpath`) once, then the parsed gate.
"""

from __future__ import annotations

from ..document import Segment
from ..hugovalues import value_problems
from .fastpath import plain_restoration
from .findings import Problem, error
from .options import DEFAULT, GateOptions
from .parsed import parsed_translation_problems
from .render import TranslationRefused, render_restored, render_segment_unchecked


def translation_problems(
    segment: Segment, translation: str, options: GateOptions = DEFAULT
) -> list[Problem]:
    """Everything wrong with ``translation`` as a replacement for ``segment``.

    ``options`` has the site's gate settings and, for a segment of a page, the page and its
    link reference definitions (:meth:`.options.GateOptions.on_page`): ``[text][label]`` is
    followed to its destination, and the rendered translation is also parsed together with
    the lines around it, which finds what only the context shows (a ``|`` above a setext
    underline makes a table).

    Most translations are plain text around stand-ins; :func:`.fastpath.plain_restoration`
    proves those have nothing to report without parsing them (see there).
    """
    found = [error(check, message) for check, message in value_problems(segment, translation)]
    if plain_restoration(segment, translation) is not None:
        return found
    found += parsed_translation_problems(segment, translation, options)
    return list(dict.fromkeys(found))


def translation_errors(
    segment: Segment, translation: str, options: GateOptions = DEFAULT
) -> list[Problem]:
    """The errors among :func:`translation_problems`: what keeps a translation unpublished."""
    return [p for p in translation_problems(segment, translation, options) if p.is_error]


def render_segment(segment: Segment, translation: str, options: GateOptions = DEFAULT) -> str:
    """The text that replaces ``segment``'s span; raises :class:`.render.TranslationRefused`.

    A translation with any error :func:`translation_problems` reports is refused.  A plain
    translation (:func:`.fastpath.plain_restoration`) passes without a parse.
    """
    restored = plain_restoration(segment, translation)
    if restored is not None:
        return render_restored(segment, restored)
    return render_parsed(segment, translation, options)


def render_parsed(segment: Segment, translation: str, options: GateOptions = DEFAULT) -> str:
    """:func:`render_segment` for a translation the fast path has already declined."""
    problems = parsed_translation_problems(segment, translation, options)
    errors = [problem for problem in problems if problem.is_error]
    if errors:
        raise TranslationRefused(f"[{errors[0].check}] {errors[0].message}")
    return render_segment_unchecked(segment, translation)


__all__ = ["render_parsed", "render_segment", "translation_errors", "translation_problems"]
