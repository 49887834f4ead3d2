"""Which pages get catalogs in which languages: the config's ``[scope]``.

A site adopting the tool has an archive (xmpp.org: 94 newsletter issues back to 2018) that
nobody will translate; a catalog for every page in every language floods the repository
(470 PO files, 18 MB) and buries the entries a team has to review.  So a page is *in scope*
for a language when it has been **started** in that language (its PO file exists, or a
translation page does: a human one to import, or one published earlier), or, unless
``started_only`` is set, when it passes both filters of new work:

* ``since``: its front matter ``date`` is on or after this day (a page without a date
  passes: the filter is about the dated archive, not about a site's undated pages);
* ``pages.<lang>``: for that language, its path (relative to the site root) matches one of
  these globs (a language without globs takes every page).

``update`` creates catalogs only in scope; ``stats`` and ``report`` count only what is in
scope; ``check`` reads existing catalogs, which are in scope by definition.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError


@dataclass(frozen=True)
class Scope:
    """The ``[scope]`` table; the default keeps every page in every language."""

    since: dt.date | None = None
    started_only: bool = False
    pages: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # language → globs

    @property
    def everything(self) -> bool:
        return self.since is None and not self.started_only and not self.pages

    def admits_new(self, relative: str, language: str, date: dt.date | None) -> bool:
        """Whether a page not started in ``language`` gets a catalog (path POSIX, relative)."""
        if self.started_only:
            return False
        if self.since is not None and date is not None and date < self.since:
            return False
        globs = self.pages.get(language)
        return globs is None or any(fnmatch.fnmatchcase(relative, glob) for glob in globs)


def page_date(front: Mapping[str, object]) -> dt.date | None:
    """The ``date`` of a page's front matter (lower-cased keys), if it reads as one."""
    value = front.get("date")
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return None
    return None


def parse_scope(table: Any, path: Path | None, normalise: Any = str) -> Scope:
    """Read ``[scope]``; ``normalise`` maps a language as written to the config's form."""
    if table is None:
        return Scope()
    if not isinstance(table, dict):
        raise ConfigError("'scope' must be a table", path)
    unknown = set(table) - {"since", "started_only", "pages"}
    if unknown:
        raise ConfigError(f"unknown keys in 'scope': {', '.join(sorted(unknown))}", path)
    since = table.get("since")
    if isinstance(since, dt.datetime):
        since = since.date()
    elif isinstance(since, str):
        try:
            since = dt.date.fromisoformat(since)
        except ValueError as exc:
            raise ConfigError("'scope.since' must be a date such as 2023-01-01", path) from exc
    elif since is not None and not isinstance(since, dt.date):
        raise ConfigError("'scope.since' must be a date such as 2023-01-01", path)
    started_only = table.get("started_only", False)
    if not isinstance(started_only, bool):
        raise ConfigError("'scope.started_only' must be true or false", path)
    pages_table = table.get("pages", {})
    if not isinstance(pages_table, dict):
        raise ConfigError("'scope.pages' must be a table of language = [globs]", path)
    pages: dict[str, tuple[str, ...]] = {}
    for language, globs in pages_table.items():
        if isinstance(globs, str):
            globs = [globs]
        if not isinstance(globs, list) or not all(isinstance(g, str) for g in globs):
            raise ConfigError(f"'scope.pages.{language}' must be a list of globs", path)
        pages[normalise(language)] = tuple(globs)
    return Scope(since, started_only, pages)


__all__ = ["Scope", "page_date", "parse_scope"]
