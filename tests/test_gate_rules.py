"""The gate's rules for Hugo's Markdown (issue 9): what Goldmark would make of a translation.

Each hostile translation is reported with a named error by the gate, by ``check``, and kept
out of the page by ``publish``, ``merge`` and ``import``; each harmless one passes.  The page
is a small one with every construct the rules are about (a heading with an id, a bare URL, a
list, a table, a quote, an alert, a definition, a footnote, a task), so that each payload is
tried where a translator would put it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polib
import pytest

from conftest import run
from i18n_pipeline import parse
from i18n_pipeline.document import Document, Segment
from i18n_pipeline.gate import GateOptions, translation_problems
from i18n_pipeline.gate.standins import override_problem

PAGE = """\
---
title: Test page
---

## News {#news}

Gajim [1.3](https://gajim.org/post/) is out, see https://xmpp.org/extensions/ for more.

- An item with [a link](https://xmpp.org/about/).
- A second item.

| Client | Notes |
|--------|-------|
| Gajim | Runs on [Linux](https://gajim.org/download/) |

> A quote with [a link](https://xmpp.org/).

> [!NOTE]
> An alert body.

Term
: A definition.

Text with a footnote[^1].

[^1]: The note.

Another paragraph of plain text.

See <https://xmpp.org/auto> and {{< ref "page.md" >}} too.
"""

PARAGRAPH = "Gajim [1.3](1) is out"
HEADING = "News"
ITEM = "An item with"
CELL = "Runs on"
QUOTE = "A quote with"
PLAIN = "Another paragraph"
AUTO = "See {1}"


@pytest.fixture(scope="module")
def document() -> Document:
    return parse(PAGE, "page.md")


def _segment(document: Document, start: str) -> Segment:
    return next(s for s in document.segments if s.msgid.startswith(start))


def _problems(document: Document, start: str, change: Callable[[str], str], **options: object):  # type: ignore[no-untyped-def]
    segment = _segment(document, start)
    gate = GateOptions(**options).on_page(document)  # type: ignore[arg-type]
    return translation_problems(segment, change(segment.msgid), gate)


def _errors(
    document: Document, start: str, change: Callable[[str], str], **options: object
) -> set[str]:
    return {p.check for p in _problems(document, start, change, **options) if p.is_error}


def _warnings(
    document: Document, start: str, change: Callable[[str], str], **options: object
) -> set[str]:
    return {p.check for p in _problems(document, start, change, **options) if not p.is_error}


# --- Goldmark's linkify: links the msgid does not have ------------------------------------

LINKIFIED = ["www.evil.example", "www.evil.example/x?y", "evil@evil.example"]


@pytest.mark.parametrize("payload", LINKIFIED)
@pytest.mark.parametrize("where", [PARAGRAPH, HEADING, ITEM, CELL, QUOTE, PLAIN])
def test_a_linkified_address_is_a_foreign_link(
    document: Document, where: str, payload: str
) -> None:
    assert "link-foreign" in _errors(document, where, lambda m: f"{m} {payload}")
    assert "link-foreign" in _errors(document, where, lambda m: f"{payload} {m}")


def test_an_address_goldmark_does_not_link_passes(document: Document) -> None:
    for text in ("www.evil", "evil@evil", "Strophe.js", "user at evil.example"):
        assert _errors(document, PLAIN, lambda m, t=text: f"{m} {t}") == set(), text


# --- text glued to a bare URL --------------------------------------------------------------

GLUED = ['"evil', "'/../../index.php?x", "`x`", ">x", "/evil", "evil"]


@pytest.mark.parametrize("glued", GLUED)
def test_text_glued_to_a_bare_url_is_refused(document: Document, glued: str) -> None:
    errors = _errors(document, PARAGRAPH, lambda m: m.replace("{2}", "{2}" + glued))
    assert "link-foreign" in errors


@pytest.mark.parametrize("glued", ["https://evil.example", "www.evil.example"])
def test_a_url_goldmark_links_after_another_node_is_refused(document: Document, glued: str) -> None:
    """Goldmark's linkify may start right after an inline node (here an autolink): counted
    on the parse of the restored text, whatever the stand-ins hid."""
    assert "link-foreign" in _errors(document, AUTO, lambda m: m.replace("{1}", "{1}" + glued))


def test_a_url_after_a_shortcode_is_text(document: Document) -> None:
    """Hugo renders a shortcode after Goldmark, from a placeholder word: text glued to it is
    not linked (checked with the pinned Hugo: ``{{< ref >}}https://…`` is text)."""
    glued = lambda m: m.replace("{2}", "{2}https://evil.example")  # noqa: E731
    assert _errors(document, AUTO, glued) == set()


@pytest.mark.parametrize("after", [".", ",", " ", ")", ":", "!", "?"])
def test_punctuation_goldmark_leaves_out_of_a_url_passes(document: Document, after: str) -> None:
    assert _errors(document, PARAGRAPH, lambda m: m.replace("{2}", "{2}" + after)) == set()


# --- constructs the msgid does not have ----------------------------------------------------


@pytest.mark.parametrize(
    ("where", "change", "check"),
    [
        (HEADING, lambda m: m + " {#other}", "heading-attributes"),
        (HEADING, lambda m: m + " {.x}", "heading-attributes"),
        (HEADING, lambda m: m + ' {style="position:fixed;top:0"}', "heading-attributes"),
        (HEADING, lambda m: m + ' {href="https://evil.example" src=x}', "heading-attributes"),
        (ITEM, lambda m: "[x] " + m, "tasklist-introduced"),
        (ITEM, lambda m: "[ ] " + m, "tasklist-introduced"),
        (QUOTE, lambda m: "[!WARNING] " + m, "alert-introduced"),
        (QUOTE, lambda m: "[!CAUTION]\n" + m, "alert-introduced"),
        (PLAIN, lambda m: m + "\n: a definition", "definition-introduced"),
        (PLAIN, lambda m: m + "[^1]", "footnote-introduced"),
        (PARAGRAPH, lambda m: m + "[^2]", "footnote-introduced"),
        (PLAIN, lambda m: m + "[^1]\n\n[^1]: www.evil.example", "footnote-introduced"),
    ],
)
def test_a_construct_the_msgid_lacks_is_an_error(
    document: Document, where: str, change: Callable[[str], str], check: str
) -> None:
    assert check in _errors(document, where, change)


def test_a_heading_attribute_goldmark_does_not_read_passes(document: Document) -> None:
    """``{hidden}`` has no value: Goldmark 0.161's Hugo prints it as text (checked by hand
    with the pinned Hugo, and in tests/test_dialect.py's port of the grammar)."""
    assert _errors(document, HEADING, lambda m: m + " {hidden}") == set()
    assert _errors(document, HEADING, lambda m: "Über {x} uns") == set()


# --- URL overrides -------------------------------------------------------------------------


def _override(url: str) -> Callable[[str], str]:
    return lambda m: m.replace("](1)", f"]({url})")


def test_an_override_to_the_source_host_is_a_warning(document: Document) -> None:
    change = _override("https://gajim.org/de/post/")
    assert _errors(document, PARAGRAPH, change) == set()
    assert "url-override" in _warnings(document, PARAGRAPH, change)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "https://gajim.org@evil.example/",
        "https://user:pw@gajim.org/",
        "https://gаjim.org/",  # Cyrillic a
        "https://gajim.org/\u202egnp.exe",
        "https://gajim.org/\u200bx",
        "https://gajim.org.evil.example/",
        "ftp://gajim.org/",
    ],
)
def test_an_unsafe_override_is_an_error(document: Document, url: str) -> None:
    errors = _errors(document, PARAGRAPH, _override(url))
    assert errors & {"url-override", "link-foreign"}, (url, errors)


def test_an_override_to_a_listed_host_is_a_warning(document: Document) -> None:
    change = _override("https://anoxinon.de/gajim")
    assert "url-override" in _errors(document, PARAGRAPH, change)
    listed = _errors(document, PARAGRAPH, change, url_hosts=["anoxinon.de"])
    assert listed == set()


def test_override_problem_names_the_reason() -> None:
    source = "https://xmpp.org/about/"
    assert override_problem("https://xmpp.org/de/about/", source) is None
    assert "user name" in str(override_problem("https://xmpp.org@evil.example/", source))
    assert "bidi" in str(override_problem("https://xmpp.org/\u202ex", source))
    assert "not ASCII" in str(override_problem("https://xmрp.org/", source))
    assert override_problem("https://feeds.example/de.xml", source, ["feeds.example"]) is None


# --- no false refusals ---------------------------------------------------------------------

HARMLESS = [
    lambda m: "Strophe.js: " + m,
    lambda m: "Big data:Analyse " + m,
    lambda m: "~20 Projekte " + m,
    lambda m: m + " *.",
    lambda m: m + " :-]",
    lambda m: "Nutzer<innen " + m,
    lambda m: m + " (mehr: www)",
]


@pytest.mark.parametrize("change", HARMLESS)
@pytest.mark.parametrize("where", [PARAGRAPH, ITEM, CELL, PLAIN])
def test_harmless_translations_pass(
    document: Document, where: str, change: Callable[[str], str]
) -> None:
    assert _errors(document, where, change) == set()


def test_a_complete_tag_is_still_html(document: Document) -> None:
    assert "html-introduced" in _errors(document, PLAIN, lambda m: "Nutzer<innen und Nutzer> " + m)


# --- through the commands ------------------------------------------------------------------

SOURCE = "content/page.md"
PO = "locales/de/LC_MESSAGES/page.po"

HOSTILE = [
    (PLAIN, lambda m: f"{m} www.evil.example/x?y", "link-foreign", "evil.example"),
    (PARAGRAPH, lambda m: m.replace("{2}", "{2}'/../../index.php?x"), "link-foreign", "index.php"),
    (HEADING, lambda m: m + ' {style="position:fixed"}', "heading-attributes", "position:fixed"),
    (ITEM, lambda m: "[x] " + m, "tasklist-introduced", "[x]"),
    (QUOTE, lambda m: "[!WARNING] " + m, "alert-introduced", "[!WARNING]"),
    (PLAIN, lambda m: m + "[^1]", "footnote-introduced", "[^1]ØÆ"),
    (PARAGRAPH, _override("https://gajim.org@evil.example/"), "url-override", "evil.example"),
]


def _mark(msgid: str) -> str:
    return f"ÆØ {msgid} ØÆ"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / SOURCE).write_text(PAGE, encoding="utf-8")
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    assert run(tmp_path, "update", "--lang", "de").exit_code == 0
    catalog = polib.pofile(str(tmp_path / PO))
    for entry in catalog:
        entry.msgstr = _mark(entry.msgid)
    catalog.save()
    assert run(tmp_path, "check", "--lang", "de").exit_code == 0
    return tmp_path


def _hostile_entry(
    catalog: polib.POFile, start: str, change: Callable[[str], str]
) -> polib.POEntry:
    entry = next(e for e in catalog if e.msgid.startswith(start))
    entry.msgstr = change(_mark(entry.msgid))
    return entry


def _published(site: Path) -> str:
    result = run(site, "publish", "--lang", "de", "--min-complete", "0")
    assert result.exit_code == 0, result.output
    return (site / "content/page.de.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("start", "change", "check", "payload"), HOSTILE)
def test_check_names_it_and_publish_leaves_it_out(
    site: Path, start: str, change: Callable[[str], str], check: str, payload: str
) -> None:
    clean = _published(site).count("ÆØ")
    catalog = polib.pofile(str(site / PO))
    entry = _hostile_entry(catalog, start, change)
    catalog.save()
    line = polib.pofile(str(site / PO)).find(entry.msgid).linenum
    result = run(site, "check", "--lang", "de")
    assert result.exit_code == 1
    assert f"{PO}:{line}: error: [{check}]" in result.stdout, result.stdout
    page = _published(site)
    assert payload not in page
    assert page.count("ÆØ") == clean - 1  # every other entry is still published


@pytest.mark.parametrize(("start", "change", "check", "payload"), HOSTILE)
def test_merge_rejects_it(
    site: Path, start: str, change: Callable[[str], str], check: str, payload: str
) -> None:
    contributed = polib.pofile(str(site / PO))
    entry = _hostile_entry(contributed, start, change)
    contributed.save(str(site / "contrib.po"))
    ours = polib.pofile(str(site / PO))
    ours.find(entry.msgid).msgstr = ""
    ours.save()
    result = run(site, "merge", "--lang", "de", "contrib.po")
    assert result.exit_code == 0, result.output
    assert "1 rejected" in result.stdout, result.stdout
    assert polib.pofile(str(site / PO)).find(entry.msgid).msgstr == ""
    assert payload not in _published(site)


@pytest.mark.parametrize(("start", "change", "check", "payload"), HOSTILE)
def test_import_does_not_take_it(
    site: Path, start: str, change: Callable[[str], str], check: str, payload: str
) -> None:
    """A human translation with the payload in one block: that entry is not imported as
    translated with it, and the published page does not have it."""
    (site / PO).unlink()
    document = parse(PAGE, "page.md")
    segment = _segment(document, start)
    restored = change(segment.msgid)
    for placeholder in segment.placeholders:  # a human page has URLs, not stand-ins
        token = placeholder.token if placeholder.kind.value == "atom" else f"]({placeholder.token})"
        source = (
            placeholder.source if placeholder.kind.value == "atom" else f"]({placeholder.source})"
        )
        restored = restored.replace(token, source)
    human = PAGE[: segment.start] + restored + PAGE[segment.end :]
    (site / "content/page.de.md").write_text(human, encoding="utf-8")
    result = run(site, "import", SOURCE, "content/page.de.md")
    assert result.exit_code == 0, result.output
    imported = polib.pofile(str(site / PO)).find(segment.msgid)
    assert imported is not None
    # not taken, or taken without the payload (a task marker stays in the human page's own
    # skeleton: the msgid and msgstr are the item's text)
    assert not imported.msgstr or "fuzzy" in imported.flags or payload not in imported.msgstr
    (site / "content/page.de.md").unlink()
    page = _published(site)
    assert payload not in page


def test_harmless_translations_pass_check_and_are_published(site: Path) -> None:
    catalog = polib.pofile(str(site / PO))
    changes = {PLAIN: HARMLESS[1], ITEM: HARMLESS[5], CELL: HARMLESS[4], PARAGRAPH: HARMLESS[2]}
    for start, change in changes.items():
        entry = next(e for e in catalog if e.msgid.startswith(start))
        entry.msgstr = change(_mark(entry.msgid))
    catalog.save()
    result = run(site, "check", "--lang", "de", "--severity", "error")
    assert result.exit_code == 0, result.output
    page = _published(site)
    for text in ("Big data:Analyse", "Nutzer<innen", ":-]", "~20 Projekte"):
        assert text in page, text
