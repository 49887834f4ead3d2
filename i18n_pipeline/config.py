"""Configuration: ``i18n-pipeline.toml`` or ``[tool.i18n-pipeline]`` in ``pyproject.toml``.

Found by walking up from the working directory, like ruff and mdformat do.  Every path in
it is relative to the file's directory, so commands behave the same from any sub-folder.
Without a config, single-file use works with the defaults below.
"""

from __future__ import annotations

import glob
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from .catalog import validate_language
from .dialect import Extensions
from .errors import ConfigError
from .parse import ParseOptions
from .scope import Scope, parse_scope

CONFIG_NAME = "i18n-pipeline.toml"
DEFAULT_OUTPUT = "{dir}/{stem}.{lang}.md"
_KNOWN_KEYS = {
    "sources",
    "locales",
    "languages",
    "output",
    "frontmatter",
    "shortcodes",
    "min_complete",
    "line_numbers",
    "fuzzy_threshold",
    "allow_url_overrides",
    "memory_threshold",
    "markdown",
    "verify",
    "scope",
    "new_catalogs",
}


@dataclass(frozen=True)
class NewCatalog:
    """A language's own front matter values (strings) and notes for its new catalogs."""

    front_matter: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """Settings for one site; ``root`` is where relative paths start."""

    root: Path
    sources: tuple[str, ...] = ()
    locales: Path = Path("locales")
    languages: tuple[str, ...] = ()
    output: str = DEFAULT_OUTPUT
    parse_options: ParseOptions = field(default_factory=ParseOptions)
    min_complete: float = 80.0
    line_numbers: bool = False
    fuzzy_threshold: float = 0.6
    allow_url_overrides: bool = True  # a translator's own http(s) URL may replace a link
    memory_threshold: float = 0.75  # similarity for close translation-memory matches
    verify_hugo: str | None = None  # ``verify.hugo``: the Hugo to build with (default: pinned)
    verify_text_attributes: tuple[str, ...] = ()  # ``verify.text_attributes``: may differ
    scope: Scope = field(default_factory=Scope)  # which pages get catalogs in which languages
    # ``[new_catalogs.<lang>]``: what ``update`` writes into the header of a new catalog, so
    # a team's pages carry its ``author`` and credit line (see :mod:`.pagemeta`)
    new_catalogs: Mapping[str, NewCatalog] = field(default_factory=dict)
    path: Path | None = None  # the file it came from, if any

    @property
    def locales_dir(self) -> Path:
        return self.locales if self.locales.is_absolute() else self.root / self.locales

    def template_path(self, domain: str) -> Path:
        return self.locales_dir / "templates" / f"{domain}.pot"

    def catalog_path(self, language: str, domain: str) -> Path:
        return self.locales_dir / language / "LC_MESSAGES" / f"{domain}.po"

    def output_path(self, source: Path, language: str) -> Path:
        """Where the translation of ``source`` goes (``{dir}``, ``{stem}``, ``{relpath}``…)."""
        return self.output_paths(source, (language,))[language]

    def output_paths(self, source: Path, languages: Iterable[str]) -> dict[str, Path]:
        """:meth:`output_path` for several languages, working out the source's parts once."""
        absolute = source if source.is_absolute() else Path.cwd() / source
        try:
            relative = absolute.relative_to(self.root)
        except ValueError:
            relative = Path(source.name)
        values = {
            "dir": str(absolute.parent),
            "stem": source.stem,
            "relpath": relative.as_posix(),
            "reldir": relative.parent.as_posix(),
            "ext": source.suffix.lstrip("."),
        }
        paths = {}
        for language in languages:
            try:
                formatted = self.output.format(**values, lang=language)
            except (KeyError, IndexError) as exc:
                raise ConfigError(f"unknown placeholder {exc} in 'output'", self.path) from exc
            path = Path(formatted)
            paths[language] = path if path.is_absolute() else self.root / path
        return paths

    def reference(self, source: Path) -> str:
        """How a source is named in ``#:`` references: relative to the site root, POSIX style."""
        absolute = source.resolve()
        try:
            return absolute.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return source.as_posix()

    def is_translation(self, path: Path) -> bool:
        """``foo.de.md`` is a translation: its second suffix is a configured language or any
        language code Babel knows (Hugo's translation-by-filename convention), so a page
        translated into a language not configured yet is never mistaken for a source."""
        parts = path.name.split(".")
        if len(parts) < 3:
            return False
        code = parts[-2].replace("-", "_")
        return code in self.languages or _is_language_code(code)

    def find_sources(self) -> list[Path]:
        found: set[Path] = set()
        for pattern in self.sources:
            matches = glob.glob(pattern, root_dir=self.root, recursive=True)
            found.update(self.root / match for match in matches)
        return sorted(path for path in found if path.is_file() and not self.is_translation(path))


def _is_language_code(code: str) -> bool:
    try:
        validate_language(code)
    except ConfigError:
        return False
    return True


def domain_of(source: Path) -> str:
    """The catalog name of a source: its stem, or its folder's name for a page bundle."""
    if source.stem in ("index", "_index") and source.parent.name:
        return source.parent.name
    return source.stem


def find_config(start: Path) -> Path | None:
    for folder in [start, *start.parents]:
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "i18n-pipeline" in data.get("tool", {}):
                return pyproject
    return None


def _strings(value: Any, key: str, path: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"'{key}' must be a list of strings", path)
    return tuple(value)


def _flag(value: Any, key: str, path: Path) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"'{key}' must be true or false", path)
    return value


def _fraction(value: Any, key: str, path: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise ConfigError(f"'{key}' must be a number between 0 and 1", path)
    return float(value)


def load_config(path: Path) -> Config:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path, getattr(exc, "lineno", None)) from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("i18n-pipeline", {})
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise ConfigError(f"unknown configuration keys: {', '.join(sorted(unknown))}", path)
    front = data.get("frontmatter", {})
    short = data.get("shortcodes", {})
    defaults = ParseOptions()
    try:
        extensions = Extensions.from_config(data.get("markdown", {}))
        code = short.get("code", list(extensions.code_shortcodes))
        extensions = replace(extensions, code_shortcodes=_strings(code, "shortcodes.code", path))
    except ValueError as exc:
        raise ConfigError(str(exc), path) from exc
    options = ParseOptions(
        frontmatter_translate=_strings(
            front.get("translate", list(defaults.frontmatter_translate)),
            "frontmatter.translate",
            path,
        ),
        frontmatter_drop=_strings(
            front.get("drop", list(defaults.frontmatter_drop)), "frontmatter.drop", path
        ),
        shortcode_translate=_strings(
            short.get("translate", list(defaults.shortcode_translate)), "shortcodes.translate", path
        ),
        extensions=extensions,
    )
    languages = []
    for code in _strings(data.get("languages", []), "languages", path):
        try:
            languages.append(validate_language(code))
        except ConfigError as exc:
            raise ConfigError(exc.message, path) from exc
    return Config(
        root=path.parent.resolve(),
        sources=_strings(data.get("sources", []), "sources", path),
        locales=Path(data.get("locales", "locales")),
        languages=tuple(languages),
        output=str(data.get("output", DEFAULT_OUTPUT)),
        parse_options=options,
        min_complete=float(data.get("min_complete", 80.0)),
        line_numbers=bool(data.get("line_numbers", False)),
        fuzzy_threshold=float(data.get("fuzzy_threshold", 0.6)),
        allow_url_overrides=_flag(
            data.get("allow_url_overrides", True), "allow_url_overrides", path
        ),
        memory_threshold=_fraction(data.get("memory_threshold", 0.75), "memory_threshold", path),
        verify_hugo=_verify(data, path)[0],
        verify_text_attributes=_verify(data, path)[1],
        scope=parse_scope(data.get("scope"), path, partial(_language, path=path)),
        new_catalogs=_new_catalogs(data.get("new_catalogs", {}), path),
        path=path,
    )


def _language(code: str, path: Path) -> str:
    try:
        return validate_language(code)
    except ConfigError as exc:
        raise ConfigError(exc.message, path) from exc


def _new_catalogs(table: Any, path: Path) -> dict[str, NewCatalog]:
    """``[new_catalogs.<lang>]``: ``frontmatter`` (a table of strings) and ``notes``."""
    if not isinstance(table, dict):
        raise ConfigError("'new_catalogs' must be a table of languages", path)
    found = {}
    for code, settings in table.items():
        where = f"new_catalogs.{code}"
        if not isinstance(settings, dict) or set(settings) - {"frontmatter", "notes"}:
            raise ConfigError(f"'{where}' takes 'frontmatter' and 'notes'", path)
        front = settings.get("frontmatter", {})
        if not isinstance(front, dict) or not all(isinstance(v, str) for v in front.values()):
            raise ConfigError(f"'{where}.frontmatter' must be a table of strings", path)
        notes = _strings(settings.get("notes", []), f"{where}.notes", path)
        found[_language(code, path)] = NewCatalog(dict(front), notes)
    return found


def _verify(data: dict[str, Any], path: Path) -> tuple[str | None, tuple[str, ...]]:
    """``[verify]``: ``hugo`` (a path or command) and ``text_attributes`` (a list)."""
    table = data.get("verify", {})
    if not isinstance(table, dict) or set(table) - {"hugo", "text_attributes"}:
        raise ConfigError("'verify' takes 'hugo' and 'text_attributes'", path)
    hugo = table.get("hugo")
    if hugo is not None and not isinstance(hugo, str):
        raise ConfigError("'verify.hugo' must be a string", path)
    attributes = _strings(table.get("text_attributes", []), "verify.text_attributes", path)
    return hugo, tuple(name.lower() for name in attributes)
