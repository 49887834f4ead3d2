"""The command line on a small site with a config, as an editor runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result

from conftest import CORPUS, read
from i18n_pipeline.cli import main

ISSUES = ["2021-02-05-newsletter.md", "2022-03-05-newsletter.md"]
CONFIG = """\
sources = ["content/blog/newsletter/*.md"]
locales = "locales"
languages = ["de", "fr"]
output = "{dir}/{stem}.{lang}.md"

[frontmatter]
translate = ["title", "summary", "description"]
drop = ["aliases"]

[shortcodes]
translate = ["caption", "alt", "title"]
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    content = tmp_path / "content" / "blog" / "newsletter"
    content.mkdir(parents=True)
    for name in ISSUES:
        shutil.copy(CORPUS / name, content / name)
    # a human translation beside its source must never be taken for a source
    shutil.copy(CORPUS / "2022-03-05-newsletter.de.md", content)
    (tmp_path / "i18n-pipeline.toml").write_text(CONFIG)
    return tmp_path


def run(folder: Path, *args: str) -> Result:
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_extract_update_publish_with_config(site: Path) -> None:
    result = run(site, "extract")
    assert result.exit_code == 0, result.output
    pots = sorted(p.name for p in (site / "locales/templates").iterdir())
    assert pots == ["2021-02-05-newsletter.pot", "2022-03-05-newsletter.pot"]

    result = run(site, "update")
    assert result.exit_code == 0, result.output
    for language in ("de", "fr"):
        for name in ISSUES:
            po = site / "locales" / language / "LC_MESSAGES" / name.replace(".md", ".po")
            assert polib.pofile(str(po)).metadata["Language"] == language

    result = run(site, "publish")
    assert result.exit_code == 0
    assert result.output.count("skipped") == 4  # nothing translated yet: below 80%

    po_path = site / "locales/de/LC_MESSAGES/2021-02-05-newsletter.po"
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr = entry.msgid.replace("XMPP", "XMPP-DE")
    catalog.save()
    result = run(site, "publish", "--lang", "de")
    assert result.exit_code == 0, result.output
    published = site / "content/blog/newsletter/2021-02-05-newsletter.de.md"
    assert "written" in result.output and str(published.name) in result.output
    text = read(published)
    assert text.startswith("---\ntitle: The XMPP-DE Newsletter January 2021\n")
    assert "aliases" not in text
    assert "(https://github.com/xsf/xmpp.org/pull/851#issuecomment-754919811)" in text

    result = run(site, "publish", "--lang", "de")
    assert "unchanged" in result.output


def test_extract_check_writes_nothing(site: Path) -> None:
    assert run(site, "extract").exit_code == 0
    assert run(site, "extract", "--check").exit_code == 0
    source = site / "content/blog/newsletter/2021-02-05-newsletter.md"
    source.write_text(read(source) + "\nOne more paragraph.\n")
    pot = site / "locales/templates/2021-02-05-newsletter.pot"
    before = pot.read_bytes()
    result = run(site, "extract", "--check")
    assert result.exit_code == 1
    assert "outdated" in result.output
    assert pot.read_bytes() == before


def test_single_file_without_config(tmp_path: Path) -> None:
    shutil.copy(CORPUS / ISSUES[0], tmp_path / "issue.md")
    result = run(tmp_path, "extract", "issue.md", "-o", "issue.pot")
    assert result.exit_code == 0, result.output
    catalog = polib.pofile(str(tmp_path / "issue.pot"))
    entry = catalog.find("Translations of the XMPP Newsletter will be released here:")
    assert entry is not None and entry.occurrences == [("issue.md", "")]
    for entry in catalog:
        entry.msgstr = entry.msgid
    catalog.save(str(tmp_path / "de.po"))
    result = run(
        tmp_path, "publish", "issue.md", "--lang", "de", "--po", "de.po", "-o", "issue.de.md"
    )
    assert result.exit_code == 0, result.output
    source = read(tmp_path / "issue.md")
    published = read(tmp_path / "issue.de.md")
    assert published == source.replace('aliases:\n    - "/2021/01/newsletter-01-january/"\n', "")


def test_translation_file_is_not_a_source(site: Path) -> None:
    result = run(site, "extract", "content/blog/newsletter/2022-03-05-newsletter.de.md")
    assert result.exit_code == 1
    assert "is a translation" in result.stderr


def test_module_entry_point() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "i18n_pipeline", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "extract" in completed.stdout and "publish" in completed.stdout


def test_translations_in_unconfigured_languages_are_not_sources(site: Path) -> None:
    newsletter = site / "content/blog/newsletter"
    shutil.copy(CORPUS / "2022-03-05-newsletter.es.md", newsletter)
    result = run(site, "extract")
    assert result.exit_code == 0, result.output
    pots = sorted(p.name for p in (site / "locales/templates").iterdir())
    assert pots == ["2021-02-05-newsletter.pot", "2022-03-05-newsletter.pot"]


def test_skipped_page_reports_an_earlier_publication(site: Path) -> None:
    assert run(site, "update", "--lang", "de").exit_code == 0
    page = site / "content/blog/newsletter/2021-02-05-newsletter.de.md"
    result = run(site, "publish", "--lang", "de")
    assert "below 80%)" in result.output
    page.write_text("an older translation\n")
    result = run(site, "publish", "--lang", "de")
    assert "the page published earlier is left as it was" in result.output
    assert page.read_text() == "an older translation\n"
