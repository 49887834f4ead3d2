"""The Makefile offers the targets a site maintainer expects, and ``make help`` lists them."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
EXPECTED = {"demo", "test", "lint", "extract", "update", "publish", "check", "stats", "bench"}
EXPECTED |= {"clean", "help", "dist", "system-tools"}


def make(*args: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def listed_targets() -> dict[str, str]:
    result = make("help")
    assert result.returncode == 0, result.stderr
    rows = [line.split(None, 1) for line in result.stdout.splitlines() if line.strip()]
    return {row[0]: row[1] if len(row) > 1 else "" for row in rows}


def test_help_lists_every_expected_target_with_a_description() -> None:
    listed = listed_targets()
    assert set(listed) >= EXPECTED
    assert all(listed.values()), listed


def test_every_listed_target_is_a_rule() -> None:
    for target in listed_targets():
        # -n prints the commands without running them; an unknown target fails
        result = make("-n", target)
        assert result.returncode == 0, (target, result.stderr)


def test_make_test_installs_only_when_pyproject_changed(tmp_path: Path) -> None:
    """The stamp: a second `make test` runs the tests without pip; a changed pyproject.toml
    installs again."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    stamp = tmp_path / ".venv" / ".installed"
    stamp.parent.mkdir()
    stamp.touch()
    os.utime(tmp_path / "pyproject.toml", (1_000_000_000, 1_000_000_000))

    def planned() -> str:
        result = subprocess.run(
            ["make", "--no-print-directory", "-n", "-C", str(tmp_path), "test"],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        return result.stdout

    assert "pip install" not in planned()
    assert "-m pytest" in planned()
    os.utime(tmp_path / "pyproject.toml")  # now: newer than the stamp
    assert "pip install --quiet -e '.[test]'" in planned()
