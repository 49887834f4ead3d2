"""From the flat catalog layout to one catalog per page path, losing nothing.

Before page identities, a catalog was named by the source's stem (a bundle's
``index.md``/``_index.md`` by its folder): ``locales/templates/2021-02-05-newsletter.pot``.
Two pages with one file name shared (and overwrote) a catalog.  Now a catalog is named by
the page's path under the content root (:meth:`.Config.domain_of`):
``locales/templates/blog/newsletter/2021-02-05-newsletter.pot``.

:func:`migrate` moves a site's catalogs from the old names to the new ones (``git mv`` when
the file is tracked, so history follows), refusing to overwrite anything; a catalog two
pages might own is given to the page its ``#:`` references name, else left where it is and
reported.  Until then, :func:`refuse_flat_leftover` stops a command from starting an empty
catalog beside one that still holds the page's translations under its old name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .errors import ConfigError, PipelineError


def flat_domain(source: Path) -> str:
    """The catalog name the flat layout gave ``source``."""
    if source.stem in ("index", "_index") and source.parent.name:
        return source.parent.name
    return source.stem


def _flat_paths(config: Config, source: Path, language: str | None) -> tuple[Path, Path]:
    """(old, new) catalog paths of ``source``: its template, or its PO file in ``language``."""
    old, new = flat_domain(source), config.domain_of(source)
    if language is None:
        return config.template_path(old), config.template_path(new)
    return config.catalog_path(language, old), config.catalog_path(language, new)


def refuse_flat_leftover(config: Config, source: Path, language: str | None = None) -> None:
    """Raise if the catalog of ``source`` is missing but one exists under its flat-layout name.

    Called before creating a catalog: starting an empty one would leave the translations
    behind without a word.  A catalog whose ``#:`` references name other files is another
    page's (its identity is the same name) and stops nothing.
    """
    old, new = _flat_paths(config, source, language)
    if old == new or not old.exists() or new.exists():
        return
    named = _owners(old)
    if named and config.reference(source) not in named:
        return  # another page's catalog (content/documentation.md is 'documentation' too)
    raise ConfigError(
        f"its catalog is still on the flat layout ({config.reference(old)}); run "
        f"'i18n-pipeline migrate-layout' to move it to {config.reference(new)}",
        config.reference(source),
    )


@dataclass(frozen=True)
class Move:
    """One catalog moved (or not) from its flat-layout name to its page's name."""

    old: Path
    new: Path
    action: str  # moved, would move (--check), kept (not moved, see detail)
    detail: str = ""


def _owners(path: Path) -> set[str]:
    """The files a catalog's ``#:`` references name."""
    from .catalog import read_catalog

    try:
        catalog = read_catalog(path)
    except PipelineError:
        return set()
    return {where for entry in catalog for where, _ in entry.occurrences}


def _tracked(root: Path, path: Path) -> bool:
    import subprocess  # here and in _move: only ``migrate-layout`` runs git or moves files

    try:
        done = subprocess.run(
            ["git", "ls-files", "--error-unmatch", str(path)],
            cwd=root, capture_output=True, check=False,
        )  # fmt: skip
    except OSError:  # no git
        return False
    return done.returncode == 0


def _move(root: Path, old: Path, new: Path) -> None:
    import shutil
    import subprocess

    new.parent.mkdir(parents=True, exist_ok=True)
    if _tracked(root, old):
        done = subprocess.run(
            ["git", "mv", "-k", str(old), str(new)], cwd=root, capture_output=True, text=True,
            check=False,
        )  # fmt: skip
        if done.returncode == 0 and new.exists() and not old.exists():
            return
    if new.exists():  # never overwrite, even in a race
        raise ConfigError(f"{new} appeared meanwhile; not overwritten", old)
    shutil.move(old, new)


def _locale_folders(config: Config) -> list[Path]:
    base = config.locales_dir
    if not base.is_dir():
        return []
    return sorted(
        entry / "LC_MESSAGES"
        for entry in base.iterdir()
        if entry.name != "templates" and (entry / "LC_MESSAGES").is_dir()
    )


def migrate(config: Config, sources: Iterable[Path], *, check: bool = False) -> list[Move]:
    """Move every catalog of ``sources`` (template and each language found under the
    locales folder) from its flat-layout name to its page's name.

    Nothing is overwritten: a move whose target exists is ``kept`` and reported.  When
    several sources had one flat name, the catalog goes to the source its references name.
    ``check``: only say what would move.
    """
    sources = list(sources)
    by_flat: dict[str, list[Path]] = {}
    for source in sources:
        by_flat.setdefault(flat_domain(source), []).append(source)
    folders = [config.locales_dir / "templates", *_locale_folders(config)]
    moves: list[Move] = []
    for flat, owners in sorted(by_flat.items()):
        for folder in folders:
            suffix = ".pot" if folder.name == "templates" else ".po"
            old = folder / f"{flat}{suffix}"
            if not old.is_file():
                continue
            owner = owners[0]
            if len(owners) > 1:
                named = _owners(old)
                claimed = [source for source in owners if config.reference(source) in named]
                if len(claimed) != 1:
                    pages = ", ".join(config.reference(source) for source in owners)
                    moves.append(
                        Move(
                            old,
                            old,
                            "kept",
                            f"shared by {pages}; its references do not say whose it is",
                        )
                    )
                    continue
                owner = claimed[0]
            new = folder / f"{config.domain_of(owner)}{suffix}"
            if new == old:
                continue
            if new.exists():
                moves.append(Move(old, new, "kept", f"{config.reference(new)} exists"))
                continue
            if check:
                moves.append(Move(old, new, "would move"))
                continue
            _move(config.root, old, new)
            moves.append(Move(old, new, "moved"))
    return moves


__all__ = ["Move", "flat_domain", "migrate", "refuse_flat_leftover"]
