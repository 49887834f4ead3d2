"""Values Hugo reads with its own readers, judged by the pinned Hugo itself.

A translated shortcode parameter, front matter title or description is written by
:mod:`i18n_pipeline.hugovalues`' writers.  Each payload below is published into a page of its
own, the site is built once, and the page prints what Hugo read (base64, so that nothing
is lost to HTML escaping): it must be exactly the translation, or the writer must have
refused it with its check id and the page kept the source's value.  Before these writers,
a caption ending in ``\\`` or holding ``\\``` broke the whole site's build, and so did a
control character in a TOML title.
"""

from __future__ import annotations

import base64
import html
import re
from pathlib import Path

import pytest
from hugosite import build, write

from i18n_pipeline.gate import translation_problems
from i18n_pipeline.parse import ParseOptions, parse
from i18n_pipeline.reassemble import reassemble

OPTIONS = ParseOptions(shortcode_translate=("v",), frontmatter_translate=("title", "description"))
SOURCE_VALUE = "Source value"

SHORTCODE_PAYLOADS = {
    "trailing backslash": "C:\\Users\\",
    "two trailing backslashes": "a\\\\",
    "backslash and backquote": "a\\`b",
    "double quote": 'say "hi"',
    "escaped-looking quote": 'a\\"b',
    "quote and backslash": 'a"b\\c',
    "backquotes": "`code`",
    "backquote, trailing backslash": "`x` \\",
    "backquote, quote, backslash": '`x` "y" \\z',
    "shortcode closer": "a >}} b",
    "percent closer": "a %}} b",
    "unicode": "Grüße — 你好 ✓",
    "backslash inside": "a\\b",
    "backslash n": "line\\nline",
}
# What no quoting can carry (see shortcodes.encode_param): refused with this check.
SHORTCODE_REFUSED = {
    "backslash and backquote",
    "backquote, trailing backslash",
    "backquote, quote, backslash",
}

FRONTMATTER_PAYLOADS = {
    "double quote": 'Der "Newsletter"',
    "single quote": "It's ''here''",
    "backslash": "C:\\path\\",
    "colon space": "Note: a title",
    "hash": "Issue #1 # not a comment",
    "leading bracket": "[not a list]",
    "leading brace": "{not: a map}",
    "bool-looking": "yes",
    "true": "true",
    "null-looking": "null",
    "tilde": "~",
    "number": "1e3",
    "octal 1.2": "0o17",
    "hex": "0x1F",
    "underscore number": "1_000",
    "date-looking": "2021-01-01",
    "time-looking": "12:30:00",
    "triple quotes": "'''\"\"\"",
    "tab": "a\tb",
    "unicode": "Grüße — 你好 ✓",
    "control SOH": "bad\x01title",
    "control DEL": "bad\x7ftitle",
    "control ESC": "bad\x1btitle",
    "line separator": "bad\u2028title",
    "C1 control": "bad\x85title",
}
FRONTMATTER_REFUSED = {
    "control SOH",
    "control DEL",
    "control ESC",
    "line separator",
    "C1 control",
}

# Source parameters as written in pages: the msgid must be what Hugo reads from them.
SOURCE_PARAMS = [
    '"say \\"hi\\" C:\\\\x"',  # one \" drops every backslash
    '"C:\\\\x\\y"',  # without one, backslashes are text
    '"a >}} b"',
]

YAML_SOURCE = f"""---
title: Source title
description: 'Source description'
---

{{{{< p v="{SOURCE_VALUE}" >}}}}
"""
TOML_SOURCE = """+++
title = "Source title"
description = 'Source description'
+++

Text.
"""
SINGLE = (
    "<t>{{ .Title | base64Encode }}</t><d>{{ .Description | base64Encode }}</d>"
    "<c>{{ .Content }}</c>"
)
SHORTCODE = '<v>{{ .Get "v" | base64Encode }}</v>'
CONFIG = """\
baseURL = "https://example.org/"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404", "home", "section"]
"""


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _published(source: str, translations: dict[str, str]) -> tuple[str, list[str]]:
    document = parse(source, "page.md", OPTIONS)
    rendered = reassemble(document, translations)
    return rendered.text, [reason for _, reason in rendered.refused]


def _read(public: Path, page: str, tag: str) -> str:
    page_html = (public / page / "index.html").read_text(encoding="utf-8")
    found = re.search(f"<{tag}>([^<]*)</{tag}>", page_html)
    assert found, (page, page_html)
    return base64.b64decode(html.unescape(found.group(1))).decode("utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[str]]]:
    root = tmp_path_factory.mktemp("values")
    files = {
        "hugo.toml": CONFIG,
        "layouts/_default/single.html": SINGLE,
        "layouts/shortcodes/p.html": SHORTCODE,
    }
    refusals: dict[str, list[str]] = {}
    for name, payload in SHORTCODE_PAYLOADS.items():
        page = f"sc-{_slug(name)}"
        files[f"content/{page}.md"], refusals[page] = _published(
            YAML_SOURCE, {SOURCE_VALUE: payload}
        )
    for name, payload in FRONTMATTER_PAYLOADS.items():
        for kind, source in (("yaml", YAML_SOURCE), ("toml", TOML_SOURCE)):
            page = f"{kind}-{_slug(name)}"
            translations = {"Source title": payload, "Source description": payload}
            files[f"content/{page}.md"], refusals[page] = _published(source, translations)
    for number, literal in enumerate(SOURCE_PARAMS):
        files[f"content/source-{number}.md"] = YAML_SOURCE.replace(f'"{SOURCE_VALUE}"', literal)
    write(root, files)
    result = build(root)
    assert result.returncode == 0, result.stderr
    return root / "public", refusals


@pytest.mark.needs_hugo
@pytest.mark.parametrize("name", SHORTCODE_PAYLOADS)
def test_shortcode_parameter_reads_back_or_is_refused(
    site: tuple[Path, dict[str, list[str]]], name: str
) -> None:
    public, refusals = site
    page = f"sc-{_slug(name)}"
    value = _read(public, page, "v")
    if name in SHORTCODE_REFUSED:
        assert value == SOURCE_VALUE
        assert len(refusals[page]) == 1 and "[shortcode-param]" in refusals[page][0]
    else:
        assert value == SHORTCODE_PAYLOADS[name]
        assert refusals[page] == []


@pytest.mark.needs_hugo
@pytest.mark.parametrize("kind", ["yaml", "toml"])
@pytest.mark.parametrize("name", FRONTMATTER_PAYLOADS)
def test_front_matter_value_reads_back_or_is_refused(
    site: tuple[Path, dict[str, list[str]]], name: str, kind: str
) -> None:
    public, refusals = site
    page = f"{kind}-{_slug(name)}"
    title, description = _read(public, page, "t"), _read(public, page, "d")
    if name in FRONTMATTER_REFUSED:
        assert (title, description) == ("Source title", "Source description")
        assert len(refusals[page]) == 2
        assert all("[frontmatter-control]" in reason for reason in refusals[page])
    else:
        payload = FRONTMATTER_PAYLOADS[name]
        assert (title, description) == (payload, payload)
        assert refusals[page] == []


def test_check_reports_what_publish_refuses() -> None:
    """The gate asks the same writers: each refusal above is an error of ``check``."""
    document = parse(YAML_SOURCE, "page.md", OPTIONS)
    by_msgid = {segment.msgid: segment for segment in document.segments}
    for name in SHORTCODE_REFUSED:
        problems = translation_problems(by_msgid[SOURCE_VALUE], SHORTCODE_PAYLOADS[name])
        assert [p.check for p in problems if p.is_error] == ["shortcode-param"], name
    for name in FRONTMATTER_REFUSED:
        problems = translation_problems(by_msgid["Source title"], FRONTMATTER_PAYLOADS[name])
        assert "frontmatter-control" in [p.check for p in problems if p.is_error], name


@pytest.mark.needs_hugo
@pytest.mark.parametrize("number", range(len(SOURCE_PARAMS)))
def test_source_parameter_msgid_is_what_hugo_reads(
    site: tuple[Path, dict[str, list[str]]], number: int
) -> None:
    public, _ = site
    source = YAML_SOURCE.replace(f'"{SOURCE_VALUE}"', SOURCE_PARAMS[number])
    document = parse(source, "page.md", OPTIONS)
    (segment,) = [s for s in document.segments if s.kind.startswith("shortcode")]
    assert segment.msgid == _read(public, f"source-{number}", "v")
