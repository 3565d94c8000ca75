"""One build at a time in a checkout: a second ``make html`` waits for the first, and says so.

The lock is ``flock`` on a file in the build folder. The kernel releases it when the last process
holding it ends, however it ends (SIGKILL included), so a lock is never left behind by a build
that died. The processes a build starts (Sphinx, latexmk, XeLaTeX) inherit it: if the build
itself is killed while they run, the next build waits until they have finished writing.
``make clean`` removes the file while holding it; a build that was waiting then finds that the
file it locked is gone, and locks the new one.

The build folder and its lock must be this user's own: a folder another user made (a shared
``BUILD=/tmp/...``, or one root left behind) is refused with its owner named, and the lock is
opened without following a symbolic link, so that no one can point it at a file of yours.
"""

import fcntl
import os
import stat
import sys
import time
from contextlib import contextmanager
from pathlib import Path

NAME = ".lock"


class Unwritable(Exception):
    """The build folder cannot be used by this user (a message that says why and what to do)."""


def owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (KeyError, ImportError):
        return f"user {uid}"


def explain(folder: Path, error: OSError) -> str:
    owner = ""
    try:
        uid = folder.stat().st_uid
        if uid != os.geteuid():
            them, you = owner_name(uid), owner_name(os.geteuid())
            owner = (f" It belongs to {them}, and you are {you}: remove it as its owner"
                     f" (or run the build as its owner), e.g. sudo rm -rf {folder}.")  # fmt: skip
    except OSError:
        pass
    return f"cannot write in {folder}: {error.strerror}.{owner}"


def foreign(path: Path, info: os.stat_result) -> str:
    """The message for a file or folder of the build that is not this user's, or ''."""
    if info.st_uid == os.geteuid():
        return ""
    them, you = owner_name(info.st_uid), owner_name(os.geteuid())
    return (f"{path} belongs to {them}, and you are {you}: booktools builds only in a folder of your "
            f"own. Remove it as its owner (e.g. sudo rm -rf {path}), or choose another BUILD=.")  # fmt: skip


def own_folder(folder: Path) -> None:
    """Create the build folder, or check that the one there is this user's."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as error:
        raise Unwritable(explain(folder if folder.exists() else folder.parent, error)) from error
    if not stat.S_ISDIR(info.st_mode):
        raise Unwritable(f"{folder} is not a folder: remove it, or choose another BUILD=")
    refused = foreign(folder, info)
    if refused:
        raise Unwritable(refused)


def open_lock(folder: Path) -> int:
    path = folder / NAME
    try:
        # O_NOFOLLOW: a symbolic link planted here is refused, never written through.
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as error:
        if path.is_symlink():
            raise Unwritable(
                f"{path} is a symbolic link (to {os.readlink(path)}), not a lock: remove the link"
            ) from error
        raise Unwritable(explain(folder, error)) from error
    info = os.fstat(fd)
    refused = foreign(path, info) or ("" if stat.S_ISREG(info.st_mode) else f"{path} is not a file")
    if refused:
        os.close(fd)
        raise Unwritable(refused)
    return fd


@contextmanager
def held(folder: Path, say=print):
    """Hold the build folder's lock (creating the folder); yields the lock's file descriptor,
    which the build hands to the processes it starts."""
    path = folder / NAME
    while True:
        own_folder(folder)
        fd = open_lock(folder)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            say(f"{folder}: another build is running in this checkout ({holder}); waiting for it to finish")
            sys.stdout.flush()
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.fstat(fd).st_ino == os.lstat(path).st_ino
        except FileNotFoundError:  # `make clean` removed it while we waited
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"process {os.getpid()}, since {time.strftime('%H:%M:%S')}".encode(), 0)
        yield fd
    finally:
        os.close(fd)


def in_use(folder: Path) -> bool:
    """Whether a process holds the lock of a folder inside the build folder (make live's)."""
    try:
        fd = os.open(folder / NAME, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
