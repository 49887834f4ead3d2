"""File-system faults: each is one file's error, named; the other files go on; exit 1.

Before, a full disk, a read-only folder, ``locales/de`` being a file or a page path being a
folder were Python tracebacks naming no file, and the run stopped part-way; a read-only PO
file was silently replaced, a symlinked one replaced by a regular file, a dangling link
turned into a fresh catalog, and ``publish`` exited 0 when a PO path was a folder.

These tests run as root here, where the mode bits stop nothing: the tool must check them
itself.  A full disk and a read-only file system are real ones, a small tmpfs mounted in a
private mount namespace (``unshare``; no privilege needed where user namespaces are
allowed), not an injected exception.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest

from conftest import CORPUS, run

ISSUES = ["2021-02-05-newsletter.md", "2021-03-05-newsletter.md"]
CONFIG = 'sources = ["content/*.md"]\nlanguages = ["de", "fr"]\n'


def po(language: str, issue: str = ISSUES[0]) -> Path:
    return Path(f"locales/{language}/LC_MESSAGES/{issue.removesuffix('.md')}.po")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """Two issues, German and French catalogs fully translated, pages published."""
    (tmp_path / "content").mkdir()
    for issue in ISSUES:
        shutil.copy(CORPUS / issue, tmp_path / "content" / issue)
    (tmp_path / "i18n-pipeline.toml").write_text(CONFIG)
    assert run(tmp_path, "update", "-j", "1").exit_code == 0
    for path in (tmp_path / "locales").rglob("*.po"):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid
        catalog.save()
    assert run(tmp_path, "publish", "-j", "1").exit_code == 0
    return tmp_path


def edit_sources(site: Path) -> None:
    """Change a paragraph of each source, so that update rewrites every catalog."""
    for issue in ISSUES:
        path = site / "content" / issue
        path.write_text(path.read_text().replace("XMPP", "XMPP (the protocol)", 1))


def translations(path: Path) -> set[str]:
    return {e.msgstr for e in polib.pofile(str(path)) if e.msgstr}


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_read_only_po_is_refused_and_the_others_go_on(site: Path, jobs: str) -> None:
    edit_sources(site)
    locked = site / po("de")
    before = locked.read_bytes()
    old = translations(locked)
    locked.chmod(0o444)
    result = run(site, "update", "-j", jobs)
    assert result.exit_code == 1
    assert f"error: {po('de')}: is read-only (mode 0444); not written" in result.stderr
    assert result.stderr.count("error: ") == 1
    assert locked.read_bytes() == before
    for other in (po("fr"), po("de", ISSUES[1]), po("fr", ISSUES[1])):
        assert f"updated   {other}" in result.stdout
    locked.chmod(0o644)
    again = run(site, "update", "-j", "1")
    assert again.exit_code == 0 and f"updated   {po('de')}" in again.stdout
    assert old <= translations(locked)  # nothing lost


def test_symlinked_po_is_written_through(site: Path) -> None:
    """A catalog linked to a translator's checkout: the checkout is updated, the link kept."""
    checkout = site / "checkout.po"
    shutil.move(site / po("de"), checkout)
    (site / po("de")).symlink_to(checkout)
    edit_sources(site)
    result = run(site, "update", "-j", "1")
    assert result.exit_code == 0, result.output
    assert (site / po("de")).is_symlink()
    assert "XMPP (the protocol)" in checkout.read_text()


def test_dangling_symlink_is_refused_not_replaced(site: Path) -> None:
    (site / po("de")).unlink()
    (site / po("de")).symlink_to(site / "gone.po")
    edit_sources(site)
    result = run(site, "update", "-j", "1")
    assert result.exit_code == 1
    expected = f"error: {po('de')}: is a symbolic link to {site / 'gone.po'}, which does not exist"
    assert expected in result.stderr
    assert (site / po("de")).is_symlink() and not (site / "gone.po").exists()
    assert f"updated   {po('fr')}" in result.stdout


def test_language_folder_that_is_a_file(site: Path) -> None:
    shutil.rmtree(site / "locales/de")
    (site / "locales/de").write_text("not a folder\n")
    result = run(site, "update", "-j", "1")
    assert result.exit_code == 1
    for issue in ISSUES:
        assert f"error: {po('de', issue)}: cannot be a file: " in result.stderr
    assert "locales/de is a file, not a folder" in result.stderr
    assert "Traceback" not in result.output
    assert (site / "locales/de").read_text() == "not a folder\n"
    assert f"{po('fr')} (132 kept" in result.stdout


def test_page_path_that_is_a_folder(site: Path) -> None:
    page = site / "content" / ISSUES[0].replace(".md", ".de.md")
    page.unlink()
    page.mkdir()
    (site / po("de")).write_text((site / po("de")).read_text().replace("XMPP", "XMPP!", 3))
    (site / po("fr")).write_text((site / po("fr")).read_text().replace("XMPP", "XMPP!", 3))
    result = run(site, "publish", "-j", "1")
    assert result.exit_code == 1
    shown = page.relative_to(site)
    assert f"error: {shown}: is a folder, not a file" in result.stderr
    assert f"{shown.with_name(shown.name.replace('.de.', '.fr.'))} (" in result.stdout
    assert page.is_dir()


def test_publish_fails_when_a_po_path_is_a_folder(site: Path) -> None:
    (site / po("de")).unlink()
    (site / po("de")).mkdir()
    result = run(site, "publish", "-j", "1")
    assert result.exit_code == 1
    assert f"error: {po('de')}: is a folder, not a file" in result.stderr
    assert "unchanged content/2021-03-05-newsletter.de.md" in result.stdout


# Runs in a private mount namespace: a 200 kB tmpfs over locales/de, filled up, then made
# read-only, then given room again; each phase's exit status, stderr and catalogs are kept.
NAMESPACE_SCRIPT = textwrap.dedent(
    """
    set -u
    cd "$SITE"
    cp -a locales/de "$OUT/de-before"
    mount -t tmpfs -o size=200k tmpfs locales/de
    cp -a "$OUT/de-before/." locales/de/
    dd if=/dev/zero of=locales/de/ballast bs=4k 2>/dev/null
    run() {  # phase name
        "$PYTHON" -m i18n_pipeline update -j 1 --no-memory >"$OUT/$1.out" 2>"$OUT/$1.err"
        echo $? >"$OUT/$1.rc"
        cp -a locales/de "$OUT/de-$1"
    }
    run full
    mount -o remount,ro locales/de
    run readonly
    mount -o remount,rw locales/de
    rm locales/de/ballast
    run recovered
    """
)


def test_full_disk_and_read_only_file_system(
    site: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    out = tmp_path_factory.mktemp("namespace")
    edit_sources(site)
    env = {**os.environ, "SITE": str(site), "OUT": str(out), "PYTHON": sys.executable}
    completed = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", NAMESPACE_SCRIPT],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    before = {path.name: path.read_bytes() for path in (out / "de-before").rglob("*.po")}
    assert len(before) == 2  # the catalogs were there to protect

    def phase(name: str) -> tuple[int, str, str]:
        return (
            int((out / f"{name}.rc").read_text()),
            (out / f"{name}.out").read_text(),
            (out / f"{name}.err").read_text(),
        )

    for name, reason in (
        ("full", "No space left on device"),
        ("readonly", "Read-only file system"),
    ):
        code, stdout, stderr = phase(name)
        assert code == 1, stderr
        for issue in ISSUES:
            assert f"error: {po('de', issue)}: cannot write: {reason}" in stderr
            assert f"updated   {po('fr', issue)}" in stdout or name == "readonly"
        assert "Traceback" not in stderr
        after = {path.name: path.read_bytes() for path in (out / f"de-{name}").rglob("*.po")}
        assert after == before  # untouched, not torn
        leftovers = [p for p in (out / f"de-{name}").rglob("*") if p.name.endswith(".tmp")]
        assert leftovers == []
    code, stdout, stderr = phase("recovered")
    assert code == 0, stderr
    for issue in ISSUES:
        assert f"updated   {po('de', issue)}" in stdout
    recovered = out / "de-recovered/LC_MESSAGES" / po("de").name
    assert "XMPP (the protocol)" in recovered.read_text()
    old = {e.msgstr for e in polib.pofile(str(out / "de-before/LC_MESSAGES" / po("de").name))}
    assert old <= {e.msgstr for e in polib.pofile(str(recovered))}  # no translation lost


def test_import_goes_on_with_the_other_languages(tmp_path: Path) -> None:
    issue = "2022-03-05-newsletter"
    (tmp_path / "content").mkdir()
    for suffix in ("", ".de", ".fr"):
        shutil.copy(CORPUS / f"{issue}{suffix}.md", tmp_path / "content" / f"{issue}{suffix}.md")
    (tmp_path / "i18n-pipeline.toml").write_text(CONFIG)
    assert run(tmp_path, "update", "-l", "de").exit_code == 0
    locked = tmp_path / po("de", issue + ".md")
    before = locked.read_bytes()
    locked.chmod(0o444)
    result = run(tmp_path, "import", "--all")
    assert result.exit_code == 1
    assert f"error: {po('de', issue + '.md')}: is read-only (mode 0444)" in result.stderr
    assert f"created   {po('fr', issue + '.md')}" in result.stdout
    assert locked.read_bytes() == before
