"""The gate: what a msgstr may change, and what it must not.

The site is published from what volunteers submit, so a PO file is untrusted input.  A
translation may reword, reorder and move stand-ins; it may not change where the page links
to, what code it shows, which shortcodes Hugo runs, or the shape of the Markdown around it.
:func:`translation_problems` decides that for one msgstr against its source segment, and it
is the only place that does: ``check`` reports its findings, and ``publish`` (through
:func:`render_segment`) refuses every translation it finds an error in, so the gate and the
published page can never disagree.

The package, in the order a translation goes through it:

- :mod:`.findings`: :class:`Severity`, :class:`Problem` (one translation) and
  :class:`Finding` (located in a PO file);
- :mod:`.options`: :class:`GateOptions`, the site's settings and the page, passed to every
  entry point as one value;
- :mod:`.standins`: which of the source's placeholders a translation's stand-ins restore;
- :mod:`.render`: the translation as written into the page (restored and encoded);
- :mod:`.fastpath`: plain text around stand-ins, proven harmless without a parse;
- :mod:`.parsed`: the full gate, both texts parsed (:mod:`.shape`) and compared by the rules
  of :mod:`.rules`, :mod:`.schemes` and :mod:`.context`;
- :mod:`.judge`: the entry points, fast path first.

What only a whole PO file shows (it does not parse, duplicates, ``msgfmt --check``) and
translate-toolkit's tests are in :mod:`..pocheck`.
"""

from __future__ import annotations

from .context import changes_blocks, context_problem
from .fastpath import plain_restoration, plain_sources, restore_plain
from .findings import (
    FUZZY,
    Finding,
    Problem,
    Severity,
    count_by_check,
    error,
    select_findings,
    warning,
)
from .judge import render_parsed, render_segment, translation_errors, translation_problems
from .options import GateOptions
from .parsed import max_length, parsed_translation_problems
from .render import (
    TranslationRefused,
    render_restored,
    render_segment_unchecked,
    restore_placeholders,
)
from .schemes import dangerous_schemes, scheme_names
from .shape import document_references
from .standins import StandinMatch, match_standins, segment_for_msgid

__all__ = [
    "FUZZY",
    "Finding",
    "GateOptions",
    "Problem",
    "Severity",
    "StandinMatch",
    "TranslationRefused",
    "changes_blocks",
    "context_problem",
    "count_by_check",
    "dangerous_schemes",
    "document_references",
    "error",
    "match_standins",
    "max_length",
    "parsed_translation_problems",
    "plain_restoration",
    "plain_sources",
    "render_parsed",
    "render_restored",
    "render_segment",
    "render_segment_unchecked",
    "restore_placeholders",
    "restore_plain",
    "scheme_names",
    "segment_for_msgid",
    "select_findings",
    "translation_errors",
    "translation_problems",
    "warning",
]
