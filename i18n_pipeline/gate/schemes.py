"""``javascript:``, ``vbscript:`` and ``data:`` URLs in a translation, however disguised.

Browsers and Hugo read the raw text (an HTML attribute decodes entities, a browser drops tabs
and newlines inside a URL scheme), not markdown-it's tokens, so this rule scans text.
"""

from __future__ import annotations

import html
import re
from collections import Counter

# What a browser ignores inside a URL scheme (C0 controls: tab, newline, NUL...) is removed
# before looking for a scheme.  ``javascript:`` is an error wherever it appears; ``data:``
# only where it starts a data URL a browser would load: a media type or the ``,``/``;``
# that ends an empty one (``data:text/html,…``, ``data:,…``), not as the end of a word
# (``metadata:``) or in prose (``Big data:Analyse``, which Goldmark prints as text).
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x1f\x7f]+")
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_DANGEROUS_SCHEME = re.compile(
    r"(javascript|vbscript|livescript):"
    r"|(?<![a-z0-9+.\-])(data):(?=[a-z0-9!#$&^_.+\-]*/[a-z0-9!#$&^_.+\-]+[;,]|[;,])",
    re.IGNORECASE,
)
_SCHEME_LENGTHS = (10, 8, 4)  # javascript/livescript, vbscript, data
_MAY_HIDE_A_SCHEME = re.compile(r"[&\\\x00-\x1f\x7f]")


def _unescape_markdown(text: str) -> str:
    return _MARKDOWN_ESCAPE.sub(r"\1", text) if "\\" in text else text


def dangerous_schemes(text: str) -> Counter[str]:
    """``javascript:``, ``vbscript:`` and ``data:`` URLs, however they are disguised.

    Entities are decoded and Markdown escapes and control characters removed first, because
    HTML attributes decode entities and browsers drop tabs and newlines inside URLs.
    """
    found: Counter[str] = Counter()
    if not _MAY_HIDE_A_SCHEME.search(text):  # nothing to decode or drop: one view is enough
        views = {text}
    else:
        unescaped = _unescape_markdown(text)
        decoded = html.unescape(_unescape_markdown(html.unescape(text)))
        # as written and as decoded, control characters dropped (``java\tscript:``) and as
        # separators (``Wort\ndata:``): the view that finds the most counts
        views = set()
        for view in (unescaped, decoded):
            if _IGNORED_IN_SCHEME.search(view):
                views |= {_IGNORED_IN_SCHEME.sub("", view), _IGNORED_IN_SCHEME.sub(" ", view)}
            else:
                views.add(view)
    for view in views:
        names = scheme_names(view)
        if names:
            found |= Counter(names)
    return found


def scheme_names(view: str) -> list[str]:
    """What ``_DANGEROUS_SCHEME.finditer`` finds in ``view``, lower-cased, in order.

    Every match ends at a ``:`` and the names have fixed lengths, so trying the pattern at
    the few places before each colon finds the same matches as scanning every position
    (which, with the case-insensitive alternation and look-behind, costs ~15 µs a msgid).
    """
    found: list[str] = []
    colon = view.find(":")
    while colon >= 0:
        for length in _SCHEME_LENGTHS:
            if colon >= length:
                match = _DANGEROUS_SCHEME.match(view, colon - length)
                if match is not None and match.end() == colon + 1:
                    found.append((match.group(1) or match.group(2)).lower())
                    break
        colon = view.find(":", colon + 1)
    return found


def new_schemes(text: str, allowed: Counter[str]) -> bool:
    """Whether ``text`` has a ``javascript:``-like URL ``allowed`` does not account for."""
    if not _MAY_HIDE_A_SCHEME.search(text):
        names = scheme_names(text)
        return bool(names) and bool(Counter(names) - allowed)
    return bool(dangerous_schemes(text) - allowed)


__all__ = ["dangerous_schemes", "new_schemes", "scheme_names"]
