"""Every page as a second accessibility engine judges it: pa11y with HTML_CodeSniffer, WCAG 2 AA.

axe-core (the pages check) and HTML_CodeSniffer are written by different people from different
readings of WCAG; each finds what the other lets through (a form without a submit button, for
one). pa11y, at the version package-lock.json pins, opens each page of the built site, served on
127.0.0.1, in Debian's Chromium, and reports in JSON: every "error" is a problem (warnings and
notices are HTML_CodeSniffer's requests for a human's judgement, not failures). A pa11y that did
not run is never taken for a page that passed (CheckerFailed).
"""

import json
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..shared.site import pages
from . import Problem
from .browser import serve
from .validity import CheckerFailed

ROOT = Path(__file__).resolve().parents[2]
PA11Y = ROOT / "node_modules" / ".bin" / "pa11y"
CHROMIUM = "/usr/bin/chromium"
STANDARD = "WCAG2AA"
TIMEOUT = 120  # seconds for one page
WORKERS = 2  # pages at once (each its own Chromium)
CONFIG = {
    "chromeLaunchConfig": {"executablePath": CHROMIUM, "args": ["--headless=new", "--no-sandbox"]},
    "standard": STANDARD,
    "runners": ["htmlcs"],
    "timeout": TIMEOUT * 1000,
}


def run(url: str, config: Path) -> list[dict]:
    """pa11y's issues for one page. Its exit status is 2 when it found errors, which is a result,
    not a failure; anything it cannot report in JSON is."""
    try:
        result = subprocess.run([PA11Y, "--config", config, "--reporter", "json", url],
                                capture_output=True, text=True, timeout=TIMEOUT + 30)  # fmt: skip
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CheckerFailed(f"pa11y did not run on {url}: {error}") from error
    try:
        issues = json.loads(result.stdout)
    except json.JSONDecodeError:
        said = (result.stderr or result.stdout)[-300:]
        raise CheckerFailed(f"pa11y gave no report for {url}: {said}") from None
    if not isinstance(issues, list):
        raise CheckerFailed(f"pa11y's report for {url} is not a list of issues")
    return issues


def check(site: Path) -> tuple[int, list[Problem]]:
    """(pages checked, an error of HTML_CodeSniffer on any of them)."""
    if not PA11Y.exists():
        raise CheckerFailed(f"{PA11Y} is missing: make check installs it (npm ci)")
    problems, site_pages = [], pages(site)
    with tempfile.TemporaryDirectory() as folder, serve(site) as base:
        config = Path(folder, "pa11y.json")
        config.write_text(json.dumps(CONFIG), encoding="utf-8")
        urls = [f"{base}/{page.relative_to(site).as_posix()}" for page in site_pages]
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:  # a browser each: pages are independent
            reports = list(pool.map(lambda url: run(url, config), urls))
    for page, issues in zip(site_pages, reports, strict=True):
        for issue in issues:
            if issue.get("type") == "error":
                where = " ".join(issue.get("context", "").split())[:100]
                problems.append(Problem(page, None, f"pa11y {issue['code']}: {issue['message']} ({where})"))
    return len(site_pages), problems
