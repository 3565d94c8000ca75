"""What the book draws in place of the theme's own markup stays the theme's markup.

The sidebar's table of contents is drawn by booktools.extension.navigation (the theme's own drawing grows
with the square of the chapters). These tests build one small book twice, in-process, with the
theme's sbt-sidebar-nav.html and with the book's book-navigation.html, and compare the two
sidebars element by element on every page: a new release of the theme that changes its markup,
or the meaning of an option, fails here. The book's own markup is also kept as last reviewed,
in tests/snapshots/ (pytest-regressions): any change to it fails until it is looked at.
"""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from book import ROOT, build_root

PAGES = ["index", "one", "two", "three"]
TEMPLATES = ROOT / "booktools" / "extension" / "templates"


def snapshot(file_regression, element, name: str) -> None:
    """The book's markup as last reviewed, in tests/snapshots/<name>.html: any change to it (a
    template edited, the theme upgraded) fails until the new snapshot is looked at and kept
    (pytest --force-regen, then git diff)."""
    file_regression.check(element.prettify(), basename=name, extension=".html")


def sidebars(make_app, tmp_path, template: str, home_in_toc: bool) -> dict[str, BeautifulSoup]:
    outdir, warnings = build_root(
        make_app, "navigation", tmp_path / template, html_sidebars={"**": [template]},
        html_theme_options={"home_page_in_toc": home_in_toc}, templates_path=[str(TEMPLATES)],
    )  # fmt: skip
    assert warnings == ""
    return {page: sidebar(outdir / f"{page}.html") for page in PAGES}


def sidebar(page: Path) -> BeautifulSoup:
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("nav.bd-links")


def shape(nav: BeautifulSoup) -> list:
    """The sidebar's elements in order: name, classes, link, and text of each."""
    return [
        (e.name, sorted(e.get("class", [])), e.get("href"), e.get("aria-level"), e.get("role"),
         " ".join(e.get_text(" ").split()) if e.name in ("a", "span") else "")
        for e in nav.find_all(True)
    ]  # fmt: skip


@pytest.mark.slow  # builds a small book with the theme, twice or more
@pytest.mark.parametrize("home_in_toc", [True, False])
def test_the_sidebar_is_the_themes_own(make_app, tmp_path, home_in_toc, file_regression):
    navs = sidebars(make_app, tmp_path, "book-navigation.html", home_in_toc)
    ours = {page: shape(nav) for page, nav in navs.items()}
    theirs = {page: shape(nav) for page, nav in sidebars(make_app, tmp_path, "sbt-sidebar-nav.html",
                                                             home_in_toc).items()}  # fmt: skip
    assert ours == theirs
    current = [e for e in ours["two"] if e[0] == "a" and "current" in e[1]]
    assert current == [("a", ["current", "internal", "reference"], "#", None, None, "2. Two")]
    snapshot(file_regression, navs["two"], f"sidebar-home-{'in' if home_in_toc else 'out'}")


def sidebar_toggles(make_app, where: Path, **settings) -> list[str]:
    """Where the buttons that open the sidebar are, on a page: in the header bar or the article's."""
    outdir, warnings = build_root(make_app, "navigation", where, **settings)
    assert warnings == ""
    page = BeautifulSoup((outdir / "one.html").read_text(encoding="utf-8"), "html.parser")
    return [button.find_parent(class_=["bd-header", "bd-header-article"])["class"][0]
            for button in page.select(".primary-toggle")]  # fmt: skip


@pytest.mark.slow  # builds a small book with the theme, twice
def test_a_phone_has_one_sidebar_button_the_one_it_shows(make_app, tmp_path):
    """The themes' scripts bind the first .primary-toggle of a page: with the header bar's
    (hidden) before the article's, the article's button opened nothing. The bar stays, with its
    button, when the book asks for it."""
    assert sidebar_toggles(make_app, tmp_path / "unset") == ["bd-header-article"]
    asked = {"navbar_persistent": ["search-button-field"]}
    assert sidebar_toggles(make_app, tmp_path / "asked", html_theme_options=asked) == [
        "bd-header",
        "bd-header-article",
    ]


def test_no_page_loads_a_file_left_out_and_every_file_it_loads_is_there(html_dir):
    """The excluded theme files are gone, no page asks for one, and what pages ask for exists
    with the digest the installed theme gives it (nothing of the theme's is written by hand)."""
    import re

    import pydata_sphinx_theme

    from book import CONF, site_pages
    from booktools.extension.assets import excluded

    macros = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    digests = set(re.findall(r"digest=([0-9a-f]+)", (macros / "webpack-macros.html").read_text()))
    patterns = CONF["book_theme_static_exclude"]
    static = html_dir / "_static"
    assert not [
        p for p in static.rglob("*") if p.is_file() and excluded(p.relative_to(static).as_posix(), patterns)
    ]
    for page in site_pages(html_dir):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for element in soup.select("script[src], link[href]"):
            address = element.get("src") or element.get("href")
            if "_static/" not in address:
                continue
            path, _, query = address.partition("?")
            assert (page.parent / path).is_file(), f"{page.name} loads {address}, which is not there"
            assert not excluded(path.split("_static/", 1)[1], patterns)
            if query.startswith("digest="):
                assert query.removeprefix("digest=") in digests, f"{page.name}: {address}"


def header_menu(make_app, tmp_path, name: str, extensions: list[str]) -> tuple[list, str, BeautifulSoup]:
    outdir, warnings = build_root(make_app, "downloads", tmp_path / name, extensions=extensions)
    page = BeautifulSoup((outdir / "index.html").read_text(encoding="utf-8"), "html.parser")
    menu = page.select_one(".dropdown-download-buttons")
    return [(a.get("href"), " ".join(a.get_text(" ").split())) for a in menu.select("a")], warnings, menu


@pytest.mark.slow  # builds a small book with the theme, twice or more
def test_the_download_menu_offers_the_editions_or_is_the_themes_own(
    make_app, tmp_path, monkeypatch, file_regression
):
    import booktools.extension.downloads

    ours, warned, menu = header_menu(
        make_app, tmp_path, "ours", ["myst_parser", "booktools.extension.downloads"]
    )
    assert warned == ""
    assert ("book.pdf", "PDF edition") in ours and not any(".pdf" == text for _, text in ours)
    snapshot(file_regression, menu, "download-menu")
    stock, _, _ = header_menu(make_app, tmp_path, "stock", ["myst_parser"])
    # The theme hands its menu over differently: the book keeps the theme's, and says so once.
    monkeypatch.setattr(
        booktools.extension.downloads, "THEME_DOWNLOAD_GROUP", "a-label-the-theme-no-longer-uses"
    )
    fallback, warned, _ = header_menu(
        make_app, tmp_path, "fallback", ["myst_parser", "booktools.extension.downloads"]
    )
    assert fallback == stock
    assert warned.count("the theme's download menu") == 1 and "[booktools.fallback]" in warned


def test_the_icon_font_holds_every_icon_a_page_shows_and_no_more(html_dir):
    """booktools.extension.icons: the site's Font Awesome font is cut down to the icons in use."""
    import io

    from fontTools.ttLib import TTFont

    from book import site_pages
    from booktools.extension import icons

    published = html_dir / icons.FONT
    theirs = next(
        path
        for path in Path(__import__("pydata_sphinx_theme").__file__).parent.rglob(icons.FONT.name)
        if "static" in path.parts
    )
    css = "\n".join(p.read_text(encoding="utf-8") for p in sorted((html_dir / "_static").rglob("*.css")))
    by_class, _ = icons.css_icons(css)
    shown = {
        name for page in site_pages(html_dir) for name in icons.CLASS_NAME.findall(page.read_text("utf-8"))
    }
    wanted = {ord(by_class[name]) for name in shown if name in by_class}
    font = TTFont(io.BytesIO(published.read_bytes()))
    cmap = set(font.getBestCmap())
    assert wanted and wanted <= cmap
    assert len(cmap) < len(TTFont(theirs).getBestCmap()) / 10


def sidebar_button(make_app, tmp_path, name: str, ours: bool) -> list:
    templates = {"templates_path": [str(TEMPLATES)]} if ours else {}
    sidebars = {"**": ["search-button-field.html"]}
    outdir, _ = build_root(make_app, "navigation", tmp_path / name, html_sidebars=sidebars, **templates)
    page = BeautifulSoup((outdir / "one.html").read_text(encoding="utf-8"), "html.parser")
    return page.select_one(".bd-sidebar-primary button.search-button-field")


def parts(button) -> list:
    return [(e.name, dict(e.attrs), e.string) for e in [button, *button.find_all(True)]]


@pytest.mark.slow  # builds a small book with the theme, twice or more
def test_the_search_button_is_the_themes_but_named_by_its_text(make_app, tmp_path, file_regression):
    """search-button-field.html is the theme's, less the aria-label that left the shortcut out
    of the button's name (axe: label-content-name-mismatch), and with the icon hidden from
    screen readers; anything else the theme changes fails here."""
    button = sidebar_button(make_app, tmp_path, "ours", True)
    snapshot(file_regression, button, "search-button")
    ours, theirs = parts(button), parts(sidebar_button(make_app, tmp_path, "theirs", False))
    assert theirs[0][1].pop("aria-label") == "Search"
    assert ours[1][1].pop("aria-hidden") == "true"
    assert ours == theirs


@pytest.mark.slow  # builds a small book with the theme, twice or more
def test_an_icon_font_the_book_cannot_read_is_published_whole(make_app, tmp_path, monkeypatch):
    from booktools.extension import icons

    stock, _ = build_root(make_app, "icons", tmp_path / "stock", extensions=["myst_parser"])
    ours, warned = build_root(make_app, "icons", tmp_path / "ours")
    assert warned == "" and (ours / icons.FONT).stat().st_size < (stock / icons.FONT).stat().st_size / 10
    monkeypatch.setattr(icons, "ICON_RULE", re.compile(r"a-form-the-theme-no-longer-writes"))
    fallback, warned = build_root(make_app, "icons", tmp_path / "fallback")
    assert (fallback / icons.FONT).read_bytes() == (stock / icons.FONT).read_bytes()
    assert warned.count("the font is published whole") == 1 and "[booktools.fallback]" in warned


def search_forms(make_app, tmp_path, name: str, ours: bool) -> dict:
    """The search dialog's form on a page, and the search page's container, as built."""
    templates = {"templates_path": [str(TEMPLATES)]} if ours else {}
    outdir, _ = build_root(make_app, "navigation", tmp_path / name, **templates)
    page = BeautifulSoup((outdir / "one.html").read_text(encoding="utf-8"), "html.parser")
    search = BeautifulSoup((outdir / "search.html").read_text(encoding="utf-8"), "html.parser")
    return {
        "dialog": page.select_one("#pst-search-dialog form"),
        "page": search.select_one(".bd-search-container"),
    }


def outline(element) -> list:
    return [(e.name, dict(e.attrs), (e.string or "").strip()) for e in [element, *element.find_all(True)]]


@pytest.mark.slow  # builds a small book with the theme, twice
def test_the_search_field_is_the_themes_with_a_submit_button(make_app, tmp_path, file_regression):
    """The search dialog and the search page have the theme's search field, with a submit button
    (HTML_CodeSniffer H32.2) instead of the Ctrl+K hint, and the search page the book's status
    line and names (booktools/extension/search.py); anything else the theme changes in either fails here."""
    ours, theirs = (
        search_forms(make_app, tmp_path, "ours", True),
        search_forms(make_app, tmp_path, "theirs", False),
    )
    for where in ("dialog", "page"):
        snapshot(file_regression, ours[where], f"search-{where}")
    for where in ("dialog", "page"):
        mine, stock = ours[where], theirs[where]
        button = mine.select_one("button[type=submit]")
        assert button is not None and button.get_text(strip=True) == "Search", where
        button.decompose()
        hint = stock.select_one(".search-button__kbd-shortcut")
        assert hint is not None, where
        hint.decompose()
        if where == "page":  # the book's search adds its status line and the glossary's names
            for added in mine.select("#search-status, #book-search-names"):
                added.decompose()
        assert outline(mine) == outline(stock), where
