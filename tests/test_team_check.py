"""``check`` for a team: filters by severity and check name, a count by check, and no msgfmt
header warnings on the catalogs ``update`` creates (issue 10)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, run
from i18n_pipeline.gate import Finding, Severity, count_by_check, select_findings

ISSUE = "2022-03-05-newsletter"
PO = f"locales/de/LC_MESSAGES/{ISSUE}.po"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """One issue with a German catalog: three entries fuzzy, one with a broken stand-in."""
    (tmp_path / "content").mkdir()
    shutil.copy(CORPUS / f"{ISSUE}.md", tmp_path / "content")
    (tmp_path / "i18n-pipeline.toml").write_text(
        'sources = ["content/*.md"]\nlanguages = ["de"]\n', encoding="utf-8"
    )
    assert run(tmp_path, "update", "--no-memory").exit_code == 0
    catalog = polib.pofile(str(tmp_path / PO))
    entries = [entry for entry in catalog if entry.msgid]
    for entry in entries[:3]:
        entry.msgstr = "Übersetzt: " + entry.msgid
        entry.flags.insert(0, "fuzzy")
    linked = next(entry for entry in entries[3:] if "](1)" in entry.msgid)
    linked.msgstr = linked.msgid.replace("](1)", "](9)")  # an unknown stand-in: an error
    catalog.save()
    return tmp_path


@pytest.mark.needs_gettext
def test_new_catalogs_have_no_msgfmt_header_warning(site: Path) -> None:
    catalog = polib.pofile(str(site / PO))
    assert catalog.metadata["Last-Translator"] == "Automatically generated"
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "GNU gettext's msgfmt is required"
    done = subprocess.run(
        [msgfmt, "--check", "-o", os.devnull, str(site / PO)], capture_output=True, text=True
    )
    assert done.returncode == 0 and "initial default value" not in done.stderr, done.stderr


@pytest.mark.needs_gettext
def test_header_warning_dropped_for_our_older_catalogs_only(site: Path) -> None:
    path = site / PO
    text = path.read_text(encoding="utf-8")
    old = text.replace("Automatically generated", "FULL NAME <EMAIL@ADDRESS>")
    path.write_text(old, encoding="utf-8")
    result = run(site, "check", "--only", "msgfmt")
    assert "initial default value" not in result.output
    path.write_text(old.replace('"Generated-By: i18n-pipeline', '"Generated-By: other'), "utf-8")
    result = run(site, "check", "--only", "msgfmt")
    assert "header field 'Last-Translator' still has the initial default value" in result.output


def test_only_fuzzy_lists_what_needs_a_review(site: Path) -> None:
    result = run(site, "check", "--only", "fuzzy")
    lines = [line for line in result.stdout.splitlines() if line]
    assert len(lines) == 3 and all("warning: [fuzzy]" in line for line in lines)
    assert result.exit_code == 0  # the error is not among what was asked for
    assert "by check: fuzzy 3" in result.stderr
    assert "0 error(s), 3 warning(s)" in result.stderr


def test_severity_error_and_skip(site: Path) -> None:
    everything = run(site, "check")
    assert everything.exit_code == 1
    errors = run(site, "check", "--severity", "error")
    assert errors.exit_code == 1
    assert errors.stdout and all(": error: [" in line for line in errors.stdout.splitlines())
    assert "standin-invented" in errors.stdout
    names = ("standin-invented", "standin-missing", "fuzzy")
    skipped = run(site, "check", *(f"--skip={name}" for name in names))
    assert not any(f"[{name}]" in skipped.stdout for name in names)
    assert "[unchanged]" in skipped.stdout  # the other checks still run
    assert skipped.exit_code == 0, skipped.output
    typo = run(site, "check", "--only", "fuzy")
    assert "note: no finding of the check 'fuzy' here" in typo.stderr


def test_json_counts_by_check(site: Path) -> None:
    result = run(site, "check", "--format", "json", "--only", "fuzzy", "--only", "standin-invented")
    report = json.loads(result.stdout)
    assert report["by_check"] == {"fuzzy": 3, "standin-invented": 1}
    assert (report["errors"], report["warnings"]) == (1, 3)
    assert result.exit_code == 1


def test_select_and_count_are_plain_functions() -> None:
    findings = [
        Finding(Severity.WARNING, "fuzzy", "m", "a.po", 3),
        Finding(Severity.ERROR, "code-changed", "m", "a.po", 5),
        Finding(Severity.WARNING, "fuzzy", "m", "b.po", 7),
        Finding(Severity.WARNING, "endpunc", "m", "b.po", 9),
    ]
    assert select_findings(findings, severity=Severity.ERROR) == [findings[1]]
    assert select_findings(findings, severity=Severity.WARNING) == findings
    assert select_findings(findings, skip=["fuzzy"]) == [findings[1], findings[3]]
    assert count_by_check(findings) == [("fuzzy", 2), ("code-changed", 1), ("endpunc", 1)]
