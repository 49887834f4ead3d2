"""Tests for :mod:`i18n_pipeline.poformat` and the modules it writes with.

The point of the module is that ``msgcat`` leaves our files untouched, so the
main test generates random catalogs and compares ``dumps`` with what GNU
``msgcat`` (gettext 0.21, as in Debian 12 / Ubuntu 22.04) writes for them.
"""

from __future__ import annotations

import ctypes
import functools
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

import polib
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import DATA, english_issues, read
from i18n_pipeline import formatdirs, linebreak, poformat, powrap, powrap_simple
from i18n_pipeline.catalog import build_template, read_catalog
from i18n_pipeline.parse import parse
from i18n_pipeline.poformat import dumps

MSGCAT = shutil.which("msgcat")
MSGFMT = shutil.which("msgfmt")
needs_msgcat = needs_msgfmt = pytest.mark.needs_gettext

HEADER = {
    "Project-Id-Version": "newsletter 1.0",
    "Report-Msgid-Bugs-To": "docs@example.com",
    "POT-Creation-Date": "2024-01-05 10:00+0000",
    "PO-Revision-Date": "2024-01-06 10:00+0000",
    "Last-Translator": "Jane Doe <jane@example.com>",
    "Language-Team": "German <de@example.com>",
    "Language": "de",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
    "Plural-Forms": "nplurals=2; plural=(n != 1);",
}


def run_gettext(args: list[str], text: str) -> subprocess.CompletedProcess[bytes]:
    """Run a gettext tool on ``text`` saved as a UTF-8 file."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "catalog.po"
        path.write_bytes(text.encode("utf-8"))
        return subprocess.run([*args, str(path)], capture_output=True, check=False)


def msgcat(text: str, *options: str) -> str:
    """What ``msgcat -o - FILE`` writes for ``text``."""
    assert MSGCAT is not None
    result = run_gettext([MSGCAT, *options, "-o", "-"], text)
    assert result.returncode == 0, result.stderr.decode()
    return result.stdout.decode("utf-8")


def msgfmt_check(text: str) -> None:
    """Assert that ``msgfmt --check`` accepts ``text``."""
    assert MSGFMT is not None
    result = run_gettext([MSGFMT, "--check", "-o", "/dev/null"], text)
    assert result.returncode == 0, result.stderr.decode()


def catalog(*entries: polib.POEntry, metadata: dict[str, str] | None = None) -> polib.POFile:
    po = polib.POFile()
    po.metadata = dict(HEADER if metadata is None else metadata)
    for entry in entries:
        po.append(entry)
    return po


# ---------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------

PIECES = (
    " ",
    " ",
    "  ",
    "\n",
    "\t",
    '"',
    "\\",
    "\r",
    "é",
    "ü",
    "日本語",
    "中文字符",
    "한국어",
    "😀",
    "👍🏻",
    "ｆｕｌｌ",
    "e\u0301",
    "\u00a0",
    "\u200b",
    "—",
    "…",
    "e.g.",
    "foo-bar",
    "x/y",
    "(paren)",
    "[text](1)",
    "**bold**",
    "`code`",
    "<b>",
    "</p>",
    "https://example.com/docs/getting-started/install.html?lang=en#linux",
    "supercalifragilisticexpialidocious" * 3,
    "%s",
    "%d",
    "% d",
    "%-s",
    "%.*s",
    "%(name)s",
    "{name}",
    "{user.name}",
    "100%",
    "$5",
    "123,456.78",
)
WORDS = ("the", "newsletter", "a", "translation", "release", "notes", "is", "available", "now")
#: Characters polib's parser cannot read back (it splits lines with
#: str.splitlines and does not unescape \a).
POLIB_UNSAFE = "\x07\x1c\x1d\x1e\x85\u2028\u2029"
RAW_CONTROLS = ("\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\u2028", "\x85")

KNOWN_FLAGS = (
    "fuzzy",
    "c-format",
    "no-c-format",
    "python-format",
    "possible-python-format",
    "python-brace-format",
    "java-format",
    "no-wrap",
    "wrap",
    "range: 1..5",
)
FILE_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789_-./éü日本"


def texts(*, polib_safe: bool) -> st.SearchStrategy[str]:
    """Message strings: sentences, markup, URLs, CJK, escapes, random Unicode."""
    # NUL and EOT (gettext's context separator) cannot appear in a PO file.
    random_chars = st.characters(codec="utf-8", exclude_characters="\x00\x04")
    pieces = [st.sampled_from(PIECES), st.sampled_from(WORDS), st.text(random_chars, max_size=6)]
    if not polib_safe:
        pieces.append(st.sampled_from(RAW_CONTROLS))
    text = st.lists(st.one_of(*pieces), max_size=30).map("".join)
    if polib_safe:
        text = text.map(lambda value: "".join(c for c in value if c not in POLIB_UNSAFE))
    return text


def comments(*, polib_safe: bool) -> st.SearchStrategy[str]:
    """Comment blocks: one or more lines of printable text."""
    line = st.text(st.characters(codec="utf-8", exclude_categories=("Cc", "Cs")), max_size=50)
    if polib_safe:
        # polib strips each line and drops empty "#." lines.
        line = line.map(lambda value: "".join(c for c in value if c not in POLIB_UNSAFE).strip())
        line = line.filter(bool)
    return st.lists(line, min_size=1, max_size=3).map("\n".join)


def references() -> st.SearchStrategy[list[tuple[str, str]]]:
    # A reference names a file: at least one character of a name, not only dots and slashes
    # ("./" is written as an empty name once its "./" is taken off, which msgcat then joins
    # to the next reference; no page path is like that).
    path = st.text(st.sampled_from(FILE_CHARS), min_size=1, max_size=45).filter(
        lambda name: any(char not in "./" for char in name)
    )
    lineno = st.one_of(st.just(""), st.integers(0, 99999).map(str))
    return st.lists(st.tuples(path, lineno), max_size=8)


@st.composite
def entries(draw: st.DrawFn, *, obsolete: bool, polib_safe: bool) -> polib.POEntry:
    text = texts(polib_safe=polib_safe)
    optional = st.one_of(st.none(), text)
    entry = polib.POEntry(msgid=draw(text), msgctxt=draw(optional), obsolete=obsolete)
    if draw(st.booleans()):
        entry.msgid_plural = draw(text.filter(bool))
        forms = draw(st.integers(1, 3))
        entry.msgstr_plural = {index: draw(text) for index in range(forms)}
    else:
        entry.msgstr = draw(text)
    entry.tcomment = draw(st.one_of(st.just(""), comments(polib_safe=polib_safe)))
    entry.comment = draw(st.one_of(st.just(""), comments(polib_safe=polib_safe)))
    entry.occurrences = draw(references())
    entry.flags = draw(st.lists(st.sampled_from(KNOWN_FLAGS), unique=True, max_size=4))
    if not (obsolete and polib_safe) and draw(st.booleans()):  # polib skips "#~|" lines
        entry.previous_msgid = draw(text)
        entry.previous_msgctxt = draw(st.one_of(st.none(), st.none(), text))
        entry.previous_msgid_plural = draw(st.one_of(st.none(), st.none(), text))
    return entry


@st.composite
def catalogs(draw: st.DrawFn, *, polib_safe: bool = False) -> polib.POFile:
    """Catalogs with a header, at least one active entry, and obsolete ones."""
    metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    key = st.from_regex(r"[A-Z][A-Za-z-]{0,15}", fullmatch=True)
    value = texts(polib_safe=True).map(lambda v: " ".join(v.split()))
    metadata.update(draw(st.dictionaries(key, value, max_size=4)))
    po = catalog(metadata=metadata)
    if draw(st.booleans()):
        po.header = draw(comments(polib_safe=polib_safe))
    po.metadata_is_fuzzy = draw(st.sampled_from([0, ["fuzzy"]]))
    active = draw(st.lists(entries(obsolete=False, polib_safe=polib_safe), min_size=1, max_size=5))
    old = draw(st.lists(entries(obsolete=True, polib_safe=polib_safe), max_size=3))
    seen = {(None, "")}  # the header's key
    for entry in active + old:
        # polib takes any entry with an empty msgid for the header.
        if polib_safe and not entry.msgid:
            continue
        if (entry.msgctxt, entry.msgid) not in seen:
            seen.add((entry.msgctxt, entry.msgid))
            po.append(entry)
    assume(any(not entry.obsolete for entry in po))
    return po


# ---------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------

PROPERTY_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@needs_msgcat
@PROPERTY_SETTINGS
@given(catalogs())
def test_msgcat_reproduces_our_output(po: polib.POFile) -> None:
    text = dumps(po)
    assert msgcat(text) == text


@PROPERTY_SETTINGS
@given(catalogs(polib_safe=True))
def test_round_trip_through_polib(po: polib.POFile) -> None:
    text = dumps(po)
    assert dumps(polib.pofile(text)) == text


@st.composite
def checkable_catalogs(draw: st.DrawFn) -> polib.POFile:
    """Catalogs that ``msgfmt --check`` must accept: two plural forms, no
    format flags, and strings that do not start or end with a newline (msgfmt
    requires msgid and msgstr to agree on that)."""
    text = texts(polib_safe=False).map(lambda value: value.strip("\n"))
    po = catalog()
    for index in range(draw(st.integers(1, 5))):
        entry = polib.POEntry(msgid=f"{draw(text)} #{index}", msgctxt=draw(st.none() | text))
        if draw(st.booleans()):
            entry.msgid_plural = f"{draw(text)} #{index}"
            entry.msgstr_plural = {0: draw(text), 1: draw(text)}
        else:
            entry.msgstr = draw(text)
        entry.tcomment = draw(st.one_of(st.just(""), comments(polib_safe=False)))
        entry.occurrences = draw(references())
        entry.flags = draw(st.lists(st.sampled_from(["fuzzy", "no-wrap"]), unique=True))
        entry.previous_msgid = draw(st.none() | text)
        po.append(entry)
    return po


@needs_msgfmt
@settings(max_examples=25, deadline=None)
@given(checkable_catalogs())
def test_msgfmt_check_accepts_our_output(po: polib.POFile) -> None:
    msgfmt_check(dumps(po))


# ---------------------------------------------------------------------------
# Golden cases
# ---------------------------------------------------------------------------

GOLDEN_CATALOG = catalog(
    polib.POEntry(
        msgid="Welcome to the newsletter!",
        msgstr="Willkommen zum Newsletter!",
        tcomment="Greeting at the top.",
        comment="Heading, keep it short.",
        occurrences=[
            ("./content/2024-01-05-newsletter.md", "3"),
            ("content/2024-02-05-newsletter.md", "3"),
            ("content/2024-03-05-newsletter.md", ""),
            ("content/2024-04-05-newsletter.md", "12"),
            ("content/2024-01-05-newsletter.md", "3"),
        ],
    ),
    polib.POEntry(
        msgid=(
            "This release contains a long list of improvements, read the "
            "[release notes](1) for all the details."
        ),
        msgstr=(
            "Diese Version enthält eine lange Liste von Verbesserungen, alle "
            "Details stehen in den [Versionshinweisen](1)."
        ),
        flags=["python-format", "fuzzy"],
        previous_msgid=(
            "This release contains a list of improvements, read the [release notes](1) for details."
        ),
    ),
    polib.POEntry(msgid="First line\nSecond line\n", msgstr="", flags=["fuzzy"]),
    polib.POEntry(msgctxt="button", msgid="Open", msgstr="Öffnen"),
    polib.POEntry(
        msgid="%d file",
        msgid_plural="%d files",
        msgstr_plural={0: "%d Datei", 1: "%d Dateien"},
        flags=["c-format"],
    ),
    polib.POEntry(msgid='Quotes " and backslashes \\ and\ttabs', msgstr='" und \\ und\tTabs'),
    polib.POEntry(
        msgid="日本語の文は、単語の間にスペースがなくても表意文字の間で改行できます。とても長い文です。",
        msgstr="",
    ),
    polib.POEntry(
        msgid="See https://example.com/documentation/getting-started/installation-guide.html",
        msgstr="",
    ),
    polib.POEntry(msgid="Old text", msgstr="Alter Text", obsolete=True, flags=["fuzzy"]),
    polib.POEntry(msgid="Never translated", msgstr="", obsolete=True),
)
GOLDEN_CATALOG.header = "German translation of the newsletter.\nCopyright (C) 2024"
GOLDEN_CATALOG[-2].previous_msgid = "Older text"

GOLDEN_TEXT = r"""# German translation of the newsletter.
# Copyright (C) 2024
msgid ""
msgstr ""
"Project-Id-Version: newsletter 1.0\n"
"Report-Msgid-Bugs-To: docs@example.com\n"
"POT-Creation-Date: 2024-01-05 10:00+0000\n"
"PO-Revision-Date: 2024-01-06 10:00+0000\n"
"Last-Translator: Jane Doe <jane@example.com>\n"
"Language-Team: German <de@example.com>\n"
"Language: de\n"
"MIME-Version: 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Content-Transfer-Encoding: 8bit\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\n"

# Greeting at the top.
#. Heading, keep it short.
#: content/2024-01-05-newsletter.md:3 content/2024-02-05-newsletter.md:3
#: content/2024-03-05-newsletter.md content/2024-04-05-newsletter.md:12
msgid "Welcome to the newsletter!"
msgstr "Willkommen zum Newsletter!"

#, fuzzy, python-format
#| msgid ""
#| "This release contains a list of improvements, read the [release notes](1) "
#| "for details."
msgid ""
"This release contains a long list of improvements, read the [release notes]"
"(1) for all the details."
msgstr ""
"Diese Version enthält eine lange Liste von Verbesserungen, alle Details "
"stehen in den [Versionshinweisen](1)."

msgid ""
"First line\n"
"Second line\n"
msgstr ""

msgctxt "button"
msgid "Open"
msgstr "Öffnen"

#, c-format
msgid "%d file"
msgid_plural "%d files"
msgstr[0] "%d Datei"
msgstr[1] "%d Dateien"

msgid "Quotes \" and backslashes \\ and\ttabs"
msgstr "\" und \\ und\tTabs"

msgid ""
"日本語の文は、単語の間にスペースがなくても表意文字の間で改行できます。とても"
"長い文です。"
msgstr ""

msgid ""
"See https://example.com/documentation/getting-started/installation-guide.html"
msgstr ""

#, fuzzy
#~| msgid "Older text"
#~ msgid "Old text"
#~ msgstr "Alter Text"
"""


def test_golden_catalog() -> None:
    """Layout, ``./`` and duplicate references, flag order, fuzzy without a
    translation, escapes, CJK breaks, an unbreakable URL, obsolete entries."""
    assert dumps(GOLDEN_CATALOG) == GOLDEN_TEXT


@needs_msgcat
def test_golden_catalog_is_what_msgcat_writes() -> None:
    assert msgcat(GOLDEN_TEXT) == GOLDEN_TEXT


@needs_msgfmt
def test_golden_catalog_passes_msgfmt_check() -> None:
    msgfmt_check(GOLDEN_TEXT)


def entry_text(entry: polib.POEntry) -> str:
    """The text of a single entry (without the header)."""
    po = catalog(entry, metadata={"Content-Type": "text/plain; charset=UTF-8"})
    header = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    text = dumps(po)
    assert text.startswith(header)
    return text[len(header) :]


GOLDEN_ENTRIES = [
    pytest.param(
        polib.POEntry(msgid="x" * 70 + " a-b-c-d-e-f-g", msgstr=""),
        'msgid ""\n"' + "x" * 70 + ' a-b-c-"\n"d-e-f-g"\nmsgstr ""\n',
        id="break after a hyphen, as late as possible",
    ),
    pytest.param(
        polib.POEntry(msgid="y" * 100, msgstr=""),
        'msgid "' + "y" * 100 + '"\nmsgstr ""\n',
        id="a long word is never broken",
    ),
    pytest.param(
        polib.POEntry(msgid="a\nb", msgstr="ab\n"),
        'msgid ""\n"a\\n"\n"b"\nmsgstr "ab\\n"\n',
        id="only a non-final newline forces continuation lines",
    ),
    pytest.param(
        polib.POEntry(msgid="z" * 72 + " \n", msgstr=""),
        'msgid "' + "z" * 72 + ' \\n"\nmsgstr ""\n',
        id="a final newline is never moved to a line of its own",
    ),
    pytest.param(
        polib.POEntry(msgid="界" * 40, msgstr=""),
        'msgid ""\n"' + "界" * 38 + '"\n"' + "界" * 2 + '"\nmsgstr ""\n',
        id="wide characters count two columns",
    ),
    pytest.param(
        polib.POEntry(msgid="w" * 60 + " " + "v" * 30, msgstr="", flags=["no-wrap"]),
        '#, no-wrap\nmsgid "' + "w" * 60 + " " + "v" * 30 + '"\nmsgstr ""\n',
        id="no-wrap",
    ),
    pytest.param(
        polib.POEntry(msgid="%s " + "u" * 71 + " %.*s", msgstr="", flags=["c-format"]),
        '#, c-format\nmsgid ""\n"%s ' + "u" * 71 + ' "\n"%.*s"\nmsgstr ""\n',
        id="no break inside a format directive",
    ),
    pytest.param(
        polib.POEntry(
            msgid="m",
            msgstr="n",
            flags=["markdown-text", "wrap", "python-brace-format", "fuzzy", "c-format"],
        ),
        '#, fuzzy, c-format, python-brace-format, markdown-text\nmsgid "m"\nmsgstr "n"\n',
        id="flags in gettext's order, unknown flags kept last",
    ),
]


@pytest.mark.parametrize(("entry", "expected"), GOLDEN_ENTRIES)
def test_golden_entries(entry: polib.POEntry, expected: str) -> None:
    assert entry_text(entry) == expected


@needs_msgcat
@pytest.mark.parametrize(("entry", "expected"), GOLDEN_ENTRIES[:-1])
def test_golden_entries_are_what_msgcat_writes(entry: polib.POEntry, expected: str) -> None:
    text = dumps(catalog(entry))
    assert msgcat(text) == text


@needs_msgcat
def test_unknown_flags_are_the_only_deliberate_difference() -> None:
    """msgcat drops flags it does not know; we keep them (see module docs)."""
    po = catalog(polib.POEntry(msgid="Read more", msgstr="Mehr", flags=["markdown-text", "fuzzy"]))
    text = dumps(po)
    assert "#, fuzzy, markdown-text\n" in text
    assert msgcat(text) == text.replace("#, fuzzy, markdown-text\n", "#, fuzzy\n")


@needs_msgcat
def test_python_brace_format_quirk() -> None:
    """gettext 0.21 protects the *start* of python-brace strings, not the
    directives; we replicate it so that msgcat agrees."""
    msgid = "xx " + "y" * 74 + " {abcdef}"
    text = dumps(catalog(polib.POEntry(msgid=msgid, msgstr="", flags=["python-brace-format"])))
    assert '"xx ' + "y" * 74 + ' "\n"{abcdef}"\n' in text
    assert msgcat(text) == text


@needs_msgcat
def test_header_only_catalog() -> None:
    """msgcat writes nothing for a catalog without messages unless forced."""
    text = dumps(catalog())
    assert text.startswith('msgid ""\nmsgstr ""\n"Project-Id-Version: newsletter 1.0\\n"\n')
    assert msgcat(text) == ""
    assert msgcat(text, "--force-po") == text


def test_empty_catalog() -> None:
    assert dumps(polib.POFile()) == ""


def test_duplicate_messages_are_rejected() -> None:
    po = catalog(polib.POEntry(msgid="a", msgstr="x"), polib.POEntry(msgid="a", msgstr="y"))
    with pytest.raises(ValueError, match="duplicate"):
        dumps(po)


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: polib.POEntry(msgid="a", msgstr="b", msgctxt="c"), id="msgctxt"),
        pytest.param(lambda: polib.POEntry(msgid="a", msgstr="", obsolete=True), id="obsolete"),
    ],
)
def test_same_msgid_in_other_context_or_untranslated_obsolete_is_fine(
    make: Callable[[], polib.POEntry],
) -> None:
    po = catalog(polib.POEntry(msgid="a", msgstr="x"), make())
    assert 'msgid "a"' in dumps(po)


@pytest.mark.parametrize(
    "entry",
    [
        pytest.param(polib.POEntry(msgid="a\x00b", msgstr=""), id="NUL"),
        pytest.param(polib.POEntry(msgid="a", msgstr="\x04"), id="EOT"),
        pytest.param(
            polib.POEntry(msgid="a", msgstr="", previous_msgctxt="c"), id="previous msgctxt alone"
        ),
    ],
)
def test_unreadable_catalogs_are_rejected(entry: polib.POEntry) -> None:
    with pytest.raises(ValueError):
        dumps(catalog(entry))


def test_comment_ending_with_backslash_keeps_its_line() -> None:
    """gettext would join ``# C:\\`` with the next line; a space prevents it."""
    text = entry_text(polib.POEntry(msgid="a", msgstr="", tcomment="C:\\"))
    assert text == '# C:\\ \nmsgid "a"\nmsgstr ""\n'


# ---------------------------------------------------------------------------
# The Unicode line breaker against the library msgcat uses
# ---------------------------------------------------------------------------


@functools.cache
def load_libunistring() -> ctypes.CDLL:
    """libunistring 1.0, the source of linebreak_tables and the library msgcat wraps with.

    GNU gettext's programs link it (Debian's ``gettext`` depends on ``libunistring2``), so it
    is there wherever ``needs_gettext`` is satisfied.  Another release would be compared with
    tables it did not produce: that is a failure to look at, not a skip.
    """
    try:
        library = ctypes.CDLL("libunistring.so.2")
    except OSError:
        pytest.fail(
            "libunistring.so.2 not found: sudo apt-get install libunistring2 (gettext needs it)",
            pytrace=False,
        )
    version = ctypes.c_int.in_dll(library, "_libunistring_version").value
    if version >> 8 != 0x100:
        pytest.fail(
            f"libunistring {version >> 8:x}.{version & 0xFF} here; linebreak_tables is 1.0's "
            "(Debian 12's libunistring2, which its gettext 0.21 uses)",
            pytrace=False,
        )
    return library


needs_libunistring = pytest.mark.needs_gettext
#: linebreak's break values -> libunistring's UC_BREAK_* values.
TO_UC_BREAK = {
    linebreak.UNDEFINED: 0,
    linebreak.PROHIBITED: 1,
    linebreak.POSSIBLE: 2,
    linebreak.MANDATORY: 3,
    linebreak.CR_BEFORE_LF: 5,
}
BREAK_TEXT = st.lists(
    st.one_of(st.sampled_from(PIECES), st.characters(codec="utf-8", exclude_characters="\x00")),
    max_size=40,
).map("".join)


def per_character(text: str, byte_values: bytes) -> list[int]:
    """libunistring's per-byte results at the first byte of each character."""
    values, offset = [], 0
    for char in text:
        values.append(byte_values[offset])
        offset += len(char.encode("utf-8"))
    return values


def per_byte(text: str, values: list[int]) -> bytes:
    """Per-character overrides spread over the bytes (continuations undefined)."""
    result = bytearray()
    for char, value in zip(text, values, strict=True):
        result += bytes([value] + [0] * (len(char.encode("utf-8")) - 1))
    return bytes(result)


@needs_libunistring
@settings(max_examples=300, deadline=None)
@given(BREAK_TEXT)
def test_break_opportunities_match_libunistring(text: str) -> None:
    libunistring = load_libunistring()
    data = text.encode("utf-8")
    result = ctypes.create_string_buffer(len(data))
    libunistring.u8_possible_linebreaks_v2(data, len(data), b"UTF-8", result)
    ours = [TO_UC_BREAK[value] for value in linebreak.possible_breaks(text)]
    assert ours == per_character(text, result.raw)


@needs_libunistring
@settings(max_examples=300, deadline=None)
@given(BREAK_TEXT, st.integers(1, 40), st.integers(0, 10), st.data())
def test_chosen_breaks_match_libunistring(
    text: str, width: int, start: int, data: st.DataObject
) -> None:
    libunistring = load_libunistring()
    choice = st.sampled_from([linebreak.UNDEFINED] * 4 + [linebreak.PROHIBITED])
    overrides = data.draw(st.lists(choice, min_size=len(text), max_size=len(text)))
    encoded = text.encode("utf-8")
    result = ctypes.create_string_buffer(len(encoded))
    uc_overrides = per_byte(text, [TO_UC_BREAK[value] for value in overrides])
    libunistring.u8_width_linebreaks_v2(
        encoded, len(encoded), width, start, 0, uc_overrides, b"UTF-8", result
    )
    ours = linebreak.width_breaks(text, width, start, overrides)
    assert [TO_UC_BREAK[value] for value in ours] == per_character(text, result.raw)


@needs_libunistring
@settings(max_examples=500, deadline=None)
@given(st.characters(codec="utf-8"))
def test_column_widths_match_libunistring(char: str) -> None:
    libunistring = load_libunistring()
    uc_width = libunistring.uc_width
    uc_width.restype = ctypes.c_int
    uc_width.argtypes = [ctypes.c_uint32, ctypes.c_char_p]
    assert linebreak.column_width(char) == max(uc_width(ord(char), b"UTF-8"), 0)


# ---------------------------------------------------------------------------
# The fast path for simple text against the general path
# ---------------------------------------------------------------------------

ROOT = Path(__file__).parents[1]
ESCAPABLE = '"\\\t\n\r\a\b\f\v'
#: Pieces of simple text: every character one column wide, with a line
#: breaking class the pair table alone decides.
SIMPLE_PIECES = (
    " ",
    "  ",
    "\u00a0",  # no-break space (GL)
    "\u202f",  # narrow no-break space (GL)
    "\u2009",  # thin space (BA)
    "\u2011",  # non-breaking hyphen (GL)
    "„Hallo“",
    "« Bonjour »",
    "«\u00a0Salut\u00a0»",
    "‚einfach‘",
    "l’été",
    "Größe",
    "Ærøskøbing",
    "Œuvre",
    "Ελληνικά",
    "Русский",
    "—",
    "–",
    "…",
    "·",
    "§ 3",
    "20 °C",
    "€ 5",
    "5 €",
    "10‰",
    "¿Qué?",
    "¡Olé!",
    "a/b",
    "e.g.",
    "foo-bar",
    "x—y",
    "(paren)",
    "[text](1)",
    "**bold**",
    "`code`",
    "<b>",
    "100%",
    "$5",
    "#1",
    "123,456.78",
    "!?",
    ")",
    "(",
    "'",
    "-",
    ",",
    ".",
    ":",
    ";",
    "https://example.com/docs/getting-started/install.html?lang=en#linux",
    "supercalifragilisticexpialidocious" * 3,
)
#: Characters the fast path must leave to the general path.
NOT_SIMPLE = (
    "\u0301",  # combining acute accent (CM, zero width)
    "\u00ad",  # soft hyphen (zero width)
    "\u200b",  # zero width space (ZW)
    "\u200d",  # zero width joiner (ZWJ)
    "\u2060",  # word joiner (zero width)
    "\u2028",  # line separator (BK)
    "\x85",  # next line (BK)
    "\x01",
    "\x1b",
    "日",
    "\u3000",  # ideographic space (wide)
    "가",
    "ｆ",  # fullwidth
    "😀",
    "🇩🇪",  # regional indicators
    "שלום",  # Hebrew letters (HL)
    "\U00010400",  # outside the BMP
)


def simple_by_definition(char: str) -> bool:
    """What :class:`powrap_simple._SimpleText` calls simple, from the general tables."""
    if char == " ":
        return True
    if ord(char) > 0xFFFF or 0xD800 <= ord(char) <= 0xDFFF:
        return False
    return (
        linebreak.column_width(char) == 1
        and linebreak.line_break_class(char) in powrap_simple._TABLE_CLASSES
    )


def simple_texts(*, escapable: bool = True, others: bool = False) -> st.SearchStrategy[str]:
    """Strings of simple pieces, simple characters drawn from the whole BMP, words
    and spaces; optionally with escapable characters and non-simple ones."""
    random_simple = st.characters(max_codepoint=0xFFFF).filter(simple_by_definition)
    pieces = [
        st.sampled_from(SIMPLE_PIECES),
        st.sampled_from(WORDS),
        st.sampled_from(WORDS).map(lambda word: word + " "),
        st.text(random_simple, min_size=1, max_size=4),
    ]
    if escapable:
        pieces.append(st.sampled_from(ESCAPABLE))
    if others:
        pieces.append(st.sampled_from(NOT_SIMPLE))
    return st.lists(st.one_of(*pieces), max_size=40).map("".join)


def test_simple_set_is_exact() -> None:
    """The fast path's character test agrees with the tables, for every BMP
    character (and escapable characters are allowed, escaped they are simple)."""
    wrong = [
        hex(code)
        for code in range(0x10000)
        if powrap_simple.is_simple(chr(code))
        != (simple_by_definition(chr(code)) or chr(code) in ESCAPABLE)
    ]
    assert wrong == []
    assert all(not powrap_simple.is_simple(piece) for piece in NOT_SIMPLE)
    assert all(powrap_simple.is_simple(piece) for piece in SIMPLE_PIECES)


def simple_opportunities(text: str) -> list[int]:
    """All break opportunities the fast path finds, via ``_line_end``."""
    found, start = [], 0
    while (end := powrap_simple._line_end(text, set(), start, start)) is not None and end > start:
        found.append(end)
        start = end
    return found


@settings(max_examples=500, deadline=None)
@given(simple_texts(escapable=False))
def test_simple_opportunities_match_possible_breaks(text: str) -> None:
    assert powrap_simple.is_simple(text)
    breaks = linebreak.possible_breaks(text)
    assert linebreak.MANDATORY not in breaks
    expected = [index for index, kind in enumerate(breaks) if kind == linebreak.POSSIBLE]
    assert simple_opportunities(text) == expected


@settings(max_examples=300, deadline=None)
@given(simple_texts(escapable=False))
def test_regexes_for_the_characters_met_agree_with_the_whole_bmp(text: str) -> None:
    """The fast path's regexes built for ASCII and a text's own characters (as
    ``_covering`` builds them) find the same breaks in it as those for the whole BMP."""
    coverage = frozenset(ord(char) for char in text if char >= "\x80")
    some = powrap_simple._simple_text.__wrapped__(coverage)  # not cached: one per example
    whole = powrap_simple._simple_text(None)
    assert some.not_simple.search(text) is None
    for start in range(len(text) + 1):
        for end in (start, (start + len(text)) // 2, len(text)):
            found = some.last_break.match(text, start, end)
            expected = whole.last_break.match(text, start, end)
            assert (found and found.end()) == (expected and expected.end())
        found, expected = some.next_break.match(text, start), whole.next_break.match(text, start)
        assert (found and found.end()) == (expected and expected.end())


def test_covering_grows_with_the_characters_met() -> None:
    """Regexes for ASCII first; a text with other characters adds them; a character that
    is not simple is found whatever was met before."""
    with mock.patch.object(powrap_simple, "_COVERAGE", powrap_simple._Coverage()) as coverage:
        assert powrap_simple.is_simple("plain ASCII text")
        assert coverage.chars == frozenset()
        assert powrap_simple.is_simple("naïve café – “quoted”")
        assert coverage.chars == frozenset(map(ord, "ïé–“”"))
        assert not powrap_simple.is_simple("café\u0301")
        assert not powrap_simple.is_simple("日本")
        assert powrap_simple.is_simple("é again")
        for piece in NOT_SIMPLE:
            assert not powrap_simple.is_simple("a " + piece)
        assert coverage.chars is not None and ord("é") in coverage.chars
    with mock.patch.object(powrap_simple, "_COVERAGE", powrap_simple._Coverage()) as coverage:
        many = "".join(c for c in map(chr, range(0x100, 0x800)) if simple_by_definition(c))
        assert len(many) > powrap_simple._MAX_COVERAGE
        assert powrap_simple.is_simple(many)
        assert coverage.chars is None  # past the limit: the whole BMP at once


@settings(max_examples=500, deadline=None)
@given(simple_texts(), st.integers(1, 90), st.integers(0, 100))
def test_simple_breaks_match_width_breaks(value: str, width: int, column: int) -> None:
    """Escaping and the chosen breaks, portion by portion, from any start column."""
    assert powrap_simple.is_simple(value)
    for portion in powrap.split_portions(value):
        text, blocked = powrap_simple._escape_simple(portion)
        expected_text, overrides = powrap.escape_portion(portion, [False] * len(portion))
        assert text == expected_text
        assert blocked == {i for i, kind in enumerate(overrides) if kind == linebreak.PROHIBITED}
        assert set(overrides) <= {linebreak.UNDEFINED, linebreak.PROHIBITED}
        breaks = linebreak.width_breaks(text, width, column, overrides)
        expected = [index for index, kind in enumerate(breaks) if kind == linebreak.POSSIBLE]
        assert powrap_simple._simple_breaks(text, blocked, width, column) == expected


STYLES = st.builds(
    powrap.Style,
    prefix=st.sampled_from(["", "#| ", "#~ ", "#~| "]),
    wrap=st.booleans(),
    parser=st.sampled_from([None, None, None, formatdirs.FORMAT_PARSERS["c"]]),
)
KEYWORDS = st.sampled_from(["msgctxt", "msgid", "msgid_plural", "msgstr", "msgstr[0]"])


@settings(max_examples=500, deadline=None)
@given(
    STYLES, KEYWORDS, st.one_of(simple_texts(), simple_texts(others=True), texts(polib_safe=False))
)
def test_wrap_fast_path_matches_general_path(style: powrap.Style, keyword: str, value: str) -> None:
    """Whole strings, including ones the fast path must hand back (format flags,
    characters that are not simple)."""
    fast = poformat._wrap(style, keyword, value)
    with mock.patch.object(poformat, "_FAST_PATH", False):
        assert poformat._wrap(style, keyword, value) == fast


def real_catalogs() -> list[Any]:
    """The POT of every corpus issue, and every PO (and POT) we keep."""
    issues = [pytest.param(path, id=path.name) for path in english_issues()]
    files = sorted([*ROOT.glob("locales/*/LC_MESSAGES/**/*.po"), *(DATA / "golden").glob("*.po*")])
    return issues + [pytest.param(path, id=str(path.relative_to(ROOT))) for path in files]


@pytest.mark.parametrize("path", real_catalogs())
def test_fast_path_on_real_catalogs(path: Path) -> None:
    if path.suffix == ".md":
        po = build_template(parse(read(path), str(path)), f"content/blog/newsletter/{path.name}")
    else:
        po = read_catalog(path)
    strings = [string for entry in po for string in (entry.msgid, entry.msgstr) if string]
    # The comparison is only worth something if the fast path does the work.
    assert sum(map(powrap_simple.is_simple, strings)) >= 0.9 * len(strings)
    fast = dumps(po)
    with mock.patch.object(poformat, "_FAST_PATH", False):
        assert dumps(po) == fast


@pytest.mark.parametrize("keyword", ["msgctxt", "msgid", "msgstr", "msgstr[1]"])
def test_an_empty_string_is_written_as_both_wrap_paths_write_it(keyword: str) -> None:
    """``_wrap`` answers an empty string (a template's every msgstr) without either path."""
    styles = [
        powrap.Style(),
        powrap.Style("#~ "),
        powrap.Style("#| ", wrap=False),
        powrap.Style(parser=formatdirs.FORMAT_PARSERS["c"]),
    ]
    for style in styles:
        general = powrap.wrap(style, keyword, "")
        assert poformat._wrap(style, keyword, "") == general
        simple = powrap_simple.wrap_simple(style.prefix, keyword, "", style.text_width)
        assert simple == general


def test_flags_worked_out_once_are_written_as_each_entry_says() -> None:
    """The flag layout is kept per distinct flags: entries sharing flags still differ in
    being translated (fuzzy is written only then), and each gets its own."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for number, (flags, msgstr) in enumerate(
        [(["fuzzy", "c-format"], ""), (["fuzzy", "c-format"], "x %d"), (["no-wrap"], ""),
         (["fuzzy", "c-format"], "y %d"), ([], "z")]
    ):  # fmt: skip
        po.append(polib.POEntry(msgid=f"m{number} %d", msgstr=msgstr, flags=flags))
    text = dumps(po)
    assert text.count("#, c-format\n") == 1
    assert text.count("#, fuzzy, c-format\n") == 2
    assert text.count("#, no-wrap\n") == 1
