"""Configuration: ``i18n-pipeline.toml`` or ``[tool.i18n-pipeline]`` in ``pyproject.toml``.

Found by walking up from the working directory, like ruff and mdformat do.  Every path in
it is relative to the file's directory, so commands behave the same from any sub-folder.
Without a config, single-file use works with the defaults below.

Every key is one row of :data:`KEYS` (its checker and the :class:`Config` field it sets),
like mdformat's ``_conf.py``: a wrong type, a value out of range or an unknown key is an
error naming the file and line (and, for a misspelt key, the key it probably meant), never
a traceback nor a silent default.

The config also knows the site (see ``docs/configuration.md``): a source page is known by
its path under the content root, which names its catalogs
(``locales/templates/blog/intro.pot``, ``locales/pt_BR/LC_MESSAGES/blog/intro.po``), and a
file is a translation only when its name (``X.pt-br.md``) or folder (``content/pt-br/…``)
says so for one of the site's languages.
"""

from __future__ import annotations

import glob
import os
import re
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from . import languages as lang
from .dialect import DEFAULT, Extensions
from .errors import ConfigError
from .languages import Language
from .scope import Scope, parse_scope

CONFIG_NAME = "i18n-pipeline.toml"
DEFAULT_OUTPUT = "{dir}/{stem}.{lang}.md"
_OUTPUT_PLACEHOLDERS = {"dir", "stem", "relpath", "reldir", "ext", "lang"}


@dataclass(frozen=True)
class ParseOptions:
    """What the config says is translatable: its ``[frontmatter]`` and ``[shortcodes]`` tables.

    :func:`.parse.parse` takes them; they live here, with the settings they come from, so
    that loading a config (every command) does not import the parser.
    """

    frontmatter_translate: tuple[str, ...] = ("title", "summary", "description")
    frontmatter_drop: tuple[str, ...] = ("aliases",)
    shortcode_translate: tuple[str, ...] = ("caption", "alt", "title")
    extensions: Extensions = DEFAULT  # the Goldmark extensions the site has on


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
    content: Path = Path("content")  # the content root: page identities are relative to it
    locales: Path = Path("locales")
    languages: tuple[Language, ...] = ()
    source_language: str = lang.DEFAULT_SOURCE_LANGUAGE  # Hugo's defaultContentLanguage
    output: str = DEFAULT_OUTPUT
    parse_options: ParseOptions = field(default_factory=ParseOptions)
    min_complete: float = 80.0
    line_numbers: bool = False
    fuzzy_threshold: float = 0.6
    allow_url_overrides: bool = True  # a translator's own http(s) URL may replace a link
    url_hosts: tuple[str, ...] = ()  # ``checks.url_hosts``: hosts an override may go to
    memory_threshold: float = 0.75  # similarity for close translation-memory matches
    verify_hugo: str | None = None  # ``verify.hugo``: the Hugo to build with (default: pinned)
    verify_text_attributes: tuple[str, ...] = ()  # ``verify.text_attributes``: may differ
    scope: Scope = field(default_factory=Scope)  # which pages get catalogs in which languages
    # ``[new_catalogs.<lang>]``: what ``update`` writes into the header of a new catalog, so
    # a team's pages carry its ``author`` and credit line (see :mod:`.pagemeta`)
    new_catalogs: Mapping[str, NewCatalog] = field(default_factory=dict)
    path: Path | None = None  # the file it came from, if any

    def __post_init__(self) -> None:
        # ``Config(root=…, languages=("de", "pt-br"))``: plain keys get Babel's locales
        given: tuple[Language | str, ...] = self.languages
        if any(isinstance(item, str) for item in given):
            converted = tuple(
                lang.language(item) if isinstance(item, str) else item for item in given
            )
            object.__setattr__(self, "languages", converted)

    @property
    def locales_dir(self) -> Path:
        return self.locales if self.locales.is_absolute() else self.root / self.locales

    @property
    def content_dir(self) -> Path:
        return self.content if self.content.is_absolute() else self.root / self.content

    @property
    def keys(self) -> tuple[str, ...]:
        """The site's language keys (``de``, ``pt-br``), in the config's order."""
        return tuple(language.key for language in self.languages)

    def language(self, code: str) -> Language:
        """The language ``code`` (a key or a locale) names: the site's, else a new one."""
        return lang.find(self.languages, code)

    def with_languages(self, codes: Iterable[str]) -> Config:
        """This config, with the languages ``codes`` name added (``--lang`` for a new one)."""
        added = [self.language(code) for code in codes]
        merged = {language.key: language for language in (*self.languages, *added)}
        return replace(self, languages=tuple(merged.values()))

    def template_path(self, domain: str) -> Path:
        return self.locales_dir / "templates" / f"{domain}.pot"

    def catalog_path(self, language: str, domain: str) -> Path:
        """The PO file of page ``domain`` for the language keyed ``language``: its folder is
        the gettext locale (``pt_BR``), not the site's key (``pt-br``)."""
        return self.catalog_dir(language) / f"{domain}.po"

    def catalog_dir(self, language: str) -> Path:
        return self.locales_dir / self.language(language).locale / "LC_MESSAGES"

    def language_catalogs(self, language: str) -> list[Path]:
        """Every PO file of a language, in nested folders too (the translation memory's input)."""
        folder = self.catalog_dir(language)
        return sorted(folder.rglob("*.po")) if folder.is_dir() else []

    def domain_of(self, source: Path) -> str:
        """A page's identity: its path under the content root, without the extension.

        ``content/blog/intro.md`` is ``blog/intro``, a bundle's ``docs/intro/index.md`` is
        ``docs/intro/index``, so two ``intro.md`` never share a catalog.  ``X.en.md``, with
        ``en`` the source language, is the page ``X``, as it is for Hugo.  A source outside
        the content root is named from the site root, else (outside the site) by its stem.
        """
        relative = self._relative(source)
        name = relative.as_posix()
        name = name[: -len(relative.suffix)] if relative.suffix else name
        default = f".{self.source_language}"
        if name.endswith(default) and len(name) > len(default):
            name = name[: -len(default)]
        return name

    def _relative(self, source: Path) -> Path:
        absolute = Path(os.path.abspath(source))
        for base in (self.content_dir, self.root):
            try:
                return absolute.relative_to(base)
            except ValueError:
                pass
        resolved = absolute.resolve()
        for base in (self._resolved_content, self._resolved_root):
            try:
                return resolved.relative_to(base)
            except ValueError:
                pass
        return Path(source.name)

    def output_path(self, source: Path, language: str) -> Path:
        """Where the translation of ``source`` goes (``{dir}``, ``{stem}``, ``{relpath}``…)."""
        return self.output_paths(source, (language,))[language]

    def output_paths(self, source: Path, languages: Iterable[str]) -> dict[str, Path]:
        """:meth:`output_path` for several languages, working out the source's parts once.

        ``{relpath}`` and ``{reldir}`` are relative to the content root (so
        ``content/{lang}/{relpath}`` gives ``content/de/blog/x.md``); ``{stem}`` drops the
        source language's key (``x.en.md`` → ``x.de.md``, as Hugo pairs them).
        """
        absolute = Path(os.path.abspath(source))
        relative = self._relative(source)
        stem = source.stem
        if stem.endswith(f".{self.source_language}"):
            stem = stem[: -len(self.source_language) - 1]
        values = {
            "dir": str(absolute.parent),
            "stem": stem,
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
        """How a file is named in what we write (``#:`` references, comments): relative to
        the site root, POSIX style, never a machine's absolute path when it is in the site."""
        absolute = source.resolve()
        try:
            return absolute.relative_to(self._resolved_root).as_posix()
        except ValueError:
            return source.as_posix()

    @cached_property
    def _resolved_root(self) -> Path:
        """``root.resolve()``, once: each call takes an ``lstat`` per folder of the path,
        and :meth:`reference` is asked for every source of a run."""
        return self.root.resolve()

    @cached_property
    def _resolved_content(self) -> Path:
        """``content_dir.resolve()``, once (see :attr:`_resolved_root`)."""
        return self.content_dir.resolve()

    def _translation_dirs(self) -> dict[str, Path]:
        """For ``content/{lang}/{relpath}``: each language's folder (``content/pt-br``)."""
        head = self.output.split("{", 1)[0]
        rest = self.output[len(head) :]
        if not rest.startswith("{lang}/"):
            return {}
        return {key: self.root / head / key for key in self.keys}

    def translation_language(self, path: Path) -> str | None:
        """The key of the language ``path`` is a translation into, or None for a page.

        Only the site's languages count: ``notes.bak.md`` and
        ``Update-on-crates.io-incident.md`` are pages, and so is ``X.en.md`` when ``en`` is
        the source language.  By folder: below ``content/<key>/`` for an output template
        such as ``content/{lang}/{relpath}``.
        """
        parts = path.name.split(".")
        if len(parts) >= 3 and parts[-2] in self.keys:
            return parts[-2]
        folders = self._translation_dirs()
        if folders:
            absolute = Path(os.path.abspath(path))
            for key, folder in folders.items():
                if absolute.is_relative_to(folder):
                    return key
        return None

    def is_translation(self, path: Path) -> bool:
        return self.translation_language(path) is not None

    def source_candidates(self, translation: Path) -> list[Path]:
        """The sources ``translation`` (a file :meth:`translation_language` recognises) may
        belong to: ``X.md`` or ``X.<source language>.md`` beside ``X.de.md``; or the same
        path under the content root for ``content/de/…``."""
        key = self.translation_language(translation)
        if key is None:
            return []
        absolute = Path(os.path.abspath(translation))
        folder = self._translation_dirs().get(key)
        if folder is not None and absolute.is_relative_to(folder):
            return [self.content_dir / absolute.relative_to(folder)]
        base = absolute.name[: -len(f".{key}{absolute.suffix}")]
        return [
            absolute.parent / f"{base}{absolute.suffix}",
            absolute.parent / f"{base}.{self.source_language}{absolute.suffix}",
        ]

    def _matches(self, patterns: Iterable[str]) -> set[Path]:
        found: set[Path] = set()
        for pattern in patterns:
            matches = glob.glob(pattern, root_dir=self.root, recursive=True)
            found.update(self.root / match for match in matches)
        return {path for path in found if path.is_file()}

    def find_sources(self) -> list[Path]:
        """The sources the config names; two with one identity are an error."""
        sources = sorted(
            path for path in self._matches(self.sources) if not self.is_translation(path)
        )
        check_distinct(self, sources)
        return sources

    def translation_patterns(self) -> list[str]:
        """Globs (relative to the root) for the translations of what ``sources`` names."""
        patterns = []
        for pattern in self.sources:
            folder, _, name = pattern.rpartition("/")
            stem, dot, ext = name.rpartition(".")
            content = self.content.as_posix().rstrip("/") + "/"
            relpath = pattern[len(content) :] if pattern.startswith(content) else pattern
            reldir = relpath.rpartition("/")[0]
            values = {"dir": folder or ".", "stem": stem if dot else name, "relpath": relpath,
                      "reldir": reldir, "ext": ext if dot else ""}  # fmt: skip
            for key in self.keys:
                try:
                    patterns.append(self.output.format(**values, lang=key))
                except (KeyError, IndexError):
                    continue
        return patterns

    def find_translations(self) -> list[Path]:
        """Every file that is a translation by its name or folder, among the files the
        ``sources`` patterns name, or would name in a language's folder."""
        found = self._matches([*self.sources, *self.translation_patterns()])
        return sorted(path for path in found if self.is_translation(path))


def check_distinct(config: Config, sources: Iterable[Path]) -> None:
    """Refuse two sources with one identity (``x.md`` and ``x.markdown``, ``x.md`` and
    ``x.en.md``, or two stems outside the site): they would share one catalog."""
    seen: dict[str, Path] = {}
    for source in sources:
        domain = config.domain_of(source)
        other = seen.setdefault(domain, source)
        if other != source:
            raise ConfigError(
                f"two sources would share the catalog {domain!r}: {config.reference(other)} and "
                f"{config.reference(source)}; rename one",
                source,
            )


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


# --- the table of keys --------------------------------------------------------------------
# A checker takes the TOML value and returns what the Config field gets, or raises
# ValueError with what was expected ("must be …").  It is called only for keys present.

Checker = Callable[[Any], Any]


def strings(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError("must be a list of strings")
    return tuple(value)


def text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def folder(value: Any) -> Path:
    return Path(text(value))


def flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false (without quotes)")
    return value


def number(low: float, high: float) -> Checker:
    def check(value: Any) -> float:
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not low <= value <= high
        ):
            raise ValueError(f"must be a number between {low:g} and {high:g}")
        return float(value)

    return check


def output_template(value: Any) -> str:
    template = text(value)
    unknown = set(re.findall(r"\{(\w+)\}", template)) - _OUTPUT_PLACEHOLDERS
    if unknown:
        raise ValueError(f"has an unknown placeholder {{{sorted(unknown)[0]}}}")
    if "{lang}" not in template:
        raise ValueError("must contain {lang}, or every language would write the same file")
    return template


def language_key(value: Any) -> str:
    try:
        return lang.language(text(value)).key
    except ConfigError as error:
        raise ValueError(error.message) from error


def language_list(value: Any) -> tuple[Language, ...] | str:
    """``["de", "pt-br"]``; ``"hugo"`` (read from Hugo's config when loading); or a table
    ``{pt-br = {locale = "pt_BR"}}`` for a locale other than Babel's for the key."""
    if value == "hugo":
        return "hugo"
    if isinstance(value, dict):
        found = []
        for key, options in value.items():
            if not isinstance(options, dict) or set(options) - {"locale"}:
                raise ValueError(
                    f"[languages.{key}] may only set 'locale' (a gettext locale such as 'pt_BR')"
                )
            locale = options.get("locale")
            if locale is not None and not isinstance(locale, str):
                raise ValueError(f"[languages.{key}] locale must be a string")
            found.append(_language(key, locale))
        return tuple(found)
    return tuple(_language(key) for key in strings(value))


def _language(key: str, locale: str | None = None) -> Language:
    try:
        return lang.language(key, locale)
    except ConfigError as error:
        raise ValueError(error.message) from error


def lowered_strings(value: Any) -> tuple[str, ...]:
    return tuple(name.lower() for name in strings(value))


def markdown_table(value: Any) -> Extensions:
    """``[markdown]``: Hugo's Goldmark extensions the site turns off (see :mod:`.dialect`)."""
    return Extensions.from_config(value)


def _key(code: str) -> str:
    """A language as written in a table of languages (``[scope.pages]``, ``[new_catalogs]``):
    the site's key, as ``--lang`` and the commands name it."""
    return lang.language(code).key


def scope_table(value: Any) -> Scope:
    """``[scope]``: which pages get catalogs in which languages (see :mod:`.scope`)."""
    return parse_scope(value, None, _key)


def new_catalogs_table(value: Any) -> dict[str, NewCatalog]:
    """``[new_catalogs.<lang>]``: ``frontmatter`` (a table of strings) and ``notes``."""
    if not isinstance(value, dict):
        raise ValueError("must be a table of languages")
    found = {}
    for code, settings in value.items():
        where = f"'new_catalogs.{code}"
        if not isinstance(settings, dict) or set(settings) - {"frontmatter", "notes"}:
            raise ValueError(f"{where}' takes 'frontmatter' and 'notes'")
        front = settings.get("frontmatter", {})
        if not isinstance(front, dict) or not all(isinstance(v, str) for v in front.values()):
            raise ValueError(f"{where}.frontmatter' must be a table of strings")
        try:
            notes = strings(settings.get("notes", []))
        except ValueError as error:
            raise ValueError(f"{where}.notes' {error}") from error
        found[_language(code).key] = NewCatalog(dict(front), notes)
    return found


@dataclass(frozen=True)
class Key:
    """One configuration key: how its value is checked and which Config field it sets
    (``parse_options.…``: a field of :class:`ParseOptions`)."""

    check: Checker
    field: str


# One row per key; a nested TOML table's keys are dotted (``frontmatter.translate``).
KEYS: dict[str, Key] = {
    "sources": Key(strings, "sources"),
    "content": Key(folder, "content"),
    "locales": Key(folder, "locales"),
    "languages": Key(language_list, "languages"),
    "source_language": Key(language_key, "source_language"),
    "output": Key(output_template, "output"),
    "frontmatter.translate": Key(strings, "parse_options.frontmatter_translate"),
    "frontmatter.drop": Key(strings, "parse_options.frontmatter_drop"),
    "shortcodes.translate": Key(strings, "parse_options.shortcode_translate"),
    "shortcodes.code": Key(strings, "parse_options.extensions.code_shortcodes"),
    "markdown": Key(markdown_table, "parse_options.extensions"),
    "min_complete": Key(number(0, 100), "min_complete"),
    "line_numbers": Key(flag, "line_numbers"),
    "fuzzy_threshold": Key(number(0, 1), "fuzzy_threshold"),
    "allow_url_overrides": Key(flag, "allow_url_overrides"),
    "checks.url_hosts": Key(lowered_strings, "url_hosts"),
    "memory_threshold": Key(number(0, 1), "memory_threshold"),
    "verify.hugo": Key(text, "verify_hugo"),  # a path or command
    "verify.text_attributes": Key(lowered_strings, "verify_text_attributes"),
    "scope": Key(scope_table, "scope"),
    "new_catalogs": Key(new_catalogs_table, "new_catalogs"),
}


def _flatten(data: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Dotted keys and their values; a table is a key of its own only if :data:`KEYS` says so."""
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and name not in KEYS:
            yield from _flatten(value, f"{name}.")
        else:
            yield name, value


def key_line(text: str, dotted: str, table: str = "") -> int | None:
    """The 1-based line where ``dotted`` is set in TOML ``text`` (``table``: the prefix of
    the config's own table in pyproject.toml), or None.  A line scanner, not a parser:
    tomllib keeps no positions, and this only has to point at the right line for a message."""
    full = f"{table}.{dotted}" if table else dotted
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\[?\s*([^\]]+?)\s*\]\]?(?:\s*#.*)?", stripped)
        if header:
            current = re.sub(r"\s*\.\s*", ".", header.group(1)).replace('"', "")
            if current == full or current.startswith(f"{full}."):
                return number
            continue
        assigned = re.match(r"([A-Za-z0-9_.\"' -]+?)\s*=", stripped)
        if assigned:
            name = re.sub(r"\s*\.\s*", ".", assigned.group(1)).replace('"', "")
            name = f"{current}.{name}" if current else name
            if name == full or full.startswith(f"{name}.") or name.startswith(f"{full}."):
                return number
    return None


def _unknown_key(name: str) -> str:
    import difflib  # only for a config with a mistake in it

    close = difflib.get_close_matches(name, KEYS, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"unknown configuration key {name!r}{hint}"


def load_config(path: Path) -> Config:
    try:
        source = path.read_text(encoding="utf-8")
        data = tomllib.loads(source)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read configuration: {exc}", path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path, getattr(exc, "lineno", None)) from exc
    table = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("i18n-pipeline", {})
        table = "tool.i18n-pipeline"
    fields: dict[str, Any] = {}
    options: dict[str, Any] = {}
    extensions: dict[str, Any] = {}  # single settings of ``parse_options.extensions``
    for name, value in _flatten(data):
        row = KEYS.get(name)
        try:
            if row is None:
                raise ValueError(_unknown_key(name))
            checked = row.check(value)
        except ValueError as error:
            message = str(error)  # a message naming a key inside the table stands as it is
            if row is not None and not message.startswith("'"):
                message = f"'{name}' {message}"
            raise ConfigError(message, path, key_line(source, name, table)) from error
        except ConfigError as error:  # a checker of another module's table (scope)
            raise ConfigError(error.message, path, key_line(source, name, table)) from error
        if row.field.startswith("parse_options.extensions."):
            extensions[row.field.removeprefix("parse_options.extensions.")] = checked
        elif row.field.startswith("parse_options."):
            options[row.field.removeprefix("parse_options.")] = checked
        else:
            fields[row.field] = checked
    if extensions:
        options["extensions"] = replace(options.get("extensions", Extensions()), **extensions)
    root = path.parent.resolve()
    if fields.get("languages") == "hugo":
        try:
            from .hugoconfig import hugo_languages  # only for languages = 'hugo'

            hugo = hugo_languages(root)
        except ConfigError as error:
            error.message = f"languages = 'hugo': {error.message}"
            raise
        fields["languages"] = hugo.languages
        fields.setdefault("source_language", hugo.default)
    config = Config(root=root, parse_options=ParseOptions(**options), path=path, **fields)
    source_language = config.source_language
    if source_language in config.keys:
        raise ConfigError(
            f"'languages' has the source language {source_language!r}",
            path,
            key_line(source, "languages", table),
        )
    return config


__all__ = [
    "CONFIG_NAME",
    "KEYS",
    "Config",
    "Key",
    "ParseOptions",
    "check_distinct",
    "find_config",
    "key_line",
    "load_config",
]
