"""``make live``: sphinx-autobuild, with a Sphinx already started up waiting for each save.

    python -m booktools.live --host 127.0.0.1 --port 8000 -c . -d _build/doctrees/live docs _build/live

sphinx-autobuild starts a new ``sphinx-build`` for every change: about a second of starting
Python, importing the extensions and loading the environment before the one saved page is read.
Here a standby (booktools/standby.py) has done all that right after the previous build; a save
of a page only reads that page and writes what it affects. A change to anything a standby has
read at start-up (conf.py, the bibliography, data files, booktools/) goes to a fresh
``sphinx-build`` (booktools.build, which also notices a change to the extension's code). The
server watches those files too (booktools.build.READS), not only the source folder.
"""

import os
import subprocess
import sys

import sphinx_autobuild.__main__ as autobuild
from sphinx_autobuild.build import Builder
from sphinx_autobuild.utils import show_message

from . import build, standby
from .build import READS, folders

PAGES = {".md", ".rst"}


class WarmBuilder(Builder):
    """sphinx-autobuild calls this in a new worker process for each change, so it keeps no state
    of its own: saved pages go to the standby, anything else to a fresh sphinx-build."""

    def __call__(self, *, changed_paths):
        source = folders(self.sphinx_args)[0].resolve()
        names = ", ".join(p.name for p in changed_paths[:5])
        status = None
        if changed_paths and all(p.suffix in PAGES and p.is_relative_to(source) for p in changed_paths):
            show_message(f"Rebuilding {names} in the waiting Sphinx")
            status = standby.ask(self.sphinx_args, "build")
        if status is None:  # something a standby has read at start-up changed, or none is waiting
            standby.ask(self.sphinx_args, "stop")
            show_message(f"Building {names or 'the book'} in a fresh Sphinx")
            status = subprocess.run([sys.executable, "-m", build.__name__, *self.sphinx_args]).returncode
        if status:
            print(f"Sphinx exited with exit code {status}: see its messages above.")
        show_message(f"Serving on {self.uri}")
        standby.start(self.sphinx_args)


def main(argv: list[str]) -> int:
    os.environ[standby.KEY] = os.urandom(16).hex()
    os.environ[standby.SERVER] = str(os.getpid())
    conf = folders(autobuild._parse_args(list(argv))[1])[2]
    watch = [arg for name in READS if (conf / name).exists() for arg in ("--watch", str(conf / name))]
    autobuild.Builder = WarmBuilder  # sphinx-autobuild makes its builder from this name
    return autobuild.main([*watch, *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
