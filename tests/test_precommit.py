"""The pre-commit hooks a site repository uses, checked as pre-commit itself reads them.

``.pre-commit-hooks.yaml`` is validated by pre-commit's own schema, every hook's entry must be
a command line our CLI accepts, and ``pre-commit run`` runs the extract hook in a small site
repository whose ``.pre-commit-config.yaml`` names a copy of this checkout: pre-commit clones
it and builds the hook's virtual environment with pip, exactly as it would from the published
repository (it needs the package index, nothing else).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from conftest import CORPUS
from i18n_pipeline.cli import main

ROOT = Path(__file__).parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
HOOKS: list[dict[str, Any]] = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
SCRIPTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
# Commands a hook names that another branch adds; the mark disappears once they exist.
ISSUE = "2021-02-05-newsletter"
PRE_COMMIT_TIMEOUT = 600  # seconds; installing the hook's environment needs the package index
# What a site puts in its .pre-commit-config.yaml (with the published URL and a tag).
SITE_CONFIG = """\
repos:
  - repo: {repo}
    rev: {rev}
    hooks:
      - id: i18n-pipeline-extract
"""
GIT_ENV = {
    "GIT_AUTHOR_NAME": "test",
    "GIT_AUTHOR_EMAIL": "test@example.org",
    "GIT_COMMITTER_NAME": "test",
    "GIT_COMMITTER_EMAIL": "test@example.org",
}


def _hook_params() -> list[Any]:
    params = []
    for hook in HOOKS:
        params.append(pytest.param(hook, id=hook["id"]))
    return params


def test_manifest_passes_pre_commit_validation() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_are_the_two_a_site_needs() -> None:
    assert [hook["id"] for hook in HOOKS] == ["i18n-pipeline-extract", "i18n-pipeline-check"]
    for hook in HOOKS:
        assert hook["language"] == "python"  # pre-commit installs this package for the hook
        assert hook["pass_filenames"] is False  # both look at the whole site
        assert shlex.split(hook["entry"])[0] in SCRIPTS


@pytest.mark.parametrize(
    ("path", "extract", "check"),
    [
        ("content/blog/newsletter/2021-02-05-newsletter.md", True, True),
        ("locales/templates/blog/newsletter/2021-02-05-newsletter.pot", True, True),
        ("locales/de/LC_MESSAGES/blog/newsletter/2021-02-05-newsletter.po", False, True),
        ("static/images/logo.png", False, False),
        ("config/_default/config.json", False, False),
    ],
)
def test_hooks_run_when_their_inputs_change(path: str, extract: bool, check: bool) -> None:
    files = {hook["id"]: re.compile(hook["files"]) for hook in HOOKS}
    assert bool(files["i18n-pipeline-extract"].search(path)) is extract
    assert bool(files["i18n-pipeline-check"].search(path)) is check


@pytest.mark.parametrize("hook", _hook_params())
def test_hook_entry_is_accepted_by_the_cli(hook: dict[str, Any]) -> None:
    _, *arguments = shlex.split(hook["entry"])
    result = CliRunner().invoke(main, [*arguments, "--help"])
    assert result.exit_code == 0, result.output


def _git(folder: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, env=_env(folder))


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, **GIT_ENV, "PRE_COMMIT_HOME": str(folder.parent / "pre-commit-home")}


def _hook_repository(folder: Path) -> Path:
    """This checkout's working tree as a repository of its own (pre-commit reads commits)."""
    folder.mkdir()
    for name in ["pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]:
        shutil.copy(ROOT / name, folder / name)
    shutil.copytree(ROOT / "i18n_pipeline", folder / "i18n_pipeline")
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-q", "-m", "hooks")
    return folder


def _pre_commit(site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=site,
        capture_output=True,
        text=True,
        timeout=PRE_COMMIT_TIMEOUT,
        env=_env(site),
        check=False,
    )


def test_extract_hook_in_a_site_repository(tmp_path: Path) -> None:
    hooks = _hook_repository(tmp_path / "hooks")
    revision = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=hooks, capture_output=True, text=True, check=True
    ).stdout.strip()
    site = tmp_path / "site"
    content = site / "content" / "blog" / "newsletter"
    content.mkdir(parents=True)
    shutil.copy(CORPUS / f"{ISSUE}.md", content)
    shutil.copy(ROOT / "i18n-pipeline.toml", site)
    (site / ".pre-commit-config.yaml").write_text(
        SITE_CONFIG.format(repo=hooks, rev=revision), encoding="utf-8"
    )
    _git(site, "init", "-q")
    _git(site, "add", "-A")
    _git(site, "commit", "-q", "-m", "an issue without its template")

    stale = _pre_commit(site)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert f"outdated  locales/templates/blog/newsletter/{ISSUE}.pot" in stale.stdout
    assert not (site / "locales").exists()  # --check writes nothing

    cwd = os.getcwd()
    os.chdir(site)
    try:
        assert CliRunner().invoke(main, ["extract"]).exit_code == 0
    finally:
        os.chdir(cwd)
    _git(site, "add", "-A")
    fresh = _pre_commit(site)
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr
    assert "Passed" in fresh.stdout
