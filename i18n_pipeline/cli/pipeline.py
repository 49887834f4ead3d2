"""The commands of the pipeline's stages: ``extract``, ``update`` and ``publish``.

Each runs its job (:mod:`..batch`) over the sources, in parallel with ``-j`` and skipping
what did not change since the last run; ``update`` then fills empty entries from the
translation memory, once per language.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import PipelineError
from .common import (
    compendium_option,
    finish,
    force_option,
    jobs_option,
    language_option,
    run_batch,
    run_cache,
    setup,
    setup_languages,
    sources_argument,
)

if TYPE_CHECKING:
    # Only classes here, never a module used at run time: a command that forgets its own
    # ``from .. import batch`` is then a mypy error, not a NameError at run time.
    from ..project import Outcome


@click.command()
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
    from .. import batch

    context, config, files = setup(ctx, sources=sources)
    if output is not None and len(files) != 1:
        context.fail("--output needs exactly one source")
        finish(context)

    def count_outdated(outcome: Outcome) -> None:
        if outcome.action == "outdated":
            context.failures += 1

    run_batch(context, config, files, batch.extract_job, label="extract", jobs=jobs,
               force=force, incremental=output is None, save=not check,
               on_outcome=count_outdated, output=output, check=check)  # fmt: skip
    finish(context)


@click.command()
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
    from .. import batch

    context, config, files, langs = setup_languages(ctx, languages, sources)
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

    run_batch(context, config, files, batch.update_job, label="update", jobs=jobs,
               force=force, languages=tuple(langs), on_outcome=note_empty)  # fmt: skip
    if not no_memory:
        incremental = batch.Incremental(run_cache(config), force)
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
    finish(context)


@click.command()
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
    from .. import batch, project

    context, config, files, langs = setup_languages(ctx, languages, sources)
    if (catalog or output) and (len(files) != 1 or len(langs) != 1):
        context.fail("--po and --output need exactly one source and one language")
        finish(context)

    try:
        refused_titles = project.title_refusals(config, langs)
    except PipelineError as error:
        context.fail(error)
        finish(context)
    run_batch(context, config, files, batch.publish_job, label="publish", jobs=jobs,
               force=force, incremental=catalog is None and output is None,
               languages=tuple(langs), catalog=catalog, output=output,
               min_complete=min_complete, refused_titles=refused_titles)  # fmt: skip
    finish(context)
