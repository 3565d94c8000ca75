"""The cache of external links' last checks: its file name, what counts as good, and which are fresh.

``make linkcheck`` keeps, beside Sphinx's report, a cache of every URL with the time of its
last check (booktools/checks/linkcheck.py writes it). On the next run, a URL that worked less
than ``book_linkcheck_max_age`` days ago is not fetched again, so a weekly run asks each site
only for what it has not confirmed lately. Broken or unreachable URLs are always retried.
"""

from datetime import datetime, timedelta

CACHE = "cache.json"
GOOD = {"working", "redirected"}


def fresh_urls(cache: dict, max_age_days: float, now: datetime) -> list[str]:
    cutoff = now - timedelta(days=max_age_days)
    return sorted(
        url
        for url, result in cache.items()
        if result["status"] in GOOD and datetime.fromisoformat(result["checked"]) >= cutoff
    )
