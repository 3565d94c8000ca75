"""Internal links of the built HTML: every link to a page of the book, and every anchor, exists.

Read with an HTML parser: ``href`` and ``src`` of every element, resolved against the page;
a fragment must be an ``id`` (or ``name``) in the target page. External addresses are the
linkcheck builder's business (``make linkcheck``).
"""

from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from ..shared.site import pages
from . import Problem

ATTRIBUTES = ("href", "src")


@cache
def parse(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


@cache
def anchors(page: Path) -> frozenset[str]:
    soup = parse(page)
    return frozenset(e["id"] for e in soup.select("[id]")) | frozenset(
        a["name"] for a in soup.select("a[name]")
    )


def internal_targets(page: Path):
    """(line, attribute value, target file, fragment) for each link of a page to the book itself."""
    for element in parse(page).find_all(True):
        for attribute in ATTRIBUTES:
            value = element.get(attribute)
            if not value or attribute == "src" and element.name == "script" and value.startswith("data:"):
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or value.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
            yield element.sourceline, value, target, unquote(parts.fragment)


def check(site: Path) -> list[Problem]:
    parse.cache_clear()
    anchors.cache_clear()
    problems = []
    for page in pages(site):
        for line, value, target, fragment in internal_targets(page):
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                problems.append(Problem(page, line, f"link to {value!r}: no such file"))
            elif fragment and target.suffix == ".html" and fragment not in anchors(target):
                problems.append(Problem(page, line, f"link to {value!r}: no anchor #{fragment} there"))
    return problems
