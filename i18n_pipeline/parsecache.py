"""Parsed sources kept between runs, so ``publish`` does not parse what ``extract`` parsed.

A month's work runs ``extract``, ``update``, ``check`` and ``publish`` (the last ones many
times, as translators send their files) over sources that do not change in between; each
used to segment every source again, the costliest step of all.  Like Sphinx's pickled
doctrees, the :class:`Document` of a source is kept in ``.i18n-pipeline-cache/documents/``,
one JSON file per source, under a key made of the source's bytes, the parse options and
the tool's own code (:func:`.state.fingerprint`): any change to one of them is a miss, and
the source is parsed again.

JSON, not pickle, because a cache file is data from disk: loading it can at worst produce a
wrong Document, never run code.  A file that is missing, unreadable, of another key or not
what :func:`store` writes is a miss, never an error; the text is not stored (the caller has
just read it), only its digest, and every span is checked to lie inside it.  The file's
first line is the digest of the rest, checked on every load: one letter changed inside a
valid file (a bad disk, a stray edit) used to change the template, turn a finished
translation fuzzy and survive ``--force``; now it is a miss and the source is parsed again.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from .document import Document, Placeholder, PlaceholderKind, Segment, Syntax
from .errors import WriteError
from .fileio import read_bytes, write_text_atomic
from .parse import ParseOptions
from .state import digest, fingerprint

DOCUMENTS_DIR = "documents"
SCHEMA = 2  # 2: the first line is the digest of the rest


def _key(text_digest: str, path: str, options: ParseOptions) -> str:
    return fingerprint("document", SCHEMA, text_digest, path, options)


def _file(cache: Path, path: str) -> Path:
    return cache / DOCUMENTS_DIR / f"{digest(path.encode())}.json"


def _segment_row(s: Segment) -> list[Any]:
    placeholders = [[p.number, p.kind.value, p.source] for p in s.placeholders]
    return [s.start, s.end, s.msgid, s.syntax.value, s.kind, s.line, list(s.context),
            placeholders, s.continuation, s.style, s.anchor]  # fmt: skip


def store(cache: Path, document: Document, text_digest: str, options: ParseOptions) -> None:
    """Keep ``document`` (the parse of text with ``text_digest``); a write error is ignored.

    A file that already holds exactly these bytes is left as it is: a re-parse of an
    unchanged source (``--force``) then costs a read, not a new file.  Reading it is cheaper
    than creating one: each atomic write makes a file (an inode) and frees the one it
    replaces, and on a file system without a journal ext4 makes every later new file skip
    the inodes freed in the last minutes (``recently_deleted`` in ``ext4/ialloc.c``).
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
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        text = f"{digest(body.encode('utf-8'))}\n{body}"
        target = _file(cache, document.path)
        if read_bytes(target) == text.encode("utf-8"):
            return  # kept already (``--force``, another command's miss): no new file
        write_text_atomic(target, text)
    except (OSError, TypeError, ValueError, WriteError):
        return


def load(
    cache: Path, path: str, text: str, text_digest: str, options: ParseOptions
) -> Document | None:
    """The Document kept for ``path`` if it is the parse of exactly ``text``, else None."""
    try:
        seal, _, body = _file(cache, path).read_bytes().partition(b"\n")
        if seal.decode("ascii") != digest(body):
            return None
        data = json.loads(body)
        if data.get("schema") != SCHEMA or data.get("key") != _key(text_digest, path, options):
            return None
        return replace(_document(data, path, text), extensions=options.extensions)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError):
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
