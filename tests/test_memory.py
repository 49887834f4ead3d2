"""Translation memory: a later issue's boilerplate filled from an earlier issue's translation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import polib
import pytest
from rapidfuzz.distance import Indel
from translate.storage import tmx

from conftest import CORPUS, english_issues, read, run
from i18n_pipeline.catalog import read_catalog
from i18n_pipeline.config import Config, load_config
from i18n_pipeline.errors import ConfigError
from i18n_pipeline.memory import (
    TranslationMemory,
    Unit,
    build_memory,
    fill,
    normalise,
    renumber,
)
from i18n_pipeline.parse import parse
from i18n_pipeline.project import export_memory, load_memory, publish, update

EARLIER = "2022-03-05-newsletter"
LATER = "2022-04-05-newsletter"

# The German of the February 2022 issue, as its human translators wrote it (2022-03-05.de.md),
# with the link destinations replaced by the msgid's stand-ins.
GERMAN = {
    "Newsletter translations": "Übersetzungen des Newsletters",
    "Spread the news!": "Teile die Neuigkeiten!",
    "Please share the news on other networks:": (
        'Teile unsere Neuigkeiten in "Sozialen Netzwerken":'
    ),
    "Help us to build the newsletter": "Hilf uns, diesen Newsletter zu erstellen",
    "License": "Lizenz",
    "This newsletter is published under [CC BY-SA license](1).": (
        "Dieser Newsletter wird unter der [CC BY-SA Lizenz](1) veröffentlicht."
    ),
    "Welcome to the XMPP Newsletter, great to have you here again! This issue covers the month "
    "of February 2022.": "Willkommen zum XMPP-Newsletter für den Februar 2022!",
    "German: [xmpp.org/de/blog](1) and [anoxinon.de](2)": (
        "Deutsch: [xmpp.org/de/blog](1) und [anoxinon.de](2)"
    ),
}


def _site(tmp_path: Path, *issues: str) -> tuple[Config, Path]:
    content = tmp_path / "content"
    content.mkdir()
    for issue in issues:
        shutil.copy(CORPUS / f"{issue}.md", content / f"{issue}.md")
    return Config(root=tmp_path, languages=("de",)), content


def _translate(config: Config, source: Path, translations: dict[str, str]) -> polib.POFile:
    """Create the issue's German PO and translate it: real German where given, else marked."""
    update(config, source, ["de"])
    path = config.catalog_path("de", source.stem)
    catalog = polib.pofile(str(path))
    for entry in catalog:
        entry.msgstr = translations.get(entry.msgid, "ÆØ " + entry.msgid)
    catalog.save()
    return catalog


@pytest.fixture
def filled(tmp_path: Path) -> tuple[Config, Path, polib.POFile, str]:
    """The April 2022 issue updated with the memory of a translated February 2022 issue."""
    config, content = _site(tmp_path, EARLIER)
    earlier = _translate(config, content / f"{EARLIER}.md", GERMAN)
    assert set(GERMAN) <= {entry.msgid for entry in earlier}
    shutil.copy(CORPUS / f"{LATER}.md", content / f"{LATER}.md")
    memories = {"de": load_memory(config, "de")}
    outcomes = update(config, content / f"{LATER}.md", ["de"], memories=memories)
    catalog = read_catalog(config.catalog_path("de", LATER))
    return config, content, catalog, outcomes[-1].detail


def _entry(catalog: polib.POFile, msgid: str) -> polib.POEntry:
    found = catalog.find(msgid)
    assert found is not None, msgid
    return found


def test_exact_matches_fill_later_issue_boilerplate(filled: tuple) -> None:  # type: ignore[type-arg]
    config, content, catalog, _ = filled
    for msgid in (
        "Newsletter translations",
        "Spread the news!",
        "Please share the news on other networks:",
        "Help us to build the newsletter",
        "License",
        "This newsletter is published under [CC BY-SA license](1).",
    ):
        entry = _entry(catalog, msgid)
        assert entry.msgstr == GERMAN[msgid]
        assert "fuzzy" not in entry.flags
        assert entry.tcomment == f"memory: {EARLIER} (100%)"  # where it came from
    # an exact match translates the page: the licence line is published in German, link intact
    page = publish(config, content / f"{LATER}.md", "de", min_complete=0)
    text = page.path.read_text(encoding="utf-8")
    assert (
        "Dieser Newsletter wird unter der "
        "[CC BY-SA Lizenz](https://creativecommons.org/licenses/by-sa/4.0/) veröffentlicht."
    ) in text
    assert "## Teile die Neuigkeiten!" in text


def test_close_matches_are_fuzzy_with_origin_and_score(filled: tuple) -> None:  # type: ignore[type-arg]
    _, _, catalog, _ = filled
    welcome = next(e for e in catalog if e.msgid.startswith("Welcome to the XMPP Newsletter"))
    assert welcome.msgid.endswith("March 2022.")
    assert welcome.msgstr == "Willkommen zum XMPP-Newsletter für den Februar 2022!"
    assert welcome.flags[0] == "fuzzy"
    assert welcome.previous_msgid.endswith("February 2022.")
    found = re.fullmatch(r"memory: 2022-03-05-newsletter \((\d+)%\)", welcome.tcomment)
    assert found is not None, welcome.tcomment
    assert 75 <= int(found.group(1)) < 100

    german = _entry(catalog, "German: [xmpp.org](1) and [anoxinon.de](2)")
    assert german.msgstr == "Deutsch: [xmpp.org/de/blog](1) und [anoxinon.de](2)"
    assert "fuzzy" in german.flags
    assert german.tcomment.startswith("memory: 2022-03-05-newsletter (")
    assert "check the links" not in german.tcomment


def test_report_counts_what_came_from_memory(filled: tuple) -> None:  # type: ignore[type-arg]
    _, _, catalog, detail = filled
    fuzzy = [e for e in catalog if "fuzzy" in e.flags]
    translated = [e for e in catalog if e.msgstr and "fuzzy" not in e.flags]
    untranslated = [e for e in catalog if not e.msgstr]
    assert all(e.tcomment.startswith("memory: ") for e in fuzzy)
    assert detail == (
        f"0 kept, 0 fuzzy, {len(untranslated)} untranslated, 0 obsolete, "
        f"memory: {len(translated)} exact, {len(fuzzy)} fuzzy"
    )
    # most of a newsletter is boilerplate: at least half of the April issue comes for free
    assert len(translated) >= len(catalog) / 2
    assert len(fuzzy) >= 5


def test_memory_only_fills_what_msgmerge_left_empty(tmp_path: Path) -> None:
    config, content = _site(tmp_path, EARLIER)
    source = content / f"{EARLIER}.md"
    _translate(config, source, GERMAN)
    path = config.catalog_path("de", EARLIER)
    catalog = polib.pofile(str(path))
    _entry(catalog, "License").msgstr = "Lizenz (unsere eigene)"
    catalog.save()
    other = TranslationMemory([Unit("License", "Lizenz", "other")])
    catalog = read_catalog(path)
    before = [(e.msgid, e.msgstr, e.flags) for e in catalog]
    stats = fill(catalog, other)
    assert (stats.exact, stats.fuzzy) == (0, 0)
    assert [(e.msgid, e.msgstr, e.flags) for e in catalog] == before


def test_stand_ins_renumbered_from_a_real_issue(tmp_path: Path) -> None:
    """December 2021 had one link in its GSoC paragraph; January 2022 adds one before it."""
    config, content = _site(tmp_path, "2021-12-05-newsletter")
    _translate(config, content / "2021-12-05-newsletter.md", {})
    shutil.copy(CORPUS / "2022-02-05-newsletter.md", content)
    memories = {"de": load_memory(config, "de")}
    update(config, content / "2022-02-05-newsletter.md", ["de"], memories=memories)
    catalog = read_catalog(config.catalog_path("de", "2022-02-05-newsletter"))
    gsoc = next(e for e in catalog if "Google Summer of Code 2022 (GSoC)](1)" in e.msgid)
    assert "[add your ideas and reach out to us](2)" in gsoc.msgid
    assert "[add your ideas and reach out to us](1)" in gsoc.previous_msgid
    assert gsoc.msgstr.endswith("[add your ideas and reach out to us](2)!")
    assert "fuzzy" in gsoc.flags


def test_renumbering_follows_link_text_and_order() -> None:
    old = "[a](1) and [b](2)"
    # the translator swapped the links; a new link is inserted before both in the source
    text, complete = renumber("[b](2) und [a](1)", old, "[x](1), then [a](2) and [b](3)")
    assert (text, complete) == ("[b](3) und [a](2)", True)
    # an atom removed in front shifts every number
    text, complete = renumber("{1} siehe [a](2)", "{1} see [a](2)", "see [a](1)")
    assert (text, complete) == ("{?} siehe [a](1)", False)
    # an edited link text keeps its place
    text, complete = renumber(
        "[Gajim 1.3](1) ist da", "[Gajim 1.3](1) is out", "[Gajim 1.4](1) is out"
    )
    assert (text, complete) == ("[Gajim 1.3](1) ist da", True)


def test_same_text_numbered_differently_is_remapped_exactly() -> None:
    """A compendium from another tool numbered the links the other way round."""
    memory = TranslationMemory([Unit("[a](2) and [b](1)", "[b](1) und [a](2)", "compendium")])
    match = memory.lookup("[a](1) and [b](2)")
    assert match is not None
    assert match.exact
    assert match.msgstr == "[b](2) und [a](1)"


def test_link_that_cannot_be_placed_makes_the_match_fuzzy() -> None:
    memory = TranslationMemory(
        [Unit("See [the docs](1) and [the code](2).", "Siehe [Doku](1) und [Code](2).", "old")]
    )
    catalog = polib.POFile()
    catalog.append(polib.POEntry(msgid="See [the docs](1) and the code.", msgstr=""))
    stats = fill(catalog, memory)
    entry = catalog[0]
    assert (stats.exact, stats.fuzzy) == (0, 1)
    assert entry.msgstr == "Siehe [Doku](1) und [Code](?)."
    assert "fuzzy" in entry.flags
    assert entry.tcomment.endswith(", check the links")
    # and the same text with a translation that points at a link the msgid lacks
    broken = TranslationMemory([Unit("See [the docs](1).", "Siehe [Doku](2).", "old")])
    match = broken.lookup("See [the docs](1).")
    assert match is not None and not match.exact
    assert match.msgstr == "Siehe [Doku](?)."


def test_any_threshold_between_zero_and_one() -> None:
    memory = TranslationMemory([Unit("Thanks all!", "Danke euch allen!", "a")])
    assert memory.lookup("Thanks all of you!", 0.0) is not None
    assert memory.lookup("Thanks all of you!", 1.0) is None
    match = memory.lookup("Thanks all!", 1.0)
    assert match is not None and match.exact


def test_translator_url_is_kept_but_never_taken_as_exact() -> None:
    """A localized URL was chosen for the origin issue's link, which may differ here."""
    memory = TranslationMemory(
        [Unit("Spanish: [xmpp.org](1)", "Spanisch: [xmpp.org](https://xmpp.org/es/blog/)", "a")]
    )
    match = memory.lookup("Spanish: [xmpp.org](1)")
    assert match is not None
    assert not match.exact
    assert match.msgstr == "Spanisch: [xmpp.org](https://xmpp.org/es/blog/)"
    assert match.comment == "memory: a (100%), check the links"


def test_urls_do_not_count_in_matching() -> None:
    """Two issues that differ only in a link destination have the same msgid: exact."""
    first = parse("Read [the post](https://a.example/1).\n").segments[0].msgid
    second = parse("Read [the post](https://b.example/2).\n").segments[0].msgid
    memory = TranslationMemory([Unit(first, "Lies [den Beitrag](1).", "a")])
    match = memory.lookup(second)
    assert match is not None and match.exact


def test_lookup_is_indexed_and_finds_what_an_exhaustive_scan_finds() -> None:
    """Memory of the 2018–2021 issues, queries from six 2023 issues (edited a little)."""
    issues = english_issues()
    memory = TranslationMemory(
        [Unit(s.msgid, "x", p.stem) for p in issues[:40] for s in parse(read(p)).segments]
    )
    queries = [s.msgid + " And more." for p in issues[-6:] for s in parse(read(p)).segments]
    norms = [normalise(unit.msgid) for unit in memory]
    close = 0
    for query in queries:
        text = normalise(query)
        best = max(Indel.normalized_similarity(text, other) for other in norms)
        match = memory.lookup(query)
        if best < 0.75:
            assert match is None
            continue
        close += 1
        assert match is not None
        assert match.score == pytest.approx(best)
    assert close > 100
    # each lookup compared a few candidates, not the whole memory
    assert memory.compared / len(queries) < 0.05 * len(memory)


def test_compendium_fills_and_issue_catalogs_win(tmp_path: Path) -> None:
    config, content = _site(tmp_path, LATER)
    compendium = tmp_path / "team.po"
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "de"}
    catalog.append(polib.POEntry(msgid="Spread the news!", msgstr="Verbreite die Nachricht!"))
    catalog.append(polib.POEntry(msgid="License", msgstr="Lizenz (Kompendium)"))
    catalog.append(polib.POEntry(msgid="Events", msgstr="Termine", flags=["fuzzy"]))
    catalog.save(str(compendium))
    # another issue of the site translated "License" differently: the issue catalogs win
    other = polib.POFile()
    other.metadata = dict(catalog.metadata)
    other.append(polib.POEntry(msgid="License", msgstr="Lizenz"))
    path = config.catalog_path("de", "2000-01-01-other")
    path.parent.mkdir(parents=True)
    other.save(str(path))

    memory = load_memory(config, "de", [compendium])
    assert memory.catalogs == 2
    update(config, content / f"{LATER}.md", ["de"], memories={"de": memory})
    filled = read_catalog(config.catalog_path("de", LATER))
    assert _entry(filled, "Spread the news!").msgstr == "Verbreite die Nachricht!"
    assert _entry(filled, "License").msgstr == "Lizenz"
    assert _entry(filled, "Events").msgstr == ""  # fuzzy entries are not remembered


def test_unreadable_catalog_is_skipped_and_named(tmp_path: Path) -> None:
    good = tmp_path / "good.po"
    entry = polib.POEntry(msgid="License", msgstr="Lizenz")
    catalog = polib.POFile()
    catalog.append(entry)
    catalog.save(str(good))
    bad = tmp_path / "bad.po"
    bad.write_text('msgid "x"\nmsgstr "unterminated\n', encoding="utf-8")
    memory = build_memory([good, bad])
    assert len(memory) == 1
    assert len(memory.problems) == 1 and "bad.po" in memory.problems[0]


def test_export_compendium_and_tmx_round_trip(tmp_path: Path) -> None:
    config, content = _site(tmp_path, EARLIER)
    _translate(config, content / f"{EARLIER}.md", GERMAN)
    memory = load_memory(config, "de")
    po_path, tmx_path = tmp_path / "de.po", tmp_path / "de.tmx"
    outcomes = export_memory(memory, "de", po=po_path, tmx=tmx_path)
    assert [o.action for o in outcomes] == ["created", "created"]
    assert export_memory(memory, "de", po=po_path, tmx=tmx_path)[0].action == "unchanged"

    exported = read_catalog(po_path)
    assert exported.metadata["Language"] == "de"
    assert {e.msgid: e.msgstr for e in exported} == {u.msgid: u.msgstr for u in memory}
    assert all(e.occurrences == [(f"content/{EARLIER}.md", "")] for e in exported)
    # read back as a compendium, every unit still names the issue it came from
    again = build_memory([], [po_path])
    assert {u.origin for u in again} == {EARLIER}
    assert len(again) == len(memory)

    store = tmx.tmxfile.parsefile(str(tmx_path))
    pairs = {unit.source: unit.target for unit in store.units}
    assert pairs == {u.msgid: u.msgstr for u in memory}
    assert pairs["License"] == "Lizenz"
    assert {unit.getnotes() for unit in store.units} == {EARLIER}


def test_memory_threshold_from_config(tmp_path: Path) -> None:
    path = tmp_path / "i18n-pipeline.toml"
    path.write_text("memory_threshold = 0.9\n", encoding="utf-8")
    assert load_config(path).memory_threshold == 0.9
    path.write_text("memory_threshold = 75\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="between 0 and 1"):
        load_config(path)


def test_cli_update_uses_memory_and_exports_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    shutil.copy(CORPUS / f"{EARLIER}.md", content)
    (tmp_path / "i18n-pipeline.toml").write_text(
        'sources = ["content/*.md"]\nlanguages = ["de"]\nmemory_threshold = 0.8\n',
        encoding="utf-8",
    )
    config = load_config(tmp_path / "i18n-pipeline.toml")
    _translate(config, content / f"{EARLIER}.md", GERMAN)
    shutil.copy(CORPUS / f"{LATER}.md", content)

    result = run(tmp_path, "update", "--no-memory", f"content/{LATER}.md")
    assert result.exit_code == 0, result.output
    assert "memory" not in result.output
    config.catalog_path("de", LATER).unlink()

    result = run(tmp_path, "update", "--memory-threshold", "1", f"content/{LATER}.md")
    assert result.exit_code == 0, result.output
    assert re.search(r"memory: [1-9]\d* exact, 0 fuzzy", result.output), result.output
    config.catalog_path("de", LATER).unlink()

    result = run(tmp_path, "update")
    assert result.exit_code == 0, result.output
    assert re.search(r"memory: [1-9]\d* exact, [1-9]\d* fuzzy", result.output), result.output

    result = run(tmp_path, "memory", "--lang", "de")
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"\d+ translations from 2 catalogs\n", result.output)
    result = run(tmp_path, "memory", "-l", "de", "-o", "de.po", "--tmx", "de.tmx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "de.po").is_file() and (tmp_path / "de.tmx").is_file()
    result = run(tmp_path, "memory", "-l", "xx_INVALID")
    assert result.exit_code == 1
    assert "xx_INVALID" in result.output
