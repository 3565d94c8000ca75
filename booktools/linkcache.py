"""External links are re-checked only when their last good check is stale.

``make linkcheck`` keeps, beside Sphinx's report, a cache of every URL with the time of its
last check (booktools/checks/linkcheck.py writes it). On the next run, a URL that worked less
than ``book_linkcheck_max_age`` days ago is not fetched again, so a weekly run asks each site
only for what it has not confirmed lately. Broken or unreachable URLs are always retried.
"""

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

CACHE = "cache.json"
GOOD = {"working", "redirected"}


def fresh_urls(cache: dict, max_age_days: float, now: datetime) -> list[str]:
    cutoff = now - timedelta(days=max_age_days)
    return sorted(
        url
        for url, result in cache.items()
        if result["status"] in GOOD and datetime.fromisoformat(result["checked"]) >= cutoff
    )


def skip_fresh_urls(app):
    if app.builder.name != "linkcheck":
        return
    path = Path(app.outdir, CACHE)
    cache = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    urls = fresh_urls(cache, app.config.book_linkcheck_max_age, datetime.now(UTC))
    app.config.linkcheck_ignore = [*app.config.linkcheck_ignore, *(f"^{re.escape(u)}$" for u in urls)]


def setup(app):
    app.add_config_value("book_linkcheck_max_age", 7, "", types=[int, float])
    app.connect("builder-inited", skip_fresh_urls)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
