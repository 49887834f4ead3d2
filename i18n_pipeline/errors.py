"""One error hierarchy, so the CLI can turn every failure into ``file:line: message``.

Library code raises; only :mod:`.cli` prints and chooses exit codes.  Every error carries the
file and the 1-based line it is about (when one is known), because a volunteer translator
facing "invalid PO file" with no location cannot fix anything.
"""

from __future__ import annotations

from pathlib import Path


class PipelineError(Exception):
    """Base class: something about the user's input or configuration is wrong."""

    def __init__(self, message: str, path: str | Path | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = self.path if self.line is None else f"{self.path}:{self.line}"
            where += ": "
        return f"{where}{self.message}"


class SourceError(PipelineError):
    """A Markdown source (or its front matter) cannot be read or segmented."""


class CatalogError(PipelineError):
    """A PO or POT file cannot be read, or would be written in an invalid state."""


class ConfigError(PipelineError):
    """The configuration file or a command-line option is invalid."""


class UnwritableValue(ValueError):
    """A translation that cannot be written where it goes so that Hugo reads it back as is.

    Raised by the writers of shortcode parameters and front matter values; the gate reports
    it under ``check`` (an id of docs/checks.md) and ``publish`` keeps the source's value.
    """

    def __init__(self, check: str, message: str):
        super().__init__(message)
        self.check = check
        self.message = message


class WriteError(PipelineError):
    """A file cannot be written, or is refused: read-only, a folder, a dangling link, no space."""


class ChangedError(WriteError):
    """A file changed on disk after this run read it: writing would throw the change away."""


class LockError(PipelineError):
    """Another run holds the site's lock (it is writing the same files)."""
