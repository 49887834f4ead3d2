"""The site-wide title rule: where a translated title would put its page.

Per page, a translated title's slug must be usable (:func:`.permalinks.slug_problem`); across
the site, two pages of one language must not get the same URL path (same section, same date
path, same slug).  A page in a language is one whose catalog exists; its title is the
translation publishing would use (translated, not fuzzy, passing the gate), else the
source's.  Where titles collide, a page already published with its title keeps its URL
(a published page keeps its URL), and every other translated title in the collision is
refused; with no such page, all of them are.  A refused title is replaced by the source's
and the collisions are looked for again, until nothing changes, so that a fallback cannot
collide either.  ``check`` reports the verdicts against the title's PO entry; ``publish``
keeps the source's title for them.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from .config import Config
from .document import Segment, title_segment
from .fileio import read_text
from .frontmatter import front_matter_data, locate
from .gate import Finding, Severity, translation_problems
from .hugoconfig import load_hugo_config
from .permalinks import Permalinks, as_path, page_key, slug_problem
from .pocheck import load_catalog

TAKEN = "permalink-taken"


@dataclass(frozen=True)
class TitleVerdict:
    """A translated title that must not be published, and why."""

    source: Path
    language: str
    check: str
    message: str
    catalog: Path
    line: int | None
    msgid: str

    def finding(self, shown: str) -> Finding:
        return Finding(Severity.ERROR, self.check, self.message, shown, self.line, self.msgid)


@dataclass
class _Page:
    source: Path
    pattern: str
    front: dict[str, object]
    section: str
    source_title: str
    translated: str | None  # the translation publishing would use
    catalog: Path
    line: int | None
    published: object = None  # the title of the page published earlier, if any


@dataclass(frozen=True)
class _Source:
    """What the rule needs of a source page, read once for every language."""

    path: Path
    section: str
    pattern: str
    front: dict[str, object]
    title: Segment


def _sources(config: Config, permalinks: Permalinks) -> list[_Source]:
    """The sources whose title makes their URL.  Only the front matter is parsed (the title
    segment is the same as in the whole page's parse): the Markdown is not needed here."""
    content = config.root / "content"
    found = []
    for source in config.find_sources():
        try:
            section = source.relative_to(content).parts[0]
        except (ValueError, IndexError):
            continue
        if section not in permalinks.patterns:
            continue
        text = read_text(source)
        front = front_matter_data(text)
        pattern = permalinks.pattern(section, front)
        fm = locate(text, 1 if text.startswith("\ufeff") else 0)
        if pattern is None or fm is None:
            continue
        from .parse import parse  # only for a site whose permalinks use titles

        head = parse(text[: fm.body_start], str(source), config.parse_options)
        title = title_segment(head.segments)
        if title is not None:
            found.append(_Source(source, section, pattern, front, title))
    return found


def _pages(config: Config, language: str, sources: list[_Source]) -> list[_Page]:
    pages = []
    for source in sources:
        catalog_path = config.catalog_path(language, config.domain_of(source.path))
        if not catalog_path.is_file():
            continue
        segment = source.title
        catalog = load_catalog(catalog_path, messages_only=True).catalog
        entry = catalog.find(segment.msgid)
        usable = entry is not None and entry.msgstr and "fuzzy" not in entry.flags
        msgstr = entry.msgstr if entry is not None and usable else None
        if msgstr is not None and any(
            problem.is_error for problem in translation_problems(segment, msgstr)
        ):
            msgstr = None  # publishing refuses it for another reason
        target = config.output_path(source.path, language)
        published = front_matter_data(read_text(target)).get("title") if target.is_file() else None
        pages.append(
            _Page(source.path, source.pattern, _own_front(source.front, catalog.metadata),
                  source.section, segment.msgid, msgstr, catalog_path, None, published)
        )  # fmt: skip
    return pages


def _own_front(front: dict[str, object], metadata: dict[str, str]) -> dict[str, object]:
    """The source's front matter with the translation's own date values (``X-Front-Matter-``
    in the catalog header, :mod:`.pagemeta`): a page's own date is part of its URL."""
    from .frontmatter import valid_value
    from .pagemeta import FRONT_MATTER_FIELD

    own = dict(front)
    for key in ("date", "publishdate", "pubdate", "published"):
        raw = next(
            (v for k, v in metadata.items() if k.lower() == (FRONT_MATTER_FIELD + key).lower()),
            None,
        )
        if raw is None:
            continue
        try:
            own[key] = valid_value(raw, "yaml")
        except ValueError:
            try:
                own[key] = valid_value(raw, "toml")
            except ValueError:
                continue
    return own


def title_verdicts(config: Config, languages: list[str]) -> list[TitleVerdict]:
    """Every translated title of the site that the permalink rules refuse."""
    permalinks = Permalinks.from_hugo(load_hugo_config(config.root))
    if not permalinks.patterns:
        return []
    verdicts: list[TitleVerdict] = []
    sources = _sources(config, permalinks)
    for language in languages:
        pages = _pages(config, language, sources)
        refused: dict[Path, tuple[str, str]] = {}
        for page in pages:
            if page.translated is None:
                continue
            slug = permalinks.slug(page.translated)
            problem = slug_problem(slug, permalinks.slug(page.source_title))
            if problem is not None:
                refused[page.source] = problem
        while True:
            by_path: dict[str, list[_Page]] = defaultdict(list)
            for page in pages:
                title = page.source_title if page.source in refused else page.translated
                slug = permalinks.slug(title or page.source_title)
                key = page_key(
                    page.pattern, page.front, page.section, as_path(slug), str(page.source)
                )
                by_path[key.rstrip("/")].append(page)
            clashes = {}
            for group in by_path.values():
                # a page published with this title keeps its URL (docs/importing.md: a
                # published page keeps its URL); without one such page, every translated
                # title is refused
                owners = [p for p in group if p.translated and p.published == p.translated]
                for page in group if len(group) > 1 else ():
                    if page.source in refused or page.translated is None:
                        continue
                    if owners == [page]:
                        continue
                    others = sorted(p.source.name for p in group if p is not page)
                    message = f"the title gives the page the URL of {', '.join(others)}"
                    clashes[page.source] = (TAKEN, message)
            if not clashes:
                break
            refused.update(clashes)
        for page in pages:
            if page.source in refused:
                check, message = refused[page.source]
                entry = load_catalog(page.catalog).catalog.find(page.source_title)
                page.line = entry.linenum if entry is not None else None  # a full read: rare
                verdicts.append(
                    TitleVerdict(
                        page.source, language, check, message, page.catalog, page.line,
                        page.source_title,
                    )
                )  # fmt: skip
    return verdicts
