"""A published translation keeps its URL when its translated title changes later.

With ``:title`` permalinks (xmpp.org: ``/:year/:month/:title/``) the German page's URL is
made from its German title, so a translator who improves the title later moves the page
and breaks every link to it.  When ``publish`` replaces a page it published before (or a
human translation it imported), it compares the URL Hugo gives the old page with the one
it gives the new page (:mod:`.permalinks`, the same model the title checks use); if they
differ, the old URL is added to the new page's ``aliases``, and the relative aliases the
old page had are carried over, so every URL the page ever had keeps working.

The alias is written *relative* to the new page (``../04/der-newsletter-april/``): Hugo
joins a relative alias to the page's own folder, language prefix included
(``hugolib/site_render.go`` ``renderAliases``), while an absolute one (``/2022/04/…``) is
taken from the site root, where the English page lives.  The source's own ``aliases`` are
dropped from translations (``frontmatter.drop``) because they name English URLs; these
name the translation's own.
"""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from . import frontmatter
from .errors import PipelineError


def _url(root: Path, source: Path, front: dict[str, Any]) -> str | None:
    from .hugoconfig import load_hugo_config
    from .permalinks import Permalinks, as_path, page_key

    permalinks = Permalinks.from_hugo(load_hugo_config(root))
    try:
        section = source.resolve().relative_to((root / "content").resolve()).parts[0]
    except (ValueError, IndexError):
        return None
    pattern = permalinks.pattern(section, front)
    title = front.get("title")
    if pattern is None or not isinstance(title, str):
        return None
    key = page_key(pattern, front, section, as_path(permalinks.slug(title)), "\0")
    return None if "\0" in key else "/" + key.strip("/") + "/"


def _front(text: str) -> dict[str, Any]:
    try:
        return frontmatter.front_matter_data(text)
    except PipelineError:
        return {}


def kept_url(root: Path, source: Path, old_text: str, new_text: str) -> tuple[str, list[str]]:
    """``new_text`` with the old page's URL (and its relative aliases) in ``aliases``.

    Returns the text and the aliases added; the text is unchanged when the URL is the
    same, when the section's permalink does not use the title, or when it cannot be told.
    """
    old_front, new_front = _front(old_text), _front(new_text)
    if old_front.get("title") == new_front.get("title") and str(old_front.get("date")) == str(
        new_front.get("date")
    ):
        carried: list[str] = []
    else:
        old_url = _url(root, source, old_front)
        new_url = _url(root, source, new_front)
        carried = []
        if old_url is not None and new_url is not None and old_url != new_url:
            base = posixpath.dirname(new_url.rstrip("/"))
            carried.append(posixpath.relpath(old_url, base) + "/")
    previous = old_front.get("aliases")
    if isinstance(previous, list):
        from .permalinks import carried_alias_problem  # a hand-made page's aliases are untrusted

        new_url = _url(root, source, new_front)
        relative = [a for a in previous if isinstance(a, str) and not a.startswith("/")]
        safe = [a for a in relative if carried_alias_problem(a, new_url) is None]
        carried = safe + carried
    current = new_front.get("aliases")
    have = [a for a in current if isinstance(a, str)] if isinstance(current, list) else []
    added = [alias for alias in dict.fromkeys(carried) if alias not in have]
    if not added:
        return new_text, []
    return _with_aliases(new_text, [*have, *added]), added


def _with_aliases(text: str, aliases: list[str]) -> str:
    start = 1 if text.startswith("\ufeff") else 0
    found = frontmatter.locate(text, start)
    if found is None:
        return text
    newline = "\r\n" if "\r\n" in text[: found.body_start] else "\n"
    value = json.dumps(aliases, ensure_ascii=False)  # a YAML flow list and a TOML array
    for entry in frontmatter.entries(text, found):
        if entry.key == "aliases":
            return text[: entry.value_start] + value + text[entry.value_end :]
    separator = ": " if found.kind == "yaml" else " = "
    end = frontmatter.top_level_end(text, found)
    prefix = "" if end == 0 or text[end - 1] in "\r\n" else newline
    return text[:end] + prefix + "aliases" + separator + value + newline + text[end:]


__all__ = ["kept_url"]
