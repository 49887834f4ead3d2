"""What every command shares: the invocation's state, its sources and languages, batches.

:class:`Context` holds the config, the running error count and the site's lock; the
helpers choose the sources and languages a command works on, run a job over them (with a
progress bar on a terminal) and report each outcome; the options several commands take
are defined once here.  The command modules then hold only their options and messages,
and there is one way a command reports an error and chooses its exit status.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from ..errors import ConfigError, PipelineError

if TYPE_CHECKING:
    # Each command imports the stages it runs, when it runs: ``--version``, ``--help`` and a
    # one-file run in an editor or a pre-commit hook start Python for every call, and the
    # parser, the catalog code, Babel, translate-toolkit and the process pool cost more to
    # import than a small page costs to process.  tests/test_startup.py keeps it so.
    # Only classes here, never a module used at run time: a command that forgets its own
    # ``from .. import batch`` is then a mypy error, not a NameError at run time.
    from ..batch import Result
    from ..config import Config
    from ..lock import SiteLock
    from ..project import Outcome

PROGRESS_MIN_SOURCES = 20  # shorter runs finish before a bar is worth drawing


class Context:
    """Shared state of one invocation: the config and the running error count."""

    def __init__(self, config_path: Path | None):
        self.config_path = config_path
        self.failures = 0
        self.lock: SiteLock | None = None  # taken by :meth:`writing`

    def config(self, languages: Iterable[str] = ()) -> Config:
        """The config file's settings (or the defaults), with the languages ``languages``
        name added when the file does not have them."""
        from ..config import Config, find_config, load_config

        path = self.config_path or find_config(Path.cwd())
        config = load_config(path) if path is not None else Config(root=Path.cwd().resolve())
        return config.with_languages(languages)

    def fail(self, error: PipelineError | str) -> None:
        self.failures += 1
        if isinstance(error, PipelineError) and error.path is not None:
            from ..fileio import shown

            error.path = shown(error.path)
        click.echo(f"error: {error}", err=True)

    def writing(self, config: Config, sources: Iterable[Path] = ()) -> None:
        """Take the site's lock before writing anything (see :mod:`.lock`), once per command.

        Only a site with a config file has a lock.  Holding it, no other run of ours is
        writing, so temporary files of ours left in the site's folders by a killed run are
        removed.  A lock still held after the wait is this command's error.
        """
        if config.path is None or self.lock is not None:
            return
        from ..fileio import remove_stale_temps, shown
        from ..lock import SiteLock
        from ..state import cache_dir

        lock = SiteLock(cache_dir(config.root))

        def say_waiting(holder: str) -> None:
            click.echo(f"waiting for another run to finish: {holder}", err=True)

        try:
            missing = lock.acquire(on_wait=say_waiting)
        except PipelineError as error:
            self.fail(error)
            finish(self)
        if missing is not None:
            click.echo(f"warning: running without the site's lock: {missing}", err=True)
            return
        self.lock = lock
        click.get_current_context().call_on_close(self._release)
        for path in remove_stale_temps(_site_folders(config, sources)):
            click.echo(f"removed {shown(path)}, left by an interrupted run", err=True)

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def _site_folders(config: Config, sources: Iterable[Path]) -> list[Path]:
    """The folders where a run writes: the locales tree, the cache, and the sources' and
    their pages' folders."""
    from ..state import cache_dir

    folders: set[Path] = set()
    for base in (config.locales_dir, cache_dir(config.root)):
        if base.is_dir():
            folders.update(Path(top) for top, _, _ in os.walk(base))
    for source in sources:
        folders.add(source.parent)
        pages = config.output_paths(source, config.keys).values()
        folders.update(page.parent for page in pages)
    return sorted(folders)


def language_keys(config: Config, requested: tuple[str, ...]) -> list[str]:
    """The keys of the languages to work on: ``--lang`` (a key or a locale), else the config's."""
    languages = [config.language(code).key for code in requested] or list(config.keys)
    if not languages:
        raise ConfigError("no language given: use --lang or set 'languages' in the config")
    return languages


def source_files(config: Config, given: tuple[Path, ...]) -> list[Path]:
    if given:
        sources: list[Path] = []
        for path in given:
            if path.is_dir():
                sources.extend(
                    p for p in sorted(path.rglob("*.md")) if not config.is_translation(p)
                )
            else:
                sources.append(path)
        from ..config import check_distinct

        check_distinct(config, sources)
        return sources
    sources = config.find_sources()
    if not sources:
        raise ConfigError("no sources: name Markdown files or set 'sources' in the config")
    return sources


def each_source(context: Context, sources: Iterable[Path], action: Callable[[Path], None]) -> None:
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


def run_batch(
    context: Context,
    config: Config,
    sources: list[Path],
    job: Callable[..., Result],
    *,
    label: str,
    jobs: int | None,
    force: bool,
    incremental: bool = True,
    save: bool = True,
    on_outcome: Callable[[Outcome], None] | None = None,
    **options: object,
) -> None:
    """Run ``job`` over ``sources`` and report each outcome in source order.

    The state of previous runs is used only with a config file and the default outputs;
    ``--force`` ignores it.  With the bar on screen, lines are held back until it is done,
    so they do not tear it apart.
    """
    from .. import batch

    if save:
        context.writing(config, sources)
    cache = run_cache(config) if incremental else None
    bound = partial(job, config, incremental=batch.Incremental(cache, force, save), **options)
    held: list[tuple[str, bool]] = []
    show_bar = progress_shown(sys.stderr, len(sources))

    def say(line: str, err: bool = False) -> None:
        if show_bar:
            held.append((line, err))
        else:
            click.echo(line, err=err)

    def show(result: Result) -> None:
        for outcome in result.outcomes:
            if outcome.error is not None:
                context.failures += 1
                say(f"error: {outcome.error}", err=True)
                continue
            say(str(outcome))
            for problem in outcome.problems:
                say(f"warning: {problem}", err=True)
            for bad_input in outcome.errors:  # a finding: ``file:line: error: [check] …``
                context.failures += 1
                say(bad_input, err=True)
            if on_outcome is not None:
                on_outcome(outcome)
        if result.error is not None:
            context.failures += 1
            say(f"error: {result.error}", err=True)

    results = batch.run(bound, sources, jobs or batch.default_jobs())
    if show_bar:
        with click.progressbar(results, length=len(sources), label=label, file=sys.stderr) as bar:
            for result in bar:
                show(result)
        for line, err in held:
            click.echo(line, err=err)
    else:
        for result in results:
            show(result)


def finish(context: Context) -> None:
    if context.failures:
        click.echo(f"{context.failures} error(s)", err=True)
        raise SystemExit(1)


def setup(
    ctx: click.Context, languages: tuple[str, ...] = (), sources: tuple[Path, ...] = ()
) -> tuple[Context, Config, list[Path]]:
    context: Context = ctx.obj
    try:
        config = context.config(languages)
        return context, config, source_files(config, sources)
    except PipelineError as error:
        context.fail(error)
        raise SystemExit(1) from error


def setup_languages(
    ctx: click.Context, languages: tuple[str, ...], sources: tuple[Path, ...]
) -> tuple[Context, Config, list[Path], list[str]]:
    """:func:`setup`, plus the languages to work on (``--lang``, else the config's)."""
    context, config, files = setup(ctx, languages, sources)
    try:
        return context, config, files, language_keys(config, languages)
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
    help="Language: the site's key (pt-br) or its locale (pt_BR); repeatable; default: the"
    " config's languages.",
)


compendium_option = click.option(
    "--compendium",
    "compendia",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="PO file of extra translations for the translation memory (repeatable).",
)


def run_cache(config: Config) -> Path | None:
    """Where the state of earlier runs is kept: only with a config file."""
    from ..state import cache_dir

    return cache_dir(config.root) if config.path is not None else None


def report_outcome(outcome: Outcome) -> None:
    click.echo(str(outcome))
    for problem in outcome.problems:
        click.echo(f"warning: {problem}", err=True)
