"""Where booktools keeps what it computes from contents alone (icon subsets, formatted
bibliography entries, compiled templates): outside the build folder, so that even clean builds
reuse it.

A cache must never change what a build makes. Each entry is named by the digest of what it was
made from (so it is never stale) and by the digest of its own bytes, checked on every read (so a
file cut short, or altered, is not used: it is removed and made again). Entries are written to a
new file and renamed, so a build stopped halfway leaves none half-written, and a cache folder
that cannot be written only means building without it.
"""

import hashlib
import os
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "booktools")


def entry_name(kind: str, key: str, data: bytes, suffix: str) -> str:
    return f"{kind}-{key}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"


def load(kind: str, key: str, suffix: str = "") -> bytes | None:
    """The bytes kept for (kind, key), if an intact entry exists."""
    try:
        candidates = sorted(CACHE.glob(f"{kind}-{key}-*{suffix}"))
    except OSError:
        return None
    for path in candidates:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if path.name == entry_name(kind, key, data, suffix):
            return data
        try:
            path.unlink()  # cut short or altered: made again
        except OSError:
            pass
    return None


def store(kind: str, key: str, data: bytes, suffix: str = "") -> None:
    """Keep data for (kind, key); without a writable cache folder, nothing is kept."""
    path = CACHE / entry_name(kind, key, data, suffix)
    temporary = CACHE / f".{path.name}.{os.getpid()}"
    try:
        CACHE.mkdir(parents=True, exist_ok=True)
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        try:
            temporary.unlink(missing_ok=True)
        except OSError:
            pass
