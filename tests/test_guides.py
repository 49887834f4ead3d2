"""What the guides and the README quote is what the tool prints and writes.

The guides (docs/editors-guide.md, docs/translators-guide.md) follow the January 2021 issue
through a month, as ``docs/walkthrough.sh`` replays it in a scratch site: the script runs here,
and every block the guides quote must be found in what it printed (``$ command`` and its
output, or lines of ``grep`` output) or in the files it left.  The README and docs/stats.md
quote the sample site after ``make demo``: its commands are replayed here on a copy of the
sample site, and their blocks are found the same way.

A quoted block matches line for line.  What it may leave out is marked: a line ``…`` (or
``...``) stands for lines left out, and a line ending in `` …`` for the rest of that line.
Nothing else is tolerated; dates in PO headers, the only thing that varies between runs, are
not quoted.  A block that is not output (configuration to write, an example of a heading)
is named in NOT_OUTPUT with the reason.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
WALKTHROUGH_DOCS = ["docs/editors-guide.md", "docs/translators-guide.md"]
SAMPLE_SITE_DOCS = ["README.md", "docs/stats.md"]
#: Block languages that are input to type or write, not output to compare.
INPUT_LANGUAGES = {"sh", "toml", "json", "yaml"}
#: Blocks that show something other than output: (file, start of the first line) → why.
NOT_OUTPUT = {
    ("docs/editors-guide.md", "## Helft uns, den Newsletter"): "an example of a heading to write",
    ("docs/translators-guide.md", "locales/templates/"): "the layout of the files, with notes",
    ("README.md", "<page>.md ──parse──▶"): "a diagram of the workflow",
    ("docs/stats.md", '{"version": 1,'): "the shape of the JSON, with comments",
}
ELISION = ("…", "...")
GREP_PREFIX = re.compile(r"\d+[-:]")


@dataclass
class Run:
    """One ``$ command`` of a log and what it printed (stdout and stderr, in order)."""

    command: str
    output: list[str] = field(default_factory=list)


@dataclass
class Transcript:
    runs: list[Run]
    lines: list[str]  # every line of the log and of the files left, for other blocks


def parse_log(text: str) -> list[Run]:
    """The ``$ command`` … ``[exit N]`` runs of a log written by walkthrough.sh's ``run``."""
    runs: list[Run] = []
    current: Run | None = None
    for line in text.split("\n"):
        if line.startswith("$ "):
            current = Run(line[2:])
            runs.append(current)
        elif current is not None and re.fullmatch(r"\[exit \d+\]", line):
            current = None
        elif current is not None:
            current.output.append(line)
    return runs


def _text_lines(*folders: Path) -> list[str]:
    lines: list[str] = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if (
                path.is_file()
                and ".git" not in path.parts
                and ".i18n-pipeline-cache" not in path.parts
            ):
                lines += ["", *path.read_text(encoding="utf-8", errors="replace").split("\n")]
    return lines


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "COLUMNS": "100",
    }


@pytest.fixture(scope="module")
def walkthrough(tmp_path_factory: pytest.TempPathFactory) -> Transcript:
    site = tmp_path_factory.mktemp("walkthrough") / "docsite"
    done = subprocess.run(
        ["bash", str(ROOT / "docs" / "walkthrough.sh"), str(site)],
        capture_output=True,
        text=True,
        timeout=300,
        env=_env(),
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    log = done.stdout.replace(str(site), "/tmp/docsite")
    return Transcript(parse_log(log), log.split("\n") + _text_lines(site, Path(f"{site}-2")))


def demo_commands() -> list[list[str]]:
    """The i18n-pipeline commands of ``make demo``, as the Makefile runs them."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    languages = re.search(r"^LANGS \?= (.+)$", makefile, re.M)
    assert languages is not None
    options = " ".join(f"--lang {lang}" for lang in languages.group(1).split())
    commands = []
    for line in recipe.split("\n")[1:]:
        line = line.strip().replace("$(BIN)/", "").replace("$(LANG_OPTS)", options)
        commands.append(shlex.split(line))
    assert commands and all(command[0] == "i18n-pipeline" for command in commands), commands
    return commands


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Transcript:
    """``make demo`` on a fresh copy of the sample site, then the other quoted commands."""
    site = tmp_path_factory.mktemp("sample")
    shutil.copytree(ROOT / "content", site / "content")
    shutil.copytree(ROOT / "locales", site / "locales")
    shutil.copy(ROOT / "i18n-pipeline.toml", site)
    for page in (site / "content").rglob("*.md"):  # pages an earlier `make demo` published
        if re.search(r"\.(de|fr)\.md$", page.name):
            page.unlink()
    runs: list[Run] = []

    def run(command: list[str]) -> None:
        done = subprocess.run(
            command,
            cwd=site,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,  # interleaved, as on a terminal and in walkthrough.sh
            text=True,
            timeout=300,
            env={**_env(), "PYTHONUNBUFFERED": "1"},
            check=False,
        )
        runs.append(Run(shlex.join(command), done.stdout.rstrip("\n").split("\n")))

    for command in demo_commands():
        run(command)
    done = {r.command for r in runs}
    for name in SAMPLE_SITE_DOCS:
        for block in quoted_blocks(name):
            for quoted in parse_log(block.text):
                if quoted.command not in done:
                    run(shlex.split(quoted.command))
                    done.add(quoted.command)
    lines = [line for r in runs for line in [f"$ {r.command}", *r.output]]
    return Transcript(runs, lines + _text_lines(site))


@dataclass
class Block:
    file: str
    line: int
    info: str
    text: str
    site: str = ""  # the info string's second word: a test site under tests/data it quotes

    @property
    def is_console(self) -> bool:
        return self.text.startswith("$ ")


@cache
def quoted_blocks(name: str) -> list[Block]:
    tokens = MarkdownIt("commonmark").parse((ROOT / name).read_text(encoding="utf-8"))
    blocks = []
    for token in tokens:
        if token.type not in ("fence", "code_block") or token.map is None:
            continue
        info, _, site = token.info.strip().partition(" ")
        first = token.content.split("\n", 1)[0]
        if info in INPUT_LANGUAGES or any(
            name == file and first.startswith(start) for file, start in NOT_OUTPUT
        ):
            continue
        blocks.append(Block(name, token.map[0] + 1, info, token.content.rstrip("\n"), site.strip()))
    return blocks


def _line_matches(quoted: str, actual: str) -> bool:
    if quoted.endswith(" …"):
        return actual.startswith(quoted[:-2])
    return quoted == actual or quoted == GREP_PREFIX.sub("", actual, count=1) != actual


def _chunks(lines: list[str]) -> list[list[str]]:
    """The runs of lines between elisions."""
    chunks: list[list[str]] = [[]]
    for line in lines:
        if line.strip() in ELISION:
            chunks.append([])
        else:
            chunks[-1].append(line)
    return [chunk for chunk in chunks if chunk]


def _found(chunk: list[str], lines: list[str]) -> bool:
    return any(
        all(
            _line_matches(q, a)
            for q, a in zip(chunk, lines[start : start + len(chunk)], strict=True)
        )
        for start in range(len(lines) - len(chunk) + 1)
    )


def _output_matches(quoted: list[str], actual: list[str]) -> bool:
    """Line for line; an elision line stands for any number of lines (none included)."""
    chunks = _chunks(quoted)
    if not chunks:
        return not actual or quoted[0].strip() in ELISION
    opens = quoted[0].strip() in ELISION
    closes = quoted[-1].strip() in ELISION
    position = 0
    for number, chunk in enumerate(chunks):
        last = number == len(chunks) - 1
        starts = range(position, len(actual) - len(chunk) + 1)
        if number == 0 and not opens:
            starts = range(0, min(1, len(starts)))
        if last and not closes:
            starts = range(len(actual) - len(chunk), len(actual) - len(chunk) + 1)
            if starts.start < position:
                return False
        found = next(
            (s for s in starts if all(map(_line_matches, chunk, actual[s : s + len(chunk)]))),
            None,
        )
        if found is None or (number == 0 and not opens and found != 0):
            return False
        position = found + len(chunk)
    return True


def mismatch(block: Block, transcript: Transcript) -> str | None:
    """None if ``block`` is found in the transcript, else what was looked for."""
    if not block.is_console:
        missing = [c for c in _chunks(block.text.split("\n")) if not _found(c, transcript.lines)]
        return None if not missing else "not found:\n" + "\n".join(missing[0])
    quoted = parse_log(block.text)
    runs = transcript.runs
    for start in range(len(runs) - len(quoted) + 1):
        candidates = runs[start : start + len(quoted)]
        if all(
            q.command == r.command and _output_matches(q.output, r.output)
            for q, r in zip(quoted, candidates, strict=True)
        ):
            return None
    printed = [
        "\n".join([f"$ {r.command}", *r.output]) for r in runs if r.command == quoted[0].command
    ]
    return f"no run of `{quoted[0].command}` printed this; the runs printed:\n" + "\n---\n".join(
        printed
    )


def _ids(blocks: list[Block]) -> list[str]:
    return [f"{b.file}:{b.line}" for b in blocks]


GUIDE_BLOCKS = [block for name in WALKTHROUGH_DOCS for block in quoted_blocks(name)]
SAMPLE_BLOCKS = [b for name in SAMPLE_SITE_DOCS for b in quoted_blocks(name) if not b.site]
#: Blocks tagged with a test site (```console site-xmpp): its commands, replayed in order
#: on a fresh copy of tests/data/<site>, are what they quote.
SITE_BLOCKS = [b for name in SAMPLE_SITE_DOCS for b in quoted_blocks(name) if b.site]


@pytest.fixture(scope="module")
def test_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Transcript]:
    transcripts = {}
    for name in sorted({block.site for block in SITE_BLOCKS}):
        site = tmp_path_factory.mktemp("site") / name
        shutil.copytree(ROOT / "tests" / "data" / name, site)
        runs: list[Run] = []
        for block in SITE_BLOCKS:
            for quoted in parse_log(block.text) if block.site == name else ():
                done = subprocess.run(
                    shlex.split(quoted.command),
                    cwd=site,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                    timeout=300,
                    env={**_env(), "PYTHONUNBUFFERED": "1"},
                    check=False,
                )
                runs.append(Run(quoted.command, done.stdout.rstrip("\n").split("\n")))
        lines = [line for r in runs for line in [f"$ {r.command}", *r.output]]
        transcripts[name] = Transcript(runs, lines + _text_lines(site))
    return transcripts


@pytest.mark.parametrize("block", GUIDE_BLOCKS, ids=_ids(GUIDE_BLOCKS))
def test_guides_quote_the_walkthrough(block: Block, walkthrough: Transcript) -> None:
    problem = mismatch(block, walkthrough)
    assert problem is None, f"{block.file}:{block.line} quotes\n{block.text}\n\n{problem}"


@pytest.mark.parametrize("block", SAMPLE_BLOCKS, ids=_ids(SAMPLE_BLOCKS))
def test_readme_quotes_the_sample_site(block: Block, sample_site: Transcript) -> None:
    problem = mismatch(block, sample_site)
    assert problem is None, f"{block.file}:{block.line} quotes\n{block.text}\n\n{problem}"


@pytest.mark.parametrize("block", SITE_BLOCKS, ids=_ids(SITE_BLOCKS))
def test_readme_quotes_its_test_sites(block: Block, test_sites: dict[str, Transcript]) -> None:
    problem = mismatch(block, test_sites[block.site])
    assert problem is None, f"{block.file}:{block.line} quotes\n{block.text}\n\n{problem}"


def test_the_documents_quote_something() -> None:
    """The lists above still name real files with console blocks in them."""
    assert sum(block.is_console for block in GUIDE_BLOCKS) >= 13
    assert sum(block.is_console for block in SAMPLE_BLOCKS) >= 2
    assert sum(block.is_console for block in SITE_BLOCKS) >= 1


def test_a_changed_output_is_caught() -> None:
    """The matching is not lenient: one changed character, a missing or an extra line fail."""
    transcript = Transcript(
        [Run("i18n-pipeline publish", ["written   a.de.md (100% translated)", "warning: x"])],
        ['msgid "a"', 'msgstr "b"', '12:msgid "c"'],
    )

    def check(text: str) -> bool:
        return mismatch(Block("x.md", 1, "", text), transcript) is None

    assert check("$ i18n-pipeline publish\nwritten   a.de.md (100% translated)\nwarning: x")
    assert check("$ i18n-pipeline publish\nwritten   a.de.md (100% translated)\n…")
    assert check("$ i18n-pipeline publish\nwritten   a.de.md (100% …\nwarning: x")
    assert not check("$ i18n-pipeline publish\nwritten   a.de.md (99% translated)\nwarning: x")
    assert not check("$ i18n-pipeline publish\nwritten   a.de.md (100% translated)")
    assert not check("$ i18n-pipeline publish --lang de\nwritten   a.de.md (100% translated)\n…")
    assert check('msgid "a"\nmsgstr "b"')
    assert check('msgid "c"')  # grep -n's prefix
    assert not check('msgid "a"\nmsgstr "c"')
