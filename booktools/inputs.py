"""What a build of the book reads, by content: the digests that decide whether to build.

Two groups, because they are handled differently:

- the **sources**, every file under the source folder: Sphinx re-reads the pages that changed
  (booktools/sources.py tells it which, by content);
- the **settings**, everything else the build depends on: the files beside conf.py that it reads
  (READS), the installed Python packages, the Debian packages (TeX and its fonts make the PDF),
  the Python version, the commit and its tags, SOURCE_DATE_EPOCH and the Sphinx options. Sphinx
  cannot tell that most of these changed, so a change to any of them builds every edition from a
  fresh environment.

Everything is hashed by content (SHA-256), never judged by modification times: a file restored
with an older time, or a package reinstalled at the same version, still counts as changed. This
module imports only the standard library: with nothing to build, `make html` returns before
Sphinx is loaded.
"""

import hashlib
import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

# What the build reads beside conf.py, outside the source folder. (A test checks that every file
# the book's settings name is in here.)
READS = ("conf.py", "CITATION.cff", "references.bib", "booktools")
# The Debian packages installed (TeX, fonts): the PDF depends on them.
DPKG_STATUS = Path("/var/lib/dpkg/status")
# Not inputs: caches Python writes next to the code, and what editors and systems leave behind.
SKIPPED_NAMES = {"__pycache__", ".DS_Store", ".ipynb_checkpoints"}
# Files a build reads as text: each must be UTF-8 (booktools.build says where it is not).
TEXT_SUFFIXES = {".md", ".rst", ".txt", ".yaml", ".yml", ".bib", ".py", ".cff", ".html", ".css",
                 ".js", ".sty", ".tex", ".json", ".svg"}  # fmt: skip


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def files(folder: Path, skip: tuple[Path, ...] = ()) -> list[Path]:
    """Every file under a folder (or the file itself), sorted, without SKIPPED_NAMES or skip."""
    if folder.is_file():
        return [folder]
    found = []
    for top, dirs, names in os.walk(folder):
        here = Path(top)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_NAMES and here / d not in skip)
        found += [here / n for n in sorted(names) if n not in SKIPPED_NAMES]
    return found


def file_digests(root: Path, paths: list[Path]) -> dict[str, str]:
    """{path relative to root: digest of its bytes}."""
    return {path.relative_to(root).as_posix(): digest(path.read_bytes()) for path in paths}


def package_files() -> list[Path]:
    """What says which Python packages are installed, at which version, made of which files:
    in the environment's own folders and in any other folder on the import path (a .pth file's)."""
    folders = {Path(sysconfig.get_paths()[name]) for name in ("purelib", "platlib")}
    folders |= {Path(entry) for entry in sys.path if entry and Path(entry).is_dir()}
    found = []
    for folder in sorted(folders):
        if folder.is_dir():
            found += sorted(folder.glob("*.pth"))
            for info in sorted(folder.glob("*.dist-info")):
                found += [info / name for name in ("METADATA", "RECORD", "direct_url.json")
                          if (info / name).is_file()]  # fmt: skip
    return found


def git_state(root: Path) -> list[str]:
    """What names the edition (booktools/edition.py): the commit, the nearest tag, and whether
    the checkout differs from the commit (not which files do: that is in their digests)."""
    state = []
    for command in (["describe", "--tags", "--long", "--always", "--abbrev=40"],
                    ["status", "--porcelain", "--untracked-files=normal"]):  # fmt: skip
        try:
            state.append(subprocess.run(["git", *command], cwd=root, capture_output=True, text=True,
                                        check=True).stdout)  # fmt: skip
        except (OSError, subprocess.CalledProcessError):
            state.append("not a git checkout")
    state[1] = "changed" if state[1].strip() else "as committed"
    return state


@dataclass(frozen=True)
class Inputs:
    """Digests of what a build reads. ``sources`` maps each source file to its digest."""

    sources: dict[str, str]
    settings: str
    software: str  # the installed packages (Python and Debian) and Python: part of the settings

    @property
    def sources_digest(self) -> str:
        return digest("\n".join(f"{p} {d}" for p, d in sorted(self.sources.items())).encode())


def read(root: Path, source: Path, build: Path, sphinx_options: list[str]) -> Inputs:
    """The inputs of a build of the book whose conf.py is in root, sources in source."""
    root, source, build = root.resolve(), source.resolve(), build.resolve()
    sources = file_digests(root, files(source, skip=(build,)))
    settings = {
        "files": file_digests(root, [p for name in READS for p in files(root / name) if p.exists()]),
        # Where the packages are installed does not change the book: only what is installed.
        "packages": sorted((p.parent.name, p.name, digest(p.read_bytes())) for p in package_files()),
        "debian": digest(DPKG_STATUS.read_bytes()) if DPKG_STATUS.is_file() else "",
        "python": sys.version,
        "git": git_state(root),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "sphinx options": sphinx_options,
    }
    software = [(name, settings[name]) for name in ("packages", "debian", "python")]
    return Inputs(sources, digest(repr(sorted(settings.items())).encode()), digest(repr(software).encode()))


def undecodable(root: Path, source: Path) -> list[str]:
    """'file:line:column: ...' for each text file the build reads that is not valid UTF-8."""
    problems = []
    paths = [*files(source), *(p for name in READS for p in files(root / name) if p.exists())]
    for path in paths:
        if path.suffix not in TEXT_SUFFIXES:
            continue
        data = path.read_bytes()
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
            where = os.path.relpath(path)
            problems.append(
                f"{where}:{line}:{column}: not UTF-8 (byte 0x{data[error.start]:02x}): "
                "save the file with the UTF-8 encoding"
            )
    return problems
