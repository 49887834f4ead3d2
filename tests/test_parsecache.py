"""The parse kept between runs: the same Document as a fresh parse, or a miss, never wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import english_issues, read
from i18n_pipeline import parsecache
from i18n_pipeline.document import Document
from i18n_pipeline.parse import ParseOptions, parse
from i18n_pipeline.state import digest

OPTIONS = ParseOptions()


def _same(kept: Document | None, parsed: Document) -> None:
    assert kept is not None
    assert kept == parsed  # every compared field, segments and their placeholders included
    assert kept.references == parsed.references
    assert kept.blocks == parsed.blocks


@pytest.mark.parametrize("source", english_issues()[::4], ids=lambda p: p.stem)
def test_a_kept_parse_is_the_parse(tmp_path: Path, source: Path) -> None:
    text = read(source)
    parsed = parse(text, str(source), OPTIONS)
    parsecache.store(tmp_path, parsed, digest(text.encode()), OPTIONS)
    _same(parsecache.load(tmp_path, str(source), text, digest(text.encode()), OPTIONS), parsed)


def test_anything_else_is_a_miss(tmp_path: Path) -> None:
    source = english_issues()[0]
    text = read(source)
    key = digest(text.encode())
    parsecache.store(tmp_path, parse(text, str(source), OPTIONS), key, OPTIONS)
    other_text = text + "\nOne more paragraph.\n"
    assert parsecache.load(tmp_path, str(source), other_text, digest(other_text.encode()),
                           OPTIONS) is None  # fmt: skip
    assert parsecache.load(tmp_path, "elsewhere.md", text, key, OPTIONS) is None
    other_options = ParseOptions(frontmatter_translate=("title",))
    assert parsecache.load(tmp_path, str(source), text, key, other_options) is None
    [kept] = (tmp_path / parsecache.DOCUMENTS_DIR).iterdir()
    for garbage in (b"", b"\xff", b"[]", b'{"schema": 1}', kept.read_bytes()[:-20]):
        kept.write_bytes(garbage)
        assert parsecache.load(tmp_path, str(source), text, key, OPTIONS) is None


def test_a_kept_parse_that_does_not_fit_the_text_is_a_miss(tmp_path: Path) -> None:
    """A cache file tampered with (or of a text cut short) never yields spans out of bounds."""
    source = english_issues()[0]
    text = read(source)
    key = digest(text.encode())
    parsecache.store(tmp_path, parse(text, str(source), OPTIONS), key, OPTIONS)
    shorter = text[: len(text) // 2]
    assert parsecache.load(tmp_path, str(source), shorter, key, OPTIONS) is None


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    source = english_issues()[0]
    text = read(source)
    parsecache.store(blocker, parse(text, str(source), OPTIONS), digest(text.encode()), OPTIONS)
    assert parsecache.load(blocker, str(source), text, digest(text.encode()), OPTIONS) is None


def test_a_changed_letter_in_a_valid_kept_parse_is_a_miss(tmp_path: Path) -> None:
    """The issue's case: one letter of a msgid changed, the JSON still valid."""
    source = english_issues()[0]
    text = read(source)
    key = digest(text.encode())
    parsed = parse(text, str(source), OPTIONS)
    parsecache.store(tmp_path, parsed, key, OPTIONS)
    [kept] = (tmp_path / parsecache.DOCUMENTS_DIR).iterdir()
    data = kept.read_bytes()
    msgid = parsed.segments[3].msgid.encode()
    assert data.count(msgid) == 1
    kept.write_bytes(data.replace(msgid, msgid[:-1] + (b"X" if msgid[-1:] != b"X" else b"Y")))
    assert parsecache.load(tmp_path, str(source), text, key, OPTIONS) is None
    kept.write_bytes(data)
    _same(parsecache.load(tmp_path, str(source), text, key, OPTIONS), parsed)


def test_keeping_the_same_parse_again_leaves_the_file_and_a_damaged_one_is_replaced(
    tmp_path: Path,
) -> None:
    """``extract --force`` re-parses every source: an identical kept parse is not rewritten
    (no new file), but one that differs, even by a byte, is."""
    source = english_issues()[0]
    text = read(source)
    key = digest(text.encode())
    parsed = parse(text, str(source), OPTIONS)
    parsecache.store(tmp_path, parsed, key, OPTIONS)
    [kept] = (tmp_path / parsecache.DOCUMENTS_DIR).iterdir()
    first = kept.stat()
    parsecache.store(tmp_path, parsed, key, OPTIONS)
    assert kept.stat().st_ino == first.st_ino  # the same file: not replaced
    good = kept.read_bytes()
    kept.write_bytes(good[:-1] + b" ")
    parsecache.store(tmp_path, parsed, key, OPTIONS)
    assert kept.read_bytes() == good
    _same(parsecache.load(tmp_path, str(source), text, key, OPTIONS), parsed)


def test_a_kept_parse_with_nested_segments_is_the_parse(tmp_path: Path) -> None:
    # a shortcode parameter inside a paragraph is a segment inside the paragraph's span
    text = 'Text {{< figure src="/a.png" caption="A caption" >}} more.\n\nNext.\n'
    parsed = parse(text, "nested.md", OPTIONS)
    assert [s.msgid for s in parsed.segments] == ["Text {1} more.", "A caption", "Next."]
    parsecache.store(tmp_path, parsed, digest(text.encode()), OPTIONS)
    loaded = parsecache.load(tmp_path, "nested.md", text, digest(text.encode()), OPTIONS)
    _same(loaded, parsed)
    assert loaded is not None and loaded.extensions == parsed.extensions == OPTIONS.extensions


def test_a_tampered_kept_parse_changes_nothing_a_command_writes(tmp_path: Path) -> None:
    """The issue's trial, end to end: a letter changed in a kept parse used to change the
    template and turn a finished translation fuzzy, even after --force."""
    import os

    from click.testing import CliRunner

    from i18n_pipeline.cli import main

    source = english_issues()[0]
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / source.name).write_bytes(source.read_bytes())
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        assert CliRunner().invoke(main, ["extract"]).exit_code == 0
        pot = tmp_path / "locales/templates" / f"{source.stem}.pot"
        before = pot.read_bytes()
        [kept] = (tmp_path / ".i18n-pipeline-cache" / parsecache.DOCUMENTS_DIR).iterdir()
        data = kept.read_bytes()
        word = b"Newsletter"
        assert word in data
        kept.write_bytes(data.replace(word, b"NewsletteR", 1))  # still valid JSON
        pot.unlink()  # so that extract must write it again, from the kept parse if it trusts it
        assert CliRunner().invoke(main, ["extract"]).exit_code == 0
        assert pot.read_bytes() == before
    finally:
        os.chdir(cwd)
