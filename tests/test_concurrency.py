"""Two writers at once: two ``merge``s, a ``merge`` or an ``update`` while a translator saves.

Before the site lock and the compare before each rename, 9 of 50 concurrent merges lost a
whole contribution and 8 of 50 saves landing during a merge were lost, all with exit 0
(issue 12's trials).

Two kinds of test:

* in-process and deterministic: :data:`i18n_pipeline.fileio.before_replace` runs the
  translator's save at the exact moment a command is about to replace the catalog it read,
  so the refusal is tested every time, not when a timing happens to fall right;
* in subprocesses, seeded: real processes, real ``flock``, and saves at seeded moments
  early in a run, inside its read-to-write window (the same hook holds the command there
  until the save is done, so a loaded machine cannot make the save miss it) and after its
  write.  Every run must keep the save, and a rerun must end with every translation.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, run
from i18n_pipeline import fileio
from i18n_pipeline.state import CACHE_DIR, SourceState, file_digest

ISSUE = "2021-02-05-newsletter.md"
PO = Path("locales/de/LC_MESSAGES/2021-02-05-newsletter.po")
CONFIG = 'sources = ["content/*.md"]\nlanguages = ["de"]\n'
SAVED = "GESPEICHERT"  # what the translator's save puts in one entry

# Runs the command line; with TEST_MARKER, just before replacing a catalog it makes that
# file and, with TEST_HOLD_UNTIL, waits there until the test makes that one.
DRIVER = textwrap.dedent(
    """
    import os, sys, time
    from i18n_pipeline import fileio
    from i18n_pipeline.cli import main
    marker = os.environ.get("TEST_MARKER")
    hold = os.environ.get("TEST_HOLD_UNTIL")
    def pause(path):
        if path.suffix == ".po":
            if marker:
                open(marker, "w").close()
            while hold and not os.path.exists(hold):
                time.sleep(0.02)
    if marker or hold:
        fileio.before_replace = pause
    main(sys.argv[1:], prog_name="i18n-pipeline")
    """
)


def spawn(
    folder: Path,
    *args: str,
    wait: float = 60,
    marker: Path | None = None,
    hold_until: Path | None = None,
) -> subprocess.Popen[str]:
    """The command line in a process of its own; with ``marker``, a file made when it is
    about to replace a catalog, where it then waits for the file ``hold_until``."""
    env = dict(os.environ)
    if marker is not None:
        env["TEST_MARKER"] = str(marker)
    if hold_until is not None:
        env["TEST_HOLD_UNTIL"] = str(hold_until)
    env["I18N_PIPELINE_LOCK_WAIT"] = str(wait)
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, *args],
        cwd=folder,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def translations(path: Path) -> dict[str, str]:
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)) if e.msgstr and not e.obsolete}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """One real issue with an empty German catalog, and two contributions for it."""
    (tmp_path / "content").mkdir()
    shutil.copy(CORPUS / ISSUE, tmp_path / "content" / ISSUE)
    (tmp_path / "i18n-pipeline.toml").write_text(CONFIG)
    assert run(tmp_path, "update", "--lang", "de").exit_code == 0
    catalog = polib.pofile(str(tmp_path / PO))
    msgids = [e.msgid for e in catalog if not e.obsolete]
    for name, half in (("a", msgids[1::2]), ("b", msgids[2::2])):
        contribution = polib.pofile(str(tmp_path / PO))
        for entry in contribution:
            if entry.msgid in half:
                entry.msgstr = f"{name.upper()}: {entry.msgid}"
        contribution.save(str(tmp_path / f"{name}.po"))
    return tmp_path


def contributed(site: Path, name: str) -> dict[str, str]:
    return translations(site / f"{name}.po")


def save_as_translator(site: Path, base: bytes, tag: str = SAVED) -> str:
    """Write ``base`` (the catalog as the translator's editor loaded it) with the first
    entry translated, the way editors save: a new file renamed over the old one."""
    catalog = polib.pofile(base.decode("utf-8"))
    entry = next(e for e in catalog if not e.obsolete and e.msgid)
    entry.msgstr = tag
    saving = site / PO.parent / ".editor-save"
    saving.write_text(catalog.__unicode__(), encoding="utf-8")
    os.replace(saving, site / PO)
    return str(entry.msgid)


@pytest.fixture
def hook() -> Iterator[list[Path]]:
    """Install a before-replace hook for one test (what it saw is recorded)."""
    seen: list[Path] = []
    yield seen
    fileio.before_replace = None


# --- deterministic, in-process --------------------------------------------------------------


def test_a_save_during_merge_is_kept_and_the_refusal_named(site: Path, hook: list[Path]) -> None:
    original = (site / PO).read_bytes()

    def save(path: Path) -> None:
        hook.append(path)
        if path.name.endswith(".po") and len(hook) == 1:
            save_as_translator(site, original)

    fileio.before_replace = save
    result = run(site, "merge", "--lang", "de", "a.po")
    assert result.exit_code == 1
    assert f"error: {PO}: changed on disk while this command was working on it" in result.stderr
    assert "run the command again to take the change in" in result.stderr
    kept = translations(site / PO)
    assert next(iter(kept.values())) == SAVED  # the save is what is on disk
    fileio.before_replace = None
    rerun = run(site, "merge", "--lang", "de", "a.po")
    assert rerun.exit_code == 0, rerun.output
    final = translations(site / PO)
    assert SAVED in final.values()
    assert contributed(site, "a").items() <= final.items()


def test_a_save_during_update_is_kept_and_merged_by_the_rerun(site: Path, hook: list[Path]) -> None:
    source = site / "content" / ISSUE
    source.write_text(source.read_text().replace("Welcome to the XMPP", "Welcome to our XMPP"))
    original = (site / PO).read_bytes()

    def save(path: Path) -> None:
        if path.name.endswith(".po") and not hook:
            hook.append(path)
            save_as_translator(site, original)

    fileio.before_replace = save
    result = run(site, "update", "--lang", "de")
    assert result.exit_code == 1
    assert f"{PO}: changed on disk while this command was working on it" in result.stderr
    assert SAVED in translations(site / PO).values()
    fileio.before_replace = None
    rerun = run(site, "update", "--lang", "de")
    assert rerun.exit_code == 0, rerun.output
    assert f"updated   {PO}" in rerun.stdout  # not "unchanged": the refused merge is redone
    catalog = polib.pofile(str(site / PO))
    assert SAVED in {e.msgstr for e in catalog}
    assert any(e.msgid.startswith("Welcome to our XMPP") for e in catalog)


def test_the_state_records_what_was_written_not_what_is_there_later(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A save landing right after update's rename must not be mistaken for update's output."""
    source = site / "content" / ISSUE
    source.write_text(source.read_text().replace("Welcome to the XMPP", "Welcome to our XMPP"))
    real_replace = os.replace
    written: list[bytes] = []

    def replace_then_save(src: str, dst: str | Path) -> None:
        real_replace(src, dst)
        if str(dst).endswith(".po") and not written:
            written.append(Path(dst).read_bytes())
            save_as_translator(site, written[0])

    monkeypatch.setattr(fileio.os, "replace", replace_then_save)
    assert run(site, "update", "--lang", "de", "--no-memory").exit_code == 0
    monkeypatch.setattr(fileio.os, "replace", real_replace)
    state = SourceState.load(site / CACHE_DIR, site / "content" / ISSUE)
    outputs = state.records[f"update:{site / PO}"].outputs
    assert outputs[str(site / PO)] == fileio.digest(written[0])
    assert outputs[str(site / PO)] != file_digest(site / PO)  # so the next run merges again


def test_a_catalog_created_meanwhile_is_not_replaced(site: Path, hook: list[Path]) -> None:
    """A translator drops a new catalog in while update was about to create it."""
    fr = site / "locales/fr/LC_MESSAGES/2021-02-05-newsletter.po"

    def create(path: Path) -> None:
        if path == fr and not hook:
            hook.append(path)
            fr.write_text((site / "a.po").read_text().replace("Language: de", "Language: fr"))

    fileio.before_replace = create
    result = run(site, "update", "--lang", "fr", "--no-memory")
    assert result.exit_code == 1
    assert "was created on disk while this command was working on it" in result.stderr
    assert "A: " in fr.read_text()


# --- real processes ---------------------------------------------------------------------------


def test_two_merges_at_once_both_land(site: Path, tmp_path: Path) -> None:
    """The second merge starts while the first holds the catalog it read: it waits."""
    reached, release = tmp_path / "reached", tmp_path / "release"
    first = spawn(site, "merge", "--lang", "de", "a.po", marker=reached, hold_until=release)
    _wait_for(reached, first)
    second_err = tmp_path / "second.err"
    with second_err.open("w") as err_file:
        second = subprocess.Popen(
            [sys.executable, "-c", DRIVER, "merge", "--lang", "de", "b.po"],
            cwd=site, stdout=subprocess.DEVNULL, stderr=err_file, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while "waiting for another run to finish" not in second_err.read_text():
            assert second.poll() is None and time.monotonic() < deadline, second_err.read_text()
            time.sleep(0.02)
        release.touch()
        _, err_a = first.communicate(timeout=60)
        second.wait(timeout=60)
    assert f"waiting for another run to finish: pid {first.pid}," in second_err.read_text()
    assert (first.returncode, second.returncode) == (0, 0), (err_a, second_err.read_text())
    final = translations(site / PO)
    assert contributed(site, "a").items() <= final.items()
    assert contributed(site, "b").items() <= final.items()


def test_a_held_lock_names_its_holder(site: Path, tmp_path: Path) -> None:
    reached, release = tmp_path / "reached", tmp_path / "release"
    holder = spawn(site, "merge", "--lang", "de", "a.po", marker=reached, hold_until=release)
    _wait_for(reached, holder)
    refused = spawn(site, "merge", "--lang", "de", "b.po", wait=0.2)
    _, err = refused.communicate(timeout=60)
    release.touch()
    holder.communicate(timeout=60)
    assert refused.returncode == 1
    assert "another i18n-pipeline run is writing this site" in err
    assert f"pid {holder.pid}" in err and "`i18n-pipeline merge --lang de a.po`" in err
    assert "started 20" in err and "waited 0.2 s" in err
    assert holder.returncode == 0
    assert contributed(site, "b").items().isdisjoint(translations(site / PO).items())


@pytest.mark.parametrize("command", ["merge", "update"])
def test_saves_at_seeded_moments_are_never_lost(site: Path, command: str) -> None:
    """A save early in the run, inside the read-to-write window, or after the write, each at
    a seeded moment: the save survives every time, the one inside the window is refused and
    named, and a rerun ends with every translation."""
    randomness = random.Random(12)
    args = ["merge", "--lang", "de", "a.po"] if command == "merge" else ["update", "-l", "de"]
    source = site / "content" / ISSUE
    marker = site / "reached-the-write"
    rounds = int(os.environ.get("RACE_ROUNDS", "3"))  # more for a stress run: RACE_ROUNDS=30
    phases = (["early", "window", "after"] * rounds)[:rounds]
    randomness.shuffle(phases)
    empty = (site / PO).read_bytes()
    for round_, phase in enumerate(phases):
        (site / PO).write_bytes(empty)  # so that the merge has something to write
        if command == "update":  # each round changes the source, so update rewrites the PO
            text = source.read_text()
            source.write_text(text.replace("Welcome to", f"Welcome {round_} to", 1))
        base = (site / PO).read_bytes()  # what the translator's editor loaded
        tag = f"{SAVED}-{round_}"
        marker.unlink(missing_ok=True)
        release = site / f"release-{round_}"
        process = spawn(site, *args, marker=marker, hold_until=release)
        if phase == "early":
            time.sleep(randomness.uniform(0.0, 0.2))
            save_as_translator(site, base, tag)
            release.touch()
        elif phase == "window":  # the command waits there until the save is done
            _wait_for(marker, process)
            time.sleep(randomness.uniform(0.0, 0.25))
            save_as_translator(site, base, tag)
            release.touch()
        else:
            release.touch()
            process.wait(timeout=60)
            save_as_translator(site, base, tag)
        _, err = process.communicate(timeout=60)
        assert tag in translations(site / PO).values(), (phase, err)  # the save was kept
        if phase == "window":
            assert process.returncode == 1
            assert f"{PO}: changed on disk" in err, err
        elif phase == "after":
            assert process.returncode == 0, err
        rerun = run(site, *args)
        assert rerun.exit_code == 0, rerun.output
        final = translations(site / PO)
        assert tag in final.values()
        if command == "merge":
            assert contributed(site, "a").items() <= final.items()


def _wait_for(path: Path, process: subprocess.Popen[str], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.01)


def test_no_lock_to_take_is_a_warning_not_an_error(site: Path) -> None:
    """Like the rest of the cache, a lock that cannot be made does not stop the work."""
    shutil.rmtree(site / CACHE_DIR)
    (site / CACHE_DIR).write_text("a file where the cache folder should be")
    result = run(site, "merge", "--lang", "de", "a.po")
    assert result.exit_code == 0, result.output
    assert "warning: running without the site's lock: cannot make" in result.stderr
    assert contributed(site, "a").items() <= translations(site / PO).items()
