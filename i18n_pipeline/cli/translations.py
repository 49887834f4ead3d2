"""The commands that bring translations in and out: ``import``, ``merge`` and ``memory``.

``import`` turns human translations made before the pipeline into PO files, ``merge``
takes a translator's PO file made against any version of a source, and ``memory``
exports a language's translation memory (compendium PO, TMX).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import PipelineError
from .common import (
    Context,
    compendium_option,
    each_source,
    finish,
    language_keys,
    language_option,
    report_outcome,
    setup,
    source_files,
    sources_argument,
)

if TYPE_CHECKING:
    # Only classes here, never a module used at run time: a command that forgets its own
    # ``from .. import batch`` is then a mypy error, not a NameError at run time.
    from ..config import Config
    from ..memory import TranslationMemory


def _memories(
    context: Context, config: Config, languages: list[str], compendia: tuple[Path, ...]
) -> dict[str, TranslationMemory]:
    from .. import project

    memories = {}
    for language in languages:
        memory = project.load_memory(config, language, compendia)
        for problem in memory.problems:
            click.echo(f"warning: translation memory skips {problem}", err=True)
        memories[language] = memory
    return memories


def _language_of(path: Path) -> str | None:
    """``issue.de.md`` → ``de``; None when the name does not say."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) >= 3 else None


@click.command("import")
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
    from .. import project

    context: Context = ctx.obj
    if everything:
        if files or catalog:
            context.fail("--all takes no files and no --po")
            finish(context)
        context, config, _ = setup(ctx, languages)
        try:
            langs = language_keys(config, languages)
        except PipelineError as error:
            context.fail(error)
            finish(context)
            return
        try:
            pairing = project.pair_translations(config, langs)
        except PipelineError as error:
            context.fail(error)
            finish(context)
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
                report_outcome(outcome)

        each_source(context, list(pairs), run_all)
        for path, reason in pairing.unmatched:
            click.echo(f"not imported: {config.reference(path)}: {reason}", err=True)
        skipped = actions.count("skipped")  # our own published pages
        summary = f"{len(actions) - skipped} translation(s) imported"
        if skipped:
            summary += f", {skipped} generated page(s) skipped"
        click.echo(f"{summary}, {len(pairing.unmatched)} file(s) not imported", err=True)
        finish(context)
        return
    if len(files) != 2:
        context.fail("give SOURCE.md and TRANSLATED.md, or --all")
        finish(context)
    source, translated = files
    guessed = _language_of(translated)
    if len(languages) > 1 or not (languages or guessed):
        context.fail(f"give one --lang for {translated} (its name does not say)")
        finish(context)
    context, config, _ = setup(ctx, languages or (guessed or "",), (source,))
    context.writing(config, [source])

    def run(path: Path) -> None:
        language = config.language(languages[0] if languages else guessed or "").key
        report_outcome(
            project.import_file(config, path, translated, language, catalog_path=catalog)
        )

    each_source(context, [source], run)
    finish(context)


@click.command("merge")
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
    from .. import project

    context: Context = ctx.obj
    if len(sources) > 1:
        context.fail("merge takes one contributed PO file and at most one source")
        finish(context)
    try:
        config = context.config((language,))
        code = config.language(language).key
        source = source_files(config, sources)[0] if sources else None
        context.writing(config, [source] if source is not None else [])
        outcome, _ = project.contribute(config, contributed, code, source)
    except PipelineError as error:
        context.fail(error)
        finish(context)
        return
    click.echo(str(outcome))
    for problem in outcome.problems:
        click.echo(f"rejected: {problem}", err=True)


@click.command()
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
    from .. import project
    from ..languages import gettext_locale

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
        finish(context)
        return
    if not outcomes:
        click.echo(f"{len(found)} translations from {found.catalogs} catalogs")
    for outcome in outcomes:
        click.echo(str(outcome))
    finish(context)
