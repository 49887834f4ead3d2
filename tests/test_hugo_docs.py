"""Hugo's own documentation (tests/data/hugo-docs, 992 pages) through extraction and publish.

For every page: no translation and the identity translation give the page back byte for
byte; a marked translation (every msgid wrapped in ``ÆØ … ØÆ``) keeps every link, image and
footnote reference, and the page keeps its structure as the dialect parser sees it (block
tokens, definition lists, alerts and their type, footnotes, task-list items, heading
attributes).  No msgid holds the body of a shortcode that holds code.  One plain loop over
all pages: a few seconds.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from i18n_pipeline import parse, reassemble
from i18n_pipeline.dialect import CODE_SHORTCODES, markdown
from i18n_pipeline.frontmatter import locate

ROOT = Path(__file__).parent / "data" / "hugo-docs"
_NAMES = "|".join(map(re.escape, CODE_SHORTCODES))
_CODE_BODY = re.compile(  # an opening tag (not self-closing: {{< x />}}), the body, the closing
    r"\{\{[<%]\s*(" + _NAMES + r")\b(?:[^}]|\}(?!\}))*?(?<![/\s])\s*[>%]\}\}"
    r"(.*?)\{\{[<%]\s*/\s*\1\s*[>%]\}\}",
    re.DOTALL,
)


def _body(text: str) -> str:
    found = locate(text, 0)
    return text[found.body_start :] if found else text


def structure(text: str) -> tuple[list[tuple[Any, ...]], Counter[str], Counter[str]]:
    """Block tokens with what Goldmark would make of them, link targets, explicit heading ids."""
    shape: list[tuple[Any, ...]] = []
    links: Counter[str] = Counter()
    ids: Counter[str] = Counter()
    for token in markdown().parse(_body(text), {}):
        detail: Any = None
        if token.type == "blockquote_open":
            detail = token.meta.get("alert", {}).get("type")
        elif token.type == "heading_open":
            detail = tuple(sorted((k, v) for k, v in token.attrs.items() if k != "id"))
            if "attributes" in token.meta and "id" in token.attrs:
                ids[str(token.attrs["id"])] += 1
        elif token.type == "list_item_open":
            detail = token.meta.get("checked")
        elif token.type == "footnote_reference_open":
            detail = token.meta["label"]
        shape.append((token.type, token.tag, detail))
        for child in token.children or ():
            if child.type == "link_open":
                links[str(child.attrs["href"])] += 1
            elif child.type == "image":
                links[str(child.attrs["src"])] += 1
            elif child.type == "footnote_ref":
                links["footnote:" + child.meta["label"]] += 1
    return shape, links, ids


def test_every_page_round_trips_and_keeps_its_structure() -> None:
    pages = sorted(ROOT.rglob("*.md"))
    assert len(pages) >= 992
    failures: list[str] = []
    seen: Counter[str] = Counter()
    for path in pages:
        text = path.read_text(encoding="utf-8")
        document = parse(text, str(path))
        if reassemble(document, {}, drop=False).text != text:
            failures.append(f"{path}: not byte for byte without translations")
            continue
        identity = {segment.msgid: segment.msgid for segment in document.segments}
        if reassemble(document, identity, drop=False).text != text:
            failures.append(f"{path}: not byte for byte with the identity translation")
            continue
        marked = {segment.msgid: f"ÆØ {segment.msgid} ØÆ" for segment in document.segments}
        result = reassemble(document, marked, drop=False)
        if result.refused:
            failures.append(f"{path}: refused {result.refused[0][1]}")
        shape, links, ids = structure(text)
        new_shape, new_links, new_ids = structure(result.text)
        if links != new_links:
            failures.append(f"{path}: links differ: {links - new_links} {new_links - links}")
        if shape != new_shape:
            failures.append(f"{path}: structure differs")
        if ids - new_ids:
            failures.append(f"{path}: heading ids lost: {ids - new_ids}")
        for code in _CODE_BODY.finditer(text):
            body_start, body_end = code.span(2)
            for segment in document.segments:
                if (
                    segment.start < body_end
                    and body_start < segment.end
                    and not any(
                        code.group(0) in placeholder.source for placeholder in segment.placeholders
                    )
                ):  # only ever inside a stand-in, as an inline shortcode: never in the msgid
                    failures.append(f"{path}: {code.group(1)} body in '{segment.msgid[:40]}'")
        seen.update({kind for kind, _, detail in shape if detail or kind.startswith("d")})
        seen["code shortcodes"] += bool(_CODE_BODY.search(text))
        seen["heading ids"] += bool(ids)
    assert failures == []
    # the constructs this is about are really there
    assert seen["dl_open"] > 100
    assert seen["blockquote_open"] > 150  # alerts (detail set only for them)
    assert seen["code shortcodes"] > 100
    assert seen["footnote_reference_open"] >= 10
    assert seen["heading ids"] >= 3
