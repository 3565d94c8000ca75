"""The EPUB edition as a reproducible file: the same sources give the same bytes.

Sphinx zips the EPUB with each file's modification time, so two builds of one commit, or an
incremental build and a clean one, give different files. Here the archive is written again
with every entry dated SOURCE_DATE_EPOCH (the book's date) and the same permissions, in
Sphinx's order (the uncompressed ``mimetype`` first, as the EPUB standard requires).
"""

import os
import time
import zipfile
from pathlib import Path

EARLIEST = 315532800  # 1980-01-01, the earliest time a zip archive can record
FILE_MODE = 0o644 << 16


def entry_time() -> tuple:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", EARLIEST)), EARLIEST)
    return time.gmtime(epoch)[:6]


def normalise(path: Path) -> None:
    """Rewrite the archive at path with fixed times and modes (to a new file, then renamed)."""
    when = entry_time()
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(temporary, "w") as new:
        for item in old.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=when)
            entry.compress_type = item.compress_type
            entry.external_attr = FILE_MODE
            entry.create_system = 3  # Unix, whatever the machine
            new.writestr(entry, old.read(item))
    temporary.replace(path)


def normalise_epub(app, exception):
    if exception or app.builder.name != "epub":
        return
    normalise(Path(app.outdir, f"{app.config.epub_basename}.epub"))


def setup(app):
    app.connect("build-finished", normalise_epub, priority=900)  # after Sphinx has zipped it
    return {"parallel_read_safe": True, "parallel_write_safe": True}
