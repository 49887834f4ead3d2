"""Checking PO files: untrusted catalogs read as far as they can be, findings per entry.

:mod:`.gate` judges one translation; this module applies it to a whole catalog and adds
what only the file shows: a PO that does not parse (the entries that do are still used, by
``check`` and by ``publish``), a msgid defined twice, a charset other than UTF-8, and what GNU
``msgfmt --check`` says.  translate-toolkit's pofilter tests add warnings about the prose.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import polib

from .catalog import (
    BOM_MESSAGE,
    _check_lines,
    header_line,
    po_lines,
    read_catalog,
    repair_line_breaks,
)
from .dialect import scan_inline
from .document import Document, Segment
from .errors import CatalogError, PipelineError
from .fileio import read_text
from .gate import (
    FUZZY,
    Finding,
    GateOptions,
    Problem,
    Severity,
    error,
    max_length,
    segment_for_msgid,
    translation_problems,
    warning,
)
from .gate.options import DEFAULT
from .splice import splice

# --- translate-toolkit's standard checks --------------------------------------------------------

# pofilter tests that make sense for Markdown prose.  Left out: accelerators (``&``/``_``
# are Markdown), printf/variables/pythonbraceformat (stand-ins are checked above), xmltags
# (HTML is checked above), case and quoting tests (languages differ), spelling, plurals.
TOOLKIT_CHECKS = (
    "brackets",
    "doublespacing",
    "doublewords",
    "emails",
    "endpunc",
    "endwhitespace",
    "escapes",
    "newlines",
    "numbers",
    "puncspacing",
    "purepunc",
    "startpunc",
    "startwhitespace",
    "tabs",
    "unchanged",
)


@lru_cache(maxsize=32)
def _toolkit_checker(language: str) -> Any:
    from translate.filters.checks import CheckerConfig, StandardChecker

    config = CheckerConfig(targetlanguage=language.split("_")[0] if language else None)
    return StandardChecker(checkerconfig=config, limitfilters=list(TOOLKIT_CHECKS))


def prose(text: str) -> str:
    """The text a reader sees: ``[label](1)`` and ``![alt](2)`` become their label.

    translate-toolkit's tests are written for prose; fed Markdown syntax they warn about a
    bracket or a start punctuation whenever a translation moves a link.
    """
    edits = []
    for mark in scan_inline(text):
        if mark.kind in ("link", "image") and mark.dest is not None:
            label_start = mark.start + (1 if mark.kind == "link" else 2)
            label_end = text.rfind("](", label_start, mark.dest[0])
            if label_end >= 0:
                edits.append((mark.start, mark.end, text[label_start:label_end]))
    kept: list[tuple[int, int, str]] = []
    for edit in sorted(edits):
        if not kept or edit[0] >= kept[-1][1]:
            kept.append(edit)
    return splice(text, kept)


def toolkit_warnings(msgid: str, msgstr: str, language: str) -> list[Problem]:
    """translate-toolkit's ``pofilter`` tests on the prose, as warnings named after the test."""
    from translate.storage.pypo import pounit

    unit = pounit(prose(msgid))
    unit.target = prose(msgstr)
    failures = _toolkit_checker(language or "").run_filters(unit)
    return [warning(name, str(message)) for name, message in sorted(failures.items())]


# --- PO files -----------------------------------------------------------------------------------


@dataclass
class LoadedCatalog:
    """A catalog read as far as it can be trusted, and what had to be left out."""

    catalog: polib.POFile
    findings: list[Finding] = field(default_factory=list)


def _finding_from(exc: PipelineError, check: str, path: str) -> Finding:
    return Finding(Severity.ERROR, check, exc.message, exc.path or path, exc.line)


def _blocks(text: str) -> list[tuple[int, str]]:
    """Entries as separated by blank lines: (1-based first line, text)."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    start = 1
    for number, line in enumerate(po_lines(text, keepends=True), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line)
        elif current:
            blocks.append((start, "".join(current)))
            current = []
    if current:
        blocks.append((start, "".join(current)))
    return blocks


def _msgid_of(block: str) -> str:
    """The msgid of an entry that does not parse, if a lenient read finds it ("" if not)."""
    try:
        parsed = polib.pofile(repair_line_breaks(block) + "\n", encoding="utf-8")
    except (OSError, ValueError):
        return ""
    return parsed[0].msgid if len(parsed) == 1 else ""


def _salvage(text: str, path: str) -> LoadedCatalog:
    """Keep every entry that parses on its own; name the ones that do not."""
    result = LoadedCatalog(polib.POFile(wrapwidth=79))
    if text.startswith("\ufeff"):  # an error, but the header after it is no less readable
        result.findings.append(Finding(Severity.ERROR, "po-syntax", BOM_MESSAGE, path, 1))
        text = text[1:]
    entries: list[polib.POEntry] = []
    for first_line, block in _blocks(text):
        try:
            _check_lines(block, path)
            parsed = polib.pofile(block + "\n", encoding="utf-8", wrapwidth=79)
        except CatalogError as exc:
            line = first_line - 1 + exc.line if exc.line is not None else first_line
            message = f"{exc.message}; entry ignored"
            result.findings.append(
                Finding(Severity.ERROR, "po-syntax", message, path, line, _msgid_of(block))
            )
            continue
        except (OSError, ValueError) as exc:
            message = re.sub(r"\s*\(line \d+\)", "", str(exc).splitlines()[0])
            result.findings.append(
                Finding(Severity.ERROR, "po-syntax", f"{message}; entry ignored", path, first_line)
            )
            continue
        if parsed.metadata and not result.catalog.metadata:
            result.catalog.metadata = parsed.metadata
            result.catalog.header = parsed.header
        from .poformat import unstorable_character  # a damaged file: loaded then

        for entry in parsed:
            entry.linenum = first_line - 1 + int(entry.linenum or 1)
            problem = unstorable_character(entry)
            if problem is not None:
                message = f"{problem}; entry ignored"
                result.findings.append(
                    Finding(Severity.ERROR, "po-syntax", message, path, entry.linenum, entry.msgid)
                )
                continue
            entries.append(entry)
    counts = Counter((e.msgctxt, e.msgid) for e in entries if not e.obsolete)
    for entry in entries:
        if not entry.obsolete and counts[(entry.msgctxt, entry.msgid)] > 1:
            key = (entry.msgctxt, entry.msgid)
            lines = [
                str(e.linenum) for e in entries if (e.msgctxt, e.msgid) == key and not e.obsolete
            ]
            result.findings.append(
                Finding(
                    Severity.ERROR,
                    "po-duplicate",
                    f"msgid defined {len(lines)} times (lines {', '.join(lines)}); none is used",
                    path,
                    entry.linenum,
                    entry.msgid,
                )
            )
            continue
        result.catalog.append(entry)
    return result


def _charset_finding(catalog: polib.POFile, text: str, path: str) -> Finding | None:
    content_type = catalog.metadata.get("Content-Type", "")
    if "charset=" not in content_type.lower():
        return None
    declared = content_type.lower().split("charset=")[-1].strip()
    if declared in ("utf-8", "utf8"):
        return None
    line = header_line(text, "Content-Type")
    return Finding(
        Severity.ERROR,
        "po-charset",
        f"header declares charset {declared!r}; the file must be UTF-8 and say so",
        path,
        line,
    )


def load_catalog(
    path: str | Path, data: bytes | None = None, *, messages_only: bool = False
) -> LoadedCatalog:
    """Read a PO file strictly if possible, else keep what can be trusted.

    ``publish`` uses this so one broken or duplicated entry costs that entry, not the page:
    entries that do not parse are skipped, duplicated msgids are all dropped (which of two
    translations would be the right one is unknowable), and a file that is not UTF-8 gives
    nothing.  Every such decision is a finding.
    """
    name = str(path)
    try:
        return LoadedCatalog(read_catalog(path, data, messages_only=messages_only))
    except CatalogError:
        pass
    try:
        text = read_text(path, CatalogError, data)
    except CatalogError as exc:
        return LoadedCatalog(polib.POFile(), [_finding_from(exc, "po-syntax", name)])
    loaded = _salvage(text, name)
    charset = _charset_finding(loaded.catalog, text, name)
    if charset is not None:
        loaded.findings.insert(0, charset)
    return loaded


_MSGFMT_LINE = re.compile(r"^(?P<file>.+?):(?:(?P<line>\d+):)? (?P<message>.*)$")


_INITIAL_DEFAULT = re.compile(r"^header field '[\w-]+' still has the initial default value$")


def _is_ours(catalog: polib.POFile) -> bool:
    """A catalog this tool created: its header says it was generated by i18n-pipeline."""
    return str(catalog.metadata.get("Generated-By", "")).startswith("i18n-pipeline")


def msgfmt_findings(path: str | Path, catalog: polib.POFile | None = None) -> list[Finding]:
    """Run GNU ``msgfmt --check`` (when installed) and report what it says, per line.

    msgfmt's ``--check-header`` warns about a header field that still *starts with* the
    value of its own template (``Last-Translator: FULL NAME``, ``Language-Team: LANGUAGE``,
    ``PO-Revision-Date: YEAR-MO-DA``).  ``update`` writes msginit's ``--no-translator``
    value in the catalogs it creates (``Last-Translator: Automatically generated``), and
    the warning is dropped for catalogs an earlier version created (``Generated-By:
    i18n-pipeline``): there it says only that nobody has saved the file in an editor yet,
    once per catalog, which buried what a team has to review.
    """
    import shutil  # here: ``publish`` loads catalogs with this module but never runs msgfmt
    import subprocess

    ours = bool(catalog is not None and _is_ours(catalog))
    executable = shutil.which("msgfmt")
    if executable is None:
        return []
    name = str(path)
    try:
        run = subprocess.run(
            [executable, "--check", "-o", os.devnull, name],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=120,
            env={**os.environ, "LC_ALL": "C", "LANGUAGE": ""},
            check=False,
        )
    except subprocess.TimeoutExpired:
        return [Finding(Severity.ERROR, "msgfmt", "msgfmt --check timed out", name)]
    findings: list[Finding] = []
    starts = sorted((int(e.linenum), e.msgid) for e in catalog or () if e.linenum)
    for raw in run.stderr.splitlines():
        if raw[:1].isspace() and findings:
            last = findings.pop()
            findings.append(
                Finding(
                    last.severity,
                    last.check,
                    f"{last.message} {raw.strip()}",
                    last.path,
                    last.line,
                    last.msgid,
                )
            )
            continue
        found = _MSGFMT_LINE.match(raw)
        if not found or (found.group("file") == "msgfmt" and "found" in raw):
            continue
        message = found.group("message")
        severity = Severity.ERROR
        if message.startswith("warning: "):
            severity, message = Severity.WARNING, message[len("warning: ") :]
        line = int(found.group("line")) if found.group("line") else None
        msgid = ""
        if line is not None:
            for start, entry_msgid in starts:
                if start > line:
                    break
                msgid = entry_msgid
        if ours and _INITIAL_DEFAULT.search(message):
            continue
        findings.append(Finding(severity, "msgfmt", message, name, line, msgid))
    if run.returncode != 0 and not any(f.severity is Severity.ERROR for f in findings):
        message = f"msgfmt --check failed with status {run.returncode}"
        findings.append(Finding(Severity.ERROR, "msgfmt", message, name))
    return findings


def entry_problems(
    entry: polib.POEntry,
    segments: Sequence[Segment],
    language: str,
    *,
    gate: GateOptions = DEFAULT,
    toolkit: bool = True,
) -> list[Problem]:
    """Problems of one PO entry: fuzzy is a warning, a translated entry is checked in full.

    ``gate`` has the page (:meth:`.gate.GateOptions.on_page`) if ``segments`` are its own;
    a msgid the page lacks is judged without the lines around it.
    """
    if entry.obsolete:
        return []
    texts = [entry.msgstr, *entry.msgstr_plural.values()]
    texts = [text for text in texts if text]
    if not texts:
        return []
    if FUZZY in entry.flags:
        return [warning("fuzzy", "translation is marked fuzzy and will not be published")]
    if entry.msgid_plural and segments:  # publish reads msgstr: these forms would be unused
        message = "plural forms (msgid_plural) on an entry the page has without: not published"
        return [error("po-plural", message)]
    problems: list[Problem] = []
    if not segments:
        gate = replace(gate, document=None)
    for text in texts:
        for segment in segments or [segment_for_msgid(entry.msgid)]:
            problems.extend(translation_problems(segment, text, gate))
        if toolkit and len(text) <= max_length(entry.msgid):
            problems.extend(toolkit_warnings(entry.msgid, text, language))
    return _unique(problems)


def check_catalog(
    path: str | Path,
    document: Document | None,
    language: str,
    *,
    gate: GateOptions = DEFAULT,
    msgfmt: bool = True,
    toolkit: bool = True,
) -> list[Finding]:
    """Every finding for one PO file, in file order; errors first on the same line.

    ``gate`` has the site's gate settings; the page is ``document``.
    """
    name = str(path)
    loaded = load_catalog(path)
    findings = list(loaded.findings)
    if msgfmt:
        findings.extend(msgfmt_findings(path, loaded.catalog))
    findings.extend(header_findings(loaded.catalog.metadata, name, gate.url_hosts))
    by_msgid: dict[str, list[Segment]] = {}
    if document is not None:
        for segment in document.segments:
            by_msgid.setdefault(segment.msgid, []).append(segment)
        gate = gate.on_page(document)
    else:
        gate = replace(gate, references={}, document=None)
    for entry in loaded.catalog:
        problems = entry_problems(
            entry, by_msgid.get(entry.msgid, []), language, gate=gate, toolkit=toolkit
        )
        for problem in problems:
            findings.append(
                Finding(
                    problem.severity,
                    problem.check,
                    problem.message,
                    name,
                    entry.linenum,
                    entry.msgid,
                )
            )
    order = {Severity.ERROR: 0, Severity.WARNING: 1}
    return sorted(findings, key=lambda f: (f.line or 0, order[f.severity]))


def header_findings(
    metadata: Mapping[str, str], path: str, url_hosts: Collection[str] = ()
) -> list[Finding]:
    """The header fields ``publish`` would not use (:func:`.pagemeta.from_header`): a kept
    front matter value that moves the page, a note that is not plain text."""
    from .pagemeta import from_header

    findings = []
    for problem in from_header(metadata, url_hosts).problems:
        found = re.search(r"\[([a-z-]+)\] ", problem)
        check = found.group(1) if found else "po-header"
        message = problem.replace(found.group(0), "") if found else problem
        findings.append(Finding(Severity.ERROR, check, message, path))
    return findings


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


__all__ = [
    "LoadedCatalog",
    "check_catalog",
    "entry_problems",
    "load_catalog",
    "msgfmt_findings",
    "prose",
    "toolkit_warnings",
]
