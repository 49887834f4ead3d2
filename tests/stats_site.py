"""A small site for the stats and report tests: three real issues in three states.

- 2021-02-05 (132 entries): PO files in de and fr.  In de, the first 10 active entries are
  translated, the next 3 fuzzy, the 14th fuzzy with an empty msgstr (untranslated, as msgfmt
  counts it) and the 15th obsolete (not counted).  fr is untouched.
- 2022-03-05 (101 entries): a complete de PO; no fr PO, so fr counts from the POT.
- 2023-09-05 (108 entries): never updated, so both languages count from the parsed source.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import CORPUS
from i18n_pipeline import project
from i18n_pipeline.catalog import read_catalog, write_catalog
from i18n_pipeline.config import load_config

ISSUES = ("2021-02-05-newsletter", "2022-03-05-newsletter", "2023-09-05-newsletter")
CONFIG = 'sources = ["content/*.md"]\nlanguages = ["de", "fr"]\n'


def build_site(root: Path) -> Path:
    content = root / "content"
    content.mkdir(parents=True)
    for issue in ISSUES:
        shutil.copy(CORPUS / f"{issue}.md", content)
    (root / "i18n-pipeline.toml").write_text(CONFIG, encoding="utf-8")
    config = load_config(root / "i18n-pipeline.toml")
    first, second, _ = (content / f"{issue}.md" for issue in ISSUES)
    project.update(config, first, ["de", "fr"])
    project.update(config, second, ["de"])

    path = config.catalog_path("de", ISSUES[0])
    catalog = read_catalog(path)
    active = [entry for entry in catalog if not entry.obsolete]
    for entry in active[:10]:
        entry.msgstr = "DE: " + entry.msgid
    for entry in active[10:13]:
        entry.msgstr = "DE? " + entry.msgid
        entry.flags.append("fuzzy")
    active[13].flags.append("fuzzy")
    active[14].obsolete = True
    write_catalog(path, catalog)

    path = config.catalog_path("de", ISSUES[1])
    catalog = read_catalog(path)
    for entry in catalog:
        entry.msgstr = entry.msgid.replace("XMPP", "XMPP (de)")
    write_catalog(path, catalog)
    return root
