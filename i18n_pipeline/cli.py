"""The ``i18n-pipeline`` command: gathers options, calls :mod:`.project`, prints, exits.

This is the only module that knows about the terminal.  Each file is processed on its own:
an error in one is reported as ``file:line: error: …`` and the others still run; the exit
status is 1 if anything failed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TextIO

import click

from . import __version__, batch, project
from .catalog import validate_language
from .config import Config, find_config, load_config
from .errors import ConfigError, PipelineError
from .state import cache_dir

PROGRESS_MIN_SOURCES = 20  # shorter runs finish before a bar is worth drawing


class Context:
    """Shared state of one invocation: the config and the running error count."""

    def __init__(self, config_path: Path | None):
        self.config_path = config_path
        self.failures = 0

    def config(self, languages: Iterable[str] = ()) -> Config:
        path = self.config_path or find_config(Path.cwd())
        if path is not None:
            return load_config(path)
        return Config(root=Path.cwd().resolve(), languages=tuple(languages))

    def fail(self, error: PipelineError | str) -> None:
        self.failures += 1
        click.echo(f"error: {error}", err=True)


def _languages(config: Config, requested: tuple[str, ...]) -> list[str]:
    languages = [validate_language(code) for code in requested] or list(config.languages)
    if not languages:
        raise ConfigError("no language given: use --lang or set 'languages' in the config")
    return languages


def _sources(config: Config, given: tuple[Path, ...]) -> list[Path]:
    if given:
        sources: list[Path] = []
        for path in given:
            if path.is_dir():
                sources.extend(
                    p for p in sorted(path.rglob("*.md")) if not config.is_translation(p)
                )
            else:
                sources.append(path)
        return sources
    sources = config.find_sources()
    if not sources:
        raise ConfigError("no sources: name Markdown files or set 'sources' in the config")
    return sources


def _each(context: Context, sources: list[Path], action: Callable[[Path], None]) -> None:
    for source in sources:
        try:
            action(source)
        except PipelineError as error:
            if error.path is None:
                error.path = str(source)
            context.fail(error)


def progress_shown(stream: TextIO, count: int) -> bool:
    """A bar only for long runs, and only on a terminal: logs and pipes get plain lines."""
    try:
        return count >= PROGRESS_MIN_SOURCES and stream.isatty()
    except (AttributeError, ValueError):
        return False


def _run_batch(
    context: Context,
    config: Config,
    sources: list[Path],
    job: Callable[..., batch.Result],
    *,
    label: str,
    jobs: int | None,
    force: bool,
    incremental: bool = True,
    save: bool = True,
    on_outcome: Callable[[project.Outcome], None] | None = None,
    **options: object,
) -> None:
    """Run ``job`` over ``sources`` and report each outcome in source order.

    The state of previous runs is used only with a config file and the default outputs;
    ``--force`` ignores it.  With the bar on screen, lines are held back until it is done,
    so they do not tear it apart.
    """
    cache = cache_dir(config.root) if incremental and config.path is not None else None
    bound = partial(job, config, incremental=batch.Incremental(cache, force, save), **options)
    held: list[tuple[str, bool]] = []
    show_bar = progress_shown(sys.stderr, len(sources))

    def say(line: str, err: bool = False) -> None:
        if show_bar:
            held.append((line, err))
        else:
            click.echo(line, err=err)

    def report(result: batch.Result) -> None:
        for outcome in result.outcomes:
            say(str(outcome))
            for problem in outcome.problems:
                say(f"warning: {problem}", err=True)
            if on_outcome is not None:
                on_outcome(outcome)
        if result.error is not None:
            context.failures += 1
            say(f"error: {result.error}", err=True)

    results = batch.run(bound, sources, jobs or batch.default_jobs())
    if show_bar:
        with click.progressbar(results, length=len(sources), label=label, file=sys.stderr) as bar:
            for result in bar:
                report(result)
        for line, err in held:
            click.echo(line, err=err)
    else:
        for result in results:
            report(result)


def _finish(context: Context) -> None:
    if context.failures:
        click.echo(f"{context.failures} error(s)", err=True)
        raise SystemExit(1)


def _setup(
    ctx: click.Context, languages: tuple[str, ...] = (), sources: tuple[Path, ...] = ()
) -> tuple[Context, Config, list[Path]]:
    context: Context = ctx.obj
    try:
        requested = tuple(validate_language(code) for code in languages)
        config = context.config(requested)
        return context, config, _sources(config, sources)
    except PipelineError as error:
        context.fail(error)
        raise SystemExit(1) from error


sources_argument = click.argument(
    "sources", nargs=-1, type=click.Path(path_type=Path, dir_okay=True, exists=False)
)
jobs_option = click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Process N sources at a time (default: the number of cores; 1: in this process).",
)
force_option = click.option(
    "--force",
    is_flag=True,
    help="Redo every file, even those whose inputs did not change since the last run.",
)
language_option = click.option(
    "--lang",
    "-l",
    "languages",
    multiple=True,
    metavar="LANG",
    help="Language code (repeatable); default: the config's languages.",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="I18N_PIPELINE_CONFIG",
    help="Configuration file (default: i18n-pipeline.toml or pyproject.toml, searched upwards).",
)
@click.version_option(__version__, prog_name="i18n-pipeline")
@click.pass_context
def main(ctx: click.Context, config_path: Path | None) -> None:
    """Translate Markdown with gettext: extract, update, publish."""
    ctx.obj = Context(config_path)


@main.command()
@sources_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="POT file to write (one source only).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a template is out of date.")
@jobs_option
@force_option
@click.pass_context
def extract(
    ctx: click.Context,
    sources: tuple[Path, ...],
    output: Path | None,
    check: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Write the translation template (POT) of each source."""
    context, config, files = _setup(ctx, sources=sources)
    if output is not None and len(files) != 1:
        context.fail("--output needs exactly one source")
        _finish(context)

    def count_outdated(outcome: project.Outcome) -> None:
        if outcome.action == "outdated":
            context.failures += 1

    _run_batch(context, config, files, batch.extract_job, label="extract", jobs=jobs,
               force=force, incremental=output is None, save=not check,
               on_outcome=count_outdated, output=output, check=check)  # fmt: skip
    _finish(context)


@main.command()
@language_option
@sources_argument
@jobs_option
@force_option
@click.pass_context
def update(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    jobs: int | None,
    force: bool,
) -> None:
    """Create or merge each language's PO file from the current sources."""
    context, config, files = _setup(ctx, languages, sources)
    try:
        langs = _languages(config, languages)
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return
    _run_batch(context, config, files, batch.update_job, label="update", jobs=jobs,
               force=force, languages=tuple(langs))  # fmt: skip
    _finish(context)


@main.command()
@language_option
@sources_argument
@click.option(
    "--min-complete",
    type=click.FloatRange(0, 100),
    default=None,
    metavar="PCT",
    help="Skip pages translated less than PCT percent (default: config, else 80).",
)
@click.option(
    "--po",
    "catalog",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="PO file to use (one source and one language only).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Markdown file to write (one source and one language only).",
)
@jobs_option
@force_option
@click.pass_context
def publish(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    min_complete: float | None,
    catalog: Path | None,
    output: Path | None,
    jobs: int | None,
    force: bool,
) -> None:
    """Write the translated Markdown of each source for each language."""
    context, config, files = _setup(ctx, languages, sources)
    try:
        langs = _languages(config, languages)
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return
    if (catalog or output) and (len(files) != 1 or len(langs) != 1):
        context.fail("--po and --output need exactly one source and one language")
        _finish(context)

    _run_batch(context, config, files, batch.publish_job, label="publish", jobs=jobs,
               force=force, incremental=catalog is None and output is None,
               languages=tuple(langs), catalog=catalog, output=output,
               min_complete=min_complete)  # fmt: skip
    _finish(context)


if __name__ == "__main__":  # pragma: no cover
    main()
