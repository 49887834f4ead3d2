"""Files left behind by sources that are gone: published pages, templates and catalogs.

A source deleted, or dropped from the config's ``sources`` (or a language dropped from its
``languages``), used to leave its translated pages online and its catalogs in Weblate,
with nothing said.  :func:`find` lists them; ``check`` warns about each, and
``i18n-pipeline orphans [--remove]`` lists or removes them.

What is an orphan:

* a page that carries the mark ``publish`` puts in the pages it writes
  (:data:`.pagemeta.MARKER`) and is not where any current source's translation goes;
* a template (``locales/templates/<domain>.pot``) or a catalog
  (``locales/<locale>/LC_MESSAGES/<domain>.po``) whose domain is no current source's, or
  whose language the site no longer has.

What ``--remove`` removes, and what it keeps (saying why):

* pages with the mark: they are generated from a catalog, which stays;
* templates that say ``Generated-By: i18n-pipeline``: they are rebuilt from a source;
* catalogs only when they hold no translation: a translator's work is never deleted by a
  command; a catalog with translations is kept and named (its translations still feed the
  translation memory), for a person to delete (git keeps its history) or to rename to the
  source's new name.

A hand-made file is never removed: only a page with our mark, a template with our header,
or a catalog with nothing in it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import PipelineError

_SKIPPED_FOLDERS = frozenset({"node_modules", "public", "resources", "themes"})
_HEAD = 4096  # the mark is in the front matter, at the top of the page


@dataclass(frozen=True)
class Orphan:
    """A file left by a source (or language) that is gone, and what ``--remove`` does."""

    path: Path
    kind: str  # page, template, catalog
    removable: bool
    why: str  # what it belonged to, or why it is kept

    def __str__(self) -> str:
        return f"{self.path}: orphaned {self.kind} ({self.why})"


def find(config: Config) -> list[Orphan]:
    """Every orphaned page, template and catalog of the site, in path order."""
    sources = config.find_sources()
    domains = {config.domain_of(source) for source in sources}
    locales = {language.locale for language in config.languages}
    expected_pages = {
        path.resolve() for source in sources for path in
        config.output_paths(source, config.keys).values()
    }  # fmt: skip
    found = _pages(config, expected_pages)
    templates = config.template_path("x").parent
    for path in sorted(templates.rglob("*.pot")) if templates.is_dir() else []:
        domain = _domain(path, templates)
        if domain not in domains:
            ours = _generated_template(path)
            why = f"no source named {domain!r}"
            found.append(Orphan(path, "template", ours, why if ours else why + "; not ours, kept"))
    base = config.locales_dir
    for folder in sorted(base.iterdir()) if base.is_dir() else []:
        messages = folder / "LC_MESSAGES"
        if folder.name == "templates" or not messages.is_dir():
            continue
        for path in sorted(messages.rglob("*.po")):
            domain = _domain(path, messages)
            if domain in domains and folder.name in locales:
                continue
            why = (
                f"no source named {domain!r}"
                if domain not in domains
                else f"the site has no language {folder.name!r}"
            )
            held = _translations(path)
            if held:
                why += f"; holds {held} translations, kept"
            found.append(Orphan(path, "catalog", held == 0, why))
    return sorted(found, key=lambda orphan: str(orphan.path))


def remove(orphans: list[Orphan]) -> list[tuple[Orphan, str | None]]:
    """Remove the removable ``orphans``; each with None, or the error that kept it."""
    done: list[tuple[Orphan, str | None]] = []
    for orphan in orphans:
        if not orphan.removable:
            continue
        try:
            orphan.path.unlink()
        except OSError as exc:
            done.append((orphan, f"cannot remove: {exc.strerror or exc}"))
            continue
        done.append((orphan, None))
    return done


def _domain(path: Path, folder: Path) -> str:
    return path.relative_to(folder).with_suffix("").as_posix()


def _pages(config: Config, expected: set[Path]) -> list[Orphan]:
    """Pages with our mark that no current source would publish to, under the site root."""
    from .pagemeta import MARKER, is_generated

    locales = config.locales_dir.resolve()
    found = []
    for top, folders, names in _walk(config):
        folders[:] = sorted(
            name for name in folders
            if not name.startswith(".") and name not in _SKIPPED_FOLDERS
            and Path(top, name).resolve() != locales
        )  # fmt: skip
        for name in sorted(names):
            if not name.endswith(".md"):
                continue
            path = Path(top, name)
            if path.resolve() in expected:
                continue
            try:
                with open(path, "rb") as handle:
                    head = handle.read(_HEAD).decode("utf-8", "replace")
                    if MARKER not in head:
                        continue
                    text = (head.encode() + handle.read()).decode("utf-8", "replace")
            except OSError:
                continue
            if is_generated(text):
                why = "generated; no current source publishes here"
                found.append(Orphan(path, "page", True, why))
    return found


def _walk(config: Config) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk`` over the folders pages can be published to: where the ``sources`` globs
    and the ``output`` pattern start (``content/blog`` for ``content/blog/*.md``), not the
    whole site, whose other folders (tests, themes) may hold copies of generated pages."""
    starts: set[Path] = set()
    for pattern in (*config.sources, config.output):
        fixed = []
        for part in Path(pattern).parts:
            if any(mark in part for mark in "*?[{"):
                break
            fixed.append(part)
        if fixed and fixed[-1].endswith(".md"):
            fixed.pop()
        if not fixed and pattern == config.output:
            continue  # ``{dir}/…``: beside the sources, walked for them
        start = config.root.joinpath(*fixed).resolve()
        if start.is_dir():
            starts.add(start)
    for start in sorted(starts):
        if not any(other in start.parents for other in starts):
            yield from os.walk(start)


def _generated_template(path: Path) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            head = handle.read(_HEAD)
    except OSError:
        return False
    return '"Generated-By: i18n-pipeline' in head


def _translations(path: Path) -> int:
    """How many translations a catalog holds (an unreadable one counts as holding some)."""
    from .catalog import read_catalog

    try:
        catalog = read_catalog(path)
    except PipelineError:
        return 1
    return sum(1 for entry in catalog if entry.msgstr or any(entry.msgstr_plural.values()))


__all__ = ["Orphan", "find", "remove"]
