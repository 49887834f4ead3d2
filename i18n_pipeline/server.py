"""The resident server: a process with everything loaded that forks a worker per command.

Why: see :mod:`.launch`, the client.  How: the server imports every stage and runs a small
extract, update and publish on a sample page (so lazily built parsers, compiled patterns and
caches exist too), then listens on a Unix socket in a folder only its user can enter.  For
each request it checks the peer's user id and the client's code fingerprint, then forks.  The
worker takes the client's terminal (the three file descriptors the client passed), working
folder, environment (time zone included), umask and arguments, and runs the ordinary
:func:`i18n_pipeline.cli.main` in its own process group (the client relays Ctrl-C to it).
Forking per command, rather than running commands in the server, means no state of one run
(a lock, a cache, an open file, a changed global) can reach the next: each worker starts
from the same loaded, never-used-for-real state, as a fresh process would.

This is ours and not a library's: nailgun-like fork servers exist for the JVM and for Node,
and Python's ``multiprocessing.forkserver`` forks workers for a pool, not for a command line
that owns a terminal.  Linux (and any system with ``SO_PEERCRED``) only; elsewhere the
command always runs in its own process.
"""

from __future__ import annotations

import atexit
import gc
import importlib
import io
import os
import select
import signal
import socket
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from .launch import PROTOCOL, code_fingerprint, connect, encode_fields, private_dir, socket_path

#: Seconds without a request after which the server exits (0: never).
DEFAULT_IDLE_TIMEOUT = 3600
SAMPLE_PAGE = """\
---
title: "Warm-up page"
description: A sample with what the stages meet on a real page.
tags: [sample]
---

# Warm-up {#warm-up}

A paragraph with a [link](https://example.org/a "title"), an ![image](/images/a.png),
`code`, *emphasis*, **strong**, a footnote[^1] and https://example.org/bare.

{{< figure src="/images/b.png" caption="A caption" >}}

- [ ] a task
- an item with <abbr>HTML</abbr>

| a | b |
|---|---|
| c | d |

> [!NOTE]
> An alert.

Term
: Definition.

```go
fmt.Println("kept")
```

[^1]: The footnote.
"""


def supported() -> bool:
    """Whether this system has what the server and its clients need."""
    return hasattr(socket, "AF_UNIX") and hasattr(socket, "SO_PEERCRED") and hasattr(os, "fork")


class ServerError(Exception):
    """The server cannot start (its folder is not private, or one already runs)."""


@dataclass
class Request:
    """One ``run`` request, decoded."""

    fingerprint: bytes
    cwd: bytes
    umask: int
    encodings: list[tuple[str, str]]
    argv: list[str]
    environment: dict[bytes, bytes] = field(default_factory=dict)


def decode_request(fields: list[bytes]) -> Request | str:
    """The request ``fields`` carry, or the plain command (``stop``, ``status``)."""
    if len(fields) < 3 or fields[0] != PROTOCOL:
        raise ValueError("not a request of this protocol")
    kind = fields[1].decode()
    if kind != "run":
        return kind
    fingerprint, cwd, umask = fields[2], fields[3], int(fields[4])
    encodings = [(fields[i].decode(), fields[i + 1].decode()) for i in (5, 7, 9)]
    count = int(fields[11])
    argv = [os.fsdecode(argument) for argument in fields[12 : 12 + count]]
    environment = {}
    for item in fields[12 + count :]:
        name, _, value = item.partition(b"=")
        environment[name] = value
    return Request(fingerprint, cwd, umask, encodings, argv, environment)


def _read_request(connection: socket.socket) -> tuple[list[bytes], list[int]]:
    """The fields of one message and the file descriptors sent with it."""
    data, fds, _flags, _address = socket.recv_fds(connection, 65536, 3)
    while len(data) < 4 or len(data) < 4 + int.from_bytes(data[:4], "big"):
        chunk = connection.recv(65536)
        if not chunk:
            for fd in fds:
                os.close(fd)
            raise ValueError("the request ended early")
        data += chunk
    length = int.from_bytes(data[:4], "big")
    return data[4 : 4 + length].split(b"\0"), fds


def _peer_is_us(connection: socket.socket) -> bool:
    credentials = connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
    return int.from_bytes(credentials[4:8], sys.byteorder) == os.getuid()


def _standard_streams(encodings: list[tuple[str, str]]) -> None:
    """New ``sys.stdin``/``stdout``/``stderr`` on descriptors 0-2, as Python makes them at
    start: the client's encodings, stdout line-buffered on a terminal, stderr always."""
    (in_enc, in_err), (out_enc, out_err), (err_enc, err_err) = encodings

    def text(
        fd: int, mode: str, encoding: str, errors: str, line_buffering: bool
    ) -> io.TextIOWrapper:
        binary = open(fd, mode + "b", closefd=False)  # noqa: SIM115 - lives as long as the worker
        return io.TextIOWrapper(
            binary, encoding=encoding, errors=errors or None, line_buffering=line_buffering
        )

    sys.stdin = text(0, "r", in_enc, in_err, False)
    sys.stdout = text(1, "w", out_enc, out_err, os.isatty(1))
    sys.stderr = text(2, "w", err_enc, err_err, True)


def _exit_status(code: object) -> int:
    """What ``sys.exit(code)`` makes the process's status (a message goes to stderr)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    print(code, file=sys.stderr)
    return 1


def _work(connection: socket.socket, request: Request, fds: list[int]) -> None:
    """In the forked worker: become the client's command, run it, report its status."""
    os.setpgid(0, 0)
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Python's: KeyboardInterrupt
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    connection.sendall(b"pid %d\n" % os.getpid())
    status = 1
    try:
        os.chdir(request.cwd)
        os.environb.clear()
        os.environb.update(request.environment)
        time.tzset()
        tempfile.tempdir = None  # chosen from the server's TMPDIR at warm-up
        os.umask(request.umask)
        _standard_streams(request.encodings)
        sys.argv = request.argv
        from .cli import main

        main()
        status = 0
    except SystemExit as exit_:
        status = _exit_status(exit_.code)
    except BaseException:
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
        except BaseException:  # a closed pipe: the status still goes back
            pass
        try:
            connection.sendall(b"exit %d\n" % status)
        finally:
            os._exit(0)


def warm_up() -> None:
    """Import every module of the package, and run the main stages once on :data:`SAMPLE_PAGE`
    in a scratch site (so lazily built parsers and patterns exist too); build
    the PO writer's line-breaking patterns for every character, once for all workers."""
    import pkgutil

    from .cli import main
    from .powrap_simple import cover_everything

    package = __name__.rpartition(".")[0]
    for module in pkgutil.walk_packages(sys.modules[package].__path__, f"{package}."):
        if not module.name.endswith(".__main__"):  # that one would run the command
            importlib.import_module(module.name)
    cover_everything()

    with tempfile.TemporaryDirectory(prefix="i18n-pipeline-warm-up-") as scratch:
        site = Path(scratch)
        (site / "content").mkdir()
        (site / "content" / "page.md").write_text(SAMPLE_PAGE, encoding="utf-8")
        # The same page with TOML front matter, whose patterns are built on first use too.
        body = SAMPLE_PAGE.split("---\n", 2)[2]
        toml = '+++\ntitle = "Warm-up page"\ntags = ["sample"]\n+++\n'
        (site / "content" / "toml.md").write_text(toml + body, encoding="utf-8")
        config = site / "i18n-pipeline.toml"
        config.write_text(
            'sources = ["content/*.md"]\nlocales = "locales"\nlanguages = ["de"]\n',
            encoding="utf-8",
        )
        here = os.getcwd()
        os.chdir(site)
        try:
            # -j 1 everywhere: the work must happen in this process, not in a pool's.
            _warm_run(main, ["extract", "-j", "1"])
            _warm_run(main, ["update", "-j", "1"])
            _translate_everything(site / "locales")
            _warm_run(main, ["publish", "--lang", "de", "-j", "1"])
            _warm_run(main, ["check", "--lang", "de"])
        finally:
            os.chdir(here)


def _warm_run(main: Callable[..., object], args: list[str]) -> None:
    """Run one warm-up command in this process; a failure stops the server's start."""
    output = io.StringIO()
    try:
        with redirect_stdout(output), redirect_stderr(output):
            status = main(args, standalone_mode=False)
    except SystemExit as exit_:
        status = exit_.code
    if status not in (None, 0):
        raise ServerError(f"warm-up: {' '.join(args)} failed: {output.getvalue().strip()}")


def _translate_everything(locales: Path) -> None:
    """Every msgstr a copy of its msgid: publish then writes pages and runs the gate."""
    import polib

    for path in sorted(locales.rglob("*.po")):
        catalog = polib.pofile(str(path))
        for entry in catalog:
            entry.msgstr = entry.msgid
        catalog.save()


@dataclass
class Server:
    """The listening socket and the bookkeeping of the loop."""

    listener: socket.socket
    path: str
    fingerprint: bytes
    idle_timeout: float
    inode: int = -1  # of the socket file: never unlink a successor's
    started: float = field(default_factory=time.time)
    served: int = 0
    last_run: float = field(default_factory=time.monotonic)
    worker_cpu: float = 0.0
    workers: set[int] = field(default_factory=set)

    def reap(self) -> None:
        """Collect ended workers, adding up the CPU time they (and their own children, such
        as a ``-j`` pool) used: ``status`` reports it, for benchmarks to count."""
        for pid in list(self.workers):
            try:
                done, _status, usage = os.wait4(pid, os.WNOHANG)
            except ChildProcessError:
                done, usage = pid, None
            if done:
                self.workers.discard(pid)
                if usage is not None:
                    self.worker_cpu += usage.ru_utime + usage.ru_stime

    def serve(self) -> None:
        """Answer requests until ``stop``, a stale client, or the idle timeout (counted from
        the last command run: ``status`` questions do not keep the server alive)."""
        while True:
            ready, _, _ = select.select([self.listener], [], [], 0.5)
            self.reap()
            if ready:
                connection, _address = self.listener.accept()
                if not self.answer(connection):
                    return
            idle = time.monotonic() - self.last_run
            if self.idle_timeout and idle > self.idle_timeout and not self.workers:
                return

    def answer(self, connection: socket.socket) -> bool:
        """Serve one connection; False when the server must stop."""
        fds: list[int] = []
        try:
            if not _peer_is_us(connection):
                return True
            fields, fds = _read_request(connection)
            request = decode_request(fields)
        except (OSError, ValueError, IndexError, UnicodeDecodeError):
            for fd in fds:
                os.close(fd)
            connection.close()
            return True
        if request == "stop":
            connection.sendall(b"stopping\n")
            connection.close()
            return False
        if request == "status":
            self.reap()
            connection.sendall(
                b"status pid=%d started=%d served=%d running=%d cpu=%.3f fingerprint=%s\n"
                % (
                    os.getpid(),
                    self.started,
                    self.served,
                    len(self.workers),
                    self.worker_cpu,
                    self.fingerprint,
                )
            )
            connection.close()
            return True
        if not isinstance(request, Request):
            connection.close()
            return True
        if request.fingerprint != self.fingerprint:
            for fd in fds:
                os.close(fd)
            connection.sendall(b"stale\n")
            connection.close()
            return False
        pid = os.fork()
        if pid == 0:
            self.listener.close()
            _work(connection, request, fds)
        for fd in fds:
            os.close(fd)
        connection.close()
        self.served += 1
        self.last_run = time.monotonic()
        self.workers.add(pid)
        return True

    def close(self) -> None:
        self.listener.close()
        try:
            if os.stat(self.path).st_ino == self.inode:
                os.unlink(self.path)
        except OSError:
            pass


def _prepare_dir(folder: Path) -> None:
    try:
        folder.mkdir(mode=0o700, parents=False)
    except FileExistsError:
        pass
    except FileNotFoundError:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=0o700)
    if not private_dir(str(folder)):
        raise ServerError(
            f"{folder}: not a private folder of this user (it must be yours, mode 700);"
            " remove it or fix its permissions"
        )


def query(kind: str) -> str | None:
    """Send ``stop`` or ``status`` to the running server: its answer, or None if none runs."""
    connection = connect()
    if connection is None:
        return None
    try:
        connection.sendall(encode_fields([PROTOCOL, kind.encode(), code_fingerprint()]))
        answer = b""
        while chunk := connection.recv(4096):
            answer += chunk
    finally:
        connection.close()
    return answer.decode("utf-8", "replace").strip() or None


def listen(idle_timeout: float = DEFAULT_IDLE_TIMEOUT) -> Server:
    """Warm up, then bind this environment's socket (refusing if a live server holds it)."""
    path = socket_path()
    _prepare_dir(Path(path).parent)
    running = query("status")
    if running is not None:
        if running.endswith(b"fingerprint=".decode() + code_fingerprint().decode()):
            raise ServerError(f"a server already runs on {path} (i18n-pipeline server stop)")
        query("stop")  # it ran older code: replace it
    warm_up()
    # What is loaded now is shared by every worker, copy-on-write: moved out of the
    # collector's reach, a worker's collections do not touch (and so copy) those pages.
    gc.collect()
    gc.freeze()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)
    except OSError:
        # Another server bound it while this one warmed up (two started at once), or a
        # killed server left its socket: only the second may be replaced.
        if query("status") is not None:
            listener.close()
            raise ServerError(f"a server already runs on {path}") from None
        os.unlink(path)
        listener.bind(path)
    listener.listen(64)
    return Server(listener, path, code_fingerprint(), idle_timeout, os.stat(path).st_ino)


def run_foreground(idle_timeout: float, ready: TextIO | None = None) -> None:
    """Serve in this process until stopped (``server start --foreground``, and the daemon)."""
    _serve(listen(idle_timeout), ready)


def _serve(server: Server, ready: TextIO | None) -> None:
    """Say ``ready`` (to whoever waits for the start), then serve until stopped."""
    signal.signal(signal.SIGTERM, lambda _n, _f: sys.exit(0))
    if ready is not None:
        ready.write(f"ready {os.getpid()} {server.path}\n")
        ready.flush()
    try:
        server.serve()
    finally:
        server.close()


def start_daemon(idle_timeout: float, log: Path) -> str:
    """Start the server in the background, detached; return its ``ready`` line once it
    listens (or raise :class:`ServerError` with what went wrong)."""
    _prepare_dir(log.parent)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        with os.fdopen(read_end) as reader:
            line = reader.readline().strip()
        os.waitpid(pid, 0)
        if not line.startswith("ready "):
            raise ServerError(line or f"the server did not start: see {log}")
        return line
    os.close(read_end)
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        os.chdir("/")
        log_fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        null_fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null_fd, 0)
        os.dup2(log_fd, 1)
        os.dup2(log_fd, 2)
        with os.fdopen(write_end, "w") as ready:
            try:
                server = listen(idle_timeout)
            except Exception as error:  # reported to the starting command
                ready.write(f"{error}\n")
                raise
            _serve(server, ready)
    except BaseException:
        traceback.print_exc()
        os._exit(1)
    os._exit(0)
