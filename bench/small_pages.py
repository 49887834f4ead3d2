"""The per-page part of extract alone, and the POT writer alone: two measurements the
machine's noise does not swamp as it does ``bench/overhead.py``'s ratios on Hugo's docs.

* extract of 993 one-paragraph pages (``title: Page N`` and one sentence): the job
  ``extract -j 1`` runs per page, as ``bench/overhead.py`` runs it, from nothing each round
  (no templates, no cache); CPU per page, fastest of the rounds.  The parse of such a page
  is small, so this is what a page costs beyond its Markdown: reading and hashing it, the
  state, the template built and written, the kept parse, two new files.  Run it with
  ``--workdir`` on ``/dev/shm`` (tmpfs) and on the disk to see the kernel's share.
* ``poformat.dumps`` of the templates of Hugo's docs (993 pages, built once with a fixed
  creation date), CPU, fastest of the rounds, with a digest of all the text written, so two
  trees can be compared for speed and for identical output.

Run: ``.venv/bin/python bench/small_pages.py [--workdir DIR] [--repeat N]``; to compare
with another tree, put its package first: ``PYTHONPATH=/path/to/tree .venv/bin/python …``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from i18n_pipeline import batch, fileio, poformat
from i18n_pipeline.catalog import build_template
from i18n_pipeline.config import Config
from i18n_pipeline.parse import parse

PAGES = 993


def _cpu(work: Callable[[], object]) -> float:
    start = os.times()
    work()
    end = os.times()
    return end.user - start.user + end.system - start.system


def small_pages(workdir: Path, repeat: int) -> float:
    """Seconds of CPU per page for extract of one-paragraph pages, fastest of ``repeat``."""
    site = workdir / "small-pages"
    shutil.rmtree(site, ignore_errors=True)
    content = site / "content"
    content.mkdir(parents=True)
    pages = []
    for number in range(PAGES):
        page = content / f"p{number}.md"
        page.write_text(f"---\ntitle: Page {number}\n---\n\nHello, page {number}.\n")
        pages.append(page)
    config = Config(root=site, languages=("de",))
    cache = site / "cache"
    fileio.defer_sync()  # as in a run: one sync at the end, not timed here

    def extract() -> None:
        shutil.rmtree(cache, ignore_errors=True)
        shutil.rmtree(site / "pot", ignore_errors=True)
        for number, page in enumerate(pages):
            incremental = batch.Incremental(cache, force=True)
            output = site / "pot" / f"{number}.pot"
            result = batch.extract_job(config, page, incremental=incremental, output=output)
            assert result.error is None, result.error

    extract()  # first-call set-up is not per page
    return min(_cpu(extract) for _ in range(repeat)) / PAGES


def writer(repeat: int) -> tuple[float, str]:
    """CPU seconds of ``poformat.dumps`` over Hugo's docs' templates, and their digest."""
    sys.path.insert(0, str(Path(__file__).parent))
    import run  # bench/run.py: the corpora

    config = Config(root=Path.cwd(), languages=("de",))
    created = dt.datetime(2026, 1, 2, 3, 4, tzinfo=dt.UTC)
    templates = []
    for page in run.hugo_pages():
        document = parse(page.read_text(encoding="utf-8"), str(page), config.parse_options)
        templates.append(build_template(document, page.name, creation_date=created))
    texts: list[str] = []

    def write() -> None:
        texts[:] = [poformat.dumps(template) for template in templates]

    seconds = min(_cpu(write) for _ in range(repeat))
    return seconds, hashlib.sha256("".join(texts).encode()).hexdigest()[:16]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("build") / "bench")
    parser.add_argument("--repeat", type=int, default=3, help="rounds (the fastest counts)")
    args = parser.parse_args()
    per_page = small_pages(args.workdir, args.repeat)
    print(f"extract, {PAGES} one-paragraph pages: {per_page * 1e6:.0f} µs of CPU per page")
    seconds, written = writer(args.repeat + 2)
    print(f"poformat.dumps, Hugo's docs' {PAGES} templates: {seconds:.3f} s (output {written})")


if __name__ == "__main__":
    main()
