"""How far each language is: translated, fuzzy and untranslated entries and source words.

Numbers come from the PO files a translator edits, counted the way ``msgfmt --statistics``
counts them, so an editor who checks with gettext sees the same figures: obsolete entries
(``#~``) and the header do not count, an entry with an empty ``msgstr`` is untranslated even if
it is marked fuzzy, and a fuzzy entry with a ``msgstr`` is fuzzy, not translated.  An issue with
no PO file yet in a language counts as wholly untranslated, from its POT, or from the source
itself when there is no POT either: a new issue shows up as work to do before anyone runs
``update``.

Source words measure the work, which entries do not (a title and a long paragraph are one
entry each).  :func:`word_count` counts the words a translator reads and writes: the URLs and
shortcodes that the msgids carry as stand-ins are not counted.  Nothing here prints; the CLI
and :mod:`.report` present the dataclasses.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import polib
from babel import Locale
from translate.lang.common import Common

from .catalog import MARKDOWN_FLAG, build_template, read_catalog
from .config import Config
from .dialect import scan_inline
from .document import is_title_kind
from .languages import gettext_locale
from .project import load_document

_NOT_WORDS = {"autolink", "bare_url", "shortcode", "standin", "code", "html"}


def word_count(msgid: str, *, markdown: bool = True) -> int:
    """The number of words a translator translates in ``msgid``.

    In a Markdown msgid (flag ``markdown-text``), link destinations and image sources (the
    stand-ins ``(1)``), atoms (``{2}``: autolinks, bare URLs, inline shortcodes), inline code
    and raw HTML tags are not words: they are copied, not translated.  Link text, image alt
    text and link titles are.  What remains is split into words by translate-toolkit
    (``Common.words``: Unicode word boundaries, UAX #29): ``1.3.0``, ``Gajim’s`` and
    ``linuxfr.org`` are one word each, ``e-mail`` is two, punctuation and emphasis markers are
    none.  (``pocount`` would also count the stand-ins, and splits ``linuxfr.org`` in two.)
    Other msgids (front matter values, shortcode attributes) are plain text, counted as is.
    """
    if markdown:
        spans: list[tuple[int, int]] = []
        for mark in scan_inline(msgid):
            if mark.kind in _NOT_WORDS:
                spans.append((mark.start, mark.end))
            elif mark.dest is not None:
                spans.append(mark.dest)
        if spans:
            pieces, position = [], 0
            for start, end in sorted(spans):
                if start >= position:
                    pieces.append(msgid[position:start])
                    position = end
            pieces.append(msgid[position:])
            msgid = " ".join(pieces)
    return len(Common.words(msgid))


@dataclass(frozen=True)
class Counts:
    """Entries and their source words in each state; adds up with ``+``."""

    translated: int = 0
    fuzzy: int = 0
    untranslated: int = 0
    translated_words: int = 0
    fuzzy_words: int = 0
    untranslated_words: int = 0

    @property
    def entries(self) -> int:
        return self.translated + self.fuzzy + self.untranslated

    @property
    def words(self) -> int:
        return self.translated_words + self.fuzzy_words + self.untranslated_words

    @property
    def percent(self) -> float:
        """Translated share of the entries, rounded down to 0.1 so 99.96 % never shows as 100."""
        if not self.entries:
            return 100.0
        return math.floor(1000 * self.translated / self.entries) / 10

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.translated + other.translated,
            self.fuzzy + other.fuzzy,
            self.untranslated + other.untranslated,
            self.translated_words + other.translated_words,
            self.fuzzy_words + other.fuzzy_words,
            self.untranslated_words + other.untranslated_words,
        )


@dataclass(frozen=True)
class IssueStats:
    """One source in one language.

    ``basis`` says what was counted: ``po`` (the language's catalog), ``pot`` (no catalog yet:
    the template, all untranslated) or ``source`` (no template either: the parsed source).
    Paths are as the config names them, relative to the site root.
    """

    issue: str  # the domain: the catalog's file name without .po
    language: str
    source: str
    catalog: str | None
    basis: str
    counts: Counts
    title: str | None = None  # the English front matter title, if it is an entry
    translated_title: str | None = None  # its translation, when translated and not fuzzy


@dataclass(frozen=True)
class LanguageStats:
    """One language: its names and its issues in source order."""

    code: str
    name: str  # in English, from Babel: "German", "Portuguese (Brazil)"
    native_name: str  # in the language itself: "Deutsch", "português (Brasil)"
    issues: tuple[IssueStats, ...] = ()

    @property
    def tag(self) -> str:
        """The BCP 47 tag for HTML ``lang`` attributes: ``pt_BR`` → ``pt-BR``."""
        return self.code.replace("_", "-")

    @property
    def counts(self) -> Counts:
        total = Counts()
        for issue in self.issues:
            total += issue.counts
        return total


@dataclass(frozen=True)
class SiteStats:
    languages: tuple[LanguageStats, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The JSON form (``stats --format json``); its shape is documented in the README."""
        return {
            "version": 1,
            "languages": [
                {
                    "code": language.code,
                    "name": language.name,
                    "native_name": language.native_name,
                    **_counts_dict(language.counts),
                    "issues": [
                        {
                            "issue": issue.issue,
                            "title": issue.title,
                            "translated_title": issue.translated_title,
                            "source": issue.source,
                            "catalog": issue.catalog,
                            "basis": issue.basis,
                            **_counts_dict(issue.counts),
                        }
                        for issue in language.issues
                    ],
                }
                for language in self.languages
            ],
        }


def _counts_dict(counts: Counts) -> dict[str, object]:
    return {
        "entries": {
            "translated": counts.translated,
            "fuzzy": counts.fuzzy,
            "untranslated": counts.untranslated,
            "total": counts.entries,
        },
        "words": {
            "translated": counts.translated_words,
            "fuzzy": counts.fuzzy_words,
            "untranslated": counts.untranslated_words,
            "total": counts.words,
        },
        "percent_translated": counts.percent,
    }


def language_names(code: str) -> tuple[str, str]:
    """The English and the native name of a language key or locale, from Babel's CLDR data."""
    locale = Locale.parse(gettext_locale(code))
    return locale.get_display_name("en") or code, locale.get_display_name(locale) or code


@dataclass
class Counter:
    """Counts the catalogs of one site, one (source, language) at a time.

    It remembers each msgid's word count and each parsed template, which every language
    shares, so reading the whole archive in four languages parses a source at most once.
    """

    config: Config
    _words: dict[tuple[str, bool], int] = field(default_factory=dict)
    _templates: dict[Path, tuple[polib.POFile, str]] = field(default_factory=dict)

    def words(self, entry: polib.POEntry) -> int:
        key = (entry.msgid, MARKDOWN_FLAG in entry.flags)
        if key not in self._words:
            self._words[key] = word_count(entry.msgid, markdown=key[1])
        return self._words[key]

    def count(self, catalog: polib.POFile) -> Counts:
        """Count one catalog's active entries as ``msgfmt --statistics`` does."""
        states = {"translated": 0, "fuzzy": 0, "untranslated": 0}
        words = dict.fromkeys(states, 0)
        for entry in catalog:
            if entry.obsolete:
                continue
            state = _state(entry)
            states[state] += 1
            words[state] += self.words(entry)
        return Counts(
            states["translated"],
            states["fuzzy"],
            states["untranslated"],
            words["translated"],
            words["fuzzy"],
            words["untranslated"],
        )

    def template(self, source: Path) -> tuple[polib.POFile, str]:
        """The POT of ``source`` if there is one, else one built from the source itself."""
        if source not in self._templates:
            path = self.config.template_path(self.config.domain_of(source))
            if path.exists():
                self._templates[source] = (read_catalog(path), "pot")
            else:
                document = load_document(self.config, source)
                template = build_template(document, self.config.reference(source))
                self._templates[source] = (template, "source")
        return self._templates[source]

    def issue(self, source: Path, language: str) -> IssueStats:
        """Stats of one source in one language; raises :class:`PipelineError` for a bad file."""
        domain = self.config.domain_of(source)
        path = self.config.catalog_path(language, domain)
        catalog_name: str | None = None
        if path.exists():
            catalog, basis = read_catalog(path), "po"
            catalog_name = self.config.reference(path)
        else:
            catalog, basis = self.template(source)
        title, translated_title = _titles(catalog)
        return IssueStats(
            issue=domain,
            language=language,
            source=self.config.reference(source),
            catalog=catalog_name,
            basis=basis,
            counts=self.count(catalog),
            title=title,
            translated_title=translated_title,
        )


def _state(entry: polib.POEntry) -> str:
    # msgfmt looks at the first plural form only; so do we.
    text = entry.msgstr_plural.get(0, "") if entry.msgid_plural else entry.msgstr
    if not text:
        return "untranslated"
    return "fuzzy" if "fuzzy" in entry.flags else "translated"


def _titles(catalog: polib.POFile) -> tuple[str | None, str | None]:
    for entry in catalog:
        # the extracted comment is the segment's kind: "front matter title", or "…Title"
        if not entry.obsolete and any(map(is_title_kind, entry.comment.split("\n"))):
            translated = entry.msgstr if _state(entry) == "translated" else None
            return entry.msgid, translated
    return None, None


def summarize(languages: Iterable[str], issues: Iterable[IssueStats]) -> SiteStats:
    """Group per-issue stats by language, languages in the order given."""
    codes = list(languages)
    grouped: dict[str, list[IssueStats]] = {code: [] for code in codes}
    for issue in issues:
        grouped.setdefault(issue.language, []).append(issue)
    result = []
    for code, rows in grouped.items():
        name, native = language_names(code)
        result.append(LanguageStats(code, name, native, tuple(rows)))
    return SiteStats(tuple(result))


__all__ = [
    "Counter",
    "Counts",
    "IssueStats",
    "LanguageStats",
    "SiteStats",
    "language_names",
    "summarize",
    "word_count",
]
