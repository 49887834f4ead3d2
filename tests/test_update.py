"""msgmerge semantics of ``update`` on a real issue (acceptance 3) and its guarantees."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, read
from i18n_pipeline.catalog import build_template
from i18n_pipeline.config import Config
from i18n_pipeline.errors import CatalogError
from i18n_pipeline.parse import parse
from i18n_pipeline.project import update
from i18n_pipeline.update import merge

ISSUE = "2021-02-05-newsletter.md"
EDITED = "Paula Kreuzer made a nice [embroidery of the XMPP logo]"
DELETED = "MongooseIM published an article on [privacy and security within instant messaging]"


@pytest.fixture
def site(tmp_path: Path) -> tuple[Config, Path]:
    source = tmp_path / "content" / ISSUE
    source.parent.mkdir()
    shutil.copy(CORPUS / ISSUE, source)
    return Config(root=tmp_path, languages=("de",)), source


def _translate_everything(po_path: Path) -> dict[str, str]:
    catalog = polib.pofile(str(po_path))
    for entry in catalog:
        entry.msgstr = f"DE: {entry.msgid}"
    catalog.save()
    return {entry.msgid: entry.msgstr for entry in catalog}


def test_update_keeps_marks_fuzzy_and_obsoletes(site: tuple[Config, Path]) -> None:
    config, source = site
    update(config, source, ["de"])
    po_path = config.catalog_path("de", "2021-02-05-newsletter")
    before = _translate_everything(po_path)

    text = read(source)
    edited_line = next(line for line in text.splitlines() if line.startswith(EDITED))
    deleted_line = next(line for line in text.splitlines() if line.startswith(DELETED))
    text = text.replace(edited_line, edited_line.replace("made a nice", "stitched a beautiful"))
    text = text.replace(deleted_line + "\n\n", "")
    text = text.replace(
        "## Software news\n",
        "## Software news\n\nA brand-new paragraph about Jingle relays and nothing else.\n\n",
    )
    source.write_text(text, encoding="utf-8")

    outcomes = update(config, source, ["de"])
    assert any("1 fuzzy" in outcome.detail for outcome in outcomes)
    catalog = polib.pofile(str(po_path))
    active = {entry.msgid: entry for entry in catalog if not entry.obsolete}
    obsolete = {entry.msgid: entry for entry in catalog if entry.obsolete}

    old_edited = next(msgid for msgid in before if msgid.startswith(EDITED))
    old_deleted = next(msgid for msgid in before if msgid.startswith(DELETED))
    new_edited = next(msgid for msgid in active if msgid.startswith("Paula Kreuzer stitched"))

    fuzzy = active[new_edited]
    assert "fuzzy" in fuzzy.flags
    assert fuzzy.previous_msgid == old_edited
    assert fuzzy.msgstr == before[old_edited]

    assert obsolete[old_deleted].msgstr == before[old_deleted]
    assert active["A brand-new paragraph about Jingle relays and nothing else."].msgstr == ""

    for msgid, msgstr in before.items():
        if msgid in (old_edited, old_deleted):
            continue
        assert active[msgid].msgstr == msgstr
        assert "fuzzy" not in active[msgid].flags


def test_update_twice_changes_nothing(site: tuple[Config, Path]) -> None:
    config, source = site
    update(config, source, ["de"])
    po_path = config.catalog_path("de", "2021-02-05-newsletter")
    pot_path = config.template_path("2021-02-05-newsletter")
    first = (po_path.read_bytes(), pot_path.read_bytes())
    outcomes = update(config, source, ["de"])
    assert [o.action for o in outcomes] == ["unchanged"]
    assert (po_path.read_bytes(), pot_path.read_bytes()) == first


def test_removed_text_returning_is_resurrected() -> None:
    text = "First paragraph.\n\nSecond paragraph.\n"
    template = build_template(parse(text), "a.md")
    catalog, _ = merge(template, None, "de")
    for entry in catalog:
        entry.msgstr = "X " + entry.msgid
    shorter = build_template(parse("First paragraph.\n"), "a.md")
    catalog, stats = merge(shorter, catalog, "de")
    assert stats.obsolete == 1
    catalog, stats = merge(template, catalog, "de")
    assert (stats.kept, stats.obsolete) == (2, 0)
    assert [e.msgstr for e in catalog if not e.obsolete] == [
        "X First paragraph.",
        "X Second paragraph.",
    ]


def test_header_gets_language_and_plural_forms() -> None:
    template = build_template(parse("Hello.\n"), "a.md")
    catalog, _ = merge(template, None, "fr")
    assert catalog.metadata["Language"] == "fr"
    assert catalog.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"


def test_merge_refuses_to_lose_a_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    template = build_template(parse("Hello.\n"), "a.md")
    catalog, _ = merge(template, None, "de")
    catalog[0].msgstr = "Hallo."
    monkeypatch.setattr("i18n_pipeline.update._carry", lambda target, source, *_: None)
    with pytest.raises(CatalogError, match="lose the translation"):
        merge(template, catalog, "de")


def test_line_numbers_are_optional() -> None:
    document = parse("# Title\n\nFirst.\n\nSecond.\n")
    without = build_template(document, "a.md")
    assert [entry.occurrences for entry in without] == [[("a.md", "")]] * 3
    with_lines = build_template(document, "a.md", line_numbers=True)
    assert [entry.occurrences for entry in with_lines] == [
        [("a.md", "1")],
        [("a.md", "3")],
        [("a.md", "5")],
    ]


def test_repeated_text_is_one_entry_with_merged_comments() -> None:
    document = parse("# A\n\nThanks all!\n\n# B\n\nThanks all!\n")
    template = build_template(document, "a.md")
    entry = template.find("Thanks all!")
    assert entry is not None
    assert entry.comment == "A\nB"
    assert len(template) == 3


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "nplurals=2; plural=(n > 1);"),
        ("es", "nplurals=2; plural=(n != 1);"),
        ("it", "nplurals=2; plural=(n != 1);"),
        ("pt_BR", "nplurals=2; plural=(n > 1);"),
        ("ja", "nplurals=1; plural=0;"),
    ],
)
def test_plural_forms_follow_gettext_not_newer_cldr(language: str, expected: str) -> None:
    """msginit, Poedit and Weblate write two French forms; CLDR 42+ (Babel 2.14+) has three."""
    template = build_template(parse("Hello.\n"), "a.md")
    catalog, _ = merge(template, None, language)
    assert catalog.metadata["Plural-Forms"] == expected


def test_plural_forms_of_a_language_without_a_gettext_rule_come_from_babel() -> None:
    template = build_template(parse("Hello.\n"), "a.md")
    catalog, _ = merge(template, None, "sr_Latn")
    assert catalog.metadata["Plural-Forms"].startswith("nplurals=3;")


def test_update_keeps_a_catalogs_own_plural_forms() -> None:
    """As msgmerge does: a team that chose CLDR's three French forms keeps them."""
    template = build_template(parse("Hello.\n"), "a.md")
    catalog, _ = merge(template, None, "fr")
    cldr = "nplurals=3; plural=(n == 0 || n == 1) ? 0 : n != 0 && n % 1000000 == 0 ? 1 : 2;"
    catalog.metadata["Plural-Forms"] = cldr
    merged, _ = merge(template, catalog, "fr")
    assert merged.metadata["Plural-Forms"] == cldr
    catalog.metadata["Plural-Forms"] = "garbage"
    merged, _ = merge(template, catalog, "fr")
    assert merged.metadata["Plural-Forms"] == "nplurals=2; plural=(n > 1);"


def test_an_entry_whose_plural_forms_differ_from_the_template_keeps_its_translation() -> None:
    """As msgmerge does: msgstr[0] becomes the msgstr (the msgstr every form), fuzzy; before,
    a translator's plural forms on a page's entry were dropped on writing, counted as kept.
    A second form that a singular entry cannot hold is refused, not dropped as msgmerge does."""
    template = polib.POFile()
    template.append(polib.POEntry(msgid="Heading", msgstr=""))
    template.append(polib.POEntry(msgid="one", msgid_plural="many", msgstr_plural={0: "", 1: ""}))
    existing = polib.POFile()
    existing.metadata = {"Plural-Forms": "nplurals=2; plural=(n != 1);"}
    existing.append(
        polib.POEntry(msgid="Heading", msgid_plural="Headings", msgstr_plural={0: "A", 1: ""})
    )
    existing.append(polib.POEntry(msgid="one", msgstr="eins"))
    merged, stats = merge(template, existing, "de")
    text = merged.__unicode__()
    heading, one = merged.find("Heading"), merged.find("one")
    assert heading is not None and one is not None
    assert (heading.msgstr, heading.msgid_plural, heading.fuzzy) == ("A", "", True)
    assert (one.msgstr_plural, one.fuzzy) == ({0: "eins", 1: "eins"}, True)
    assert (stats.kept, stats.fuzzy) == (0, 2)
    assert 'msgstr "A"' in text and 'msgstr[1] "eins"' in text
    existing[0].msgstr_plural = {0: "A", 1: "B"}
    with pytest.raises(CatalogError, match="lose the translation of 'Heading'"):
        merge(template, existing, "de")
