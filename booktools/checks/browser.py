"""Every page of the built site in a real browser: what it weighs, whom it asks, what axe finds.

The site is served on 127.0.0.1 and opened in Debian's Chromium, driven by Playwright. For each
page: the bytes of everything it loads (as sent, and gzip-compressed as a server would send
them), the hosts it asks (every request, answered or not), and axe-core's violations of the
WCAG 2.1 A and AA rules and its best practices. A page fails above the budget, when it asks any
other host, or when axe finds anything.
"""

import functools
import gzip
import socket
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from ..shared.site import pages
from . import Problem

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice", "experimental"]


@dataclass
class PageReport:
    path: str
    raw: int = 0
    gzipped: int = 0
    hosts: set[str] = field(default_factory=set)
    violations: list[dict] = field(default_factory=list)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def free_port() -> int:
    """A port of 127.0.0.1 free at the time of asking, for a server another program runs (nginx for
    Lighthouse, ``make live``)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serve(site: Path):
    """The site over HTTP on 127.0.0.1 (as a reader gets it, not from file://)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


@contextmanager
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


def settle(page, url: str) -> None:
    """Open a page and wait until it is drawn: loaded, fonts too (a font loads when text first
    uses it), and, where a page loads Font Awesome's script, its icons turned into drawings (the
    script does so a moment after the page loads). For pictures; the weight check waits for the
    network to go quiet instead."""
    page.goto(url, wait_until="load")
    page.evaluate("document.fonts.ready.then(() => null)")
    page.evaluate("window.FontAwesome ? window.FontAwesome.dom.i2svg().then(() => null) : null")


def search_results_shown(page) -> None:
    """Wait until the search page shows its results (booktools-search.js marks the list once they
    are all in, snippets too), or says that there are none."""
    page.wait_for_selector("#search-results[data-state]", state="attached")


def inspect(browser, url: str, path: str, axe=None) -> PageReport:
    report = PageReport(path)
    page = browser.new_page()
    responses = []
    page.on("request", lambda request: report.hosts.add(urlsplit(request.url).hostname))
    page.on("response", lambda response: responses.append(response))
    page.goto(url, wait_until="networkidle")
    for response in responses:
        try:
            body = response.body()
        except Exception:  # a redirect or an aborted request has no body
            body = b""
        report.raw += len(body)
        report.gzipped += len(gzip.compress(body, 9))
    if axe is not None:
        options = {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]}
        report.violations = axe.run(page, options=options).response["violations"]
    page.close()
    return report


def check_site(
    site: Path, budget: dict[str, int], accessibility: bool = True
) -> tuple[list[PageReport], list[Problem]]:
    from axe_playwright_python.sync_playwright import Axe

    reports, problems = [], []
    axe = Axe() if accessibility else None
    with serve(site) as base, chromium() as browser:
        for page in pages(site):
            path = page.relative_to(site).as_posix()
            report = inspect(browser, f"{base}/{path}", path, axe)
            reports.append(report)
            if report.raw > budget["raw"]:
                problems.append(Problem(page, None, f"loads {report.raw:,} bytes, over {budget['raw']:,}"))
            if report.gzipped > budget["gzip"]:
                problems.append(
                    Problem(page, None, f"loads {report.gzipped:,} bytes gzipped, over {budget['gzip']:,}")
                )
            if report.hosts - {"127.0.0.1"}:
                problems.append(
                    Problem(page, None, f"contacts {', '.join(sorted(report.hosts - {'127.0.0.1'}))}")
                )
            for violation in report.violations:
                where = ", ".join(str(n["target"][0]) for n in violation["nodes"][:3])
                problems.append(
                    Problem(page, None, f"axe {violation['id']} ({violation['impact']}): {where}")
                )
    return reports, problems


def table(reports: list[PageReport]) -> str:
    lines = [f"{'page':<36} {'bytes':>10} {'gzipped':>10}  {'axe':>3}  hosts"]
    for r in reports:
        lines.append(
            f"{r.path:<36} {r.raw:>10,} {r.gzipped:>10,}  {len(r.violations):>3}  {' '.join(sorted(r.hosts))}"
        )
    return "\n".join(lines)
