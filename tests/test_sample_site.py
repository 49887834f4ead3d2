"""The sample site shipped in the repository is consistent: what `make demo` runs on.

Runs on a copy, so the test never writes into the working tree.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from conftest import DATA
from i18n_pipeline.cli import main

ROOT = Path(__file__).parent.parent


def test_sample_site_catalogs_are_current_and_publish(tmp_path: Path) -> None:
    for name in ("content", "locales"):
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("*.*.md"))
    shutil.copy(ROOT / "i18n-pipeline.toml", tmp_path)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        runner = CliRunner()
        check = runner.invoke(main, ["extract", "--check"])
        assert check.exit_code == 0, check.output
        assert "outdated" not in check.output
        published = runner.invoke(main, ["publish"])
        assert published.exit_code == 0, published.output
    finally:
        os.chdir(cwd)
    newsletter = tmp_path / "content" / "blog" / "newsletter"
    for language in ("de", "fr"):
        page = newsletter / f"2021-02-05-newsletter.{language}.md"
        golden = DATA / "golden" / f"2021-02-05-newsletter.{language}.md"
        assert page.read_bytes() == golden.read_bytes()
