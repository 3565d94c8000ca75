"""A ``sphinx-build`` that has started up and waits, on a local socket, to be asked to build.

    python -m booktools.standby -c . -d _build/doctrees/live docs _build/live -W ...

It is a plain ``sphinx-build`` paused just before ``build()``: Python started, the extensions
imported and set up, conf.py and the environment loaded. Asked to build, it reads the pages
that changed since the environment was saved, writes what they affect, answers with its exit
status and exits; whatever it writes is what a fresh ``sphinx-build`` would write. Asked to stop
(because something it read at start-up changed), it exits without building. `make live` keeps
one waiting (booktools/live.py), and so does `make html` at a terminal (booktools/build.py):
that one lives on its own for a while, and sends back what Sphinx printed with its answer.
This module imports little, so that the socket is there at once.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from multiprocessing.connection import Client, Listener
from pathlib import Path

from .build import folders

KEY = "BOOKTOOLS_STANDBY_KEY"  # a standby answers only who started it (a secret)
KEY_FILE = "booktools-standby.key"  # the secret, when no server holds it (make html)
SERVER = "BOOKTOOLS_STANDBY_SERVER"  # it does not outlive its server (its process id)
IDLE = "BOOKTOOLS_STANDBY_IDLE"  # or, without one, it exits after this many seconds unused


def address(sphinx_args: list[str]) -> Path:
    """The standby's socket, one per doctree folder (short: socket paths have a length limit)."""
    doctrees = folders(sphinx_args)[3].resolve()
    return Path(tempfile.gettempdir(), f"booktools-{hashlib.sha1(bytes(doctrees)).hexdigest()[:12]}")


def secret(sphinx_args: list[str], create: bool = False) -> bytes | None:
    """The server's secret, or one kept beside the doctrees (readable by their owner only)."""
    if KEY in os.environ:
        return os.environ[KEY].encode()
    path = folders(sphinx_args)[3] / KEY_FILE
    if create and not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(os.urandom(16).hex())
    return path.read_text().encode() if path.is_file() else None


def ask(sphinx_args: list[str], request: str):
    """Ask the standby to "build", to "build quietly" (it answers with its status and its output)
    or to "stop": its answer, or None when none is waiting."""
    key = secret(sphinx_args)
    if key is None:  # none was ever started here
        return None
    try:
        with Client(str(address(sphinx_args)), family="AF_UNIX", authkey=key) as standby:
            standby.send(request)
            return standby.recv()
    except (OSError, EOFError):  # none started, or one that stopped
        return None


def start(sphinx_args: list[str], patience: float = 30, idle: float | None = None) -> None:
    """Start a standby; return once it listens, so that the next save cannot miss it. With idle,
    it lives on its own (its output is sent with each answer) for that many seconds unused, and
    this returns at once: a build asked for before it listens is simply done by a fresh Sphinx."""
    path = address(sphinx_args)
    path.unlink(missing_ok=True)  # left by a standby that was killed
    secret(sphinx_args, create=True)
    command = [sys.executable, "-m", __spec__.name, *sphinx_args]
    if idle is not None:  # on its own, in its own session: Ctrl+C in the terminal is not for it
        quiet = {"stdin": subprocess.DEVNULL, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.Popen(command, **quiet, start_new_session=True, env={**os.environ, IDLE: str(idle)})
        return
    process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + patience
    while not path.exists() and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)


def exit_with_server(pid: int) -> None:
    while True:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(0)
        time.sleep(1)


def exit_when_unused(seconds: float, asked: list) -> None:
    time.sleep(seconds)
    if not asked:
        os._exit(0)


def main(sphinx_args: list[str]) -> int:
    asked = []
    if SERVER in os.environ:
        threading.Thread(target=exit_with_server, args=(int(os.environ[SERVER]),), daemon=True).start()
    elif IDLE in os.environ:
        threading.Thread(target=exit_when_unused, args=(float(os.environ[IDLE]), asked), daemon=True).start()
    # Listening before the slow start-up: a save in the meantime waits for us instead of failing.
    listener = Listener(str(address(sphinx_args)), family="AF_UNIX", authkey=secret(sphinx_args))

    from sphinx.application import Sphinx
    from sphinx.cmd.build import build_main

    build, output = Sphinx.build, tempfile.TemporaryFile()

    def build_when_asked(app, *args, **kwargs):
        connection = listener.accept()
        request = connection.recv()
        asked.append((connection, request))
        if request == "build quietly":  # what Sphinx prints goes back with the answer
            sys.stdout.flush(), sys.stderr.flush()
            os.dup2(output.fileno(), 1), os.dup2(output.fileno(), 2)
        elif request != "build":
            raise SystemExit(0)
        return build(app, *args, **kwargs)

    Sphinx.build = build_when_asked
    try:
        status = build_main(sphinx_args)
        if asked:
            connection, request = asked[0]
            sys.stdout.flush(), sys.stderr.flush()
            output.seek(0)
            connection.send(
                (status, output.read().decode(errors="replace")) if request == "build quietly" else status
            )
        return status
    finally:
        listener.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
