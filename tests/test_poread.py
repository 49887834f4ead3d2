"""Tests for :mod:`i18n_pipeline.poread`: the fast reader must be polib, only faster.

For every text, ``read_po`` either gives up (None) or returns what ``polib.pofile`` returns,
attribute by attribute (types, order and ``linenum`` included), for a text on which
``_check_lines`` passes; and ``read_catalog`` behaves exactly as it did with polib alone,
errors included.  The texts: our catalogs, catalogs from ``poformat.dumps``, polib's own
writer and ``msgcat`` for random POFiles, and random damage done to valid files.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polib
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from conftest import DATA, english_issues, read
from i18n_pipeline import catalog as catalog_module
from i18n_pipeline import poread
from i18n_pipeline.catalog import _check_lines, build_template, read_catalog
from i18n_pipeline.errors import CatalogError
from i18n_pipeline.parse import parse
from i18n_pipeline.poformat import dumps
from i18n_pipeline.poread import read_po

ROOT = Path(__file__).parent.parent
MSGCAT = shutil.which("msgcat")
needs_msgcat = pytest.mark.needs_gettext
OUR_CATALOGS = sorted((ROOT / "locales").rglob("*.po*")) + sorted((DATA / "golden").glob("*.po*"))


# ---------------------------------------------------------------------------
# Comparing
# ---------------------------------------------------------------------------


def freeze(value: Any) -> Any:
    """``value`` with its type, dicts and lists in order, so that ``==`` tells everything."""
    if isinstance(value, dict):
        return ("dict", [(freeze(k), freeze(v)) for k, v in value.items()])
    if isinstance(value, list | tuple):
        return (type(value).__name__, [freeze(item) for item in value])
    return (type(value).__name__, value)


def snapshot(po: polib.POFile) -> Any:
    """Everything a POFile holds: its attributes and each entry's, in order, with types."""
    return (
        type(po),
        freeze(vars(po)),
        [(type(entry), freeze(vars(entry))) for entry in po],
    )


def polib_parse(text: str) -> polib.POFile:
    return polib.pofile(text, encoding="utf-8", wrapwidth=79)


def assert_like_polib(text: str) -> bool:
    """If ``read_po`` takes ``text``, its result is polib's and the line check passes.

    Returns whether it took it.
    """
    fast = read_po(text)
    if fast is None:
        assert read_po(text, messages_only=True) is None
        return False
    _check_lines(text, "x.po")  # what read_po accepts, the old path accepted too
    assert snapshot(fast) == snapshot(polib_parse(text))
    light = read_po(text, messages_only=True)
    assert [_message(entry) for entry in light] == [_message(entry) for entry in fast]
    assert list(light.metadata.items()) == list(fast.metadata.items())
    return True


def _message(entry: polib.POEntry) -> tuple[Any, ...]:
    """What ``messages_only`` keeps of an entry."""
    fields = (entry.msgctxt, entry.msgid, entry.msgid_plural, entry.msgstr, entry.flags)
    return (*fields, entry.msgstr_plural, entry.obsolete)


_SCRATCH = Path(tempfile.mkdtemp(prefix="test_poread_"))  # hypothesis shuns tmp_path
atexit.register(shutil.rmtree, _SCRATCH, ignore_errors=True)


def outcome(text: str, *, fast: bool, messages_only: bool = False) -> Any:
    """What ``read_catalog`` gives for a file holding ``text``: a snapshot or the error."""
    path = _SCRATCH / "catalog.po"
    path.write_bytes(text.encode("utf-8"))
    original = catalog_module.read_po
    if not fast:
        catalog_module.read_po = lambda text, messages_only=False: None
    try:
        return ("ok", snapshot(read_catalog(path, messages_only=messages_only)))
    except CatalogError as error:
        return ("error", str(error), error.path, error.line)
    finally:
        catalog_module.read_po = original


def assert_same_outcome(text: str) -> bool:
    """``read_catalog`` returns or raises the same with and without ``read_po``, and a
    ``messages_only`` read raises the same error, line included, or none."""
    taken = assert_like_polib(text)
    full = outcome(text, fast=True)
    assert full == outcome(text, fast=False)
    light = outcome(text, fast=True, messages_only=True)
    if full[0] == "error":
        assert light == full
    else:
        assert light[0] == "ok"
    return taken


def msgcat(text: str) -> str | None:
    """``msgcat``'s output for ``text``, or None if it refuses it."""
    assert MSGCAT is not None
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "in.po"
        path.write_bytes(text.encode("utf-8"))
        done = subprocess.run(
            [MSGCAT, "--force-po", "-o", "-", str(path)], capture_output=True, check=False
        )
    return done.stdout.decode("utf-8") if done.returncode == 0 else None


# ---------------------------------------------------------------------------
# The real thing: our catalogs, the corpus templates, and msgcat's versions of them
# ---------------------------------------------------------------------------


def test_polib_is_the_verified_version() -> None:
    """An upgrade of polib turns the fast path off; this says so, to have it checked again."""
    assert poread.SUPPORTED, f"polib {polib.__version__}: run these tests, then add it"


FALLBACK = """
import sys
import polib
polib.__version__ = "1.2.1"  # a release this reader was not checked against
from i18n_pipeline import catalog, poread
path = sys.argv[1]
assert not poread.SUPPORTED
assert poread.read_po(open(path, encoding="utf-8").read()) is None
ours = catalog.read_catalog(path)
theirs = polib.pofile(path, encoding="utf-8", wrapwidth=79)
assert len(ours) > 100
assert [vars(e) for e in ours] == [vars(e) for e in theirs]
assert ours.metadata == theirs.metadata and ours.header == theirs.header
print("read by polib")
"""


def test_another_polib_release_is_read_by_polib_itself() -> None:
    """pyproject allows a range of polib releases: under one this reader was not compared
    with, it gives every file to polib (slower, never different)."""
    path = ROOT / "locales/de/LC_MESSAGES/blog/newsletter/2021-02-05-newsletter.po"
    done = subprocess.run(
        [sys.executable, "-c", FALLBACK, str(path)], capture_output=True, text=True, check=False
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "read by polib\n", "")


@pytest.mark.parametrize("path", OUR_CATALOGS, ids=lambda path: str(path.relative_to(ROOT)))
def test_our_catalogs(path: Path) -> None:
    text = read(path)
    assert assert_same_outcome(text), "the fast reader gave up"


@pytest.fixture(scope="module")
def corpus_templates() -> dict[str, str]:
    templates = {}
    for source in english_issues():
        reference = f"content/{source.name}"
        templates[source.name] = dumps(build_template(parse(read(source), reference), reference))
    return templates


def test_corpus_templates(corpus_templates: dict[str, str]) -> None:
    assert len(corpus_templates) > 50
    for name, text in corpus_templates.items():
        assert assert_like_polib(text), name


def test_corpus_templates_with_line_numbers() -> None:
    for source in english_issues()[:10]:
        reference = f"content/{source.name}"
        template = build_template(parse(read(source), reference), reference, line_numbers=True)
        assert assert_like_polib(dumps(template)), source.name


@needs_msgcat
def test_what_msgcat_writes_for_them(corpus_templates: dict[str, str]) -> None:
    texts = [read(path) for path in OUR_CATALOGS] + list(corpus_templates.values())[:20]
    for text in texts:
        rewritten = msgcat(text)
        assert rewritten is not None
        assert assert_like_polib(rewritten)


def test_what_polib_writes_for_them(tmp_path: Path) -> None:
    for path in OUR_CATALOGS:
        target = tmp_path / path.name
        polib_parse(read(path)).save(str(target))
        assert assert_like_polib(read(target)), path.name


FEATURES = r"""# The header's comment,
#
# with an empty line.
#, fuzzy
msgid ""
msgstr ""
"Project-Id-Version: features 1.0\n"
"Content-Type: text/plain; charset=UTF-8\n"
"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);\n"
"X-Multi-Line: first\n"
"continued without a colon\n"
" X-Spaced-Key : value \n"

#
# A translator comment after an empty one
#  with two spaces, # and a hash
#. An extracted comment
#.   indented
#: content/a.md:12 content/b.md content/c:d.md:x content/e.md:007
#: content/f.md:3
#, python-format, no-wrap,  spaced ,
#, second-line
#| msgctxt "old context"
#| msgid ""
#| "old msgid, "
#| "continued"
#| msgid_plural "old \"plural\""
msgctxt "context \\ with backslash"
msgid ""
"Tab\there, a quote \" and a backslash \\, a bell \a, unknown \x41 escapes, "
"newline\n"
"and more after it"
msgid_plural "%d plurals"
msgstr[0] "eins"
msgstr[1] ""
"zwei\n"
msgstr[2] "drei"

msgid "simple"
msgstr "einfach – ünïcödé 日本語 😀"

msgid "repeated index"
msgid_plural "repeated indices"
msgstr[0] "first"
msgstr[0] "overwritten"
msgstr[1] "second"

#: content/a.md:1
msgid "no translation"
msgstr ""

# An obsolete entry's comment
#, fuzzy
#~| msgctxt "older context"
#~| msgid "older"
#~ msgctxt "old"
#~ msgid "gone"
#~ msgstr ""
#~ "weg\n"
#~ "ganz"

#~ msgid "gone plural"
#~ msgid_plural "gone plurals"
#~ msgstr[0] "weg"
#~ msgstr[1] ""
#~ "weg \"alle\""
"""


def test_every_feature() -> None:
    """One catalog with everything the fast reader handles, and polib's quirks on it."""
    assert assert_same_outcome(FEATURES)
    po = read_po(FEATURES)  # equal to polib's, so these are polib's ways:
    assert po.header == "The header's comment,\n\nwith an empty line."
    assert po.metadata_is_fuzzy == ["fuzzy"]
    assert po.metadata["X-Multi-Line"] == "first\ncontinued without a colon"
    assert po.metadata[" X-Spaced-Key "] == "value"  # keys are not stripped
    first = po[0]
    assert first.linenum == 14  # the line of the first comment, not of msgid
    assert first.tcomment == (
        "A translator comment after an empty one\n with two spaces, # and a hash"
    )
    assert first.comment == "An extracted comment\n  indented"
    assert first.occurrences == [
        ("content/a.md", "12"),
        ("content/b.md", ""),
        ("content/c:d.md:x", ""),
        ("content/e.md", "007"),
        ("content/f.md", "3"),
    ]
    assert first.flags == ["python-format", "no-wrap", "spaced", "", "second-line"]
    assert first.previous_msgid == "old msgid, continued"
    assert first.msgctxt == "context \\ with backslash"
    assert first.msgid.startswith('Tab\there, a quote " and a backslash \\, a bell \\a')
    assert po[2].msgstr_plural == {0: "overwritten", 1: "second"}
    gone = po[-2]
    assert gone.obsolete == 1 and type(gone.obsolete) is int
    assert gone.previous_msgid is None  # polib skips "#~|" lines
    assert gone.flags == ["fuzzy"] and gone.tcomment == "An obsolete entry's comment"
    assert po[1].obsolete == 0 and type(po[1].obsolete) is int


def test_without_header() -> None:
    """The first entry's comments become the file's header, and its linenum is 0."""
    text = '# Not a header\n#. but a comment\nmsgid "a"\nmsgstr "b"\n\n# tc\nmsgid "c"\nmsgstr ""'
    assert assert_same_outcome(text)
    po = read_po(text)
    assert po.header == "Not a header" and po[0].tcomment == "" and po[0].linenum == 0
    assert po[1].linenum == 6 and po[1].tcomment == "tc"
    assert po.metadata == {} and po.metadata_is_fuzzy == 0


def test_empty_and_blank() -> None:
    for text in ("", "\n", "\n\n\n"):
        assert assert_same_outcome(text)


def test_linenum_skips_what_polib_skips() -> None:
    text = 'msgid ""\nmsgstr ""\n\n#~| msgid "x"\n#~ msgid "a"\n#~ msgstr "b"\n'
    assert assert_same_outcome(text)
    assert read_po(text)[0].linenum == 5


def test_the_unescaping_is_polib_s() -> None:
    for text in ["", "plain", r"\n\t\r\v\b\f\\\"", r"\a\x41\0\'", "\\\\n", "a\\", "\\"]:
        assert poread.unescape(text) == polib.unescape(text)


@given(st.text(st.sampled_from("\\ntrvbfa\"x'0 é")))
def test_unescape_like_polib(text: str) -> None:
    assert poread.unescape(text) == polib.unescape(text)


# ---------------------------------------------------------------------------
# Random catalogs, written by dumps, polib and msgcat
# ---------------------------------------------------------------------------

PIECES = (
    " ",
    "  ",
    "\t",
    "\n",
    '"',
    '\\"',
    "\\",
    "\\\\",
    "\\n",
    "#",
    "#~ ",
    "msgid ",
    '"\n"',
    ",",
    ":",
    "é",
    "日本語",
    "😀",
    "\u00a0",
    "\u3000",
    "word",
    "two words",
    "e.g. a long sentence that will need to be wrapped by every writer of PO files",
)
#: What the fast reader leaves to polib wherever it is: line breaks other than \n, a BOM.
EXOTIC = (*poread._LINE_SEPARATORS, "\ufeff")


def strings(exotic: bool) -> st.SearchStrategy[str]:
    """Message strings; with ``exotic``, also characters the fast reader leaves to polib."""
    excluded = "\x00\x04" + ("" if exotic else "".join(EXOTIC))
    pieces = [
        st.sampled_from(PIECES),
        st.text(st.characters(codec="utf-8", exclude_characters=excluded), max_size=4),
    ]
    if exotic:
        pieces.append(st.sampled_from(EXOTIC))
    return st.lists(st.one_of(*pieces), max_size=12).map("".join)


def comment_text(exotic: bool) -> st.SearchStrategy[str]:
    """Comment lines; unless ``exotic``, without the trailing white space or backslash
    (which dumps follows with a space) that make the fast reader give up."""
    line = strings(exotic).map(lambda value: value.replace("\n", ""))
    if not exotic:
        line = line.map(lambda value: value.rstrip().rstrip("\\"))
    return st.lists(line, min_size=1, max_size=3).map("\n".join)


def references() -> st.SearchStrategy[list[tuple[str, str]]]:
    name = st.text(st.sampled_from("abc/.-_:1é "), min_size=1, max_size=12)
    line = st.one_of(st.just(""), st.integers(0, 999).map(str), st.just("x"))
    return st.lists(st.tuples(name, line), max_size=4)


FLAGS = ("fuzzy", "python-format", "no-wrap", "markdown-text", "c-format", "", " spaced ", "a,b")


@st.composite
def entries(draw: st.DrawFn, *, obsolete: bool, exotic: bool) -> polib.POEntry:
    text = strings(exotic)
    entry = polib.POEntry(msgid=draw(text), msgctxt=draw(st.none() | text), obsolete=obsolete)
    if draw(st.booleans()):
        entry.msgid_plural = draw(text.filter(bool))
        count = draw(st.sampled_from([1, 2, 3, 11]))
        entry.msgstr_plural = {index: draw(text) for index in range(count)}
    else:
        entry.msgstr = draw(text)
    entry.tcomment = draw(st.just("") | comment_text(exotic))
    entry.comment = draw(st.just("") | comment_text(exotic))
    entry.occurrences = draw(references())
    entry.flags = draw(st.lists(st.sampled_from(FLAGS), unique=True, max_size=3))
    if draw(st.booleans()):
        entry.previous_msgid = draw(text)
        entry.previous_msgctxt = draw(st.none() | text)
        entry.previous_msgid_plural = draw(st.none() | text)
    return entry


@st.composite
def catalogs(draw: st.DrawFn) -> polib.POFile:
    """Random POFiles: contexts, plurals (up to msgstr[10]), comments, references, flags,
    previous strings, obsolete entries, a header comment, a fuzzy header; in half of them
    the characters that make the fast reader give up."""
    exotic = draw(st.booleans())
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    key = st.from_regex(r"[A-Z][A-Za-z-]{0,8}", fullmatch=True)
    po.metadata.update(draw(st.dictionaries(key, strings(exotic), max_size=3)))
    if draw(st.booleans()):
        po.header = draw(comment_text(exotic))
    po.metadata_is_fuzzy = draw(st.sampled_from([0, False, ["fuzzy"], []]))
    found = draw(st.lists(entries(obsolete=False, exotic=exotic), max_size=4))
    found += draw(st.lists(entries(obsolete=True, exotic=exotic), max_size=2))
    for entry in found:
        po.append(entry)
    return po


def writers(po: polib.POFile) -> Iterator[tuple[str, str]]:
    """``po`` as each writer writes it (those that take it)."""
    with contextlib.suppress(ValueError):  # dumps refuses what msgcat would refuse
        yield "dumps", dumps(po)
    yield "polib", po.__unicode__()


def several_empty_msgids() -> polib.POFile:
    """A catalog with three more ``msgid ""`` entries, two differing only in a reference.

    Found by a random draw: polib's writer writes it as
    ``#``, the header, ``msgid "" msgstr " "``, ``msgid "" msgstr ""``, and ``#: 1`` ``msgid ""
    msgstr " "``.  polib takes the metadata from the last of them and removes the first
    entry *equal* to that one, references compared: the last one itself.  A
    ``messages_only`` read without references removed the second one instead, and gave
    the messages in another order than the full read.
    """
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for msgstr, occurrences in [(" ", []), ("", []), (" ", [("1", "")])]:
        po.append(polib.POEntry(msgid="", msgstr=msgstr, occurrences=occurrences))
    return po


RANDOM_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@RANDOM_SETTINGS
@given(catalogs())
@example(several_empty_msgids())
def test_random_catalogs(po: polib.POFile) -> None:
    for writer, text in writers(po):
        taken = assert_same_outcome(text)
        event(f"{writer}: {'fast' if taken else 'polib'}")


@needs_msgcat
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(catalogs())
def test_random_catalogs_through_msgcat(po: polib.POFile) -> None:
    for writer, text in writers(po):
        rewritten = msgcat(text)
        if rewritten is None:  # msgcat refuses what polib wrote
            event(f"msgcat refuses what {writer} wrote")
            continue
        taken = assert_same_outcome(rewritten)
        event(f"msgcat of {writer}: {'fast' if taken else 'polib'}")


@st.composite
def empty_msgid_entries(draw: st.DrawFn) -> str:
    """An entry with an empty msgid, as the header has, varied in what polib's ``find("")``
    and ``list.remove`` (``POEntry.__eq__``) look at: context (None, "" and "0" compare
    alike), references, plural, msgstr, obsolete; and in what they do not: comments, flags.
    """
    lines = []
    if draw(st.booleans()):
        lines.append("# " + draw(st.sampled_from(["a", "b"])))
    obsolete = draw(st.integers(0, 4)) == 0
    if draw(st.booleans()):
        lines.append("#: " + draw(st.sampled_from(["1", "a.md:1", "b", "a.md:1 b"])))
    if draw(st.booleans()):
        lines.append("#, " + draw(st.sampled_from(["fuzzy", "c-format", "fuzzy, c-format"])))
    context = draw(st.sampled_from([None, "", "0", "x"]))
    body = [] if context is None else [f'msgctxt "{context}"']
    body.append('msgid ""')
    values = st.sampled_from(["", " ", "A: 1\\n", "Content-Type: text/plain; charset=UTF-8\\n"])
    if draw(st.integers(0, 3)) == 0:
        body.append(f'msgid_plural "{draw(st.sampled_from(["", "0", "p"]))}"')
        body += [f'msgstr[{i}] "{draw(values)}"' for i in range(draw(st.integers(1, 2)))]
    else:
        body.append(f'msgstr "{draw(values)}"')
    return "\n".join(lines + [("#~ " if obsolete else "") + line for line in body]) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(empty_msgid_entries(), min_size=1, max_size=5), st.booleans())
def test_several_empty_msgids(found: list[str], message: bool) -> None:
    """Which ``msgid ""`` entry gives the metadata and which one is removed, in both read
    modes, as polib decides (the random catalogs above rarely have two of them)."""
    text = "\n".join(found) + ('\nmsgid "m"\nmsgstr "n"\n' if message else "")
    taken = assert_same_outcome(text)
    event("fast" if taken else "polib")


@st.composite
def plain_catalogs(draw: st.DrawFn) -> polib.POFile:
    """Catalogs with nothing the fast reader leaves to polib: it must take them all."""
    text = st.text(st.characters(codec="utf-8", exclude_characters="\x00\x04"), max_size=40)
    text = text.map(lambda value: "".join(c for c in value if c not in poread._LINE_SEPARATORS))
    line = text.map(lambda value: value.replace("\n", "").strip()).filter(
        lambda value: value and not value.endswith("\\")
    )
    po = polib.POFile(wrapwidth=79)
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    po.header = draw(st.lists(line, max_size=2).map("\n".join))
    po.metadata_is_fuzzy = draw(st.sampled_from([0, ["fuzzy"]]))
    seen = {(None, "")}
    for index in range(draw(st.integers(0, 6))):
        obsolete = draw(st.booleans()) and index > 0
        entry = polib.POEntry(msgid=draw(text) + str(index), msgctxt=draw(st.none() | text))
        if draw(st.booleans()):
            entry.msgid_plural = draw(text) + "s"
            entry.msgstr_plural = {i: draw(text) for i in range(draw(st.integers(1, 4)))}
        else:
            entry.msgstr = draw(text) or "x"
        entry.tcomment = draw(st.lists(line, max_size=2).map("\n".join))
        entry.comment = draw(st.lists(line, max_size=2).map("\n".join))
        entry.occurrences = draw(
            references().map(lambda refs: [r for r in refs if " " not in r[0]])
        )
        entry.flags = draw(st.lists(st.sampled_from(FLAGS[:5]), unique=True, max_size=3))
        if not obsolete and draw(st.booleans()):
            entry.previous_msgid = draw(text)
        entry.obsolete = obsolete
        if (entry.msgctxt, entry.msgid) not in seen:
            seen.add((entry.msgctxt, entry.msgid))
            po.append(entry)
    return po


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plain_catalogs())
def test_the_fast_reader_takes_what_we_write(po: polib.POFile) -> None:
    text = dumps(po)
    assert assert_same_outcome(text), text


# ---------------------------------------------------------------------------
# Damaged files: polib's path, polib's errors
# ---------------------------------------------------------------------------

MALFORMED = {
    "unterminated string": 'msgid ""\nmsgstr ""\n\nmsgid "dangling\nmsgstr ""\n',
    "bogus line": 'msgid "a"\nmsgstr "b"\nbogus line\n',
    "unescaped quote": 'msgid "a"b"\nmsgstr ""\n',
    "escaped closing quote": 'msgid "a\\"\nmsgstr ""\n',
    "escaped closing quote, continued": 'msgid ""\n"a\\"\n"b"\nmsgstr ""\n',
    "quote in continuation": 'msgid ""\n"a"b"\nmsgstr ""\n',
    "two msgstr": 'msgid "a"\nmsgstr "b"\nmsgstr "c"\n',
    "msgstr first": 'msgstr "b"\n',
    "continuation first": '"a"\nmsgid "a"\nmsgstr "b"\n',
    "msgid without msgstr": 'msgid "a"\n\nmsgid "b"\nmsgstr "c"\n',
    "bare #~": 'msgid "a"\nmsgstr "b"\n#~\n',
    "obsolete comment": '#~ # comment\n#~ msgid "a"\n#~ msgstr "b"\n',
    "mixed obsolete": '#~ msgid "a"\nmsgstr "b"\n',
    "msgstr[10]": 'msgid "a"\nmsgid_plural "b"\nmsgstr[10] "c"\n',
    "msgstr[x]": 'msgid "a"\nmsgid_plural "b"\nmsgstr[x] "c"\n',
    "no space": 'msgid"a"\nmsgstr "b"\n',
    "tab": 'msgid\t"a"\nmsgstr "b"\n',
    "two spaces": 'msgid  "a"\nmsgstr "b"\n',
    "leading space": ' msgid "a"\nmsgstr "b"\n',
    "trailing space": 'msgid "a" \nmsgstr "b"\n',
    "blank line inside": 'msgid "a"\n\nmsgstr "b"\n',
    "space line": 'msgid "a"\nmsgstr "b"\n \nmsgid "c"\nmsgstr "d"\n',
    "trailing comment": 'msgid "a"\nmsgstr "b"\n\n# dropped\n',
    "trailing bare #:": 'msgid "a"\nmsgstr "b"\n#:\n',
    "bare #.": '#.\nmsgid "a"\nmsgstr "b"\n',
    "bare #, with space": 'msgid ""\nmsgstr ""\n\n#, \nmsgid "a"\nmsgstr "b"\n',
    "##": '## comment\nmsgid "a"\nmsgstr "b"\n',
    "#,fuzzy": '#,fuzzy\nmsgid "a"\nmsgstr "b"\n',
    "comments out of order": '#. b\n# a\nmsgid "a"\nmsgstr "b"\n',
    "comment after msgctxt": 'msgctxt "c"\n# x\nmsgid "a"\nmsgstr "b"\n',
    "previous continuation first": 'msgid "a"\nmsgstr "b"\n\n#| "x"\nmsgid "c"\nmsgstr "d"\n',
    "previous bad keyword": '#| msgstr "x"\nmsgid "a"\nmsgstr "b"\n',
    "previous unterminated": '#| msgid "x\nmsgid "a"\nmsgstr "b"\n',
    "previous without string": '#| msgid\nmsgid "a"\nmsgstr "b"\n',
    "plural without msgid_plural": 'msgid "a"\nmsgstr[0] "b"\n',
    "msgid_plural with msgstr": 'msgid "a"\nmsgid_plural "b"\nmsgstr "c"\n',
    "plural continued after a blank line": (
        'msgid "a"\nmsgid_plural "b"\nmsgstr[0] "c"\n\nmsgstr[1] "d"\n'
    ),
    "no blank line": 'msgid "a"\nmsgstr "b"\nmsgid "c"\nmsgstr "d"\n',
    "bom": '\ufeffmsgid ""\nmsgstr ""\n"Language: de\\n"\n',
    "crlf": 'msgid ""\r\nmsgstr ""\r\n"Language: de\\n"\r\n',
    "line separator in string": 'msgid "a\u2028b"\nmsgstr ""\n',
    "form feed in string": 'msgid "a\x0cb"\nmsgstr ""\n',
    "duplicate": 'msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n',
    "duplicate with context": (
        'msgctxt "x"\nmsgid "a"\nmsgstr "b"\n\nmsgctxt "x"\nmsgid "a"\nmsgstr ""\n'
    ),
    "foreign charset": 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n',
    "two headers": 'msgid ""\nmsgstr "A: 1\\n"\n\nmsgid ""\nmsgstr "B: 2\\n"\n',
    "header with context": 'msgctxt "x"\nmsgid ""\nmsgstr "A: 1\\n"\n',
    "NUL in a string": 'msgid ""\nmsgstr "Language: de\\n"\n\nmsgid "a"\nmsgstr "b\x00c"\n',
}

#: Of those, the ones the fast reader takes (the error comes after parsing, or there is
#: none): it must give up on all others.
TAKEN = {
    "duplicate",
    "duplicate with context",
    "foreign charset",
    "two headers",
    "header with context",
    "no blank line",
    "NUL in a string",
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_malformed_input_goes_to_polib(name: str) -> None:
    assert assert_same_outcome(MALFORMED[name]) == (name in TAKEN)


def test_text_that_names_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """polib reads the file its argument names, if it names one; that stays so."""
    text = 'msgid "a"\nmsgstr "b"\n'
    (tmp_path / text).write_text('msgid "other"\nmsgstr "file"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert read_po(text) is None
    assert outcome(text, fast=True) == outcome(text, fast=False)
    assert "other" in str(outcome(text, fast=True))


def test_errors_are_the_old_ones() -> None:
    """A few of them spelt out: file, line and message as before."""
    kind, message, path, line = outcome(MALFORMED["unterminated string"], fast=True)
    assert (kind, line) == ("error", 4) and "cannot parse" in message
    assert path == str(_SCRATCH / "catalog.po")
    kind, message, _, line = outcome(MALFORMED["two msgstr"], fast=True)
    assert (kind, line) == ("error", 3) and "syntax error" in message
    kind, message, _, line = outcome(MALFORMED["duplicate"], fast=True)
    assert (kind, line) == ("error", 4) and 'Entry "a" already exists' in message
    kind, message, _, line = outcome(MALFORMED["foreign charset"], fast=True)
    assert (kind, line) == ("error", 3) and "charset" in message


@st.composite
def damaged(draw: st.DrawFn) -> str:
    """A valid catalog with a few random edits: characters in, out, lines moved."""
    text = draw(st.sampled_from([FEATURES, _SMALL]))
    for _ in range(draw(st.integers(1, 3))):
        lines = text.split("\n")
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "drop", "swap"]))
        if action in ("insert", "delete"):
            line = lines[index]
            at = draw(st.integers(0, len(line)))
            if action == "insert":
                char = draw(st.sampled_from([*'"\\ \t\n#~|.:,xm[0]\u2028\r\ufeff', "\\n"]))
                lines[index] = line[:at] + char + line[at:]
            else:
                lines[index] = line[:at] + line[at + 1 :]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "drop":
            del lines[index]
        elif index + 1 < len(lines):
            lines[index], lines[index + 1] = lines[index + 1], lines[index]
        text = "\n".join(lines)
    return text


_SMALL = (
    '# Header\nmsgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#. note\n#: a.md:1\n#, fuzzy\n#| msgid "ol"\n#| "d"\nmsgid "a"\nmsgstr "b"\n\n'
    'msgctxt "c"\nmsgid ""\n"x"\n"y\\"z"\nmsgid_plural "p"\nmsgstr[0] "0"\nmsgstr[1] "1"\n\n'
    '#~| msgid "q"\n#~ msgid "r"\n#~ msgstr "s"\n'
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_damaged_catalogs(text: str) -> None:
    taken = assert_same_outcome(text)
    event("fast" if taken else "polib")


def test_messages_only_reads_the_same_messages() -> None:
    """publish reads only msgids, msgstrs and flags: the same as a full read gives."""
    from i18n_pipeline.catalog import translated_entries

    paths = sorted(Path(__file__).parent.parent.glob("locales/*/LC_MESSAGES/**/*.po"))
    paths += sorted((Path(__file__).parent / "data" / "golden").glob("*.po"))
    assert paths
    for path in paths:
        full = read_catalog(path)
        light = read_catalog(path, messages_only=True)
        assert translated_entries(light) == translated_entries(full), path
        assert [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.flags, e.obsolete)
                for e in light] == [(e.msgctxt, e.msgid, e.msgstr, e.msgstr_plural, e.flags,
                                     e.obsolete) for e in full]  # fmt: skip
        assert light.metadata == full.metadata
