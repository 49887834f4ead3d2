"""File-level operations over a site: one function per command, one source file per call.

Each function reads what it needs, calls the pure stages (parse, build_template, merge,
reassemble) and returns an :class:`Outcome` describing what it did; it raises
:class:`PipelineError` for bad input.  Nothing here prints: the CLI decides how to report,
and tests assert on the returned values.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

import polib

from .align import import_translation, imported_catalog, lenient_text
from .catalog import (
    build_template,
    read_catalog,
    same_catalog,
    same_entries,
    translated_entries,
    write_catalog,
)
from .config import Config, domain_of
from .document import Document
from .errors import SourceError
from .fileio import read_text, write_text_atomic
from .parse import parse
from .reassemble import reassemble
from .update import MergeStats, merge


@dataclass
class Outcome:
    """What one operation did to one file."""

    path: Path
    action: str  # created, updated, unchanged, outdated, written, skipped
    detail: str = ""
    problems: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        path = self.path
        if path.is_absolute() and path.is_relative_to(Path.cwd()):
            path = path.relative_to(Path.cwd())
        return f"{self.action:9} {path}{detail}"


def load_document(config: Config, source: Path, text: str | None = None) -> Document:
    """Read (unless ``text`` is given) and segment one source; errors name the file and line."""
    if config.is_translation(source):
        raise SourceError("is a translation (named *.<lang>.md), not a source", source)
    if text is None:
        text = read_text(source)
    return parse(text, str(source), config.parse_options)


def current_template(
    config: Config, source: Path, document: Document, target: Path
) -> tuple[polib.POFile, bool]:
    """The template for ``document``, reusing the file on disk if only its date would change.

    Returns the template and whether it differs from the one on disk.  Keeping the old
    ``POT-Creation-Date`` when nothing changed keeps every catalog quiet in version control.
    """
    template = build_template(document, config.reference(source), line_numbers=config.line_numbers)
    if target.exists():
        on_disk = read_catalog(target)
        if same_entries(on_disk, template):
            return on_disk, False
    return template, True


def extract(
    config: Config,
    source: Path,
    output: Path | None = None,
    *,
    check: bool = False,
    document: Document | None = None,
) -> Outcome:
    """Write the POT of ``source`` (``--check``: only report whether it is out of date)."""
    document = document or load_document(config, source)
    target = output or config.template_path(domain_of(source))
    existed = target.exists()
    template, changed = current_template(config, source, document, target)
    count = f"{len(template)} entries"
    if not changed:
        return Outcome(target, "unchanged", count)
    if check:
        return Outcome(target, "outdated", "run extract to update it")
    write_catalog(target, template)
    return Outcome(target, "updated" if existed else "created", count)


def update(
    config: Config, source: Path, languages: list[str], *, document: Document | None = None
) -> list[Outcome]:
    """Refresh the POT and merge it into each language's PO file."""
    document = document or load_document(config, source)
    domain = domain_of(source)
    template_path = config.template_path(domain)
    template, changed = current_template(config, source, document, template_path)
    outcomes = []
    if changed:
        existed = template_path.exists()
        write_catalog(template_path, template)
        outcomes.append(
            Outcome(template_path, "updated" if existed else "created", f"{len(template)} entries")
        )
    for language in languages:
        target = config.catalog_path(language, domain)
        existing = read_catalog(target) if target.exists() else None
        merged, stats = merge(template, existing, language, fuzzy_threshold=config.fuzzy_threshold)
        unchanged = existing is not None and same_catalog(existing, merged)
        written = not unchanged and write_catalog(target, merged)
        action = "created" if existing is None else ("updated" if written else "unchanged")
        outcomes.append(Outcome(target, action, str(stats)))
    return outcomes


def publish(
    config: Config,
    source: Path,
    language: str,
    *,
    catalog_path: Path | None = None,
    output: Path | None = None,
    min_complete: float | None = None,
    document: Document | None = None,
) -> Outcome:
    """Write the translated page if its catalog is complete enough.

    Pass the ``document`` when publishing several languages: one parse serves them all.
    """
    document = document or load_document(config, source)
    target = output or config.output_path(source, language)
    po_path = catalog_path or config.catalog_path(language, domain_of(source))
    catalog = read_catalog(po_path) if po_path.exists() else polib.POFile()
    translations = translated_entries(catalog)
    msgids = {segment.msgid for segment in document.segments}
    done = sum(1 for msgid in msgids if msgid in translations)
    percent = 100.0 * done / len(msgids) if msgids else 100.0
    threshold = config.min_complete if min_complete is None else min_complete
    if percent < threshold:
        detail = f"{percent:.0f}% translated, below {threshold:g}%"
        if target.exists():
            detail += "; the page published earlier is left as it was"
        return Outcome(target, "skipped", detail)
    rendered = reassemble(document, translations)
    problems = [
        f"{source}:{segment.line + 1}: translation not used, {reason}: {segment.msgid[:60]!r}"
        for segment, reason in rendered.refused
    ]
    if not target.exists() or target.read_bytes() != rendered.text.encode("utf-8"):
        write_text_atomic(target, rendered.text)
        action = "written"
    else:
        action = "unchanged"
    detail = f"{percent:.0f}% translated"
    if problems:
        detail += f", {len(problems)} segments kept in the source language"
    return Outcome(target, action, detail, problems)


def import_file(
    config: Config,
    source: Path,
    translated: Path,
    language: str,
    *,
    catalog_path: Path | None = None,
) -> Outcome:
    """Align a human translation with its source and write what it gives to the PO file.

    An existing catalog is first brought up to date (as ``update`` does); the import then
    fills only its empty entries.  A translator's text is never replaced: where the import
    proposes something else, the entry is reported as a conflict in ``Outcome.problems``.
    """
    document = load_document(config, source)
    translation = parse(lenient_text(read_text(translated)), str(translated), config.parse_options)
    target = catalog_path or config.catalog_path(language, domain_of(source))
    template = build_template(document, config.reference(source), line_numbers=config.line_numbers)
    existing = read_catalog(target) if target.exists() else None
    proposals = import_translation(document, translation, config.parse_options.shortcode_translate)
    catalog, stats = imported_catalog(template, existing, language, document, proposals)
    written = write_catalog(target, catalog)
    action = "created" if existing is None else ("updated" if written else "unchanged")
    problems = [
        f"{target}: kept the existing translation of {msgid[:60]!r}; {translated} differs"
        for msgid in stats.conflicts
    ]
    return Outcome(target, action, f"{stats}, from {translated.name}", problems)


def translations_beside(
    config: Config, languages: list[str]
) -> list[tuple[Path, list[tuple[str, Path]]]]:
    """Each source with the human translations (``<stem>.<lang>.md``) that exist for it."""
    config = replace(config, languages=tuple(dict.fromkeys([*config.languages, *languages])))
    found = []
    for source in config.find_sources():
        present = [
            (language, config.output_path(source, language))
            for language in languages
            if config.output_path(source, language).is_file()
        ]
        if present:
            found.append((source, present))
    return found


__all__ = [
    "MergeStats",
    "Outcome",
    "extract",
    "import_file",
    "load_document",
    "publish",
    "translations_beside",
    "update",
]
