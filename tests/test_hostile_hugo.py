"""The hostile translator, judged on the HTML the pinned Hugo builds (issue 9's acceptance).

One site shaped like xmpp.org (``/:year/:month/:title/`` permalinks, ``canonifyURLs``, a link
render hook writing ``href`` with ``safeURL`` as the xmpp.org theme's does) gets a German
catalog in which every entry is translated and some translations are attacks, one kind of
Goldmark or Hugo behaviour each, placed in paragraphs, headings, list items, table cells,
figure captions, alt texts and front matter.  Every attack carries a marker (``BÖSE<n>``)
that no honest entry has.  Then, on ONE Hugo build:

- ``check`` reports an error (with its check id) on each attack's PO entry, and no error on
  any other entry;
- ``publish`` refuses exactly the attacks: every other entry is published;
- no marker reaches the built HTML, and ``verify`` finds the built German pages equal to the
  English ones but for the differences by design.

The same attacks come in through ``merge`` (a contributed PO file) and ``import`` (a hand-made
German page aligned with its source): the same errors, nothing published.

Every kind is enabled.  :data:`AWAITING_GATE` names kinds left out of the run (not skipped,
not xfailed) while a rule is being written; it is empty.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from hugosite import RENDER_LINK, write

from i18n_pipeline.catalog import read_catalog, write_catalog
from i18n_pipeline.cli import main
from i18n_pipeline.config import load_config
from i18n_pipeline.dialect import markdown
from i18n_pipeline.frontmatter import locate
from i18n_pipeline.project import load_document
from i18n_pipeline.verify import verify_site

pytestmark = pytest.mark.needs_hugo  # verify builds the site with the pinned Hugo

LANGUAGE = "de"
SECTION = "content/blog/newsletter"


@dataclass(frozen=True)
class Attack:
    """One hostile translation: its kind, where it sits, the source text and the msgstr."""

    kind: str
    context: str  # paragraph, heading, list, table, caption, alt, title, description
    source: str  # the English text of the block (what becomes the msgid)
    translation: str  # the msgstr, written against the msgid's stand-ins
    check: str | None = None  # the check id ``check`` must report, where it is fixed here

    @property
    def marker(self) -> str:
        """What of the attack must not reach the page: its ``BÖSE<n>``, or all of it."""
        found = re.search(r"BÖSE\d+", self.translation)
        return found.group() if found else self.translation


def _attacks() -> list[Attack]:
    raw: list[tuple[str, str, str, str, str | None]] = [
        # Goldmark linkify: www. and e-mail addresses become links
        ("linkify", "paragraph", "Read the news.", "Lies www.evil.example BÖSE.", None),
        ("linkify", "heading", "Latest news", "Neues www.evil.example/x?y BÖSE", None),
        ("linkify", "list", "Contact us.", "Schreib an evil@evil.example BÖSE.", None),
        ("linkify", "table", "Server list", "Server www.evil.example BÖSE", None),
        ("linkify", "caption", "A screenshot", "Bild von www.evil.example BÖSE", None),
        (
            "linkify",
            "alt",
            "![A logo](/img/logo.png) and text.",
            "![Logo](1) und www.evil.example BÖSE.",
            None,
        ),
        # text glued to a bare-URL stand-in extends the link
        ("glued", "paragraph", "See https://xmpp.org/about/ now.", 'Siehe {1}"evil BÖSE.', None),
        (
            "glued",
            "list",
            "Visit https://xmpp.org/software/ today.",
            "Besuche {1}'/../../index.php?x BÖSE.",
            None,
        ),
        ("glued", "table", "Go to https://xmpp.org/extensions/ please", "Geh zu {1}`x` BÖSE", None),
        ("glued", "heading", "Docs at https://xmpp.org/rfcs/ here", "Doku {1}>x BÖSE", None),
        # heading attribute lists
        (
            "attributes",
            "heading",
            "Upcoming events",
            'Termine BÖSE {style="position:fixed;top:0;left:0"}',
            None,
        ),
        ("attributes", "heading", "Articles", "Artikel BÖSE {.evil}", None),
        ("attributes", "heading", "Software news", 'Software BÖSE {hidden=""}', None),
        ("attributes", "heading", "Extensions", "Erweiterungen BÖSE {#thanks-all}", None),
        ("attributes", "heading", "Servers", 'Server BÖSE {href="//evil.example" src=x}', None),
        # task lists
        ("tasklist", "list", "Done with the release.", "[x] Fertig BÖSE.", None),
        ("tasklist", "list", "Open questions.", "[ ] Offene Fragen BÖSE.", None),
        # definition lists
        ("deflist", "paragraph", "A term and its meaning.", "Begriff BÖSE\n: Definition", None),
        ("deflist", "list", "Another term.", "Begriff BÖSE\n: www.evil.example", None),
        # footnotes
        ("footnote", "paragraph", "A remark.", "Anmerkung[^1] BÖSE\n[^1]: www.evil.example", None),
        ("footnote", "list", "A listed remark.", "Punkt[^1] BÖSE\n[^1]: Notiz", None),
        # shortcode parameters Hugo's lexer cannot read back
        ("shortcode", "caption", "A trailing caption", "Ein Bild BÖSE \\`x` \\", "shortcode-param"),
        ("shortcode", "caption", "Another caption", "Pfad C:\\ BÖSE `x`\\", "shortcode-param"),
        ("shortcode", "alt", "An alt text", "Alt `code` BÖSE \\", "shortcode-param"),
        ("shortcode", "alt", "A second alt text", "Alt \\` BÖSE", "shortcode-param"),
        # front matter control characters
        ("frontmatter", "title", "Front matter title one", "Titel\x01 BÖSE", "frontmatter-control"),
        ("frontmatter", "title", "Front matter title two", "Titel\x7f BÖSE", "frontmatter-control"),
        (
            "frontmatter",
            "description",
            "A description one",
            "Beschreibung\x1b BÖSE",
            "frontmatter-control",
        ),
        (
            "frontmatter",
            "description",
            "A description two",
            "Beschreibung\x08 BÖSE",
            "frontmatter-control",
        ),
        # title → permalink
        ("permalink", "title", "Title with a slash", "Titel/Unterordner BÖSE", "permalink-path"),
        ("permalink", "title", "Title climbing up", "../../.. BÖSE", "permalink-path"),
        ("permalink", "title", "Title encoded", "%2e%2e%2f%2e%2e BÖSE", "permalink-path"),
        ("permalink", "title", "Title of nothing", "!!! ???", "permalink-empty"),
        (
            "permalink",
            "title",
            "Title far too long",
            "Sehr lang BÖSE " + "x" * 300,
            "permalink-too-long",
        ),
        ("permalink", "title", "Title taking another", "DE Honest title", "permalink-taken"),
        # URL overrides: a translator's own URL
        (
            "override",
            "paragraph",
            "Read [the guide](https://xmpp.org/getting-started/).",
            "Lies [die Anleitung](https://evil.example/) BÖSE.",
            None,
        ),
        (
            "override",
            "list",
            "See [the list](https://xmpp.org/software/).",
            "Siehe [die Liste](https://xmpp.org@evil.example/) BÖSE.",
            None,
        ),
        (
            "override",
            "table",
            "[Servers](https://xmpp.org/software/servers/)",
            "[Server](https://xmpp.\u03bfrg/software/servers/) BÖSE",
            None,
        ),
        (
            "override",
            "heading",
            "About [the XSF](https://xmpp.org/about/)",
            "Über [die XSF](https://xmpp.org/about/\u202egpj.exe) BÖSE",
            None,
        ),
    ]
    attacks = []
    for number, (kind, context, source, translation, check) in enumerate(raw, start=1):
        translation = translation.replace("BÖSE", f"BÖSE{number}", 1)
        attacks.append(Attack(kind, context, source, translation, check))
    return attacks


ATTACKS = _attacks()
# Kinds left out of the run while their gate rule is being written: none.
AWAITING_GATE: set[str] = set()
ENABLED = [attack for attack in ATTACKS if attack.kind not in AWAITING_GATE]

PIPELINE_CONFIG = f"""\
sources = ["{SECTION}/*.md"]
languages = ["{LANGUAGE}"]
min_complete = 0

[frontmatter]
translate = ["title", "description"]

[shortcodes]
translate = ["caption", "alt", "title"]
"""
HUGO_CONFIG = {
    "baseURL": "https://xmpp.org/",
    "canonifyURLs": True,
    "defaultContentLanguage": "en",
    "disableKinds": ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"],
    "title": "XMPP",
    "permalinks": {"blog": "/:year/:month/:title/"},
    "languages": {"en": {"label": "English", "weight": 1}, "de": {"label": "Deutsch"}},
}
SINGLE = """\
<!DOCTYPE html>
<html lang="{{ .Lang }}"><head><title>{{ .Title }}</title>
<meta name="description" content="{{ .Description }}"></head>
<body><h1>{{ .Title }}</h1>
{{- range .Translations }}<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Lang }}</a>
{{- end }}
<main>{{ .Content }}</main></body></html>
"""
LIST = '<!DOCTYPE html><html lang="{{ .Lang }}"><body>{{ range .Pages }}' \
    '<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>'  # fmt: skip


def _block(context: str, text: str, number: int) -> str:
    """The Markdown of one block holding ``text`` as its translatable text."""
    if context == "heading":
        return f"## {text}"
    if context == "list":
        return f"- {text}"
    if context == "table":
        return f"| Name | Value |\n|------|-------|\n| {text} | {number} |"
    if context == "caption":
        return f'{{{{< figure src="/img/p{number}.png" caption="{text}" >}}}}'
    if context == "alt" and text.startswith("!["):
        return text
    if context == "alt":
        return f'{{{{< figure src="/img/p{number}.png" alt="{text}" >}}}}'
    return text


def _body_page(attacks: list[Attack]) -> str:
    """The English page: an honest heading and paragraph around every attack's block."""
    blocks = [
        "---\ntitle: The hostile issue\ndate: 2021-01-20\n---",
        "## Thanks all",
        "An honest paragraph at the top.",
    ]
    for number, attack in enumerate(attacks, start=1):
        if attack.context in ("title", "description"):
            continue
        blocks.append(_block(attack.context, attack.source, number))
        blocks.append(f"Honest paragraph number {number}.")
    blocks.append("Read [the thanks](#thanks-all) again.")
    return "\n\n".join(blocks) + "\n"


def _front_matter_page(attack: Attack, number: int) -> str:
    title = attack.source if attack.context == "title" else f"Described page {number}"
    description = attack.source if attack.context == "description" else "An honest description"
    return (
        f"---\ntitle: {title}\ndescription: {description}\ndate: 2021-01-{number % 28 + 1:02d}\n"
        f"---\n\nHonest text of page {number}.\n"
    )


def site_files(attacks: list[Attack]) -> dict[str, str]:
    files = {
        "i18n-pipeline.toml": PIPELINE_CONFIG,
        "hugo.json": json.dumps(HUGO_CONFIG, indent=2),
        "layouts/_default/single.html": SINGLE,
        "layouts/_default/list.html": LIST,
        "layouts/_default/_markup/render-link.html": RENDER_LINK,
        f"{SECTION}/hostile.md": _body_page(attacks),
        # the page whose German title another page's translation takes
        f"{SECTION}/honest.md": "---\ntitle: Honest title\ndate: 2021-01-03\n---\n\nHonest.\n",
    }
    for number, attack in enumerate(attacks, start=1):
        if attack.context in ("title", "description"):
            files[f"{SECTION}/page-{number}.md"] = _front_matter_page(attack, number)
    return files


def honest(msgid: str) -> str:
    """The honest translation of every entry that is not an attack."""
    return f"DE {msgid}"


def attack_msgids(root: Path, attacks: list[Attack]) -> dict[str, Attack]:
    """msgid → attack: the msgid of the segment that holds each attack's source text."""
    config = load_config(root / "i18n-pipeline.toml")
    found: dict[str, Attack] = {}
    for source in config.find_sources():
        document = load_document(config, source)
        for attack in attacks:
            spans = [
                segment
                for segment in document.segments
                if attack.source in document.text[segment.start : segment.end]
            ]
            if spans:
                segment = min(spans, key=lambda s: s.end - s.start)
                found[segment.msgid] = attack
    assert sorted(a.marker for a in found.values()) == sorted(a.marker for a in attacks)
    return found


def invoke(root: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--config", str(root / "i18n-pipeline.toml"), *args])
    return result.exit_code, result.output


def fill_catalogs(root: Path, by_msgid: dict[str, Attack]) -> None:
    """Every entry translated: the attack where there is one, the honest text elsewhere."""
    config = load_config(root / "i18n-pipeline.toml")
    for source in config.find_sources():
        path = config.catalog_path(LANGUAGE, config.domain_of(source))
        catalog = read_catalog(path)
        for entry in catalog:
            attack = by_msgid.get(entry.msgid)
            entry.msgstr = attack.translation if attack else honest(entry.msgid)
        write_catalog(path, catalog)


@dataclass
class Run:
    root: Path
    by_msgid: dict[str, Attack]
    findings: list[dict[str, object]]
    publish_output: str
    html: dict[str, str]  # built German page (relative path) → its HTML
    verify_differences: list[str]


def _findings(root: Path) -> list[dict[str, object]]:
    _, output = invoke(root, "check", "--format", "json")
    start = output.index("{")
    findings: list[dict[str, object]] = json.loads(output[start : output.rindex("}") + 1])[
        "findings"
    ]
    return findings


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    root = tmp_path_factory.mktemp("hostile")
    write(root, site_files(ENABLED))
    assert invoke(root, "extract")[0] == 0
    assert invoke(root, "update")[0] == 0
    by_msgid = attack_msgids(root, ENABLED)
    fill_catalogs(root, {})  # first an honest German site, published: its URLs are taken
    assert invoke(root, "publish")[0] == 0
    fill_catalogs(root, by_msgid)  # then the attacks come in
    findings = _findings(root)
    code, publish_output = invoke(root, "publish")
    assert code == 0, publish_output
    public = root / "public"
    verified = verify_site(load_config(root / "i18n-pipeline.toml"), [LANGUAGE], public=public)
    html = {
        path.relative_to(public).as_posix(): path.read_text(encoding="utf-8")
        for path in (public / LANGUAGE).rglob("*.html")
    }
    yield Run(root, by_msgid, findings, publish_output, html,
              [str(d) for d in verified.differences])  # fmt: skip


def test_check_reports_every_attack_and_nothing_else(run: Run) -> None:
    errors: dict[str, set[str]] = {}
    for finding in run.findings:
        if finding["severity"] == "error":
            errors.setdefault(str(finding["msgid"]), set()).add(str(finding["check"]))
    missed = [a.marker for m, a in run.by_msgid.items() if m not in errors]
    assert missed == []
    wrong_check = [
        (a.marker, a.check, errors[m])
        for m, a in run.by_msgid.items()
        if a.check is not None and a.check not in errors[m]
    ]
    assert wrong_check == []
    honest_errors = {m: c for m, c in errors.items() if m not in run.by_msgid}
    assert honest_errors == {}
    # each on its entry's line, as every finding of a PO entry
    assert all(
        isinstance(f["line"], int) and f["line"] > 1
        for f in run.findings
        if str(f["check"]).startswith(("permalink", "frontmatter", "shortcode"))
    )


def test_publish_refuses_exactly_the_attacks(run: Run) -> None:
    refused = re.findall(r"translation not used, \[[a-z-]+\]", run.publish_output)
    assert len(refused) == len(run.by_msgid), run.publish_output
    # every honest entry is on the page
    pages = "\n".join(run.html.values())
    assert pages.count("DE Honest paragraph number") == sum(
        1 for a in ENABLED if a.context not in ("title", "description")
    )
    assert "DE An honest paragraph at the top." in pages


def test_no_attack_reaches_the_built_pages(run: Run) -> None:
    pages = "\n".join(run.html.values())
    # (the title that takes another page's URL is that page's honest title: see below)
    reached = [a.marker for a in ENABLED if a.marker in pages and a.check != "permalink-taken"]
    assert reached == []
    assert "evil" not in pages.lower()
    # every German page is where its source's is, under /de/ (the titles fell back)
    assert not [path for path in run.html if ".." in path or "%" in path]


def test_every_page_keeps_its_own_url(run: Run) -> None:
    """A title attack neither moved a page nor let it take another page's URL."""
    for number, attack in enumerate(ENABLED, start=1):
        if attack.context in ("title", "description"):
            holders = [
                p for p, text in run.html.items() if f"Honest text of page {number}." in text
            ]
            assert len(holders) == 1, (number, holders)
    assert "DE Honest." in run.html["de/2021/01/de-honest-title/index.html"]


def test_verify_finds_the_built_pages_as_their_sources(run: Run) -> None:
    assert run.verify_differences == []


def test_attacks_through_merge_are_rejected(run: Run, tmp_path: Path) -> None:
    """A contributed PO file with the attacks: ``merge`` rejects each (no entry changes)."""
    root = tmp_path / "site"
    shutil.copytree(run.root, root, ignore=shutil.ignore_patterns("public"))
    config = load_config(root / "i18n-pipeline.toml")
    source = next(p for p in config.find_sources() if p.name == "hostile.md")
    catalog_path = config.catalog_path(LANGUAGE, config.domain_of(source))
    contributed = read_catalog(catalog_path)
    for entry in contributed:
        entry.msgstr = ""  # the site's catalog has nothing; the contribution brings it all
    ours = read_catalog(catalog_path)
    for entry in ours:
        entry.msgstr = ""
    write_catalog(catalog_path, ours)
    offered = read_catalog(run.root / catalog_path.relative_to(root))
    offered.metadata["X-Front-Matter-url"] = "/"  # the header is the contributor's too
    offered.metadata["X-Page-Note-1"] = "end <script>alert('BÖSE')</script>"
    contribution = tmp_path / "contribution.po"
    write_catalog(contribution, offered)
    _, output = invoke(root, "merge", "--lang", LANGUAGE, str(contribution), str(source))
    merged = {entry.msgid: entry.msgstr for entry in read_catalog(catalog_path)}
    attacks_here = {m: a for m, a in run.by_msgid.items() if m in merged}
    assert attacks_here
    for msgid, attack in attacks_here.items():
        assert attack.marker not in merged[msgid], (attack.marker, output)
        assert attack.marker in output or msgid[:30] in output, attack.marker
    checks = {str(f["check"]) for f in _findings(root) if f["severity"] == "error"}
    assert {"frontmatter-url", "html-introduced"} <= checks
    assert invoke(root, "publish", str(source))[0] == 0
    published = config.output_path(source, LANGUAGE).read_text(encoding="utf-8")
    assert "url:" not in published and "BÖSE" not in published


def test_attacks_through_import_are_reported_and_not_published(run: Run, tmp_path: Path) -> None:
    """A hand-made German page holding the attacks: ``import`` takes what it aligns, ``check``
    reports each attack it took, and ``publish`` leaves them all out of the page."""
    root = tmp_path / "site"
    shutil.copytree(run.root, root, ignore=shutil.ignore_patterns("public", "locales"))
    config = load_config(root / "i18n-pipeline.toml")
    source = next(p for p in config.find_sources() if p.name == "hostile.md")
    body = [a for a in ENABLED if a.context not in ("title", "description")]
    german = _body_page(body)
    for attack in body:  # the attack's text, the stand-ins written out as the page has them
        german = german.replace(attack.source, _written_out(attack), 1)
    german = re.sub(r"Honest paragraph number (\d+)\.", r"DE Honest paragraph number \1.", german)
    config.output_path(source, LANGUAGE).write_text(german, encoding="utf-8")
    assert invoke(root, "extract")[0] == 0
    translated = config.output_path(source, LANGUAGE)
    code, output = invoke(root, "import", "--lang", LANGUAGE, str(source), str(translated))
    assert code == 0, output
    imported = {
        e.msgid: e for e in read_catalog(config.catalog_path(LANGUAGE, config.domain_of(source)))
    }
    findings = _findings(root)
    errors = {str(f["msgid"]) for f in findings if f["severity"] == "error"}
    # an entry import filled with the attack as written (and did not mark fuzzy: that one
    # is not published) is an error of check; what import made of the rest (the aligned
    # text without the construct) is ordinary text
    whole = [
        attack.marker
        for msgid, attack in run.by_msgid.items()
        if msgid in imported
        and imported[msgid].msgstr == attack.translation
        and "fuzzy" not in imported[msgid].flags
    ]
    assert whole, "import took none of the attacks: the test proves nothing"
    reported = [
        attack.marker
        for msgid, attack in run.by_msgid.items()
        if attack.marker in whole and msgid in errors
    ]
    assert reported == whole
    assert invoke(root, "publish")[0] == 0
    published = translated.read_text(encoding="utf-8")
    assert [marker for marker in whole if marker in published] == []
    assert "evil" not in published
    assert _blocks(published) == _blocks(source.read_text(encoding="utf-8"))


def _blocks(text: str) -> list[str]:
    """The page's Markdown structure (our model of Goldmark's), front matter left out, but
    for paragraphs: a hand-made page's own paragraphs (a credit line) are kept as notes."""
    fm = locate(text, 0)
    body = text[fm.body_start :] if fm else text
    skipped = ("paragraph_open", "paragraph_close", "inline")
    return [token.type for token in markdown().parse(body) if token.type not in skipped]


def _written_out(attack: Attack) -> str:
    """The attack as a hand-made page has it: stand-ins replaced by the source's URLs."""
    urls = re.findall(r"https?://\S+?(?=[ )]|$)", attack.source)
    text = attack.translation
    for number, url in enumerate(urls, start=1):
        text = text.replace(f"{{{number}}}", url).replace(f"]({number})", f"]({url})")
    return text.replace("](1)", "](/img/logo.png)")


def test_a_hand_made_page_cannot_move_its_translation(run: Run, tmp_path: Path) -> None:
    """``import`` keeps a hand-made page's own front matter and extra blocks for ``publish``;
    the ones that would move the page (``url: /`` made the German page the site's English
    home page with the pinned Hugo), redirect over another page (an alias at the language's
    home) or bring raw HTML are reported by ``check`` and left out by ``publish``."""
    root = tmp_path / "site"
    shutil.copytree(run.root, root, ignore=shutil.ignore_patterns("public", "locales"))
    config = load_config(root / "i18n-pipeline.toml")
    source = next(p for p in config.find_sources() if p.name == "honest.md")
    translated = config.output_path(source, LANGUAGE)
    translated.write_text(
        "---\ntitle: ../../.. Ehrlich\ndate: 2021-01-03\nurl: /\n"
        'aliases: ["/index.html", "/de/2021/01/alt/", "../../../"]\n---\n\nEhrlich.\n\n'
        "<script>alert('BÖSE')</script>\n",
        encoding="utf-8",
    )
    assert invoke(root, "extract")[0] == 0
    code, output = invoke(root, "import", "--lang", LANGUAGE, str(source), str(translated))
    assert code == 0, output
    checks = {str(f["check"]) for f in _findings(root) if f["severity"] == "error"}
    assert {"frontmatter-url", "permalink-path"} <= checks
    assert invoke(root, "publish")[0] == 0
    published = translated.read_text(encoding="utf-8")
    assert "url:" not in published and "/index.html" not in published
    assert "title: Honest title" in published  # the title that climbed up was refused
    # an alias at the root stops the whole build ("alias "/" resolves to website root")
    assert "../../../" not in published
    assert "BÖSE" not in published
