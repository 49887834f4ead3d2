"""Benchmark: ``update`` on one page of 100,000 entries with 1 % of its paragraphs edited.

Run with ``make bench`` (it runs this after ``run.py``) or
``.venv/bin/python bench/big_page.py [--entries N] [--edited FRACTION]``.

``update``'s fuzzy matching used to compare every changed msgid with every old one that lost
its match, by difflib: on this page it took 196 s and 511 MB.  It now uses the indexed
lookup of :mod:`i18n_pipeline.fuzzy` (the translation memory's), so its cost grows with the
edited entries, not with their product.  The bound this script checks: ``update`` on the
edited page takes at most ``--bound`` (3 by default) times as long as ``extract`` on the
same page, both whole processes, ``-j 1``.  It exits 1 if the bound is not met.

The page: paragraphs of the corpus's English issues, each made unique by three words drawn
(seeded) from the corpus's vocabulary, so many paragraphs share most of their words, the
hard case for a word index.  The German catalog is filled with a marked copy of every
msgid (untimed); then 1 % of the paragraphs get one word replaced, and ``extract`` and
``update`` are timed, with the peak memory of each process (``wait4``).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from i18n_pipeline.catalog import read_catalog, write_catalog  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
ENGLISH = re.compile(r"\d{4}-\d\d-\d\d-newsletter\.md")
BIN = Path(sys.executable).parent / "i18n-pipeline"


def corpus_paragraphs() -> list[str]:
    """Plain paragraphs of the corpus (no front matter, headings, lists or code)."""
    found: list[str] = []
    for path in sorted(CORPUS.iterdir()):
        if not ENGLISH.fullmatch(path.name):
            continue
        text = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for block in text.split("\n\n"):
            block = block.strip()
            if block and block[0].isalpha() and "\n" not in block and "{{" not in block:
                found.append(block)
    return found


def build_page(entries: int, seed: int) -> list[str]:
    randomness = random.Random(seed)
    paragraphs = corpus_paragraphs()
    vocabulary = sorted({w for p in paragraphs for w in re.findall(r"[a-z]{4,}", p)})
    page = []
    for number in range(entries):
        words = " ".join(randomness.sample(vocabulary, 3))
        page.append(f"{paragraphs[number % len(paragraphs)]} ({words}, {number})")
    return page


def timed(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds, peak RSS in MB, and stderr of one whole process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(BIN), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    err = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{err}")
    return elapsed, usage.ru_maxrss / 1024, err


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--edited", type=float, default=0.01)
    parser.add_argument("--bound", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="big-page-") as folder:
        site = Path(folder)
        (site / "content").mkdir()
        (site / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
        page = build_page(options.entries, options.seed)
        source = site / "content" / "big.md"
        source.write_text("\n\n".join(page) + "\n", encoding="utf-8")
        print(f"page: {len(page):,} paragraphs, {source.stat().st_size / 1e6:.1f} MB")
        timed(["update", "-j", "1", "--no-memory"], site)  # untimed: the catalog to fill
        po = site / "locales/de/LC_MESSAGES/big.po"
        catalog = read_catalog(po)
        for entry in catalog:
            entry.msgstr = f"ÆØ {entry.msgid}"
        write_catalog(po, catalog)
        print(f"catalog: {len(catalog):,} entries, all translated")

        randomness = random.Random(options.seed + 1)
        edited = randomness.sample(range(len(page)), round(options.edited * len(page)))
        for number in edited:
            words = page[number].split(" ")
            words[randomness.randrange(len(words) - 4)] = "edited"
            page[number] = " ".join(words)
        source.write_text("\n\n".join(page) + "\n", encoding="utf-8")
        print(f"edited: {len(edited):,} paragraphs, one word each")

        extract, extract_mb, _ = timed(["extract", "-j", "1", "--force"], site)
        update, update_mb, _ = timed(["update", "-j", "1", "--force"], site)
        fuzzy = sum(1 for entry in read_catalog(po) if "fuzzy" in entry.flags)
        ratio = update / extract
        print(f"extract: {extract:.1f} s, {extract_mb:.0f} MB")
        print(f"update:  {update:.1f} s, {update_mb:.0f} MB ({fuzzy:,} entries fuzzy)")
        print(f"update / extract: {ratio:.2f} (bound: {options.bound:g})")
        if fuzzy < len(edited):
            print(f"FAILED: {len(edited) - fuzzy} edited paragraphs lost their translation")
            return 1
        if ratio > options.bound:
            print("FAILED: update is not within the bound")
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
