"""``check``: one test per rule, on segments of a real issue, plus PO-level checks and the CLI."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
import shutil
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import i18n_pipeline.gate
from conftest import CORPUS, english_issues, read, run
from i18n_pipeline import parse
from i18n_pipeline.document import Document, Segment
from i18n_pipeline.gate import (
    GateOptions,
    Severity,
    document_references,
    parsed_translation_problems,
    scheme_names,
    segment_for_msgid,
    translation_problems,
)
from i18n_pipeline.gate.schemes import _DANGEROUS_SCHEME
from i18n_pipeline.pocheck import (
    check_catalog,
    load_catalog,
    msgfmt_findings,
    toolkit_warnings,
)

ISSUE = CORPUS / "2021-02-05-newsletter.md"
GAJIM = "Gajim [1.3.0 Beta1](1) and [1.3.0 Beta2](2) have been released."


@pytest.fixture(scope="module")
def document() -> Document:
    return parse(read(ISSUE), str(ISSUE))


def _segment(document: Document, start: str) -> Segment:
    return next(s for s in document.segments if s.msgid.startswith(start))


def _errors(segment: Segment, text: str, **options: Any) -> set[str]:
    found = translation_problems(segment, text, GateOptions(**options))
    return {p.check for p in found if p.is_error}


def _warnings(segment: Segment, text: str, **options: Any) -> set[str]:
    found = translation_problems(segment, text, GateOptions(**options))
    return {p.check for p in found if not p.is_error}


# --- one rule at a time, on the Gajim paragraph of the January 2021 issue ----------------------

RULES = [
    ("stand-in removed", lambda m: m.replace("](1)", "]"), "standin-missing"),
    ("stand-in used twice", lambda m: m.replace("](2)", "](1)"), "standin-duplicated"),
    ("stand-in invented", lambda m: m + " [mehr](3)", "standin-invented"),
    ("link stand-in used as image", lambda m: m.replace("[1.3.0 Beta1]", "![1.3.0 Beta1]"),
     "standin-invented"),
    ("relative link written out", lambda m: m.replace("(1)", "(/de/gajim)"), "link-foreign"),
    ("mailto autolink added", lambda m: m + " <mailto:a@b.org>", "link-foreign"),
    ("javascript link", lambda m: m + " [klick](javascript:alert(1))", "url-scheme"),
    ("entity-encoded javascript", lambda m: m.replace("(1)", "(&#106;avascript:alert(1))"),
     "url-scheme"),
    ("javascript with a tab", lambda m: m.replace("(1)", "(java&Tab;script:alert(1))"),
     "url-scheme"),
    ("escaped colon", lambda m: m.replace("(1)", "(JAVASCRIPT\\:alert(1))"), "url-scheme"),
    ("vbscript autolink", lambda m: m + " <vbscript:msgbox(1)>", "url-scheme"),
    ("data URL", lambda m: m.replace("(2)", "(data:text/html;base64,PHNjcmlwdD4=)"),
     "url-scheme"),
    ("raw HTML", lambda m: m + " <img src=x onerror=alert(1)>", "html-introduced"),
    ("HTML that is not CommonMark", lambda m: m + " <img/src=x onerror=alert(1)>",
     "html-introduced"),
    ("HTML block", lambda m: "<div>\n" + m + "\n</div>", "html-introduced"),
    ("inline shortcode", lambda m: m + ' {{< rawhtml >}}x{{< /rawhtml >}}', "shortcode-introduced"),
    ("shortcode in code", lambda m: m + " `{{% x %}}`", "shortcode-introduced"),
    ("heading", lambda m: "# " + m, "markdown-structure"),
    ("indented code", lambda m: "    " + m, "markdown-structure"),
    ("code fence", lambda m: "```\n" + m + "\n```", "markdown-structure"),
    ("list", lambda m: "- " + m, "markdown-structure"),
    ("numbered list", lambda m: "1. " + m, "markdown-structure"),
    ("block quote", lambda m: "> " + m, "markdown-structure"),
    ("table", lambda m: "| a | b |\n|---|---|\n| " + m + " | c |", "markdown-structure"),
    ("setext underline", lambda m: m + "\n===", "markdown-structure"),
    ("thematic break", lambda m: m + "\n\n***", "markdown-structure"),
    ("list after a hard break", lambda m: m + "\n- x", "markdown-structure"),
    ("blank line", lambda m: m + "\n\nZweiter Absatz.", "markdown-structure"),
    ("link reference definition", lambda m: "[x]: https://evil.example\n\n" + m,
     "markdown-structure"),
    ("50 kB", lambda m: m + "x" * 50_000, "too-long"),
]  # fmt: skip


@pytest.mark.parametrize(("title", "change", "expected"), RULES, ids=[r[0] for r in RULES])
def test_rule(document: Document, title: str, change, expected: str) -> None:  # type: ignore[no-untyped-def]
    segment = _segment(document, GAJIM)
    refs = document_references(document)
    assert not _errors(segment, segment.msgid, references=refs)
    assert expected in _errors(segment, change(segment.msgid), references=refs)


ACCEPTED = [
    ("reordered stand-ins", lambda m: m.replace("[1.3.0 Beta1](1) and [1.3.0 Beta2](2)",
                                                "[1.3.0 Beta2](2) und [1.3.0 Beta1](1)")),
    ("escaped star", lambda m: "\\*" + m),
    ("star between spaces", lambda m: m + " 5 * 3"),
    ("snake_case", lambda m: m + " snake_case"),
    ("literal brackets in pairs", lambda m: m + " [sic]"),
    ("the word data:", lambda m: m + " Metadata: data: javascript framework"),
    ("hard break", lambda m: m.replace(". ", ".\n", 1)),
    ("emphasis added", lambda m: "*" + m[:5] + "*" + m[5:]),
]  # fmt: skip


@pytest.mark.parametrize(("title", "change"), ACCEPTED, ids=[a[0] for a in ACCEPTED])
def test_accepted(document: Document, title: str, change) -> None:  # type: ignore[no-untyped-def]
    segment = _segment(document, GAJIM)
    assert not _errors(segment, change(segment.msgid))


def test_inline_code_must_stay(document: Document) -> None:
    segment = _segment(document, "[UWPX `v.0.30.0.0`](1)")
    changed = segment.msgid.replace("`v.0.30.0.0`", "`v.0.31`")
    assert "code-changed" in _errors(segment, changed)
    assert "code-changed" in _errors(segment, segment.msgid.replace("`v.0.30.0.0`", "v.0.30"))
    added = segment.msgid + " `rm -rf`"  # shown as code, harmless: the translator's choice
    assert not _errors(segment, added)
    assert "code-added" in _warnings(segment, added)


def test_http_override_is_a_warning_unless_forbidden(document: Document) -> None:
    segment = _segment(document, GAJIM)
    text = segment.msgid.replace("(1)", "(https://gajim.org/de/)")
    assert not _errors(segment, text)
    assert "url-override" in _warnings(segment, text)
    assert "link-foreign" in _errors(segment, text, allow_url_overrides=False)


def test_image_elsewhere(document: Document) -> None:
    segment = next(s for s in document.segments if s.msgid.startswith("![Gajim has a new"))
    assert "link-foreign" in _errors(segment, segment.msgid.replace("(1", "(/img/x.png"))
    https = segment.msgid.replace("(1", "(https://evil.example/x.png")
    assert "url-override" in _errors(segment, https)  # another host than the source's
    assert "url-override" in _warnings(segment, https, url_hosts=["evil.example"])
    assert "link-foreign" in _errors(segment, https, allow_url_overrides=False)


def test_source_html_and_code_may_stay() -> None:
    source = 'Read <abbr>XEP</abbr> `0001` and {{< ref "x.md" >}} now.'
    document = parse(source)
    segment = document.segments[0]
    assert segment.msgid == "Read <abbr>XEP</abbr> `0001` and {1} now."
    assert not _errors(segment, "Lies {1} <abbr>XEP</abbr> `0001` jetzt.")
    assert "html-introduced" in _errors(segment, "Lies {1} <b>XEP</b> `0001` jetzt.")
    assert "code-changed" in _errors(segment, "Lies {1} <abbr>XEP</abbr> `0002` jetzt.")
    assert "standin-missing" in _errors(segment, "Lies <abbr>XEP</abbr> `0001` jetzt.")


def test_heading_like_source_may_become_plain() -> None:
    segment = parse("## 1. Introduction\n").segments[0]
    assert segment.msgid == "1. Introduction"
    assert not _errors(segment, "1. Einleitung")
    assert not _errors(segment, "Einleitung")
    assert "markdown-structure" in _errors(segment, "# Einleitung")


def test_reference_links_must_keep_their_targets() -> None:
    source = "See [the spec][xep] and [the list].\n\n[xep]: https://xmpp.org/x\n[the list]: /l\n"
    document = parse(source)
    segment = document.segments[0]
    refs = document_references(document)
    assert not _errors(segment, "Siehe [die Spezifikation][xep] und [Liste][the list].",
                       references=refs)  # fmt: skip
    moved = "Siehe [die Spezifikation][the list] und [Liste][the list]."
    assert {"link-foreign", "standin-missing"} <= _errors(segment, moved, references=refs)


def test_front_matter_values_are_checked(document: Document) -> None:
    title = next(s for s in document.segments if s.kind == "front matter title")
    assert not _errors(title, "Der XMPP-Newsletter Januar 2021")
    assert "html-introduced" in _errors(title, "<script>alert(1)</script>")


def test_segment_for_msgid_knows_the_stand_ins() -> None:
    segment = segment_for_msgid("A [link](1), an ![image](2) and {3}.")
    assert [(p.number, p.kind.value) for p in segment.placeholders] == [
        (1, "link"),
        (2, "image"),
        (3, "atom"),
    ]
    assert "standin-missing" in _errors(segment, "Ein [Link](1) und ein ![Bild](2).")


def test_no_false_errors_on_the_corpus() -> None:
    """Identity and marked translations of every segment pass, through the fast path where
    it applies and through the parsed gate always (every other issue here; all 63 in
    bench/bench_checks.py)."""
    count = 0
    for source in english_issues()[::2]:
        document = parse(read(source), str(source))
        page = GateOptions().on_page(document)
        for segment in document.segments:
            for text in (segment.msgid, f"ÆØ {segment.msgid} ØÆ"):
                for gate in (translation_problems, parsed_translation_problems):
                    problems = gate(segment, text, page)
                    assert not problems, (source.name, segment.msgid, problems)
                count += 1
    assert count > 5_000


def test_the_gate_never_imports_reassemble() -> None:
    """The gate is the lower layer: publishing imports it, never the other way round."""
    package = Path(i18n_pipeline.gate.__file__).parent
    for module in package.glob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                assert "reassemble" not in (node.module or ""), module.name
                assert all(alias.name != "reassemble" for alias in node.names), module.name


def test_gate_entry_points_take_one_options_value(document: Document) -> None:
    """A setting of the gate is a field of GateOptions, not a keyword of each entry point."""
    entry_points = [
        i18n_pipeline.gate.translation_problems,
        i18n_pipeline.gate.translation_errors,
        i18n_pipeline.gate.render_segment,
        i18n_pipeline.gate.render_parsed,
        i18n_pipeline.gate.parsed_translation_problems,
        i18n_pipeline.gate.match_standins,
    ]
    for function in entry_points:
        parameters = list(inspect.signature(function).parameters)
        assert parameters == ["segment", "translation", "options"], function.__name__
    options = GateOptions(url_hosts=["Example.org"])
    assert options.url_hosts == frozenset({"Example.org"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        options.allow_url_overrides = False  # type: ignore[misc]
    page = options.on_page(document)
    assert page.document is document and page.references == document_references(document)
    assert page.url_hosts == options.url_hosts


def test_toolkit_warnings_are_pofilter_tests() -> None:
    names = {p.check for p in toolkit_warnings("Hello world (really).", "Hallo  Welt (echt", "de")}
    assert {"doublespacing", "brackets", "endpunc"} <= names
    assert toolkit_warnings("Gajim [1.3](1) works.", "Gajim [1.3](1) funktioniert.", "de") == []
    assert {p.check for p in toolkit_warnings("Hello world.", "Hello world.", "de")} == {
        "unchanged"
    }


# --- PO files --------------------------------------------------------------------------------

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: de\\n"\n\n'


def test_fuzzy_entry_is_a_warning(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(HEADER + '#, fuzzy\nmsgid "Hello [x](1)."\nmsgstr "Hallo."\n')
    findings = check_catalog(po, None, "de", msgfmt=False)
    assert [(f.severity, f.check, f.line) for f in findings] == [(Severity.WARNING, "fuzzy", 6)]


def test_findings_name_file_line_and_msgid(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(HEADER + 'msgid "Hello [x](1)."\nmsgstr "Hallo [x](2)."\n')
    findings = [f for f in check_catalog(po, None, "de", msgfmt=False) if f.severity == "error"]
    assert {f.check for f in findings} == {"standin-invented", "standin-missing"}
    assert str(findings[0]).startswith(f"{po}:6: error: [standin-")
    assert str(findings[0]).endswith('(msgid: "Hello [x](1).")')


def test_salvage_keeps_good_entries(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        HEADER
        + 'msgid "a"\nmsgstr "A"\n\n'
        + 'msgid "b"\nmsgstr "B\n\n'  # unterminated string
        + 'msgid "c"\nmsgstr "C1"\n\n'
        + 'msgid "c"\nmsgstr "C2"\n\n'  # duplicate
        + 'msgid "d"\nmsgstr "D"\n'
    )
    loaded = load_catalog(po)
    assert {e.msgid: e.msgstr for e in loaded.catalog} == {"a": "A", "d": "D"}
    assert [(f.check, f.line) for f in loaded.findings] == [
        ("po-syntax", 10),
        ("po-duplicate", 12),
        ("po-duplicate", 15),
    ]
    assert loaded.catalog.metadata["Language"] == "de"


def test_undecodable_po_gives_nothing(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_bytes(HEADER.encode() + b'msgid "a"\nmsgstr "\xe4"\n')
    loaded = load_catalog(po)
    assert len(loaded.catalog) == 0
    assert [(f.check, f.line) for f in loaded.findings] == [("po-syntax", 7)]


@pytest.mark.needs_gettext
def test_msgfmt_messages_are_findings(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(HEADER + 'msgid "%d file"\nmsgstr "Datei"\n\nmsgid "x"\n')
    findings = msgfmt_findings(po, polib.pofile(str(po)))
    errors = [(f.line, f.msgid) for f in findings if f.severity is Severity.ERROR]
    assert (9, "x") in errors  # missing msgstr


# --- the command ---------------------------------------------------------------------------

CONFIG = 'sources = ["content/*.md"]\nlanguages = ["de"]\n'


@pytest.fixture
def site(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    shutil.copy(ISSUE, tmp_path / "content" / ISSUE.name)
    (tmp_path / "i18n-pipeline.toml").write_text(CONFIG)
    assert run(tmp_path, "update").exit_code == 0
    po_path = tmp_path / "locales/de/LC_MESSAGES/2021-02-05-newsletter.po"
    catalog = polib.pofile(str(po_path))
    catalog.metadata["Last-Translator"] = "Test <test@example.org>"
    for entry in catalog:
        entry.msgstr = f"ÆØ {entry.msgid} ØÆ"
    catalog.save()
    return tmp_path


def test_check_clean_catalog_exits_0(site: Path) -> None:
    result = run(site, "check")
    assert result.exit_code == 0, result.output
    assert "0 error(s)" in result.stderr


def test_check_text_and_json(site: Path) -> None:
    po_path = site / "locales/de/LC_MESSAGES/2021-02-05-newsletter.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid.startswith(GAJIM))
    entry.msgstr = entry.msgid.replace("(1)", "(javascript:alert(1))")
    catalog.save()
    line = polib.pofile(str(po_path)).find(entry.msgid).linenum

    result = run(site, "check", "--lang", "de")
    assert result.exit_code == 1
    expected = f"locales/de/LC_MESSAGES/2021-02-05-newsletter.po:{line}: error: [url-scheme]"
    assert expected in result.stdout

    result = run(site, "check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] >= 1
    found = [f for f in report["findings"] if f["check"] == "url-scheme"]
    assert found == [
        {
            "severity": "error",
            "check": "url-scheme",
            "message": "javascript: URL in the translation",
            "path": "locales/de/LC_MESSAGES/2021-02-05-newsletter.po",
            "line": line,
            "msgid": entry.msgid,
        }
    ]


def test_config_can_forbid_url_overrides(site: Path) -> None:
    po_path = site / "locales/de/LC_MESSAGES/2021-02-05-newsletter.po"
    catalog = polib.pofile(str(po_path))
    entry = next(e for e in catalog if e.msgid.startswith(GAJIM))
    entry.msgstr = entry.msgid.replace("(1)", "(https://gajim.org/de/)")
    catalog.save()
    result = run(site, "check")
    assert result.exit_code == 0
    assert "warning: [url-override]" in result.stdout
    (site / "i18n-pipeline.toml").write_text(CONFIG + "allow_url_overrides = false\n")
    result = run(site, "check")
    assert result.exit_code == 1
    assert "error: [link-foreign]" in result.stdout
    (site / "i18n-pipeline.toml").write_text(CONFIG + 'allow_url_overrides = "no"\n')
    assert "must be true or false" in run(site, "check").stderr


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["data", "DATA", "javascript", "JaVaScRiPt", "vbscript", "livescript", "script",
             "ſcript", "ıavascrıpt", "java", ":", "::", " ", "x", "-", ".", "+", "0", "é", "\n",
             "meta", "da", "ta"]
        ),
        max_size=12,
    ).map("".join)
)  # fmt: skip
def test_scheme_names_finds_what_a_full_scan_finds(view: str) -> None:
    full = [(m.group(1) or m.group(2)).lower() for m in _DANGEROUS_SCHEME.finditer(view)]
    assert scheme_names(view) == full


def test_plural_forms_on_a_page_entry_are_an_error(tmp_path: Path) -> None:
    """publish reads an entry's msgstr: plural forms a translator put on a page's entry would
    be passed by check and silently not published."""
    document = parse("Hello there.\n", "a.md")
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    po.append(
        polib.POEntry(msgid="Hello there.", msgid_plural="x", msgstr_plural={0: "Hallo.", 1: ""})
    )
    path = tmp_path / "a.po"
    po.save(str(path))
    findings = check_catalog(path, document, "de", msgfmt=False, toolkit=False)
    assert [(f.check, f.line) for f in findings if f.severity.name == "ERROR"] == [("po-plural", 5)]
