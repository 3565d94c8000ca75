"""External links are re-checked only when their last good check is stale: ``make linkcheck``
skips every URL that worked less than ``book_linkcheck_max_age`` days ago (the cache's format:
shared/linkcache.py; checks/linkcheck.py writes it)."""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from ..shared.linkcache import CACHE, fresh_urls


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
