"""Archive-scale running: -j across processes, the incremental state, the progress bar."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from conftest import CORPUS, english_issues, run
from i18n_pipeline import project
from i18n_pipeline.catalog import read_catalog, write_catalog
from i18n_pipeline.cli.common import PROGRESS_MIN_SOURCES, progress_shown
from i18n_pipeline.config import load_config
from i18n_pipeline.state import CACHE_DIR, SCHEMA, STATE_DIR, digest

ISSUES = [
    "2019-01-31-newsletter.md",
    "2020-09-06-newsletter.md",
    "2021-02-05-newsletter.md",
    "2022-10-05-newsletter.md",
    "2023-10-05-newsletter.md",
]
CONFIG = """\
sources = ["content/*.md"]
locales = "locales"
languages = ["de", "fr"]
min_complete = {min_complete}
"""


def make_site(folder: Path, issues: list[str] = ISSUES, min_complete: int = 80) -> Path:
    content = folder / "content"
    content.mkdir(parents=True)
    for name in issues:
        shutil.copy(CORPUS / name, content / name)
    (folder / "i18n-pipeline.toml").write_text(CONFIG.format(min_complete=min_complete))
    return folder


def translate_all(folder: Path) -> None:
    """Fill every catalog with a marked translation that keeps the stand-ins."""
    for po in sorted((folder / "locales").glob("*/LC_MESSAGES/*.po")):
        catalog = read_catalog(po)
        for entry in catalog:
            entry.msgstr = "ÆØ " + entry.msgid
        write_catalog(po, catalog)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file the pipeline wrote, by relative path (the state file aside)."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and CACHE_DIR not in path.parts
    }


class _Done(list[str]):
    """Names of the sources whose work was done, once per command and source (the languages
    of one source run together, in one job)."""

    last: tuple[str, str] | None = None

    def note(self, command: str, source: str) -> None:
        if self.last != (command, source):
            self.last = (command, source)
            self.append(source)

    def clear(self) -> None:
        super().clear()
        self.last = None


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every source whose work was done, not skipped."""
    done = _Done()

    def wrap(name: str) -> None:
        original = getattr(project, name)

        def work(config, source, *args, **kwargs):  # type: ignore[no-untyped-def]
            done.note(name, source.name)
            return original(config, source, *args, **kwargs)

        monkeypatch.setattr(project, name, work)

    for name in ("extract", "update", "publish"):
        wrap(name)
    return done


def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every source parsed (not taken from the parse kept by an earlier run)."""
    parsed: list[str] = []
    original = project.load_document

    def load(config, source, text=None):  # type: ignore[no-untyped-def]
        parsed.append(source.name)
        return original(config, source, text)

    monkeypatch.setattr(project, "load_document", load)
    return parsed


# --- -j ---------------------------------------------------------------------------------------


def test_parallel_runs_write_and_print_what_one_process_does(tmp_path: Path) -> None:
    sites = {jobs: make_site(tmp_path / f"j{jobs}") for jobs in ("1", "3")}
    outputs: dict[str, list[str]] = {jobs: [] for jobs in sites}
    for jobs, site in sites.items():
        for command in ("extract", "update"):
            result = run(site, command, "-j", jobs)
            assert result.exit_code == 0, result.output
            outputs[jobs].append(result.output)
        translate_all(site)
        result = run(site, "publish", "-j", jobs)
        assert result.exit_code == 0, result.output
        outputs[jobs].append(result.output)
    assert outputs["1"] == outputs["3"]
    assert tree(sites["1"]) == tree(sites["3"])
    published = [name for name in tree(sites["3"]) if name.endswith((".de.md", ".fr.md"))]
    assert len(published) == 2 * len(ISSUES)


def test_parallel_errors_name_the_file_and_line_and_the_rest_runs(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    broken = site / "content" / "2000-01-01-broken.md"
    broken.write_bytes(b"# Title\n\nfine\n\nbad \xff byte\n")
    result = run(site, "extract", "-j", "2")
    assert result.exit_code == 1
    assert f"{broken.relative_to(site)}:5: not valid UTF-8" in result.stderr
    assert len(list((site / "locales" / "templates").glob("*.pot"))) == len(ISSUES)
    assert "1 error(s)" in result.stderr


# --- incremental --------------------------------------------------------------------------------


@pytest.fixture
def published(tmp_path: Path) -> Path:
    site = make_site(tmp_path)
    assert run(site, "extract").exit_code == 0
    assert run(site, "update").exit_code == 0
    translate_all(site)
    assert run(site, "update").exit_code == 0  # translators' edits: merged again, once
    assert run(site, "publish").exit_code == 0
    return site


# the memory step has tests of its own below
NO_MEMORY = {"update": ("--no-memory",)}


def page(site: Path, name: str = ISSUES[0], language: str = "de") -> Path:
    return site / "content" / name.replace(".md", f".{language}.md")


def test_nothing_changed_means_nothing_parsed(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = counting(monkeypatch)
    before = tree(published)
    for command in ("extract", "update", "publish"):
        result = run(published, command, "-j", "1", *NO_MEMORY.get(command, ()))
        assert result.exit_code == 0, result.output
        assert "written" not in result.output and "created" not in result.output
    assert parsed == []
    assert tree(published) == before
    result = run(published, "publish", "-j", "1")
    assert result.output.count("unchanged") == 2 * len(ISSUES)


def test_changed_source_redoes_that_source_only(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = published / "content" / ISSUES[1]
    source.write_text(source.read_text(encoding="utf-8") + "\nOne more paragraph.\n")
    parsed = counting(monkeypatch)
    assert run(published, "extract", "-j", "1").exit_code == 0
    assert run(published, "publish", "-j", "1").exit_code == 0
    assert parsed == [ISSUES[1], ISSUES[1]]
    pot = read_catalog(published / "locales" / "templates" / ISSUES[1].replace(".md", ".pot"))
    assert pot.find("One more paragraph.") is not None


def test_changed_catalog_republishes_that_page(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    po = published / "locales" / "fr" / "LC_MESSAGES" / ISSUES[2].replace(".md", ".po")
    catalog = read_catalog(po)
    entry = catalog.find("Translations of the XMPP Newsletter will be released here:")
    assert entry is not None
    entry.msgstr = "Les traductions de la lettre d’information XMPP sont publiées ici :"
    write_catalog(po, catalog)
    parsed = counting(monkeypatch)
    result = run(published, "publish", "-j", "1")
    assert parsed == [ISSUES[2]]
    assert result.output.count("written") == 1
    assert "Les traductions de la lettre" in page(published, ISSUES[2], "fr").read_text()


def test_changed_config_redoes_everything(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (published / "i18n-pipeline.toml").write_text(CONFIG.format(min_complete=50))
    parsed = counting(monkeypatch)
    assert run(published, "publish", "-j", "1").exit_code == 0
    assert sorted(parsed) == sorted(ISSUES)


def test_deleted_or_edited_output_is_written_again(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deleted, edited = page(published, ISSUES[0]), page(published, ISSUES[3], "fr")
    expected = edited.read_bytes()
    deleted.unlink()
    front = expected.split(b"\n---\n", 1)[0]  # keeps the generated page's mark
    edited.write_bytes(front + b"\n---\n\nedited by hand\n")
    pot = published / "locales" / "templates" / ISSUES[4].replace(".md", ".pot")
    pot.unlink()
    parsed = counting(monkeypatch)
    assert run(published, "publish", "-j", "1").exit_code == 0
    assert run(published, "extract", "-j", "1").exit_code == 0
    assert sorted(parsed) == sorted([ISSUES[0], ISSUES[3], ISSUES[4]])
    assert deleted.exists()
    assert edited.read_bytes() == expected
    assert pot.exists()


def test_force_redoes_everything(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = counting(monkeypatch)
    assert run(published, "publish", "-j", "1", "--force").exit_code == 0
    assert run(published, "update", "-j", "1", "--force", "--no-memory").exit_code == 0
    assert sorted(parsed) == sorted(ISSUES * 2)
    parsed.clear()
    for command in ("extract", "update", "publish"):  # what --force did not redo is still known
        assert run(published, command, "-j", "1", *NO_MEMORY.get(command, ())).exit_code == 0
    assert parsed == []


def test_translator_edit_is_merged_again(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = published / "locales" / "de" / "LC_MESSAGES" / ISSUES[0].replace(".md", ".po")
    catalog = read_catalog(po)
    catalog[0].msgstr = ""
    write_catalog(po, catalog)
    parsed = counting(monkeypatch)
    result = run(published, "update", "-j", "1", "--no-memory")
    assert result.exit_code == 0
    assert parsed == [ISSUES[0]]


def counting_memories(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every translation memory built, by language."""
    built: list[str] = []
    original = project.load_memory

    def load(config, language, compendia=()):  # type: ignore[no-untyped-def]
        built.append(language)
        return original(config, language, compendia)

    monkeypatch.setattr(project, "load_memory", load)
    return built


def test_update_builds_no_memory_when_nothing_is_empty(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed, built = counting(monkeypatch), counting_memories(monkeypatch)
    result = run(published, "update", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (parsed, built) == ([], [])


def test_memory_step_runs_when_what_it_depends_on_changed(
    published: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new issue: merged alone, then filled from each language's memory, built once.
    Nothing changed: neither.  A translator's edit in German: the German memory only."""
    new = "2022-03-05-newsletter.md"
    shutil.copy(CORPUS / new, published / "content" / new)
    parsed, built = counting(monkeypatch), counting_memories(monkeypatch)
    result = run(published, "update", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (parsed, sorted(built)) == ([new], ["de", "fr"])
    filled = [line for line in result.output.splitlines() if line.startswith("filled")]
    assert len(filled) == 2 and all("memory: " in line for line in filled), result.output
    de_po = published / "locales" / "de" / "LC_MESSAGES" / new.replace(".md", ".po")
    assert any(e.msgstr.startswith("ÆØ ") for e in read_catalog(de_po))  # the boilerplate

    parsed.clear(), built.clear()
    result = run(published, "update", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (parsed, built) == ([], [])  # the fill was recorded: the merge is skipped too

    old_po = published / "locales" / "de" / "LC_MESSAGES" / ISSUES[1].replace(".md", ".po")
    catalog = read_catalog(old_po)
    catalog[3].msgstr = "Neu übersetzt."
    write_catalog(old_po, catalog)
    result = run(published, "update", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (parsed, built) == ([ISSUES[1]], ["de"])

    parsed.clear(), built.clear()
    result = run(published, "update", "-j", "1", "--force")
    assert (sorted(parsed), sorted(built)) == (sorted([*ISSUES, new]), ["de", "fr"])


def test_memory_step_fills_what_the_old_one_filled(tmp_path: Path) -> None:
    """Two steps or one: the catalogs come out the same as filling during the merge."""
    site = make_site(tmp_path / "a")
    assert run(site, "extract").exit_code == 0
    assert run(site, "update", "--no-memory").exit_code == 0
    translate_all(site)
    new = "2022-03-05-newsletter.md"
    shutil.copy(CORPUS / new, site / "content" / new)
    reference = tmp_path / "b"
    shutil.copytree(site, reference)
    assert run(site, "update").exit_code == 0
    config = load_config(reference / "i18n-pipeline.toml")
    memories = {lang: project.load_memory(config, lang) for lang in ("de", "fr")}
    project.update(config, reference / "content" / new, ["de", "fr"], memories=memories)
    for lang in ("de", "fr"):
        name = f"locales/{lang}/LC_MESSAGES/{new.replace('.md', '.po')}"
        two_steps = [(e.msgid, e.msgstr, e.flags) for e in read_catalog(site / name)]
        one_step = [(e.msgid, e.msgstr, e.flags) for e in read_catalog(reference / name)]
        assert two_steps == one_step


@pytest.mark.parametrize(
    "garbage",
    [b"\x00\xff not json", b"[1, 2, 3]", b'{"schema": 1, "records": {"x": {"inputs": 3}}}', b""],
)
def test_corrupt_state_means_a_rebuild(
    published: Path, monkeypatch: pytest.MonkeyPatch, garbage: bytes
) -> None:
    states = sorted((published / CACHE_DIR / STATE_DIR).iterdir())
    assert len(states) == len(ISSUES)
    for state in states[:2]:
        state.write_bytes(garbage)
    parsed = counting(monkeypatch)
    result = run(published, "publish", "-j", "1")
    assert result.exit_code == 0, result.output
    assert len(parsed) == 2
    for state in states:  # rebuilt: sealed again, records and kept parse trusted
        seal, _, body = state.read_bytes().partition(b"\n")
        assert seal == digest(body).encode()
        assert json.loads(body.partition(b"\n")[0])["schema"] == SCHEMA
    parsed.clear()
    assert run(published, "publish", "-j", "1").exit_code == 0
    assert parsed == []


def test_unwritable_state_is_no_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, ISSUES[:2])
    (site / CACHE_DIR).mkdir()
    (site / CACHE_DIR / STATE_DIR).write_text("a file where the folder should be")
    for _ in range(2):
        result = run(site, "extract", "-j", "1")
        assert result.exit_code == 0, result.output
    assert len(list((site / "locales" / "templates").glob("*.pot"))) == 2


def test_check_writes_no_state(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = run(site, "extract", "--check")
    assert result.exit_code == 1
    assert not (site / CACHE_DIR).exists()


def test_skipped_page_warnings_are_reported_again(tmp_path: Path) -> None:
    site = make_site(tmp_path, ISSUES[:1])
    assert run(site, "extract").exit_code == 0
    assert run(site, "update", "--lang", "de").exit_code == 0
    po = site / "locales" / "de" / "LC_MESSAGES" / ISSUES[0].replace(".md", ".po")
    catalog = read_catalog(po)
    for entry in catalog:
        entry.msgstr = "ÆØ " + entry.msgid
    linked = next(entry for entry in catalog if "](1)" in entry.msgid)
    linked.msgstr = linked.msgid.replace("](1)", "](javascript:alert(1))")
    write_catalog(po, catalog)
    first = run(site, "publish", "--lang", "de")
    second = run(site, "publish", "--lang", "de")
    assert "translation not used" in first.stderr
    assert second.stderr == first.stderr
    assert "unchanged" in second.output


# --- progress bar -------------------------------------------------------------------------------


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_only_on_a_terminal_and_for_long_runs() -> None:
    assert progress_shown(FakeTerminal(), PROGRESS_MIN_SOURCES)
    assert not progress_shown(FakeTerminal(), PROGRESS_MIN_SOURCES - 1)
    assert not progress_shown(io.StringIO(), 10_000)


def test_no_progress_bar_when_output_is_not_a_terminal(tmp_path: Path) -> None:
    names = [path.name for path in english_issues()[:PROGRESS_MIN_SOURCES]]
    site = make_site(tmp_path, names)
    result = run(site, "extract")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == len(names)
    assert all(line.startswith("created") for line in lines)
    assert "extract" not in result.stderr and "%" not in result.stderr


def test_publish_takes_the_parse_extract_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = make_site(tmp_path)
    parsed = parses(monkeypatch)
    assert run(site, "extract", "-j", "1").exit_code == 0
    assert sorted(parsed) == sorted(ISSUES)
    parsed.clear()
    for command in ("update -j 1", "publish -j 1", "check"):
        assert run(site, *command.split()).exit_code in (0, 1)
        assert parsed == [], (command, parsed)
    assert run(site, "publish", "-j", "1", "--force").exit_code == 0
    assert sorted(parsed) == sorted(ISSUES)  # --force trusts nothing kept
    parsed.clear()
    source = site / "content" / ISSUES[0]
    source.write_text(source.read_text() + "\nA late paragraph.\n")
    assert run(site, "publish", "-j", "1").exit_code == 0
    assert parsed == [ISSUES[0]]
