"""Parsed sources kept between runs, so ``publish`` does not parse what ``extract`` parsed.

A month's work runs ``extract``, ``update``, ``check`` and ``publish`` (the last ones many
times, as translators send their files) over sources that do not change in between; each
used to segment every source again, the costliest step of all.  Like Sphinx's pickled
doctrees, the :class:`Document` of a source is kept, as one line of JSON in the source's
state file (:class:`.state.SourceState`, ``.i18n-pipeline-cache/state/``), under a key made
of the source's bytes, the parse options and the tool's own code (:func:`.state.fingerprint`):
any change to one of them is a miss, and the source is parsed again.  It used to be a file
of its own (``documents/``): a third new file per page for ``extract``, beside its template
and its state, which cost more than the JSON in it.

JSON, not pickle, because a cache file is data from disk: loading it can at worst produce a
wrong Document, never run code.  A kept parse that is missing, of another key or not what
:func:`store` writes is a miss, never an error; the text is not stored (the caller has just
read it), only its digest, and every span is checked to lie inside it.  The state file's
first line is the digest of the rest, checked on every load: one letter changed inside a
valid file (a bad disk, a stray edit) used to change the template, turn a finished
translation fuzzy and survive ``--force``; now the whole file is a miss and the source is
parsed again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from .config import ParseOptions
from .document import Document, Placeholder, PlaceholderKind, Segment, Syntax
from .state import SourceState, fingerprint

SCHEMA = 3  # 3: a line of the source's state file (2: a sealed file in documents/)


def _key(text_digest: str, path: str, options: ParseOptions) -> str:
    return fingerprint("document", SCHEMA, text_digest, path, options)


def _segment_row(s: Segment) -> list[Any]:
    placeholders = [[p.number, p.kind.value, p.source] for p in s.placeholders]
    return [s.start, s.end, s.msgid, s.syntax.value, s.kind, s.line, list(s.context),
            placeholders, s.continuation, s.style, s.anchor]  # fmt: skip


def store(state: SourceState, document: Document, text_digest: str, options: ParseOptions) -> None:
    """Keep ``document`` (the parse of text with ``text_digest``) in its source's state.

    The state is written with its records (:meth:`.state.SourceState.save`), and not at
    all if it already held exactly this parse (``--force``, another command's miss): a
    re-parse of an unchanged source then costs no new file.
    """
    data = {
        "schema": SCHEMA,
        "key": _key(text_digest, document.path, options),
        "segments": [_segment_row(segment) for segment in document.segments],
        "dropped": [list(span) for span in document.dropped],
        "title": document.title,
        "newline": document.newline,
        "fragment_links": sorted(document.fragment_links),
        "references": document.references,
        "blocks": None if document.blocks is None else [list(b) for b in document.blocks],
    }
    try:
        state.keep(json.dumps(data, ensure_ascii=False, separators=(",", ":")))
    except (TypeError, ValueError):
        return


def load(
    state: SourceState, path: str, text: str, text_digest: str, options: ParseOptions
) -> Document | None:
    """The Document kept in ``state`` if it is the parse of exactly ``text``, else None."""
    if not state.kept:
        return None
    try:
        data = json.loads(state.kept)
        if data.get("schema") != SCHEMA or data.get("key") != _key(text_digest, path, options):
            return None
        return replace(_document(data, path, text), extensions=options.extensions)
    except (ValueError, TypeError, KeyError, AttributeError, IndexError):
        return None


def _spans(raw: Any, length: int) -> tuple[tuple[int, int], ...]:
    spans = tuple((int(start), int(end)) for start, end in raw)
    if any(not 0 <= start <= end <= length for start, end in spans):
        raise ValueError("span outside the text")
    return spans


def _document(data: dict[str, Any], path: str, text: str) -> Document:
    segments = []
    outer = (0, 0)  # the last segment not nested in another (a shortcode parameter nests)
    for raw in data["segments"]:
        start, end, msgid, syntax, kind, line, context, placeholders, *rest = raw
        continuation, style, anchor = rest
        if not (isinstance(start, int) and isinstance(end, int) and start <= end):
            raise ValueError("segments out of order")
        if not outer[0] <= start < end <= outer[1]:
            if start < outer[1]:
                raise ValueError("segments out of order")
            outer = (start, end)
        if end > len(text) or not isinstance(msgid, str):
            raise ValueError("segment outside the text")
        kept = tuple(Placeholder(int(n), PlaceholderKind(k), str(s)) for n, k, s in placeholders)
        segment = Segment(start, end, msgid, Syntax(syntax), str(kind), int(line),
                          tuple(str(c) for c in context), kept, str(continuation), str(style),
                          str(anchor))  # fmt: skip
        segments.append(segment)
    references = data["references"]
    if references is not None and not isinstance(references, dict):
        raise ValueError("references are not a mapping")
    blocks = data["blocks"]
    title = data["title"]
    return Document(
        path,
        text,
        tuple(segments),
        _spans(data["dropped"], len(text)),
        title if title is None else str(title),
        str(data["newline"]),
        frozenset(str(link) for link in data["fragment_links"]),
        references=references,
        blocks=None if blocks is None else _spans(blocks, len(text)),
    )


__all__ = ["load", "store"]
