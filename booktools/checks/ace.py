"""The EPUB by DAISY Ace, the accessibility checker reading systems' makers use: no critical and
no serious issue may remain. Ace runs in Debian's Chromium (never a browser of its own), from
the version package-lock.json pins; its JSON report is read, so a checker that did not run is
never taken for a book that passed."""

import json
import os
import subprocess
import tempfile
from collections import Counter
from pathlib import Path

from . import Problem
from .validity import CheckerFailed

ROOT = Path(__file__).resolve().parents[2]
ACE = ROOT / "node_modules" / ".bin" / "ace-puppeteer"
CHROMIUM = "/usr/bin/chromium"
BLOCKING = ("critical", "serious")
IMPACTS = ("critical", "serious", "moderate", "minor")


def check(book: Path, ace: Path = ACE) -> tuple[Counter, list[Problem]]:
    """(issues by impact, a problem for each critical or serious one)."""
    with tempfile.TemporaryDirectory() as folder:
        environment = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
        try:
            result = subprocess.run([str(ace), "--silent", "--outdir", folder, str(book)],
                                    capture_output=True, text=True, env=environment)  # fmt: skip
        except OSError as error:
            raise CheckerFailed(f"DAISY Ace did not run ({ace}): {error}; make check installs it") from None
        try:
            report = json.loads(Path(folder, "report.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            output = (result.stdout + result.stderr).strip()[-2000:]
            raise CheckerFailed(f"DAISY Ace did not run ({ace}): {output}") from None
    counts, problems = Counter(dict.fromkeys(IMPACTS, 0)), []
    for page in report["assertions"]:
        for found in page.get("assertions", []):
            test = found["earl:test"]
            counts[test["earl:impact"]] += 1
            if test["earl:impact"] in BLOCKING:
                where = page["earl:testSubject"]["url"]
                problems.append(
                    Problem(book, None, f"Ace {test['earl:impact']}: {where}: {test['dct:title']}")
                )
    return counts, problems
