"""Start-up: what a command loads before it does anything.

An editor integration or a pre-commit hook starts the command once per file, so its import
time is paid per file: ``--version`` and ``--help`` must load none of the heavy libraries,
and a one-file ``extract`` none of the parts only other commands use.  Each case runs in a
fresh interpreter and looks at ``sys.modules`` (not at a timing, which would be flaky).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS

#: Libraries that cost milliseconds each to import; none is needed to print a version or help.
HEAVY = (
    "markdown_it",
    "mdit_py_plugins",
    "linkify_it",
    "polib",
    "babel",
    "translate",
    "rapidfuzz",
    "yaml",
    "concurrent.futures.process",
)

RUN = """\
import json, sys
from i18n_pipeline.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""


def loaded(*args: str, cwd: Path | None = None) -> set[str]:
    """The modules loaded by running the command with ``args`` in a fresh interpreter."""
    completed = subprocess.run(
        [sys.executable, "-c", RUN, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    modules = json.loads(completed.stderr.splitlines()[-1])
    assert isinstance(modules, list)
    return set(modules)


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["extract", "--help"],
        ["update", "--help"],
        ["publish", "--help"],
        ["check", "--help"],
    ],
    ids=" ".join,
)
def test_version_and_help_load_nothing_heavy(args: list[str]) -> None:
    modules = loaded(*args)
    assert "i18n_pipeline.cli" in modules  # the check looked at the right process
    assert heavy(modules) == []


def test_one_file_extract_loads_only_what_extract_needs(tmp_path: Path) -> None:
    """No process pool for one file, no checks or gate, no Babel or translate-toolkit."""
    source = tmp_path / "issue.md"
    source.write_bytes((CORPUS / "2021-02-05-newsletter.md").read_bytes())
    modules = loaded("extract", str(source), "-o", str(tmp_path / "issue.pot"), cwd=tmp_path)
    assert (tmp_path / "issue.pot").exists()
    assert "markdown_it" in modules  # it did parse
    unneeded = (
        "concurrent.futures.process",
        "i18n_pipeline.gate",
        "i18n_pipeline.reassemble",
        "i18n_pipeline.pocheck",
        "i18n_pipeline.memory",
        "rapidfuzz",
        "babel",
        "translate",
    )
    assert sorted(m for m in unneeded if m in modules) == []


def _site(tmp_path: Path, page: str) -> Path:
    """A site with one German translation configured and ``page`` as its only source."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "issue.md").write_text(page, encoding="utf-8")
    (tmp_path / "i18n-pipeline.toml").write_text(
        'sources = ["content/*.md"]\nlocales = "locales"\nlanguages = ["de"]\n', encoding="utf-8"
    )
    return tmp_path / "content" / "issue.md"


def test_one_file_extract_in_a_site_loads_no_babel(tmp_path: Path) -> None:
    """A config naming languages (``de``) checks them from Babel's data files, not with Babel;
    git, msgfmt and the config's spelling hints are not run, so not imported."""
    source = _site(tmp_path, (CORPUS / "2021-02-05-newsletter.md").read_text(encoding="utf-8"))
    modules = loaded("extract", str(source), cwd=tmp_path)
    assert (tmp_path / "locales" / "templates" / "issue.pot").exists()
    unneeded = ("babel", "subprocess", "difflib", "i18n_pipeline.update")  # update: a merge
    assert sorted(m for m in unneeded if m in modules) == []


def test_one_file_publish_of_a_parsed_page_loads_no_markdown_parser(tmp_path: Path) -> None:
    """After ``extract`` kept the page's parse, ``publish`` of translations the gate's
    plain-text path accepts needs no parser: markdown-it-py and its plugins stay unloaded.
    A translation that only a parse can judge does load it (the gate still runs)."""
    import polib

    from i18n_pipeline.catalog import language_metadata, write_catalog

    source = _site(tmp_path, (CORPUS / "2021-02-05-newsletter.md").read_text(encoding="utf-8"))
    loaded("extract", str(source), cwd=tmp_path)
    catalog = polib.pofile(str(tmp_path / "locales" / "templates" / "issue.pot"))
    for entry in catalog:
        entry.msgstr = f"DE {entry.msgid}"
    catalog.metadata.update(language_metadata("de"))
    po = tmp_path / "locales" / "de" / "LC_MESSAGES" / "issue.po"
    po.parent.mkdir(parents=True)
    write_catalog(po, catalog)
    modules = loaded("publish", str(source), "--lang", "de", cwd=tmp_path)
    page = (tmp_path / "content" / "issue.de.md").read_text(encoding="utf-8")
    assert f"DE {catalog[1].msgid}" in page
    # the catalog, and the page's YAML front matter
    assert sorted({name.split(".")[0] for name in heavy(modules)}) == ["polib", "yaml"]
    assert "i18n_pipeline.poformat" not in modules  # the catalog writer: publish only reads
    assert "i18n_pipeline.parse" not in modules  # the parse extract kept serves
    assert "i18n_pipeline.titles" not in modules  # no permalink is made of a title here
    assert "i18n_pipeline.layout" not in modules  # the catalog is there: no flat leftover

    # a link target changed: only a parse tells whether the page may take it
    linked = next(entry for entry in catalog if "](" in entry.msgid)
    linked.msgstr = linked.msgstr.replace("](", "](x", 1)
    write_catalog(po, catalog)
    modules = loaded("publish", str(source), "--lang", "de", cwd=tmp_path)
    assert "markdown_it" in modules


def test_one_file_extract_of_a_toml_page_loads_no_yaml(tmp_path: Path) -> None:
    """PyYAML is for YAML front matter: a page whose front matter is TOML never loads it."""
    issue = (CORPUS / "2021-02-05-newsletter.md").read_text(encoding="utf-8")
    body = issue.split("\n---\n", 1)[1]  # the corpus's YAML front matter, replaced
    source = _site(tmp_path, f'+++\ntitle = "Newsletter, in TOML"\ndate = 2021-02-05\n+++\n{body}')
    modules = loaded("extract", str(source), cwd=tmp_path)
    template = (tmp_path / "locales" / "templates" / "issue.pot").read_text(encoding="utf-8")
    assert 'msgid "Newsletter, in TOML"' in template  # the front matter was read
    assert sorted(m for m in ("yaml", "babel") if m in modules) == []
