"""Translation memory on an archive of 1,000 issues: how long indexing and filling take.

The 63 English issues of tests/data/corpus are replicated to ``--issues`` issues.  In every
copy after the first, each paragraph and list-item line has one chance in two of getting one
word replaced by a random word of the corpus, so headings and half the running text repeat
exactly (boilerplate) while the rest is new text close to an old one, and the memory grows
with the archive as a real one does (in the 63 real issues, half the msgids are distinct).
Every issue but the last gets a German catalog with every entry translated (marked
translations, stand-ins kept); the last one is the new issue.

Measured, each the best of ``--repeat`` runs where it is repeatable:

* reading the catalogs and building the index (``load_memory``), split into reading and
  indexing;
* filling the new issue's catalog (``fill`` after the merge), and its lookups per second;
* the whole ``update`` of the new issue as the command runs it: memory, parse, template,
  merge, fill, write;
* for comparison, an exhaustive scan (every query against every unit, what the index
  avoids) on the same queries, and how often the index's best match is worse than it.

Run:  .venv/bin/python bench/memory_bench.py [--issues 1000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import polib
from rapidfuzz.distance import Indel

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from i18n_pipeline.catalog import build_template, read_catalog, write_catalog  # noqa: E402
from i18n_pipeline.config import Config  # noqa: E402
from i18n_pipeline.memory import TranslationMemory, build_memory, fill, normalise  # noqa: E402
from i18n_pipeline.parse import parse  # noqa: E402
from i18n_pipeline.project import load_memory, update  # noqa: E402
from i18n_pipeline.update import merge  # noqa: E402

CORPUS = ROOT / "tests" / "data" / "corpus"
ENGLISH = re.compile(r"\d{4}-\d\d-\d\d-newsletter\.md")
WORD = re.compile(r"(?<= )[a-z]{4,}(?= )")
T = TypeVar("T")


def perturb(text: str, copy: int, rng: random.Random, vocabulary: list[str]) -> str:
    """Copy ``copy`` of an issue: half its paragraph and list lines get one word replaced."""
    if copy == 0:
        return text
    lines = text.split("\n")
    body_start = text.count("\n", 0, text.index("\n---", 3)) + 2 if text.startswith("---") else 0
    for number in range(body_start, len(lines)):
        line = lines[number]
        if not line[:1].isalpha() and not line.startswith(("- ", "* ")):
            continue
        if rng.random() >= 0.5:
            continue
        words = list(WORD.finditer(line))
        if not words:
            continue
        word = rng.choice(words)
        lines[number] = line[: word.start()] + rng.choice(vocabulary) + line[word.end() :]
    return "\n".join(lines)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}"


def best_of(repeat: int, action: Callable[[], T]) -> tuple[float, T]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result


def build_site(root: Path, count: int) -> tuple[Config, Path]:
    issues = sorted(p for p in CORPUS.iterdir() if ENGLISH.fullmatch(p.name))
    vocabulary = sorted({w for p in issues for w in WORD.findall(p.read_text(encoding="utf-8"))})
    rng = random.Random(20240305)
    content = root / "content"
    content.mkdir(parents=True)
    config = Config(root=root, languages=("de",))
    sources = []
    for number in range(count):
        original = issues[number % len(issues)]
        text = original.read_text(encoding="utf-8")
        text = perturb(text, number // len(issues), rng, vocabulary)
        source = content / f"{number:04d}-{original.name}"
        source.write_text(text, encoding="utf-8")
        sources.append(source)
    for source in sources[:-1]:
        document = parse(source.read_text(encoding="utf-8"), str(source))
        template = build_template(document, config.reference(source))
        catalog, _ = merge(template, None, "de")
        for entry in catalog:
            entry.msgstr = "ÆØ " + entry.msgid
        write_catalog(config.catalog_path("de", source.stem), catalog)
    return config, sources[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="build the site here and keep it")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="memory-bench-"))
    try:
        start = time.perf_counter()
        config, new = build_site(folder, args.issues)
        setup = time.perf_counter() - start
        po_files = sorted(config.catalog_path("de", "x").parent.glob("*.po"))

        # first, as the command runs it: nothing else in memory yet
        load_time, _ = best_of(args.repeat, lambda: build_memory(po_files))
        read_time, catalogs = best_of(args.repeat, lambda: [read_catalog(p) for p in po_files])

        def index(catalogs: list[polib.POFile]) -> TranslationMemory:
            memory = TranslationMemory()
            for path, catalog in zip(po_files, catalogs, strict=True):
                memory.add_catalog(catalog, path.stem)
            return memory

        index_time, memory = best_of(args.repeat, partial(index, catalogs))
        entries = sum(len(catalog) for catalog in catalogs)

        document = parse(new.read_text(encoding="utf-8"), str(new))
        template = build_template(document, config.reference(new))
        queries = [entry.msgid for entry in template]

        def fill_new() -> tuple[int, int]:
            catalog, _ = merge(template, None, "de")
            stats = fill(catalog, memory, config.memory_threshold)
            return stats.exact, stats.fuzzy

        del catalogs
        fill_time, (exact, fuzzy) = best_of(args.repeat, fill_new)
        merge_time, _ = best_of(args.repeat, lambda: merge(template, None, "de"))
        fill_only = max(fill_time - merge_time, 0.0)

        def update_new() -> str:
            config.catalog_path("de", new.stem).unlink(missing_ok=True)
            config.template_path(new.stem).unlink(missing_ok=True)
            memories = {"de": load_memory(config, "de")}
            return update(config, new, ["de"], memories=memories)[-1].detail

        update_time, detail = best_of(args.repeat, update_new)

        memory.compared = 0
        searched = 0  # lookups that went past the exact dicts
        for query in queries:
            found = memory.lookup(query, config.memory_threshold)
            searched += found is None or found.score < 1
        compared = memory.compared / max(searched, 1)

        norms = [normalise(unit.msgid) for unit in memory]
        start = time.perf_counter()
        exhaustive = []
        for query in queries:
            text = normalise(query)
            exhaustive.append(
                max(
                    (
                        Indel.normalized_similarity(text, other, score_cutoff=0.75)
                        for other in norms
                    ),
                    default=0.0,
                )
            )
        scan_time = time.perf_counter() - start
        worse = missed = 0
        for query, best in zip(queries, exhaustive, strict=True):
            found = memory.lookup(query, config.memory_threshold)
            if best >= config.memory_threshold:
                if found is None:
                    missed += 1
                elif found.score + 1e-9 < best:
                    worse += 1

        def row(label: str, seconds: float, note: str = "") -> None:
            print(f"{label:<32}{seconds:8.3f} s{'  ' + note if note else ''}")

        print(f"machine: {machine()}")
        print(f"site: {args.issues} issues, {len(po_files)} German catalogs, {entries} entries")
        print(f"  (building the site took {setup:.1f} s, not measured below)")
        print(f"memory: {len(memory)} distinct msgids")
        row(f"read {len(po_files)} catalogs", read_time)
        row("index them", index_time)
        row("load_memory (read + index)", load_time)
        print(f"new issue: {len(queries)} entries, {exact} exact, {fuzzy} fuzzy from memory")
        row("fill the new catalog", fill_only, f"({len(queries) / fill_only:,.0f} lookups/s)")
        print(f"  a close lookup compared {compared:,.0f} of {len(memory)} units on average")
        row("update of the new issue", update_time, f"({detail})")
        row(
            "exhaustive scan, same queries",
            scan_time,
            f"(index missed {missed}, found a worse match for {worse} of {len(queries)})",
        )
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
