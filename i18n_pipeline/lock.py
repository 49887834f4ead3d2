"""One writer at a time per site: an advisory lock in ``.i18n-pipeline-cache/lock``.

Two ``merge``s of different contributions into one catalog, started together, each read
the catalog, merged their own contribution and replaced the file: the second rename threw
the first contribution away, and both said "taken".  Every command that writes catalogs,
templates or pages now takes this lock first; a second one waits for it (a bounded time,
``I18N_PIPELINE_LOCK_WAIT`` seconds, 60 by default) and then fails with a message naming
the holder: its process id, its command line and when it started.

``flock`` rather than a lock file that exists or not: the kernel releases it when the
holder's process ends, however it ends (``kill -9`` included), so a crashed run never
leaves a stale lock for a human to delete.  Worker processes inherit the open file, so the
lock is held until the last of them is gone.  It is advisory: editors and Weblate do not
take it; their saves are protected by the compare before each rename
(:func:`.fileio.write_text_atomic`).  Not on Windows, which has no ``fcntl``: there the
lock is skipped and only the compare protects.
"""

from __future__ import annotations

import json
import os
import shlex
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from .errors import LockError

LOCK_FILE = "lock"
WAIT_VARIABLE = "I18N_PIPELINE_LOCK_WAIT"
DEFAULT_WAIT = 60.0
_POLL = 0.05

try:
    import fcntl
except ImportError:  # pragma: no cover - not on Linux or macOS
    fcntl = None  # type: ignore[assignment]


def wait_limit() -> float:
    """Seconds to wait for another run's lock (``I18N_PIPELINE_LOCK_WAIT``, else 60)."""
    raw = os.environ.get(WAIT_VARIABLE, "")
    try:
        return max(0.0, float(raw)) if raw else DEFAULT_WAIT
    except ValueError:
        return DEFAULT_WAIT


class SiteLock:
    """The lock of the site whose cache folder is ``cache``; :meth:`acquire` once, then
    :meth:`release` (or let the process end)."""

    def __init__(self, cache: Path):
        self.path = cache / LOCK_FILE
        self._handle: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def acquire(
        self, wait: float | None = None, on_wait: Callable[[str], None] | None = None
    ) -> str | None:
        """Take the lock, waiting up to ``wait`` seconds; :class:`LockError` names the holder.

        ``on_wait(holder)`` is called once, with the holder's description, if it must wait.
        Returns why there is no lock to take (the cache folder cannot be written, or no
        ``fcntl``), or None: like the rest of the cache, a lock file that cannot be made is
        not an error, and the compare before each rename still protects every file.
        """
        if self._handle is not None:
            return None
        if fcntl is None:  # pragma: no cover - not on Linux or macOS
            return "no file locking on this system"
        limit = wait_limit() if wait is None else wait
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open
        except OSError as exc:
            return f"cannot make {self.path}: {exc.strerror or exc}"
        deadline = time.monotonic() + limit
        told = False
        while True:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = describe(self.path)
                if time.monotonic() >= deadline:
                    handle.close()
                    raise LockError(
                        f"another i18n-pipeline run is writing this site ({holder}); waited"
                        f" {limit:g} s (set {WAIT_VARIABLE} to wait longer)",
                        self.path,
                    ) from None
                if not told and on_wait is not None:
                    on_wait(holder)
                    told = True
                time.sleep(_POLL)
        handle.seek(0)
        handle.truncate()
        holder_info = {
            "pid": os.getpid(),
            "command": shlex.join(["i18n-pipeline", *sys.argv[1:]]),
            "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
        }
        handle.write(json.dumps(holder_info) + "\n")
        handle.flush()
        self._handle = handle
        return None

    def release(self) -> None:
        if self._handle is None:
            return
        handle, self._handle = self._handle, None
        try:
            handle.seek(0)
            handle.truncate()
        except OSError:
            pass
        handle.close()  # closing releases the flock


def describe(path: Path) -> str:
    """Who holds the lock at ``path``, as its holder wrote it (pid, command, start time)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return f"pid {data['pid']}, `{data['command']}`, started {data['started']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "holder unknown: it has not written its name yet"


__all__ = ["SiteLock", "describe", "wait_limit"]
