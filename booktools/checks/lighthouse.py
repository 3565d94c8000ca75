"""Pages as Lighthouse judges them, served as a static host serves them.

The site is served by nginx (Debian's) with gzip on, as most static hosts send it, from a
configuration written for the run, on a free port of 127.0.0.1; nginx is stopped afterwards.
Lighthouse, at the version package-lock.json pins, opens each page in Debian's Chromium twice,
as a phone and as a desktop, and its JSON report is read: a page fails below its scores or
with any error in the browser's console. A Lighthouse or nginx that did not run is never taken
for a page that passed (CheckerFailed).

Performance is measured, not computed: another program busy on the machine lowers it. As
Lighthouse's own documentation advises for that variance, a page whose performance falls short
is run twice more and judged by the median of its three runs.
"""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from . import Problem
from .browser import free_port
from .validity import CheckerFailed

ROOT = Path(__file__).resolve().parents[2]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
NGINX = "/usr/sbin/nginx"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS = ("mobile", "desktop")
CHROMIUM_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage"

NGINX_CONF = """\
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    gzip on;
    gzip_types text/css application/javascript text/javascript image/svg+xml application/json;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
    }}
}}
"""


@dataclass
class Run:
    page: str
    form_factor: str
    scores: dict[str, int] = field(default_factory=dict)
    console_errors: list[str] = field(default_factory=list)
    failing: dict[str, list[str]] = field(default_factory=dict)  # category: audits below 1


@contextmanager
def nginx(site: Path):
    """The site at http://127.0.0.1:PORT, served by nginx with gzip, until the block ends."""
    if not Path(NGINX).is_file():
        raise CheckerFailed(f"nginx is not installed ({NGINX}); scripts/install-packages.sh test installs it")
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        # As root, nginx's workers would read the site as "nobody", who may not enter the checkout.
        user = "user root;" if os.geteuid() == 0 else ""
        conf = Path(folder, "nginx.conf")
        conf.write_text(NGINX_CONF.format(user=user, folder=folder, port=port, site=site.resolve()))
        server = subprocess.Popen([NGINX, "-c", str(conf), "-p", folder], stderr=subprocess.PIPE, text=True)
        try:
            for _ in range(100):
                if server.poll() is not None:
                    raise CheckerFailed(f"nginx stopped: {server.stderr.read().strip()}")
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                    break
                except OSError:
                    time.sleep(0.05)
            else:
                raise CheckerFailed("nginx did not answer within 5 s")
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


def audit(url: str, form_factor: str, lighthouse: Path = LIGHTHOUSE) -> dict:
    """Lighthouse's report (its JSON) on one page."""
    command = [str(lighthouse), url, "--output=json", "--output-path=stdout", "--quiet",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROMIUM_FLAGS}"]  # fmt: skip
    if form_factor == "desktop":
        command.append("--preset=desktop")
    environment = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        result = subprocess.run(command, capture_output=True, text=True, env=environment, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise CheckerFailed(
            f"Lighthouse did not run ({lighthouse}): {error}; make check installs it"
        ) from None
    try:
        report = json.loads(result.stdout)
        report["categories"]["performance"]["score"]  # noqa: B018 (a report, not an error page)
    except (ValueError, KeyError, TypeError):
        raise CheckerFailed(
            f"Lighthouse did not run: {(result.stdout + result.stderr).strip()[-2000:]}"
        ) from None
    return report


def read(report: dict, page: str, form_factor: str) -> Run:
    run = Run(page, form_factor)
    audits = report["audits"]
    for name in CATEGORIES:
        category = report["categories"][name]
        run.scores[name] = round((category["score"] or 0) * 100)
        run.failing[name] = [
            audits[ref["id"]]["title"]
            for ref in category["auditRefs"]
            if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None and audits[ref["id"]]["score"] < 1
        ]
    items = (audits.get("errors-in-console", {}).get("details") or {}).get("items", [])
    run.console_errors = [f"{item.get('source', '')}: {item.get('description', '')}" for item in items]
    return run


def check(site: Path, pages: list[str], minimum: dict[str, int]) -> tuple[list[Run], list[Problem]]:
    if not shutil.which(str(LIGHTHOUSE)):
        raise CheckerFailed(f"Lighthouse is not installed ({LIGHTHOUSE}); make check installs it")
    runs, problems = [], []
    with nginx(site) as base:
        for page in pages:
            for form_factor in FORM_FACTORS:
                run = read(audit(f"{base}/{page}", form_factor), page, form_factor)
                if run.scores["performance"] < minimum["performance"]:
                    tries = [
                        run,
                        *(read(audit(f"{base}/{page}", form_factor), page, form_factor) for _ in range(2)),
                    ]
                    run = sorted(tries, key=lambda r: r.scores["performance"])[1]  # the median
                runs.append(run)
                for name, score in run.scores.items():
                    if score < minimum[name]:
                        failing = "; ".join(run.failing[name]) or "no single audit failed"
                        problems.append(
                            Problem(
                                site / page,
                                None,
                                f"Lighthouse {form_factor} {name} {score} < {minimum[name]}: {failing}",
                            )
                        )
                for error in run.console_errors:
                    problems.append(
                        Problem(site / page, None, f"Lighthouse {form_factor}: console error: {error}")
                    )
    return runs, problems


def table(runs: list[Run]) -> str:
    lines = [
        f"{'page':<36} {'device':<8} " + " ".join(f"{c[:13]:>13}" for c in CATEGORIES) + "  console errors"
    ]
    for run in runs:
        scores = " ".join(f"{run.scores[c]:>13}" for c in CATEGORIES)
        lines.append(f"{run.page:<36} {run.form_factor:<8} {scores}  {len(run.console_errors)}")
    return "\n".join(lines)
