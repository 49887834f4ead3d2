"""The Hugo site's own configuration, read as far as the pipeline needs it.

``verify`` builds the site, and the permalink rules must know whether a page's title becomes
its URL (``permalinks``, ``removePathAccents``, ``disablePathToLower``).  Hugo looks for
``hugo.{toml,yaml,yml,json}`` (or ``config.*``) at the site root and merges the files of
``config/_default/`` (``hugo.*``/``config.*`` at the top, any other file under its own name:
``languages.json`` is the ``languages`` key).  Hugo's keys are case-insensitive: they are
lowercased here.  Environments other than ``_default`` and theme configs are not read.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from .errors import ConfigError

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
