"""Bad input: one clear error naming file and line, non-zero exit, other files still done."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from i18n_pipeline.catalog import read_catalog
from i18n_pipeline.cli import main
from i18n_pipeline.errors import CatalogError, ConfigError, SourceError
from i18n_pipeline.languages import gettext_locale as validate_language
from i18n_pipeline.parse import parse

GOOD = "---\ntitle: Good\n---\n\nA good paragraph.\n"


def _run(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    runner = CliRunner()
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)


def test_malformed_yaml_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_text("---\ntitle: ok\ndate: [unclosed\n---\n\nText.\n")
    (tmp_path / "good.md").write_text(GOOD)
    result = _run(tmp_path, "extract", "bad.md", "good.md")
    assert result.exit_code == 1
    assert "bad.md:" in result.stderr and "invalid YAML front matter" in result.stderr
    line = int(result.stderr.split("bad.md:")[1].split(":")[0])
    assert line in (3, 4)
    assert (tmp_path / "locales/templates/good.pot").exists()
    assert not (tmp_path / "locales/templates/bad.pot").exists()


def test_unclosed_front_matter() -> None:
    with pytest.raises(SourceError, match="never closed") as error:
        parse("---\ntitle: x\n\nText\n", "x.md")
    assert error.value.line == 1


def test_non_utf8_file_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "latin1.md").write_bytes(b"First line.\n\nCaf\xe9 au lait.\n")
    (tmp_path / "good.md").write_text(GOOD)
    result = _run(tmp_path, "extract", "latin1.md", "good.md")
    assert result.exit_code == 1
    assert "latin1.md:3: not valid UTF-8" in result.stderr
    assert (tmp_path / "locales/templates/good.pot").exists()


def test_missing_file(tmp_path: Path) -> None:
    result = _run(tmp_path, "extract", "nope.md")
    assert result.exit_code == 1
    assert "nope.md: cannot read file" in result.stderr


def test_malformed_po_is_reported_and_left_alone(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD.replace("Good", "Other"))
    assert _run(tmp_path, "update", "--lang", "de", "a.md", "b.md").exit_code == 0
    broken = tmp_path / "locales/de/LC_MESSAGES/a.po"
    text = broken.read_text() + '\nmsgid "dangling\nmsgstr ""\n'
    broken.write_text(text)
    result = _run(tmp_path, "update", "--lang", "de", "a.md", "b.md")
    assert result.exit_code == 1
    assert "a.po:" in result.stderr and "invalid PO file" in result.stderr
    assert broken.read_text() == text  # never overwritten
    assert "unchanged" in result.stdout  # b.md still processed


def test_read_catalog_reports_line(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "a"\nmsgstr "b"\nbogus line\n'
    )
    with pytest.raises(CatalogError) as error:
        read_catalog(po)
    assert error.value.path == str(po)
    assert error.value.line == 7


def test_duplicate_msgid_is_an_error(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "a"\nmsgstr "c"\n')
    for messages_only in (False, True):  # publish's read too: its entries have no line
        with pytest.raises(CatalogError, match="already exists") as error:
            read_catalog(po, messages_only=messages_only)
        assert error.value.line == 4


def test_foreign_charset_is_refused(tmp_path: Path) -> None:
    po = tmp_path / "x.po"
    po.write_text('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-1\\n"\n')
    with pytest.raises(CatalogError, match="charset") as error:
        read_catalog(po)
    assert error.value.line == 3


@pytest.mark.parametrize("code", ["../x", "xx_INVALID", "de/../../etc", "", "de de"])
def test_invalid_language_codes_are_refused(code: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        validate_language(code)
    (tmp_path / "a.md").write_text(GOOD)
    result = _run(tmp_path, "update", "--lang", code, "a.md")
    assert result.exit_code != 0
    assert not (tmp_path / "locales").exists() or not any((tmp_path / "locales").rglob("*.po"))


@pytest.mark.parametrize("code", ["de", "fr", "pt_BR", "pt-BR", "zh_Hans", "sr@latin"])
def test_valid_language_codes(code: str) -> None:
    assert validate_language(code) == code.replace("-", "_")


def test_no_temporary_files_left_behind(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD)
    assert _run(tmp_path, "update", "--lang", "de", "a.md").exit_code == 0
    leftovers = [p for p in tmp_path.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def _translated_site(tmp_path: Path) -> Path:
    """Two pages, each with a German catalog that translates it; a.po is returned."""
    (tmp_path / "a.md").write_text(GOOD)
    (tmp_path / "b.md").write_text(GOOD.replace("Good", "Other"))
    assert _run(tmp_path, "update", "--lang", "de", "a.md", "b.md").exit_code == 0
    for name in ("a", "b"):
        po = tmp_path / f"locales/de/LC_MESSAGES/{name}.po"
        text = po.read_text()
        german = [("Good", "Gut"), ("Other", "Anders"), (GOOD[-18:-1], "Ein Absatz.")]
        for msgid, msgstr in german:
            empty, translated = f'msgid "{msgid}"\nmsgstr ""', f'msgid "{msgid}"\nmsgstr "{msgstr}"'
            text = text.replace(empty, translated)
        po.write_text(text)
    return tmp_path / "locales/de/LC_MESSAGES/a.po"


def test_a_byte_order_mark_is_named(tmp_path: Path) -> None:
    """GNU msgfmt refuses a PO file starting with a BOM; the error says so at line 1 (not
    "cannot parse '\\ufeffmsgid'"), the file is left as it is, and publish still uses it."""
    po = _translated_site(tmp_path)
    data = b"\xef\xbb\xbf" + po.read_bytes()
    po.write_bytes(data)
    message = "a.po:1: invalid PO file: it starts with a byte order mark (U+FEFF)"
    result = _run(tmp_path, "update", "--lang", "de", "a.md", "b.md")
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert po.read_bytes() == data
    assert "unchanged" in result.stdout  # b.md still processed
    result = _run(tmp_path, "check", "--lang", "de", "a.md")
    assert result.exit_code == 1
    assert "a.po:1: error: [po-syntax] invalid PO file: it starts with a byte order mark" in (
        result.stdout + result.stderr
    )
    assert "cannot parse" not in result.stdout + result.stderr
    result = _run(tmp_path, "publish", "--lang", "de", "a.md")
    assert result.exit_code == 1
    assert "Ein Absatz." in (tmp_path / "a.de.md").read_text()  # no translation lost
    assert po.read_bytes() == data


def test_a_merge_that_would_lose_a_translation_names_the_entrys_line(tmp_path: Path) -> None:
    """Plural forms on a page's entry: update cannot keep the second form, so it refuses, and
    says where the entry is (the file and the line it starts on), not only its msgid."""
    po = _translated_site(tmp_path)
    text = po.read_text().replace(
        'msgstr "Ein Absatz."',
        'msgid_plural "Paragraphs."\nmsgstr[0] "Ein Absatz."\nmsgstr[1] "Absätze."',
    )
    po.write_text(text)
    msgid_line = text[: text.index('msgid "A good paragraph."')].count("\n") + 1
    entry_line = text[: text.index('msgid "A good paragraph."')].rstrip("\n").rfind("\n\n")
    entry_line = text[: entry_line + 2].count("\n") + 1  # the first line after the blank one
    assert entry_line < msgid_line  # its comments come first
    result = _run(tmp_path, "update", "--lang", "de", "a.md", "b.md")
    assert result.exit_code == 1
    assert f"a.po:{entry_line}: merge would lose the translation of 'A good paragraph.'" in (
        result.stderr
    ), result.stderr
    assert po.read_text() == text
    assert "unchanged" in result.stdout  # b.md still processed


def test_a_line_separator_in_a_msgstr_is_named_with_its_entry(tmp_path: Path) -> None:
    """U+2028 and U+2029 end a line for polib (str.splitlines), not for gettext: the error
    names the entry that has one (its msgid, the line as an editor counts it), not msgid ""."""
    po = _translated_site(tmp_path)
    text = po.read_text()
    text = text.replace('msgstr "Gut"', 'msgstr "G\u2029ut"')
    text = text.replace('msgstr "Ein Absatz."', 'msgstr ""\n"Ein\u2028Absatz."')
    po.write_text(text)
    lines = text.split("\n")
    title = next(n for n, line in enumerate(lines, 1) if "\u2029" in line)
    paragraph = next(n for n, line in enumerate(lines, 1) if "\u2028" in line)
    result = _run(tmp_path, "check", "--lang", "de", "--format", "json", "a.md")
    assert result.exit_code == 1
    found = [
        (f["line"], f["msgid"], f["message"])
        for f in json.loads(result.stdout)["findings"]
        if f["check"] == "po-syntax"
    ]
    assert [(line, msgid) for line, msgid, _ in found] == [
        (title, "Good"),
        (paragraph, GOOD[-18:-1]),
    ]
    assert "U+2029 (PARAGRAPH SEPARATOR)" in found[0][2]
    assert "U+2028 (LINE SEPARATOR)" in found[1][2]
    result = _run(tmp_path, "update", "--lang", "de", "a.md", "b.md")
    assert result.exit_code == 1
    assert f"a.po:{title}: invalid PO file: U+2029 (PARAGRAPH SEPARATOR)" in result.stderr
    assert po.read_text() == text
