"""Where booktools keeps what it computes from contents alone (icon subsets, formatted
bibliography entries, compiled templates): outside the build folder, so that even clean builds
reuse it.

A cache must never change what a build makes, nor run anything it did not make:

- **By content.** Each entry is named by the digest of what it was made from (so it is never
  stale) and by the digest of its own bytes, checked on every read (so a file cut short, or
  altered, is not used: it is removed and made again).
- **By owner.** The folder is used only when it is this user's own and no one else can write in
  it, and an entry only when it is this user's file: a cache another user could have written
  (``sudo -E`` keeps the caller's HOME) is not read, and the build says so once.
- **Bounded.** One entry per key (a new one replaces the old), and the least recently used keys
  of a kind beyond ``KEEP`` are removed.

Entries are written to a new file and renamed, so a build stopped halfway leaves none
half-written; a cache folder that cannot be written only means building without it. Links are
never followed: the folder and its files are opened with ``O_NOFOLLOW``.
"""

import hashlib
import os
import stat
import sys
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "booktools")
KEEP = 64  # keys of each kind (each build uses a few of each)
_refused: list[str] = []  # why the cache folder was not used, said once a process


def entry_name(kind: str, key: str, data: bytes, suffix: str) -> str:
    return f"{kind}-{key}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"


def refuse(reason: str) -> None:
    if not _refused:
        print(f"{CACHE}: not used ({reason}); building without the cache", file=sys.stderr)
    _refused.append(reason)


def open_folder(create: bool = False) -> int | None:
    """A descriptor of the cache folder, if it is this user's and only this user can write in
    it; None otherwise (and the reason said once, when the folder exists)."""
    if create:
        try:
            CACHE.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            return None
    try:
        fd = os.open(CACHE, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as error:
        refuse(f"it cannot be opened as a folder: {error.strerror}")
        return None
    info = os.fstat(fd)
    if info.st_uid != os.geteuid():
        refuse(f"it belongs to user {info.st_uid}, not to you")
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        refuse("others can write in it")
    else:
        return fd
    os.close(fd)
    return None


def read_own(folder: int, name: str) -> bytes | None:
    """A file of the folder, if it is a regular file of this user's."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=folder)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        return file.read()


def load(kind: str, key: str, suffix: str = "") -> bytes | None:
    """The bytes kept for (kind, key), if an intact entry of this user's exists."""
    folder = open_folder()
    if folder is None:
        return None
    try:
        prefix = f"{kind}-{key}-"
        for name in sorted(n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(suffix)):
            data = read_own(folder, name)
            if data is not None and name == entry_name(kind, key, data, suffix):
                os.utime(name, dir_fd=folder, follow_symlinks=False)  # recently used: kept
                return data
            try:
                os.unlink(name, dir_fd=folder)  # cut short, altered, or not ours: made again
            except OSError:
                pass
        return None
    except OSError:
        return None
    finally:
        os.close(folder)


def store(kind: str, key: str, data: bytes, suffix: str = "") -> None:
    """Keep data for (kind, key), in place of what was kept for it before; without a cache
    folder of this user's that can be written, nothing is kept."""
    folder = open_folder(create=True)
    if folder is None:
        return
    name = entry_name(kind, key, data, suffix)
    temporary = f".{name}.{os.getpid()}"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600,
                     dir_fd=folder)  # fmt: skip
        with os.fdopen(fd, "wb") as file:
            file.write(data)
        os.replace(temporary, name, src_dir_fd=folder, dst_dir_fd=folder)
        prune(folder, kind, key, name)
    except OSError:
        try:
            os.unlink(temporary, dir_fd=folder)
        except OSError:
            pass
    finally:
        os.close(folder)


def prune(folder: int, kind: str, key: str, kept: str) -> None:
    """Remove the other entries of (kind, key), and the least recently used keys of the kind
    beyond KEEP."""
    names = [n for n in os.listdir(folder) if n.startswith(f"{kind}-")]
    for name in names:
        if name.startswith(f"{kind}-{key}-") and name != kept:
            os.unlink(name, dir_fd=folder)
    names = [n for n in os.listdir(folder) if n.startswith(f"{kind}-")]
    used = sorted(names, key=lambda n: os.stat(n, dir_fd=folder, follow_symlinks=False).st_mtime_ns)
    for name in used[: max(0, len(used) - KEEP)]:
        os.unlink(name, dir_fd=folder)
