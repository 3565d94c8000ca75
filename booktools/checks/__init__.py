"""Checks that read the sources and the built book: ``python -m booktools.checks --help``.

Each check returns a list of ``Problem`` (file, line, message); the command line prints them as
``file:line: message`` and exits non-zero when there is any. Sphinx itself checks what it can
while building (``-W -n``: unknown citation keys, broken references, missing images); these
cover the rest.
"""

from ..shared import Problem

__all__ = ["Problem"]
