"""The configuration: one table of keys, checked with file:line errors; the site's languages
(keys and gettext locales, from the config or Hugo's); page identity; ``--config`` anywhere;
``migrate-layout`` from the flat catalog layout."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import CORPUS, run
from i18n_pipeline.config import KEYS, Config, load_config
from i18n_pipeline.errors import ConfigError
from i18n_pipeline.hugoconfig import hugo_languages
from i18n_pipeline.languages import Language, gettext_locale

ISSUE = "2021-02-05-newsletter"


def _load(tmp_path: Path, text: str, name: str = "i18n-pipeline.toml") -> Config:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_config(path)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('languages = ["de"]\nmin_complete = "eighty"\n', 2, "'min_complete' must be a number"),
        ("min_complete = 800\n", 1, "'min_complete' must be a number between 0 and 100"),
        ('line_numbers = "false"\n', 1, "'line_numbers' must be true or false"),
        ("fuzzy_threshold = true\n", 1, "'fuzzy_threshold' must be a number between 0 and 1"),
        ("sources = 3\n", 1, "'sources' must be a list of strings"),
        ('output = "{dir}/{stem}.md"\n', 1, "'output' must contain {lang}"),
        ('output = "{dir}/{name}.{lang}.md"\n', 1, "unknown placeholder {name}"),
        (
            '[frontmatter]\ntranslate = ["title"]\ntranlsate = ["summary"]\n',
            3,
            "unknown configuration key 'frontmatter.tranlsate'; did you mean"
            " 'frontmatter.translate'?",
        ),
        ("memory_treshold = 0.8\n", 1, "did you mean 'memory_threshold'?"),
        ('languages = ["de", "../x"]\n', 1, "invalid language key '../x'"),
        ('languages = ["de", "xx"]\n', 1, "unknown language code 'xx'"),
        ('languages = ["en", "de"]\n', 1, "'languages' has the source language 'en'"),
        ('[languages.pt-br]\nlocal = "pt_BR"\n', 1, "may only set 'locale'"),
    ],
)
def test_bad_values_are_errors_with_file_and_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text)
    assert message in caught.value.message
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{tmp_path / 'i18n-pipeline.toml'}:{line}: ")


def test_pyproject_table_errors_name_its_line(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\n\n[tool.i18n-pipeline]\nlanguages = ["de"]\nline_numbers = 1\n'
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, text, "pyproject.toml")
    assert caught.value.line == 6


def test_cli_reports_a_bad_config_without_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "i18n-pipeline.toml").write_text('min_complete = "eighty"\n')
    result = run(tmp_path, "extract")
    assert result.exit_code == 1
    assert "i18n-pipeline.toml:1: 'min_complete' must be a number" in result.stderr


def test_every_key_has_a_checked_field() -> None:
    fields = set(Config.__dataclass_fields__)
    for name, key in KEYS.items():
        assert key.field.split(".")[0] in fields, name


def test_language_forms(tmp_path: Path) -> None:
    config = _load(tmp_path, 'languages = ["de", "pt-br", "zh-hans"]\n')
    assert config.languages == (
        Language("de", "de"),
        Language("pt-br", "pt_BR"),
        Language("zh-hans", "zh_Hans"),
    )
    config = _load(tmp_path, '[languages.pt-br]\nlocale = "pt_PT"\n[languages.de]\n')
    assert config.languages == (Language("pt-br", "pt_PT"), Language("de", "de"))
    assert config.catalog_path("pt-br", "x").parts[-3:] == ("pt_PT", "LC_MESSAGES", "x.po")
    # --lang may name a language by key or locale
    assert config.language("pt_PT").key == "pt-br" and config.language("PT-BR").key == "pt-br"
    assert gettext_locale("pt-BR") == "pt_BR" and gettext_locale("sr@latin") == "sr@latin"


def _babel_locale(code: str) -> str | None:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code, sep="-" if "-" in code else "_"))
    except (UnknownLocaleError, ValueError):
        return None


def test_common_language_codes_read_without_babel_as_babel_reads_them() -> None:
    """``gettext_locale`` answers ``de``, ``pt_BR``, ``pt-br`` from Babel's data files
    without importing Babel: for every locale Babel has, in each spelling a site may use,
    the answer is Babel's, and codes Babel has no file for still go to Babel."""
    from babel.localedata import locale_identifiers

    from i18n_pipeline.languages import _plain_locale

    answered = 0
    for name in locale_identifiers():
        for code in {name, name.lower(), name.replace("_", "-"), name.replace("_", "-").lower()}:
            plain = _plain_locale(code)
            if plain is not None:
                answered += 1
                assert plain == _babel_locale(code) == gettext_locale(code), code
    assert answered > 1000  # the common shapes really are answered without Babel
    for code in ("zh-tw", "iw", "no", "zz", "sh", "pt-XX", "EN"):  # aliases, unknown, case
        plain = _plain_locale(code)
        assert plain is None or plain == _babel_locale(code), code
    assert _plain_locale("zh-tw") is None and gettext_locale("zh-tw") == _babel_locale("zh-tw")


def test_languages_from_hugo_config_folder(tmp_path: Path) -> None:
    folder = tmp_path / "config/_default"
    folder.mkdir(parents=True)
    (folder / "hugo.yaml").write_text("defaultContentLanguage: de\ndisableLanguages: [it]\n")
    (folder / "languages.json").write_text(
        '{"de": {"weight": 1}, "en": {"weight": 2}, "pt-BR": {"weight": 3},'
        ' "it": {"weight": 4}, "es": {"weight": 5, "disabled": true}, "fr": {"weight": "x"}}'
    )
    found = hugo_languages(tmp_path)
    assert found.default == "de"
    # Hugo's order: by weight, a language without one (or with a bad one) last
    assert found.languages == (
        Language("en", "en"),
        Language("pt-br", "pt_BR"),
        Language("fr", "fr"),
    )
    config = _load(tmp_path, 'languages = "hugo"\n')
    assert config.source_language == "de" and config.keys == ("en", "pt-br", "fr")


def test_translations_only_for_the_site_languages(tmp_path: Path) -> None:
    config = _load(tmp_path, 'languages = ["de", "pt-br"]\n')
    content = tmp_path / "content"
    assert config.translation_language(content / "x.de.md") == "de"
    assert config.translation_language(content / "x.pt-br.md") == "pt-br"
    for page in ("notes.bak.md", "x.src.md", "Update-on-crates.io-incident.md", "x.en.md"):
        assert not config.is_translation(content / page), page
    assert config.domain_of(content / "blog/gsoc-2022.en.md") == "blog/gsoc-2022"
    assert config.output_path(content / "blog/gsoc-2022.en.md", "pt-br") == (
        content / "blog/gsoc-2022.pt-br.md"
    )
    # and X.pt-br.md is the translation of X.md, or of X.en.md
    assert config.source_candidates(content / "blog/gsoc-2022.pt-br.md") == [
        content / "blog/gsoc-2022.md",
        content / "blog/gsoc-2022.en.md",
    ]


def test_by_directory_site(tmp_path: Path) -> None:
    """Hugo's translation by content directory: content/en/… and content/de/…"""
    english, german = tmp_path / "content/en/blog", tmp_path / "content/de/blog"
    english.mkdir(parents=True)
    german.mkdir(parents=True)
    shutil.copy(CORPUS / f"{ISSUE}.md", english)
    (english / "other.md").write_text("---\ntitle: Other\n---\n\nText.\n")
    shutil.copy(CORPUS / f"{ISSUE}.md", german)  # stands in for a German page
    (german / "lost.md").write_text("---\ntitle: Verloren\n---\n\nText.\n")
    text = (
        'sources = ["content/en/**/*.md"]\ncontent = "content/en"\nlanguages = ["de"]\n'
        'output = "content/{lang}/{relpath}"\n'
    )
    config = _load(tmp_path, text)
    assert config.find_sources() == [english / f"{ISSUE}.md", english / "other.md"]
    assert config.domain_of(english / "other.md") == "blog/other"
    assert config.output_path(english / "other.md", "de") == german / "other.md"
    assert config.translation_language(german / "lost.md") == "de"
    result = run(tmp_path, "import", "--all")
    assert result.exit_code == 0, result.output
    assert f"from {ISSUE}.md" in result.stdout
    assert "not imported: content/de/blog/lost.md: a translation into 'de' with no source" in (
        result.stderr
    )
    assert (tmp_path / f"locales/de/LC_MESSAGES/blog/{ISSUE}.po").is_file()
    # a translation whose source exists but is not among the sources is named as such
    (tmp_path / "content/en/notes.md").write_text("---\ntitle: Notes\n---\n\nText.\n")
    (tmp_path / "content/de/notes.md").write_text("---\ntitle: Notizen\n---\n\nText.\n")
    config_text = (tmp_path / "i18n-pipeline.toml").read_text()
    (tmp_path / "i18n-pipeline.toml").write_text(
        config_text.replace('"content/en/**/*.md"', '"content/en/blog/*.md", "content/de/*.md"')
    )
    result = run(tmp_path, "import", "--all")
    assert (
        "not imported: content/de/notes.md: its source content/en/notes.md is not among the"
        " config's sources" in result.stderr
    )


def test_config_option_before_or_after_the_command(tmp_path: Path) -> None:
    content = tmp_path / "site/content"
    content.mkdir(parents=True)
    shutil.copy(CORPUS / f"{ISSUE}.md", content)
    config = tmp_path / "site/other.toml"
    config.write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    for args in (["--config", str(config), "extract"], ["extract", "--config", str(config)]):
        result = run(tmp_path, *args)
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"site/locales/templates/{ISSUE}.pot").is_file()
    result = run(tmp_path, "update", "--lang", "de", "--config", str(config))
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"site/locales/de/LC_MESSAGES/{ISSUE}.po").is_file()


def test_two_sources_with_one_identity_are_an_error(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CORPUS / f"{ISSUE}.md", content / "x.md")
    shutil.copy(CORPUS / f"{ISSUE}.md", content / "x.en.md")
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    result = run(tmp_path, "extract")
    assert result.exit_code == 1
    assert "two sources would share the catalog 'x': content/x.en.md and content/x.md" in (
        result.stderr
    )
    assert not (tmp_path / "locales").exists()


def test_a_page_named_like_another_pages_flat_catalog_is_not_stopped(tmp_path: Path) -> None:
    """content/documentation.md is 'documentation'; so was contribute/documentation/index.md
    on the flat layout: the first page's new catalog is not the second's leftover (Hugo's
    docs have this pair)."""
    (tmp_path / "content/contribute/documentation").mkdir(parents=True)
    shutil.copy(CORPUS / f"{ISSUE}.md", tmp_path / "content/documentation.md")
    (tmp_path / "content/contribute/documentation/index.md").write_text("---\ntitle: X\n---\n")
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/**/*.md"]\n')
    assert run(tmp_path, "extract", "content/documentation.md").exit_code == 0
    result = run(tmp_path, "extract")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locales/templates/contribute/documentation/index.pot").is_file()


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *args],
        cwd=folder, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


def test_migrate_layout_moves_flat_catalogs_losing_nothing(tmp_path: Path) -> None:
    """A site on the flat layout (catalogs named by file stem): two pages named intro.md
    shared intro.pot; the references say whose it is, and it moves to that page's name."""
    for folder in ("about", "docs"):
        (tmp_path / "content" / folder).mkdir(parents=True)
        shutil.copy(CORPUS / f"{ISSUE}.md", tmp_path / "content" / folder / "intro.md")
    shutil.copy(CORPUS / f"{ISSUE}.md", tmp_path / "content/docs/news.md")
    (tmp_path / "i18n-pipeline.toml").write_text(
        'sources = ["content/**/*.md"]\nlanguages = ["de", "pt-br"]\n'
    )
    # the flat layout as it was: created by a copy of the config whose pages were flat
    (tmp_path / "locales/templates").mkdir(parents=True)
    for page in ("about/intro", "docs/news"):
        assert run(tmp_path, "update", f"content/{page}.md").exit_code == 0
    nested = sorted(
        p.relative_to(tmp_path).as_posix() for p in (tmp_path / "locales").rglob("*.po*")
    )
    flat_names = {}
    for path in nested:
        flat = path.replace("about/", "").replace("docs/", "")
        (tmp_path / flat).parent.mkdir(parents=True, exist_ok=True)
        os.rename(tmp_path / path, tmp_path / flat)
        flat_names[flat] = path
    before = {flat: (tmp_path / flat).read_bytes() for flat in flat_names}
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "flat")

    result = run(tmp_path, "extract")  # refuses to start empty catalogs beside the old ones
    assert result.exit_code == 1
    assert "run 'i18n-pipeline migrate-layout'" in result.stderr
    result = run(tmp_path, "publish", "--lang", "de")  # would publish English pages
    assert result.exit_code == 1 and "run 'i18n-pipeline migrate-layout'" in result.stderr
    assert run(tmp_path, "migrate-layout", "--check").exit_code == 1

    (tmp_path / "locales/templates/docs").mkdir(exist_ok=True)
    (tmp_path / "locales/templates/docs/news.pot").write_text("taken")
    result = run(tmp_path, "migrate-layout")
    assert result.exit_code == 1
    assert "locales/templates/news.pot: not moved: locales/templates/docs/news.pot exists" in (
        result.stderr
    )
    assert (tmp_path / "locales/templates/news.pot").read_bytes() == before[
        "locales/templates/news.pot"
    ]
    (tmp_path / "locales/templates/docs/news.pot").unlink()
    result = run(tmp_path, "migrate-layout")
    assert result.exit_code == 0, result.output
    for flat, path in flat_names.items():
        assert (tmp_path / path).read_bytes() == before[flat]
        assert not (tmp_path / flat).exists()
    status = _git(tmp_path, "status", "--porcelain")
    assert status.count("R  ") == len(flat_names)  # git mv: history follows
    assert (tmp_path / "locales/pt_BR/LC_MESSAGES/about/intro.po").is_file()
    result = run(tmp_path, "update")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "locales/de/LC_MESSAGES/docs/intro.po").is_file()
    assert "nothing to move" in run(tmp_path, "migrate-layout").stderr
