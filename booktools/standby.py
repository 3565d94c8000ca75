"""A ``sphinx-build`` that has started up and waits, on a local socket, to be asked to build.

    python -m booktools.standby -c . -d _build/doctrees/live docs _build/live -W ...

It is a plain ``sphinx-build`` paused just before ``build()``: Python started, the extensions
imported and set up, conf.py and the environment loaded. Asked to build, it reads the pages
that changed since the environment was saved, writes what they affect, answers with its exit
status and exits; whatever it writes is what a fresh ``sphinx-build`` would write. Asked to stop
(because something it read at start-up changed), it exits without building. `make live` keeps
one waiting (booktools/live.py). This module imports little, so that the socket is there at once.
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

KEY = "BOOKTOOLS_STANDBY_KEY"  # a standby answers only the server that started it (a secret)
SERVER = "BOOKTOOLS_STANDBY_SERVER"  # and does not outlive it (its process id)


def address(sphinx_args: list[str]) -> Path:
    """The standby's socket, one per doctree folder (short: socket paths have a length limit)."""
    doctrees = folders(sphinx_args)[3].resolve()
    return Path(tempfile.gettempdir(), f"booktools-{hashlib.sha1(bytes(doctrees)).hexdigest()[:12]}")


def ask(sphinx_args: list[str], request: str) -> int | None:
    """Ask the standby to "build" or to "stop": its exit status, or None when none is waiting."""
    try:
        with Client(
            str(address(sphinx_args)), family="AF_UNIX", authkey=os.environb[KEY.encode()]
        ) as standby:
            standby.send(request)
            return standby.recv()
    except (OSError, EOFError):  # none started, or one that stopped
        return None


def start(sphinx_args: list[str], patience: float = 30) -> None:
    """Start a standby; return once it listens, so that the next request cannot miss it."""
    path = address(sphinx_args)
    path.unlink(missing_ok=True)  # left by a standby that was killed
    process = subprocess.Popen([sys.executable, "-m", __spec__.name, *sphinx_args], stdin=subprocess.DEVNULL)
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


def main(sphinx_args: list[str]) -> int:
    if SERVER in os.environ:
        threading.Thread(target=exit_with_server, args=(int(os.environ[SERVER]),), daemon=True).start()
    # Listening before the slow start-up: a save in the meantime waits for us instead of failing.
    listener = Listener(str(address(sphinx_args)), family="AF_UNIX", authkey=os.environb[KEY.encode()])

    from sphinx.application import Sphinx
    from sphinx.cmd.build import build_main

    build, asked = Sphinx.build, []

    def build_when_asked(app, *args, **kwargs):
        asked.append(listener.accept())
        if asked[0].recv() != "build":
            raise SystemExit(0)
        return build(app, *args, **kwargs)

    Sphinx.build = build_when_asked
    try:
        status = build_main(sphinx_args)
        if asked:
            asked[0].send(status)
        return status
    finally:
        listener.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
