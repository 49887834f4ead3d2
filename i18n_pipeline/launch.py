"""The ``i18n-pipeline`` command's entry point: hand the run to a resident server, or run it.

An editor integration, a pre-commit hook or a translator's save hook starts the command once
per file.  Python itself starts in about 11 ms, but markdown-it-py, PyYAML, polib, click and
our own modules cost well over 100 ms more to import than a page costs to process (measured in
``bench/perfile.py``), and no lazy import can remove what a real extract needs.  So, as
``dmypy``, ``eslint_d`` and ``prettierd`` do, ``i18n-pipeline server start`` keeps a process
with all of it loaded (see :mod:`.server`), and this launcher, when that server is running,
sends it the command instead of importing anything: the arguments, the working directory,
the environment, the umask, and the terminal itself (stdin, stdout and stderr are passed as
file descriptors, so output, colours and prompts are the command's own).  The server forks a
worker that runs the ordinary :func:`i18n_pipeline.cli.main` in that state; its exit status
comes back here.  A run through the server is the same program as a run without it.

When no server runs (the default), or it cannot be trusted, this falls through to the
ordinary run at the cost of one ``stat``.  Trust: the socket's folder must belong to this
user and be closed to others, and the peer must run as this user (``SO_PEERCRED``); a server
started from other code (another version, another environment, a changed dependency) answers
``stale`` and exits, and the command runs here.  ``I18N_PIPELINE_SERVER=off`` never forwards.

Only the standard library's lightest modules are imported here: this module's whole point is
what it does not load.  So ``_socket`` and ``_signal``, the built-in halves of :mod:`socket`
and :mod:`signal` (whose Python halves import :mod:`enum` and :mod:`selectors`: more than
the rest of this module costs), and no :mod:`typing` or :mod:`pathlib`.
"""

from __future__ import annotations

import _signal  # type: ignore[import-not-found]  # no stub: signal's built-in half
import _socket
import os
import sys
import zlib

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing; mypy knows the idiom
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: Set to "off" (or "0", "no") to always run in this process; to "auto" to start a server in
#: the background when none runs (this command runs on its own, the next ones are served).
SWITCH = "I18N_PIPELINE_SERVER"
#: Bumped whenever the request or reply format changes.
PROTOCOL = b"i18n-pipeline-server 1"
#: The command group that starts and stops the server: always run here, never forwarded.
SERVER_COMMAND = "server"
#: Paths here are strings: importing pathlib would cost more than the rest of this module.
PACKAGE = os.path.dirname(os.path.realpath(__file__))


def socket_dir() -> str:
    """The folder of this user's server sockets: ``$XDG_RUNTIME_DIR/i18n-pipeline``, which
    the login session makes private and removes at logout, else a per-user folder in /tmp."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if runtime and os.path.isabs(runtime) and os.path.isdir(runtime):
        return os.path.join(runtime, "i18n-pipeline")
    return f"/tmp/i18n-pipeline-{os.getuid()}"


def socket_path() -> str:
    """The socket of the server for this interpreter and this copy of the package: two
    virtual environments, or two checkouts, never share a server."""
    key = f"{sys.executable}\0{PACKAGE}".encode("utf-8", "surrogateescape")
    return os.path.join(socket_dir(), f"{zlib.crc32(key):08x}.sock")


def private_dir(folder: str) -> bool:
    """Whether ``folder`` is a real folder of this user that no one else may enter: anyone
    who could place a socket there would receive our terminal and our environment."""
    try:
        status = os.lstat(folder)
    except OSError:
        return False
    is_dir = (status.st_mode & 0o170000) == 0o040000  # S_ISDIR, without importing stat
    return is_dir and status.st_uid == os.getuid() and status.st_mode & 0o077 == 0


def package_modules(package: str = PACKAGE) -> list[str]:
    """The ``.py`` files of ``package``, subpackages included, as paths relative to it with
    ``/``, in the order of their path components: what this module's fingerprint stats and
    :func:`.state.tool_fingerprint` reads."""
    found: list[str] = []

    def walk(folder: str, prefix: str) -> None:
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.endswith(".py") and entry.is_file():
                    found.append(prefix + entry.name)
                elif entry.is_dir() and entry.name != "__pycache__":
                    walk(entry.path, f"{prefix}{entry.name}/")

    walk(package, "")
    return sorted(found, key=lambda name: name.split("/"))


def code_fingerprint() -> bytes:
    """What the running code is made of, cheaply: every module of this package (path, time
    and size) and the folders packages are installed in (installing, upgrading or removing a
    dependency changes their modification time).  A server whose fingerprint differs from
    its client's ran other code, and must not answer for it."""
    parts = []
    for module in package_modules():
        status = os.stat(os.path.join(PACKAGE, module))
        parts.append((module, status.st_mtime_ns, status.st_size))
    text = repr((sys.executable, PACKAGE, sys.version, parts))
    for entry in sys.path:
        if entry.endswith(("site-packages", "dist-packages")) and os.path.isdir(entry):
            text += f"\0{entry}\0{os.stat(entry).st_mtime_ns}"
    return f"{zlib.crc32(text.encode('utf-8', 'surrogateescape')):08x}".encode()


def encode_fields(fields: list[bytes]) -> bytes:
    """One message: its length, then NUL-separated fields (no argument, path or environment
    entry can contain NUL, so none needs quoting)."""
    payload = b"\0".join(fields)
    return len(payload).to_bytes(4, "big") + payload


def _forwarding_wanted(argv: list[str]) -> bool:
    if os.environ.get(SWITCH, "").lower() in ("off", "0", "no", "false"):
        return False
    if len(argv) > 1 and argv[1] == SERVER_COMMAND:
        return False
    return hasattr(_socket, "AF_UNIX") and hasattr(_socket, "SO_PEERCRED")


def connect() -> _socket.socket | None:
    """A connection to this user's trusted server, or None."""
    path = socket_path()
    if not private_dir(os.path.dirname(path)):
        return None
    client = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
    try:
        client.connect(path)
        credentials = client.getsockopt(_socket.SOL_SOCKET, _socket.SO_PEERCRED, 12)
    except OSError:
        client.close()
        return None
    peer_uid = int.from_bytes(credentials[4:8], sys.byteorder)
    if peer_uid != os.getuid():
        client.close()
        return None
    return client


def run_request(argv: list[str]) -> list[bytes]:
    """The fields of a ``run`` request for ``argv`` in this process's state."""
    umask = os.umask(0o022)
    os.umask(umask)
    streams = (sys.stdin, sys.stdout, sys.stderr)
    encodings = [
        field.encode() for stream in streams for field in (stream.encoding, stream.errors or "")
    ]
    environment = [b"%s=%s" % item for item in os.environb.items()]
    return [
        PROTOCOL,
        b"run",
        code_fingerprint(),
        os.fsencode(os.getcwd()),
        str(umask).encode(),
        *encodings,
        str(len(argv)).encode(),
        *(os.fsencode(argument) for argument in argv),
        *environment,
    ]


def send_with_fds(connection: _socket.socket, data: bytes, fds: list[int]) -> None:
    """``socket.send_fds``, on the built-in socket: ``data`` with ``fds`` attached."""
    rights = b"".join(fd.to_bytes(4, sys.byteorder) for fd in fds)
    sent = connection.sendmsg([data], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)])
    if sent < len(data):
        connection.sendall(data[sent:])


def _lines(connection: _socket.socket) -> Iterator[bytes]:
    buffer = b""
    while True:
        try:
            chunk = connection.recv(4096)
        except InterruptedError:  # pragma: no cover - retried by Python (PEP 475)
            continue
        if not chunk:
            return
        buffer += chunk
        while b"\n" in buffer:
            line, buffer = buffer.split(b"\n", 1)
            yield line


def forward(argv: list[str]) -> int | None:
    """Run ``argv`` in the server: its exit status, or None when it must run here."""
    if not _forwarding_wanted(argv):
        return None
    try:
        request = run_request(argv)
    except (OSError, AttributeError, ValueError):
        return None  # a deleted working folder, a replaced sys.stdout: run here, as usual
    connection = connect()
    if connection is None:
        if os.environ.get(SWITCH, "").lower() == "auto":
            start_in_background()
        return None
    worker = 0

    def relay(number: int, _frame: object) -> None:
        if worker:
            os.killpg(worker, number)

    previous: dict[int, Callable[[int, object], None] | int] = {}
    try:
        try:
            send_with_fds(connection, encode_fields(request), [0, 1, 2])
        except OSError:
            return None
        for number in (_signal.SIGINT, _signal.SIGTERM, _signal.SIGHUP):
            previous[number] = _signal.signal(number, relay)
        for line in _lines(connection):
            word, _, value = line.partition(b" ")
            if word == b"pid":
                worker = int(value)
            elif word == b"exit":
                return int(value)
            elif word == b"stale":
                sys.stderr.write(
                    "i18n-pipeline: the server ran other code and has stopped; this run"
                    " is done without it (start a new one: i18n-pipeline server start)\n"
                )
                return None
    finally:
        for number, handler in previous.items():
            _signal.signal(number, handler)
        connection.close()
    if worker == 0:
        return None  # the server closed before starting a worker: nothing ran yet
    sys.stderr.write("i18n-pipeline: the server's worker ended without an exit status\n")
    return 1


def start_in_background() -> None:
    """``i18n-pipeline server start``, detached, its output dropped: this command goes on
    without waiting for it (a server that cannot start says why in ``server start``)."""
    if os.fork():
        return
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        os.execv(sys.executable, [sys.executable, "-P", "-m", "i18n_pipeline", "server", "start"])
    finally:
        os._exit(127)


def main() -> None:
    """The console script: forwarded when a server runs, otherwise the ordinary command."""
    status = forward(sys.argv)
    if status is not None:
        raise SystemExit(status)
    from .cli import main as command

    command()
