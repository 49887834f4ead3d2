"""The resident server (``i18n-pipeline server start``) and the launcher that forwards to it.

A run through the server must be the same program as a run without it: every case here runs
the real console script twice, once forwarded and once with ``I18N_PIPELINE_SERVER=off``, on
two copies of a site, and compares exit status, output and every file written.  Each test
gets its own ``XDG_RUNTIME_DIR`` (so its own server), and stops it at the end.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from conftest import DATA
from i18n_pipeline.launch import PROTOCOL, encode_fields

COMMAND = Path(sys.executable).parent / "i18n-pipeline"
SITE = DATA / "site-xmpp"


class Runner:
    """Runs the installed ``i18n-pipeline`` script with one runtime folder (one server)."""

    def __init__(self, runtime: Path):
        self.runtime = runtime

    def environment(self, server: bool, **extra: str) -> dict[str, str]:
        environment = dict(os.environ, XDG_RUNTIME_DIR=str(self.runtime), **extra)
        environment["I18N_PIPELINE_SERVER"] = "on" if server else "off"
        return environment

    def __call__(
        self, cwd: Path, *args: str, server: bool = True, umask: int | None = None, **extra: str
    ) -> subprocess.CompletedProcess[str]:
        def set_umask() -> None:
            if umask is not None:
                os.umask(umask)

        return subprocess.run(
            [str(COMMAND), *args],
            cwd=cwd,
            env=self.environment(server, **extra),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
            preexec_fn=set_umask,
        )

    def status_within(self, expected: int, tries: int) -> int:
        """``server status``'s exit status once it is ``expected``, asking every 0.1 s, at
        most ``tries`` times (a server starts and stops in the background)."""
        for _ in range(tries):
            status = self(self.runtime, "server", "status").returncode
            if status == expected:
                break
            time.sleep(0.1)
        return status

    def served(self) -> int:
        """How many commands the running server has forked a worker for."""
        status = self(self.runtime, "server", "status")
        assert status.returncode == 0, status.stdout + status.stderr
        return int(status.stdout.split("served=")[1].split()[0])


@pytest.fixture
def runner() -> Iterator[Runner]:
    assert "i18n_pipeline.launch" in COMMAND.read_text(encoding="utf-8"), (
        f"{COMMAND} predates the launcher: reinstall (make install)"
    )
    # A short path: a Unix socket's path is limited to about 100 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="i18n-srv-"))
    runtime.chmod(0o700)
    runner = Runner(runtime)
    try:
        yield runner
    finally:
        runner(runtime, "server", "stop")
        shutil.rmtree(runtime, ignore_errors=True)


def start(runner: Runner, *options: str) -> None:
    started = runner(runner.runtime, "server", "start", *options)
    assert started.returncode == 0, started.stderr
    assert started.stdout.startswith("server started: pid ")


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the lock and the cache's own bookkeeping."""
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and ".i18n-pipeline-cache" not in path.parts
    }


def translate_all(site: Path) -> None:
    """Fill every German msgstr with a marked copy of its msgid (as a translator would)."""
    for path in sorted((site / "locales").rglob("*.po")):
        if "/de/" not in f"/{path.relative_to(site)}/":
            continue
        catalog = polib.pofile(str(path))
        for entry in catalog:
            if not entry.msgid_plural:
                entry.msgstr = "DE " + entry.msgid
        catalog.save()


STEPS: list[tuple[str, ...]] = [
    ("extract",),
    ("extract", "--check"),
    ("update",),
    ("publish", "--lang", "de"),
    ("check", "--lang", "de"),
    ("stats",),
    ("extract", "content/no-such-page.md"),
    ("publish", "--lang", "xx"),
]


def test_forwarded_runs_match_runs_without_the_server(runner: Runner, tmp_path: Path) -> None:
    start(runner)
    sites = {True: tmp_path / "served", False: tmp_path / "alone"}
    for site in sites.values():
        shutil.copytree(SITE, site)
    before = runner.served()
    for step in STEPS:
        results = {server: runner(site, *step, server=server) for server, site in sites.items()}
        served, alone = results[True], results[False]
        assert (served.returncode, served.stdout, served.stderr) == (
            alone.returncode,
            alone.stdout,
            alone.stderr,
        ), step
        if step == ("update",):
            for site in sites.values():
                translate_all(site)
    assert files(sites[True]) == files(sites[False])
    assert any(name.endswith(".de.md") for name in files(sites[True]))  # publish wrote pages
    assert runner.served() == before + len(STEPS)  # every step really went through it


def test_each_run_takes_its_clients_environment_umask_and_folder(
    runner: Runner, tmp_path: Path
) -> None:
    start(runner)
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    for epoch, umask in (("1600000000", 0o077), ("1700000000", 0o022)):
        shutil.rmtree(site / "locales", ignore_errors=True)
        shutil.rmtree(site / ".i18n-pipeline-cache", ignore_errors=True)
        result = runner(site / "content", "extract", umask=umask, SOURCE_DATE_EPOCH=epoch)
        assert result.returncode == 0, result.stderr
        templates = sorted((site / "locales").rglob("*.pot"))
        assert templates
        for template in templates:
            year = "2020" if epoch == "1600000000" else "2023"
            assert f'"POT-Creation-Date: {year}-' in template.read_text(encoding="utf-8")
            assert template.stat().st_mode & 0o777 == 0o666 & ~umask


def test_parallel_jobs_run_inside_a_worker(runner: Runner, tmp_path: Path) -> None:
    start(runner)
    sites = {True: tmp_path / "served", False: tmp_path / "alone"}
    for server, site in sites.items():
        shutil.copytree(SITE, site)
        before = runner.served()
        result = runner(site, "extract", "--force", "-j", "2", server=server)
        assert result.returncode == 0, result.stderr
        assert runner.served() == before + server
    assert files(sites[True]) == files(sites[False])
    assert len([name for name in files(sites[True]) if name.endswith(".pot")]) > 10


def test_status_and_stop(runner: Runner) -> None:
    assert runner(runner.runtime, "server", "status").returncode == 1
    start(runner)
    again = runner(runner.runtime, "server", "start")
    assert again.returncode == 1 and "already runs" in again.stderr
    assert runner(runner.runtime, "server", "stop").stdout == "server stopped\n"
    assert runner(runner.runtime, "server", "stop").stdout == "no server running\n"
    assert runner(runner.runtime, "server", "status").stdout == "no server running\n"


def test_a_client_of_other_code_stops_the_server_and_runs_alone(runner: Runner) -> None:
    """A server whose code fingerprint differs (an upgrade since it started) must not
    answer: it says ``stale`` and exits, and the launcher runs the command itself."""
    start(runner)
    path = next((runner.runtime / "i18n-pipeline").glob("*.sock"))
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.connect(str(path))
        request = [PROTOCOL, b"run", b"00000000", b"/", b"18", *[b"utf-8", b"strict"] * 3]
        socket.send_fds(client, [encode_fields([*request, b"1", b"i18n-pipeline"])], [0, 1, 2])
        assert client.recv(100) == b"stale\n"
    assert runner.status_within(1, tries=50) == 1


def test_a_folder_others_can_enter_is_refused(runner: Runner, tmp_path: Path) -> None:
    folder = runner.runtime / "i18n-pipeline"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    started = runner(runner.runtime, "server", "start")
    assert started.returncode == 1
    assert f"{folder}: not a private folder" in started.stderr
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    assert runner(site, "extract").returncode == 0  # the command itself still runs


def test_an_idle_server_exits(runner: Runner) -> None:
    start(runner, "--idle-timeout", "1")
    assert runner.status_within(1, tries=60) == 1
    assert not list((runner.runtime / "i18n-pipeline").glob("*.sock"))


def test_ctrl_c_reaches_the_worker(runner: Runner, tmp_path: Path) -> None:
    """The terminal's SIGINT goes to the launcher; it must stop the command in the worker,
    which ends as an interrupted command does without the server (click's ``Aborted!``)."""
    start(runner)
    site = tmp_path / "docs"
    shutil.copytree(DATA / "hugo-docs", site / "content")
    (site / "i18n-pipeline.toml").write_text(
        'sources = ["content/**/*.md"]\nlocales = "locales"\nlanguages = ["de"]\n',
        encoding="utf-8",
    )
    before = runner.served()
    process = subprocess.Popen(
        [str(COMMAND), "extract", "-j", "1"],
        cwd=site,
        env=runner.environment(True),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)  # the whole extract takes several seconds
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert runner.served() == before + 1
    assert process.returncode == 1
    assert err.endswith("Aborted!\n")
    assert len(list((site / "locales").rglob("*.pot"))) < 900  # it stopped early


def test_warm_up_runs_the_stages_here_and_leaves_one_thread() -> None:
    """The warm-up must do the work in the server's own process (a process pool would take
    the parser and the patterns away with it), and leave no thread: the server forks per
    command, and a thread left running would be a lock held forever in every worker."""
    code = (
        "import sys, threading; from i18n_pipeline.server import warm_up; warm_up(); "
        "from i18n_pipeline import dialect; "
        "print(threading.active_count(), dialect.markdown.cache_info().currsize, "
        "'yaml' in sys.modules, 'i18n_pipeline.gate.fastpath' in sys.modules)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    threads, parsers, yaml_loaded, gate_loaded = completed.stdout.split()
    assert (threads, yaml_loaded, gate_loaded) == ("1", "True", "True")
    assert int(parsers) >= 1  # built here, by the warm-up's own extract


def test_the_launcher_loads_nothing_of_the_command() -> None:
    """What importing the launcher adds to an interpreter: no click, no pipeline module, not
    even pathlib (whatever the interpreter had loaded before does not count)."""
    code = (
        "import sys; before = set(sys.modules); import i18n_pipeline.launch; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    added = set(completed.stdout.split())
    assert "i18n_pipeline.launch" in added
    # The built-in halves of socket and signal, and zlib: not even typing, enum or pathlib.
    light = {"_socket", "_signal", "zlib", "i18n_pipeline", "i18n_pipeline.launch"}
    assert added <= light, added - light


def test_auto_starts_a_server_for_the_next_commands(runner: Runner, tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(SITE, site)
    environment = runner.environment(True)
    environment["I18N_PIPELINE_SERVER"] = "auto"
    first = subprocess.run(
        [str(COMMAND), "extract"], cwd=site, env=environment, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr  # ran on its own, while the server starts
    assert runner.status_within(0, tries=300) == 0
    before = runner.served()
    second = subprocess.run(
        [str(COMMAND), "extract", "--check"], cwd=site, env=environment, capture_output=True
    )
    assert second.returncode == 0
    assert runner.served() == before + 1
