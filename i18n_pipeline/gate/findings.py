"""What the gate says: problems with one translation, and findings located in a PO file.

An error keeps the translation out of the published page and makes ``check`` fail; a warning
is reported and nothing more.  Each problem carries the id of the check that found it (the
name ``check`` prints and docs/checks.md lists).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

FUZZY = "fuzzy"


class Severity(StrEnum):
    """An error stops ``check`` (exit 1) and keeps the segment out of ``publish``."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one translation, before it is tied to a file and line."""

    severity: Severity
    check: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(check: str, message: str) -> Problem:
    return Problem(Severity.ERROR, check, message)


def warning(check: str, message: str) -> Problem:
    return Problem(Severity.WARNING, check, message)


@dataclass(frozen=True)
class Finding:
    """A problem located in a PO file: the unit ``check`` reports (text or JSON)."""

    severity: Severity
    check: str
    message: str
    path: str
    line: int | None = None  # 1-based line of the entry (polib's ``linenum``)
    msgid: str = ""

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        text = f"{where}: {self.severity}: [{self.check}] {self.message}"
        if self.msgid:
            shown = self.msgid if len(self.msgid) <= 60 else self.msgid[:57] + "..."
            text += f" (msgid: {_quote(shown)})"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "severity": str(self.severity),
            "check": self.check,
            "message": self.message,
            "path": self.path,
            "line": self.line,
            "msgid": self.msgid,
        }


def select_findings(
    findings: Iterable[Finding],
    *,
    severity: Severity | None = None,
    only: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[Finding]:
    """The findings a team asked for: at least ``severity`` (an error outranks a warning),
    of the checks in ``only`` if any are named, and of none in ``skip``."""
    wanted, unwanted = set(only), set(skip)
    return [
        finding
        for finding in findings
        if (severity is None or finding.severity is Severity.ERROR or severity is Severity.WARNING)
        and (not wanted or finding.check in wanted)
        and finding.check not in unwanted
    ]


def count_by_check(findings: Iterable[Finding]) -> list[tuple[str, int]]:
    """How many findings each check gave, the most frequent first (then by name)."""
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.check] = counts.get(finding.check, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


__all__ = [
    "FUZZY",
    "Finding",
    "Problem",
    "Severity",
    "count_by_check",
    "error",
    "select_findings",
    "warning",
]
