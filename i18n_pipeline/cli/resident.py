"""The ``server`` commands: start, stop and ask after the resident server.

The server itself is :mod:`..server`; the console script's launcher (:mod:`..launch`) is what
hands commands to it.  These commands always run in their own process, never forwarded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.group()
def server() -> None:
    """Keep a resident server that runs commands without starting Python's imports anew.

    One-file runs (an editor, a pre-commit hook) then cost little more than Python's start.
    Linux only; see docs/server.md.
    """


@server.command("start")
@click.option(
    "--idle-timeout",
    type=click.FloatRange(min=0),
    default=3600,
    show_default=True,
    help="Seconds without a command before the server exits (0: never).",
)
@click.option("--foreground", is_flag=True, help="Serve in this process until stopped.")
def server_start(idle_timeout: float, foreground: bool) -> None:
    """Start this environment's server (a running one of older code is replaced)."""
    from .. import server as resident
    from ..launch import socket_path

    if not resident.supported():
        raise click.ClickException("the server needs Unix sockets with SO_PEERCRED (Linux)")
    try:
        if foreground:
            resident.run_foreground(idle_timeout, ready=sys.stdout)
            return
        line = resident.start_daemon(idle_timeout, Path(socket_path()).with_suffix(".log"))
    except resident.ServerError as error:
        raise click.ClickException(str(error)) from error
    _ready, pid, path = line.split(" ", 2)
    click.echo(f"server started: pid {pid}, socket {path}")


@server.command("stop")
def server_stop() -> None:
    """Stop this environment's server, if one runs."""
    from .. import server as resident

    click.echo("server stopped" if resident.query("stop") else "no server running")


@server.command("status")
def server_status() -> None:
    """Say whether this environment's server runs (exit 1 if not)."""
    from .. import server as resident

    answer = resident.query("status")
    if answer is None:
        click.echo("no server running")
        raise SystemExit(1)
    click.echo(f"server running: {answer.removeprefix('status ')}")
