"""Benchmark: i18n-pipeline against po4a and mdpo on an archive of 1,000 newsletter issues.

Run with ``make bench`` (or ``.venv/bin/python bench/run.py --issues N``).  It builds an
archive from the 63 English corpus issues, copied under distinct names with one distinct
paragraph each so no two files are the same, and gives each tool its own copy.  For each
tool it times whole processes, as a site maintainer runs them:

* extract: one POT per issue;
* update: merge each issue into its five translated catalogs (de fr es it pt_BR), filled
  beforehand (untimed) with a marked copy of every msgid (``ÆØ de …``, one per language);
* publish: one page per issue and language from those catalogs.

Extract and publish then run twice more (``--repeat``), the tools taking turns, each from
the same starting point as its first run, and the fastest run of each tool counts: the
machine's speed drifts by tens of percent over minutes.

po4a runs through its own Perl modules and mdpo through its own Python API, one process for
the whole archive (``po4a_driver.pl``, ``mdpo_driver.py``): that spares them a thousand
interpreter starts, so the comparison is, if anything, kind to them.  Ours runs the
``i18n-pipeline`` command with its default ``-j`` (all cores).  Then, for ours only: the
same runs with ``--force -j 1`` (the parallel speed-up), a run where nothing changed (the
incremental state), and peak memory (RSS of the largest process, from ``wait4``) for a
tenth of the archive against the whole, to show it does not grow with the number of issues.

With or without the archive (``--quick`` skips it, and takes a few minutes), and before it:

* one process per file (``perfile.py``): extract and publish of each English corpus issue
  as a command of its own, ours and mdpo's in turn, as an editor or a pre-commit hook runs
  them; and the start-up of ``--version`` and ``--help``;
* the per-page overhead (``overhead.py``): extract and publish against markdown-it-py's bare
  parse of the same pages, in one process, on the newsletter and on Hugo's documentation
  (first of all, before the archive's rounds free tens of thousands of inodes).

It installs what it needs: ``po4a`` and ``gettext`` with apt-get if missing, and mdpo into
its own virtual environment (``bench/.venv``), never into the project's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import venv
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import overhead
import perfile
import polib

from i18n_pipeline.catalog import language_metadata, write_catalog

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "tests" / "data" / "corpus"
HUGO_DOCS = ROOT / "tests" / "data" / "hugo-docs"
ENGLISH = re.compile(r"\d{4}-\d\d-\d\d-newsletter\.md")
#: gettext locales: the catalogs' folders, and what po4a and mdpo are given.
LANGUAGES = ("de", "fr", "es", "it", "pt_BR")
MARK = "ÆØ "
MDPO_VERSION = "2.1.4"
CONFIG = """\
sources = ["content/*.md"]
locales = "locales"
languages = [{languages}]
"""


@dataclass
class Run:
    """One whole process: wall time, CPU time, and the peak RSS of its largest process."""

    seconds: float
    cpu_seconds: float
    max_rss_mb: float


TIME = "/usr/bin/time"


def timed(command: Sequence[str], cwd: Path) -> Run:
    """Run ``command`` to completion under GNU time.

    Wall time is taken here; CPU time and peak RSS come from GNU time, whose own process is
    small: a child forked straight from this (large) Python process would report this
    process's memory as its own peak.
    """
    with (
        tempfile.NamedTemporaryFile("r", suffix=".time") as usage,
        tempfile.TemporaryFile() as errors,
    ):
        wrapped = [TIME, "-o", usage.name, "-f", "%U %S %M", *command]
        start = time.perf_counter()
        completed = subprocess.run(wrapped, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        seconds = time.perf_counter() - start
        if completed.returncode != 0:
            errors.seek(0)
            tail = errors.read().decode("utf-8", "replace")[-2000:]
            raise SystemExit(f"{' '.join(command)} failed ({completed.returncode}):\n{tail}")
        user, system, rss_kb = usage.read().split()[-3:]
    return Run(
        round(seconds, 2), round(float(user) + float(system), 2), round(int(rss_kb) / 1024, 1)
    )


def say(message: str) -> None:
    print(message, flush=True)


# --- what the bench needs ---------------------------------------------------------------------


def ensure_debian_tools(compare: bool) -> None:
    """GNU time; po4a and msgmerge (which its update step runs) when comparing: from Debian."""
    wanted = {"time": Path(TIME).exists()}
    if compare:
        wanted["po4a"] = bool(shutil.which("po4a-translate"))
        wanted["gettext"] = bool(shutil.which("msgmerge"))
    missing = [package for package, present in wanted.items() if not present]
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    install = [*sudo, "apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing]
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    say(f"installing {' '.join(missing)} with apt-get")
    if subprocess.run(install, env=env, check=False).returncode:
        subprocess.run([*sudo, "apt-get", "update", "-qq"], env=env, check=True)
        subprocess.run(install, env=env, check=True)


def ensure_mdpo() -> Path:
    """A virtual environment of its own with mdpo; returns its Python."""
    environment = HERE / ".venv"
    python = environment / "bin" / "python"
    check = f"import importlib.metadata as m; assert m.version('mdpo') == {MDPO_VERSION!r}"
    probe = [str(python), "-c", check]
    if python.exists() and subprocess.run(probe, capture_output=True).returncode == 0:
        return python
    say(f"installing mdpo {MDPO_VERSION} into {environment.relative_to(ROOT)}")
    venv.create(environment, with_pip=True, clear=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", f"mdpo=={MDPO_VERSION}"]
    subprocess.run(pip, check=True)
    return python


def ours() -> list[str]:
    script = Path(sys.executable).parent / "i18n-pipeline"
    return [str(script)] if script.exists() else [sys.executable, "-m", "i18n_pipeline"]


# --- the archive --------------------------------------------------------------------------


def build_archive(site: Path, count: int) -> list[Path]:
    """``count`` issues: corpus issues under new names, each with a paragraph of its own."""
    issues = sorted(p for p in CORPUS.iterdir() if ENGLISH.fullmatch(p.name))
    content = site / "content"
    content.mkdir(parents=True)
    sources = []
    for number in range(count):
        original = issues[number % len(issues)]
        data = original.read_bytes()
        if not data.endswith(b"\n"):
            data += b"\n"
        data += f"\nArchive copy {number // len(issues)} of this issue, number {number}.\n".encode()
        target = content / f"{original.stem}-{number:04d}.md"
        target.write_bytes(data)
        sources.append(target)
    return sources


def _fill_from_template(job: tuple[str, list[tuple[str, str]], bool]) -> None:
    """Write one translated catalog per language from a template: msgstr = marked msgid."""
    template_path, targets, ours_format = job
    template = polib.pofile(template_path, wrapwidth=79)
    for language, target in targets:
        # a text of its own per language, so no tool gains from having seen another's
        for entry in template:
            if not entry.obsolete and entry.msgid:
                entry.msgstr = f"{MARK}{language} {entry.msgid}"
        template.metadata.update(language_metadata(language))
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        if ours_format:
            write_catalog(target, template)
        else:
            template.save(target)


def fill(jobs: list[tuple[str, list[tuple[str, str]], bool]]) -> None:
    with ProcessPoolExecutor() as pool:
        list(pool.map(_fill_from_template, jobs, chunksize=16))


# --- the three tools ----------------------------------------------------------------------


def write_list(path: Path, rows: list[list[str]]) -> Path:
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


def bench_ours(site: Path, sources: list[Path], extra: bool) -> dict[str, Run]:
    # A site names its languages by its own keys (Hugo's ``pt-br``); the catalogs are in
    # the gettext locale's folder (``pt_BR``), as the other tools' are.
    languages = ", ".join(f'"{lang.lower().replace("_", "-")}"' for lang in LANGUAGES)
    (site / "i18n-pipeline.toml").write_text(CONFIG.format(languages=languages))
    tool = ours()
    runs = {"extract": timed([*tool, "extract"], site)}
    templates = site / "locales" / "templates"
    fill(
        [
            (
                str(templates / f"{source.stem}.pot"),
                [
                    (lang, str(site / "locales" / lang / "LC_MESSAGES" / f"{source.stem}.po"))
                    for lang in LANGUAGES
                ],
                True,
            )
            for source in sources
        ]
    )
    runs["update"] = timed([*tool, "update"], site)
    runs["publish"] = timed([*tool, "publish"], site)
    published = sum(1 for path in (site / "content").glob("*.*.md"))
    assert published == len(sources) * len(LANGUAGES), f"published {published} pages"
    if extra:
        runs.update(bench_ours_extras(site, sources))
    return runs


def ours_again(site: Path, step: str) -> Run:
    """``step`` once more from the same starting point as its first run.

    extract: no templates, no state, no kept parses; publish: no pages, and the state the
    round's extract left just before (its records and kept parses, no publish records).
    """
    tool = ours()
    cache = site / ".i18n-pipeline-cache"
    if step == "extract":
        shutil.rmtree(site / "locales" / "templates")
        shutil.rmtree(cache)
    else:
        for page in (site / "content").glob("*.*.md"):
            page.unlink()
    return timed([*tool, step], site)


def bench_ours_extras(site: Path, sources: list[Path]) -> dict[str, Run]:
    """Runs where nothing changed, --force runs, and one edited issue."""
    tool = ours()
    for step in ("extract", "update", "publish"):  # settle the state after repeated runs
        subprocess.run([*tool, step], cwd=site, stdout=subprocess.DEVNULL, check=True)
    runs = {}
    runs["no-op extract"] = timed([*tool, "extract"], site)
    runs["no-op update"] = timed([*tool, "update"], site)
    runs["no-op publish"] = timed([*tool, "publish"], site)
    runs["extract --force -j 1"] = timed([*tool, "extract", "--force", "-j", "1"], site)
    runs["extract --force"] = timed([*tool, "extract", "--force"], site)
    runs["publish --force -j 1"] = timed([*tool, "publish", "--force", "-j", "1"], site)
    runs["publish --force"] = timed([*tool, "publish", "--force"], site)
    changed = sources[len(sources) // 2]
    changed.write_bytes(changed.read_bytes() + b"\nA late correction to this issue.\n")
    for step in ("extract", "update", "publish"):
        runs[f"one issue edited: {step}"] = timed([*tool, step], site)
    return runs


def bench_other(
    site: Path, sources: list[Path], command: list[str], pot_name: Callable[[Path], str]
) -> dict[str, Run]:
    """po4a or mdpo: the same three steps through ``command`` (a driver taking a list)."""
    pots, pos, out = site / "pot", site / "po", site / "out"
    pots.mkdir()
    extract = [[str(s), str(pots / pot_name(s))] for s in sources]
    runs = {"extract": timed([*command, "extract", str(write_list(site / "x.tsv", extract))], site)}

    def po(lang: str, source: Path) -> str:
        return str(pos / lang / f"{source.stem}.po")

    fill(
        [
            (str(pots / pot_name(s)), [(lang, po(lang, s)) for lang in LANGUAGES], False)
            for s in sources
        ]
    )
    update = [[str(s), *(po(lang, s) for lang in LANGUAGES)] for s in sources]
    runs["update"] = timed([*command, "update", str(write_list(site / "u.tsv", update))], site)
    for lang in LANGUAGES:
        (out / lang).mkdir(parents=True)
    translate = [
        [str(s), po(lang, s), str(out / lang / s.name)] for s in sources for lang in LANGUAGES
    ]
    runs["publish"] = timed(
        [*command, "translate", str(write_list(site / "t.tsv", translate))], site
    )
    published = sum(1 for _ in out.glob("*/*.md"))
    assert published == len(sources) * len(LANGUAGES), f"published {published} pages"
    return runs


def other_again(site: Path, command: list[str], step: str) -> Run:
    """po4a's or mdpo's ``step`` once more, its outputs removed first, as before its first run."""
    if step == "extract":
        for pot in (site / "pot").iterdir():
            pot.unlink()
        return timed([*command, "extract", str(site / "x.tsv")], site)
    for page in (site / "out").glob("*/*.md"):
        page.unlink()
    return timed([*command, "translate", str(site / "t.tsv")], site)


# --- report -------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return {
        "cpu": model,
        "cores": str(len(os.sched_getaffinity(0))),
        "python": platform.python_version(),
        "load average at start": load,
    }


def ratio(slower: float, faster: float) -> str:
    return f"{slower / faster:.1f}×" if faster else "n/a"


def report(results: dict[str, object]) -> str:
    """The archive's tables (when it ran), the per-file and overhead tables, the targets."""
    lines = [
        "; ".join(f"{k}: {v}" for k, v in results["machine"].items()),  # type: ignore[attr-defined]
        "",
    ]
    if "tools" in results:
        lines += [*report_archive(results), ""]
    per_file = results.get("per file")
    if isinstance(per_file, dict):
        lines += [*perfile.report(per_file, results["start-up"]), ""]  # type: ignore[arg-type]
    pages: dict[str, dict[str, Any]] = results["overhead"]  # type: ignore[assignment]
    lines += overhead.report(pages)
    lines += ["| target | measured | met |", "|---|---|---|"]
    lines += targets(results)
    return "\n".join(lines)


def met(ok: bool) -> str:
    return "yes" if ok else "no"


def targets(results: dict[str, object]) -> list[str]:
    lines = []
    tools: dict[str, dict[str, dict[str, float]]] = results.get("tools", {})  # type: ignore[assignment]
    if "po4a" in tools and "mdpo" in tools:
        ours = tools["ours"]
        for step, run in (
            ("extract", "extract"),
            ("publish", "publish"),
            ("publish", "publish --force"),
            ("extract", "extract --force -j 1"),
            ("publish", "publish --force -j 1"),
        ):
            best = min(tools["po4a"][step]["seconds"], tools["mdpo"][step]["seconds"])
            times = best / ours[run]["seconds"]
            lines.append(
                f"| archive: `{run}` ≥ 5× faster than the faster of po4a and mdpo | "
                f"{times:.1f}× | {met(times >= 5)} |"
            )
    if "ours" in tools:
        for step in ("extract", "update", "publish"):
            noop = tools["ours"][f"no-op {step}"]["seconds"]
            lines.append(f"| archive: no-op {step} < 2 s | {noop:.2f} s | {met(noop < 2)} |")
    per_file = results.get("per file")
    if isinstance(per_file, dict):
        timed = per_file["tools"]
        for tool in ("ours", "ours, server"):
            for step in ("extract", "publish"):
                mine, theirs = timed[tool][step], timed["mdpo"][step]
                wall, cpu = mine["wall"] / theirs["wall"], mine["cpu"] / theirs["cpu"]
                lines.append(
                    f"| one process per file ({tool}): {step} no slower than mdpo "
                    f"(ours ÷ mdpo ≤ 1) | {wall:.2f} (CPU {cpu:.2f}) | {met(wall <= 1)} |"
                )
    pages: dict[str, dict[str, Any]] = results["overhead"]  # type: ignore[assignment]
    for name, result in pages.items():
        seconds = result["seconds"]
        baseline = [key for key in seconds if key.startswith("bare parse")][-1]
        for step in ("extract", "publish"):
            factor = seconds[step] / seconds[baseline]
            lines.append(
                f"| {name}: {step} ≤ 2× the bare parse ({baseline[len('bare parse: ') :]}) | "
                f"{factor:.2f}× | {met(factor <= 2)} |"
            )
    small = results.get("small")
    if isinstance(small, dict):
        lines += [
            "",
            f"| peak RSS | {small['issues']} issues | {results['issues']} issues |",
            "|---|---|---|",
        ]
        for step in ("extract", "update", "publish"):
            lines.append(
                f"| {step} | {small['ours'][step]['max_rss_mb']:.0f} MB | "
                f"{tools['ours'][step]['max_rss_mb']:.0f} MB |"
            )
    return lines


def report_archive(results: dict[str, object]) -> list[str]:
    issues = results["issues"]
    tools: dict[str, dict[str, dict[str, float]]] = results["tools"]  # type: ignore[assignment]
    lines = [
        f"Archive: {issues} issues × {len(LANGUAGES)} languages ({' '.join(LANGUAGES)})",
        "",
        "| step | i18n-pipeline | po4a | mdpo | faster of po4a and mdpo ÷ ours |",
        "|---|---|---|---|---|",
    ]
    for step in ("extract", "update", "publish"):
        row = [tools[name][step]["seconds"] for name in ("ours", "po4a", "mdpo") if name in tools]
        if len(row) == 3:
            best = min(row[1], row[2])
            lines.append(
                f"| {step} | {row[0]:.2f} s | {row[1]:.2f} s | {row[2]:.2f} s | "
                f"{ratio(best, row[0])} |"
            )
    samples = results.get("samples")
    if isinstance(samples, dict) and any(len(v.get("extract", [])) > 1 for v in samples.values()):
        names = [name for name in ("ours", "po4a", "mdpo") if name in samples]
        lines += ["", "| every run (s), fastest counted | " + " | ".join(names) + " |"]
        lines.append("|---" * (len(names) + 1) + "|")
        for step in ("extract", "publish"):
            cells = [", ".join(f"{t:.2f}" for t in samples[name][step]) for name in names]
            lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "| run | wall time | CPU time (user + sys) | peak RSS |",
        "|---|---|---|---|",
    ]
    for name, runs in tools.items():
        for step, run in runs.items():
            lines.append(
                f"| {name} {step} | {run['seconds']:.2f} s | {run['cpu_seconds']:.2f} s | "
                f"{run['max_rss_mb']:.0f} MB |"
            )
    return lines


def english_issues() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if ENGLISH.fullmatch(p.name))


def hugo_pages() -> list[Path]:
    return sorted(HUGO_DOCS.rglob("*.md"))


def main(argv: Sequence[str] | None = None) -> None:
    # The archive's rounds measure the command on its own, even if the user keeps a server
    # running for this environment; perfile.py runs its server rows with a server of its own.
    os.environ["I18N_PIPELINE_SERVER"] = "off"
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issues", type=int, default=1000, help="archive size (default 1000)")
    parser.add_argument(
        "--small", type=int, default=100, help="smaller archive for the memory comparison"
    )
    parser.add_argument("--only-ours", action="store_true", help="skip po4a and mdpo")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the archive: only one process per file and the per-page overhead "
        "(a few minutes)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of extract and publish per tool (fastest counts)",
    )
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args(argv)

    results: dict[str, object] = {"machine": machine()}
    compare = not args.only_ours
    ensure_debian_tools(compare=compare and not args.quick)
    if compare:
        mdpo_python = ensure_mdpo()
    shutil.rmtree(args.workdir, ignore_errors=True)
    args.workdir.mkdir(parents=True)
    started = time.perf_counter()
    # The per-page overhead first: the archive's rounds create and delete tens of thousands
    # of files, and on a file system like this machine's (ext4 without a journal) every
    # inode freed makes the next minutes' new files slower (bench/README.md): measured
    # after them, the overhead would include what the archive left behind.
    results["overhead"] = {}
    for name, pages in (("newsletter", english_issues()), ("hugo-docs", hugo_pages())):
        say(f"per-page overhead against the bare parse: {name}")
        results["overhead"][name] = overhead.measure(  # type: ignore[index]
            name, pages, args.workdir / "overhead", args.repeat, _fill_from_template
        )
    if not args.quick:
        results.update(bench_archive(args, mdpo_python if compare else None))
    if compare:
        say("one process per file: extract and publish, ours and mdpo in turn")
        results["per file"] = perfile.per_file(
            args.workdir / "per-file", english_issues(), mdpo_python.parent, args.repeat,
            _fill_from_template, CONFIG, say,
        )  # fmt: skip
        say("start-up: --version and --help")
        results["start-up"] = perfile.startup(mdpo_python.parent)
    results["bench seconds"] = round(time.perf_counter() - started, 1)

    output = args.workdir / "results.json"
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    say("")
    say(report(results))
    say(f"\nwhole bench: {results['bench seconds']} s; results in {output}")


def bench_archive(args: argparse.Namespace, mdpo_python: Path | None) -> dict[str, object]:
    """The 1,000-issue archive: ours, po4a and mdpo, whole runs, then ours' extra runs."""
    results: dict[str, object] = {"issues": args.issues}
    say(f"building an archive of {args.issues} issues in {args.workdir}")
    site = args.workdir / "ours"
    sources = build_archive(site, args.issues)
    tools: dict[str, dict[str, Run]] = {}
    say("i18n-pipeline: extract, update, publish")
    ours_site = site
    tools["ours"] = bench_ours(site, sources, extra=False)
    others: dict[str, tuple[Path, list[str]]] = {}
    if mdpo_python is not None:
        say("po4a: extract, update, publish")
        site = args.workdir / "po4a"
        po4a_sources = build_archive(site, args.issues)
        driver = ["perl", str(HERE / "po4a_driver.pl")]
        tools["po4a"] = bench_other(site, po4a_sources, driver, lambda s: f"{s.stem}.pot")
        others["po4a"] = (site, driver)
        say("mdpo: extract, update, publish")
        site = args.workdir / "mdpo"
        mdpo_sources = build_archive(site, args.issues)
        driver = [str(mdpo_python), str(HERE / "mdpo_driver.py")]
        tools["mdpo"] = bench_other(site, mdpo_sources, driver, lambda s: f"{s.stem}.pot")
        others["mdpo"] = (site, driver)
    # A shared machine speeds up and slows down by tens of percent over minutes: extract and
    # publish (the steps with targets) run again, the tools taking turns, and the fastest
    # run of each counts.  po4a's publish, a third of mdpo's speed, runs once.
    samples: dict[str, dict[str, list[Run]]] = {
        name: {step: [runs[step]] for step in ("extract", "publish")}
        for name, runs in tools.items()
    }
    for round_number in range(2, args.repeat + 1):
        say(f"round {round_number} of {args.repeat}: extract and publish, taking turns")
        for step in ("extract", "publish"):
            samples["ours"][step].append(ours_again(ours_site, step))
            for name, (other_site, driver) in others.items():
                if name == "po4a" and step == "publish":
                    continue
                samples[name][step].append(other_again(other_site, driver, step))
    for name, steps in samples.items():
        for step, runs in steps.items():
            tools[name][step] = min(runs, key=lambda run: run.seconds)
    say("i18n-pipeline: no-op, --force and one-edit runs")
    tools["ours"].update(bench_ours_extras(ours_site, sources))
    results["tools"] = {
        name: {k: asdict(v) for k, v in runs.items()} for name, runs in tools.items()
    }
    results["samples"] = {
        name: {step: [run.seconds for run in runs] for step, runs in steps.items()}
        for name, steps in samples.items()
    }
    if args.small and args.small < args.issues:
        say(f"peak memory with {args.small} issues")
        site = args.workdir / f"ours-{args.small}"
        small = bench_ours(site, build_archive(site, args.small), extra=False)
        results["small"] = {"issues": args.small, "ours": {k: asdict(v) for k, v in small.items()}}
    return results


if __name__ == "__main__":
    main()
