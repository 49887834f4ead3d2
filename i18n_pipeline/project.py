"""File-level operations over a site: one function per command, one source file per call.

Each function reads what it needs, calls the pure stages (parse, build_template, merge,
reassemble) and returns an :class:`Outcome` describing what it did; it raises
:class:`PipelineError` for bad input.  Nothing here prints: the CLI decides how to report,
and tests assert on the returned values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import polib

from .catalog import (
    build_template,
    read_catalog,
    same_catalog,
    same_entries,
    translated_entries,
    write_catalog,
)
from .config import Config
from .document import Document, title_segment
from .errors import CatalogError, ConfigError, PipelineError, SourceError, WriteError
from .fileio import decode_text, digest_of, read_existing, read_text, shown, write_text_atomic
from .languages import is_language_code
from .state import digest

if TYPE_CHECKING:
    # Imported where used: a run that does not align, fill, publish or check starts faster
    # (the checks alone take longer to import than a small page takes to extract).
    from .contribute import ContributionReport
    from .gate import Finding, GateOptions
    from .memory import TranslationMemory


def gate_options(config: Config) -> GateOptions:
    """The gate's settings from ``[checks]``, as ``check``, ``publish`` and ``merge`` use them."""
    from .gate import GateOptions

    return GateOptions(allow_url_overrides=config.allow_url_overrides, url_hosts=config.url_hosts)


@dataclass
class Outcome:
    """What one operation did to one file."""

    path: Path
    action: str  # created, updated, unchanged, outdated, written, skipped, filled
    detail: str = ""
    problems: list[str] = field(default_factory=list)
    untranslated: int | None = None  # for a PO file: entries still empty (what memory may fill)
    digest: str | None = None  # of the file as this operation wrote or left it, when known
    error: str | None = None  # ``file:line: message`` when the operation failed on this file
    # Bad input met on the way that did not stop the operation (a broken entry of a catalog
    # costs that entry, the page is still written): reported as errors, exit status 1.
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        detail = f" ({self.detail})" if self.detail else ""
        return f"{self.action:9} {_shown(self.path)}{detail}"


def _refuse_flat_leftover(config: Config, source: Path, language: str | None = None) -> None:
    """:func:`.layout.refuse_flat_leftover`, for a catalog or template not there yet: the
    layout module (and its migration) is loaded only then, not by a run that finds them."""
    from . import layout

    layout.refuse_flat_leftover(config, source, language)


def load_document(config: Config, source: Path, text: str | None = None) -> Document:
    """Read (unless ``text`` is given) and segment one source; errors name the file and line."""
    if config.is_translation(source):
        raise SourceError("is a translation (named *.<lang>.md), not a source", source)
    if text is None:
        text = read_text(source)
    from .parse import parse  # here: publish and update mostly reuse the parse extract kept

    return parse(text, str(source), config.parse_options)


def current_template(
    config: Config, source: Path, document: Document, target: Path
) -> tuple[polib.POFile, bool, bytes | None]:
    """The template for ``document``, reusing the file on disk if only its date would change.

    Returns the template, whether it differs from the one on disk, and the bytes read from
    disk (None: there was none), which a write of the template compares against.  Keeping
    the old ``POT-Creation-Date`` when nothing changed keeps every catalog quiet in version
    control.
    """
    template = build_template(document, config.reference(source), line_numbers=config.line_numbers)
    base = read_existing(target)
    if base is not None:
        on_disk = read_catalog(target, base)
        if same_entries(on_disk, template):
            return on_disk, False, base
    return template, True, base


def failed(path: Path, error: PipelineError) -> Outcome:
    """The outcome of an operation that failed on ``path``; the run goes on with the others."""
    error.path = shown(error.path or path)
    return Outcome(path, "failed", error=str(error))


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
    target = output or config.template_path(config.domain_of(source))
    if output is None and not target.exists():
        _refuse_flat_leftover(config, source)
    template, changed, base = current_template(config, source, document, target)
    count = f"{len(template)} entries"
    if not changed:
        return Outcome(target, "unchanged", count, digest=digest_of(base))
    if check:
        return Outcome(target, "outdated", "run extract to update it")
    written = write_catalog(target, template, base=base) or digest_of(base)
    return Outcome(target, "created" if base is None else "updated", count, digest=written)


def update(
    config: Config,
    source: Path,
    languages: list[str],
    *,
    memories: Mapping[str, TranslationMemory] | None = None,
    document: Document | None = None,
) -> list[Outcome]:
    """Refresh the POT and merge it into each language's PO file.

    With ``memories`` (language → :class:`TranslationMemory`), entries the merge left
    untranslated are filled from the memory: exact matches as translated, close ones fuzzy.
    """
    document = document or load_document(config, source)
    domain = config.domain_of(source)
    template_path = config.template_path(domain)
    template, changed, pot_base = current_template(config, source, document, template_path)
    outcomes = []
    if changed:
        written_pot = write_catalog(template_path, template, base=pot_base)
        action = "updated" if pot_base is not None else "created"
        count = f"{len(template)} entries"
        outcomes.append(Outcome(template_path, action, count, digest=written_pot))
    for language in languages:
        target = config.catalog_path(language, domain)
        try:
            if not target.exists():
                _refuse_flat_leftover(config, source, language)
            outcomes.append(_update_catalog(config, template, target, language, memories, document))
        except PipelineError as error:  # this catalog only: the other languages go on
            outcomes.append(failed(target, error))
    return outcomes


def languages_in_scope(
    config: Config, source: Path, languages: Sequence[str], data: bytes | None = None
) -> list[str]:
    """The ``languages`` in which ``source`` is in the config's scope (:mod:`.scope`).

    A language is in scope if the page was started in it (a PO file, or a translation page
    beside it); otherwise the scope's filters decide.  The source's front matter is read
    only when a date has to be compared.  ``data`` is the source's bytes, if read already.
    """
    scope = config.scope
    if scope.everything:
        return list(languages)
    domain = config.domain_of(source)
    outputs = config.output_paths(source, languages)
    chosen: list[str] = []
    date: dt.date | None = None
    date_read = False
    relative = config.reference(source)
    for language in languages:
        if config.catalog_path(language, domain).exists() or outputs[language].exists():
            chosen.append(language)
            continue
        if scope.since is not None and not date_read:
            from .frontmatter import front_matter_data
            from .scope import page_date

            text = decode_text(data, source) if data is not None else read_text(source)
            date, date_read = page_date(front_matter_data(text)), True
        if scope.admits_new(relative, language, date):
            chosen.append(language)
    return chosen


def _new_catalog_header(config: Config, language: str, document: Document) -> dict[str, str]:
    """The header fields ``[new_catalogs.<lang>]`` gives a new catalog (:mod:`.pagemeta`)."""
    settings = config.new_catalogs.get(language)
    if settings is None:
        return {}
    from . import frontmatter
    from .pagemeta import FRONT_MATTER_FIELD, Note

    start = 1 if document.text.startswith("\ufeff") else 0
    found = frontmatter.locate(document.text, start)
    kind = found.kind if found is not None else "yaml"
    fields = {}
    for key, value in settings.front_matter.items():
        encoded = (
            frontmatter.encode_yaml(value, "")
            if kind == "yaml"
            else frontmatter.encode_toml(value, '"')
        )
        fields[FRONT_MATTER_FIELD + key] = encoded
    for number, note in enumerate(settings.notes, start=1):
        fields[f"X-Page-Note-{number}"] = Note("start", note).header_value()
    return fields


def _update_catalog(
    config: Config,
    template: polib.POFile,
    target: Path,
    language: str,
    memories: Mapping[str, TranslationMemory] | None,
    document: Document,
) -> Outcome:
    from .update import merge  # update's alone: extract and publish merge nothing

    base = read_existing(target)
    existing = read_catalog(target, base) if base is not None else None
    locale = config.language(language).locale
    merged, stats = merge(template, existing, locale, fuzzy_threshold=config.fuzzy_threshold)
    if existing is None:
        merged.metadata.update(_new_catalog_header(config, language, document))
    detail = str(stats)
    memory = (memories or {}).get(language)
    if memory is not None:
        from .memory import fill

        filled = fill(merged, memory, config.memory_threshold)
        stats.untranslated -= filled.exact + filled.fuzzy
        detail = f"{stats}, {filled}"
    unchanged = existing is not None and same_catalog(existing, merged)
    written = None if unchanged else write_catalog(target, merged, base=base)
    action = "created" if existing is None else ("updated" if written else "unchanged")
    return Outcome(
        target, action, detail, untranslated=stats.untranslated, digest=written or digest_of(base)
    )


def fill_from_memory(config: Config, target: Path, memory: TranslationMemory) -> Outcome:
    """Fill the empty entries of the PO file ``target`` from ``memory`` (as ``update`` does)."""
    from .memory import fill, fillable

    base = read_existing(target)
    if base is None:
        raise CatalogError("disappeared while the command ran; run it again", target)
    catalog = read_catalog(target, base)
    filled = fill(catalog, memory, config.memory_threshold)
    empty = sum(1 for entry in catalog if fillable(entry))
    if not filled.exact + filled.fuzzy:
        return Outcome(target, "unchanged", str(filled), untranslated=empty, digest=digest_of(base))
    written = write_catalog(target, catalog, base=base)
    action = "filled" if written else "unchanged"
    return Outcome(target, action, str(filled), untranslated=empty,
                   digest=written or digest_of(base))  # fmt: skip


def load_memory(config: Config, language: str, compendia: Sequence[Path] = ()) -> TranslationMemory:
    """The translation memory of ``language``: all its PO files, plus the ``compendia``."""
    from .memory import build_memory

    return build_memory(config.language_catalogs(language), compendia, config.catalog_dir(language))


def export_memory(
    memory: TranslationMemory,
    language: str,
    *,
    po: Path | None = None,
    tmx: Path | None = None,
    source_language: str = "en",
) -> list[Outcome]:
    """Write the memory as a compendium PO and/or TMX."""
    from .memory import compendium, tmx_bytes

    outcomes = []
    detail = f"{len(memory)} translations from {memory.catalogs} catalogs"
    if po is not None:
        base = read_existing(po, WriteError)
        written = write_catalog(po, compendium(memory, language), base=base)
        action = "unchanged" if not written else ("updated" if base is not None else "created")
        outcomes.append(Outcome(po, action, detail))
    if tmx is not None:
        data = tmx_bytes(memory, language, source_language)
        base = read_existing(tmx, WriteError)
        if base == data:
            outcomes.append(Outcome(tmx, "unchanged", detail))
        else:
            write_text_atomic(tmx, data.decode("utf-8"), expect=digest_of(base))
            outcomes.append(Outcome(tmx, "updated" if base is not None else "created", detail))
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
    catalog_data: bytes | None = None,
    refused_title: str | None = None,
) -> Outcome:
    """Write the translated page if its catalog is complete enough.

    Pass the ``document`` when publishing several languages: one parse serves them all;
    ``catalog_data`` is the PO file's bytes when the caller has read them (to hash them);
    ``refused_title`` is why the site-wide title rule (:func:`title_refusals`) refuses the
    page's translated title, which then keeps the source's.
    """
    from .gate import Severity
    from .pagemeta import from_header, imported_digest, is_generated, marker_line, page_edits
    from .pocheck import LoadedCatalog, load_catalog
    from .reassemble import reassemble

    document = document or load_document(config, source)
    target = output or config.output_path(source, language)
    po_path = catalog_path or config.catalog_path(language, config.domain_of(source))
    if catalog_data is None:
        catalog_data = read_existing(po_path)  # a folder or a dangling link is an error here
    if catalog_data is not None:
        # the bytes are given: the path only names the file in findings, as the user sees it
        loaded = load_catalog(_shown(po_path), catalog_data, messages_only=True)
    else:
        if catalog_path is None:
            _refuse_flat_leftover(config, source, language)
        loaded = LoadedCatalog(polib.POFile())
    on_disk = read_existing(target, WriteError)
    hand_made = on_disk is not None and not is_generated(on_disk.decode("utf-8", "replace"))
    if hand_made and imported_digest(loaded.catalog.metadata) != digest(on_disk or b""):
        return Outcome(
            target,
            "skipped",
            "a hand-made translation that was not imported (or changed since): run"
            " `i18n-pipeline import` on it first; left as it is",
        )
    translations = translated_entries(loaded.catalog)
    title = title_segment(document.segments)
    if refused_title is not None and title is not None:
        translations.pop(title.msgid, None)
    meta = from_header(loaded.catalog.metadata, config.url_hosts)
    named = config.reference(po_path)
    if Path(named).is_absolute():  # a catalog outside the site: no machine path in the page
        named = po_path.name
    edits, meta_problems = page_edits(document, meta, marker_line(named))
    rendered = reassemble(
        document,
        translations,
        gate=gate_options(config),
        extra_edits=edits,
    )
    if refused_title is not None and title is not None:
        rendered.refused.append((title, refused_title))
    refused = {segment.msgid for segment, _ in rendered.refused}
    msgids = {segment.msgid for segment in document.segments}
    done = sum(1 for msgid in msgids if msgid in translations and msgid not in refused)
    percent = 100.0 * done / len(msgids) if msgids else 100.0
    threshold = config.min_complete if min_complete is None else min_complete
    errors = [str(f) for f in loaded.findings if f.severity is Severity.ERROR]
    problems = [str(f) for f in loaded.findings if f.severity is not Severity.ERROR]
    problems += [f"{_shown(po_path)}: {problem}" for problem in meta.problems + meta_problems]
    if percent < threshold:
        detail = f"{percent:.0f}% translated, below {threshold:g}%"
        if hand_made:
            detail += "; the hand-made translation is left as it is"
        elif on_disk is not None:
            detail += "; the page published earlier is left as it was"
        return Outcome(target, "skipped", detail, problems, errors=errors)
    problems += [
        f"{_shown(source)}:{segment.line + 1}: translation not used, {reason}: "
        f"{segment.msgid[:60]!r}"
        for segment, reason in rendered.refused
    ]
    text = rendered.text
    if on_disk is not None:  # a page readers know: its URL must keep working
        from .keepurl import kept_url

        text, _ = kept_url(config.root, source, on_disk.decode("utf-8", "replace"), text)
    data = text.encode("utf-8")
    if on_disk != data:
        write_text_atomic(target, text, expect=digest_of(on_disk))
        action = "written"
    else:
        action = "unchanged"
    detail = f"{percent:.0f}% translated"
    kept = len(rendered.refused)  # the catalog's own findings are listed, not counted here
    if kept:
        detail += f", {kept} segment{'s' if kept != 1 else ''} kept in the source language"
    return Outcome(target, action, detail, problems, digest=digest(data), errors=errors)


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
    from .align_import import import_translation, imported_catalog, lenient_text
    from .pagemeta import (
        IMPORTED_FIELD,
        PageMeta,
        is_generated,
        own_front_matter,
        own_notes,
        record,
    )

    data = read_existing(translated, SourceError)
    if data is None:
        raise SourceError("cannot read file: no such file", translated)
    text = decode_text(data, translated)
    if is_generated(text):
        return Outcome(
            translated,
            "skipped",
            "generated by i18n-pipeline from its catalog, not a human translation",
        )
    from .parse import parse

    document = load_document(config, source)
    named = config.reference(translated)  # in comments: relative to the site, no machine path
    translation = parse(lenient_text(text), named, config.parse_options)
    target = catalog_path or config.catalog_path(language, config.domain_of(source))
    if catalog_path is None and not target.exists():
        _refuse_flat_leftover(config, source, language)
    template = build_template(document, config.reference(source), line_numbers=config.line_numbers)
    base = read_existing(target)
    existing = read_catalog(target, base) if base is not None else None
    proposals = import_translation(
        document, translation, config.parse_options.shortcode_translate, gate_options(config)
    )
    locale = config.language(language).locale
    catalog, stats = imported_catalog(template, existing, locale, document, proposals)
    own, problems = own_front_matter(document, translation)
    notes = own_notes(document, translation, [(p.segment, p.targets) for p in proposals])
    metadata = dict(catalog.metadata)
    conflicts = record(metadata, PageMeta(own, notes))
    metadata[IMPORTED_FIELD] = f"{config.reference(translated)} {digest(data)}"
    catalog.metadata = metadata
    written = write_catalog(target, catalog, base=base)
    action = "created" if existing is None else ("updated" if written else "unchanged")
    problems += [
        f"{_shown(target)}: kept the existing translation of {msgid[:60]!r}; {named} differs"
        for msgid in stats.conflicts
    ]
    problems += [
        f"{_shown(target)}: kept the header field {name} as it is; {named} differs"
        for name in conflicts
    ]
    detail = f"{stats}, from {translated.name}"
    if own or notes:
        kept = [*own, f"{len(notes)} note{'s' if len(notes) != 1 else ''}"] if notes else [*own]
        detail += f"; kept its own {', '.join(kept)}"
    return Outcome(target, action, detail, problems)


@dataclass
class Pairing:
    """The human translations of a site: each source with its translations, and the files
    that look like translations but cannot be imported, each with the reason."""

    pairs: list[tuple[Path, list[tuple[str, Path]]]] = field(default_factory=list)
    unmatched: list[tuple[Path, str]] = field(default_factory=list)


def pair_translations(config: Config, languages: Sequence[str]) -> Pairing:
    """Pair every translation file (``X.<key>.md``, ``content/<key>/…``) of ``languages``
    with its source, and name what cannot be paired: a translation with no source (a
    misnamed file), a file whose name says a language the site does not have."""
    config = config.with_languages(languages)
    keys = [config.language(code).key for code in languages]
    sources = config.find_sources()
    known = set(sources)
    found: dict[Path, list[tuple[str, Path]]] = {}
    pairing = Pairing()
    for translated in config.find_translations():
        key = config.translation_language(translated)
        if key not in keys:
            continue
        candidates = config.source_candidates(translated)
        source = next((path for path in candidates if path in known), None)
        if source is None:
            present = next((path for path in candidates if path.is_file()), None)
            if present is not None:
                reason = f"its source {config.reference(present)} is not among the config's sources"
            else:
                expected = config.reference(candidates[0]) if candidates else "?"
                reason = f"a translation into {key!r} with no source ({expected} not found)"
            pairing.unmatched.append((translated, reason))
            continue
        found.setdefault(source, []).append((key, translated))
    site_keys = ", ".join(config.keys)
    for source in sources:
        parts = source.name.split(".")
        if len(parts) < 3 or parts[-2] == config.source_language:
            continue
        sibling = source.with_name(".".join([*parts[:-2], parts[-1]]))
        if sibling in known and is_language_code(parts[-2]):
            pairing.unmatched.append(
                (source, f"named like a translation into {parts[-2]!r}, not a language of the"
                         f" site ({site_keys}): it is a page of its own")
            )  # fmt: skip
    pairing.pairs = [(source, sorted(found[source])) for source in sources if source in found]
    pairing.unmatched.sort()
    return pairing


def _shown(path: Path) -> str:
    """A path as the user typed it: relative to the working directory when below it."""
    return shown(path)


def check(
    config: Config,
    source: Path,
    languages: list[str],
    *,
    msgfmt: bool = True,
    document: Document | None = None,
) -> list[Finding]:
    """Findings for the PO files of ``source`` in ``languages`` (missing PO files are skipped)."""
    from .pocheck import check_catalog

    document = document or load_document(config, source)
    findings: list[Finding] = []
    for language in languages:
        po_path = config.catalog_path(language, config.domain_of(source))
        if po_path.exists():
            locale = config.language(language).locale
            findings += check_catalog(Path(_shown(po_path)), document, locale,
                                      gate=gate_options(config), msgfmt=msgfmt)  # fmt: skip
    return findings


def title_findings(config: Config, sources: Sequence[Path], languages: list[str]) -> list[Finding]:
    """``check``'s findings of the site-wide title rule (:mod:`.titles`) for ``sources``."""
    from .titles import title_verdicts

    wanted = {source.resolve() for source in sources}
    return [
        verdict.finding(_shown(verdict.catalog))
        for verdict in title_verdicts(config, languages)
        if verdict.source.resolve() in wanted
    ]


def title_refusals(config: Config, languages: list[str]) -> dict[tuple[str, str], str]:
    """``(source, language)`` → why ``publish`` keeps the source's title (:mod:`.titles`)."""
    from .hugoconfig import load_hugo_config
    from .permalinks import Permalinks

    if not Permalinks.from_hugo(load_hugo_config(config.root)).patterns:
        return {}  # no page's URL is made of its title: the rule is not loaded (3 classes)
    from .titles import title_verdicts

    return {
        (str(verdict.source.resolve()), verdict.language): f"[{verdict.check}] {verdict.message}"
        for verdict in title_verdicts(config, languages)
    }


def source_of(config: Config, contributed: polib.POFile, path: Path) -> Path:
    """The source a contributed PO belongs to: by its ``#:`` references, else by its name."""
    sources = config.find_sources()
    references = {where for entry in contributed for where, _ in entry.occurrences}
    found = [source for source in sources if config.reference(source) in references]
    if not found:
        names = {contributed.metadata.get("Project-Id-Version", ""), path.stem}
        found = [source for source in sources if config.domain_of(source) in names]
    if len(found) != 1:
        raise ConfigError(
            "cannot tell which source this contribution is for; give the source's path after"
            " the PO file",
            path,
        )
    return found[0]


def contribute(
    config: Config, contributed_path: Path, language: str, source: Path | None = None
) -> tuple[Outcome, ContributionReport]:
    """Merge a translator's PO file into the catalog of ``source`` for ``language``."""
    from .contribute import merge_contribution

    contributed = read_catalog(contributed_path)
    if source is None:
        source = source_of(config, contributed, contributed_path)
    document = load_document(config, source)
    domain = config.domain_of(source)
    template, _, _ = current_template(config, source, document, config.template_path(domain))
    target = config.catalog_path(language, domain)
    base = read_existing(target)
    ours = read_catalog(target, base) if base is not None else None
    if ours is None:
        _refuse_flat_leftover(config, source, language)
    merged, report = merge_contribution(
        template,
        ours,
        contributed,
        document,
        config.language(language).locale,
        contributed_path=_shown(contributed_path),
        fuzzy_threshold=config.fuzzy_threshold,
        gate=gate_options(config),
    )
    written = write_catalog(target, merged, base=base)
    action = ("created" if ours is None else "updated") if written else "unchanged"
    problems = [str(finding) for finding in report.rejected]
    return Outcome(target, action, str(report), problems), report


__all__ = [
    "Outcome",
    "Pairing",
    "check",
    "contribute",
    "export_memory",
    "extract",
    "failed",
    "fill_from_memory",
    "import_file",
    "load_document",
    "load_memory",
    "pair_translations",
    "publish",
    "update",
]
