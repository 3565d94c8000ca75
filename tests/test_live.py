"""make live: the book served on 127.0.0.1 and rebuilt when a chapter, or the bibliography
outside docs/, is saved. (How fast is the benchmark's business, not a test's.)"""

import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from book import ROOT

COPIED = ["Makefile", "conf.py", "CITATION.cff", "references.bib", "requirements.txt", "docs", "booktools"]
PATIENCE = 90  # seconds for the first build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if text in page:
            return page
        time.sleep(0.5)
    pytest.fail(f"{url} did not show {text!r} within {seconds} s")


@pytest.fixture
def live(tmp_path):
    for name in COPIED:  # copy2 keeps times, so make sees the environment as up to date
        source, target = ROOT / name, tmp_path / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, target)
    port = free_port()
    command = ["make", "-s", "live", f"PORT={port}", f"VENV={ROOT / '.venv'}"]
    log = (tmp_path / "live.log").open("w")
    server = subprocess.Popen(
        command, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    yield tmp_path, f"http://127.0.0.1:{port}"
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
    log.close()


def test_saving_a_chapter_or_the_bibliography_rebuilds_the_page(live):
    project, base = live
    chapter = f"{base}/chapters/01-introduction.html"
    first = wait_for(chapter, "Introduction", PATIENCE)
    assert "websocket-reload" in first, "the page reloads itself after a rebuild"

    path = project / "docs" / "chapters" / "01-introduction.md"
    path.write_text(path.read_text(encoding="utf-8") + "\nA sentence saved while the preview runs.\n")
    wait_for(chapter, "A sentence saved while the preview runs.", 60)

    bib = project / "references.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Espiral (Guadalajara)", "Espiral (Zapopan)"))
    wait_for(f"{base}/bibliography.html", "Espiral (Zapopan)", 60)

    # Saved pages are built by the standby Sphinx, and it was restarted after the .bib change.
    path.write_text(path.read_text(encoding="utf-8") + "\nA second sentence, after the bibliography.\n")
    wait_for(chapter, "A second sentence, after the bibliography.", 60)


def test_what_the_standby_writes_is_what_a_fresh_build_writes(live):
    project, base = live
    chapter = f"{base}/chapters/02-historical-context.html"
    wait_for(chapter, "Historical", PATIENCE)
    path = project / "docs" / "chapters" / "02-historical-context.md"
    for n in range(2):  # the second save goes to the standby started after the first
        path.write_text(path.read_text(encoding="utf-8") + f"\nSaved sentence number {n}.\n")
        wait_for(chapter, f"Saved sentence number {n}.", 60)
    time.sleep(1)  # the standby writes the search index after the pages
    fresh = project / "_build" / "fresh"
    options = ["-c", project, "-d", fresh / "doctrees", "-q", "-D", "book_downloads_required=0"]
    subprocess.run(
        [ROOT / ".venv" / "bin" / "sphinx-build", *options, project / "docs", fresh / "html"], check=True
    )
    log = (project / "live.log").read_text(encoding="utf-8")
    assert log.count("Rebuilding 02-historical-context.md in the waiting Sphinx") == 2, log
    live_site = project / "_build" / "live"
    for page in ["chapters/02-historical-context.html", "index.html", "searchindex.js", "genindex.html"]:
        assert (live_site / page).read_bytes() == (fresh / "html" / page).read_bytes(), page
