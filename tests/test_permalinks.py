"""``:title`` permalinks: our ``urlize`` against the URL the pinned Hugo gives each title."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from hugosite import build, write

from i18n_pipeline.permalinks import (
    MAX_SLUG_BYTES,
    as_path,
    carried_alias_problem,
    slug_problem,
    urlize,
)

TITLES = [
    "The XMPP Newsletter January 2021",
    "Der XMPP-Newsletter: Januar 2021!",
    "Über uns",
    "Größe  und — Maß",
    "İstanbul İçin",
    "a/b",
    "../../x",
    "%2e%2e%2fx",
    "a#b",
    "a\\b",
    "!!!",
    ".",
    "x:y?z=1&w",
    "a\u00a0b\u2003c\u3000d",
    "中文标题 新闻",
    "a_b+c~d@e",
    "A.B.",
    "..hidden",
    "e\u0301t\u00e9",
    "Ελληνικά νέα",
    "Новости XMPP",
    "(Klammern) [eckig] {geschweift}",
    "tab\there",
    "emoji 🎉 party",
]
CONFIG = """\
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[permalinks]
blog = "/:year/:month/:day/:title/"
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    """Page number → the URL path Hugo wrote it to."""
    root = tmp_path_factory.mktemp("permalinks")
    files = {
        "hugo.toml": CONFIG,
        "layouts/_default/single.html": "<n>{{ .File.BaseFileName }}</n>",
        "layouts/_default/list.html": "list",
    }
    for number, title in enumerate(TITLES):
        quoted = title.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
        files[f"content/blog/p{number}.md"] = (
            f'---\ntitle: "{quoted}"\ndate: 2021-01-{number + 1:02d}\n---\nText.\n'
        )
    write(root, files)
    result = build(root)
    assert result.returncode == 0, result.stderr
    public = root / "public"
    paths = {}
    for page in public.rglob("index.html"):
        found = re.search(r"<n>p(\d+)</n>", page.read_text(encoding="utf-8"))
        if found:
            paths[int(found.group(1))] = "/" + page.parent.relative_to(public).as_posix()
    return paths


@pytest.mark.needs_hugo
@pytest.mark.parametrize("number", range(len(TITLES)))
def test_urlize_gives_hugos_url(built: dict[int, str], number: int) -> None:
    slug = as_path(urlize(TITLES[number]))
    expected = posixpath.normpath(f"/2021/01/{number + 1:02d}/{slug}")
    assert built[number] == expected, TITLES[number]


def test_slug_rules() -> None:
    source = urlize("The XMPP Newsletter January 2021")
    problems = {title: slug_problem(urlize(title), source) for title in TITLES}
    checks = {title: problem[0] for title, problem in problems.items() if problem}
    assert checks == {
        "a/b": "permalink-path",
        "../../x": "permalink-path",
        "%2e%2e%2fx": "permalink-path",
        "a#b": "permalink-path",
        "a\\b": "permalink-path",
        "!!!": "permalink-empty",
        ".": "permalink-path",
    }
    long_title = "Ein sehr langer Titel " * 8
    assert slug_problem(urlize(long_title), source) is None
    assert slug_problem(urlize(long_title * 2), source) == (
        "permalink-too-long",
        f"the title makes a URL slug of {len(urlize(long_title * 2).encode())} bytes "
        f"(at most {MAX_SLUG_BYTES})",
    )
    # what the source's own slug already has is not the translation's doing
    assert slug_problem(urlize("C# und F#"), urlize("C# and F#")) is None


@pytest.mark.needs_hugo
def test_a_600_character_title_breaks_the_build(tmp_path: Path) -> None:
    """Why there is a maximum: Hugo cannot write the page (a file name over 255 bytes)."""
    write(
        tmp_path,
        {
            "hugo.toml": CONFIG,
            "layouts/_default/single.html": "x",
            "layouts/_default/list.html": "list",
            "content/blog/long.md": f"---\ntitle: {'x' * 600}\ndate: 2021-01-01\n---\nText.\n",
        },
    )
    assert build(tmp_path).returncode != 0


def test_carried_aliases() -> None:
    page = "/2022/05/neuer-titel/"
    assert carried_alias_problem("../../04/der-newsletter-april/", page) is None
    assert carried_alias_problem("../../../", page) is not None  # the root: no build
    assert carried_alias_problem("../../../blog/", page) is not None  # a section page
    assert carried_alias_problem("../../../index.html", page) is not None
    assert carried_alias_problem("../x%2f/", page) is not None
    assert carried_alias_problem("x/", None) is not None


def test_the_title_rule_reads_title_keys_as_hugo_does(tmp_path: Path) -> None:
    """``Title:`` is the title to Hugo (keys are case-insensitive; 78 xmpp.org pages use it)."""
    from click.testing import CliRunner

    from i18n_pipeline.catalog import read_catalog, write_catalog
    from i18n_pipeline.cli import main
    from i18n_pipeline.config import load_config
    from i18n_pipeline.titles import title_verdicts

    write(
        tmp_path,
        {
            "i18n-pipeline.toml": 'sources = ["content/blog/*.md"]\nlanguages = ["de"]\n',
            "hugo.toml": CONFIG,
            "content/blog/a.md": "---\nTitle: Upper case key\ndate: 2021-01-05\n---\n\nText.\n",
        },
    )
    for command in ("extract", "update"):
        result = CliRunner().invoke(
            main, ["--config", str(tmp_path / "i18n-pipeline.toml"), command]
        )
        assert result.exit_code == 0, result.output
    config = load_config(tmp_path / "i18n-pipeline.toml")
    (source,) = config.find_sources()
    path = config.catalog_path("de", config.domain_of(source))
    catalog = read_catalog(path)
    catalog.find("Upper case key").msgstr = "Ober/Unter"
    write_catalog(path, catalog)
    assert [v.check for v in title_verdicts(config, ["de"])] == ["permalink-path"]
