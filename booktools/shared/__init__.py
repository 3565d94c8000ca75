"""What the extension, the build command and the checks share: each of them imports from here,
and nothing here imports from them.

``Problem`` is how every piece reports a fault in an input: its file, its line, what is wrong.
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
