"""Which files under a folder are the book's: what the build command hashes and the extension
tells Sphinx to skip or reports having read."""

import fnmatch
import os
from pathlib import Path

# Not inputs: caches Python writes next to the code, and what editors and systems leave behind.
SKIPPED_NAMES = {"__pycache__", ".DS_Store", ".ipynb_checkpoints"}
# Editors' lock, swap and backup files beside the file being edited (Emacs, Vim, LibreOffice,
# and the ~ of many): never part of the book. Sphinx is told to skip them too (extension/sources.py).
EDITOR_FILES = (".#*", "#*#", "*~", ".*.sw?", ".~lock.*#")


def skipped(name: str) -> bool:
    return name in SKIPPED_NAMES or any(fnmatch.fnmatchcase(name, p) for p in EDITOR_FILES)


def files(folder: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under a folder (or the file itself), sorted, without SKIPPED_NAMES, editors'
    files or skip. Folders linked in are followed, as Sphinx follows them (each real folder once)."""
    if folder.is_file():
        return [folder]
    found, seen = [], set()
    for top, dirs, names in os.walk(folder, followlinks=True):
        here = Path(top)
        real = os.path.realpath(here)
        if real in seen:  # a link back up the tree
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if not skipped(d) and here / d not in skip)
        found += [here / n for n in sorted(names) if not skipped(n)]
    return found
