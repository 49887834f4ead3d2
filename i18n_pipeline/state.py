"""What the last run wrote, so a run whose inputs have not changed can skip the work.

Each piece of work (the POT of one source, the PO files of one source, the page of one
source in one language) is recorded under a key with two things: a digest of everything
its result depends on (the bytes of the source and the PO file, the effective
configuration, the tool's own code) and the digest of each file it wrote.  The next run
skips the work only if both still match: a changed input, or an output deleted or edited by
hand, means the work is done again.  Hashing is done on bytes, not modification times,
because ``git checkout`` and copies change times without changing content (and sometimes the
reverse).

The state lives in ``.i18n-pipeline-cache/state/`` beside the configuration (like
``.ruff_cache``), one small file per source, which also holds the source's kept parse
(:mod:`.parsecache`): one file to read and one to write per source and job, not two.
Every new file costs the kernel more than writing its bytes (an inode; on ext4 without a
journal, a scan past the inodes freed in the last minutes), and a page of Hugo's docs
costs about as much to write as to parse.  The file is three lines: the digest of the
rest, the records (JSON), and the kept parse (JSON, or nothing); a file whose digest does
not match is not trusted at all.  Work that depends on many sources (the translation
memory of a language) keeps a stamp in ``stamps/``.  It is only an optimisation: a
missing, unreadable or corrupt file means that source is rebuilt, never an error.  Files
are written atomically, and only when a record or the kept parse changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import __version__
from .errors import WriteError
from .fileio import digest, read_bytes, write_text_atomic
from .launch import package_modules

CACHE_DIR = ".i18n-pipeline-cache"
STATE_DIR = "state"  # one file per source: its records and its kept parse
STAMP_DIR = "stamps"  # one per piece of work over many sources (a language's memory step)
SCHEMA = 2  # 2: a sealed file of three lines, the kept parse in the third


def file_digest(path: str | os.PathLike[str]) -> str | None:
    """The digest of a file's bytes, or None if it does not exist (or cannot be read)."""
    data = read_bytes(path)
    return None if data is None else digest(data)


@cache
def tool_fingerprint() -> str:
    """The version plus a digest of the package's code, subpackages included (the gate is
    one): a changed parser or check invalidates all."""
    # Every process pays this: plain strings, not pathlib's rglob, which cost more than
    # reading the files.  The order is rglob's (by path components).
    package = os.path.dirname(os.path.abspath(__file__))
    hasher = hashlib.sha256(__version__.encode())
    for module in package_modules(package):
        hasher.update(module.encode())
        with open(os.path.join(package, module), "rb") as handle:
            hasher.update(handle.read())
    return hasher.hexdigest()[:32]


def fingerprint(*parts: object) -> str:
    """One digest for the inputs of a piece of work (``repr`` of each part, tool included)."""
    hasher = hashlib.sha256(tool_fingerprint().encode())
    for part in parts:
        hasher.update(b"\0")
        hasher.update(_repr(part).encode("utf-8", "surrogatepass"))
    return hasher.hexdigest()[:32]


_REPRS: dict[int, tuple[object, str]] = {}


def _repr(part: object) -> str:
    """``repr(part)``, remembered for frozen dataclasses such as the Config: a run takes the
    fingerprint of thousands of pieces of work with the same one."""
    params = getattr(part, "__dataclass_params__", None)
    if params is None or not params.frozen:
        return repr(part)
    kept = _REPRS.get(id(part))
    if kept is not None and kept[0] is part:
        return kept[1]
    text = repr(part)
    if len(_REPRS) < 64:
        _REPRS[id(part)] = (part, text)
    return text


@dataclass(frozen=True)
class Record:
    """One piece of work as done last time, and what it reported then."""

    inputs: str
    outputs: dict[str, str | None]  # path → digest of what was written (None: must not exist)
    action: str
    detail: str = ""
    problems: tuple[str, ...] = ()
    untranslated: int | None = None  # a PO file's empty entries, for the memory step

    def is_fresh(self, inputs: str, seen: dict[str, str | None] | None = None) -> bool:
        """True if the inputs are the same and every output is still what was written.

        ``seen`` remembers digests already taken in this piece of work (the POT that every
        language's record of a source lists), so no file is read twice.
        """
        if inputs != self.inputs:
            return False
        seen = {} if seen is None else seen
        for path, value in self.outputs.items():
            if path not in seen:
                seen[path] = file_digest(path)
            if seen[path] != value:
                return False
        return True

    def to_json(self) -> dict[str, Any]:
        return {
            "inputs": self.inputs,
            "outputs": self.outputs,
            "action": self.action,
            "detail": self.detail,
            "problems": list(self.problems),
            "untranslated": self.untranslated,
        }

    @classmethod
    def from_json(cls, data: Any) -> Record | None:
        """The record in ``data``, or None if it is not one (a hand-edited or old file)."""
        if not isinstance(data, dict):
            return None
        inputs, outputs = data.get("inputs"), data.get("outputs")
        action, detail = data.get("action"), data.get("detail", "")
        problems = data.get("problems", [])
        if not (isinstance(inputs, str) and isinstance(action, str) and isinstance(detail, str)):
            return None
        if not isinstance(outputs, dict) or not all(
            isinstance(path, str) and (value is None or isinstance(value, str))
            for path, value in outputs.items()
        ):
            return None
        if not isinstance(problems, list) or not all(isinstance(p, str) for p in problems):
            return None
        untranslated = data.get("untranslated")
        if untranslated is not None and not isinstance(untranslated, int):
            return None
        return cls(inputs, dict(outputs), action, detail, tuple(problems), untranslated)


@dataclass
class SourceState:
    """The records of one source, and its kept parse, in a file of its own.

    One file per source, not one for the archive: the worker busy with a source reads and
    writes only that source's records, so no process ever holds the whole archive's state
    (memory stays flat with the number of issues) and no two processes write the same file.
    """

    path: Path | None
    records: dict[str, Record] = field(default_factory=dict)
    discarded: bool = False  # the file existed but could not be used
    changed: bool = False
    forced: bool = False  # ``--force``: previous records are not trusted, only replaced
    # The kept parse as :mod:`.parsecache` wrote it (one line of JSON), "" for none.  Opaque
    # here: only ``parsecache`` reads it, so a record change rewrites it without decoding.
    kept: str = ""

    @classmethod
    def load(cls, cache: Path | None, source: Path) -> SourceState:
        """Read the state of ``source``; anything wrong with it means starting from nothing.

        A file whose first line is not the digest of the rest (cut short, a changed letter,
        written by another version) is not trusted in any part: no record, no kept parse.
        """
        if cache is None:
            return cls(None)
        path = state_path(cache, source)
        try:
            seal, _, body = path.read_bytes().partition(b"\n")
        except FileNotFoundError:
            return cls(path)
        except OSError:
            return cls(path, discarded=True)
        if seal != digest(body).encode():
            return cls(path, discarded=True)
        line, _, kept = body.partition(b"\n")
        try:
            data = json.loads(line)
            text = kept.decode("utf-8")
        except ValueError:  # UnicodeDecodeError included
            return cls(path, discarded=True)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return cls(path, discarded=True)
        raw = data.get("records")
        if not isinstance(raw, dict):
            return cls(path, discarded=True)
        records = {}
        for key, value in raw.items():
            record = Record.from_json(value)
            if record is not None:
                records[key] = record
        return cls(path, records, discarded=len(records) != len(raw), kept=text)

    def get(self, key: str) -> Record | None:
        return None if self.forced else self.records.get(key)

    def put(self, key: str, record: Record) -> None:
        if self.records.get(key) != record:
            self.records[key] = record
            self.changed = True

    def keep(self, kept: str) -> None:
        """Hold ``kept`` (one line, from :mod:`.parsecache`) as this source's kept parse."""
        if "\n" in kept:
            raise ValueError("a kept parse is one line")
        if kept != self.kept:
            self.kept = kept
            self.changed = True

    def save(self, source: Path) -> None:
        """Write the records and the kept parse if they changed (or the file was unusable).

        A state that cannot be written (a file where the folder should be, no permission)
        is given up silently: it only costs the next run the work it would have skipped.
        """
        if self.path is None or not (self.changed or self.discarded):
            return
        # Compact: without ``indent`` the json module uses its C encoder, three times faster
        # (a file per source, written by every job that changed a record).  No newline in
        # it: JSON escapes those inside strings.
        data = {
            "schema": SCHEMA,
            "source": str(source),
            "records": {key: self.records[key].to_json() for key in sorted(self.records)},
        }
        try:
            body = json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n" + self.kept
            seal = digest(body.encode("utf-8"))
            write_text_atomic(self.path, f"{seal}\n{body}")
            ignore = self.path.parent.parent / ".gitignore"
            if not ignore.exists():
                write_text_atomic(ignore, "# written by i18n-pipeline: a cache, not for git\n*\n")
        except (OSError, ValueError, WriteError):
            return
        self.changed = self.discarded = False


def state_path(cache: Path, source: Path) -> Path:
    """The file of ``source``'s state (and kept parse) in ``cache``: one per absolute path.

    Not the resolved path: ``resolve`` takes an ``lstat`` per folder of the path, for every
    source of every run.  A source named once through a symbolic link and once not gets a
    file of its own (a miss); records and kept parse are checked against the source's
    bytes anyway, so a file shared by two names could only be a miss too.
    """
    return cache / STATE_DIR / f"{digest(os.path.abspath(source).encode())}.json"


def cache_dir(root: Path) -> Path:
    return root / CACHE_DIR


def _stamp_path(cache: Path, name: str) -> Path:
    return cache / STAMP_DIR / f"{digest(name.encode())}.json"


def load_stamp(cache: Path | None, name: str) -> str | None:
    """The stamp saved under ``name`` (what a run that covers many sources depended on)."""
    if cache is None:
        return None
    try:
        data = json.loads(_stamp_path(cache, name).read_bytes())
    except (OSError, ValueError):
        return None
    stamp = data.get("stamp") if isinstance(data, dict) else None
    return stamp if isinstance(stamp, str) else None


def save_stamp(cache: Path | None, name: str, stamp: str) -> None:
    """Save a stamp; like the records, a cache that cannot be written is given up."""
    if cache is None or load_stamp(cache, name) == stamp:
        return
    try:
        text = json.dumps({"schema": SCHEMA, "name": name, "stamp": stamp}) + "\n"
        write_text_atomic(_stamp_path(cache, name), text)
    except (OSError, WriteError):
        return


__all__ = [
    "Record",
    "SourceState",
    "cache_dir",
    "digest",
    "file_digest",
    "fingerprint",
    "load_stamp",
    "save_stamp",
    "state_path",
]
