"""The gate's fast path: what :func:`plain_restoration` accepts, the full gate accepts too.

``publish`` and ``check`` skip markdown-it for a translation that is plain text around its
stand-ins.  That is only sound if the fast path never accepts what the parsed gate
(:func:`parsed_translation_problems`) would report, and restores the stand-ins exactly as
the parsed path does.  Both are asserted here on every segment of the corpus and on
generated translations built to sit on the fast path's edges.
"""

from __future__ import annotations

import re
from functools import cache

import polib
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, english_issues, read
from i18n_pipeline import parse
from i18n_pipeline.document import Document, PlaceholderKind, Segment, Syntax
from i18n_pipeline.gate import (
    GateOptions,
    changes_blocks,
    parsed_translation_problems,
    plain_restoration,
    render_segment_unchecked,
    translation_problems,
)
from i18n_pipeline.gate.context import stays_on_its_line
from i18n_pipeline.reassemble import reassemble


def _agrees(document: Document, segment: Segment, translation: str) -> bool:
    """Assert the fast path's verdict is the full gate's; return whether it took it."""
    restored = plain_restoration(segment, translation)
    if restored is None:
        return False
    problems = parsed_translation_problems(segment, translation, GateOptions().on_page(document))
    assert problems == [], (segment.msgid, translation, problems)
    if translation != segment.msgid:  # an unchanged msgid is copied from the source
        reassemble_one(document, segment, translation)
    return True


def reassemble_one(document: Document, segment: Segment, translation: str) -> str:
    """What ``reassemble`` (through the fast path) writes for every segment with this msgid,
    checked against the parsed path's rendering of each; returns this segment's."""
    text = reassemble(document, {segment.msgid: translation}, drop=False).text
    same = [s for s in document.segments if s.msgid == segment.msgid]
    pieces, position = [], 0
    for other in same:
        rendered = render_segment_unchecked(other, translation)
        if other.anchor and other.anchor in document.fragment_links:
            rendered += f" {{#{other.anchor}}}"
        pieces += [document.text[position : other.start], rendered.replace("\n", document.newline)]
        position = other.end
    pieces.append(document.text[position:])
    assert text == "".join(pieces), (segment.msgid, translation)
    return render_segment_unchecked(segment, translation)


def _variants(segment: Segment) -> list[str]:
    msgid = segment.msgid
    return [
        f"ÆØ {msgid}",
        f"{msgid} (übersetzt)",
        msgid.upper(),
        f"Übersetzt: {msgid}",
        msgid.replace(" ", "  "),
    ]


@pytest.mark.parametrize("source", english_issues()[1::2], ids=lambda p: p.stem)
def test_fast_path_agrees_with_the_parsed_gate_on_the_corpus(source: object) -> None:
    """Every other issue (the rest run in tests/test_checks.py's corpus test)."""
    document = parse(read(source), str(source))  # type: ignore[arg-type]
    taken = total = 0
    for segment in document.segments:
        for translation in _variants(segment):
            total += 1
            taken += _agrees(document, segment, translation)
    # the fast path is the common case, or there is no point to it
    assert taken > 0.6 * total, (taken, total)


def test_fast_path_is_taken_by_plain_text_only() -> None:
    document = parse(read(CORPUS / "2021-02-05-newsletter.md"))
    gajim = next(s for s in document.segments if s.msgid.startswith("Gajim [1.3.0 Beta1](1)"))
    assert plain_restoration(gajim, "Gajim [1.3.0 Beta1](1) und [Beta2](2) sind da.")
    refused = [
        "Gajim [1.3.0 Beta1](1) und *[Beta2](2)* sind da.",  # emphasis: parse it
        "Gajim [1.3.0 Beta1](2) und [Beta2](1) sind da.",  # swapped: fine, but …
        "- Gajim [1.3.0 Beta1](1) und [Beta2](2).",  # a list item
        "1. Gajim [1.3.0 Beta1](1) und [Beta2](2).",  # an ordered list
        "Gajim [1.3.0 Beta1](1) und [Beta2](1).",  # stand-in twice
        "Gajim [1.3.0 Beta1](1).",  # stand-in missing
        "Gajim [1.3.0 Beta1](01) und [Beta2](2).",  # not the token the msgid has
        "Gajim ![1.3.0 Beta1](1) und [Beta2](2).",  # link as image
        "Gajim [1.3.0 Beta1](1) und [Beta2](2) auf https://example.org.",  # a URL of its own
        " Gajim [1.3.0 Beta1](1) und [Beta2](2).",  # leading space
        "Gajim [1.3.0 Beta1](1) und [Beta2](2) <b>sind</b> da.",  # HTML
        "Gajim [1.3.0 Beta1](1) und [Beta2](2) &amp; da.",  # an entity
    ]
    accepted = [text for text in refused if plain_restoration(gajim, text) is not None]
    # swapping two stand-ins is allowed and plain
    assert accepted == ["Gajim [1.3.0 Beta1](2) und [Beta2](1) sind da."]


# --- bare URLs: the one stand-in whose extent depends on its neighbours ----------------------

BARE = "See https://example.org/news for more, or <https://xmpp.org> and {{< x >}}.\n"


@cache
def _bare() -> tuple[Document, Segment]:
    document = parse(BARE)
    return document, document.segments[0]


@pytest.mark.parametrize(
    ("translation", "check"),
    [
        ("Siehe {1}.org für mehr, oder {2} und {3}.", "link-foreign"),
        ("Siehe {1}foo für mehr, oder {2} und {3}.", "link-foreign"),
        ("Siehe {1}/evil für mehr, oder {2} und {3}.", "link-foreign"),
        ("Siehe:{1} für mehr, oder {2} und {3}.", "standin-missing"),
        ("Siehe x{1} für mehr, oder {2} und {3}.", "standin-missing"),
    ],
)
def test_text_that_changes_a_bare_url_is_an_error(translation: str, check: str) -> None:
    _, segment = _bare()
    assert plain_restoration(segment, translation) is None
    errors = {p.check for p in translation_problems(segment, translation) if p.is_error}
    assert check in errors


@pytest.mark.parametrize(
    "translation",
    [
        "Siehe {1} für mehr, oder {2} und {3}.",
        "Siehe ({1}) für mehr, oder {2} und {3}.",
        "Mehr unter {1}. Oder {2} und {3}.",
        "{1} hat mehr, oder {2} und {3}.",
    ],
)
def test_bare_url_with_a_boundary_passes_both_ways(translation: str) -> None:
    document, segment = _bare()
    assert _agrees(document, segment, translation)


# One rule for both gates (:func:`bare_url_problems`): on a URL with a path, one without,
# a www. address, an e-mail address, a URL right after inline code and one ending in ")".
BARE_KINDS = (
    "Visit https://xmpp.org/extensions today.\n\nOpen https://xmpp.org today.\n\n"
    "Go to www.xmpp.org today.\n\nMail info@xmpp.org today.\n\nRun `x`https://xmpp.org/y now.\n\n"
    "See (https://xmpp.org/a_(b)) now.\n"
)  # one msgid each: a translation is written for every segment with its msgid
# What a translator may write right before and after the stand-in: plain text only, so
# that the fast path has no reason but the URL's boundaries to decline.
GLUE_BEFORE = ["Siehe ", "Siehe", "Siehe:", "Siehe (", "(", "", "Siehe\u00a0", "„", "x",
               "Siehe, ", "Siehe ("]  # fmt: skip
GLUE_AFTER = ["", " heute.", ".", ",", "!", "?!", ")", ") heute", "/x", ".org", "a", "'", '"',
              "-", "...", "'s", ":", "…", "\u00a0heute", "/", "#top", "?a=1", ".de",
              "'/../..", "“", "."]  # fmt: skip


@cache
def _bare_kinds() -> Document:
    return parse(BARE_KINDS)


def _glued(segment: Segment, before: str, after: str) -> str:
    """A translation of ``segment`` with ``before`` and ``after`` glued to its bare URL."""
    if "`x`" in segment.msgid:
        before = f"Lauf `x` {before}" if before else "Lauf `x`"
    return f"{before}{{1}}{after} mehr"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_both_gates_draw_a_bare_urls_boundaries_alike(data: st.DataObject) -> None:
    """Text glued before or after a bare URL (trailing punctuation, ``www.``, e-mail, after
    inline code): the fast path accepts exactly what the parsed gate finds nothing in, and
    renders it the same."""
    document = _bare_kinds()
    segment = data.draw(st.sampled_from(document.segments))
    before = "".join(data.draw(st.lists(st.sampled_from(GLUE_BEFORE), max_size=2)))
    after = "".join(data.draw(st.lists(st.sampled_from(GLUE_AFTER), max_size=3)))
    translation = _glued(segment, before, after)
    problems = parsed_translation_problems(segment, translation, GateOptions().on_page(document))
    fast = _agrees(document, segment, translation)
    event("fast path" if fast else "parsed gate")
    assert fast == (not problems), (segment.msgid, translation, problems)


@pytest.mark.parametrize(
    ("kind", "before", "after", "check"),
    [
        (0, "Siehe ", ".org", "link-foreign"),  # glued text extends the URL's host
        (0, "Siehe ", "/x", "link-foreign"),
        (0, "Siehe ", "'/../..", "link-foreign"),  # Goldmark keeps quotes in a path
        (1, "Siehe ", "/x", "link-foreign"),
        (2, "Siehe ", ".evil", "link-foreign"),  # www.xmpp.org.evil
        (3, "Siehe ", ".evil", "link-foreign"),  # info@xmpp.org.evil
        (3, "Siehe ", "-", "link-foreign"),  # an address followed by "-" is no link
        (0, "Siehe:", "", "standin-missing"),
        (0, "Siehe\t", "", "standin-missing"),  # Goldmark starts no link after a tab
        (3, "Siehe\u00a0", "", "standin-missing"),  # nor after a no-break space
        (0, "Siehe \\(", ")", "standin-missing"),  # nor after an escaped "("
        (1, "Siehe \\*", "\\*", "standin-missing"),  # or "*"
        (0, "Siehe \\\\(", ")", None),  # a backslash, then "(": a link
        (2, "x", "", "standin-missing"),
        (0, "Siehe ", ".", None),  # trailing punctuation is not part of the link
        (0, "Siehe ", "?!", None),
        (1, "Siehe ", "'", None),  # no path: a quote ends the host
        (5, "Siehe (", ") mehr", None),
        (4, "", "", None),  # right after inline code, as in the source
    ],
)
def test_a_bare_urls_boundary_in_both_gates(
    kind: int, before: str, after: str, check: str | None
) -> None:
    document = _bare_kinds()
    segment = document.segments[kind]
    translation = _glued(segment, before, after)
    errors = {p.check for p in translation_problems(segment, translation) if p.is_error}
    assert errors == ({check} if check else set()), (segment.msgid, translation)
    declined = check is not None or "\\" in translation  # a backslash is never plain text
    assert (plain_restoration(segment, translation) is None) == declined


# --- generated translations on the edges --------------------------------------------------------

PLAIN_WORDS = st.sampled_from(
    ["Siehe", "mehr", "und", "für", "Überblick", "l’équipe", "«", "»", "„", "“", "—", "…",
     "(", ")", ":", ".", ",", "!", "?", "'", '"', "x", "1", "2023", "1.", "-", "+", "=",
     "\u00a0", "\u202f", "Ω", "日本", "*", "**", "_", "__", "*fett*", "**fett**", "_kursiv_",
     "snake_case", "5 * 3", "`code`", "`<item/>`", "`a_b`", "`x`y"]
)  # fmt: skip
EDGE_WORDS = st.sampled_from(
    ["www.evil.example", "javascript:alert(1)", "data:text/html,x", "https://evil.example",
     "***", "~", "`", "``x``", "`a|b`", "<b>", "</b>", "&amp;", "&#106;", "\\", "[", "]", "{",
     "}", "|", "#",
     "{{<", ">}}", "\t", "\n", "  ", "[x](9)", "{9}", '[x](1 "t")', "![x](1)", "[x](01)",
     "\u2028", "\x85"]
)  # fmt: skip
SEPARATORS = st.sampled_from([" ", " ", " ", "", ", ", "\u00a0", "("])


LABELS = ["Link", "Bild", "`v1.0`", "Gajim `1.3` Beta", "wolfie_anmol", "_x_", "*x*",
          "https://x.org", "a [b] c", "`a|b`", "x `", "", "Ü ber"]  # fmt: skip


def _standin_tokens(segment: Segment, labels: list[str]) -> list[str]:
    tokens = []
    for placeholder, label in zip(segment.placeholders, labels, strict=False):
        if placeholder.kind is PlaceholderKind.ATOM:
            tokens.append(placeholder.token)
        elif placeholder.kind is PlaceholderKind.IMAGE:
            tokens.append(f"![{label}]({placeholder.token})")
        else:
            tokens.append(f"[{label}]({placeholder.token})")
    return tokens


@st.composite
def _translations(draw: st.DrawFn, segment: Segment) -> str:
    """Mostly plain text with every stand-in once, in any order; now and then one stand-in
    dropped or doubled and one piece from the edges of what the fast path accepts."""
    labels = draw(
        st.lists(
            st.sampled_from(LABELS) | st.just("Link"),
            min_size=len(segment.placeholders),
            max_size=len(segment.placeholders),
        )
    )
    code = re.findall(r"`[^`]+`", segment.msgid)  # the msgid's inline code, kept as it is
    tokens = draw(st.permutations(_standin_tokens(segment, labels) + code))
    if tokens and draw(st.integers(0, 9)) == 0:
        tokens = tokens[1:] if draw(st.booleans()) else [*tokens, tokens[0]]
    words = draw(st.lists(PLAIN_WORDS, min_size=1, max_size=10))
    if draw(st.integers(0, 3)) == 0:
        words.insert(draw(st.integers(0, len(words))), draw(EDGE_WORDS))
    pieces = list(words)
    for token in tokens:
        pieces.insert(draw(st.integers(0, len(pieces))), token)
    return "".join(piece + draw(SEPARATORS) for piece in pieces).rstrip(" ")


@cache
def _edge_segments() -> list[tuple[Document, Segment]]:
    """Segments of real issues with every kind of stand-in and emphasis, plus the bare-URL
    one above."""
    picked = [_bare()]
    wanted = {"link", "image", "atom", "emphasis", "strong", "code", "code in link"}
    for source in english_issues()[::5]:
        document = parse(read(source), str(source))
        for segment in document.segments:
            kinds = {p.kind.value for p in segment.placeholders}
            if "`" in segment.msgid:
                kinds.add("code in link" if "[`" in segment.msgid else "code")
            if "**" in segment.msgid:
                kinds.add("strong")
            elif "*" in segment.msgid or " _" in segment.msgid:
                kinds.add("emphasis")
            if kinds & wanted:
                wanted -= kinds
                picked.append((document, segment))
        if len(picked) > 16:
            break
    return picked


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_generated_translations_never_split_the_two_gates(data: st.DataObject) -> None:
    document, segment = data.draw(st.sampled_from(_edge_segments()))
    translation = data.draw(_translations(segment))
    event("fast path" if plain_restoration(segment, translation) else "parsed gate")
    _agrees(document, segment, translation)


SITE = CORPUS.parent.parent.parent  # the repository: content/ and locales/ of the sample site


@pytest.mark.parametrize("language", ["de", "fr"])
def test_fast_path_agrees_on_the_human_translations(language: str) -> None:
    """The sample site's catalogs hold real translators' text (imported from the corpus)."""
    taken = total = 0
    for source in sorted((SITE / "content" / "blog" / "newsletter").glob("*-newsletter.md")):
        document = parse(read(source), str(source))
        by_msgid = {segment.msgid: segment for segment in document.segments}
        po = SITE / "locales" / language / "LC_MESSAGES/blog/newsletter" / f"{source.stem}.po"
        catalog = polib.pofile(str(po))
        for entry in catalog.translated_entries():
            segment = by_msgid.get(entry.msgid)
            if segment is not None:
                total += 1
                taken += _agrees(document, segment, entry.msgstr)
    assert total > 100 and taken > 0.3 * total, (taken, total)


# --- the context shortcut of the parsed gate ----------------------------------------------------

LINE_WORDS = st.sampled_from(
    ["Text", "mehr", "*", "**", "_", "`code`", "[x]", "[x]:", "<b>", "<div>", "{{< x >}}", "1.",
     "1)", "-", "+", "=", "===", "---", "#", ">", "~~~", "```", "|", "\\", "  ", "\t", "!", "(",
     "é", "„", "&amp;", "www.x", "https://x.org"]
)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_line_that_stays_on_its_line_never_changes_the_blocks(data: st.DataObject) -> None:
    """When the parsed gate skips re-parsing a replacement with the lines around it, that
    parse would have found the same blocks, in every kind of context the corpus has."""
    document, segment = data.draw(st.sampled_from(_context_segments()))
    words = data.draw(st.lists(LINE_WORDS, min_size=1, max_size=8))
    replacement = " ".join(words).strip() or "x"
    if stays_on_its_line(replacement):
        event("shortcut")
        assert not changes_blocks(document, segment, replacement), (segment.kind, replacement)


@cache
def _context_segments() -> list[tuple[Document, Segment]]:
    """A segment of each kind (paragraph, list item, quote, table cell, heading...) and place."""
    picked: dict[tuple[str, str, int], tuple[Document, Segment]] = {}
    for source in english_issues()[::3]:
        document = parse(read(source), str(source))
        for segment in document.segments:
            if segment.syntax in (Syntax.YAML, Syntax.TOML, Syntax.SHORTCODE_ATTR):
                continue
            key = (segment.kind, segment.continuation, len(picked) % 4)
            picked.setdefault(key, (document, segment))
    return list(picked.values())


def test_publishing_tries_the_fast_path_once_per_translation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A translation the fast path declines goes straight to the parsed gate."""
    import sys

    import i18n_pipeline.gate.fastpath as fastpath
    import i18n_pipeline.gate.judge as judge

    reassemble_module = sys.modules[
        "i18n_pipeline.reassemble"
    ]  # the package exports a function so named

    source = english_issues()[0]
    document = parse(read(source), str(source))
    segment = next(s for s in document.segments if s.syntax is Syntax.INLINE and s.placeholders)
    calls: list[str] = []

    def counted(function):  # type: ignore[no-untyped-def]
        def wrapper(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(function.__name__)
            return function(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(reassemble_module, "restore_plain", counted(fastpath.restore_plain))
    monkeypatch.setattr(judge, "plain_restoration", counted(fastpath.plain_restoration))
    translation = f"<b>Ü</b> {segment.msgid}"  # raw HTML: not plain, and refused
    rendered = reassemble(document, {segment.msgid: translation}, drop=False)
    same = sum(1 for s in document.segments if s.msgid == segment.msgid)
    assert len(rendered.refused) == same
    assert calls == ["restore_plain"] * same
