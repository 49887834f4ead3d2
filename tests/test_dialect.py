"""The dialect: markdown-it-py parsing Markdown the way Hugo's Goldmark does by default.

Expected values come from Goldmark v1.8.2's rules (extension/linkify.go, parser/attribute.go)
and Hugo 0.161.0's alert pattern, read in their source; tests/test_dialect_hugo.py checks a
sample of them against the pinned Hugo binary itself.
"""

from __future__ import annotations

import pytest

from i18n_pipeline.config import load_config
from i18n_pipeline.dialect import Extensions, markdown, parse_attributes, scan_inline
from i18n_pipeline.errors import ConfigError
from i18n_pipeline.linkify import match_at, url_end


def linked(text: str) -> list[str]:
    """The texts linkify turns into links, in order."""
    return [text[m.start : m.end] for m in scan_inline(text) if m.kind == "bare_url"]


@pytest.mark.parametrize(
    ("text", "links"),
    [
        ("see https://xmpp.org/a.", ["https://xmpp.org/a"]),
        ("see www.xmpp.org today", ["www.xmpp.org"]),
        ("mail me at info@xmpp.org.", ["info@xmpp.org"]),
        # Goldmark does not stop at quotes, backticks or '>' (GFM and linkify-it do)
        ('go to https://x.org/a"evil', ['https://x.org/a"evil']),
        ("go to https://x.org/'/../../index.php?x", ["https://x.org/'/../../index.php?x"]),
        ("go to https://x.org/a`x`", ["https://x.org/a`x`"]),
        ("www.evil.example/x?y", ["www.evil.example/x?y"]),
        # trailing punctuation and unbalanced parentheses are not part of it
        ("(see https://x.org/a_(b)) now", ["https://x.org/a_(b)"]),
        ("at https://x.org/?a=1&amp; now", ["https://x.org/?a=1"]),
        ("www.x.org/path?!.", ["www.x.org/path"]),
        # schemes are case-sensitive; a host needs a dot and a lower-case TLD
        ("HTTPS://x.org", []),
        ("https://localhost/x", []),
        ("www.x.ORG", []),
        # only where a link may start: not glued to a word, not after an escaped '('
        ("foowww.x.org and abc@def", []),
        ("\\(www.x.org", []),
        ("(www.x.org)", ["www.x.org"]),
        ("*www.x.org*", ["www.x.org"]),
        ("`code`www.x.org", ["www.x.org"]),
        ("line\nwww.x.org", ["www.x.org"]),
        # e-mail: the domain needs a dot; '-' or '_' right after it is no address
        ("a user@host here", []),
        ("a user@host.org- here", []),
        ("a first.last+tag@sub.host.org here", ["first.last+tag@sub.host.org"]),
        # never inside a link label or a code span
        ("[see www.x.org](https://y.org)", []),
        ("`www.x.org`", []),
    ],
)
def test_linkify_follows_goldmark(text: str, links: list[str]) -> None:
    assert linked(text) == links


def test_linkify_gives_a_link_token() -> None:
    (inline,) = [t for t in markdown().parse("www.x.org and a@b.org\n") if t.type == "inline"]
    hrefs = [c.attrs["href"] for c in inline.children or () if c.type == "link_open"]
    assert hrefs == ["https://www.x.org", "mailto:a@b.org"]


def test_linkify_can_be_turned_off() -> None:
    off = Extensions(linkify=False)
    assert [m.kind for m in scan_inline("see www.x.org", extensions=off)] == []


def test_match_at_and_url_end_agree() -> None:
    text = "see https://x.org/a'b more"
    assert match_at(text, 4) == (text.index(" more"), "url")
    assert url_end(text, 4) == text.index(" more")
    assert url_end("xhttp", 5) is None


@pytest.mark.parametrize(
    ("source", "content", "attrs"),
    [
        ("# Title {#custom}", "Title", {"id": "custom"}),
        ("## Title {.a .b #x}", "Title", {"class": "a b", "id": "x"}),
        ('## Title {style="color: red" hidden=true}', "Title", {"style": "color: red"}),
        ("## Title ## {#x}", "Title", {"id": "x"}),  # attributes first, then closing #s
        ("## Title {#x} ##", "Title {#x}", {}),  # not at the end of the line: text
        ("## Title \\{#x}", "Title \\{#x}", {}),  # escaped
        ("## Title {x}", "Title {x}", {}),  # not an attribute list
        ("Title {#set}\n=====", "Title", {"id": "set"}),  # setext too
        ("Two\nlines {#set}\n---", "Two\nlines", {"id": "set"}),
    ],
)
def test_heading_attributes(source: str, content: str, attrs: dict[str, str]) -> None:
    tokens = markdown().parse(source + "\n")
    assert tokens[0].type == "heading_open"
    assert tokens[1].content == content
    for name, value in attrs.items():
        assert tokens[0].attrGet(name) == value
    assert ("attributes" in tokens[0].meta) == bool(attrs)


def test_attributes_only_on_headings() -> None:
    tokens = markdown().parse("Paragraph {#x}\n")
    assert tokens[1].content == "Paragraph {#x}"
    off = markdown(Extensions(attribute_title=False)).parse("# T {#x}\n")
    assert off[1].content == "T {#x}"


def test_parse_attributes_grammar() -> None:
    text = '{#a .b key="v\\"w" n=1.5 list=[1, "x"]} rest'
    assert parse_attributes(text, 0) == (
        text.index(" rest"),
        [("id", "a"), ("class", "b"), ("key", 'v"w'), ("n", "1.5"), ("list", ["1", "x"])],
    )
    assert parse_attributes("{key}", 0) is None
    assert parse_attributes("{#a", 0) is None


@pytest.mark.parametrize(
    ("source", "alert"),
    [
        ("> [!NOTE]\n> Body.", {"type": "note", "sign": "", "title": ""}),
        (
            "> [!warning]- Careful now\n> Body.",
            {"type": "warning", "sign": "-", "title": "Careful now"},
        ),
        ("> [!Custom]\n> Body.", {"type": "custom", "sign": "", "title": ""}),
        ("> [NOTE]\n> Body.", None),
        ("> Text [!NOTE]", None),
    ],
)
def test_alerts(source: str, alert: dict[str, str] | None) -> None:
    tokens = markdown().parse(source + "\n")
    assert tokens[0].type == "blockquote_open"
    assert tokens[0].meta.get("alert") == alert


def test_definition_list_footnote_task_list() -> None:
    source = "Term\n: Definition\n\n- [x] done[^1]\n\n[^1]: The note.\n\nT\n~ not Goldmark\n"
    types = [t.type for t in markdown().parse(source)]
    assert types[:3] == ["dl_open", "dt_open", "inline"]
    assert "footnote_reference_open" in types
    assert types.count("dl_open") == 1  # '~' is not Goldmark's marker
    item = next(t for t in markdown().parse(source) if t.type == "list_item_open")
    assert item.meta == {"checked": True}
    off = Extensions(definitionList=False, footnote=False, taskList=False)
    types_off = [t.type for t in markdown(off).parse(source)]
    assert "dl_open" not in types_off and "footnote_reference_open" not in types_off


def test_config_turns_extensions_off(tmp_path: pytest.TempPathFactory) -> None:
    path = tmp_path / "i18n-pipeline.toml"  # type: ignore[operator]
    path.write_text(
        "[markdown.extensions]\nlinkify = false\ndefinitionList = false\n"
        "[markdown.parser.attribute]\ntitle = false\n"
    )
    extensions = load_config(path).parse_options.extensions
    assert extensions == Extensions(linkify=False, definitionList=False, attribute_title=False)
    path.write_text("[markdown.extensions]\nlinkfy = false\n")
    with pytest.raises(ConfigError, match="unknown Markdown extension 'linkfy'"):
        load_config(path)


def test_text_glued_to_a_linkified_address_is_refused() -> None:
    from i18n_pipeline import parse, reassemble

    document = parse("See www.x.org and a@b.org now.\n")
    (segment,) = document.segments
    assert segment.msgid == "See {1} and {2} now."
    # a quote extends a URL's path (not a bare host: www.x.org"x is a link to www.x.org)
    for glued in ("Siehe {1}/../evil und {2}.", 'Siehe {1}?"x und {2}.', "Siehe {1} und {2}.evil"):
        result = reassemble(document, {segment.msgid: glued})
        assert result.text == document.text, glued
        assert "would become part of its URL" in result.refused[0][1]
    fine = reassemble(document, {segment.msgid: 'Siehe {1}"x, und *{2}*.'})
    assert fine.text == 'Siehe www.x.org"x, und *a@b.org*.\n'
    assert not fine.refused
