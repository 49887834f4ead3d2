"""``verify``: the sample site built by the pinned Hugo, every translation compared with its
source page; a page edited by hand after publishing is caught."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_hugo import write_site

from i18n_pipeline.cli import main
from i18n_pipeline.verify import PageView, Site, compare_pages, url_difference

ISSUE = "content/blog/newsletter/2021-02-05-newsletter"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with German and French pages published (as test_hugo makes it)."""
    from test_hugo import translate_site

    root = tmp_path_factory.mktemp("verify")
    write_site(root)
    translate_site(root)
    return root


def run_verify(root: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--config", str(root / "i18n-pipeline.toml"), "verify"])
    return result.exit_code, result.output


@pytest.mark.needs_hugo
def test_published_site_verifies(site: Path) -> None:
    code, output = run_verify(site)
    assert code == 0, output
    assert "6 translated pages compared with their sources" in output
    assert "0 differences" in output


@pytest.mark.needs_hugo
def test_a_link_added_by_hand_fails(site: Path, tmp_path: Path) -> None:
    page = site / f"{ISSUE}.de.md"
    original = page.read_text(encoding="utf-8")
    try:
        page.write_text(original + "\n[Mehr](https://evil.example/)\n", encoding="utf-8")
        code, output = run_verify(site)
    finally:
        page.write_text(original, encoding="utf-8")
    assert code == 1
    assert f"{ISSUE}.de.md" in output
    assert "element not in the source" in output and "https://evil.example/" in output


@pytest.mark.needs_hugo
def test_a_changed_image_and_heading_attribute_fail(site: Path) -> None:
    page = site / f"{ISSUE}.fr.md"
    original = page.read_text(encoding="utf-8")
    changed = original.replace("](https://", "](https://evil.example/?", 1)
    heading = next(line for line in changed.splitlines() if line.startswith("## "))
    changed = changed.replace(heading, heading + ' {style="position:fixed"}', 1)
    try:
        page.write_text(changed, encoding="utf-8")
        code, output = run_verify(site)
    finally:
        page.write_text(original, encoding="utf-8")
    assert code == 1
    assert "https://evil.example/?" in output
    assert "attributes differ (added style)" in output


VIEWS = (PageView("/2021/01/news/", "en", ""), PageView("/de/2021/01/neues/", "de", "/de"))
SITE = Site("xmpp.org", "/", {"/de/2021/01/neues/": "/2021/01/news/"})


def test_differences_by_design_are_allowed() -> None:
    source = (
        '<html lang="en"><head><link rel="canonical" href="https://xmpp.org/2021/01/news/">'
        '<link rel="alternate" hreflang="de" href="https://xmpp.org/de/2021/01/neues/">'
        '<meta name="description" content="News"></head>'
        '<body data-lang="en"><h2 id="news">News</h2><a href="/about/" title="About">About</a>'
        '<a href="#links">x</a><h2 id="links">Links</h2><img src="a.png" alt="A"></body></html>'
    )
    translated = (
        '<html lang="de"><head><link rel="canonical" href="https://xmpp.org/de/2021/01/neues/">'
        '<link rel="alternate" hreflang="en" href="https://xmpp.org/2021/01/news/">'
        '<meta name="description" content="Neues"></head>'
        '<body data-lang="de"><h2 id="neues">Neues</h2><a href="/de/about/" title="Über">Über</a>'
        '<a href="#links">x</a><h2 id="links">Links</h2><img src="a.png" alt="B"></body></html>'
    )
    assert compare_pages(source, translated, VIEWS, SITE) == []


@pytest.mark.parametrize(
    ("translated", "expected"),
    [
        ('<p><a href="https://evil.example/">x</a></p>', "element not in the source"),
        ('<p style="position:fixed"></p>', "attributes differ (added style)"),
        ('<p><img src="b.png" alt="A"></p>', "src='b.png'"),
        ('<p><a href="/de/other/">x</a></p>', "href='/de/other/'"),
        ('<h2 id="links">X</h2><h2 id="l">L</h2>', "id='links' is"),
        ('<h2 id="news">X</h2><h2 id="news">L</h2>', "is used 2 times"),
        ("<p><script>alert(1)</script></p>", "element not in the source"),
    ],
)
def test_planted_differences_are_found(translated: str, expected: str) -> None:
    sources = {
        "element not in the source": "<p></p>",
        "attributes differ (added style)": "<p></p>",
        "src='b.png'": '<p><img src="a.png" alt="A"></p>',
        "href='/de/other/'": '<p><a href="/about/">x</a></p>',
        "id='links' is": '<h2 id="news">N</h2><h2 id="links">L</h2>',
        "is used 2 times": '<h2 id="news">N</h2><h2 id="links">L</h2>',
    }
    differences = compare_pages(sources[expected], translated, VIEWS, SITE)
    assert any(expected in difference for difference in differences), differences


def test_pages_overwritten_by_another_or_by_an_alias(tmp_path: Path) -> None:
    from i18n_pipeline.verify import _site_differences

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="0; url=/b/"></head></html>', "utf-8"
    )
    urls = {"content/a.md": "/a/", "content/b.md": "/b/", "content/b.de.md": "/b/"}
    found = [str(d) for d in _site_differences(urls, tmp_path, "/")]
    assert found == [
        "content/b.de.md (/b/): the same URL as content/b.md",
        "content/a.md (/a/): the built page is a redirect (an alias over it)",
    ]


def test_hand_made_translations_only_on_request(site: Path) -> None:
    """A human translation is its translator's (its own links, credit lines): compared only
    with ``--hand-made``."""
    page = site / "content/blog/newsletter/2022-03-05-newsletter.fr.md"
    original = page.read_text(encoding="utf-8")
    hand_made = "\n".join(
        line for line in original.splitlines() if not line.startswith("# Generated by")
    )
    try:
        page.write_text(hand_made + "\n\n[Notre flux](https://example.fr/feed.xml)\n", "utf-8")
        code, output = run_verify(site)
        assert code == 0, output
        assert "1 hand-made translations not compared" in output
        result = CliRunner().invoke(
            main, ["--config", str(site / "i18n-pipeline.toml"), "verify", "--hand-made"]
        )
    finally:
        page.write_text(original, encoding="utf-8")
    assert result.exit_code == 1
    assert "https://example.fr/feed.xml" in result.output


@pytest.mark.needs_hugo
def test_a_page_hugo_does_not_build_is_not_a_difference_when_its_source_is_not_either(
    site: Path,
) -> None:
    """Hugo's docs: the snippets under _common/ (``cascade: build: render: never``) are
    built into other pages by a shortcode, never on their own, in any language."""
    folder = site / "content/blog/newsletter"
    source = "---\ntitle: Snippet\nbuild:\n  render: never\n  list: never\n---\n\nA snippet.\n"
    translated = source.replace("---\n", "---\n# Generated by i18n-pipeline\n", 1)
    (folder / "snippet.md").write_text(source, "utf-8")
    (folder / "snippet.de.md").write_text(translated.replace("A snippet", "Ein Stück"), "utf-8")
    try:
        code, output = run_verify(site)
    finally:
        (folder / "snippet.md").unlink()
        (folder / "snippet.de.md").unlink()
    assert code == 0, output
    assert "1 translations not built by Hugo, as their sources are not" in output


@pytest.mark.needs_hugo
def test_an_expired_page_and_its_translation_are_not_a_difference(site: Path) -> None:
    """``hugo list all`` lists expired pages, which the build leaves out (Hugo's docs:
    methods/page/Scratch.md has ``expiryDate: 2026-11-18``)."""
    folder = site / "content/blog/newsletter"
    source = "---\ntitle: Old\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\n\nGone.\n"
    translated = source.replace("---\n", "---\n# Generated by i18n-pipeline\n", 1)
    (folder / "old.md").write_text(source, "utf-8")
    (folder / "old.de.md").write_text(translated.replace("Gone", "Weg"), "utf-8")
    try:
        code, output = run_verify(site)
    finally:
        (folder / "old.md").unlink()
        (folder / "old.de.md").unlink()
    assert code == 0, output
    assert "1 translations not built by Hugo, as their sources are not" in output


@pytest.mark.needs_hugo
def test_a_hugo_other_than_the_pinned_one_is_named(site: Path, tmp_path: Path) -> None:
    """A Hugo found elsewhere (PATH, --hugo) builds the site, but verify says it is not the
    release the rules were checked against."""
    from conftest import hugo_executable

    other = tmp_path / "hugo-other"
    other.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = version ]; then echo "hugo v0.150.0-0000 linux/amd64"; exit 0; fi\n'
        f'exec {hugo_executable()} "$@"\n'
    )
    other.chmod(0o755)
    result = CliRunner().invoke(
        main, ["--config", str(site / "i18n-pipeline.toml"), "verify", "--hugo", str(other)]
    )
    assert result.exit_code == 0, result.output
    assert "warning: hugo v0.150.0-0000 linux/amd64 is not Hugo 0.161.0" in result.output
    assert "is not Hugo" not in run_verify(site)[1]


def test_what_the_gate_allows_a_translator_is_not_a_difference() -> None:
    """A same-host or listed-host URL override, emphasis added or dropped, a title taken
    off an image, code added: ``check`` lets these through, so ``verify`` does too."""
    site = replace(SITE, url_hosts=frozenset({"anoxinon.de"}))
    source = (
        '<p><a href="https://gajim.org/post/x/">G</a> <strong>b</strong> <em>c</em>'
        '<img src="/a.png" alt="A" title="T"> <a href="https://xmpp.org/feed.xml">F</a></p>'
    )
    translated = (
        '<p><a href="https://gajim.org/de/post/x/">G</a> b <em>c</em> <em>d</em>'
        '<img src="/a.png" alt="B"> <code>e</code> <a href="https://anoxinon.de/feed.xml">F</a></p>'
    )
    assert compare_pages(source, translated, VIEWS, site) == []
    for hostile, expected in [
        ('<a href="https://gajim.org.evil.example/">G</a>', "href="),
        ('<a href="https://xmpp.org@evil.example/">G</a>', "href="),
        ('<img src="/a.png" alt="B" onerror="x()">', "attributes differ (added onerror)"),
        ('<em onclick="x()">G</em>', "element not in the source"),
    ]:
        changed = translated.replace('<a href="https://gajim.org/de/post/x/">G</a>', hostile, 1)
        if hostile.startswith("<img"):
            changed = translated.replace('<img src="/a.png" alt="B">', hostile)
        assert any(expected in d for d in compare_pages(source, changed, VIEWS, site)), hostile


def test_a_note_from_the_catalog_is_allowed_once() -> None:
    """The credit line publish writes from the catalog's header is the translation's own;
    the same element a second time, or another link, is still a difference."""
    from i18n_pipeline.verify import note_elements

    extras = note_elements(["_Übersetzt von [Anoxinon](https://anoxinon.de/)._"])
    source = "<main><p>Text</p></main>"
    note = '<p><em>Übersetzt von <a href="https://anoxinon.de/">Anoxinon</a>.</em></p>'
    assert compare_pages(source, f"<main>{note}<p>Text</p></main>", VIEWS, SITE, extras) == []
    twice = compare_pages(source, f"<main>{note}{note}<p>Text</p></main>", VIEWS, SITE, extras)
    assert len(twice) == 2 and all("element not in the source" in d for d in twice)
    other = note.replace("anoxinon.de", "evil.example")
    assert compare_pages(source, f"<main>{other}<p>Text</p></main>", VIEWS, SITE, extras)


def test_a_translation_with_its_own_date_may_have_its_own_date_path() -> None:
    source, own = "/2022/05/the-newsletter/", "/de/2022/04/der-newsletter/"
    assert url_difference(source, own, "/de") is not None
    assert url_difference(source, own, "/de", own_date=True) is None
    assert url_difference(source, "/de/2022/evil/der-newsletter/", "/de", own_date=True)
