"""Running a command over a whole archive: one job per source, across processes, incremental.

A job reads its source once, hashes it, and asks the previous run's :class:`~.state.Record`
whether anything it would write could differ; if not, it reports what was reported then and
does nothing else.  Otherwise it parses the source once and the same :class:`Document` serves
every language.  Jobs return a :class:`Result` (outcomes, new records, or the error as text)
instead of printing, so they can run in worker processes: :func:`run` spreads them over a
``ProcessPoolExecutor`` and hands results back in source order, so output is the same
whatever ``-j`` is.  Each worker holds one source's data at a time.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from . import project
from .config import Config, domain_of
from .document import Document
from .errors import PipelineError, SourceError
from .fileio import decode_text
from .project import Outcome
from .state import Record, digest, file_digest, fingerprint


@dataclass
class Result:
    """What the job of one source did: outcomes in order, records to keep, or its error."""

    source: Path
    outcomes: list[Outcome] = field(default_factory=list)
    records: dict[str, Record] = field(default_factory=dict)
    error: str | None = None  # ``file:line: message``


Job = Callable[[Path, Mapping[str, Record]], Result]


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class _Source:
    """One source's bytes, read once: hashed for the state, decoded and parsed only if needed."""

    def __init__(self, config: Config, path: Path):
        if config.is_translation(path):
            raise SourceError("is a translation (named *.<lang>.md), not a source", path)
        try:
            self.data = path.read_bytes()
        except OSError as exc:
            raise SourceError(f"cannot read file: {exc.strerror or exc}", path) from exc
        self.config = config
        self.path = path
        self.digest = digest(self.data)
        self._document: Document | None = None

    @property
    def document(self) -> Document:
        if self._document is None:
            text = decode_text(self.data, self.path)
            self._document = project.load_document(self.config, self.path, text)
        return self._document


def _replay(target: Path, record: Record) -> Outcome:
    """The outcome of work skipped because nothing changed: reported as it was last time."""
    action = "skipped" if record.action == "skipped" else "unchanged"
    return Outcome(target, action, record.detail, list(record.problems))


def _guarded(job: Callable[[Result], None], source: Path) -> Result:
    result = Result(source)
    try:
        job(result)
    except PipelineError as error:
        if error.path is None:
            error.path = str(source)
        result.error = str(error)
    return result


def extract_job(
    config: Config,
    source: Path,
    previous: Mapping[str, Record],
    *,
    output: Path | None = None,
    check: bool = False,
) -> Result:
    def job(result: Result) -> None:
        item = _Source(config, source)
        target = output or config.template_path(domain_of(source))
        key = f"extract:{target}"
        inputs = fingerprint("extract", config, str(source), item.digest)
        record = previous.get(key)
        if record is not None and record.is_fresh(inputs):
            result.outcomes.append(_replay(target, record))
            result.records[key] = record
            return
        outcome = project.extract(config, source, output, check=check, document=item.document)
        result.outcomes.append(outcome)
        if outcome.action != "outdated":
            outputs = {str(target): file_digest(target)}
            result.records[key] = Record(inputs, outputs, outcome.action, outcome.detail)

    return _guarded(job, source)


def update_job(
    config: Config, source: Path, previous: Mapping[str, Record], *, languages: tuple[str, ...]
) -> Result:
    def job(result: Result) -> None:
        item = _Source(config, source)
        domain = domain_of(source)
        template = config.template_path(domain)
        keys = {lang: f"update:{config.catalog_path(lang, domain)}" for lang in languages}
        inputs = {
            lang: fingerprint("update", config, str(source), item.digest, lang)
            for lang in languages
        }
        fresh = [previous.get(keys[lang]) for lang in languages]
        if all(
            r is not None and r.is_fresh(inputs[lang])
            for r, lang in zip(fresh, languages, strict=True)
        ):
            for record, lang in zip(fresh, languages, strict=True):
                assert record is not None
                result.outcomes.append(_replay(config.catalog_path(lang, domain), record))
                result.records[keys[lang]] = record
            return
        outcomes = project.update(config, source, list(languages), document=item.document)
        result.outcomes.extend(outcomes)
        by_path = {outcome.path: outcome for outcome in outcomes}
        pot_digest = file_digest(template)
        for lang in languages:
            catalog = config.catalog_path(lang, domain)
            outcome = by_path[catalog]
            outputs = {str(template): pot_digest, str(catalog): file_digest(catalog)}
            result.records[keys[lang]] = Record(
                inputs[lang], outputs, outcome.action, outcome.detail
            )

    return _guarded(job, source)


def publish_job(
    config: Config,
    source: Path,
    previous: Mapping[str, Record],
    *,
    languages: tuple[str, ...],
    catalog: Path | None = None,
    output: Path | None = None,
    min_complete: float | None = None,
) -> Result:
    def job(result: Result) -> None:
        item = _Source(config, source)
        for language in languages:
            target = output or config.output_path(source, language)
            po_path = catalog or config.catalog_path(language, domain_of(source))
            key = f"publish:{target}"
            inputs = fingerprint(
                "publish", config, str(source), item.digest, language, str(po_path),
                file_digest(po_path), min_complete,
            )  # fmt: skip
            record = previous.get(key)
            if record is not None and record.is_fresh(inputs):
                result.outcomes.append(_replay(target, record))
                result.records[key] = record
                continue
            outcome = project.publish(
                config, source, language, catalog_path=catalog, output=output,
                min_complete=min_complete, document=item.document,
            )  # fmt: skip
            result.outcomes.append(outcome)
            outputs = {} if outcome.action == "skipped" else {str(target): file_digest(target)}
            result.records[key] = Record(
                inputs, outputs, outcome.action, outcome.detail, tuple(outcome.problems)
            )

    return _guarded(job, source)


# --- spreading jobs over processes ----------------------------------------------------------

_WORKER_JOB: Job | None = None
_WORKER_PREVIOUS: Mapping[str, Record] = {}


def _init_worker(job: Job, previous: Mapping[str, Record]) -> None:
    """Give each worker the job and the previous records once, not with every source."""
    global _WORKER_JOB, _WORKER_PREVIOUS
    _WORKER_JOB, _WORKER_PREVIOUS = job, previous


def _run_in_worker(source: Path) -> Result:
    assert _WORKER_JOB is not None
    return _WORKER_JOB(source, _WORKER_PREVIOUS)


def run(
    job: Job, sources: list[Path], previous: Mapping[str, Record], jobs: int
) -> Iterator[Result]:
    """Yield the result of ``job`` for each source, in order; ``jobs`` > 1 uses processes."""
    workers = min(jobs, len(sources))
    if workers <= 1:
        for source in sources:
            yield job(source, previous)
        return
    chunksize = max(1, min(8, len(sources) // (workers * 16)))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(job, previous)) as pool:
        yield from pool.map(_run_in_worker, sources, chunksize=chunksize)


__all__ = ["Result", "default_jobs", "extract_job", "publish_job", "run", "update_job"]
