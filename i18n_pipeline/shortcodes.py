"""Hugo shortcode parameters: finding the human-readable ones and writing them back.

``{{< figure src="/img/a.png" caption="Gajim's new window" >}}``: the shortcode name and
``src`` are skeleton; ``caption`` (and whatever the config lists) is a segment of its own.
Hugo's lexer accepts ``"…"`` strings with backslash escapes and raw `` `…` `` strings; only
the double-quoted form is translated, since a raw string cannot be re-quoted safely.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARAM = re.compile(
    r"""(?P<name>[A-Za-z_][\w-]*)\s*=\s*(?:"(?P<dq>(?:[^"\\]|\\.)*)"|`[^`]*`|[^\s"`]+)""",
    re.DOTALL,
)
_NAME = re.compile(r"\{\{[<%]\s*(?P<close>/)?\s*(?P<name>[\w./-]+)")


@dataclass(frozen=True)
class ShortcodeParam:
    """A double-quoted named parameter: its name, decoded value and value span (no quotes)."""

    name: str
    value: str
    start: int
    end: int


def shortcode_name(text: str) -> str:
    """The shortcode's name (``figure``), or ``""``; closing tags give ``/name``."""
    found = _NAME.match(text)
    if not found:
        return ""
    return ("/" if found.group("close") else "") + found.group("name")


def named_params(text: str) -> list[ShortcodeParam]:
    """Double-quoted named parameters of one shortcode, with offsets into ``text``."""
    header = _NAME.match(text)
    params: list[ShortcodeParam] = []
    if not header:
        return params
    for found in _PARAM.finditer(text, header.end()):
        if found.group("dq") is None:
            continue
        raw = found.group("dq")
        params.append(
            ShortcodeParam(found.group("name"), unescape(raw), found.start("dq"), found.end("dq"))
        )
    return params


def unescape(raw: str) -> str:
    """Decode a Go-style double-quoted string body (``\\"`` and ``\\\\``)."""
    return re.sub(r"\\(.)", r"\1", raw, flags=re.DOTALL)


def escape(value: str) -> str:
    """Encode a translation for a double-quoted shortcode parameter, on one line."""
    value = " ".join(value.splitlines())
    return value.replace("\\", "\\\\").replace('"', '\\"')
