"""Stand-ins: which of the source's placeholders a translation uses, and what they restore.

A msgid shows link destinations, image sources, autolinks, bare URLs and inline shortcodes
as numbered stand-ins (``[text](1)``, ``![alt](2)``, ``{3}``).  :func:`match_standins` maps a
translation's stand-ins back onto the source's placeholders; publishing splices in the
source's exact bytes, and the gate reports what cannot be restored faithfully.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urlsplit

from .. import linkify
from ..dialect import scan_inline
from ..document import Placeholder, PlaceholderKind, Segment, Syntax
from ..mdsyntax import link_may_start
from ..splice import splice
from .findings import Problem, error, warning
from .options import DEFAULT, GateOptions

_DIGITS = re.compile(r"\d{1,4}")
_HTTP_URL = re.compile(r"https?://[^\s<>]+", re.IGNORECASE)
_SAFE_OVERRIDE_SCHEMES = ("http://", "https://")


@dataclass
class StandinMatch:
    """How a translation's stand-ins map onto the source's placeholders.

    ``edits`` replace each stand-in by the source's bytes (what publishing writes);
    ``problems`` say what cannot be restored faithfully.
    """

    edits: list[tuple[int, int, str]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    atoms: dict[int, Placeholder] = field(default_factory=dict)  # stand-in start → its atom

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]


def _literal_destinations(msgid: str) -> Counter[str]:
    """Destinations written out in the msgid itself (front matter, shortcode attributes)."""
    return Counter(_literal_destinations_of(msgid))


@lru_cache(maxsize=4096)
def _literal_destinations_of(msgid: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for mark in scan_inline(msgid):
        if mark.kind in ("link", "image") and mark.dest is not None:
            dest = msgid[mark.dest[0] : mark.dest[1]]
            if not _DIGITS.fullmatch(dest):
                found[dest] += 1
        elif mark.kind in ("autolink", "bare_url"):
            found[msgid[mark.start : mark.end]] += 1
    return found


def _web_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) URL a translator may write, else None."""
    plain = url.strip("<>")
    if _HTTP_URL.fullmatch(plain) and plain.lower().startswith(_SAFE_OVERRIDE_SCHEMES):
        return plain
    return None


# What may not appear anywhere in an override: characters that are invisible or reorder
# what the reader sees (bidi controls such as U+202E, zero-width spaces and joiners: Unicode
# "format" characters), other controls, and unassigned or private-use code points.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Co", "Cn", "Zl", "Zp"})


def _host(url: str) -> str | None:
    """The host of an absolute URL, lower-cased, or None (relative, or not a URL)."""
    try:
        return urlsplit(url.strip("<>")).hostname
    except ValueError:
        return None


def override_problem(url: str, source: str, hosts: Collection[str] = ()) -> str | None:
    """Why the translator's ``url`` may not replace the source's ``source``, or None.

    An override is a translator's own http(s) URL in place of a source link (a localized
    page).  It may not carry a user name (``https://xmpp.org@evil.example/`` goes to
    evil.example), invisible or bidi characters, or a host other than the source link's or
    one the config lists (``[checks] url_hosts``): a look-alike host (an IDN homograph, a
    longer name ending in the same letters) is another host.
    """
    if any(unicodedata.category(char) in _HIDDEN_CATEGORIES for char in url):
        return "has invisible or bidi control characters"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a valid URL"
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "is not an absolute http(s) URL"
    if "@" in parts.netloc:
        return "has a user name before its host"
    host = parts.hostname
    allowed = {name.lower() for name in hosts}
    if host == _host(source) or host in allowed:
        return None
    if not host.isascii():
        return f"host {host!r} is not ASCII (a look-alike of another host?)"
    return f"host {host!r} is neither the source link's nor in [checks] url_hosts"


def match_standins(
    segment: Segment,
    translation: str,
    options: GateOptions = DEFAULT,
) -> StandinMatch:
    """Find every stand-in of ``translation`` and what it restores, or why it cannot.

    Errors: a stand-in missing, used twice, unknown or of the wrong kind; a destination that
    is neither a stand-in nor an allowed override.  An override is a translator-written
    http(s) URL that takes the place of one of the source's links (or images) whose stand-in
    the translation left out: a warning (``url-override``) when :func:`override_problem`
    finds nothing wrong with it (same host, or one of ``options.url_hosts``), else an error of that
    name.  An override with no stand-in left to replace would add a link the source does not
    have, which is an error like any other foreign link.
    """
    match = StandinMatch()
    used: set[int] = set()
    overrides: list[tuple[PlaceholderKind, str, str]] = []  # kind, "link"/"image", URL
    literal = _literal_destinations(segment.msgid)

    def claim(placeholder: Placeholder | None, shown: str, kind: str) -> bool:
        if placeholder is None:
            match.problems.append(error("standin-invented", f"{shown} is not in the source"))
            return False
        if placeholder.kind.value != kind:
            match.problems.append(
                error(
                    "standin-invented",
                    f"{shown} is {'an' if kind == 'image' else 'a'} {kind} here "
                    f"but {'an' if placeholder.kind.value == 'image' else 'a'} "
                    f"{placeholder.kind.value} in the source",
                )
            )
            return False
        if placeholder.number in used:
            match.problems.append(error("standin-duplicated", f"{shown} is used twice"))
            return False
        used.add(placeholder.number)
        return True

    def foreign(kind: PlaceholderKind, name: str, url: str) -> None:
        web = _web_url(url)
        if web is None:
            match.problems.append(
                error("link-foreign", f"{name} destination {url!r} is not allowed")
            )
        elif not options.allow_url_overrides:
            message = f"{name} destination {web!r}: URL overrides are disabled"
            match.problems.append(error("link-foreign", message))
        else:
            overrides.append((kind, name, web))

    for mark in scan_inline(translation):
        if mark.kind in ("link", "image") and mark.dest is not None:
            kind = PlaceholderKind.LINK if mark.kind == "link" else PlaceholderKind.IMAGE
            dest = translation[mark.dest[0] : mark.dest[1]]
            if _DIGITS.fullmatch(dest):
                placeholder = segment.placeholder(dest)
                if claim(placeholder, f"{mark.kind} stand-in ({dest})", kind.value):
                    assert placeholder is not None
                    match.edits.append((mark.dest[0], mark.dest[1], placeholder.source))
            elif literal[dest] > 0:
                literal[dest] -= 1
            else:
                foreign(kind, mark.kind, dest)
        elif mark.kind == "standin":
            token = translation[mark.start : mark.end]
            placeholder = segment.placeholder(token)
            if claim(placeholder, f"stand-in {token}", PlaceholderKind.ATOM.value):
                assert placeholder is not None
                match.edits.append((mark.start, mark.end, placeholder.source))
                match.atoms[mark.start] = placeholder
        elif mark.kind in ("autolink", "bare_url"):
            url = translation[mark.start : mark.end]
            if literal[url] > 0:
                literal[url] -= 1
            else:
                foreign(PlaceholderKind.LINK, "link", url)
    for placeholder in segment.placeholders:
        if placeholder.number in used:
            continue
        candidates = [o for o in overrides if o[0] is placeholder.kind]
        if candidates:
            reasons = [
                override_problem(o[2], placeholder.source, options.url_hosts) for o in candidates
            ]
            chosen = next((i for i, reason in enumerate(reasons) if reason is None), 0)
            replacement = candidates[chosen]
            overrides.remove(replacement)
            _, name, url = replacement
            reason = reasons[chosen]
            if reason is None:
                message = f"{name} points to {url!r} instead of the source's {placeholder.source!r}"
                match.problems.append(warning("url-override", message))
            else:
                message = f"{name} to {url!r} replaces the source's link but {reason}"
                match.problems.append(error("url-override", message))
            continue
        shown = (
            f"stand-in {placeholder.token}"
            if placeholder.kind is PlaceholderKind.ATOM
            else f"{placeholder.kind.value} stand-in ({placeholder.token})"
        )
        match.problems.append(error("standin-missing", f"{shown} is missing"))
    for _, name, url in overrides:
        message = f"{name} to {url!r} is not in the source (an own URL may only replace one)"
        match.problems.append(error("link-foreign", message))
    return match


@lru_cache(maxsize=4096)
def restored_msgid(segment: Segment) -> str:
    """The segment's msgid with its own stand-ins restored (what the source page has)."""
    return splice(segment.msgid, match_standins(segment, segment.msgid).edits)


def is_bare_url(source: str) -> bool:
    """Whether an atom's source is a bare URL (not an ``<autolink>`` or a shortcode)."""
    return not source.startswith(("<", "{{"))


def bare_url_problems(
    msgid: str, restored: str, start: int, end: int, placeholder: Placeholder
) -> list[Problem]:
    """A bare URL restored at ``restored[start:end]`` is a link only where the text around
    it lets it be one.

    Hugo links ``https://…``, ``www.…`` and e-mail addresses written out in the text when
    they follow a space (not a tab or a no-break space), an unescaped ``(``, ``*``, ``_``,
    ``~`` or the start of a line (:func:`.mdsyntax.link_may_start`), and Goldmark's end rule
    (:func:`.linkify.url_end`) decides where the link stops.  So ``{1}.org`` would send
    readers to another site, and ``Siehe:{1}`` would drop the link; both are errors, unless
    the source has the URL in the same place (a URL right after inline code, say).

    The one implementation of this rule: the parsed gate reports what it returns, and the
    fast path (:mod:`.fastpath`) declines a translation it finds anything in.
    """
    if not _linkified(placeholder.source):
        return []  # not a link linkify made (an autolink, a shortcode, a footnote reference)
    problems: list[Problem] = []
    if linkify.url_end(restored, start) != end:
        message = f"text right after stand-in {placeholder.token} would become part of its URL"
        problems.append(error("link-foreign", message))
    before = restored[start - 1] if start else " "
    if not link_may_start(restored, start) and before != _char_before(msgid, placeholder.token):
        message = (
            f"stand-in {placeholder.token} is joined to the text before it, so it would not "
            "be a link"
        )
        problems.append(error("standin-missing", message))
    return problems


@lru_cache(maxsize=1024)
def _linkified(source: str) -> bool:
    return is_bare_url(source) and linkify.url_end(source, 0) == len(source)


def _char_before(text: str, token: str) -> str:
    index = text.find(token)
    return text[index - 1] if index > 0 else " "


def segment_for_msgid(msgid: str) -> Segment:
    """A stand-in-only segment for a msgid whose source is not at hand.

    It knows which stand-ins the msgid has (so missing or invented ones are found) but not
    what they stand for; good for checking, never for publishing.
    """
    placeholders: list[Placeholder] = []
    for mark in scan_inline(msgid):
        if mark.kind in ("link", "image") and mark.dest is not None:
            dest = msgid[mark.dest[0] : mark.dest[1]]
            if _DIGITS.fullmatch(dest):
                kind = PlaceholderKind.LINK if mark.kind == "link" else PlaceholderKind.IMAGE
                placeholders.append(Placeholder(int(dest), kind, ""))
        elif mark.kind == "standin":
            number = int(msgid[mark.start + 1 : mark.end - 1])
            placeholders.append(Placeholder(number, PlaceholderKind.ATOM, ""))
    return Segment(0, 0, msgid, Syntax.INLINE, "unknown", 0, placeholders=tuple(placeholders))


__all__ = [
    "StandinMatch",
    "bare_url_problems",
    "is_bare_url",
    "match_standins",
    "restored_msgid",
    "segment_for_msgid",
]
