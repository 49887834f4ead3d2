"""A killed run: nothing torn, nothing lost, nothing left running, and the rerun recovers.

* Workers end with their parent: killing only the parent of ``update -j 2`` used to leave
  the workers writing files for a while and then hanging.
* Temporary files of ours left by a killed run are removed by the next run that holds the
  lock, and only those: a look-alike of someone else's is left alone.
* ``kill -9`` at a seeded sample of moments across ``import --all``, ``merge``,
  ``extract``, ``update`` (with ``-j 1`` and ``-j 2``) and ``publish``: a moment is "the
  n-th file write, plus 0 to 20 ms" (every write counts, state and cache files included),
  so the kills land before, inside and after renames, not only in the interpreter's
  start-up.  After each kill every catalog still parses and keeps every translation it
  had; rerunning the killed command, and the one after it (which must not be misled by
  what the killed run recorded), gives exactly the files an uninterrupted run gives.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, run
from i18n_pipeline import fileio
from i18n_pipeline.catalog import read_catalog

CONFIG = 'sources = ["content/*.md"]\nlanguages = ["de", "fr"]\n'
WITH_TRANSLATIONS = ["2022-03-05-newsletter", "2022-04-05-newsletter"]
PLAIN = "2021-02-05-newsletter"

# The command line, with a hook counting every file write (in the parent and in workers)
# and, at the TEST_KILL_AT-th one, SIGKILL to the parent after TEST_KILL_DELAY seconds.
DRIVER = textwrap.dedent(
    """
    import os, signal, sys, threading, time
    from i18n_pipeline import fileio
    from i18n_pipeline.cli import main
    parent = os.getpid()
    counter = os.environ["TEST_WRITES"]
    kill_at = int(os.environ.get("TEST_KILL_AT", "0"))
    delay = float(os.environ.get("TEST_KILL_DELAY", "0"))
    slow = float(os.environ.get("TEST_SLOW", "0"))
    def hook(path):
        fd = os.open(counter, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        os.write(fd, b"w\\n")
        number = os.lseek(fd, 0, os.SEEK_CUR) // 2
        os.close(fd)
        if number == kill_at:
            threading.Timer(delay, os.kill, (parent, signal.SIGKILL)).start()
        time.sleep(slow)
    fileio.before_replace = hook
    main(sys.argv[1:], prog_name="i18n-pipeline")
    """
)


def spawn(folder: Path, args: list[str], counter: Path, **env: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, *args],
        cwd=folder,
        env={**os.environ, "TEST_WRITES": str(counter), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def make_site(root: Path, issues: list[str]) -> Path:
    (root / "content").mkdir(parents=True)
    for issue in issues:
        for found in CORPUS.glob(f"{issue}*.md"):
            if found.name.count(".") == 1 or found.name.split(".")[-2] in ("de", "fr"):
                shutil.copy(found, root / "content" / found.name)
    (root / "i18n-pipeline.toml").write_text(CONFIG)
    return root


def files(site: Path) -> dict[str, bytes]:
    """The catalogs, templates and pages of a site (not the cache)."""
    found = {}
    for pattern in ("locales/**/*.po", "locales/**/*.pot", "content/*.md"):
        for path in site.glob(pattern):
            found[str(path.relative_to(site))] = path.read_bytes()
    return found


def kept_texts(path: Path) -> set[str]:
    """Every translation a catalog holds: msgstrs, active or obsolete, and translator comments
    (where ``merge`` keeps a replaced translation)."""
    catalog = polib.pofile(str(path))
    texts = {e.msgstr for e in catalog if e.msgstr}
    texts.update(line for e in catalog if e.tcomment for line in e.tcomment.split("\n"))
    return texts


def texts_in(site: Path) -> dict[str, set[str]]:
    return {str(p.relative_to(site)): kept_texts(p) for p in site.glob("locales/*/*/*.po")}


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def test_only_our_stale_temp_files_are_removed(tmp_path: Path) -> None:
    site = make_site(tmp_path, [PLAIN])
    assert run(site, "update", "-l", "de").exit_code == 0
    folder = site / "locales/de/LC_MESSAGES"
    ours = folder / f".{PLAIN}.po.ftezy9mj.i18n-pipeline.tmp"
    older = folder / f".{PLAIN}.po.ab_cd9mj.tmp"  # earlier versions' naming, beside its file
    theirs = [folder / ".other.po.ftezy9mj.tmp", folder / f".{PLAIN}.po.swp", folder / "x.tmp"]
    for path in (ours, older, *theirs):
        path.write_text("half a catalog")
    result = run(site, "publish", "-l", "de", "--min-complete", "0")
    assert result.exit_code == 0, result.output
    assert not ours.exists() and not older.exists()
    assert all(path.exists() for path in theirs)
    assert f"removed {ours.relative_to(site)}, left by an interrupted run" in result.stderr


def test_workers_end_with_their_parent(tmp_path: Path) -> None:
    site = make_site(tmp_path / "site", [PLAIN, *WITH_TRANSLATIONS, "2021-03-05-newsletter"])
    counter = tmp_path / "writes"
    process = spawn(site, ["update", "-j", "2"], counter, TEST_SLOW="0.3")
    deadline = time.monotonic() + 60
    while len(children(process.pid)) < 2 or not counter.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the workers never started writing"
        time.sleep(0.02)
    workers = children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
    deadline = time.monotonic() + 5
    try:
        while any(alive(pid) for pid in workers):
            assert time.monotonic() < deadline, "a worker outlived its parent"
            time.sleep(0.02)
    finally:  # a failed test leaves no worker behind
        for pid in workers:
            if alive(pid):
                os.kill(pid, signal.SIGKILL)
    before = files(site)
    time.sleep(0.5)
    assert files(site) == before  # nothing more was written
    assert run(site, "update", "-j", "1").exit_code == 0


STEPS: list[list[str]] = [
    ["import", "--all"],
    ["merge", "-l", "fr", "../contribution.po", f"content/{PLAIN}.md"],
    ["extract"],
    ["update"],
    ["publish", "--min-complete", "0"],
]
TAKES_JOBS = {"extract", "update", "publish"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path], list[int]]:
    """An uninterrupted run of the steps: the site before each step and after the last, and
    each step's writes."""
    base = tmp_path_factory.mktemp("reference")
    site = make_site(base / "site", [PLAIN, *WITH_TRANSLATIONS])
    scratch = make_site(base / "scratch", [PLAIN])
    assert run(scratch, "extract").exit_code == 0
    contribution = read_catalog(scratch / f"locales/templates/{PLAIN}.pot")
    for entry in list(contribution)[::2]:
        entry.msgstr = f"FR {entry.msgid}"
    contribution.metadata["Language"] = "fr"
    contribution.save(str(base / "contribution.po"))
    before: list[Path] = []
    writes: list[int] = []
    counted: list[Path] = []
    fileio.before_replace = counted.append
    try:
        for number, step in enumerate(STEPS):
            snapshot = base / f"before-{number}"
            shutil.copytree(site, snapshot, symlinks=True)
            before.append(snapshot)
            counted.clear()
            result = run(site, *step, *(["-j", "1"] if step[0] in TAKES_JOBS else []))
            assert result.exit_code == 0, result.output
            writes.append(len(counted))
    finally:
        fileio.before_replace = None
    shutil.copytree(site, base / "final", symlinks=True)
    before.append(base / "final")
    return base / "final", before, writes


def test_kill_9_at_seeded_moments(
    reference: tuple[Path, list[Path], list[int]], tmp_path: Path
) -> None:
    final, before, writes = reference
    assert all(count > 0 for count in writes), writes
    randomness = random.Random(9)
    # (step, -j): every step, update with both, extract's and publish's -j seeded
    extract_jobs, publish_jobs = randomness.choice((1, 2)), randomness.choice((1, 2))
    samples = [(0, 1), (1, 1), (2, extract_jobs), (3, 1), (3, 2), (4, publish_jobs)]
    samples *= int(os.environ.get("KILL_ROUNDS", "1"))  # more for a stress run: KILL_ROUNDS=5
    killed = 0
    site = final.parent / "site"  # where the reference ran: import notes the path it read
    for number, (k, jobs) in enumerate(samples):
        shutil.rmtree(site)
        shutil.copytree(before[k], site, symlinks=True)
        had = texts_in(site)
        step = [*STEPS[k], *(["-j", str(jobs)] if STEPS[k][0] in TAKES_JOBS else [])]
        moment = randomness.randint(1, writes[k])
        delay = randomness.choice((0.0, randomness.uniform(0.0, 0.02)))
        process = spawn(site, step, tmp_path / f"writes-{number}",
                        TEST_KILL_AT=str(moment), TEST_KILL_DELAY=str(delay))  # fmt: skip
        _, err = process.communicate(timeout=120)
        killed += process.returncode == -signal.SIGKILL
        where = f"{' '.join(step)}, killed at write {moment} + {delay * 1000:.0f} ms"
        assert process.returncode in (0, -signal.SIGKILL), (where, err)
        for path in site.glob("locales/**/*.po*"):
            read_catalog(path)  # not torn
        for catalog, texts in had.items():
            assert texts <= kept_texts(site / catalog), (where, catalog)  # nothing lost
        for later in STEPS[k : k + 2]:
            result = run(site, *later)
            assert result.exit_code == 0, (where, later, result.output)
        expected = files(before[min(k + 2, len(STEPS))])
        assert files(site) == expected, (where, _differences(files(site), expected))
        assert not [p for p in site.rglob("*.tmp") if p.is_file()], where
    print(f"killed {killed} of {len(samples)}")
    assert killed >= 0.8 * len(samples)  # the moments are inside the runs, not after them


def _differences(got: dict[str, bytes], expected: dict[str, bytes]) -> str:
    """A readable diff of the first differing file, for the failure message."""
    import difflib

    for name in sorted(set(got) | set(expected)):
        if got.get(name) != expected.get(name):
            lines = difflib.unified_diff(
                expected.get(name, b"").decode().splitlines(),
                got.get(name, b"").decode().splitlines(),
                "uninterrupted", "rerun", lineterm="", n=1,
            )  # fmt: skip
            return f"{name}:\n" + "\n".join(list(lines)[:40])
    return ""
