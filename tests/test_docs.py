"""The documentation a newcomer reads: every relative link resolves, the README stays short.

Links are found as markdown-it-py finds them (so nothing inside code spans or fenced blocks
counts), and ``#anchors`` are checked against the heading ids GitHub gives a Markdown file
(github-slugger: lowercased, punctuation dropped, spaces to hyphens, ``-1``, ``-2`` for repeats),
since GitHub is where these files are read.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).parent.parent
DOCUMENTS = sorted(
    [
        *ROOT.glob("*.md"),
        *(ROOT / "docs").glob("*.md"),
        ROOT / "bench" / "README.md",
    ]
)
README_MAX_LINES = 200

_MD = MarkdownIt("commonmark").enable("table")


def github_slug(heading: str) -> str:
    """The id GitHub gives a heading whose text (markup removed) is ``heading``.

    github-slugger keeps letters, digits, marks, connector punctuation (``_``), hyphens and
    spaces, drops everything else, and turns each space into a hyphen without merging them.
    """
    kept = []
    for char in heading.lower():
        category = unicodedata.category(char)
        if char in " -_" or category[0] in "LNM":
            kept.append(char)
    return "".join(kept).replace(" ", "-")


def _text(inline: Token) -> str:
    """A heading's text as GitHub renders it: code spans and link texts without their markup."""
    return "".join(
        child.content for child in inline.children or () if child.type in ("text", "code_inline")
    )


@cache
def anchors(path: Path) -> frozenset[str]:
    tokens = _MD.parse(path.read_text(encoding="utf-8"))
    seen: dict[str, int] = {}
    ids = set()
    for opening, inline in pairwise(tokens):
        if opening.type != "heading_open":
            continue
        slug = github_slug(_text(inline))
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        ids.add(slug if count == 0 else f"{slug}-{count}")
    return frozenset(ids)


def links(path: Path) -> Iterator[tuple[int, str]]:
    """(line, destination) of every link and image, reference links resolved."""
    for token in _MD.parse(path.read_text(encoding="utf-8")):
        for child in token.children or ():
            target = child.attrs.get("href") or child.attrs.get("src")
            if child.type in ("link_open", "image") and isinstance(target, str):
                yield (token.map[0] + 1 if token.map else 0), target


def broken_links(path: Path) -> list[str]:
    problems = []
    for line, target in links(path):
        parts = urlsplit(target)
        if parts.scheme or target.startswith("//"):
            continue  # an absolute URL: not ours to check offline
        where = f"{path.name}:{line}: {target}"
        file = (path.parent / unquote(parts.path)).resolve() if parts.path else path
        if not file.exists():
            problems.append(f"{where}: no such file")
        elif parts.fragment:
            if file.suffix != ".md":
                problems.append(f"{where}: an anchor into a file that is not Markdown")
            elif unquote(parts.fragment) not in anchors(file):
                problems.append(f"{where}: no heading with this id in {file.name}")
    return problems


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path: Path) -> None:
    assert broken_links(path) == []


def test_documents_are_found() -> None:
    names = {str(p.relative_to(ROOT)) for p in DOCUMENTS}
    assert {"README.md", "CONTRIBUTING.md", "SECURITY.md", "CHANGELOG.md"} <= names
    assert {"docs/checks.md", "docs/configuration.md", "bench/README.md"} <= names


def test_readme_is_short() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move topics into docs/"


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("A first real example", "a-first-real-example"),
        ("Large archives: -j and incremental runs", "large-archives--j-and-incremental-runs"),
        ("Translation memory on 1,000 issues", "translation-memory-on-1000-issues"),
        ("Progress: stats and the status page", "progress-stats-and-the-status-page"),
        ("Helft uns, den Newsletter zu erstellen", "helft-uns-den-newsletter-zu-erstellen"),
        ("Größe & Übersicht", "größe--übersicht"),
        ("snake_case?", "snake_case"),
    ],
)
def test_github_slug(heading: str, slug: str) -> None:
    assert github_slug(heading) == slug


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "checks.md").write_text("# Checks\n\n## Errors\n", encoding="utf-8")
    page = tmp_path / "page.md"
    page.write_text(
        "# Title\n\n[ok](#title) [ok](checks.md#errors) [ok](checks.md)\n"
        "[gone](missing.md) [bad anchor](checks.md#nope) [far](https://example.org/x#y)\n"
        "`[in code](missing.md)`\n",
        encoding="utf-8",
    )
    assert broken_links(page) == [
        "page.md:3: missing.md: no such file",
        "page.md:3: checks.md#nope: no heading with this id in checks.md",
    ]
