"""Running a command over a whole archive: one job per source, across processes, incremental.

A job reads its source once, hashes it, and asks the source's :class:`~.state.SourceState`
whether anything it would write could differ from last time; if not, it reports what was
reported then and does nothing else.  Otherwise it parses the source once and the same
:class:`Document` serves every language.  Jobs return a :class:`Result` (outcomes, or the
error as text) instead of printing, so they can run in worker processes: :func:`run`
spreads them over a ``ProcessPoolExecutor`` and hands results back in source order, so the
output is the same whatever ``-j`` is.  A worker holds one source's data (and state) at a
time.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import fileio, parsecache, project
from .config import Config
from .document import Document
from .errors import PipelineError, SourceError
from .project import Outcome
from .state import (
    Record,
    SourceState,
    digest,
    file_digest,
    fingerprint,
    load_stamp,
    save_stamp,
)


@dataclass(frozen=True)
class Incremental:
    """Where the state is kept (None: not used), and whether to trust or to write it."""

    cache: Path | None = None
    force: bool = False  # redo everything, but still record it
    save: bool = True  # False for ``--check``, which writes nothing

    def load(self, source: Path) -> SourceState:
        state = SourceState.load(self.cache, source)
        state.forced = self.force  # other commands' records are kept all the same
        return state

    def done(self, state: SourceState, source: Path) -> None:
        if self.save:
            state.save(source)


@dataclass
class Result:
    """What the job of one source did: its outcomes in order, or its error."""

    source: Path
    outcomes: list[Outcome] = field(default_factory=list)
    error: str | None = None  # ``file:line: message``


Job = Callable[[Path], Result]


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _Source:
    """One source's bytes, read once: hashed for the state, decoded and parsed only if needed
    (and then only if the parse kept in its state is not of these very bytes)."""

    def __init__(
        self, config: Config, path: Path, incremental: Incremental, state: SourceState
    ) -> None:
        if config.is_translation(path):
            raise SourceError("is a translation (named *.<lang>.md), not a source", path)
        try:
            self.data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read file: {exc.strerror or exc}", path) from exc
        self.config = config
        self.path = path
        self.digest = digest(self.data)
        self.incremental = incremental
        self.state = state
        self._document: Document | None = None

    @property
    def document(self) -> Document:
        if self._document is None:
            text = fileio.decode_text(self.data, self.path)
            cache, options = self.incremental.cache, self.config.parse_options
            if cache is not None and not self.incremental.force:
                kept = parsecache.load(self.state, str(self.path), text, self.digest, options)
                if kept is not None:
                    self._document = kept
                    return kept
            self._document = project.load_document(self.config, self.path, text)
            if cache is not None and self.incremental.save:
                parsecache.store(self.state, self._document, self.digest, options)
        return self._document


def load_document(config: Config, source: Path, incremental: Incremental) -> Document:
    """The parse of ``source``: the one an earlier run kept if it is of these bytes."""
    state = incremental.load(source)
    document = _Source(config, source, incremental, state).document
    incremental.done(state, source)
    return document


def _replay(target: Path, record: Record) -> Outcome:
    """The outcome of work skipped because nothing changed: reported as it was last time."""
    action = "skipped" if record.action == "skipped" else "unchanged"
    return Outcome(target, action, record.detail, list(record.problems))


def _guarded(
    job: Callable[[Result, SourceState], None], source: Path, incremental: Incremental
) -> Result:
    """Run ``job`` with the source's state; a :class:`PipelineError` becomes the result's error.

    Records of the work done before an error are kept; the failed work has none, so it is
    tried again next time.
    """
    result = Result(source)
    state = incremental.load(source)
    try:
        job(result, state)
    except PipelineError as error:
        error.path = fileio.shown(error.path or source)
        result.error = str(error)
    except OSError as error:  # a safety net: the operations turn these into PipelineErrors
        where = error.filename if error.filename is not None else source
        result.error = f"{fileio.shown(where)}: {error.strerror or error}"
    incremental.done(state, source)
    return result


def extract_job(
    config: Config,
    source: Path,
    *,
    incremental: Incremental,
    output: Path | None = None,
    check: bool = False,
) -> Result:
    def job(result: Result, state: SourceState) -> None:
        item = _Source(config, source, incremental, state)
        target = output or config.template_path(config.domain_of(source))
        key = f"extract:{target}"
        inputs = fingerprint("extract", config, str(source), item.digest)
        record = state.get(key)
        if record is not None and record.is_fresh(inputs):
            result.outcomes.append(_replay(target, record))
            return
        outcome = project.extract(config, source, output, check=check, document=item.document)
        result.outcomes.append(outcome)
        if outcome.action != "outdated":
            outputs = {str(target): outcome.digest}
            state.put(key, Record(inputs, outputs, outcome.action, outcome.detail))

    return _guarded(job, source, incremental)


def update_job(
    config: Config,
    source: Path,
    *,
    incremental: Incremental,
    languages: tuple[str, ...],
) -> Result:
    """Merge one source's template into its catalogs (msgmerge's part of ``update``).

    The translation memory is the second step (:func:`memory_step`): it depends on every
    catalog of a language, so it runs once per language after all merges, not per source.
    """

    def job(result: Result, state: SourceState) -> None:
        item = _Source(config, source, incremental, state)
        domain = config.domain_of(source)
        template = config.template_path(domain)
        in_scope = project.languages_in_scope(config, source, languages, item.data)
        catalogs = {lang: config.catalog_path(lang, domain) for lang in in_scope}
        inputs = {
            lang: fingerprint("update", config, str(source), item.digest, lang) for lang in in_scope
        }
        records = {lang: state.get(f"update:{catalogs[lang]}") for lang in in_scope}
        seen: dict[str, str | None] = {}
        if all(r is not None and r.is_fresh(inputs[lang], seen) for lang, r in records.items()):
            for lang, record in records.items():
                assert record is not None
                outcome = _replay(catalogs[lang], record)
                outcome.untranslated = record.untranslated
                result.outcomes.append(outcome)
            return
        outcomes = project.update(config, source, in_scope, document=item.document)
        result.outcomes.extend(outcomes)
        by_path = {outcome.path: outcome for outcome in outcomes}
        written_pot = by_path.get(template)
        pot_digest = written_pot.digest if written_pot is not None else file_digest(template)
        for lang, catalog in catalogs.items():
            outcome = by_path[catalog]
            if outcome.error is not None:
                continue  # no record: the next run tries again
            # the digest of what was written (or read), never of the file as it is now: a
            # save that lands after the write must make the next run merge again
            outputs = {str(template): pot_digest, str(catalog): outcome.digest}
            record = Record(
                inputs[lang], outputs, outcome.action, outcome.detail, (), outcome.untranslated
            )
            state.put(f"update:{catalog}", record)

    return _guarded(job, source, incremental)


@dataclass
class MemoryStep:
    """What the translation memory of one language did to the catalogs it was asked about."""

    outcomes: list[Outcome] = field(default_factory=list)  # none if it was skipped
    problems: list[str] = field(default_factory=list)  # catalogs the memory could not read


def _file_times(path: Path) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def memory_step(
    config: Config,
    language: str,
    targets: list[tuple[Path, Path]],
    *,
    incremental: Incremental,
    compendia: tuple[Path, ...] = (),
) -> MemoryStep:
    """Fill the empty entries of ``targets`` ((source, PO file) pairs) from the memory.

    The memory is built from every catalog of the language (plus ``compendia``) after the
    merges, only for a language that has empty entries, one language at a time.  It is
    skipped, without being built, when no catalog of the language nor compendium has been
    written since it last ran on the same targets, with the same settings: it would fill
    nothing new (an exact fill adds nothing a second pass could use, and fuzzy ones are
    not taken from).  Filled catalogs get their new digest recorded, so the next merge is
    still skipped.
    """
    step = MemoryStep()
    if not targets:
        return step
    name = f"memory:{language}"
    catalogs = config.language_catalogs(language)

    def stamp() -> str:
        # Size and modification time, not content: a stamp that wrongly matches can only
        # skip a fill until the next change, and reading every catalog of the language
        # would cost more than the rest of an update that has nothing to do.
        return fingerprint(
            name, config.memory_threshold, [str(t) for _, t in targets],
            [(str(path), _file_times(path)) for path in (*catalogs, *compendia)],
        )  # fmt: skip

    if not incremental.force and load_stamp(incremental.cache, name) == stamp():
        return step
    memory = project.load_memory(config, language, compendia)
    step.problems = list(memory.problems)
    for source, target in targets:
        try:
            outcome = project.fill_from_memory(config, target, memory)
        except PipelineError as error:
            step.outcomes.append(project.failed(target, error))
            continue
        step.outcomes.append(outcome)
        if outcome.action == "filled" and incremental.cache is not None:
            state = SourceState.load(incremental.cache, source)
            key = f"update:{target}"
            record = state.records.get(key)
            if record is not None:
                outputs = {**record.outputs, str(target): outcome.digest}
                detail = f"{record.detail}, {outcome.detail}"
                state.put(key, replace(record, outputs=outputs, detail=detail,
                                       untranslated=outcome.untranslated))  # fmt: skip
                incremental.done(state, source)
    if incremental.save:
        save_stamp(incremental.cache, name, stamp())
    return step


def publish_job(
    config: Config,
    source: Path,
    *,
    incremental: Incremental,
    languages: tuple[str, ...],
    catalog: Path | None = None,
    output: Path | None = None,
    min_complete: float | None = None,
    refused_titles: Mapping[tuple[str, str], str] | None = None,
) -> Result:
    def job(result: Result, state: SourceState) -> None:
        item = _Source(config, source, incremental, state)
        # resolved only when some title was refused: an lstat per folder of the path
        resolved = str(source.resolve()) if refused_titles else ""
        targets = {} if output else config.output_paths(source, languages)
        domain = config.domain_of(source)
        for language in languages:
            target = output or targets[language]
            po_path = catalog or config.catalog_path(language, domain)
            key = f"publish:{target}"
            po_data = fileio.read_bytes(po_path)  # hashed here, parsed from the same bytes
            refused_title = (refused_titles or {}).get((resolved, language))
            inputs = fingerprint(
                "publish", config, str(source), item.digest, language, str(po_path),
                None if po_data is None else digest(po_data), min_complete, refused_title,
            )  # fmt: skip
            record = state.get(key)
            if record is not None and record.is_fresh(inputs):
                result.outcomes.append(_replay(target, record))
                continue
            try:
                outcome = project.publish(
                    config, source, language, catalog_path=catalog, output=output,
                    min_complete=min_complete, document=item.document, catalog_data=po_data,
                    refused_title=refused_title,
                )  # fmt: skip
            except PipelineError as error:  # this page only: the other languages go on
                result.outcomes.append(project.failed(target, error))
                continue
            result.outcomes.append(outcome)
            # a skipped page is recorded too: whether one was published earlier is in its report
            outputs = {str(target): outcome.digest or file_digest(target)}
            problems = tuple(outcome.problems)
            state.put(key, Record(inputs, outputs, outcome.action, outcome.detail, problems))

    return _guarded(job, source, incremental)


def _init_worker(parent: int) -> None:
    fileio.defer_sync()
    _end_with_parent(parent)


def _end_with_parent(parent: int) -> None:
    """Make this worker die when the process that started it does.

    Killing only the parent of ``update -j 2`` used to leave its workers running: they wrote
    86 more files and then hung on a pipe nobody read.  On Linux the kernel sends the
    worker SIGKILL when its parent ends (``prctl(PR_SET_PDEATHSIG)``); elsewhere a daemon
    thread checks every half second that the parent is still there.  A worker killed in the
    middle of a write leaves at most a temporary file, which the next run removes.  (The
    signal follows the parent *thread* that forked the worker: the pool forks its workers
    from the main thread, which lives as long as the run.)
    """
    import threading  # in workers only: a run with -j 1 does not pay for these

    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        try:
            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent ended before the call
                    os._exit(1)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


_PR_SET_PDEATHSIG = 1


def run(job: Job, sources: list[Path], jobs: int) -> Iterator[Result]:
    """Yield the result of ``job`` for each source, in order; ``jobs`` > 1 uses processes.

    Written files are made durable together at the end (see :func:`fileio.batched_sync`).
    """
    workers = min(jobs, len(sources))
    with fileio.batched_sync():
        if workers <= 1:
            yield from map(job, sources)
            return
        from concurrent.futures import ProcessPoolExecutor  # 10 ms to import: not for one file

        chunksize = max(1, min(8, len(sources) // (workers * 16)))
        with ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(os.getpid(),)
        ) as pool:
            yield from pool.map(job, sources, chunksize=chunksize)


__all__ = [
    "Incremental",
    "MemoryStep",
    "Result",
    "default_jobs",
    "extract_job",
    "load_document",
    "memory_step",
    "publish_job",
    "run",
    "update_job",
]
