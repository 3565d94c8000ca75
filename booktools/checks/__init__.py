"""Checks that read the sources and the built book: ``python -m booktools.checks --help``.

Each check returns a list of ``Problem`` (file, line, message); the command line prints them as
``file:line: message`` and exits non-zero when there is any. Sphinx itself checks what it can
while building (``-W -n``: unknown citation keys, broken references, missing images); these
cover the rest.
"""

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"
