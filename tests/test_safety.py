"""Hostile PO files and hostile sources: nothing reaches the page that the source did not have.

Every hostile catalog is a real catalog of the January 2021 issue, fully translated (each
msgstr marked ``ÆØ … ØÆ``), with one attack added.  ``check`` must name the attack at the
entry's line; ``publish`` must write exactly the page the catalog gives without the attacked
entries: none of the injected text, and every other segment still translated.

Pathological sources (YAML "billion laughs", 10,000 levels of nesting) run in a subprocess
with a timeout, so a hang fails the test instead of blocking the suite.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, read
from i18n_pipeline import frontmatter, parse, reassemble
from i18n_pipeline.checks import translation_errors
from i18n_pipeline.cli import main
from i18n_pipeline.dialect import markdown
from i18n_pipeline.document import PlaceholderKind, Segment
from i18n_pipeline.shortcodes import shortcode_name

ISSUE = "2021-02-05-newsletter.md"
PO = "locales/de/LC_MESSAGES/2021-02-05-newsletter.po"
OUTPUT = "content/2021-02-05-newsletter.de.md"
CONFIG = 'sources = ["content/*.md"]\nlanguages = ["de"]\n'

FRENCH = "French on [linuxfr.org](1)"
GAJIM = "Gajim [1.3.0 Beta1](1)"
IMAGE = "![Gajim has a new profile picture selector](1"
WELCOME = "Welcome to the XMPP newsletter covering"
TRANSLATIONS = "Newsletter translations"


def mark(msgid: str) -> str:
    return f"ÆØ {msgid} ØÆ"


def run(folder: Path, *args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


@dataclass
class Site:
    root: Path
    good: dict[str, str]  # msgid → the marked translation of the clean catalog

    @property
    def po(self) -> Path:
        return self.root / PO

    def msgid(self, start: str) -> str:
        return next(m for m in self.good if m.startswith(start))

    def line(self, msgid: str) -> int:
        return int(polib.pofile(str(self.po)).find(msgid).linenum)

    def expected(self, without: set[str] = frozenset()) -> str:  # type: ignore[assignment]
        """The page the clean catalog gives with ``without`` left untranslated."""
        document = parse(read(self.root / "content" / ISSUE), str(self.root / "content" / ISSUE))
        translations = {m: t for m, t in self.good.items() if m not in without}
        rendered = reassemble(document, translations)
        assert not rendered.refused
        return rendered.text

    def set_msgstr(self, start: str, change: Callable[[str], str]) -> str:
        catalog = polib.pofile(str(self.po))
        entry = next(e for e in catalog if e.msgid.startswith(start))
        entry.msgstr = change(entry.msgstr)
        catalog.save()
        return str(entry.msgid)

    def check(self) -> Result:
        return run(self.root, "check", "--lang", "de")

    def publish(self) -> str:
        result = run(self.root, "publish", "--lang", "de", "--min-complete", "0")
        assert result.exit_code == 0, result.output
        assert "written" in result.stdout
        return read(self.root / OUTPUT)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    (tmp_path / "content").mkdir()
    shutil.copy(CORPUS / ISSUE, tmp_path / "content" / ISSUE)
    (tmp_path / "i18n-pipeline.toml").write_text(CONFIG)
    assert run(tmp_path, "update", "--lang", "de").exit_code == 0
    catalog = polib.pofile(str(tmp_path / PO))
    catalog.metadata["Last-Translator"] = "Test <test@example.org>"
    for entry in catalog:
        entry.msgstr = mark(entry.msgid)
    catalog.save()
    built = Site(tmp_path, {e.msgid: e.msgstr for e in catalog})
    assert built.check().exit_code == 0  # the clean catalog passes
    return built


def _assert_error(
    result: Result, site: Site, msgid: str, check: str, line: int | None = None
) -> None:
    assert result.exit_code == 1
    expected = f"{PO}:{line or site.line(msgid)}: error: [{check}]"
    assert expected in result.stdout, result.stdout


HOSTILE = [
    ("script", FRENCH, lambda t: t + " <script>alert(1)</script>", "html-introduced", "<script>"),
    ("javascript-link", GAJIM, lambda t: t + " [click](javascript:alert(1))", "url-scheme",
     "javascript:"),
    ("image-elsewhere", IMAGE, lambda t: t.replace("(1", "(/images/evil.png"), "link-foreign",
     "evil.png"),
    ("shortcode", WELCOME, lambda t: t + " {{< rawhtml >}}<b>x</b>{{< /rawhtml >}}",
     "shortcode-introduced", "rawhtml"),
    ("heading", TRANSLATIONS, lambda t: "# " + t, "markdown-structure",
     "# ÆØ Newsletter translations"),
    ("indented-code", WELCOME, lambda t: "    " + t, "markdown-structure",
     "    ÆØ Welcome"),
    ("code-fence", GAJIM, lambda t: "```\n" + t + "\n```", "markdown-structure",
     "```\nÆØ Gajim"),
    ("stand-in-removed", GAJIM, lambda t: t.replace("](1)", "]"), "standin-missing",
     "[1.3.0 Beta1] and"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("target", "change", "check", "injected"), [h[1:] for h in HOSTILE], ids=[h[0] for h in HOSTILE]
)
def test_hostile_msgstr(
    site: Site, target: str, change: Callable[[str], str], check: str, injected: str
) -> None:
    msgid = site.set_msgstr(target, change)
    _assert_error(site.check(), site, msgid, check)
    page = site.publish()
    assert injected not in page
    assert page == site.expected(without={msgid})


def test_image_elsewhere_over_https_when_overrides_are_off(site: Site) -> None:
    (site.root / "i18n-pipeline.toml").write_text(CONFIG + "allow_url_overrides = false\n")
    msgid = site.set_msgstr(IMAGE, lambda t: t.replace("(1", "(https://evil.example/x.png"))
    _assert_error(site.check(), site, msgid, "link-foreign")
    page = site.publish()
    assert "evil.example" not in page
    assert page == site.expected(without={msgid})


def test_image_elsewhere_over_https_is_a_warning_by_default(site: Site) -> None:
    """The documented exception: a translator's own http(s) URL, e.g. a localized screenshot."""
    site.set_msgstr(IMAGE, lambda t: t.replace("(1", "(https://example.org/de.png"))
    result = site.check()
    assert result.exit_code == 0
    assert "warning: [url-override]" in result.stdout
    assert "](https://example.org/de.png" in site.publish()


def test_duplicate_msgid(site: Site) -> None:
    msgid = site.msgid(FRENCH)
    with site.po.open("a", encoding="utf-8") as po:
        po.write(f'\nmsgid "{msgid}"\nmsgstr "<script>alert(1)</script>"\n')
    result = site.check()
    _assert_error(result, site, msgid, "po-duplicate")
    assert "msgfmt" in result.stdout and "duplicate message definition" in result.stdout
    page = site.publish()
    assert "<script>" not in page
    assert page == site.expected(without={msgid})


def test_bad_header_charset(site: Site) -> None:
    text = site.po.read_text(encoding="utf-8")
    site.po.write_text(text.replace("charset=UTF-8", "charset=ISO-8859-1"), encoding="utf-8")
    result = site.check()
    assert result.exit_code == 1
    assert f"{PO}:" in result.stdout and "error: [po-charset]" in result.stdout
    assert site.publish() == site.expected()  # the text is valid UTF-8: nothing to drop


def test_truncated_entry(site: Site) -> None:
    text = site.po.read_text(encoding="utf-8")
    last = text.rindex('msgstr "ÆØ ')
    site.po.write_text(text[: last + len('msgstr "ÆØ ') + 3], encoding="utf-8")
    lost = list(polib.pofile(text))[-1].msgid
    result = site.check()
    assert result.exit_code == 1
    line = text[:last].count("\n") + 1
    assert f"{PO}:{line}: error: [po-syntax]" in result.stdout
    assert "end-of-file within string" in result.stdout  # msgfmt agrees
    assert site.publish() == site.expected(without={lost})


def test_50_megabyte_msgstr(site: Site) -> None:
    msgid = site.msgid(GAJIM)
    line = site.line(msgid)  # the entry starts where it did before its msgstr grew
    text = site.po.read_text(encoding="utf-8")
    entry = f'msgstr ""\n"{mark(msgid)[:60]}'
    start = text.index('msgstr ""', text.index(msgid.split(" ")[0] + " [1.3.0 Beta1](1)"))
    assert text.startswith(entry[:12], start)
    huge = "A" * 50_000_000
    end = text.index("\n\n", start)
    site.po.write_text(text[:start] + f'msgstr "{huge}"' + text[end:], encoding="utf-8")
    result = site.check()
    _assert_error(result, site, msgid, "too-long", line)
    assert "50,000,000 characters" in result.stdout
    page = site.publish()
    assert "AAAAAAAAAA" not in page
    assert page == site.expected(without={msgid})


# --- pathological sources and translations, each in a subprocess with a timeout -------------

DRIVER = """
import json, sys
from i18n_pipeline import frontmatter, parse, reassemble
from i18n_pipeline.checks import translation_errors
from i18n_pipeline.errors import PipelineError
text = open(sys.argv[1], encoding="utf-8", newline="").read()
if sys.argv[2] == "msgstr":
    segment = parse("word " * 2000).segments[0]
    print(json.dumps({"errors": [p.check for p in translation_errors(segment, text)]}))
    sys.exit(0)
try:
    document = parse(text, sys.argv[1])
except PipelineError as error:
    print(json.dumps({"error": str(error)}))
    sys.exit(0)
identity = {s.msgid: s.msgid for s in document.segments}
marked = {s.msgid: "ÆØ " + s.msgid for s in document.segments}
print(json.dumps({
    "segments": len(document.segments),
    "identity": reassemble(document, identity, drop=False).text == text,
    "refused": len(reassemble(document, marked, drop=False).refused),
}))
"""


def _billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 10):
        name, previous = chr(ord("a") + index), chr(ord("a") + index - 1)
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\ntitle: Laughs\n" + "\n".join(lines) + "\nsummary: *j\n---\n\nBody text.\n"


PATHOLOGICAL = [
    ("billion-laughs", _billion_laughs(), "source", "ok"),
    ("yaml-nested", "---\ntitle: x\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\n\nText\n",
     "source", "nested too deeply"),
    ("toml-nested", '+++\ntitle = "x"\na = ' + "[" * 10_000 + "]" * 10_000 + "\n+++\n\nText\n",
     "source", "nested too deeply"),
    ("quotes", "Intro.\n\n" + "> " * 10_000 + "deep\n", "source", "ok"),
    ("quote-lines", "Intro.\n\n" + ("> " * 10_000 + "deep\n") * 5, "source", "ok"),
    ("lists", "Intro.\n\n" + "- " * 10_000 + "deep\n", "source", "ok"),
    ("numbered", "Intro.\n\n" + "1. " * 10_000 + "deep\n", "source", "ok"),
    ("quoted-lists", "Intro.\n\n" + "> - " * 10_000 + "deep\n", "source", "ok"),
    ("brackets", "Intro " + "[" * 10_000 + "x" + "](y)" * 10_000 + "\n", "source", "ok"),
    ("emphasis", "Intro " + "*" * 10_000 + "x" + "*" * 10_000 + "\n", "source", "ok"),
    ("msgstr-quotes", "> " * 10_000 + "x", "msgstr", "markdown-structure"),
    ("msgstr-lists", "- " * 10_000 + "x", "msgstr", "markdown-structure"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "mode", "expected"), [p[1:] for p in PATHOLOGICAL], ids=[p[0] for p in PATHOLOGICAL]
)
def test_pathological_input_ends(tmp_path: Path, text: str, mode: str, expected: str) -> None:
    path = tmp_path / "input.md"
    path.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, str(path), mode],
        capture_output=True,
        text=True,
        timeout=60,  # a hang fails here instead of blocking the suite
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout)
    if mode == "msgstr":
        assert expected in outcome["errors"]
    elif expected == "ok":
        assert outcome.get("identity") is True, outcome
        assert outcome["segments"] >= 1
    else:
        assert expected in outcome["error"] and "input.md:" in outcome["error"]


def test_front_matter_anchors_and_aliases() -> None:
    """An alias is the anchored node: translating it there would write into another key."""
    text = "---\nx: &t Hello\ntitle: *t\nsummary: !!str &s Bye\naliases: *t\n---\n\nBody\n"
    document = parse(text)
    assert [s.msgid for s in document.segments] == ["Bye", "Body"]
    page = reassemble(document, {"Bye": "Tschüss", "Body": "Text"}).text
    assert page == "---\nx: &t Hello\ntitle: *t\nsummary: !!str &s Tschüss\n---\n\nText\n"
    shared = parse("---\ntitle: &t Hello\nsummary: *t\n---\n\nBody\n")
    assert [s.msgid for s in shared.segments] == ["Hello", "Body"]


def test_pathological_source_in_the_cli_is_one_clear_error(tmp_path: Path) -> None:
    (tmp_path / "deep.md").write_text("---\na: " + "{a: " * 10_000 + "}" * 10_000 + "\n---\n")
    done = subprocess.run(
        [sys.executable, "-m", "i18n_pipeline", "extract", "deep.md", "-o", "deep.pot"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    assert "deep.md:2: YAML front matter nested too deeply" in done.stderr
    assert "Traceback" not in done.stderr


# --- the gate, as a property: what it lets through keeps the page's links and shape ----------

CONTEXT_SOURCE = """\
---
title: "A [title](https://example.org/t)"
---

# A heading with [a link](https://example.org/h)

A paragraph with [a link](https://example.org/p), an ![image](/img/p.png "title") and
<https://example.org/auto>, code `x` and a {{< ref "page.md" >}} shortcode.

- A list item with [a link](https://example.org/l) and more text.
  - A nested item with [a link](https://example.org/n)
    on two lines.

> A quote with [a link](https://example.org/q)
> on two lines.

1. A numbered item with `x` and
lazy continuation.

{{< figure src="/img/f.png" caption="A caption with a [link](https://example.org/f)" >}}

Setext heading with [a link](https://example.org/s)
---------------------------------------------------

| column | other |
|--------|-------|
| a [cell](https://example.org/c) | b |
"""

FRAGMENTS = [
    " ", "Wort", "\n", "\n\n", "# ", "- ", "1. ", "> ", "```", "    ", "|", "---", "===", "*",
    "_", "~~", "`", "[", "]", "(", ")", "!", "<", ">", "{", "}", "\\", ":", "&#106;", "&Tab;",
    "(1)", "(2)", "(3)", "{1}", "{2}", "{3}", "[t](1)", "[t](2)", "![i](1)", "![i](2)",
    "[t](https://evil.example)", "[t](/evil)", "<https://evil.example>", "https://evil.example",
    "[t][x]", "[x]: /evil", "javascript:", "data:text/html,", "<script>", "</b>", "<!-- -->",
    "{{< raw >}}", "{{% raw %}}", "`x`", "`y`", "<b>", "\t", "  \n", "\\\n", "&lt;script&gt;",
    "<java\tscript:x>", "[t](&#106;avascript:x)", "[t](<1>)", "[t](1 \"T\")", "+ ", "* ", "2) ",
]  # fmt: skip


def _page_shape(
    text: str,
) -> tuple[list[str], Counter[str], Counter[str], Counter[str], Counter[str]]:
    """Block token types in order; links, images, code, raw HTML and shortcodes as multisets.

    Inline things are compared as multisets: a translation may reorder them, and add or
    drop emphasis (a warning).
    """
    blocks: list[str] = []
    inline: Counter[str] = Counter()
    targets: Counter[str] = Counter()
    raw: Counter[str] = Counter()
    code: Counter[str] = Counter()
    front = frontmatter.locate(text, 0)
    if front is not None:  # not Markdown: must stay YAML with the same keys
        blocks.append(
            ",".join(sorted(yaml.safe_load(text[front.content_start : front.content_end])))
        )
        text = text[front.body_start :]
    for token in markdown().parse(text, {}):
        blocks.append(token.type)
        if token.type == "hugo_shortcode":  # its translated attributes may change
            raw[shortcode_name(token.content)] += 1
        elif token.type in ("html_block", "fence", "code_block"):
            raw[token.content] += 1
        for child in token.children or ():
            if child.type in ("link_open", "image", "html_inline"):
                inline[child.type] += 1  # emphasis and added code: warnings, not errors
            if child.type == "link_open":
                targets[str(child.attrs["href"])] += 1
            elif child.type == "bare_url":  # Hugo links these: a link like any other
                inline["link_open"] += 1
                targets[child.content] += 1
            elif child.type == "image":
                targets[str(child.attrs["src"])] += 1
            elif child.type in ("html_inline", "hugo_shortcode_inline"):
                raw[child.content] += 1
            elif child.type == "code_inline":
                code[child.content] += 1
    return blocks, inline, targets, raw, code


CONTEXT_DOCUMENT = parse(CONTEXT_SOURCE)
CONTEXT_SHAPE = _page_shape(CONTEXT_SOURCE)


def _required(segment: Segment) -> list[str]:
    """What a translation of ``segment`` must keep: its stand-ins and inline code."""
    pieces = []
    for placeholder in segment.placeholders:
        if placeholder.kind is PlaceholderKind.ATOM:
            pieces.append(placeholder.token)
        elif placeholder.kind is PlaceholderKind.IMAGE:
            pieces.append(f"![Bild]({placeholder.token})")
        else:
            pieces.append(f"[Link]({placeholder.token})")
    pieces += ["`x`"] * segment.msgid.count("`x`")
    pieces += [f"[Link]({url})" for url in re.findall(r"\]\((https://[^)]+)\)", segment.msgid)]
    return pieces


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_what_passes_the_gate_keeps_links_and_structure(data: st.DataObject) -> None:
    segment = data.draw(st.sampled_from(CONTEXT_DOCUMENT.segments))
    pieces = data.draw(st.permutations(_required(segment)))
    words = st.sampled_from(["Wort", " ", " ", "und", ". "])
    extra = data.draw(st.lists(st.one_of(words, st.sampled_from(FRAGMENTS)), max_size=8))
    for fragment in extra:
        pieces.insert(data.draw(st.integers(0, len(pieces))), fragment)
    translation = "".join(pieces)
    overrides = data.draw(st.booleans())
    gate = {"allow_url_overrides": overrides, "document": CONTEXT_DOCUMENT}
    if translation_errors(segment, translation, **gate):  # type: ignore[arg-type]
        return
    rendered = reassemble(
        CONTEXT_DOCUMENT, {segment.msgid: translation}, allow_url_overrides=overrides
    )
    assert not rendered.refused
    blocks, inline, targets, raw, code = _page_shape(rendered.text)
    assert (blocks, inline, raw) == (CONTEXT_SHAPE[0], CONTEXT_SHAPE[1], CONTEXT_SHAPE[3])
    assert not CONTEXT_SHAPE[4] - code  # the source's inline code is all there
    added, removed = targets - CONTEXT_SHAPE[2], CONTEXT_SHAPE[2] - targets
    if not overrides:
        assert not added and not removed, translation
    else:  # a translator's own web URL may replace a source link, one for one
        assert sum(added.values()) == sum(removed.values()), translation
        assert all(url.startswith(("http://", "https://")) for url in added), translation
    assert "script>" not in rendered.text and "{{< raw" not in rendered.text
    # a scheme starts after a character that cannot be part of one (RFC 3986: ALPHA *( ALPHA /
    # DIGIT / "+" / "-" / "." )); "javascript:" is refused anywhere
    scheme = re.compile(r"javascript:|(?<![a-z0-9+.\-])data:\S", re.IGNORECASE)
    assert not scheme.search(rendered.text), translation
