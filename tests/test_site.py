"""Issue 10: adopting a whole site shaped like xmpp.org (tests/data/site-xmpp).

The site's languages come from its hugo.toml (pt-br among them); pages are known by their
path under the content root; only the site's languages make translations; ``import --all``
imports every human translation or names it.  Runs on a copy of the site.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from conftest import DATA, run
from i18n_pipeline.config import Config, load_config
from i18n_pipeline.layout import flat_domain

SITE = DATA / "site-xmpp"
PAGES = {
    "about/intro",
    "docs/intro",
    "docs/_index",
    "community/_index",
    "docs/getting-started/index",
    "blog/gsoc/gsoc-2022",  # from gsoc-2022.en.md: en is the source language
    "blog/notes.bak",
    "blog/Update-on-crates.io-incident",
    "blog/newsletter/2022-02-05-newsletter",
    "blog/newsletter/2022-03-05-newsletter",
    "blog/newsletter/2022-10-05-newsletter",
    "blog/newsletter/2022-10-05-newsletter.it",  # it is not a language of the site
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    shutil.copytree(SITE, tmp_path / "site")
    return tmp_path / "site"


def test_languages_come_from_hugo_with_gettext_locales(site: Path) -> None:
    config = load_config(site / "i18n-pipeline.toml")
    assert [(lang.key, lang.locale) for lang in config.languages] == [
        ("de", "de"),
        ("fr", "fr"),
        ("es", "es"),
        ("pt-br", "pt_BR"),
    ]
    assert config.source_language == "en"


def test_each_page_its_own_catalog(site: Path) -> None:
    config = load_config(site / "i18n-pipeline.toml")
    assert {config.domain_of(source) for source in config.find_sources()} == PAGES
    result = run(site, "extract")
    assert result.exit_code == 0, result.output
    templates = site / "locales/templates"
    found = {p.relative_to(templates).with_suffix("").as_posix() for p in templates.rglob("*.pot")}
    assert found == PAGES
    assert result.output.count("created") == len(PAGES)


def test_adoption_imports_or_names_every_human_translation(site: Path) -> None:
    content = site / "content"
    humans = sorted(
        p.relative_to(site).as_posix()
        for p in content.rglob("*.*.md")
        if p.name.split(".")[-2] in ("de", "fr", "es", "pt-br", "it")
    )
    result = run(site, "import", "--all")
    assert result.exit_code == 0, result.output
    imported = [line for line in result.stdout.splitlines() if line.startswith("created")]
    not_imported = [line for line in result.stderr.splitlines() if line.startswith("not imported")]
    assert len(imported) + len(not_imported) == len(humans) == 7
    for human in humans:
        name = human.rsplit("/", 1)[1]
        assert any(f"from {name}" in line for line in imported) or any(
            line.startswith(f"not imported: {human}: ") for line in not_imported
        ), human
    assert (
        "not imported: content/blog/newsletter/2022-02-05_newsletter.de.md: a translation into"
        " 'de' with no source (content/blog/newsletter/2022-02-05_newsletter.md not found)"
        in result.stderr
    )
    assert (
        "not imported: content/blog/newsletter/2022-10-05-newsletter.it.md: named like a"
        " translation into 'it', not a language of the site (de, fr, es, pt-br)" in result.stderr
    )
    assert "5 translation(s) imported, 2 file(s) not imported" in result.stderr

    # pt-br: the site's key in file names, the gettext locale for the catalog
    po = site / "locales/pt_BR/LC_MESSAGES/about/intro.po"
    assert po.is_file() and not (site / "locales/pt-br").exists()
    catalog = polib.pofile(str(po))
    assert catalog.metadata["Language"] == "pt_BR"
    assert catalog.find("About XMPP").msgstr == "Sobre o XMPP"
    # comments name the translation relative to the site, never a machine path
    text = "\n".join(p.read_text(encoding="utf-8") for p in (site / "locales").rglob("*.po"))
    assert str(site) not in text and str(Path.home()) not in text

    assert run(site, "update").exit_code == 0
    for locale in ("de", "fr", "es", "pt_BR"):
        folder = site / "locales" / locale / "LC_MESSAGES"
        names = {p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.po")}
        assert names == PAGES, locale
        assert polib.pofile(str(folder / "docs/intro.po")).metadata["Language"] == locale

    result = run(site, "check")
    assert result.exit_code == 0, result.output  # the human translations' warnings only
    assert "locales/de/LC_MESSAGES/blog/newsletter/2022-03-05-newsletter.po:" in result.output

    result = run(site, "publish", "--lang", "pt-br", "--min-complete", "0")
    assert result.exit_code == 0, result.output
    assert (site / "content/docs/intro.pt-br.md").is_file()
    assert (site / "content/blog/gsoc/gsoc-2022.pt-br.md").is_file()  # not gsoc-2022.en.pt-br.md
    assert not list(content.rglob("*pt_br*")) and not list(content.rglob("*.en.pt-br.md"))

    # run again after publish: our own pages are skipped and counted, nothing changes
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and ".i18n" not in str(p)}
    result = run(site, "import", "--all")
    assert result.exit_code == 0, result.output
    assert "4 translation(s) imported, 12 generated page(s) skipped, 2 file(s) not imported" in (
        result.stderr
    )
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file() and ".i18n" not in str(p)}
    assert after == before


def test_hugo_docs_992_pages_992_catalogs() -> None:
    """Hugo's documentation: with file stems as names, 992 pages had 866 catalogs."""
    root = DATA / "hugo-docs"
    config = Config(root=root, content=Path("."), sources=("**/*.md",))
    pages = [path for path in config.find_sources() if path.name != "LICENSE.md"]
    assert len(pages) == 992
    assert len({config.domain_of(page) for page in pages}) == 992
    assert len({flat_domain(page) for page in pages}) == 866
