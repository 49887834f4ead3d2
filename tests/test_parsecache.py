"""The parse kept between runs: the same Document as a fresh parse, or a miss, never wrong.

It is kept in the source's state file (one file per source for its records and its parse),
sealed by the digest of the rest of the file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import english_issues, read
from i18n_pipeline import parsecache
from i18n_pipeline.document import Document
from i18n_pipeline.parse import ParseOptions, parse
from i18n_pipeline.state import STATE_DIR, Record, SourceState, digest

OPTIONS = ParseOptions()


def keep(cache: Path, source: Path, document: Document, text: str) -> Path:
    """Keep ``document`` in the state of ``source`` under ``cache``; return the state file."""
    state = SourceState.load(cache, source)
    parsecache.store(state, document, digest(text.encode()), OPTIONS)
    state.save(source)
    assert state.path is not None
    return state.path


def kept(cache: Path, source: Path, text: str, options: ParseOptions = OPTIONS) -> Document | None:
    """The parse kept for ``source`` if it is the parse of ``text``, as a run loads it."""
    state = SourceState.load(cache, source)
    return parsecache.load(state, str(source), text, digest(text.encode()), options)


def _same(kept: Document | None, parsed: Document) -> None:
    assert kept is not None
    assert kept == parsed  # every compared field, segments and their placeholders included
    assert kept.references == parsed.references
    assert kept.blocks == parsed.blocks


@pytest.mark.parametrize("source", english_issues()[::4], ids=lambda p: p.stem)
def test_a_kept_parse_is_the_parse(tmp_path: Path, source: Path) -> None:
    text = read(source)
    parsed = parse(text, str(source), OPTIONS)
    keep(tmp_path, source, parsed, text)
    _same(kept(tmp_path, source, text), parsed)


def test_one_file_per_source_holds_its_records_and_its_parse(tmp_path: Path) -> None:
    """A job writes one cache file per source, not a state file and a parse file."""
    source = english_issues()[0]
    text = read(source)
    state = SourceState.load(tmp_path, source)
    state.put("extract:x.pot", Record("inputs", {"x.pot": "digest"}, "created", "3 entries"))
    parsecache.store(state, parse(text, str(source), OPTIONS), digest(text.encode()), OPTIONS)
    state.save(source)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file() and p.name != ".gitignore"] == [
        state.path.name if state.path else ""
    ]
    again = SourceState.load(tmp_path, source)
    assert not again.discarded
    assert again.records == state.records
    _same(kept(tmp_path, source, text), parse(text, str(source), OPTIONS))
    # a record changed later (publish, the memory step) keeps the parse as it was
    again.put("publish:x.md", Record("other", {"x.md": "d"}, "created"))
    again.save(source)
    assert set(SourceState.load(tmp_path, source).records) == {"extract:x.pot", "publish:x.md"}
    _same(kept(tmp_path, source, text), parse(text, str(source), OPTIONS))


def test_anything_else_is_a_miss(tmp_path: Path) -> None:
    source = english_issues()[0]
    text = read(source)
    state_file = keep(tmp_path, source, parse(text, str(source), OPTIONS), text)
    other_text = text + "\nOne more paragraph.\n"
    assert kept(tmp_path, source, other_text) is None
    state = SourceState.load(tmp_path, source)
    assert parsecache.load(state, "elsewhere.md", text, digest(text.encode()), OPTIONS) is None
    assert kept(tmp_path, source, text, ParseOptions(frontmatter_translate=("title",))) is None
    good = state_file.read_bytes()
    seal, _, body = good.partition(b"\n")
    records, _, parse_line = body.partition(b"\n")
    resealed = [  # well sealed, but not what store writes
        b"",
        b"[]",
        b'{"schema": 1}',
        parse_line[:-20],
        parse_line.replace(b'"schema":3', b'"schema":2'),
    ]
    garbage = [b"", b"\xff", good[:-20], seal + b"\n" + records]
    garbage += [digest(records + b"\n" + line).encode() + b"\n" + records + b"\n" + line
                for line in resealed]  # fmt: skip
    for data in garbage:
        state_file.write_bytes(data)
        assert kept(tmp_path, source, text) is None, data[:80]
    state_file.write_bytes(good)
    assert kept(tmp_path, source, text) is not None


def test_a_kept_parse_that_does_not_fit_the_text_is_a_miss(tmp_path: Path) -> None:
    """A cache file tampered with (or of a text cut short) never yields spans out of bounds."""
    source = english_issues()[0]
    text = read(source)
    keep(tmp_path, source, parse(text, str(source), OPTIONS), text)
    shorter = text[: len(text) // 2]
    state = SourceState.load(tmp_path, source)
    assert parsecache.load(state, str(source), shorter, digest(text.encode()), OPTIONS) is None


def test_an_unwritable_cache_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the folder should be")
    source = english_issues()[0]
    text = read(source)
    keep(blocker, source, parse(text, str(source), OPTIONS), text)
    assert kept(blocker, source, text) is None


@pytest.mark.parametrize("part", ["parse", "records"])
def test_a_changed_letter_in_a_valid_cache_file_is_a_miss(tmp_path: Path, part: str) -> None:
    """The issue's case: one letter of a msgid changed, the JSON still valid; the records'
    line is sealed with the parse, so a change there is no more trusted."""
    source = english_issues()[0]
    text = read(source)
    parsed = parse(text, str(source), OPTIONS)
    state = SourceState.load(tmp_path, source)
    state.put("extract:x.pot", Record("inputs", {"x.pot": "digest"}, "created", "3 entries"))
    parsecache.store(state, parsed, digest(text.encode()), OPTIONS)
    state.save(source)
    assert state.path is not None
    data = state.path.read_bytes()
    old = parsed.segments[3].msgid.encode() if part == "parse" else b"3 entries"
    assert data.count(old) == 1
    state.path.write_bytes(data.replace(old, old[:-1] + (b"X" if old[-1:] != b"X" else b"Y")))
    damaged = SourceState.load(tmp_path, source)
    assert damaged.discarded and damaged.records == {} and damaged.kept == ""
    assert kept(tmp_path, source, text) is None
    state.path.write_bytes(data)
    _same(kept(tmp_path, source, text), parsed)
    assert SourceState.load(tmp_path, source).records == state.records


def test_keeping_the_same_parse_again_leaves_the_file_and_a_damaged_one_is_replaced(
    tmp_path: Path,
) -> None:
    """``extract --force`` re-parses every source: an identical kept parse is not rewritten
    (no new file), but a file that differs, even by a byte, is."""
    source = english_issues()[0]
    text = read(source)
    parsed = parse(text, str(source), OPTIONS)
    state_file = keep(tmp_path, source, parsed, text)
    first = state_file.stat()
    keep(tmp_path, source, parsed, text)
    assert state_file.stat().st_ino == first.st_ino  # the same file: not replaced
    good = state_file.read_bytes()
    state_file.write_bytes(good[:-1] + b" ")
    keep(tmp_path, source, parsed, text)
    assert state_file.read_bytes() == good
    _same(kept(tmp_path, source, text), parsed)


def test_a_kept_parse_with_nested_segments_is_the_parse(tmp_path: Path) -> None:
    # a shortcode parameter inside a paragraph is a segment inside the paragraph's span
    text = 'Text {{< figure src="/a.png" caption="A caption" >}} more.\n\nNext.\n'
    parsed = parse(text, "nested.md", OPTIONS)
    assert [s.msgid for s in parsed.segments] == ["Text {1} more.", "A caption", "Next."]
    keep(tmp_path, Path("nested.md"), parsed, text)
    loaded = kept(tmp_path, Path("nested.md"), text)
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
        [cached] = (tmp_path / ".i18n-pipeline-cache" / STATE_DIR).iterdir()
        data = cached.read_bytes()
        word = b"Newsletter"
        assert word in data.split(b"\n")[2]  # in the kept parse
        cached.write_bytes(data.replace(word, b"NewsletteR", 1))  # still valid JSON
        pot.unlink()  # so that extract must write it again, from the kept parse if it trusts it
        assert CliRunner().invoke(main, ["extract"]).exit_code == 0
        assert pot.read_bytes() == before
    finally:
        os.chdir(cwd)


def test_a_change_in_a_subpackage_invalidates_what_was_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The gate is a subpackage: a changed check must not leave parses and states kept by
    the code before it looking current."""
    import shutil

    from i18n_pipeline import state

    copy = tmp_path / "i18n_pipeline"
    shutil.copytree(Path(state.__file__).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(state, "__file__", str(copy / "state.py"))
    before = state.tool_fingerprint.__wrapped__()
    rules = copy / "gate" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert state.tool_fingerprint.__wrapped__() != before


def test_the_code_fingerprint_is_of_every_module_by_its_path_in_the_package() -> None:
    """The digest of the version, then of each ``.py`` file under the package (path relative
    to it, then bytes), in path order: computed here the plain way, with pathlib."""
    import hashlib

    from i18n_pipeline import __version__, state

    package = Path(state.__file__).parent
    hasher = hashlib.sha256(__version__.encode())
    modules = sorted(package.rglob("*.py"))
    assert package / "gate" / "rules.py" in modules
    for module in modules:
        hasher.update(module.relative_to(package).as_posix().encode())
        hasher.update(module.read_bytes())
    assert state.tool_fingerprint.__wrapped__() == hasher.hexdigest()[:32]


def test_extract_writes_one_cache_file_per_source_and_publish_reads_the_parse_from_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: per source, extract creates its template and one cache file (no
    ``documents/`` any more), and publish parses nothing: the parse is in that file."""
    from conftest import run
    from i18n_pipeline import project
    from i18n_pipeline.catalog import read_catalog, write_catalog

    sources = english_issues()[:3]
    (tmp_path / "content").mkdir()
    for source in sources:
        (tmp_path / "content" / source.name).write_bytes(source.read_bytes())
    (tmp_path / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    assert run(tmp_path, "extract", "-j", "1").exit_code == 0
    cache = tmp_path / ".i18n-pipeline-cache"
    assert sorted(p.name for p in cache.iterdir()) == [".gitignore", "lock", STATE_DIR]
    states = sorted((cache / STATE_DIR).iterdir())
    assert len(states) == len(sources)
    assert all(SourceState.load(cache, tmp_path / "content" / s.name).kept for s in sources)
    assert run(tmp_path, "update", "-j", "1", "--no-memory").exit_code == 0
    for source in sources:  # every entry translated, so publish writes each page
        po = tmp_path / "locales/de/LC_MESSAGES" / f"{source.stem}.po"
        catalog = read_catalog(po)
        for entry in catalog:
            entry.msgstr = entry.msgid
        write_catalog(po, catalog)
    parsed: list[str] = []
    real = project.load_document
    monkeypatch.setattr(project, "load_document",
                        lambda *args: parsed.append(str(args[1])) or real(*args))  # fmt: skip
    result = run(tmp_path, "publish", "-j", "1")
    assert result.exit_code == 0, result.output
    assert parsed == []
    assert len(list((tmp_path / "content").glob("*.de.md"))) == len(sources)
    assert sorted((cache / STATE_DIR).iterdir()) == states  # the same files, rewritten
