"""Merge a translator's PO file, made against an older version of a source, into our catalog.

Volunteers send PO files by mail, from Weblate or from a fork, often made against an earlier
template.  :func:`merge_contribution` maps the contribution onto the current template with
the same msgmerge semantics as ``update`` (:func:`.update.merge`): an unchanged msgid matches
exactly, a changed one finds its closest old msgid and comes in fuzzy with ``#| msgid``, and
what matches nothing is kept as an obsolete ``#~`` entry.  Then, entry by entry:

* an exact match is **taken** if :func:`.gate.translation_problems` finds no error, else
  **rejected** (listed with the reason) and our entry stays as it was;
* a fuzzy match is checked against the msgid it was written for and comes in **fuzzy**,
  unless we already have a finished translation, which a fuzzy one never replaces;
* identical translations are **unchanged**.

No translation is lost.  When the contribution replaces a different translation of ours,
ours is kept as a translator comment ``# previous translation: …`` on the entry, which
Poedit, Lokalize and Weblate show next to it; when our finished translation wins over a
fuzzy contribution, the contribution is kept the same way (``# contributed translation
(fuzzy): …``).  Translator comments, unlike obsolete entries, can sit beside an active entry
with the same msgid, and the translator removes them once they have decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import polib

from .catalog import format_date, now
from .document import Document, Segment
from .errors import CatalogError
from .gate import (
    FUZZY,
    Finding,
    GateOptions,
    Problem,
    segment_for_msgid,
    translation_problems,
)
from .gate.options import DEFAULT
from .update import merge

PREVIOUS = "previous translation: "
CONTRIBUTED = "contributed translation (fuzzy): "


@dataclass
class ContributionReport:
    """What happened to the contributed entries."""

    taken: int = 0
    fuzzy: int = 0
    unchanged: int = 0
    kept: int = 0  # our finished translation kept; the fuzzy contribution is a comment
    obsolete: int = 0  # matched no current msgid; kept as ``#~``
    rejected: list[Finding] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.taken} taken, {self.fuzzy} fuzzy, {len(self.rejected)} rejected, "
            f"{self.unchanged} unchanged"
        )
        if self.kept:
            text += f", {self.kept} kept ours"
        if self.obsolete:
            text += f", {self.obsolete} obsolete"
        return text


def _translated(entry: polib.POEntry) -> bool:
    return bool(entry.msgstr or any(entry.msgstr_plural.values()))


def _note(label: str, text: str) -> list[str]:
    """The comment lines that keep ``text``: the label, then the translation line by line."""
    return (label + text).split("\n")


def _holds(lines: list[str], note: list[str]) -> bool:
    """Whether ``note`` is among ``lines`` whole: every one of its lines, in a row.

    Whole translations are compared: two translations that share a first line (or one that
    is a prefix of another) are different notes, and each must be kept.
    """
    size = len(note)
    return any(lines[start : start + size] == note for start in range(len(lines) - size + 1))


def _keep_as_comment(entry: polib.POEntry, label: str, text: str) -> bool:
    """Add ``text`` to the entry's translator comments, once; False if it was there."""
    note = _note(label, text)
    lines = entry.tcomment.split("\n") if entry.tcomment else []
    if _holds(lines, note):
        return False
    entry.tcomment = "\n".join([*lines, *note])
    return True


def _merge_comments(target: polib.POEntry, source: polib.POEntry) -> None:
    if not source.tcomment:
        return
    lines = target.tcomment.split("\n") if target.tcomment else []
    lines += [line for line in source.tcomment.split("\n") if line not in lines]
    target.tcomment = "\n".join(lines)


def _errors(segments: Iterable[Segment], text: str, gate: GateOptions) -> list[Problem]:
    found: list[Problem] = []
    for segment in segments:
        for problem in translation_problems(segment, text, gate):
            if problem.is_error and problem not in found:
                found.append(problem)
    return found


def merge_contribution(
    template: polib.POFile,
    ours: polib.POFile | None,
    contributed: polib.POFile,
    document: Document,
    language: str,
    *,
    contributed_path: str = "<contribution>",
    fuzzy_threshold: float = 0.6,
    gate: GateOptions = DEFAULT,
) -> tuple[polib.POFile, ContributionReport]:
    """Return our catalog with ``contributed`` merged in, and the report.

    ``gate`` has the site's gate settings; a translation of one of ``document``'s msgids is
    judged on that page, any other (fuzzy, obsolete) on its own.
    """
    report = ContributionReport()
    result, _ = merge(template, ours, language, fuzzy_threshold=fuzzy_threshold)
    try:
        mapped, _ = merge(template, contributed, language, fuzzy_threshold=fuzzy_threshold)
    except CatalogError as exc:  # update.merge knows no file: this one is the contribution's
        raise CatalogError(exc.message, exc.path or contributed_path, exc.line) from exc
    origin = {(e.msgctxt, e.msgid): e for e in sorted(contributed, key=lambda e: not e.obsolete)}
    segments: dict[str, list[Segment]] = {}
    for segment in document.segments:
        segments.setdefault(segment.msgid, []).append(segment)
    page = gate.on_page(document)
    alone = replace(gate, references={}, document=None)
    active = {(e.msgctxt, e.msgid): e for e in result if not e.obsolete}

    def reject(theirs: polib.POEntry, written_for: str, problems: list[Problem]) -> None:
        source_entry = origin.get((theirs.msgctxt, written_for))
        line = source_entry.linenum if source_entry is not None else None
        reasons = "; ".join(f"[{p.check}] {p.message}" for p in problems[:3])
        report.rejected.append(
            Finding(problems[0].severity, "rejected", reasons, contributed_path, line, written_for)
        )

    for theirs in mapped:
        if theirs.obsolete or not _translated(theirs):
            continue
        entry = active[(theirs.msgctxt, theirs.msgid)]
        if FUZZY not in theirs.flags:
            own = segments.get(theirs.msgid)
            problems = _errors(
                own or [segment_for_msgid(theirs.msgid)],
                theirs.msgstr,
                page if own else replace(page, document=None),
            )
            if problems:
                reject(theirs, theirs.msgid, problems)
            elif theirs.msgstr == entry.msgstr and FUZZY not in entry.flags:
                report.unchanged += 1
            else:
                if entry.msgstr and entry.msgstr != theirs.msgstr:
                    _keep_as_comment(entry, PREVIOUS, entry.msgstr)
                entry.msgstr = theirs.msgstr
                entry.flags = [flag for flag in entry.flags if flag != FUZZY]
                entry.previous_msgid = None
                entry.previous_msgctxt = None
                _merge_comments(entry, theirs)
                report.taken += 1
            continue
        written_for = theirs.previous_msgid or theirs.msgid
        problems = _errors([segment_for_msgid(written_for)], theirs.msgstr, alone)
        if problems:
            reject(theirs, written_for, problems)
        elif theirs.msgstr == entry.msgstr:
            report.unchanged += 1
        elif entry.msgstr and FUZZY not in entry.flags:
            if _keep_as_comment(entry, CONTRIBUTED, theirs.msgstr):
                report.kept += 1
            else:
                report.unchanged += 1
        else:
            if entry.msgstr:
                _keep_as_comment(entry, PREVIOUS, entry.msgstr)
            entry.msgstr = theirs.msgstr
            if FUZZY not in entry.flags:
                entry.flags.insert(0, FUZZY)
            entry.previous_msgid = theirs.previous_msgid
            entry.previous_msgctxt = theirs.previous_msgctxt
            _merge_comments(entry, theirs)
            report.fuzzy += 1

    obsolete = {(e.msgctxt, e.msgid): e for e in result if e.obsolete}
    for theirs in mapped:
        if not theirs.obsolete or not _translated(theirs):
            continue
        key = (theirs.msgctxt, theirs.msgid)
        if key in active:
            continue
        problems = _errors([segment_for_msgid(theirs.msgid)], theirs.msgstr, alone)
        if problems:
            reject(theirs, theirs.msgid, problems)
            continue
        mine = obsolete.get(key)
        if mine is None:
            result.append(theirs)
            obsolete[key] = theirs
            report.obsolete += 1
        elif mine.msgstr != theirs.msgstr:
            if mine.msgstr:
                _keep_as_comment(mine, PREVIOUS, mine.msgstr)
            mine.msgstr = theirs.msgstr
            report.obsolete += 1

    if report.taken or report.fuzzy or report.kept or report.obsolete:
        result.metadata["PO-Revision-Date"] = format_date(now())
        translator = contributed.metadata.get("Last-Translator", "")
        if translator and not translator.startswith("FULL NAME"):
            result.metadata["Last-Translator"] = translator
    _take_page_meta(result, contributed)
    _check_nothing_lost(ours, contributed, result, report, contributed_path)
    return result, report


def _take_page_meta(result: polib.POFile, contributed: polib.POFile) -> None:
    """The page's own front matter values and notes a translator set in the contributed
    header (:mod:`.pagemeta`): taken where ours has none, never replacing ours."""
    from .pagemeta import FRONT_MATTER_FIELD, NOTE_FIELD

    ours_have_notes = any(name.startswith(NOTE_FIELD) for name in result.metadata)
    for name, value in contributed.metadata.items():
        missing_here = name.startswith(FRONT_MATTER_FIELD) and name not in result.metadata
        if missing_here or (name.startswith(NOTE_FIELD) and not ours_have_notes):
            result.metadata[name] = value


def _texts(catalog: polib.POFile | None) -> Iterable[tuple[polib.POEntry, str]]:
    for entry in catalog or ():
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry, text


def _check_nothing_lost(
    ours: polib.POFile | None,
    contributed: polib.POFile,
    result: polib.POFile,
    report: ContributionReport,
    contributed_path: str = "<contribution>",
) -> None:
    """Every translation, ours or theirs, is in the result or listed as rejected: as a
    msgstr, or whole as a note (``# previous translation: …``) in an entry's comments.

    The error has the line of the entry: in our catalog (the caller names that file), or in
    the contributed one, ``contributed_path``.
    """
    kept = {text for _, text in _texts(result)}
    comments = [entry.tcomment.split("\n") for entry in result if entry.tcomment]
    rejected = {finding.msgid for finding in report.rejected}

    def noted(text: str) -> bool:
        notes = [_note(PREVIOUS, text), _note(CONTRIBUTED, text)]
        return any(_holds(lines, note) for lines in comments for note in notes)

    for entry, text in _texts(ours):
        if text not in kept and not noted(text):
            message = f"merge would lose our translation of {entry.msgid[:60]!r}"
            raise CatalogError(message, line=entry.linenum or None)
    for entry, text in _texts(contributed):
        if text not in kept and entry.msgid not in rejected and not noted(text):
            message = f"merge would lose the contributed translation of {entry.msgid[:60]!r}"
            raise CatalogError(message, contributed_path, entry.linenum or None)
