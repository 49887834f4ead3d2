"""Property tests: the round trip holds for any text, and translations keep every link.

Generated documents mix the constructs the parser must handle (links with odd destinations,
images, code spans, shortcodes, bare URLs, lists, quotes, tables, headings, CRLF, BOM,
trailing spaces) with arbitrary characters.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from i18n_pipeline import parse, reassemble
from i18n_pipeline.dialect import markdown
from i18n_pipeline.errors import SourceError

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.text(
    alphabet=st.sampled_from(list("abcXYZ éü日 *_`~[]()<>{}!\\|#:.-+1234567890\"'&;=/")),
    min_size=1,
    max_size=20,
)
urls = st.sampled_from(
    [
        "https://xmpp.org/extensions/xep-0353.html",
        "/images/a.png",
        "<https://example.org/a b>",
        "https://example.org/(paren)",
        "#help-us",
        "1",
        "https://x.org/?a=1&b=2",
    ]
)
titles = st.sampled_from(["", ' "A title"', " 'single'", " (paren title)"])


@st.composite
def inline(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(
            st.sampled_from(["text", "link", "image", "code", "auto", "bare", "short", "emph"])
        )
        text = draw(words).strip() or "x"
        if kind == "link":
            parts.append(f"[{text}]({draw(urls)}{draw(titles)})")
        elif kind == "image":
            parts.append(f"![{text}]({draw(urls)}{draw(titles)})")
        elif kind == "code":
            parts.append(f"`{text.replace('`', '')}`")
        elif kind == "auto":
            parts.append("<https://auto.example.org/x>")
        elif kind == "bare":
            parts.append("see https://bare.example.org/path.html.")
        elif kind == "short":
            parts.append('{{< ref "about.md" >}}')
        elif kind == "emph":
            parts.append(f"**{text}**")
        else:
            parts.append(text)
    return " ".join(parts)


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(
        st.sampled_from(["para", "heading", "list", "quote", "table", "figure", "fence", "setext"])
    )
    text = draw(inline())
    if kind == "heading":
        return "#" * draw(st.integers(1, 6)) + " " + text.replace("\n", " ")
    if kind == "list":
        marker = draw(st.sampled_from(["-", "*", "1.", "2)"]))
        nested = draw(inline())
        return f"{marker} {text}\n    - {nested}\n  lazy {draw(words)}"
    if kind == "quote":
        return f"> {text}\n> {draw(inline())}"
    if kind == "table":
        return (
            f"| a | {text.replace('|', '')} |\n|---|---|\n| {draw(inline()).replace('|', '')} | c |"
        )
    if kind == "figure":
        caption = draw(words).replace('"', "").replace("\\", "")
        return f'{{{{< figure src="/i.png" caption="{caption or "c"}" >}}}}'
    if kind == "fence":
        return f"```\n{text}\n```"
    if kind == "setext":
        return f"{text}\n---"
    return text + ("  \n" + draw(inline()) if draw(st.booleans()) else "")


@st.composite
def document(draw: st.DrawFn) -> str:
    blocks = draw(st.lists(block(), min_size=1, max_size=6))
    text = "\n\n".join(blocks) + "\n"
    if draw(st.booleans()):
        text = '---\ntitle: "A title"\naliases:\n  - /x/\n---\n\n' + text
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return text


def targets(text: str) -> tuple[Counter[str], list[str]]:
    found: Counter[str] = Counter()
    types = []
    body = text.lstrip("\ufeff").replace("\r\n", "\n")
    if body.startswith("---\n"):
        body = body[body.index("\n---\n", 4) + 5 :]
    for token in markdown().parse(body, {}):
        types.append(token.type)
        for child in token.children or ():
            if child.type not in ("text", "softbreak", "hardbreak"):
                types.append(child.type)
            if child.type == "link_open":
                found[str(child.attrs["href"])] += 1
            elif child.type == "image":
                found[str(child.attrs["src"])] += 1
            elif child.type in ("bare_url", "hugo_shortcode_inline"):
                found[child.content] += 1
    return found, types


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_round_trips(text: str) -> None:
    try:
        doc = parse(text)
    except SourceError:
        return
    assert reassemble(doc, {}, drop=False).text == text
    identity = {s.msgid: s.msgid for s in doc.segments}
    assert reassemble(doc, identity, drop=False).text == text


@SETTINGS
@given(document())
def test_generated_documents_round_trip(text: str) -> None:
    doc = parse(text)
    assert reassemble(doc, {}, drop=False).text == text
    for segment in doc.segments:
        assert text[segment.start : segment.end].strip(), "a segment is never empty"


@SETTINGS
@given(document())
def test_marked_translations_keep_links_and_structure(text: str) -> None:
    doc = parse(text)
    marked = {s.msgid: f"ÆØ {s.msgid} ØÆ" for s in doc.segments}
    result = reassemble(doc, marked, drop=False)
    assert not result.refused
    assert targets(result.text) == targets(text)
