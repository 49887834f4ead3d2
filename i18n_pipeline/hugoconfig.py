"""The Hugo site's own configuration, read as far as the pipeline needs it.

``verify`` builds the site, and the permalink rules must know whether a page's title becomes
its URL (``permalinks``, ``removePathAccents``, ``disablePathToLower``).  Hugo looks for
``hugo.{toml,yaml,yml,json}`` (or ``config.*``) at the site root and merges the files of
``config/_default/`` (``hugo.*``/``config.*`` at the top, any other file under its own name:
``languages.json`` is the ``languages`` key).  Hugo's keys are case-insensitive: they are
lowercased here.  Environments other than ``_default`` and theme configs are not read.
:func:`hugo_languages` reads the site's languages from it, for ``languages = "hugo"``.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import languages as lang
from .errors import ConfigError
from .languages import Language

_SUFFIXES = (".toml", ".yaml", ".yml", ".json")
_TOP = ("hugo", "config")


def _yaml(text: str) -> Any:
    """A YAML file's data; PyYAML is imported only for a site configured in YAML."""
    import yaml

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ValueError(str(exc)) from exc


def _load(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".toml":
            data: Any = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = _yaml(text)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"cannot read Hugo configuration: {exc}", path) from exc
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError("Hugo configuration is not a mapping", path)
    return data


def _lower(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key).lower(): _lower(item) for key, item in value.items()}
    return value


def _merge(into: dict[str, Any], data: dict[str, Any]) -> None:
    for key, value in data.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def config_files(root: Path) -> list[Path]:
    """The files Hugo would read at ``root``, in the order they are merged."""
    files = [root / f"{name}{suffix}" for name in _TOP for suffix in _SUFFIXES]
    found = [path for path in files if path.is_file()][:1]
    folder = root / "config" / "_default"
    if folder.is_dir():
        found += sorted(p for p in folder.iterdir() if p.suffix in _SUFFIXES and p.is_file())
    return found


def load_hugo_config(root: Path) -> dict[str, Any]:
    """The merged configuration (keys lowercased); ``{}`` when the site has none."""
    merged: dict[str, Any] = {}
    for path in config_files(root):
        data = _lower(_load(path))
        if path.parent.name == "_default" and path.stem not in _TOP:
            data = {path.stem.lower(): data}
        _merge(merged, data)
    return merged


@dataclass(frozen=True)
class HugoLanguages:
    """What a Hugo config says about languages: the default one and the others, in order."""

    default: str
    languages: tuple[Language, ...]
    path: Path  # the file the languages came from


def hugo_languages(site: Path) -> HugoLanguages:
    """The languages of the Hugo site at ``site``: ``languages`` and ``defaultContentLanguage``
    from ``hugo.*``/``config.*`` or ``config/_default/`` (``languages.*`` there too).

    The default content language is the source; every other language not ``disabled`` (nor
    in ``disableLanguages``) is a translation, in Hugo's order (weight, then key).  A
    language's locale is its ``locale`` (``languageCode`` before Hugo 0.158) when set, else
    Babel's for the key.
    """
    files = config_files(site)
    if not files:
        raise ConfigError("languages = 'hugo', but no Hugo configuration found", site / "hugo.toml")
    settings = load_hugo_config(site)  # merged as Hugo merges it, keys lowercased
    table = settings.get("languages") or {}
    separate = [path for path in files if path.stem.lower() == "languages"]
    source = separate[-1] if separate else files[0]
    if not isinstance(table, dict) or not table:
        raise ConfigError("Hugo's configuration has no 'languages' table", source)
    default = str(settings.get("defaultcontentlanguage", lang.DEFAULT_SOURCE_LANGUAGE)).lower()
    disabled = {str(key).lower() for key in settings.get("disablelanguages", [])}
    found = []
    for key, options in table.items():
        options = options if isinstance(options, dict) else {}
        key = str(key).lower()  # Hugo lower-cases language keys
        if key == default or key in disabled or options.get("disabled") is True:
            continue
        locale = options.get("locale") or options.get("languagecode")
        weight = options.get("weight", 0)
        if not isinstance(weight, int) or isinstance(weight, bool):
            weight = 0  # Hugo refuses such a config; here it only sorts last
        try:
            found.append((weight, key, lang.language(key, locale and str(locale))))
        except ConfigError as error:
            raise ConfigError(f"language {key!r}: {error.message}", source) from error
    # Hugo's order: weight ascending, unweighted (0) last, then the key
    found.sort(key=lambda item: (item[0] == 0, item[0], item[1]))
    return HugoLanguages(default, tuple(item[2] for item in found), source)
