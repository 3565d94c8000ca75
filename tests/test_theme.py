"""What the book draws in place of the theme's own markup stays the theme's markup.

The sidebar's table of contents is drawn by booktools.navigation (the theme's own drawing grows
with the square of the chapters). These tests build one small book twice, in-process, with the
theme's sbt-sidebar-nav.html and with the book's book-navigation.html, and compare the two
sidebars element by element on every page: a new release of the theme that changes its markup,
or the meaning of an option, fails here.
"""

from io import StringIO

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from book import ROOT, copy_root

PAGES = ["index", "one", "two", "three"]


def sidebars(tmp_path, template: str, home_in_toc: bool) -> dict[str, list]:
    source = copy_root("test-navigation", tmp_path / template)
    overrides = {
        "html_sidebars": {"**": [template]},
        "html_theme_options": {"home_page_in_toc": home_in_toc},
        "templates_path": [str(ROOT / "booktools" / "templates")],
    }
    warnings = StringIO()
    app = SphinxTestApp("html", srcdir=source, confoverrides=overrides, status=StringIO(), warning=warnings)
    try:
        app.build()
    finally:
        app.cleanup()
    assert warnings.getvalue() == ""
    return {page: shape(app.outdir / f"{page}.html") for page in PAGES}


def shape(page) -> list:
    """The sidebar's elements in order: name, classes, link, and text of each."""
    nav = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("nav.bd-links")
    return [
        (e.name, sorted(e.get("class", [])), e.get("href"), e.get("aria-level"), e.get("role"),
         " ".join(e.get_text(" ").split()) if e.name in ("a", "span") else "")
        for e in nav.find_all(True)
    ]  # fmt: skip


@pytest.mark.parametrize("home_in_toc", [True, False])
def test_the_sidebar_is_the_themes_own(tmp_path, home_in_toc):
    ours = sidebars(tmp_path, "book-navigation.html", home_in_toc)
    theirs = sidebars(tmp_path, "sbt-sidebar-nav.html", home_in_toc)
    assert ours == theirs
    current = [e for e in ours["two"] if e[0] == "a" and "current" in e[1]]
    assert current == [("a", ["current", "internal", "reference"], "#", None, None, "2. Two")]
