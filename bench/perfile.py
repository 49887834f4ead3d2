"""One process per file, as an editor integration or a pre-commit hook runs the tools.

For each English corpus issue, ``extract`` and then ``publish`` (one language, German) run as a
command of their own, i18n-pipeline's and mdpo's (``md2po``, ``po2md``) taking turns file by
file (who goes first alternates), so that both see the same machine.  Each round starts from
the same point: for extract, no templates and no state (ours: no ``.i18n-pipeline-cache``,
so the parse is done and kept, as after an edit); for publish, no pages (ours starts from
the state its extract just left: the parse it kept, no publish records, as after that
extract).  The catalogs are filled beforehand (untimed), every msgid translated.  The
fastest round of each tool counts, and every round is listed.

Wall time is what a user waits for; CPU time (user + system, from ``wait4``) is what the
command itself costs, and is steadier on a shared machine.  Both are reported.

Ours runs twice: on its own (``I18N_PIPELINE_SERVER=off``: Python starts and imports
everything, every time), and through the resident server (``i18n-pipeline server start``,
started once before the rounds, untimed; see ``i18n_pipeline/launch.py``), as an editor
integration would keep it.  Through the server, the command's CPU time is the launcher's
plus the workers' (the server adds up its workers' ``wait4`` usage, read from ``server
status`` after each round), so the CPU column stays the whole cost of the command.

Ours runs as an installed command runs: from ``bench/.venv-ours``, a virtual environment
whose ``.pth`` names this working tree and the project's environment, and whose
``i18n-pipeline`` is the script pip writes.  The project's own environment is an editable
install, whose import hook (setuptools' finder) costs every start about 13 ms that no
installed copy pays.  Our package is compiled to bytecode first, as pip does on install.
"""

from __future__ import annotations

import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
import venv
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LANGUAGE = "de"
#: Writes translated catalogs from a template: (template, [(language, PO path)], our format).
Fill = Callable[[tuple[str, list[tuple[str, str]], bool]], None]
SCRIPT = """#!{python}
import sys
from i18n_pipeline.launch import main
if __name__ == "__main__":
    sys.exit(main())
"""
#: The tools of the per-file rounds, in the order of their columns.
TOOLS = ("ours", "ours, server", "mdpo")


@dataclass
class Sample:
    """Wall and CPU seconds of one process."""

    wall: float
    cpu: float


@dataclass
class Totals:
    """The sums over all files of one round, for one tool and one step."""

    wall: float = 0.0
    cpu: float = 0.0
    files: int = 0

    def add(self, sample: Sample) -> None:
        self.wall += sample.wall
        self.cpu += sample.cpu
        self.files += 1


class Server:
    """Our resident server for the rounds, in a runtime folder of its own."""

    def __init__(self, command: Path):
        # A short path of its own: a Unix socket's path is limited to about 100 bytes.
        runtime = tempfile.mkdtemp(prefix="i18n-bench-")
        self.runtime = runtime
        self.command = str(command)
        self.on = dict(os.environ, XDG_RUNTIME_DIR=runtime, I18N_PIPELINE_SERVER="on")
        self.off = dict(self.on, I18N_PIPELINE_SERVER="off")
        subprocess.run([self.command, "server", "start"], env=self.on, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip

    def status(self) -> dict[str, str]:
        answer = subprocess.run([self.command, "server", "status"], env=self.on, check=True,
                                capture_output=True, text=True).stdout  # fmt: skip
        return dict(field.split("=", 1) for field in answer.split() if "=" in field)

    def worker_cpu(self) -> float:
        """The CPU seconds of all workers so far, once every worker has ended."""
        while (status := self.status())["running"] != "0":
            time.sleep(0.01)
        return float(status["cpu"])

    def stop(self) -> None:
        subprocess.run([self.command, "server", "stop"], env=self.on, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        shutil.rmtree(self.runtime, ignore_errors=True)


@dataclass
class Rounds:
    """Every round of one tool and step; the fastest (by wall time) counts."""

    rounds: list[Totals] = field(default_factory=list)

    @property
    def best(self) -> Totals:
        return min(self.rounds, key=lambda totals: totals.wall)


def run(
    command: Sequence[str],
    cwd: Path,
    accept: tuple[int, ...] = (0,),
    env: dict[str, str] | None = None,
) -> Sample:
    """Run ``command`` in ``cwd`` (output discarded): its wall and CPU time; fail loudly
    on an exit status not in ``accept``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    completed = subprocess.run(
        command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, check=False, env=env,
    )  # fmt: skip
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if completed.returncode not in accept:
        tail = completed.stderr.decode("utf-8", "replace")[-2000:]
        raise SystemExit(f"failed ({completed.returncode}): {' '.join(command)}\n{tail}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Sample(wall, cpu)


def ours_environment(tree: Path = ROOT, environment: Path = HERE / ".venv-ours") -> Path:
    """A virtual environment for ``tree``'s i18n-pipeline and the project's packages, without
    the editable-install hook, bytecode compiled; returns its ``i18n-pipeline`` script."""
    python = environment / "bin" / "python"
    if not python.exists():
        venv.create(environment, with_pip=False, symlinks=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(environment)}))
    project_site = Path(sysconfig.get_path("purelib"))  # the environment running the bench
    (site / "i18n-pipeline-bench.pth").write_text(f"{tree}\n{project_site}\n", encoding="utf-8")
    script = environment / "bin" / "i18n-pipeline"
    script.write_text(SCRIPT.format(python=python), encoding="utf-8")
    script.chmod(0o755)
    compileall.compile_dir(tree / "i18n_pipeline", quiet=1)
    return script


def _site(directory: Path, issues: list[Path]) -> list[Path]:
    content = directory / "content"
    content.mkdir(parents=True)
    sources = []
    for issue in issues:
        target = content / issue.name
        shutil.copyfile(issue, target)
        sources.append(target)
    return sources


def _clear(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def per_file(
    workdir: Path,
    issues: list[Path],
    mdpo_bin: Path,
    repeat: int,
    fill: Fill,
    config: str,
    say: Callable[[str], None] = print,
) -> dict[str, object]:
    """Extract and publish each issue in a process of its own, ours and mdpo's in turn.

    ``fill`` writes translated catalogs from a template (the archive bench's), ``config``
    is its config file with ``{languages}`` to fill in.
    """
    ours = ours_environment()
    server = Server(ours)
    sites = {tool: workdir / tool.replace(", ", "-") for tool in TOOLS}
    sources = {tool: _site(site, issues) for tool, site in sites.items()}
    for tool in ("ours", "ours, server"):
        (sites[tool] / "i18n-pipeline.toml").write_text(
            config.format(languages=f'"{LANGUAGE}"'), encoding="utf-8"
        )
    mdpo_site = sites["mdpo"]
    pots, pos, out = mdpo_site / "pot", mdpo_site / "po" / LANGUAGE, mdpo_site / "out"
    environments = {"ours": server.off, "ours, server": server.on, "mdpo": None}

    def command(tool: str, step: str, index: int) -> list[str]:
        source = sources[tool][index]
        if tool != "mdpo":
            if step == "extract":
                return [str(ours), "extract", str(source)]
            return [str(ours), "publish", str(source), "--lang", LANGUAGE]
        pot, po = pots / f"{source.stem}.pot", pos / f"{source.stem}.po"
        if step == "extract":
            return [str(mdpo_bin / "md2po"), str(source), "-q", "-s", "-p", str(pot)]
        return [str(mdpo_bin / "po2md"), str(source), "-q", "-p", str(po), "-s",
                str(out / f"{source.stem}.{LANGUAGE}.md")]  # fmt: skip

    results: dict[str, dict[str, Rounds]] = {
        tool: {"extract": Rounds(), "publish": Rounds()} for tool in TOOLS
    }
    try:
        for number in range(repeat):
            for step in ("extract", "publish"):
                say(f"  round {number + 1} of {repeat}: {step}, {len(issues)} files, "
                    "one process each")  # fmt: skip
                for tool in ("ours", "ours, server"):
                    cache = sites[tool] / ".i18n-pipeline-cache"
                    if step == "extract":
                        _clear(sites[tool] / "locales" / "templates", cache)
                    else:
                        # the state extract just left: its records and kept parses
                        _clear(*sites[tool].glob(f"content/*.{LANGUAGE}.md"))
                if step == "extract":
                    _clear(pots)
                    pots.mkdir()
                else:
                    _clear(out)
                    out.mkdir()
                totals = {tool: Totals() for tool in TOOLS}
                workers_before = server.worker_cpu()
                for index in range(len(issues)):
                    shift = (index + number) % len(TOOLS)
                    for tool in TOOLS[shift:] + TOOLS[:shift]:  # in its site, as a hook runs
                        sample = run(command(tool, step, index), sites[tool],
                                     env=environments[tool])  # fmt: skip
                        totals[tool].add(sample)
                totals["ours, server"].cpu += server.worker_cpu() - workers_before
                for tool, total in totals.items():
                    results[tool][step].rounds.append(total)
                if step == "extract" and number == 0:
                    for tool in ("ours", "ours, server"):
                        _fill_ours(sites[tool], sources[tool], fill)
                    _fill_mdpo(sources["mdpo"], pots, pos, fill)
    finally:
        server.stop()
    written = len(list(out.glob("*.md")))
    for tool in ("ours", "ours, server"):
        published = len(list(sites[tool].glob(f"content/*.{LANGUAGE}.md")))
        assert published == written == len(issues), f"pages: {tool} {published}, mdpo {written}"
        assert _tree(sites[tool] / "content") == _tree(sites["ours"] / "content")
    return {
        "files": len(issues),
        "language": LANGUAGE,
        "tools": {
            tool: {
                step: {
                    "wall": round(rounds.best.wall, 2),
                    "cpu": round(rounds.best.cpu, 2),
                    "rounds": [round(total.wall, 2) for total in rounds.rounds],
                }
                for step, rounds in steps.items()
            }
            for tool, steps in results.items()
        },
    }


def _fill_ours(site: Path, sources: list[Path], fill: Fill) -> None:
    """Every msgid of our catalogs in ``site`` translated (untimed)."""
    for source in sources:
        po = site / "locales" / LANGUAGE / "LC_MESSAGES" / f"{source.stem}.po"
        fill((str(site / "locales" / "templates" / f"{source.stem}.pot"),
              [(LANGUAGE, str(po))], True))  # fmt: skip


def _fill_mdpo(sources: list[Path], pots: Path, pos: Path, fill: Fill) -> None:
    """Every msgid of mdpo's catalogs translated (untimed)."""
    for source in sources:
        fill((str(pots / f"{source.stem}.pot"), [(LANGUAGE, str(pos / f"{source.stem}.po"))],
              False))  # fmt: skip


def _tree(folder: Path) -> dict[str, bytes]:
    """The files under ``folder``: with and without the server, ours must write the same."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def startup(mdpo_bin: Path, times: int = 15) -> dict[str, dict[str, float]]:
    """Median wall and CPU milliseconds of ``--version`` and ``--help``, ours and mdpo's."""
    ours = ours_environment()
    python = HERE / ".venv-ours" / "bin" / "python"
    cases = {
        "python -c pass (ours' interpreter)": [str(python), "-c", "pass"],
        "i18n-pipeline --version": [str(ours), "--version"],
        "md2po --version": [str(mdpo_bin / "md2po"), "--version"],
        "i18n-pipeline --help": [str(ours), "--help"],
        "md2po --help": [str(mdpo_bin / "md2po"), "--help"],
    }
    samples: dict[str, list[Sample]] = {name: [] for name in cases}
    for _ in range(times):
        for name, command in cases.items():
            # md2po --help exits with 1 (its own choice), after printing the help
            samples[name].append(run(command, ROOT, accept=(0, 1) if "md2po" in name else (0,)))
    return {
        name: {
            "wall ms": round(1000 * statistics.median(s.wall for s in runs), 1),
            "cpu ms": round(1000 * statistics.median(s.cpu for s in runs), 1),
        }
        for name, runs in samples.items()
    }


def report(results: dict[str, object], startup_times: dict[str, dict[str, float]]) -> list[str]:
    tools = results["tools"]
    assert isinstance(tools, dict)
    lines = [
        f"One process per file: {results['files']} English issues, extract then publish "
        f"({results['language']}), ours alone, ours through its server and mdpo taking turns; "
        f"fastest of {len(tools['ours']['extract']['rounds'])} rounds (sums over all files)",
        "",
        "| step | tool | wall | ÷ mdpo | CPU | ÷ mdpo (CPU) |",
        "|---|---|---|---|---|---|",
    ]
    for step in ("extract", "publish"):
        theirs = tools["mdpo"][step]
        for tool in TOOLS:
            mine = tools[tool][step]
            lines.append(
                f"| {step} | {tool} | {mine['wall']:.2f} s | {mine['wall'] / theirs['wall']:.2f} | "
                f"{mine['cpu']:.2f} s | {mine['cpu'] / theirs['cpu']:.2f} |"
            )
    lines += ["", "| every round, wall (s) | " + " | ".join(TOOLS) + " |", "|---|---|---|---|"]
    for step in ("extract", "publish"):
        cells = [", ".join(f"{t:.2f}" for t in tools[tool][step]["rounds"]) for tool in TOOLS]
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines += ["", "| start-up (median of 15) | wall | CPU |", "|---|---|---|"]
    for name, times in startup_times.items():
        lines.append(f"| `{name}` | {times['wall ms']:.0f} ms | {times['cpu ms']:.0f} ms |")
    return lines


if __name__ == "__main__":  # pragma: no cover
    sys.exit("run bench/run.py (make bench)")
