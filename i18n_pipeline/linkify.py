"""Goldmark's linkify, ported rule for rule: which text Hugo turns into a link on its own.

Hugo enables Goldmark's ``Linkify`` extension by default, so ``https://x.org/a``,
``www.x.org`` and ``user@x.org`` written out in running text become links.  Its rules are not
GFM's nor linkify-it's (``linkify-it-py`` knows top-level domains and stops a URL at a quote;
Goldmark does neither), and the gate must know exactly where Hugo's link ends: text a
translator glues to a URL (``{1}"x``, ``{1}'/../..``) is part of the link if Goldmark says so.
Hence a port of ``extension/linkify.go`` and ``util.FindEmailIndex`` of goldmark v1.8.2 (the
version Hugo 0.161.0 builds with), with no dependency: the inline rule that uses it to record
stand-ins is in :mod:`.mdsyntax`.

Where a link may start (Goldmark's triggers): at the head of a line, after a space, after
an unescaped ``*``, ``_``, ``~`` or ``(``, and right after any other inline node (code span,
link, raw HTML, line break...), since Goldmark treats the rest of a line after a node as a new
line head.  :func:`match_at` takes the position after the trigger character.
"""

from __future__ import annotations

import re

# extension/linkify.go (v1.8.2), verbatim; Go's RE2 and Python agree on these (leftmost-first,
# ASCII classes: re.ASCII keeps \d to 0-9).
_URL = re.compile(
    r"(?:http|https|ftp)://[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+(?::\d+)?"
    r"(?:[/#?][-a-zA-Z0-9@:%_+.~#$!?&/=\(\);,'\">\^{}\[\]`]*)?",
    re.ASCII,
)
_WWW = re.compile(
    r"www\.[-a-zA-Z0-9@:%._\+~#=]{1,256}\.[a-z]+"
    r"(?:[/#?][-a-zA-Z0-9@:%_\+.~#!?&/=\(\);,'\">\^{}\[\]`]*)?",
    re.ASCII,
)
# util.go: emailTable (the local part) and emailDomainRegexp
EMAIL_LOCAL_PUNCTUATION = "!#$%&'*+-./=?^_`{|}~"  # besides letters and digits
_EMAIL_LOCAL = re.compile(r"[!#$%&'*+\-./0-9=?A-Z^_`a-z{|}~]+@")
_EMAIL_DOMAIN = re.compile(
    r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*",
    re.ASCII,
)
ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
# Goldmark calls linkify at any ASCII space but steps over a ' ' only: after a tab (or a
# no-break space, which is no trigger at all) no link starts.  '\n' stands for a line head.
TRIGGERS = frozenset(" \n*_~(")
_TRAILING = frozenset("?!.,:*_~")


def _trim(text: str, start: int, end: int) -> int:
    """The end rules Goldmark applies to a www/URL match (``.``, ``)`` and ``&entity;``)."""
    last = text[end - 1]
    if last == ".":
        return end - 1
    if last == ")":
        closing = text.count(")", start, end) - text.count("(", start, end)
        return end - closing if closing > 0 else end
    if last == ";":
        index = end - 2
        while index >= start and text[index].isascii() and text[index].isalnum():
            index -= 1
        if index != end - 2 and index >= start and text[index] == "&":
            return index
    return end


def match_at(text: str, pos: int, end: int | None = None) -> tuple[int, str] | None:
    """The end of the link Goldmark's linkify makes at ``pos``, and its kind, or None.

    ``kind`` is ``url`` (http, https, ftp), ``www`` or ``email``.  ``pos`` must be a place a
    link may start (see the module docstring); the match stops at the end of the line.
    """
    limit = len(text) if end is None else end
    if pos >= limit or text[pos] == "\n":
        return None
    found: int | None = None
    kind = "url"
    if text.startswith(("http:", "https:", "ftp:"), pos):
        url = _URL.match(text, pos, limit)  # no pattern crosses a line break
        found = url.end() if url else None
    if found is None and text.startswith("www.", pos):
        www = _WWW.match(text, pos, limit)
        found = www.end() if www else None
        kind = "www"
    if found is not None:
        found = _trim(text, pos, found)
    else:
        if text[pos] in ASCII_PUNCTUATION:
            return None
        kind = "email"
        local = _EMAIL_LOCAL.match(text, pos, limit)
        if not local:
            return None
        domain = _EMAIL_DOMAIN.match(text, local.end(), limit)
        if not domain:
            return None
        found = domain.end()
        at = local.end() - 1
        if text.find(".", at, found - 1) < 0:
            return None
        if text[found - 1] == ".":
            found -= 1
        if found < limit and text[found] in "-_":
            return None
    index = found - 1
    while index > pos and text[index] in _TRAILING:
        index -= 1
    return index + 1, kind


def url_end(text: str, start: int, end: int | None = None) -> int | None:
    """Where the link Goldmark makes of the URL or address at ``start`` ends (None: no link)."""
    found = match_at(text, start, end)
    return found[0] if found else None


__all__ = ["ASCII_PUNCTUATION", "EMAIL_LOCAL_PUNCTUATION", "TRIGGERS", "match_at", "url_end"]
