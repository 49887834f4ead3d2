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
  (the gate), write the page, record the state.

Files are written as in a run, without the final ``sync`` (a run makes one for all its
files).  Each page gets a POT, PO and page path of its own, so pages that share a name in
different folders (Hugo's ``_index.md``) do not share a catalog.  The catalogs are filled
beforehand (untimed), every msgid translated.  Each timing is the fastest of ``repeat``.
"""

from __future__ import annotations

import shutil
import time
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
    hugo = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
    for plugin in (footnote_plugin, deflist_plugin, tasklists_plugin, attrs_plugin):
        hugo.use(plugin)
    parsers["+ footnote, deflist, tasklists, attrs, linkify"] = hugo
    return parsers


def _fastest(work: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return best


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
    times: dict[str, float] = {}
    for label, md in bare_parsers().items():
        md.parse(texts[0][1])  # first-call set-up (linkify's regexes) is not per page
        times[f"bare parse: {label}"] = _fastest(
            lambda md=md: [md.parse(text) for _, text in texts], repeat
        )
    parse(texts[0][1], texts[0][0], options)
    times["our parse"] = _fastest(
        lambda: [parse(text, path, options) for path, text in texts], repeat
    )
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

    def extract() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        run_jobs("extract")

    times["extract"] = _fastest(extract, repeat)
    for index in range(len(pages)):
        if pots[index].exists():
            fill((str(pots[index]), [(LANGUAGE, str(pos[index]))], True))

    def publish() -> None:
        shutil.rmtree(cache / "state", ignore_errors=True)
        shutil.rmtree(site / "out", ignore_errors=True)
        run_jobs("publish")

    times["publish"] = _fastest(publish, repeat)
    return {
        "pages": len(pages),
        "characters": sum(len(text) for _, text in texts),
        "seconds": {key: round(value, 3) for key, value in times.items()},
        "errors": errors,
    }


def report(results: dict[str, dict[str, Any]]) -> list[str]:
    """One table per corpus: each timing and its ratio to both bare parses."""
    lines: list[str] = []
    for name, result in results.items():
        seconds: dict[str, float] = result["seconds"]
        bares = [key for key in seconds if key.startswith("bare parse")]
        baseline = bares[-1]  # Hugo's extensions when available: the set-up our parser uses
        lines += [
            f"{name}: {result['pages']} pages, {result['characters']:,} characters, "
            f"in one process (fastest of the runs)",
            "",
            "| per page, all pages | time | ÷ bare parse (Hugo's extensions) | "
            "÷ bare parse (CommonMark) |",
            "|---|---|---|---|",
        ]
        for key, value in seconds.items():
            lines.append(
                f"| {key} | {value:.2f} s | {value / seconds[baseline]:.2f}× | "
                f"{value / seconds[bares[0]]:.2f}× |"
            )
        failed = {step: count for step, count in result["errors"].items() if count}
        if failed:
            lines.append(f"(pages that failed: {failed})")
        lines.append("")
    return lines
