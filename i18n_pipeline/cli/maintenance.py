"""The commands that tidy a site's files: ``orphans`` and ``migrate-layout``.

``orphans`` lists (and removes) what sources that are gone left behind; ``migrate-layout``
moves catalogs from the flat layout to one per page path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from ..errors import ConfigError, PipelineError
from .common import (
    Context,
    finish,
    setup,
)

if TYPE_CHECKING:
    # Only classes here, never a module used at run time: a command that forgets its own
    # ``from .. import batch`` is then a mypy error, not a NameError at run time.
    pass


@click.command("migrate-layout")
@click.option("--check", is_flag=True, help="Move nothing; exit 1 if a catalog would move.")
@click.pass_context
def migrate_layout(ctx: click.Context, check: bool) -> None:
    """Move catalogs from the flat layout (one name per file stem) to one per page path.

    locales/templates/intro.pot becomes locales/templates/docs/intro.pot, and each
    language's PO file likewise; tracked files are moved with git mv.  Nothing is
    overwritten: a catalog whose new name is taken is left where it is, and named.
    """
    from ..layout import migrate

    context, config, files = setup(ctx)
    if not check:
        context.writing(config, files)
    try:
        moves = migrate(config, files, check=check)
    except PipelineError as error:
        context.fail(error)
        finish(context)
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
    finish(context)


@click.command("orphans")
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
    from .. import orphans
    from ..fileio import shown

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
        finish(context)
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
    finish(context)
