"""Reading and writing files the safe way.

Reads decode strictly as UTF-8 and report the line of the first bad byte; writes go to a
temporary file in the target directory and are renamed into place, so an interrupted run
never leaves a half-written catalog or page behind.  Each write is flushed to disk, except
in a :func:`batched_sync` block, which flushes them all once at its end.

A write may also be told what the file was when the command read it (``expect``, the
digest of its bytes, or None for "absent"): just before the rename the file is read again,
and if it changed in between (a translator saved it in Poedit, Weblate committed) the
write is refused with :class:`.errors.ChangedError` and the other program's save stays.
Digests rather than size, modification time and inode: a save within the file system's
time granularity, or one that writes in place (same inode, same size), would pass those,
and reading a catalog again costs well under a millisecond.  Editors do not take our lock,
so this compare is what protects their saves; what it cannot close is the gap between the
compare and the rename (two system calls, microseconds), where a save would be lost.

Every file-system failure becomes a :class:`.errors.PipelineError` naming the file: a
read-only file (no write bit, refused even for root, as ``msgmerge --update`` refuses it),
a folder where a file should be, a file where a folder should be, a full disk.  A symbolic
link is written through (its target is replaced, the link kept); a dangling one is refused.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import CatalogError, ChangedError, PipelineError, SourceError, WriteError

_sync_each_write = True

TEMP_SUFFIX = ".i18n-pipeline.tmp"
# ``.<name>.<8 characters of mkstemp>.i18n-pipeline.tmp``: the only files cleaning may remove,
# and those of earlier versions, ``.<name>.<8 characters>.tmp``, when ``<name>`` is beside them.
_TEMP_NAME = re.compile(r"\..+\.[a-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
_OLD_TEMP_NAME = re.compile(r"\.(.+\.(?:po|pot|md|json))\.[a-z0-9_]{8}\.tmp")

# Called with the target just before the compare-and-rename: tests put a translator's save
# exactly there.  Never set by the tool itself.
before_replace: Callable[[Path], None] | None = None


class Unchecked:
    """The ``expect`` of a write that is not compared (our own cache files, under the lock)."""


UNCHECKED = Unchecked()


def digest(data: bytes) -> str:
    """A content digest: SHA-256, whose hardware instructions (and OpenSSL) make it 2-3x
    faster here than BLAKE2, cut to 128 bits (a cache key, not a signature)."""
    return hashlib.sha256(data).hexdigest()[:32]


def digest_of(data: bytes | None) -> str | None:
    """:func:`digest`, with None (the file did not exist) passed through."""
    return None if data is None else digest(data)


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


def shown(path: str | Path) -> str:
    """A path as the user typed it: relative to the working directory when below it.

    Plain string work, not pathlib's: a run over an archive prints thousands of these.
    """
    text = str(path)
    if os.path.isabs(text):
        here = os.getcwd().rstrip(os.sep)
        if text.startswith(here + os.sep):
            return text[len(here) + 1 :]
        if text == here:
            return "."
    return text


def read_bytes(path: str | os.PathLike[str]) -> bytes | None:
    """A file's bytes, or None if it does not exist or cannot be read (for digests)."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


def read_existing(path: str | Path, error: type[PipelineError] = CatalogError) -> bytes | None:
    """The bytes of a file a command will replace, or None if there is none yet.

    Only a file that truly does not exist is None: a dangling link, a folder, a file where
    a folder should be or an unreadable file is an error, because taking any of them for
    "no catalog yet" would write a fresh one over a translator's work.
    """
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        if os.path.islink(path):
            raise error(_dangling(path), path) from None
        return None
    except NotADirectoryError:
        raise error(_blocked(Path(path)), path) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path) from None
    except OSError as exc:
        raise error(f"cannot read file: {exc.strerror or exc}", path) from exc


def read_text(
    path: str | Path, error: type[PipelineError] = SourceError, data: bytes | None = None
) -> str:
    """Return the file's text exactly as stored (no newline translation).

    ``data``: the file's bytes, if the caller has read them already.
    """
    if data is None:
        try:
            data = Path(path).read_bytes()
        except IsADirectoryError:
            raise error("is a folder, not a file", path) from None
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


def _dangling(path: str | Path) -> str:
    return (
        f"is a symbolic link to {os.readlink(path)}, which does not exist; not used, as a"
        " fresh file there would hide the one it should point to"
    )


def _blocked(path: Path) -> str:
    """Why the folder of ``path`` cannot hold it: the first ancestor that is not a folder."""
    for ancestor in reversed(path.parents):
        if ancestor.exists() and not ancestor.is_dir():
            return f"cannot be a file: {ancestor} is a file, not a folder"
    return "cannot be a file: one of its folders is not a folder"


def _refusal(path: Path, status: os.stat_result) -> str | None:
    """Why an existing ``path`` must not be replaced, or None.

    The write bits are checked explicitly, not through ``os.access`` alone, which says
    yes to root whatever the mode: a file made read-only says "leave me alone" to every
    tool, and replacing it by a rename would succeed even for an ordinary user.
    """
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    if mode & 0o222 == 0:
        return (
            f"is read-only (mode {stat.S_IMODE(mode):04o}); not written, as msgmerge --update"
            " would not write it (make it writable to let i18n-pipeline update it)"
        )
    if not os.access(path, os.W_OK):
        if os.statvfs(path).f_flag & os.ST_RDONLY:
            return "cannot write: Read-only file system"
        return "is not writable for this user; not written"
    return None


def write_text_atomic(
    path: str | Path, text: str, *, expect: str | Unchecked | None = UNCHECKED
) -> str:
    """Write ``text`` (UTF-8, newlines untouched) to ``path`` atomically; return its digest.

    ``expect``: the digest of the file as the command read it (None: it did not exist);
    if the file is something else just before the rename, nothing is written and
    :class:`ChangedError` is raised.  Any file-system failure is a :class:`WriteError`.
    """
    shown = Path(path)
    target = shown
    data = text.encode("utf-8")
    # One lstat says whether the path is a link and, if it is not, all a stat would say:
    # every page, template and cache file a run writes goes through here.
    status = _status(shown, os.lstat)
    if status is not None and stat.S_ISLNK(status.st_mode):
        if not shown.exists():
            raise WriteError(_dangling(shown), shown)
        target = Path(os.path.realpath(shown))  # write through: the link stays a link
        status = _status(target, os.stat, shown)
    if status is not None:
        refusal = _refusal(target, status)
        if refusal is not None:
            raise WriteError(refusal, shown)
    elif not os.path.isdir(target.parent):  # a file that exists has its folder
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise WriteError(_blocked(shown), shown) from None
        except OSError as exc:
            raise WriteError(f"cannot create its folder: {exc.strerror or exc}", shown) from exc
    tmp_name = ""
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent
        )
        try:
            _write_all(fd, data)
            if _sync_each_write:
                os.fsync(fd)
        finally:
            os.close(fd)
        _copy_owner_and_mode(tmp_name, status)
        if before_replace is not None:
            before_replace(shown)
        if not isinstance(expect, Unchecked):
            _compare(target, shown, expect)
        os.replace(tmp_name, target)
    except PipelineError:
        _remove(tmp_name)
        raise
    except OSError as exc:
        _remove(tmp_name)
        raise WriteError(f"cannot write: {exc.strerror or exc}", shown) from exc
    except BaseException:
        _remove(tmp_name)
        raise
    return digest(data)


def _status(
    path: Path, call: Callable[[Path], os.stat_result], shown: Path | None = None
) -> os.stat_result | None:
    """``call(path)`` (``os.stat`` or ``os.lstat``), None if there is no such file; a file
    where a folder should be, or any other failure, is the :class:`WriteError` of ``shown``."""
    shown = shown or path
    try:
        return call(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        raise WriteError(_blocked(shown), shown) from None
    except OSError as exc:
        raise WriteError(f"cannot write: {exc.strerror or exc}", shown) from exc


def _write_all(fd: int, data: bytes) -> None:
    """Write all of ``data`` to ``fd`` (``os.write`` may write less than it is given)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def _copy_owner_and_mode(tmp_name: str, status: os.stat_result | None) -> None:
    """The replacement keeps the replaced file's mode (and owner, where allowed); a new file
    gets the mode ``open`` would give it (``mkstemp`` makes it 0600): 0666 less the umask."""
    if status is None:
        umask = os.umask(0o022)  # reading the umask means setting it; set it straight back
        os.umask(umask)
        os.chmod(tmp_name, 0o666 & ~umask)
        return
    os.chmod(tmp_name, stat.S_IMODE(status.st_mode))
    if (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
        # only root may give a file away; the mode is what matters for access
        with contextlib.suppress(OSError):
            os.chown(tmp_name, status.st_uid, status.st_gid)


def _compare(target: Path, shown: Path, expect: str | None) -> None:
    try:
        with open(target, "rb") as handle:
            now = digest(handle.read())
    except FileNotFoundError:
        now = None
    if now != expect:
        what = "was created" if expect is None else ("was removed" if now is None else "changed")
        raise ChangedError(
            f"{what} on disk while this command was working on it (another program saved"
            " it?); left as it is, not written: run the command again to take the change in",
            shown,
        )


def _remove(tmp_name: str) -> None:
    if tmp_name:
        Path(tmp_name).unlink(missing_ok=True)


def is_our_temp(name: str) -> bool:
    """Whether a file name is one :func:`write_text_atomic` gives its temporary files."""
    return _TEMP_NAME.fullmatch(name) is not None


def remove_stale_temps(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary files of ours that a killed run left in ``folders`` (not below).

    Only names made by :func:`write_text_atomic` are touched, and only regular files.
    The caller must hold the site's lock: then no run of ours is writing there.
    """
    removed = []
    for folder in folders:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        names = {entry.name for entry in entries}
        for entry in entries:
            old = _OLD_TEMP_NAME.fullmatch(entry.name)
            ours = is_our_temp(entry.name) or (old is not None and old.group(1) in names)
            if ours and entry.is_file(follow_symlinks=False):
                try:
                    os.unlink(entry.path)
                except OSError:
                    continue
                removed.append(Path(entry.path))
    return removed
