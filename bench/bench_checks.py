"""Measure the quality gate: false errors, what it says about human translations, speed.

    .venv/bin/python bench/bench_checks.py

Prints a Markdown table (the README's "Measured" rows for ``check``, ``publish`` and the
safety limits).  Everything runs on the corpus in tests/data/corpus, in a temporary site.
"""

from __future__ import annotations

import difflib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CORPUS, english_issues, read  # noqa: E402
from i18n_pipeline import parse  # noqa: E402
from i18n_pipeline.errors import PipelineError  # noqa: E402
from i18n_pipeline.gate import GateOptions, translation_problems  # noqa: E402
from i18n_pipeline.pocheck import toolkit_warnings  # noqa: E402

CLI = [sys.executable, "-m", "i18n_pipeline"]
rows: list[tuple[str, str, str]] = []


def row(what: str, result: str) -> None:
    rows.append((what, "`python bench/bench_checks.py`", result))
    print(f"{what}: {result}", file=sys.stderr)


def false_errors() -> None:
    count = problems = 0
    started = time.perf_counter()
    for source in english_issues():
        document = parse(read(source), str(source))
        page = GateOptions().on_page(document)
        for segment in document.segments:
            for text in (segment.msgid, f"ÆØ {segment.msgid} ØÆ"):
                found = translation_problems(segment, text, page)
                problems += len(found)
                count += 1
    elapsed = time.perf_counter() - started
    row(
        "identity and marked translations of all 63 issues reported as problems",
        f"{problems} of {count}",
    )
    row("gate speed (translation_problems, with page context)", f"{count / elapsed:,.0f} / s")
    hugo_docs = ROOT / "tests" / "data" / "hugo-docs"
    count = problems = 0
    pages = sorted(hugo_docs.rglob("*.md"))
    for page in pages:
        document = parse(read(page), str(page))
        page = GateOptions().on_page(document)
        for segment in document.segments:
            for text in (segment.msgid, f"ÆØ {segment.msgid} ØÆ"):
                found = translation_problems(segment, text, page)
                problems += sum(1 for problem in found if problem.is_error)
                count += 1
    row(
        f"identity and marked translations of Hugo's docs ({len(pages)} pages) with errors",
        f"{problems} of {count}",
    )


def human_translations() -> None:
    """Segments of the 26 human translations aligned with their source by block kind and
    stand-in sequence (difflib), checked like a PO entry would be."""
    pairs = 0
    errors: Counter[str] = Counter()
    warnings: Counter[str] = Counter()
    toolkit: Counter[str] = Counter()
    unparsable = 0
    for path in sorted(CORPUS.glob("*.*.md")):
        language = path.name.split(".")[-2]
        source_path = CORPUS / (path.name.split(".")[0] + ".md")
        source = parse(read(source_path), str(source_path))
        try:
            translated = parse(read(path), str(path))
        except PipelineError:
            unparsable += 1
            continue

        def key(segment):  # type: ignore[no-untyped-def]
            return (segment.kind, tuple(p.kind for p in segment.placeholders))

        matcher = difflib.SequenceMatcher(
            None,
            [key(s) for s in source.segments],
            [key(s) for s in translated.segments],
            autojunk=False,
        )
        page = GateOptions().on_page(source)
        for block in matcher.get_matching_blocks():
            for index in range(block.size):
                original = source.segments[block.a + index]
                translation = translated.segments[block.b + index]
                if not original.kind.startswith(("paragraph", "heading", "table")):
                    continue
                pairs += 1
                for problem in translation_problems(original, translation.msgid, page):
                    (errors if problem.is_error else warnings)[problem.check] += 1
                for problem in toolkit_warnings(original.msgid, translation.msgid, language):
                    toolkit[problem.check] += 1

    def fmt(counter: Counter[str]) -> str:
        return ", ".join(f"{name} {n}" for name, n in counter.most_common()) or "none"

    row(
        f"human translations: aligned segments checked ({unparsable} file(s) not parsable)",
        str(pairs),
    )
    row("human translations: errors", fmt(errors))
    row("human translations: our warnings", fmt(warnings))
    row("human translations: translate-toolkit warnings", fmt(toolkit))


def run(folder: Path, *args: str) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(
        [*CLI, *args], cwd=folder, capture_output=True, text=True, check=False, timeout=900
    )
    return time.perf_counter() - started, done


def site_commands(folder: Path) -> None:
    content = folder / "content"
    content.mkdir()
    for source in english_issues():
        shutil.copy(source, content / source.name)
    (folder / "i18n-pipeline.toml").write_text('sources = ["content/*.md"]\nlanguages = ["de"]\n')
    run(folder, "update")
    entries = 0
    for po_path in (folder / "locales/de/LC_MESSAGES").glob("*.po"):
        catalog = polib.pofile(str(po_path))
        catalog.metadata["Last-Translator"] = "Bench <bench@example.org>"
        for entry in catalog:
            entry.msgstr = f"ÆØ {entry.msgid} ØÆ"
            entries += 1
        catalog.save()
    seconds, done = run(folder, "check")
    row(
        f"`check` on 63 translated catalogs ({entries:,} entries, msgfmt and toolkit included)",
        f"{seconds:.1f} s, exit {done.returncode}",
    )
    seconds, done = run(folder, "publish")
    row("`publish` of the same 63 pages (every translation through the gate)", f"{seconds:.1f} s")

    po_path = folder / "locales/de/LC_MESSAGES/2021-02-05-newsletter.po"
    text = po_path.read_text(encoding="utf-8")
    start = text.index('msgstr "ÆØ ')
    end = text.index("\n\n", start)
    po_path.write_text(text[:start] + 'msgstr "' + "A" * 50_000_000 + '"' + text[end:])
    seconds, done = run(folder, "check", "content/2021-02-05-newsletter.md")
    assert "too-long" in done.stdout
    row("`check` of one catalog with a 50 MB msgstr", f"{seconds:.1f} s, exit {done.returncode}")
    seconds, done = run(folder, "publish", "content/2021-02-05-newsletter.md")
    row("`publish` of that page (the 50 MB entry refused)", f"{seconds:.1f} s")


def pathological(folder: Path) -> None:
    cases = {
        "YAML billion laughs": "---\ntitle: x\na: &a [1,1,1,1,1,1,1,1,1]\n"
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join([f"*{chr(97 + i)}"] * 9) + "]\n"
            for i in range(9)
        )
        + "---\n\nText.\n",
        "10,000 nested block quotes": "> " * 10_000 + "x\n",
        "10,000 nested lists": "- " * 10_000 + "x\n",
        "YAML nested 10,000 deep": "---\na: " + "[" * 10_000 + "]" * 10_000 + "\n---\n",
    }
    worst = 0.0
    for name, text in cases.items():
        path = folder / "deep.md"
        path.write_text(text)
        seconds, done = run(folder, "extract", "deep.md", "-o", "deep.pot")
        worst = max(worst, seconds)
        outcome = "ok" if done.returncode == 0 else done.stderr.strip().splitlines()[0]
        print(f"  {name}: {seconds:.2f} s, {outcome}", file=sys.stderr)
    row("slowest pathological source (billion laughs, 10,000 levels), `extract`", f"{worst:.1f} s")


def main() -> None:
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    false_errors()
    human_translations()
    with tempfile.TemporaryDirectory(prefix="bench-checks-") as tmp:
        site_commands(Path(tmp))
    with tempfile.TemporaryDirectory(prefix="bench-checks-") as tmp:
        pathological(Path(tmp))
    print("| what | command | result |\n|---|---|---|")
    for what, command, result in rows:
        print(f"| {what} | {command} | {result} |")


if __name__ == "__main__":
    main()
