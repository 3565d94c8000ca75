"""One build at a time in a checkout: a second ``make html`` waits for the first, and says so.

The lock is ``flock`` on a file in the build folder. The kernel releases it when the last process
holding it ends, however it ends (SIGKILL included), so a lock is never left behind by a build
that died. The processes a build starts (Sphinx, latexmk, XeLaTeX) inherit it: if the build
itself is killed while they run, the next build waits until they have finished writing.
``make clean`` removes the file while holding it; a build that was waiting then finds that the
file it locked is gone, and locks the new one.
"""

import fcntl
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

NAME = ".lock"


class Unwritable(Exception):
    """The build folder cannot be written by this user (a message that says why and what to do)."""


def explain(folder: Path, error: OSError) -> str:
    owner = ""
    try:
        import pwd

        uid = folder.stat().st_uid
        if uid != os.geteuid():
            them, you = pwd.getpwuid(uid).pw_name, pwd.getpwuid(os.geteuid()).pw_name
            owner = (f" It belongs to {them}, and you are {you}: remove it as its owner"
                     f" (or run the build as its owner), e.g. sudo rm -rf {folder}.")  # fmt: skip
    except (OSError, KeyError):
        pass
    return f"cannot write in {folder}: {error.strerror}.{owner}"


@contextmanager
def held(folder: Path, say=print):
    """Hold the build folder's lock (creating the folder); yields the lock's file descriptor,
    which the build hands to the processes it starts."""
    path = folder / NAME
    while True:
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # no one else can hold it
        except OSError as error:
            raise Unwritable(explain(folder if folder.exists() else folder.parent, error)) from error
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            say(f"{folder}: another build is running in this checkout ({holder}); waiting for it to finish")
            sys.stdout.flush()
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
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
