"""Values that Hugo reads with its own readers: front matter (TOML, YAML) and shortcode
parameters.

A translation lands in them as text that must be *written* in the reader's syntax, so that
Hugo reads back exactly the translated text.  The writers (:mod:`.frontmatter`,
:mod:`.shortcodes`) either manage that or raise :class:`.UnwritableValue`; this module is
the one table of them, used by ``publish`` to write (:mod:`.reassemble`) and by the gate to
report (:func:`value_problems`), so the two cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from . import frontmatter, shortcodes
from .document import Segment, Syntax
from .errors import UnwritableValue

WRITERS: Mapping[Syntax, Callable[[Segment, str], str]] = {
    Syntax.YAML: lambda segment, text: frontmatter.encode_yaml(text.strip(), segment.style),
    Syntax.TOML: lambda segment, text: frontmatter.encode_toml(text.strip(), segment.style),
    Syntax.SHORTCODE_ATTR: lambda segment, text: shortcodes.encode_param(text.strip()),
}


def value_problems(segment: Segment, translation: str) -> list[tuple[str, str]]:
    """``(check, message)`` when ``translation`` cannot be written into ``segment``'s value."""
    writer = WRITERS.get(segment.syntax)
    if writer is None or not translation.strip():
        return []
    try:
        writer(segment, translation)
    except UnwritableValue as exc:
        return [(exc.check, exc.message)]
    return []
