"""Where booktools keeps what it computes from contents alone (icon subsets, compiled templates):
outside the build folder, so that even clean builds reuse it, and never stale, being keyed by content."""

import os
from pathlib import Path

CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"), "booktools")
