"""``make test`` installs GNU gettext and Chromium when they are missing (``.ci/system-tools``).

The script runs here with a PATH that holds only stand-ins for ``id``, ``apt-get`` and ``sudo``
(shell scripts that record how they were called), so every branch is exercised without
touching the machine: as root, with sudo, with neither, nothing missing, a failed install.
That the real ``apt-get`` really installs Chromium this way was checked by hand on Debian 12
(see CONTRIBUTING.md); the markers in conftest.py then fail any test whose program is absent.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
SCRIPT = ROOT / ".ci" / "system-tools"
SH = shutil.which("sh") or "/bin/sh"
CHMOD = shutil.which("chmod") or "/bin/chmod"
EVERYTHING = "gettext chromium fonts-dejavu-core"


def _program(folder: Path, name: str, body: str) -> None:
    path = folder / name
    path.write_text(f"#!{SH}\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


class Machine:
    """A PATH of stand-ins; ``apt-get install`` "installs" by creating the programs."""

    def __init__(self, folder: Path, *, uid: int = 0, sudo: bool = False, fail: bool = False):
        self.bin = folder / "bin"
        self.bin.mkdir(parents=True)
        self.log = folder / "calls.log"
        _program(self.bin, "id", f'[ "$1" = -u ] && echo {uid}')
        installs = "" if fail else f'for p in msgfmt msgcat chromium; do : > "{self.bin}/$p"; '
        installs += "" if fail else f'{CHMOD} +x "{self.bin}/$p"; done'
        _program(
            self.bin,
            "apt-get",
            f'echo "apt-get $* DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-}}" >> "{self.log}"\n'
            f'case "$1" in install) {installs or ":"} ;; esac\n'
            + ("exit 100" if fail else "exit 0"),
        )
        if sudo:
            _program(self.bin, "sudo", f'echo "sudo" >> "{self.log}"; exec "$@"')

    def has(self, *names: str) -> Machine:
        for name in names:
            _program(self.bin, name, "exit 0")
        return self

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [SH, str(SCRIPT), *args],
            env={"PATH": str(self.bin)},
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


def test_as_root_installs_what_is_missing(tmp_path: Path) -> None:
    machine = Machine(tmp_path)
    result = machine.run()
    assert result.returncode == 0, result.stderr
    assert machine.calls() == [
        "apt-get update -qq DEBIAN_FRONTEND=noninteractive",
        f"apt-get install -y -qq --no-install-recommends {EVERYTHING} "
        "DEBIAN_FRONTEND=noninteractive",
    ]
    assert f"running: apt-get install -y -qq --no-install-recommends {EVERYTHING}" in result.stderr


def test_only_the_missing_packages(tmp_path: Path) -> None:
    machine = Machine(tmp_path).has("chromium")
    assert machine.run().returncode == 0
    assert machine.calls()[-1].startswith("apt-get install -y -qq --no-install-recommends gettext ")
    machine = Machine(tmp_path / "other").has("msgfmt", "msgcat", "chromium-browser")
    assert machine.run().returncode == 0
    assert machine.calls() == []


def test_nothing_missing_is_silent(tmp_path: Path) -> None:
    machine = Machine(tmp_path).has("msgfmt", "msgcat", "chromium")
    result = machine.run()
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")
    assert machine.calls() == []


def test_dry_run_with_the_tools_missing_changes_nothing(tmp_path: Path) -> None:
    machine = Machine(tmp_path)
    result = machine.run("--dry-run")
    assert result.returncode == 0
    assert machine.calls() == []
    assert result.stderr.splitlines() == [
        f"The tests need Debian packages that are not installed: {EVERYTHING}",
        "would run: DEBIAN_FRONTEND=noninteractive apt-get update -qq",
        "would run: DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
        f"--no-install-recommends {EVERYTHING}",
    ]


def test_not_root_uses_sudo(tmp_path: Path) -> None:
    machine = Machine(tmp_path, uid=1000, sudo=True)
    assert "would run: DEBIAN_FRONTEND=noninteractive sudo apt-get update" in (
        machine.run("--dry-run").stderr
    )
    assert machine.run().returncode == 0
    assert machine.calls()[0] == "sudo"
    assert machine.calls()[-1].startswith(
        f"apt-get install -y -qq --no-install-recommends {EVERYTHING}"
    )


def test_neither_root_nor_sudo_stops_with_the_command(tmp_path: Path) -> None:
    machine = Machine(tmp_path, uid=1000)
    result = machine.run()
    assert result.returncode == 1
    assert machine.calls() == []
    assert (
        f"    apt-get update && apt-get install -y --no-install-recommends {EVERYTHING}"
        in result.stderr.splitlines()
    )


def test_a_failed_install_fails(tmp_path: Path) -> None:
    machine = Machine(tmp_path, fail=True)
    result = machine.run()
    assert result.returncode == 1
    assert "Installing failed. Run it yourself, then make test again:" in result.stderr


def test_make_test_runs_it_before_pytest() -> None:
    if shutil.which("make") is None:
        pytest.fail("make is not installed")
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-C", str(ROOT), "test"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = result.stdout.splitlines()
    tools = next(n for n, line in enumerate(lines) if line.startswith("sh .ci/system-tools"))
    assert any("-m pytest" in line for line in lines[tools + 1 :]), lines


def test_make_dry_run_with_a_path_lacking_the_tools(tmp_path: Path) -> None:
    """The Makefile's step itself, as a fresh machine runs it, changing nothing."""
    make = shutil.which("make")
    if make is None:
        pytest.fail("make is not installed")
    machine = Machine(tmp_path).has()
    (machine.bin / "sh").symlink_to(SH)
    result = subprocess.run(
        [make, "--no-print-directory", "-C", str(ROOT), "system-tools", "DRY_RUN=1"],
        env={"PATH": str(machine.bin)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert machine.calls() == []
    assert (
        "would run: DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
        f"--no-install-recommends {EVERYTHING}" in result.stderr
    )
