"""An entry's ``#,`` flags as gettext's PO reader keeps them and msgcat writes them.

Why this exists: msgcat does not copy flags, it parses them (``po_parse_comment_special``)
into what gettext knows (``fuzzy``, one state per format language, ``range:``,
``[no-]wrap``) and writes them back in a fixed order; a flag naming a format language also
decides which directives :mod:`.powrap` must not break.  polib keeps flags as the list of
strings it read and writes them in that order, so its files change when msgcat rewrites
them.  Used by :mod:`.poformat`.

Deliberate deviation from msgcat: flags gettext does not know (e.g. Weblate's
``markdown-text``) are dropped by msgcat; we keep them, after the flags gettext knows,
because dropping them would silently lose data.
"""

from __future__ import annotations

from collections.abc import Iterable

from .formatdirs import FORMAT_PARSERS, FormatParser, skip

#: C's INT_MAX, the largest bound of a ``range:`` flag gettext stores.
_INT_MAX = 2**31 - 1

#: gettext format languages in the order msgcat writes their flags (this is
#: gettext 0.21's ``format_language`` table, checked against msgcat).
# fmt: off
_FORMAT_LANGUAGES = (
    "c", "objc", "python", "python-brace", "java", "java-printf", "csharp", "javascript",
    "scheme", "lisp", "elisp", "librep", "ruby", "sh", "awk", "lua", "object-pascal",
    "smalltalk", "qt", "qt-plural", "kde", "kde-kuit", "boost", "tcl", "perl", "perl-brace",
    "php", "gcc-internal", "gfc-internal", "ycp",
)
# fmt: on


class Flags:
    """An entry's flags as gettext's PO reader understands them.

    gettext keeps only what it knows: ``fuzzy``, one state per format
    language (the last mention wins), a ``range:`` and ``[no-]wrap``.  It
    writes them in a fixed order regardless of how they were stored.
    """

    def __init__(self, flags: Iterable[str]) -> None:
        self.fuzzy = False
        self.formats: dict[str, str] = {}
        self.range: str | None = None
        self.wrap = True
        self.extra: list[str] = []
        self._parse(_flag_tokens(flags))

    def _parse(self, tokens: list[str]) -> None:
        """Mirror ``po_parse_comment_special`` from gettext's reader."""
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            if token == "fuzzy":
                self.fuzzy = True
            elif token in ("wrap", "no-wrap"):
                self.wrap = token == "wrap"
            elif token == "range:":
                # gettext consumes the next token even when it is no range.
                value = tokens[index] if index < len(tokens) else ""
                index += 1
                parsed = _parse_range(value)
                if parsed is None:
                    self.extra += [token, value] if value else [token]
                else:
                    self.range = parsed
            elif not self._parse_format(token):
                self.extra.append(token)

    def _parse_format(self, token: str) -> bool:
        """Record a ``[no-|possible-|impossible-]LANG-format`` token."""
        if not token.endswith("-format"):
            return False
        name, state = token[: -len("-format")], "yes"
        for prefix in ("no-", "possible-", "impossible-"):
            if name.startswith(prefix) and name[len(prefix) :] in _FORMAT_LANGUAGES:
                name, state = name[len(prefix) :], prefix[:-1]
                break
        if name not in _FORMAT_LANGUAGES:
            return False
        self.formats[name] = state
        return True

    def format_parser(self) -> FormatParser | None:
        """The directive parser gettext uses to protect directives from breaks.

        gettext picks the first language (in table order) that is, or may
        be, a format string.  Languages we do not parse yield None.
        """
        for name in self._formats_in_table_order():
            if self.formats[name] in ("yes", "possible"):
                return FORMAT_PARSERS.get(name)
        return None

    def _formats_in_table_order(self) -> list[str]:
        """The languages in ``formats`` (all from ``_FORMAT_LANGUAGES``), in its order."""
        return sorted(self.formats, key=_FORMAT_LANGUAGES.index)

    def render(self, *, fuzzy: bool) -> list[str]:
        """Flags in msgcat's order, followed by the ones gettext ignores."""
        rendered = ["fuzzy"] if fuzzy else []
        for name in self._formats_in_table_order():
            state = self.formats[name]
            if state in ("yes", "possible"):
                rendered.append(f"{name}-format")
            elif state == "no":
                rendered.append(f"no-{name}-format")
        if self.range is not None:
            rendered.append(f"range: {self.range}")
        if not self.wrap:
            rendered.append("no-wrap")
        return rendered + self.extra


def _flag_tokens(flags: Iterable[str]) -> list[str]:
    """Split flags the way gettext does: on commas and any whitespace."""
    text = ",".join(flags)
    for separator in "\n \t\r\f\v":
        text = text.replace(separator, ",")
    return [token for token in text.split(",") if token]


def _parse_range(token: str) -> str | None:
    """Parse the value of a ``range: MIN..MAX`` flag as gettext does.

    Like gettext, anything after MAX's digits is ignored and an empty range
    (MIN > MAX) is rejected.
    """
    low_digits = skip(token, 0, "0123456789")
    if low_digits == 0 or not token.startswith("..", low_digits):
        return None
    high_digits = skip(token, low_digits + 2, "0123456789")
    if high_digits == low_digits + 2:
        return None
    low = min(int(token[:low_digits]), _INT_MAX)
    high = min(int(token[low_digits + 2 : high_digits]), _INT_MAX)
    return f"{low}..{high}" if low <= high else None
