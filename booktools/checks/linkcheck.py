"""External links, by Sphinx's linkcheck builder, with an honest verdict.

A link is *working*, *broken* (the server answered: 404, a missing anchor...) or *not checked*
(no answer: no network, a refused connection, a timeout, a rate limit). Without a network every
link is "not checked", and the result says so: exit status 77, which the test suite reports as
skipped, never as passed. Exit 1 means a link is broken; 0, that every link was checked and works.
The cache (see booktools/extension/freshlinks.py) records the time of each check.
"""

import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from ..shared.linkcache import CACHE, GOOD

NOT_CHECKED = 77  # the exit status of a check that could not run (as in automake's test harness)
UNREACHABLE = ("NameResolutionError", "Failed to resolve", "Connection refused", "Network is unreachable",
               "ConnectionError", "Max retries exceeded", "Temporary failure in name resolution")  # fmt: skip


@dataclass(frozen=True)
class Result:
    uri: str
    where: str
    status: str  # as Sphinx says: working, redirected, broken, timeout, rate-limited, ignored
    info: str

    @property
    def verdict(self) -> str:
        if self.status in GOOD:
            return "working"
        if self.status == "ignored":
            return "ignored"
        if self.status in ("timeout", "rate-limited") or any(s in self.info for s in UNREACHABLE):
            return "not checked"
        return "broken"


def read_report(outdir: Path) -> list[Result]:
    results = []
    for line in (outdir / "output.json").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["status"] == "unchecked":  # local anchors and mailto: not external links
            continue
        where = f"{entry['filename']}:{entry['lineno']}"
        results.append(Result(entry["uri"], where, entry["status"], entry["info"]))
    return results


def update_cache(outdir: Path, results: list[Result], now: datetime) -> None:
    path = outdir / CACHE
    cache = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    for r in results:
        if r.verdict in ("working", "broken"):
            cache[r.uri] = {"status": r.status, "checked": now.isoformat(timespec="seconds"), "info": r.info}
    path.write_text(json.dumps(cache, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def run_linkcheck(source: Path, conf: Path, outdir: Path) -> int:
    command = [sys.executable, "-m", "sphinx", "-b", "linkcheck", "-c", conf, "-d", outdir / ".doctrees",
               source, outdir, "-q"]  # fmt: skip
    build = subprocess.run([str(c) for c in command], capture_output=True, text=True)
    if not (outdir / "output.json").is_file():
        print(build.stderr, file=sys.stderr)
        return 1
    cache = json.loads((outdir / CACHE).read_text(encoding="utf-8")) if (outdir / CACHE).is_file() else {}
    results = read_report(outdir)
    update_cache(outdir, results, datetime.now(UTC))
    return report(results, cache)


def report(results: list[Result], cache: dict) -> int:
    by_verdict: dict[str, list[Result]] = {}
    for r in results:
        verdict = "fresh in the cache" if r.status == "ignored" and r.uri in cache else r.verdict
        by_verdict.setdefault(verdict, []).append(r)
    for r in by_verdict.get("broken", []):
        print(f"{r.where}: broken link {r.uri}: {r.info}", file=sys.stderr)
    for r in by_verdict.get("not checked", []):
        print(f"{r.where}: NOT checked {r.uri}: {r.info[:160]}", file=sys.stderr)
    counts = ", ".join(f"{len(v)} {k}" for k, v in sorted(by_verdict.items()))
    external = len(results) - len(by_verdict.get("ignored", []))
    unchecked = len(by_verdict.get("not checked", []))
    if by_verdict.get("broken"):
        print(f"external links: {counts}: BROKEN LINKS", file=sys.stderr)
        return 1
    if unchecked:
        what = "NONE of the" if unchecked == external else "NOT all"
        print(f"external links: {counts}: {what} external links were checked "
              f"(no network, or no answer); this is not a pass", file=sys.stderr)  # fmt: skip
        return NOT_CHECKED
    print(f"external links: {counts}: all checked and working")
    return 0
