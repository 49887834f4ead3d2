"""``:title`` permalinks: a translated title becomes the page's URL.

xmpp.org's blog is configured ``permalinks: {blog: "/:year/:month/:title/"}``, so Hugo makes
the German page's URL from its German title, through ``urlize`` (Hugo 0.161.0:
``helpers/url.go`` ``URLize`` → ``helpers/path.go`` ``MakePathSanitized`` →
``common/paths/path.go`` ``Sanitize``; then ``hugolib/page__paths.go`` query-unescapes and
cleans the expanded path).  A translator's title therefore decides where the page is
written: ``a/b`` is a folder deeper, ``../../..`` replaced the German home page, ``%2e%2e``
is decoded to ``..`` too, ``!!!`` gives an empty slug (the page takes the month's list URL),
another page's title takes its URL, and a 600-character title breaks the build.  The rules
here are the gate's for a title whose section has a ``:title`` (or ``:slug``, without a
``slug`` in front matter) permalink; :func:`.project.title_findings` applies them to a site.

Known differences from Go: ``unicode.IsLetter``/``IsDigit``/``IsMark`` are taken from
Python's ``unicodedata`` (a different Unicode version at the margins), and lowercasing is
Python's ``str.lower`` but for ``İ``, which Go lowers to ``i`` alone.
"""

from __future__ import annotations

import posixpath
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote_plus

# Go's unicode.IsSpace: the Latin-1 spaces and the White_Space property.
_GO_SPACE = frozenset(
    "\t\n\v\f\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
_PATH_PUNCTUATION = frozenset("./\\_#+~-@")
_HEX = frozenset("0123456789abcdefABCDEF")
# A path component over 255 bytes is refused by Linux, macOS and Windows file systems (the
# build fails writing ``<slug>/index.html``); 200 bytes is about 30 words of a title, leaves
# room for what tools add to a name (rsync's temporary ``.<name>.XXXXXX``, a ``-2``) and
# is already more URL than anyone types.  Counted in UTF-8 bytes, as the file system does.
MAX_SLUG_BYTES = 200
# Characters that make a slug more than one path segment, or that URLs read another way.
_PATH_CHARACTERS = "/\\%#"
_TOKEN = re.compile(r":([a-z]+)")
_DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")


def _allowed(text: str, index: int, char: str) -> bool:
    if char == " ":
        return False
    category = unicodedata.category(char)
    if category[0] in "LM" or category == "Nd" or char in _PATH_PUNCTUATION:
        return True
    return (
        char == "%"
        and index + 2 < len(text)
        and text[index + 1] in _HEX
        and text[index + 2] in _HEX
    )


def sanitize(text: str) -> str:
    """Hugo's ``paths.Sanitize``: keep letters, digits, marks and ``./\\_#+~-@`` (and ``%``
    before two hex digits), a run of spaces becomes one hyphen, everything else goes."""
    out: list[str] = []
    prepend_hyphen = was_hyphen = False
    for index, char in enumerate(text):
        if _allowed(text, index, char):
            was_hyphen = char == "-"
            if prepend_hyphen:
                if not was_hyphen:
                    out.append("-")
                prepend_hyphen = False
            out.append(char)
        elif out and not was_hyphen and char in _GO_SPACE:
            prepend_hyphen = True
    return "".join(out)


def _go_lower(text: str) -> str:
    return "".join("i" if char == "\u0130" else char.lower() for char in text)


def urlize(title: str, *, remove_accents: bool = False, to_lower: bool = True) -> str:
    """The slug Hugo's ``:title`` makes of ``title`` (``removePathAccents`` and
    ``disablePathToLower`` are the site's settings, false by default)."""
    slug = sanitize(title)
    if remove_accents:
        decomposed = unicodedata.normalize("NFD", slug)
        kept = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
        slug = unicodedata.normalize("NFC", kept)
    return _go_lower(slug) if to_lower else slug


def as_path(slug: str) -> str:
    """What the slug becomes in the output path: Hugo query-unescapes the expanded
    permalink (``%2f`` is ``/``, ``+`` a space, which is then written as ``-``)."""
    return unquote_plus(slug).replace(" ", "-")


def slug_problem(slug: str, source_slug: str) -> tuple[str, str] | None:
    """``(check, message)`` when ``slug`` (a translated title's) cannot be a page's URL."""
    shown = slug if len(slug) <= 60 else slug[:57] + "..."
    if not as_path(slug).strip("-"):
        return (
            "permalink-empty",
            "the title makes an empty URL slug (the page would take its section's URL)",
        )
    path = as_path(slug)
    added = sorted({c for c in _PATH_CHARACTERS if c in slug and c not in source_slug})
    if added or any(part in (".", "..") for part in re.split(r"[/\\]", path)):
        what = ", ".join(repr(c) for c in added) or "'.' or '..' as a segment"
        return (
            "permalink-path",
            f"the title's URL slug {shown!r} has {what}: the page would move to another URL",
        )
    size = len(path.encode("utf-8"))
    if size > MAX_SLUG_BYTES:
        return (
            "permalink-too-long",
            f"the title makes a URL slug of {size} bytes (at most {MAX_SLUG_BYTES})",
        )
    return None


@dataclass(frozen=True)
class Permalinks:
    """The site's permalink patterns that use the title, by section."""

    patterns: Mapping[str, str]
    remove_accents: bool = False
    to_lower: bool = True

    @classmethod
    def from_hugo(cls, hugo: Mapping[str, Any]) -> Permalinks:
        """From the site's (lowercased) Hugo config: ``permalinks`` (flat, or by kind with
        ``page``), ``removepathaccents``, ``disablepathtolower``."""
        raw = hugo.get("permalinks") or {}
        if isinstance(raw.get("page"), dict):
            raw = raw["page"]
        patterns = {
            str(section).strip("/"): pattern
            for section, pattern in raw.items()
            if isinstance(pattern, str) and re.search(r":(title|slug)\b", pattern)
        }
        return cls(
            patterns,
            remove_accents=bool(hugo.get("removepathaccents", False)),
            to_lower=not hugo.get("disablepathtolower", False),
        )

    def pattern(self, section: str, front: Mapping[str, Any]) -> str | None:
        """The pattern that takes this page's title into its URL, if one does."""
        pattern = self.patterns.get(section)
        if pattern is None or "url" in front:
            return None
        if ":title" not in pattern and "slug" in front:
            return None  # ``:slug`` uses the title only without a slug
        return pattern

    def slug(self, title: str) -> str:
        return urlize(title, remove_accents=self.remove_accents, to_lower=self.to_lower)


def page_key(pattern: str, front: Mapping[str, Any], section: str, slug: str, name: str) -> str:
    """The page's URL path from ``pattern``; a token not modelled here keeps ``name`` in
    it, so that two pages are never said to collide on a guess."""
    date = next((str(front[key]) for key in _DATE_KEYS if key in front), "")
    values = {
        "year": date[:4],
        "month": date[5:7],
        "day": date[8:10],
        "section": section,
        "title": slug,
        "slug": slug,
    }
    unknown = False

    def replace(found: re.Match[str]) -> str:
        nonlocal unknown
        if found.group(1) in values:
            return values[found.group(1)]
        unknown = True
        return found.group(0)

    key = _TOKEN.sub(replace, pattern)
    return f"{key}\0{name}" if unknown else key


# Front matter keys that decide where a page (or a redirect to it) is written.
URL_KEYS = ("url", "slug", "aliases")
_ALIAS_BAD = re.compile(r"[%\\#?:\s]|//")


def alias_problem(alias: str) -> str | None:
    """Why ``alias`` may not be a translated page's alias, if it may not: Hugo writes a
    redirect page at it (joined to the language's root, or to the page's folder), over
    whatever page is there, the language's home page included."""
    parts = [part for part in alias.split("/") if part]
    if not parts or parts[-1].startswith("index."):
        return f"alias {alias!r} is the URL of a home or list page"
    if _ALIAS_BAD.search(alias) or any(part in (".", "..") for part in parts):
        return f"alias {alias!r} has '..', '%', '\\\\', '#', '?', ':' or '//'"
    return None


def own_url_problem(key: str, value: object) -> tuple[str, str] | None:
    """``(check, message)`` when a translation's own front matter value for ``key``
    (``url``, ``slug``, ``aliases``: kept from a hand-made page by ``import``) would let it
    take another URL than its own: a ``url`` can be any page's, the home page's included."""
    if key == "url":
        return "frontmatter-url", f"a translation may not set its own url ({value!r})"
    if key == "slug":
        if not isinstance(value, str):
            return "frontmatter-url", "slug is not a string"
        return slug_problem(urlize(value), "")
    if key == "aliases":
        values = value if isinstance(value, list) else [value]
        for alias in values:
            problem = alias_problem(alias) if isinstance(alias, str) else "alias is not a string"
            if problem is not None:
                return "frontmatter-url", problem
    return None


def carried_alias_problem(alias: str, page_url: str | None) -> str | None:
    """Why an alias a page had may not be carried to its new version: resolved as Hugo does
    (a relative alias joined to the page's folder in its language), it must name a page
    two levels deep at least: Hugo refuses to build a site with an alias at the root
    ("alias "/" resolves to website root directory"), and one at a section or home page
    writes a redirect over it."""
    if alias.startswith("/"):
        return alias_problem(alias)
    if page_url is None:
        return f"relative alias {alias!r} of a page whose URL is not known"
    resolved = posixpath.normpath(posixpath.join(page_url, alias))
    if len([part for part in resolved.split("/") if part]) < 2:
        return f"alias {alias!r} resolves to {resolved!r}, a home or section page"
    return alias_problem(resolved)
