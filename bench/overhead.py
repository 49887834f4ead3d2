"""Per-page cost of extract and publish against markdown-it-py's bare parse of the same pages.

All in this process, one page after another, no start-up: what each page costs beyond
parsing its Markdown.  The bare parse is markdown-it-py with the extensions Hugo turns on by
default, from mdit-py-plugins (footnote, deflist, tasklists, attrs) and linkify-it-py, the
set-up our parser starts from before adding its own rules; plain CommonMark (with tables
and strikethrough) is shown too.  Ours:

* our parse: segmentation into a Document (front matter, shortcodes, stand-ins);
* extract: the job ``extract -j 1`` runs per page: read and hash the source, parse, build
  and write the POT, keep the parse, record the state;
* publish: the job ``publish -j 1`` runs per page for one language: read and hash the source
  and its PO file, take the parse extract kept, read the catalog, check every translation
  (the gate), write the page, record the state.  It runs right after the round's extract,
  from the state that left (its records and kept parses, no publish records), as a real
  ``publish`` after ``extract`` does.

Files are written as in a run, without the final ``sync`` (a run makes one for all its
files).  Each page gets a POT, PO and page path of its own, so pages that share a name in
different folders (Hugo's ``_index.md``) do not share a catalog.  The catalogs are filled
beforehand (untimed), every msgid translated.  Each timing is CPU time of this process
(user and system, so writing files counts), the fastest of ``repeat`` rounds; the system
part of that round is reported beside it.  It is the part that varies most here: this
machine's ext4 has no journal, and then every new file skips the inodes freed on the file
system in the last minutes (``recently_deleted`` in ``fs/ext4/ialloc.c``, 12% of an extract's
samples in ``perf``), so the same writes cost 0.4 to 1.8 s of system time for Hugo's docs
depending on what else ran just before.

Run alone: ``.venv/bin/python bench/overhead.py [newsletter|hugo-docs] [--repeat N]``.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from i18n_pipeline import batch, fileio
from i18n_pipeline.config import Config
from i18n_pipeline.parse import parse

LANGUAGE = "de"
#: Writes translated catalogs from a template: (template, [(language, PO path)], our format).
Fill = Callable[[tuple[str, list[tuple[str, str]], bool]], None]


def bare_parsers() -> dict[str, MarkdownIt]:
    """markdown-it-py without our rules: plain, and with Hugo's default extensions."""
    plain = MarkdownIt("commonmark").enable(["table", "strikethrough"])
    parsers = {"CommonMark + table + strikethrough": plain}
    try:
        from mdit_py_plugins.attrs import attrs_plugin
        from mdit_py_plugins.deflist import deflist_plugin
        from mdit_py_plugins.footnote import footnote_plugin
        from mdit_py_plugins.tasklists import tasklists_plugin
    except ImportError:  # before the Hugo dialect's dependencies: plain only, and said so
        return parsers
    try:
        import linkify_it  # noqa: F401  (markdown-it-py's linkify rule needs it)
    except ImportError:
        sys.exit(
            "bench/overhead.py: the baseline needs linkify-it-py (in the test extra; the package"
            " itself ports Goldmark's rules in dialect.py): make install"
        )
    hugo = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
    for plugin in (footnote_plugin, deflist_plugin, tasklists_plugin, attrs_plugin):
        hugo.use(plugin)
    parsers["+ footnote, deflist, tasklists, attrs, linkify"] = hugo
    return parsers


def _clock(work: Callable[[], object]) -> tuple[float, float]:
    """CPU seconds of this process for ``work``, and their system part: steadier than wall
    time on a shared machine, where other processes take turns on the cores."""
    start = os.times()
    work()
    end = os.times()
    system = end.system - start.system
    return end.user - start.user + system, system


def measure(name: str, pages: list[Path], workdir: Path, repeat: int, fill: Fill) -> dict[str, Any]:
    """Time the bare parses, our parse, and the extract and publish jobs over ``pages``.

    ``fill`` writes a translated catalog from a template (the archive bench's).
    """
    texts = [(str(page), page.read_bytes().decode("utf-8")) for page in pages]
    site = workdir / name
    shutil.rmtree(site, ignore_errors=True)
    site.mkdir(parents=True)
    config = Config(root=site, languages=(LANGUAGE,))
    options = config.parse_options
    parsers = bare_parsers()
    for md in parsers.values():
        md.parse(texts[0][1])  # first-call set-up (linkify's regexes) is not per page
    parse(texts[0][1], texts[0][0], options)
    cache = site / "cache"
    pots = [site / "pot" / f"{index}.pot" for index in range(len(pages))]
    pos = [site / "po" / f"{index}.po" for index in range(len(pages))]
    out = [site / "out" / f"{index}.{LANGUAGE}.md" for index in range(len(pages))]
    fileio.defer_sync()  # as in a run: one sync at the end, not timed here
    errors: dict[str, int] = {}

    def run_jobs(step: str) -> None:
        failed = 0
        for index, page in enumerate(pages):
            if step == "extract":
                incremental = batch.Incremental(cache, force=True)
                result = batch.extract_job(config, page, incremental=incremental,
                                           output=pots[index])  # fmt: skip
            else:
                incremental = batch.Incremental(cache)
                result = batch.publish_job(config, page, incremental=incremental,
                                           languages=(LANGUAGE,), catalog=pos[index],
                                           output=out[index])  # fmt: skip
            failed += result.error is not None
        errors[step] = failed

    def before_extract() -> None:  # from nothing: no templates, no kept parses, no state
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site / "pot", ignore_errors=True)

    def before_publish() -> None:  # from the state extract left just before: no publish records
        shutil.rmtree(site / "out", ignore_errors=True)

    # Each job, and what makes its starting point (untimed: removing the last round's files
    # is not part of extracting or publishing).
    work: dict[str, tuple[Callable[[], object], Callable[[], object]]] = {
        f"bare parse: {label}": (_nothing, lambda md=md: [md.parse(text) for _, text in texts])
        for label, md in parsers.items()
    }
    work["our parse"] = (_nothing, lambda: [parse(text, path, options) for path, text in texts])
    work["extract"] = (before_extract, lambda: run_jobs("extract"))
    work["publish"] = (before_publish, lambda: run_jobs("publish"))
    # Round after round, so that a busy spell of the machine does not fall on one of them
    # only; the fastest of each counts.
    times: dict[str, float] = {}
    system: dict[str, float] = {}
    for number in range(repeat):
        for key, (prepare, job) in work.items():
            prepare()
            total, kernel = _clock(job)
            if total < times.get(key, float("inf")):
                times[key], system[key] = total, kernel
            if key == "extract" and number == 0:  # translated catalogs for publish, untimed
                for index in range(len(pages)):
                    if pots[index].exists():
                        fill((str(pots[index]), [(LANGUAGE, str(pos[index]))], True))
    return {
        "pages": len(pages),
        "characters": sum(len(text) for _, text in texts),
        "seconds": {key: round(value, 3) for key, value in times.items()},
        "system seconds": {key: round(value, 3) for key, value in system.items()},
        "errors": errors,
    }


def _nothing() -> None:
    """The starting point of a job that needs none."""


def report(results: dict[str, dict[str, Any]]) -> list[str]:
    """One table per corpus: each timing and its ratio to both bare parses."""
    lines: list[str] = []
    for name, result in results.items():
        seconds: dict[str, float] = result["seconds"]
        bares = [key for key in seconds if key.startswith("bare parse")]
        baseline = bares[-1]  # Hugo's extensions when available: the set-up our parser uses
        lines += [
            f"{name}: {result['pages']} pages, {result['characters']:,} characters, "
            f"in one process, CPU time (fastest of the rounds)",
            "",
            "| per page, all pages | time | of which system | ÷ bare parse (Hugo's extensions) | "
            "÷ bare parse (CommonMark) |",
            "|---|---|---|---|---|",
        ]
        system: dict[str, float] = result.get("system seconds", {})
        for key, value in seconds.items():
            kernel = f"{system[key]:.2f} s" if key in system else ""
            lines.append(
                f"| {key} | {value:.2f} s | {kernel} | {value / seconds[baseline]:.2f}× | "
                f"{value / seconds[bares[0]]:.2f}× |"
            )
        failed = {step: count for step, count in result["errors"].items() if count}
        if failed:
            lines.append(f"(pages that failed: {failed})")
        lines.append("")
    return lines


def main(argv: list[str] | None = None) -> None:
    """One corpus (or both), as ``bench/run.py`` measures them, without the rest of the bench."""
    import argparse

    import run  # bench/run.py: the corpora and the catalog filler

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="*", help="newsletter, hugo-docs (default: both)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (the fastest counts)")
    parser.add_argument("--workdir", type=Path, default=run.ROOT / "build" / "bench")
    args = parser.parse_args(argv)
    corpora = {"newsletter": run.english_issues, "hugo-docs": run.hugo_pages}
    unknown = set(args.corpus) - set(corpora)
    if unknown:
        parser.error(f"unknown corpus {', '.join(sorted(unknown))}: {', '.join(corpora)}")
    results = {
        name: measure(
            name, corpora[name](), args.workdir / "overhead", args.repeat, run._fill_from_template
        )
        for name in args.corpus or list(corpora)
    }
    print("\n".join(report(results)))


if __name__ == "__main__":
    main()
