"""A source that disappeared: its pages, template and catalogs are named, and removed only
when nothing a person made goes with them."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib

from conftest import CORPUS, run

GONE, STAYS = "2021-02-05-newsletter", "2021-03-05-newsletter"
CONFIG = 'sources = ["content/*.md"]\nlanguages = ["de", "fr"]\n'


def test_orphans_are_named_then_removed_or_kept(tmp_path: Path) -> None:
    site = tmp_path
    (site / "content").mkdir()
    for name in (GONE, STAYS):
        shutil.copy(CORPUS / f"{name}.md", site / "content" / f"{name}.md")
    (site / "i18n-pipeline.toml").write_text(CONFIG)
    assert run(site, "update").exit_code == 0
    de = site / f"locales/de/LC_MESSAGES/{GONE}.po"
    catalog = polib.pofile(str(de))
    for entry in catalog:
        entry.msgstr = f"DE {entry.msgid}"
    catalog.save()
    assert run(site, "publish", "-l", "de").exit_code == 0
    page = site / f"content/{GONE}.de.md"
    assert page.exists()
    hand_made = site / "content/notes.de.md"  # a translation of nothing, without our mark
    hand_made.write_text("---\ntitle: Notizen\n---\nVon Hand.\n")

    (site / f"content/{GONE}.md").unlink()
    check = run(site, "check")
    assert check.exit_code == 0, check.output
    warned = [line for line in check.stdout.splitlines() if "[orphaned]" in line]
    assert len(warned) == 4, warned  # the page, the template, two catalogs
    assert any(
        line.startswith(f"content/{GONE}.de.md: warning: [orphaned] page") for line in warned
    )
    assert any("holds 132 translations, kept" in line for line in warned)
    assert not any("notes.de.md" in line for line in warned)

    listed = run(site, "orphans")
    assert listed.exit_code == 0
    assert "4 orphaned file(s); `i18n-pipeline orphans --remove` removes 3" in listed.stderr

    removed = run(site, "orphans", "--remove")
    assert removed.exit_code == 0, removed.output
    assert f"removed   content/{GONE}.de.md (page" in removed.stdout
    assert f"removed   locales/templates/{GONE}.pot (template" in removed.stdout
    assert f"removed   locales/fr/LC_MESSAGES/{GONE}.po (catalog" in removed.stdout
    assert f"kept      locales/de/LC_MESSAGES/{GONE}.po (catalog" in removed.stdout
    assert not page.exists() and de.exists() and hand_made.exists()
    assert (site / f"content/{STAYS}.md").exists()
    assert (site / f"locales/de/LC_MESSAGES/{STAYS}.po").exists()
    after = run(site, "check")
    assert after.stdout.count("[orphaned]") == 1  # the catalog with translations, still named
