"""Hugo shortcode parameters: finding the human-readable ones and writing them back.

``{{< figure src="/img/a.png" caption="Gajim's new window" >}}``: the shortcode name and
``src`` are skeleton; ``caption`` (and whatever the config lists) is a segment of its own.
Only double-quoted parameters are extracted; a translation is written in whichever quoting
Hugo reads back as exactly the translated text, or refused (:func:`encode_param`).

How Hugo 0.161.0 reads a quoted value (``parser/pageparser/pagelexer_shortcode.go``,
``lexShortcodeQuotedParamVal`` and ``pagelexer.go``'s ``ignoreEscapesAndEmit``):

- ``"…"`` ends at the first ``"`` not preceded by ``\\``, and may not hold a line break;
  ``\\``  followed by a backquote is an error ("unrecognized escape character");
- if the value holds at least one ``\\"``, **every** backslash in it is dropped (so ``\\\\``
  gives nothing, not ``\\``); otherwise the value is taken as written, backslashes included;
- `` `…` `` (a raw string) ends at the next backquote and is taken as written.

So ``\\`` is no escape for a backslash, and a value ending in ``\\`` cannot be double-quoted
at all: ``"C:\\"`` swallows its closing quote and the whole site fails to build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import UnwritableValue

# The double-quoted body as Hugo delimits it: ``\"`` is a quote inside, a backslash before
# anything else is a backslash (so in ``\\"`` the second one escapes the quote).
_PARAM = re.compile(
    r"""(?P<name>[A-Za-z_][\w-]*)\s*=\s*"""
    r"""(?:"(?P<dq>(?:[^"\\\n]|\\"|\\(?!"))*)"|`[^`]*`|[^\s"`]+)"""
)
_NAME = re.compile(r"\{\{[<%]\s*(?P<close>/)?\s*(?P<name>[\w./-]+)")
CHECK = "shortcode-param"


@dataclass(frozen=True)
class ShortcodeParam:
    """A double-quoted named parameter: its name, value as Hugo reads it, and the span of its
    quoted literal (quotes included: a translation may be written in the other quoting)."""

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
            ShortcodeParam(
                found.group("name"), unescape(raw), found.start("dq") - 1, found.end("dq") + 1
            )
        )
    return params


def unescape(raw: str) -> str:
    """The value Hugo reads from a double-quoted body: every backslash goes if one escapes a
    quote, none otherwise."""
    return raw.replace("\\", "") if '\\"' in raw else raw


def encode_param(value: str) -> str:
    """The quoted literal (quotes included) Hugo reads back as ``value``, on one line.

    Line breaks become spaces: a ``"…"`` value cannot hold one, and in a caption (Markdown
    to Hugo's ``figure``) a line break is a space anyway.

    Raises :class:`.UnwritableValue` when no quoting can carry it: a value with a backquote
    that also ends in a backslash, holds a backslash before a backquote, or holds both a
    backslash and a ``"``.
    """
    value = " ".join(value.splitlines())
    if "\\" not in value:
        return '"' + value.replace('"', '\\"') + '"'
    if '"' not in value and not value.endswith("\\") and "\\`" not in value:
        return '"' + value + '"'
    if "`" not in value:
        return "`" + value + "`"
    raise UnwritableValue(
        CHECK,
        "Hugo cannot read this back from a shortcode parameter: a value holding a backquote "
        "cannot also end in a backslash, have one before a backquote, or have both a "
        "backslash and a double quote (drop the backslash or the backquote)",
    )
