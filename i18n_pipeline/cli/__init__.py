"""The ``i18n-pipeline`` command: gathers options, calls :mod:`..project`, prints, exits.

This is the only package that knows about the terminal.  Each file is processed on its own:
an error in one is reported as ``file:line: error: …`` and the others still run; the exit
status is 1 if anything failed.

The commands live by stage: :mod:`.pipeline` (extract, update, publish),
:mod:`.translations` (import, merge, memory), :mod:`.review` (check, verify, stats,
report), :mod:`.maintenance` (orphans, migrate-layout) and :mod:`.resident` (the server);
:mod:`.common` holds what they share.  This module is the group, :func:`main`, which
:mod:`..launch` (the console script's entry point) runs.  Importing the package imports
click and nothing heavy: each command imports the stages it runs when it runs
(tests/test_startup.py).
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from . import maintenance, pipeline, resident, review, translations
from .common import Context

__all__ = ["main"]

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


for _command in (
    pipeline.extract,
    pipeline.update,
    pipeline.publish,
    translations.import_,
    translations.merge_command,
    translations.memory,
    review.check,
    review.verify,
    review.stats_command,
    review.report_command,
    maintenance.orphans_command,
    maintenance.migrate_layout,
    resident.server,
):
    main.add_command(_command)
