"""What a build of the book reads, by content: the digests that decide whether to build.

Two groups, because they are handled differently:

- the **sources**, every file under the source folder: Sphinx re-reads the pages that changed
  (booktools/extension/sources.py tells it which, by content);
- the **settings**, everything else the build depends on: conf.py, booktools itself, every other
  file the last build reported reading (the bibliographies, templates, and the files
  ``book_inputs`` names), the installed Python packages, the Debian packages (TeX and its fonts
  make the PDF), the Python version, the commit and its tags, SOURCE_DATE_EPOCH and the Sphinx options. Sphinx
  cannot tell that most of these changed, so a change to any of them builds every edition from a
  fresh environment.

Everything is hashed by content (SHA-256), never judged by modification times: a file restored
with an older time, or a package reinstalled at the same version, still counts as changed. This
module imports only the standard library: with nothing to build, `make html` returns before
Sphinx is loaded.
"""

import hashlib
import os
import stat
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

from ..shared.files import files
from .lock import owner_name

# booktools itself, wherever it is: its code and files are part of every build's settings.
PACKAGE = Path(__file__).resolve().parents[1]
# The Debian packages installed (TeX, fonts): the PDF depends on them.
DPKG_STATUS = Path("/var/lib/dpkg/status")
# Files a build reads as text: each must be UTF-8 (booktools.make says where it is not).
TEXT_SUFFIXES = {".md", ".rst", ".txt", ".yaml", ".yml", ".bib", ".py", ".cff", ".html", ".css",
                 ".js", ".sty", ".tex", ".json", ".svg"}  # fmt: skip


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Unreadable(Exception):
    """An input the build cannot read (a message naming the file, its owner and what to do)."""


def read_bytes(path: Path) -> bytes:
    """A file's bytes; one that cannot be read is named, with its owner where that is the cause."""
    try:
        return path.read_bytes()
    except OSError as error:
        owner = ""
        if isinstance(error, PermissionError):
            try:
                uid = path.stat().st_uid
                if uid != os.geteuid():
                    owner = f" It belongs to {owner_name(uid)}, and you are {owner_name(os.geteuid())}."
            except OSError:
                pass
        raise Unreadable(f"{os.path.relpath(path)}: cannot read it: {error.strerror}.{owner}") from error


def settings_files(root: Path) -> dict[str, Path]:
    """conf.py and booktools' own files, by a name that does not depend on where they are.
    (Everything else a build reads outside the sources, Sphinx reports: extension/sources.py.)"""
    named = {"conf.py": root / "conf.py"} if (root / "conf.py").is_file() else {}
    named |= {f"{PACKAGE.name}/{p.relative_to(PACKAGE).as_posix()}": p for p in files(PACKAGE)}
    return named


def file_digests(named: dict[str, Path]) -> dict[str, str]:
    """{name: digest of its bytes}."""
    return {name: digest(read_bytes(path)) for name, path in named.items()}


def seen_digests(paths: list[str]) -> dict[str, str]:
    """{path: digest} of files Sphinx reported reading; one that is gone is "missing"."""
    return {path: digest(read_bytes(Path(path))) if Path(path).is_file() else "missing" for path in paths}


def tree_digest(folder: Path) -> str:
    """Everything in an output folder as it is on disk: every file (hidden ones and what no
    build wrote included), its mode, and links as links. "missing" when there is nothing."""
    entries = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(dirs + names):
            path = Path(top, name)
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                content = "link " + os.readlink(path)
            elif stat.S_ISREG(info.st_mode):
                content = digest(path.read_bytes())
            else:
                content = "folder" if stat.S_ISDIR(info.st_mode) else "other"
            entries.append(f"{path.relative_to(folder).as_posix()} {oct(info.st_mode)} {content}")
    return digest("\n".join(entries).encode()) if entries else "missing"


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
    """What names the edition (booktools/extension/edition.py): the commit, the nearest tag, and whether
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
    """Digests of what a build reads. ``sources`` maps each source file to its digest, ``files``
    each other file read (beside conf.py, or reported by Sphinx) to its own."""

    sources: dict[str, str]
    settings: str
    software: str  # the installed packages (Python and Debian) and Python: part of the settings
    files: dict[str, str]
    paths: tuple[Path, ...]  # every file above, where it is

    @property
    def sources_digest(self) -> str:
        return digest("\n".join(f"{p} {d}" for p, d in sorted(self.sources.items())).encode())


def read(root: Path, source: Path, build: Path, sphinx_options: list[str], seen: list[str] = ()) -> Inputs:
    """The inputs of a build of the book whose conf.py is in root, sources in source; seen: the
    other files the last build reported reading (extension/sources.py)."""
    root, source, build = root.resolve(), source.resolve(), build.resolve()
    source_paths = files(source, skip=(build,))
    sources = {path.relative_to(source).as_posix(): digest(read_bytes(path)) for path in source_paths}
    beside = settings_files(root)
    settings = {
        "files": file_digests(beside),
        "seen": seen_digests(sorted(seen)),
        # Where the packages are installed does not change the book: only what is installed.
        "packages": sorted((p.parent.name, p.name, digest(p.read_bytes())) for p in package_files()),
        "debian": digest(DPKG_STATUS.read_bytes()) if DPKG_STATUS.is_file() else "",
        "python": sys.version,
        "git": git_state(root),
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", ""),
        "sphinx options": sphinx_options,
    }
    software = [(name, settings[name]) for name in ("packages", "debian", "python")]
    others = {**settings["files"], **settings["seen"]}
    paths = (*source_paths, *beside.values(), *(Path(p) for p in seen))
    return Inputs(sources, digest(repr(sorted(settings.items())).encode()), digest(repr(software).encode()),
                  others, paths)  # fmt: skip


def changed_since(before: Inputs, after: Inputs, started_ns: int, checked_ns: int) -> list[str]:
    """The inputs that changed while a build ran (read before it as ``before``, after it as
    ``after``): those whose content differs, and those saved between the build's start and the
    reading of ``after`` (a file first reported by this build has no earlier digest: its time is
    the witness; a time in the future, from another machine's clock, is no witness)."""
    changed = {name for name in before.sources.keys() | after.sources.keys()
               if before.sources.get(name) != after.sources.get(name)}  # fmt: skip
    common = before.files.keys() & after.files.keys()
    changed |= {name for name in common if before.files[name] != after.files[name]}
    for path in after.paths:
        try:
            if started_ns <= path.stat().st_mtime_ns <= checked_ns:
                changed.add(os.path.relpath(path))
        except OSError:  # gone: a change, unless it was already gone before the build
            if before.files.get(str(path)) != "missing":
                changed.add(os.path.relpath(path))
    return sorted(changed)


def undecodable(paths: list[Path]) -> list[str]:
    """'file:line:column: ...' for each text file of paths that is not valid UTF-8."""
    problems = []
    for path in paths:
        if path.suffix not in TEXT_SUFFIXES:
            continue
        data = read_bytes(path)
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
