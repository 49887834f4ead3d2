"""PO files that stay quiet in version control and load in Weblate (issue 3, section 3).

The tools translators use rewrite the whole file when they save: GNU gettext's msgcat style
for Poedit and anything built on libgettextpo, translate-toolkit for Weblate.  If our output
differs from theirs in any byte, every save and every ``update`` shows up as noise in the
diff.  These tests run the real tools on catalogs of real issues.

One difference cannot be avoided: GNU gettext (0.21, Debian's) drops flags it does not know,
and ``markdown-text`` (Weblate's alias of ``md-text``) is one of them.  msgcat's output is
therefore compared with ours minus that flag, and ``update`` follows a file's convention so
that a flag the translator's tool dropped is not added back (see ``update.merge``).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from difflib import SequenceMatcher
from pathlib import Path

import polib
import pytest
from translate.storage import pypo

from conftest import CORPUS, english_issues, read
from i18n_pipeline.catalog import build_template, read_catalog, write_catalog
from i18n_pipeline.config import Config
from i18n_pipeline.parse import parse
from i18n_pipeline.poformat import dumps
from i18n_pipeline.project import update
from i18n_pipeline.update import merge

MSGCAT = shutil.which("msgcat")
needs_msgcat = pytest.mark.needs_gettext
ISSUE = "2021-02-05-newsletter"
EDITED = "Paula Kreuzer made a nice [embroidery of the XMPP logo]"


def _catalogs(path: Path) -> tuple[str, str]:
    """The POT of a corpus issue and a German PO exercising every kind of entry we write."""
    document = parse(read(path), str(path))
    template = build_template(document, f"content/blog/newsletter/{path.name}")
    catalog, _ = merge(template, None, "de")
    for number, entry in enumerate(catalog):
        if number % 3:
            entry.msgstr = "ÆØ " + entry.msgid.replace("the", "die")
        if number % 7 == 1:
            entry.flags.insert(0, "fuzzy")
            entry.previous_msgid = entry.msgid[: len(entry.msgid) // 2]
            entry.tcomment = "memory: 2021-01-05-newsletter (81%)"
    catalog.append(
        polib.POEntry(msgid="A removed paragraph.", msgstr="Ein alter Absatz.", obsolete=True)
    )
    return dumps(template), dumps(catalog)


@pytest.fixture(scope="module")
def corpus_catalogs() -> dict[str, tuple[str, str]]:
    return {path.stem: _catalogs(path) for path in english_issues()}


def _msgcat(text: str, tmp_path: Path) -> str:
    source = tmp_path / "in.po"
    source.write_text(text, encoding="utf-8")
    assert MSGCAT is not None
    result = subprocess.run(
        [MSGCAT, "-o", "-", str(source)], capture_output=True, text=True, check=True
    )
    return result.stdout


def _without_markdown_flag(text: str) -> str:
    text = re.sub(r"^#, markdown-text\n", "", text, flags=re.MULTILINE)
    return re.sub(r"^(#, .*), markdown-text$", r"\1", text, flags=re.MULTILINE)


def test_writing_what_we_read_gives_identical_bytes(
    corpus_catalogs: dict[str, tuple[str, str]], tmp_path: Path
) -> None:
    path = tmp_path / "x.po"
    for pot, po in corpus_catalogs.values():
        for text in (pot, po):
            path.write_text(text, encoding="utf-8")
            assert dumps(read_catalog(path)) == text


@needs_msgcat
def test_msgcat_leaves_our_output_unchanged(
    corpus_catalogs: dict[str, tuple[str, str]], tmp_path: Path
) -> None:
    different = []
    for name, (pot, po) in corpus_catalogs.items():
        for kind, text in (("pot", pot), ("po", po)):
            assert "markdown-text" in text
            if _msgcat(text, tmp_path) != _without_markdown_flag(text):
                different.append(f"{name}.{kind}")
    assert different == []
    # and what msgcat wrote is a fixed point of our reader and writer
    pot, po = corpus_catalogs[ISSUE]
    for text in (pot, po):
        saved = _msgcat(text, tmp_path)
        (tmp_path / "saved.po").write_text(saved, encoding="utf-8")
        assert dumps(read_catalog(tmp_path / "saved.po")) == saved


def test_translate_toolkit_finds_every_entry_and_flag(
    corpus_catalogs: dict[str, tuple[str, str]], tmp_path: Path
) -> None:
    """Weblate reads (and writes) PO files with translate-toolkit's PO storage."""
    for name in (ISSUE, "2022-03-05-newsletter", "2023-09-05-newsletter"):
        for text in corpus_catalogs[name]:
            path = tmp_path / "catalog.po"
            path.write_text(text, encoding="utf-8")
            ours = [entry for entry in read_catalog(path)]
            store = pypo.pofile.parsefile(str(path))
            units = [unit for unit in store.units if not unit.isheader()]
            assert len(units) == len(ours)
            markdown = 0
            for unit, entry in zip(units, ours, strict=True):
                assert unit.source == entry.msgid
                assert unit.target == entry.msgstr
                assert unit.isobsolete() == entry.obsolete
                assert unit.isfuzzy() == ("fuzzy" in entry.flags)
                assert unit.hastypecomment("markdown-text") == ("markdown-text" in entry.flags)
                markdown += unit.hastypecomment("markdown-text")
                if not entry.obsolete:
                    assert unit.getlocations() == [ref for ref, _ in entry.occurrences]
                    assert unit.getnotes("developer") == entry.comment
            assert markdown > 20
            # a save from Weblate without an edit changes no byte
            assert bytes(store).decode("utf-8") == text


# --- a translator's save, then our update ---------------------------------------------------


@pytest.fixture
def site(tmp_path: Path) -> tuple[Config, Path]:
    source = tmp_path / "content" / f"{ISSUE}.md"
    source.parent.mkdir()
    shutil.copy(CORPUS / f"{ISSUE}.md", source)
    config = Config(root=tmp_path, languages=("de",))
    update(config, source, ["de"])
    po_path = config.catalog_path("de", ISSUE)
    catalog = read_catalog(po_path)
    for number, entry in enumerate(catalog):
        if number % 4:
            entry.msgstr = "ÆØ " + entry.msgid
    write_catalog(po_path, catalog)
    return config, source


def _blocks(text: str) -> list[str]:
    return text.split("\n\n")


def _changed_blocks(before: str, after: str) -> list[tuple[list[str], list[str]]]:
    old, new = _blocks(before), _blocks(after)
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        (old[i1:i2], new[j1:j2]) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
    ]


def _edit_source(source: Path) -> None:
    text = read(source)
    line = next(line for line in text.splitlines() if line.startswith(EDITED))
    source.write_text(text.replace(line, line.replace("made a nice", "stitched a fine")), "utf-8")


def _header_date_only(old: str, new: str) -> bool:
    removed = set(old.splitlines()) - set(new.splitlines())
    return all(line.startswith('"POT-Creation-Date: ') for line in removed)


@needs_msgcat
def test_poedit_style_save_then_update_changes_only_what_the_source_changed(
    site: tuple[Config, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config, source = site
    po_path = config.catalog_path("de", ISSUE)
    # the translator's tool updates its header fields and writes the file msgcat's way
    text = po_path.read_text(encoding="utf-8")
    text = re.sub(
        r'"Last-Translator: [^"]*"', r'"Last-Translator: Anna <anna@example.org>\\n"', text
    )
    text = text.replace('"Generated-By:', '"X-Generator: Poedit 3.4.2\\n"\n"Generated-By:')
    saved = _msgcat(text, tmp_path)
    assert "markdown-text" not in saved
    po_path.write_text(saved, encoding="utf-8")

    outcomes = update(config, source, ["de"])
    assert [o.action for o in outcomes] == ["unchanged"]
    assert po_path.read_text(encoding="utf-8") == saved

    _edit_source(source)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    update(config, source, ["de"])
    after = po_path.read_text(encoding="utf-8")
    changes = _changed_blocks(saved, after)
    assert len(changes) == 2, changes
    (old_header,), (new_header,) = changes[0]
    assert _header_date_only(old_header, new_header)
    (old_entry,), (new_entry,) = changes[1]
    assert EDITED in old_entry.replace('"\n"', "")
    assert "#, fuzzy\n#| msgid" in new_entry
    assert "stitched a fine" in new_entry.replace('"\n"', "")
    assert "markdown-text" not in after  # the file's convention is kept for the new entry too
    assert _msgcat(after, tmp_path) == after


def test_weblate_style_save_then_update_changes_nothing(
    site: tuple[Config, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """translate-toolkit writes our bytes; Weblate's own header values must survive update."""
    config, source = site
    po_path = config.catalog_path("de", ISSUE)
    store = pypo.pofile.parsefile(str(po_path))
    store.updateheader(
        add=True,
        Last_Translator="Anna <anna@example.org>",
        X_Generator="Weblate 5.7",
        Plural_Forms="nplurals=2; plural=n != 1;",
    )
    unit = next(u for u in store.units if u.source.startswith(EDITED))
    unit.target = "Paula Kreuzer hat ein schönes [XMPP-Logo gestickt](1)."
    po_path.write_bytes(bytes(store))
    saved = po_path.read_text(encoding="utf-8")
    assert "plural=n != 1;" in saved and "markdown-text" in saved

    assert [o.action for o in update(config, source, ["de"])] == ["unchanged"]
    assert po_path.read_text(encoding="utf-8") == saved

    _edit_source(source)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    update(config, source, ["de"])
    after = po_path.read_text(encoding="utf-8")
    changes = _changed_blocks(saved, after)
    assert len(changes) == 2, changes
    (old_header,), (new_header,) = changes[0]
    assert _header_date_only(old_header, new_header)
    assert "plural=n != 1;" in new_header and "X-Generator: Weblate 5.7" in new_header
    (_,), (new_entry,) = changes[1]
    assert "#, fuzzy, markdown-text\n#| msgid" in new_entry
    assert "XMPP-Logo gestickt" in new_entry


def test_paragraph_inserted_at_top_changes_no_other_entry(
    site: tuple[Config, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, source = site
    pot_path = config.template_path(ISSUE)
    po_path = config.catalog_path("de", ISSUE)
    before = {path: path.read_text(encoding="utf-8") for path in (pot_path, po_path)}
    text = read(source)
    end_of_front_matter = text.index("\n---\n", 4) + len("\n---\n")
    source.write_text(
        text[:end_of_front_matter]
        + "\nA paragraph added at the very top of the issue.\n"
        + text[end_of_front_matter:],
        encoding="utf-8",
    )
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1800000000")
    update(config, source, ["de"])
    for path, old in before.items():
        new = path.read_text(encoding="utf-8")
        changes = _changed_blocks(old, new)
        assert len(changes) == 2, (path.name, changes)
        (old_header,), (new_header,) = changes[0]
        assert _header_date_only(old_header, new_header)
        removed, added = changes[1]
        assert removed == []
        assert len(added) == 1
        assert 'msgid "A paragraph added at the very top of the issue."' in added[0]


def test_a_template_read_back_is_the_same_template(tmp_path: Path) -> None:
    """A msgid first met outside any heading, then under one (Hugo's docs: 9 pages such as
    methods/site/GetPage.md), had the comment "\\nPage bundles": written as an empty ``#.``
    line that reads back as nothing, so ``extract --check`` said "outdated" on every fresh run."""
    from i18n_pipeline.catalog import same_entries

    text = "Consider this:\n\n## Page bundles\n\nConsider this:\n"
    template = build_template(parse(text, "a.md"), "a.md")
    path = tmp_path / "a.pot"
    path.write_text(dumps(template), encoding="utf-8")
    assert same_entries(read_catalog(path), template)
    assert template[0].comment == "Page bundles"
