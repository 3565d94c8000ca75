"""make live: the book served on 127.0.0.1 and rebuilt when a chapter, or the bibliography
outside docs/, is saved, with every warning a clean build would give. (How fast is the
benchmark's business, not a test's.)"""

import http.client
import os
import signal
import subprocess
import time
import urllib.request

import pytest

from book import label_uses, undefined_label_warnings, warned_for_every_use
from booktools.checks.browser import free_port

PATIENCE = 120  # seconds for the first build

pytestmark = pytest.mark.slow  # each test builds the book again


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (OSError, http.client.HTTPException):
        # Not there yet: each save rebuilds the preview from nothing, so a page may be missing,
        # or cut short when it is read while it is written.
        return ""


def wait_for(check, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.2)
    pytest.fail(f"waited {seconds} s for {what}")


@pytest.fixture
def live(book, tmp_path):
    """make live in a copy of the book: (the copy, the address, the server's log file)."""
    port = free_port()
    log = tmp_path / "live.log"
    with log.open("w") as output:
        server = subprocess.Popen(["make", "-s", "live", f"PORT={port}"], cwd=book.folder, stdout=output,
                                  stderr=subprocess.STDOUT, env=book.environment(),
                                  start_new_session=True)  # fmt: skip
        try:
            yield book, f"http://127.0.0.1:{port}", log
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


def page_showing(url: str, text: str):
    return lambda: (page := fetch(url)) and text in page and page


def test_saving_a_chapter_or_the_bibliography_rebuilds_the_page(live):
    book, base, _ = live
    chapter = f"{base}/chapters/01-introduction.html"
    first = wait_for(page_showing(chapter, "Introduction"), PATIENCE, "the first build")
    assert "websocket-reload" in first, "the page reloads itself after a rebuild"

    path = book.path("docs/chapters/01-introduction.md")
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence saved while the preview runs.\n")
    wait_for(page_showing(chapter, "A sentence saved while the preview runs."), 60, "the saved sentence")

    bib = book.path("references.bib")
    bib.write_text(bib.read_text(encoding="utf-8").replace("Espiral (Guadalajara)", "Espiral (Zapopan)"))
    wait_for(page_showing(f"{base}/bibliography.html", "Espiral (Zapopan)"), 60, "the bibliography")


def test_every_save_reports_every_problem_the_book_still_has(live):
    """A page that was not saved, but links to a label renamed elsewhere, is warned about; and a
    problem found in one save is reported again on the next save of another page (an
    incremental build would not read the first page again, and would pass)."""
    book, base, log = live
    wait_for(page_showing(f"{base}/index.html", "Mexico"), PATIENCE, "the first build")
    book.edit("docs/chapters/05-negotiations.md", "(negotiation-process)=", "(negotiations)=")
    uses = label_uses(book.folder, "negotiation-process")
    wait_for(
        lambda: warned_for_every_use(
            uses, undefined_label_warnings(book.folder, log.read_text(), "negotiation-process")
        ),
        60,
        f"a warning for each use of the old label: {uses}",
    )
    book.edit("docs/chapters/05-negotiations.md", "(negotiations)=", "(negotiation-process)=")
    book.edit(
        "docs/chapters/01-introduction.md",
        "# Introduction\n",
        "# Introduction\n\n```{nosuchdirective}\n```\n",
    )
    lines = book.path("docs/chapters/01-introduction.md").read_text(encoding="utf-8").splitlines()
    line = lines.index("```{nosuchdirective}") + 1
    unknown = f"docs/chapters/01-introduction.md:{line}: WARNING: Unknown directive type: 'nosuchdirective'"
    wait_for(lambda: unknown in log.read_text(), 60, unknown)
    seen = log.read_text().count(unknown)
    book.edit(
        "docs/chapters/02-historical-context.md", "# Historical Context\n", "# Historical Context\n\nSaved.\n"
    )
    wait_for(lambda: log.read_text().count(unknown) > seen, 60, "the unknown directive, reported again")
