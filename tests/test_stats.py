"""stats: entry and word counts per language and issue, on real issues in known states."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from stats_site import ISSUES, build_site

from conftest import CORPUS, run
from i18n_pipeline import stats
from i18n_pipeline.catalog import read_catalog
from i18n_pipeline.config import Config, load_config

# The text table of the site in stats_site.py.  Entry numbers agree with msgfmt --statistics
# (test_entry_counts_agree_with_msgfmt); word numbers are checked by hand below.
TABLE = """\
language / issue         translated  fuzzy  untranslated  entries    done  words  words left
German (de)                     111      3           226      340   32.6%   4925        3392
  2021-02-05-newsletter          10      3           118      131    7.6%   2302        2150
  2022-03-05-newsletter         101      0             0      101  100.0%   1381           0
  2023-09-05-newsletter           0      0           108      108    0.0%   1242        1242  no PO or POT yet
French (fr)                       0      0           341      341    0.0%   4964        4964
  2021-02-05-newsletter           0      0           132      132    0.0%   2341        2341
  2022-03-05-newsletter           0      0           101      101    0.0%   1381        1381  no PO yet
  2023-09-05-newsletter           0      0           108      108    0.0%   1242        1242  no PO or POT yet
"""  # noqa: E501


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(tmp_path_factory.mktemp("site"))


# --- word counts -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("msgid", "expected"),
    [
        # Real msgids of the January 2021 issue, counted by hand.
        ("French on [linuxfr.org](1) and [jabberfr.org](2).", 5),
        (
            "[Berlin XMPP Meetup (remote)](1): Monthly Meeting of XMPP Enthusiasts in Berlin"
            " - always 2nd Wednesday of every month",
            17,
        ),
        (
            "Edward Maurer wrote a commentary blog post regarding on the current situation of"
            " instant messaging communication and XMPP: [Instant Messaging: It's not about the"
            " app](1). There are also translations in [German](2), [French](3), [Spanish](4)"
            " and [Romanian](5). Thanks to all contributors!",
            39,
        ),
        # Image alt text and title are words, the source is not.
        ('![The Gajim logo](12 "Gajim 1.3")', 5),
        # Atoms, inline code and HTML tags are copied, not translated.
        ("See {1} or run `prosodyctl check` <br> now", 4),
        # A number in parentheses that is not a link destination is a word.
        ("Version (2) is out", 4),
        ("e-mail, 1.3.0 and Gajim’s", 5),
    ],
)
def test_word_count(msgid: str, expected: int) -> None:
    assert stats.word_count(msgid) == expected


def test_plain_entries_count_markup_as_text() -> None:
    # A front matter title is not Markdown: brackets and backticks there are just text.
    assert stats.word_count("[1] `x`", markdown=False) == 2
    assert stats.word_count("[1] `x`") == 1


# --- counting a site -------------------------------------------------------------------------


def test_collect_counts_each_state(site: Path) -> None:
    config = load_config(site / "i18n-pipeline.toml")
    sources = config.find_sources()
    counter = stats.Counter(config)
    rows = [counter.issue(s, lang) for s in sources for lang in ("de", "fr")]
    result = stats.summarize(["de", "fr"], rows)
    german, french = result.languages
    assert (german.code, german.name, german.native_name) == ("de", "German", "Deutsch")
    assert (french.name, french.native_name) == ("French", "français")
    first = german.issues[0]
    assert first.issue == ISSUES[0]
    assert first.basis == "po"
    assert first.catalog == f"locales/de/LC_MESSAGES/{ISSUES[0]}.po"
    assert first.source == f"content/{ISSUES[0]}.md"
    # 10 translated, 3 fuzzy, a fuzzy flag with no msgstr counts as untranslated,
    # one of the 132 entries is obsolete and not counted.
    assert first.counts == stats.Counts(10, 3, 118, 152, 57, 2093)
    # the first ten entries: 5 + 14 + 22 + 20 + 43 + 2 + 9 + 5 + 2 + 30 words (by hand),
    # the next three: 39 + 1 + 17; the obsolete one had 39.
    assert first.title == "The XMPP Newsletter January 2021"
    assert first.translated_title == "DE: The XMPP Newsletter January 2021"
    assert [issue.basis for issue in german.issues] == ["po", "po", "source"]
    assert [issue.basis for issue in french.issues] == ["po", "pot", "source"]
    assert german.issues[1].counts.percent == 100.0
    assert german.counts == stats.Counts(111, 3, 226, 152 + 1381, 57, 2093 + 1242)
    # Where nothing is translated, PO, POT and source give the same totals.
    for index in (0, 1, 2):
        untouched = french.issues[index].counts
        assert untouched.translated == untouched.fuzzy == 0
    assert french.issues[0].counts.words == 2302 + 39
    assert french.issues[1].counts.words == german.issues[1].counts.words == 1381
    assert french.issues[2].counts == german.issues[2].counts


@pytest.mark.needs_gettext
def test_entry_counts_agree_with_msgfmt(site: Path) -> None:
    config = load_config(site / "i18n-pipeline.toml")
    counter = stats.Counter(config)
    checked = 0
    for po in sorted((site / "locales").glob("*/LC_MESSAGES/*.po")):
        completed = subprocess.run(
            ["msgfmt", "--statistics", "-o", os.devnull, str(po)],
            capture_output=True,
            text=True,
            check=True,
        )
        found = {
            kind: int(number)
            for number, kind in re.findall(
                r"(\d+) (translated|fuzzy|untranslated)", completed.stderr
            )
        }
        counts = counter.count(read_catalog(po))
        assert (counts.translated, counts.fuzzy, counts.untranslated) == (
            found.get("translated", 0),
            found.get("fuzzy", 0),
            found.get("untranslated", 0),
        ), po
        checked += 1
    assert checked == 3


def test_plural_entries_count_as_msgfmt_does() -> None:
    catalog = polib.POFile()
    catalog.append(
        polib.POEntry(msgid="one file", msgid_plural="{n} files", msgstr_plural={0: "x", 1: ""})
    )
    catalog.append(
        polib.POEntry(msgid="one dog", msgid_plural="dogs", msgstr_plural={0: "", 1: ""})
    )
    counts = stats.Counter(Config(root=Path.cwd())).count(catalog)
    assert (counts.translated, counts.fuzzy, counts.untranslated) == (1, 0, 1)


# --- the command -----------------------------------------------------------------------------


def test_stats_text_table(site: Path) -> None:
    result = run(site, "stats")
    assert result.exit_code == 0, result.output
    assert result.stdout == TABLE
    assert result.stderr == ""  # no progress bar when stderr is not a terminal


def test_stats_one_language(site: Path) -> None:
    result = run(site, "stats", "--lang", "fr")
    assert result.exit_code == 0
    rows = [line.split() for line in TABLE.splitlines()]
    assert [line.split() for line in result.stdout.splitlines()] == [rows[0], *rows[5:]]


def test_stats_json_shape(site: Path) -> None:
    result = run(site, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["version"] == 1
    assert [language["code"] for language in data["languages"]] == ["de", "fr"]
    german = data["languages"][0]
    assert list(german) == [
        "code",
        "name",
        "native_name",
        "entries",
        "words",
        "percent_translated",
        "issues",
    ]
    assert german["entries"] == {"translated": 111, "fuzzy": 3, "untranslated": 226, "total": 340}
    assert german["words"] == {"translated": 1533, "fuzzy": 57, "untranslated": 3335, "total": 4925}
    assert german["percent_translated"] == 32.6
    first = german["issues"][0]
    assert first == {
        "issue": "2021-02-05-newsletter",
        "title": "The XMPP Newsletter January 2021",
        "translated_title": "DE: The XMPP Newsletter January 2021",
        "source": "content/2021-02-05-newsletter.md",
        "catalog": "locales/de/LC_MESSAGES/2021-02-05-newsletter.po",
        "basis": "po",
        "entries": {"translated": 10, "fuzzy": 3, "untranslated": 118, "total": 131},
        "words": {"translated": 152, "fuzzy": 57, "untranslated": 2093, "total": 2302},
        "percent_translated": 7.6,
    }
    french = data["languages"][1]
    assert [issue["basis"] for issue in french["issues"]] == ["po", "pot", "source"]
    assert french["issues"][1]["catalog"] is None


def test_language_names_from_babel(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CORPUS / "2021-02-05-newsletter.md", content)
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\n')
    result = run(tmp_path, "stats", "--lang", "pt-BR", "--lang", "zh_Hant")
    assert result.exit_code == 0, result.output
    labels = [line.split("  ")[0] for line in result.stdout.splitlines()[1::2]]
    # the site's keys (Hugo's, lower case); the catalogs are under the gettext locales
    assert labels == ["Portuguese (Brazil) (pt-br)", "Chinese (Traditional) (zh-hant)"]


def test_bad_catalog_is_named_and_the_rest_counted(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "site"
    shutil.copytree(site, broken)
    po = broken / "locales/fr/LC_MESSAGES" / f"{ISSUES[0]}.po"
    po.write_text(po.read_text(encoding="utf-8") + '\nmsgid "unterminated\n', encoding="utf-8")
    result = run(broken, "stats", "--format", "json")
    assert result.exit_code == 1
    assert f"{ISSUES[0]}.po:" in result.stderr and "invalid PO file" in result.stderr
    data = json.loads(result.stdout)
    french = data["languages"][1]
    assert [issue["issue"] for issue in french["issues"]] == list(ISSUES[1:])
    assert len(data["languages"][0]["issues"]) == 3


def test_progress_bar_on_a_terminal(site: Path) -> None:
    """With stderr on a terminal the bar is drawn there; stdout still gets only the table."""
    controller, terminal = pty.openpty()
    try:
        completed = subprocess.run(
            [sys.executable, "-m", "i18n_pipeline", "stats"],
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=terminal,
            stdin=subprocess.DEVNULL,
            env={**os.environ, "COLUMNS": "100", "TERM": "xterm"},
            check=False,
        )
        os.close(terminal)
        terminal = -1
        drawn = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            drawn += chunk
    finally:
        if terminal != -1:
            os.close(terminal)
        os.close(controller)
    assert completed.returncode == 0
    assert completed.stdout.decode() == TABLE
    text = drawn.decode()
    assert "Reading catalogs" in text
    assert "3/3" in text or "100%" in text


def test_a_title_key_in_any_case_is_the_title(tmp_path: Path) -> None:
    """Hugo reads ``Title:`` as the title, and so does ``stats``: the entry's extracted
    comment is then ``front matter Title``."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "page.md").write_text("---\nTitle: Capital\n---\n\nText.\n")
    (content / "other.md").write_text("---\nTITLE: Loud\n---\n\nMore text.\n")
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    assert run(tmp_path, "update").exit_code == 0
    po = tmp_path / "locales/de/LC_MESSAGES/page.po"
    catalog = polib.pofile(str(po))
    catalog.find("Capital").msgstr = "Großbuchstabe"
    catalog.save()
    result = run(tmp_path, "stats", "--format", "json")
    assert result.exit_code == 0, result.output
    issues = json.loads(result.stdout)["languages"][0]["issues"]
    titles = {issue["issue"]: (issue["title"], issue["translated_title"]) for issue in issues}
    assert titles == {"other": ("Loud", None), "page": ("Capital", "Großbuchstabe")}
