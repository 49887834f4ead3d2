"""Reading and writing files the safe way.

Reads decode strictly as UTF-8 and report the line of the first bad byte; writes go to a
temporary file in the target directory and are renamed into place, so an interrupted run
never leaves a half-written catalog or page behind.  Each write is flushed to disk, except
in a :func:`batched_sync` block, which flushes them all once at its end.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import PipelineError, SourceError

_sync_each_write = True


def defer_sync() -> None:
    """From now on (in this process), atomic writes leave ``fsync`` to :func:`batched_sync`."""
    global _sync_each_write
    _sync_each_write = False


@contextmanager
def batched_sync() -> Iterator[None]:
    """Write many files, then make them all durable with one ``sync``.

    An ``fsync`` per file costs more than writing a published page (5.7 ms against 0.4 ms
    measured here): for 5,000 pages, most of a run.  Inside this block writes are still
    atomic (temporary file, then rename); they reach the disk together at the end, as with
    git's ``core.fsyncMethod = batch``.  Worker processes call :func:`defer_sync`.
    """
    global _sync_each_write
    previous = _sync_each_write
    _sync_each_write = False
    try:
        yield
    finally:
        _sync_each_write = previous
        os.sync()


def read_bytes(path: str | os.PathLike[str]) -> bytes | None:
    """A file's bytes, or None if it does not exist or cannot be read (for digests)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def read_text(
    path: str | Path, error: type[PipelineError] = SourceError, data: bytes | None = None
) -> str:
    """Return the file's text exactly as stored (no newline translation).

    ``data``: the file's bytes, if the caller has read them already.
    """
    if data is None:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise error(f"cannot read file: {exc.strerror or exc}", path) from exc
    return decode_text(data, path, error)


def decode_text(data: bytes, path: str | Path, error: type[PipelineError] = SourceError) -> str:
    """Decode bytes already read (and hashed) from ``path`` the way :func:`read_text` does."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})", path, line
        ) from exc


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` (UTF-8, newlines untouched) to ``path`` atomically."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            if _sync_each_write:
                os.fsync(handle.fileno())
        if target.exists():
            os.chmod(tmp_name, target.stat().st_mode & 0o777)
        else:
            os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
