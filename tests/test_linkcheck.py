"""External links: the checker, tested without internet against a server on 127.0.0.1, and the
book's own links, which count as skipped, never as passed, when they could not be checked."""

import json
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from book import ROOT, copy_root, run
from booktools.checks.linkcheck import NOT_CHECKED, read_report

GOOD_PAGE = b'<html><body><h2 id="here">Here</h2></body></html>'
SLOW_SECONDS = 3  # the fixture project's timeout is 1 second


class Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if self.path == "/good.html":
            self.answer(200, GOOD_PAGE)
        elif self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/good.html")
            self.end_headers()
        elif self.path == "/slow":
            time.sleep(SLOW_SECONDS)
            self.answer(200, GOOD_PAGE)
        else:
            self.answer(404, b"not here")

    do_HEAD = do_GET

    def answer(self, code, body):
        self.send_response(code)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command == "GET":
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def project(tmp_path, server, keep=None):
    source = copy_root("test-linkcheck", tmp_path)
    index = source / "index.md"
    lines = index.read_text(encoding="utf-8").replace("SERVER", server).splitlines()
    if keep:
        lines = [line for line in lines if not line.startswith("- ") or any(k in line for k in keep)]
    index.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return source


def linkcheck(source):
    return run(sys.executable, "-m", "booktools.checks", "linkcheck", source, source / "_build")


@pytest.mark.slow  # Sphinx's link checker, as a command
def test_each_kind_of_link_gets_its_verdict(tmp_path, server):
    source = project(tmp_path, server)
    result = linkcheck(source)
    assert result.returncode == 1, result.stderr
    verdicts = {r.uri.removeprefix(server): r.verdict for r in read_report(source / "_build")}
    assert verdicts == {
        "/good.html": "working",
        "/missing.html": "broken",
        "/moved": "working",  # a redirect to a good page
        "/good.html#here": "working",
        "/good.html#nowhere": "broken",
        "/slow": "not checked",  # no answer in time is not an answer
    }
    assert f"index.md:6: broken link {server}/missing.html" in result.stderr
    assert "BROKEN LINKS" in result.stderr


@pytest.mark.slow  # Sphinx's link checker, as a command
def test_without_a_network_nothing_passes(tmp_path):
    source = copy_root("test-linkcheck", tmp_path)
    (source / "index.md").write_text(
        "# Links\n\n[offline](https://no-such-host.invalid/page)\n", encoding="utf-8"
    )
    result = linkcheck(source)
    assert result.returncode == NOT_CHECKED
    assert "NONE of the external links were checked" in result.stderr
    assert "NOT checked https://no-such-host.invalid/page" in result.stderr


@pytest.mark.slow  # Sphinx's link checker, as a command
def test_fresh_results_are_not_fetched_again_and_stale_ones_are(tmp_path, server):
    source = project(tmp_path, server, keep=["good page", "moved page"])
    assert linkcheck(source).returncode == 0
    cache_file = source / "_build" / "cache.json"
    cache = json.loads(cache_file.read_text(encoding="utf-8"))
    assert set(cache) == {f"{server}/good.html", f"{server}/moved"}
    hits = dict(Handler.hits)

    again = linkcheck(source)
    assert again.returncode == 0 and "2 fresh in the cache" in again.stdout
    assert Handler.hits == hits

    stale = (datetime.now(UTC) - timedelta(days=30)).isoformat(timespec="seconds")
    cache[f"{server}/moved"]["checked"] = stale
    cache_file.write_text(json.dumps(cache), encoding="utf-8")
    assert linkcheck(source).returncode == 0
    assert Handler.hits["/moved"] == hits["/moved"] + 1
    assert Handler.hits.get("/good.html") == hits.get("/good.html")


@pytest.mark.slow  # the network, or the time it takes to find there is none
def test_the_books_external_links(tmp_path):
    result = run(
        sys.executable, "-m", "booktools.checks", "linkcheck", ROOT / "docs", tmp_path, "--conf", ROOT
    )
    if result.returncode == NOT_CHECKED:
        pytest.skip("external links were NOT checked: " + result.stderr.strip().splitlines()[-1])
    assert result.returncode == 0, result.stderr
