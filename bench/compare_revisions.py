"""One process per file: another revision of i18n-pipeline against this tree, and mdpo.

    .venv/bin/python bench/compare_revisions.py REV [--issues N] [--times N]

Checks out REV (any git revision) into a temporary worktree and runs, for each English corpus
issue, ``extract`` and then ``publish`` (German, every msgid translated beforehand) as a
command of its own: REV's, this tree's and mdpo's, in turn file by file (who goes first
rotates), each in a site of its own; then ``--version`` ``--times`` times each.  Both of ours
run as ``bench/perfile.py`` runs ours (an environment naming the tree and the project's
packages, bytecode compiled), so the two differ only by their code.  Prints the sums of wall
and CPU time (user + system) per tool and step, and the median start-up.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import perfile
import run as archive

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def _commands(tool: str, step: str, site: Path, issue: Path, scripts: dict[str, Path],
              mdpo: Path) -> list[str]:  # fmt: skip
    source = str(site / "content" / issue.name)
    if tool == "mdpo":
        if step == "extract":
            return [str(mdpo / "md2po"), source, "-q", "-s", "-p", str(site / f"{issue.stem}.pot")]
        return [str(mdpo / "po2md"), source, "-q", "-p", str(site / f"{issue.stem}.po"),
                "-s", str(site / f"{issue.stem}.de.md")]  # fmt: skip
    if step == "extract":
        return [str(scripts[tool]), "extract", source]
    return [str(scripts[tool]), "publish", source, "--lang", "de"]


def _fill(tool: str, site: Path, issue: Path) -> None:
    if tool == "mdpo":
        archive._fill_from_template(
            (str(site / f"{issue.stem}.pot"), [("de", str(site / f"{issue.stem}.po"))], False)
        )
    else:
        po = site / "locales" / "de" / "LC_MESSAGES" / f"{issue.stem}.po"
        pot = site / "locales" / "templates" / f"{issue.stem}.pot"
        archive._fill_from_template((str(pot), [("de", str(po))], True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("revision", help="the git revision to compare this tree with")
    parser.add_argument("--issues", type=int, default=0, help="only the first N issues")
    parser.add_argument("--times", type=int, default=15, help="runs of --version per tool")
    args = parser.parse_args()
    mdpo = archive.ensure_mdpo().parent
    issues = archive.english_issues()[: args.issues or None]
    with tempfile.TemporaryDirectory(prefix="i18n-compare-") as scratch:
        work = Path(scratch)
        before = work / "tree"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q",
                        str(before), args.revision], check=True)  # fmt: skip
        try:
            scripts = {
                args.revision: perfile.ours_environment(before, work / "env-before"),
                "this tree": perfile.ours_environment(ROOT, work / "env-after"),
            }
            tools = [*scripts, "mdpo"]
            sites = {}
            for number, tool in enumerate(tools):
                site = work / f"site-{number}"
                (site / "content").mkdir(parents=True)
                for issue in issues:
                    shutil.copyfile(issue, site / "content" / issue.name)
                if tool != "mdpo":
                    config = archive.CONFIG.format(languages='"de"')
                    (site / "i18n-pipeline.toml").write_text(config, encoding="utf-8")
                sites[tool] = site
            totals = {step: {tool: [0.0, 0.0] for tool in tools} for step in ("extract", "publish")}
            for step in ("extract", "publish"):
                for index, issue in enumerate(issues):
                    turn = index % len(tools)
                    for tool in tools[turn:] + tools[:turn]:
                        command = _commands(tool, step, sites[tool], issue, scripts, mdpo)
                        sample = perfile.run(command, sites[tool])
                        totals[step][tool][0] += sample.wall
                        totals[step][tool][1] += sample.cpu
                if step == "extract":
                    for tool in tools:
                        for issue in issues:
                            _fill(tool, sites[tool], issue)
            starts: dict[str, list[perfile.Sample]] = {tool: [] for tool in tools}
            for _ in range(args.times):
                for tool in tools:
                    command = (
                        [str(mdpo / "md2po"), "--version"]
                        if tool == "mdpo"
                        else [str(scripts[tool]), "--version"]
                    )
                    starts[tool].append(perfile.run(command, work))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force",
                            str(before)], check=False)  # fmt: skip
    print(f"{len(issues)} English issues, one process per file, the three in turn")
    print()
    print("| step | " + " | ".join(f"{tool}: wall / CPU" for tool in tools) + " |")
    print("|---" * (len(tools) + 1) + "|")
    for step, by_tool in totals.items():
        cells = [f"{wall:.2f} s / {cpu:.2f} s" for wall, cpu in by_tool.values()]
        print(f"| {step} | " + " | ".join(cells) + " |")
    cells = [
        f"{1000 * statistics.median(s.wall for s in runs):.0f} ms / "
        f"{1000 * statistics.median(s.cpu for s in runs):.0f} ms"
        for runs in starts.values()
    ]
    print(f"| `--version`, median of {args.times} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    sys.exit(main())
