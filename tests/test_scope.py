"""``[scope]``: which pages get catalogs in which languages; ``[new_catalogs]`` (issue 10)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, read, run
from i18n_pipeline.config import load_config
from i18n_pipeline.errors import ConfigError
from i18n_pipeline.scope import Scope, page_date, parse_scope

OLD = "2021-02-05-newsletter"  # dated 2021-01-05
STARTED = "2022-03-05-newsletter"  # a German human translation exists beside it
NEW = ("2023-09-05-newsletter", "2023-10-05-newsletter")


def make_site(root: Path, extra: str) -> Path:
    content = root / "content"
    content.mkdir(parents=True)
    for issue in (OLD, STARTED, *NEW):
        shutil.copy(CORPUS / f"{issue}.md", content)
    shutil.copy(CORPUS / f"{STARTED}.de.md", content)
    (root / "i18n-pipeline.toml").write_text(
        f'sources = ["content/*.md"]\nlanguages = ["de", "fr"]\n{extra}', encoding="utf-8"
    )
    return root


def catalogs(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root / "locales")) for p in root.glob("locales/*/*/*.po"))


def test_since_gives_new_pages_catalogs_and_keeps_started_ones(tmp_path: Path) -> None:
    site = make_site(tmp_path, "[scope]\nsince = 2023-01-01\n")
    result = run(site, "update", "--no-memory")
    assert result.exit_code == 0, result.output
    assert catalogs(site) == sorted(
        [f"{lang}/LC_MESSAGES/{issue}.po" for lang in ("de", "fr") for issue in NEW]
        + [f"de/LC_MESSAGES/{STARTED}.po"]  # started in German: its human translation
    )
    stats = json.loads(run(site, "stats", "--format", "json").stdout)
    counted = {
        (language["code"], issue["issue"])
        for language in stats["languages"]
        for issue in language["issues"]
    }
    assert len(counted) == 5 and not any(OLD in issue for _, issue in counted)


def test_started_only_and_per_language_globs(tmp_path: Path) -> None:
    site = make_site(tmp_path, "[scope]\nstarted_only = true\n")
    assert run(site, "update", "--no-memory").exit_code == 0
    assert catalogs(site) == [f"de/LC_MESSAGES/{STARTED}.po"]
    fr = site / "locales/fr/LC_MESSAGES"
    fr.mkdir(parents=True)
    shutil.copy(site / f"locales/de/LC_MESSAGES/{STARTED}.po", fr / f"{OLD}.po")  # started
    assert run(site, "update", "--no-memory").exit_code == 0
    assert f"fr/LC_MESSAGES/{OLD}.po" in catalogs(site)
    assert f"fr/LC_MESSAGES/{STARTED}.po" not in catalogs(site)

    other = make_site(tmp_path / "globs", '[scope.pages]\nfr = ["content/2023-10-*.md"]\n')
    assert run(other, "update", "--no-memory").exit_code == 0
    french = [name for name in catalogs(other) if name.startswith("fr/")]
    assert french == [f"fr/LC_MESSAGES/{NEW[1]}.po"]
    assert len([name for name in catalogs(other) if name.startswith("de/")]) == 4


def test_scope_values_are_checked(tmp_path: Path) -> None:
    assert parse_scope(None, None) == Scope()
    assert parse_scope({"since": "2023-01-01"}, None).since == dt.date(2023, 1, 1)
    for table, message in [
        ({"since": "January"}, "'scope.since' must be a date"),
        ({"started_only": "yes"}, "'scope.started_only' must be true or false"),
        ({"pages": {"de": 3}}, "'scope.pages.de' must be a list of globs"),
        ({"sinse": "2023-01-01"}, "unknown keys in 'scope': sinse"),
    ]:
        with pytest.raises(ConfigError, match=message):
            parse_scope(table, tmp_path / "i18n-pipeline.toml")
    config = tmp_path / "i18n-pipeline.toml"
    config.write_text('languages = ["pt-br"]\n[scope.pages]\npt-br = "content/*.md"\n')
    assert dict(load_config(config).scope.pages) == {"pt-br": ("content/*.md",)}  # the site key


def test_page_date_reads_what_front_matter_gives() -> None:
    assert page_date({"date": dt.date(2022, 5, 5)}) == dt.date(2022, 5, 5)
    assert page_date({"date": dt.datetime(2022, 5, 5, 10, 0)}) == dt.date(2022, 5, 5)
    assert page_date({"date": "2022-05-05T10:00:00+02:00"}) == dt.date(2022, 5, 5)
    assert page_date({"date": "soon"}) is None
    assert page_date({}) is None


def test_new_catalogs_carry_the_team_author_and_credit_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        "[scope]\nsince = 2023-10-01\n"
        '[checks]\nurl_hosts = ["anoxinon.de"]\n'  # the credit line's link: a host the site allows
        '[new_catalogs.de]\nfrontmatter = { author = "Anoxinon e.V." }\n'
        'notes = ["_Diese Ausgabe wurde von [Anoxinon e.V.](https://anoxinon.de/) übersetzt._"]\n',
    )
    assert run(site, "update", "--no-memory").exit_code == 0
    path = site / f"locales/de/LC_MESSAGES/{NEW[1]}.po"
    catalog = polib.pofile(str(path))
    assert catalog.metadata["X-Front-Matter-author"] == "Anoxinon e.V."
    assert catalog.metadata["X-Page-Note-1"].startswith("start _Diese Ausgabe wurde von")
    assert (
        "X-Front-Matter-author"
        not in polib.pofile(str(site / f"locales/fr/LC_MESSAGES/{NEW[1]}.po")).metadata
    )
    result = run(site, "publish", "--lang", "de", "--min-complete", "0", f"content/{NEW[1]}.md")
    assert result.exit_code == 0, result.output
    page = read(site / f"content/{NEW[1]}.de.md")
    assert "\nauthor: Anoxinon e.V.\n" in page
    assert (
        "---\n\n_Diese Ausgabe wurde von [Anoxinon e.V.](https://anoxinon.de/) übersetzt._\n\n"
        in page
    )
    config = site / "i18n-pipeline.toml"
    config.write_text(config.read_text() + "[new_catalogs.fr]\nfrontmatter = { author = 3 }\n")
    with pytest.raises(ConfigError, match=r"'new_catalogs\.fr\.frontmatter' must be a table"):
        load_config(config)
