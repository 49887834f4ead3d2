"""The CommonMark spec's examples (markdown-it-py's fixture, tests/fixtures/commonmark.json,
copied from executablebooks/markdown-it-py tests/test_cmark_spec at 2c3f71e; the spec is
CC-BY-SA 4.0) through extraction and publish.

Every example comes back byte for byte with no translation and with the identity translation,
and no msgid has a link, image or raw HTML that its source span does not have: a translator
who keeps a msgid's Markdown as it is must not publish something the source never had
(spec example 491, ``[link](<foo\\nbar>)``, is no link; joined onto one line it would be).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from i18n_pipeline import parse, reassemble
from i18n_pipeline.dialect import scan_inline
from i18n_pipeline.document import Syntax
from i18n_pipeline.errors import SourceError

EXAMPLES = json.loads(
    (Path(__file__).parent / "fixtures" / "commonmark.json").read_text(encoding="utf-8")
)
_MARKUP = ("link", "image", "html")
_TEXT = (Syntax.INLINE, Syntax.HEADING, Syntax.TABLE_CELL)


def markup(text: str, references: dict[str, object]) -> Counter[str]:
    env = {"references": dict(references)}
    return Counter(m.kind for m in scan_inline(text, env) if m.kind in _MARKUP)


def test_spec_examples_round_trip_and_msgids_gain_nothing() -> None:
    assert len(EXAMPLES) == 652
    failures = []
    for example in EXAMPLES:
        source = example["markdown"]
        number = example["example"]
        try:
            document = parse(source)
        except SourceError:
            # ``+++`` or ``---`` opening the file is front matter to Hugo too; unclosed, an error
            assert source.startswith(("+++", "---")), number
            continue
        if reassemble(document, {}, drop=False).text != source:
            failures.append(f"{number}: not byte for byte")
        identity = {segment.msgid: segment.msgid for segment in document.segments}
        if reassemble(document, identity, drop=False).text != source:
            failures.append(f"{number}: identity not byte for byte")
        references = dict(document.references or {})
        for segment in document.segments:
            if segment.syntax not in _TEXT:
                continue
            span = source[segment.start : segment.end]
            gained = markup(segment.msgid, references) - markup(span, references)
            if gained:
                failures.append(f"{number}: msgid {segment.msgid!r} gains {dict(gained)}")
    assert failures == []


def test_example_491_is_not_made_a_link() -> None:
    (segment,) = parse("[link](<foo\nbar>)\n").segments
    assert segment.msgid == "[link](<foo\nbar>)"
