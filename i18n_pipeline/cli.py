"""The ``i18n-pipeline`` command: gathers options, calls :mod:`.project`, prints, exits.

This is the only module that knows about the terminal.  Each file is processed on its own:
an error in one is reported as ``file:line: error: …`` and the others still run; the exit
status is 1 if anything failed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import click

from . import __version__, project
from .catalog import validate_language
from .config import Config, find_config, load_config
from .errors import ConfigError, PipelineError
from .memory import TranslationMemory


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
@click.pass_context
def extract(
    ctx: click.Context, sources: tuple[Path, ...], output: Path | None, check: bool
) -> None:
    """Write the translation template (POT) of each source."""
    context, config, files = _setup(ctx, sources=sources)
    if output is not None and len(files) != 1:
        context.fail("--output needs exactly one source")
        _finish(context)

    def run(source: Path) -> None:
        outcome = project.extract(config, source, output, check=check)
        click.echo(str(outcome))
        if outcome.action == "outdated":
            context.failures += 1

    _each(context, files, run)
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
@click.pass_context
def update(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    compendia: tuple[Path, ...],
    memory_threshold: float | None,
    no_memory: bool,
) -> None:
    """Create or merge each language's PO file from the current sources.

    Entries left untranslated are filled from the translation memory of the language
    (all its PO files, plus --compendium files): exact matches as translated, close ones
    as fuzzy.
    """
    context, config, files = _setup(ctx, languages, sources)
    try:
        langs = _languages(config, languages)
        if memory_threshold is not None:
            config = replace(config, memory_threshold=memory_threshold)
        memories = None if no_memory else _memories(context, config, langs, compendia)
    except PipelineError as error:
        context.fail(error)
        _finish(context)
        return

    def run(source: Path) -> None:
        for outcome in project.update(config, source, langs, memories=memories):
            click.echo(str(outcome))

    _each(context, files, run)
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
@click.pass_context
def publish(
    ctx: click.Context,
    languages: tuple[str, ...],
    sources: tuple[Path, ...],
    min_complete: float | None,
    catalog: Path | None,
    output: Path | None,
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

    def run(source: Path) -> None:
        for language in langs:
            outcome = project.publish(
                config,
                source,
                language,
                catalog_path=catalog,
                output=output,
                min_complete=min_complete,
            )
            click.echo(str(outcome))
            for problem in outcome.problems:
                click.echo(f"warning: {problem}", err=True)

    _each(context, files, run)
    _finish(context)


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
    context: Context = ctx.obj
    try:
        lang = validate_language(language)
        config = context.config((lang,))
        found = _memories(context, config, [lang], compendia)[lang]
        outcomes = project.export_memory(
            found, lang, po=output, tmx=tmx, source_language=validate_language(source_lang)
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
