"""A light page that looks and works as the theme made it: the style sheets cut to the rules the
pages can use (booktools/extension/styles.py; the pages relinked by
booktools/extension/assets.py), the scripts deferred (booktools/extension/scripts.py), the menus
opened without Bootstrap's script (booktools/extension/static/booktools-menus.js)."""

import datetime
from io import BytesIO, StringIO
from pathlib import Path
from types import SimpleNamespace

import pydata_sphinx_theme
import pytest
from PIL import Image, ImageChops
from pixelmatch.contrib.PIL import pixelmatch
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

from book import parse_html, site_pages
from booktools.checks.browser import chromium, serve, settle
from booktools.extension import assets, cachedir, edition, scripts, styles

WORDS = {"note", "title", "show", "menu"}


def test_a_rule_stays_when_every_name_it_needs_is_in_use():
    css = ".note{color:red}.gone{color:blue}.note .gone{margin:0}.note.show,.gone.show{top:0}"
    assert styles.cut(css, WORDS) == ".note{color:red}\n.note.show{top:0}"


def test_names_under_not_is_where_and_has_are_not_needed():
    css = ".note:not(.gone){a:1}:is(.gone,.note) p{b:2}.menu:hover .title::before{c:3}#gone{d:4}"
    assert (
        styles.cut(css, WORDS)
        == ".note:not(.gone){a:1}\n:is(.gone,.note) p{b:2}\n.menu:hover .title::before{c:3}"
    )


def test_grouping_rules_are_cut_inside_and_other_at_rules_kept_whole():
    css = (
        "@media (max-width:40em){.gone{a:1}}@media print{.note{b:2}.gone{c:3}}"
        "@font-face{font-family:x;src:url(x.woff2)}@keyframes spin{to{d:4}}@import url(base.css);"
    )
    assert styles.cut(css, WORDS) == (
        "@media print{.note{b:2}}\n@font-face{font-family:x;src:url(x.woff2)}\n"
        "@keyframes spin{to{d:4}}\n@import url(base.css);"
    )


def test_a_sheet_parsed_once_is_cut_from_the_cache_as_from_the_sheet(tmp_path, monkeypatch):
    """The theme's own sheet: its rules are parsed once, kept by content, and the next cut, made
    from what was kept, is the same, byte for byte."""
    monkeypatch.setattr(cachedir, "CACHE", tmp_path / "cache")
    theme = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    css = (theme / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    words = {"bd-header", "navbar-nav", "show", "dropdown-menu", "bd-sidebar-primary", "fa-solid"}
    first = styles.cut(css, words)
    assert [p.name.startswith("css-rules-") for p in (tmp_path / "cache").iterdir()] == [True]

    def unparsed(*args, **kwargs):
        raise AssertionError("the sheet was parsed again")

    monkeypatch.setattr(styles.tinycss2, "parse_stylesheet", unparsed)
    assert styles.cut(css, words) == first
    assert ".bd-header" in first and ".fa-spinner" not in first


def test_a_sheet_left_empty_goes_with_its_links_and_a_cut_sheet_gets_a_new_version(tmp_path):
    static = tmp_path / "_static"
    static.mkdir()
    (static / "kept.css").write_text(".note{a:1}.gone{b:2}")
    (static / "empty.css").write_text(".gone{b:2}")
    (tmp_path / "index.html").write_text(
        '<html><head><link rel="stylesheet" href="_static/kept.css?v=1" />\n'
        '<link rel="stylesheet" href="_static/empty.css?v=2" />\n</head>'
        '<body><p class="note">x</p></body></html>'
    )
    assets.rewrite_pages(tmp_path, [], cut_style_sheets=True)
    assert (static / "kept.css").read_text() == ".note{a:1}\n"
    assert not (static / "empty.css").exists()
    links = parse_html(tmp_path / "index.html").select("link[rel=stylesheet]")
    assert [link["href"].split("?")[0] for link in links] == ["_static/kept.css"]
    assert links[0]["href"] != "_static/kept.css?v=1"


def test_every_script_waits_for_the_page(html_dir):
    for page in site_pages(html_dir):
        for script in parse_html(page).select("head script"):
            if script.get("src"):
                assert script.has_attr("defer") or script.has_attr("async"), (page, script["src"])
            elif "DOCUMENTATION_OPTIONS" in script.get_text():
                assert script.get("type") == "module", (page, script)


def test_the_search_code_loads_only_where_search_is_used(html_dir):
    for page in site_pages(html_dir):
        sources = {Path(s["src"].split("?")[0]).name for s in parse_html(page).select("script[src]")}
        assert ("booktools-search.js" in sources) == (page.name == "search.html"), page
        assert not sources & {"searchindex.js", "searchtools.js"}, page  # Sphinx's search: unused
        assert "bootstrap.js" not in sources


def test_when_sphinx_scripts_are_not_what_booktools_knows_they_load_as_sphinx_writes_them():
    warnings = []
    scripts.logger.warning = lambda *args, **kwargs: warnings.append(kwargs)  # noqa: ARG005
    try:
        app = SimpleNamespace(builder=SimpleNamespace(name="html"))
        stock = ["_static/doctools.js", "_static/sphinx_highlight.js"]  # plain strings, no attributes
        deferral = scripts.Deferral()
        for page in ("index", "chapter"):
            context = {"script_files": list(stock)}
            deferral(app, page, "page.html", context, None)
            assert context["script_files"] == stock
    finally:
        del scripts.logger.warning
    assert warnings == [{"type": "booktools", "subtype": "fallback"}]


def screenshots(base: str, pages: list[str], chapter: str) -> dict[str, bytes]:
    """What a reader sees, page by page: on a desktop in the light and on a phone in the dark (the
    rules for narrow screens and for the dark each drawn on every page), and with each menu, the
    phone's sidebar and the search dialog open on a chapter. Each reader goes through the pages
    in order, so the links they have visited look visited."""
    shots = {}
    sizes = {"desktop": (1280, 800), "phone": (390, 844)}
    with chromium() as browser:

        def reader(size: str, mode: str = "light"):
            context = browser.new_context(viewport={"width": sizes[size][0], "height": sizes[size][1]})
            context.add_init_script(
                f"localStorage.setItem('mode', '{mode}'); localStorage.setItem('theme', '{mode}')"
            )
            return context, context.new_page()

        for size, mode in (("desktop", "light"), ("phone", "dark")):
            context, tab = reader(size, mode)
            for page in pages:
                settle(tab, f"{base}/{page}")
                shots[f"{page} {size} {mode}"] = tab.screenshot(full_page=True, animations="disabled")
            context.close()
        # What a reader opens, and what then shows (waited for: a picture of a menu that did not
        # open would compare equal, cut or not).
        actions = {
            "download menu": ("desktop", ".dropdown-download-buttons .dropdown-toggle",
                              ".dropdown-download-buttons .dropdown-menu.show"),
            "colour menu": ("desktop", ".theme-switch-button",
                            ":has(> .theme-switch-button) > .dropdown-menu.show"),
            "search dialog": ("desktop", ".bd-sidebar-primary button.search-button-field",
                              "#pst-search-dialog[open]"),
            "phone sidebar": ("phone", ".bd-header-article button.primary-toggle",
                              "#pst-primary-sidebar-modal[open]"),
        }  # fmt: skip
        for name, (size, target, shown) in actions.items():
            context, tab = reader(size)
            settle(tab, f"{base}/{chapter}")
            tab.click(target)
            tab.wait_for_selector(shown, state="visible", timeout=5000)
            tab.mouse.move(5, sizes[size][1] - 5)
            tab.wait_for_timeout(300)
            # What opened may use a font no text used before (the sidebar's title): drawn once loaded.
            tab.evaluate("document.fonts.ready.then(() => null)")
            shots[name] = tab.screenshot(animations="disabled")
            context.close()
    return shots


@pytest.mark.slow
def test_the_cut_style_sheets_draw_every_page_as_the_whole_ones_do(small_book_built, tmp_path, monkeypatch):
    """Every page of the small book, which has one of each kind (chapters with citations, a
    figure and an editor's note, a glossary, a chronology, a bibliography, the index), as `make
    html` published it and as the same files give it with the style sheets whole."""
    checkout, aside = small_book_built
    book, site = aside / "book", aside / "book" / "_build" / "html"
    # The same day as the built book's (its last commit's).
    day = parse_html(site / "index.html").select_one('meta[name="citation_publication_date"]')["content"]
    noon = datetime.datetime.strptime(day, "%Y/%m/%d").replace(hour=12, tzinfo=datetime.UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(noon.timestamp())))
    edition.build_date.cache_clear()
    with patch_docutils(book), docutils_namespace():
        settings = {"book_cut_style_sheets": False, "book_downloads": ["PDF", "EPUB", "TEI"]}
        whole = Sphinx(book / checkout.source, book, tmp_path / "html", tmp_path / "doctrees", "html",
                       confoverrides=settings, status=StringIO(), warning=StringIO())  # fmt: skip
        whole.build()
    big = tmp_path / "html" / "_static" / "styles" / "pydata-sphinx-theme.css"
    assert big.stat().st_size > 2 * (site / big.relative_to(tmp_path / "html")).stat().st_size
    pages = [p.relative_to(site).as_posix() for p in site_pages(site) if p.name != "search.html"]
    assert len(pages) == 8
    with serve(site) as cut, serve(tmp_path / "html") as uncut:
        seen, expected = screenshots(cut, pages, "berlin.html"), screenshots(uncut, pages, "berlin.html")
    assert len(seen) == 2 * len(pages) + 4
    different = {name: unlike(seen[name], expected[name]) for name in expected}
    assert {name: found for name, found in different.items() if found} == {}


# Two drawings of one page differ at the edges of text and icons whenever the rasteriser tiles
# them differently (under load, by up to ten levels of a channel: CI's pictures of an icon and of a
# heading). pixelmatch, the comparison behind Playwright's own screenshot assertions, tells such an
# anti-aliased edge from a changed pixel by its neighbours: two pixels on each side of the changed
# box are all it reads of them.
NEIGHBOURS = 2


def unlike(first: bytes, second: bytes) -> str:
    """How two screenshots differ beyond anti-aliasing ("" when they do not)."""
    a, b = (Image.open(BytesIO(shot)).convert("RGB") for shot in (first, second))
    if a.size != b.size:
        return f"sizes {a.size} and {b.size}"
    box = ImageChops.difference(a, b).getbbox()
    if not box:
        return ""
    left, top, right, bottom = box
    around = (
        max(left - NEIGHBOURS, 0), max(top - NEIGHBOURS, 0),
        min(right + NEIGHBOURS, a.width), min(bottom + NEIGHBOURS, a.height),
    )  # fmt: skip
    changed = pixelmatch(a.crop(around), b.crop(around))
    return f"{changed} pixels differ in {box}" if changed else ""


@pytest.mark.slow
def test_the_menus_open_close_and_choose_without_bootstraps_script(html_dir):
    with serve(html_dir) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        errors = []
        tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        settle(tab, f"{base}/chapters/05-negotiations.html")
        toggle, pdf = (
            ".dropdown-download-buttons .dropdown-toggle",
            ".dropdown-download-buttons a[href$='.pdf']",
        )
        tab.click(toggle)
        tab.mouse.move(5, 795)  # away: the theme also opens the menu under the pointer
        assert tab.is_visible(pdf) and tab.get_attribute(toggle, "aria-expanded") == "true"
        tab.keyboard.press("ArrowDown")
        assert "dropdown-item" in tab.evaluate("document.activeElement.className")
        tab.keyboard.press("Escape")
        assert not tab.is_visible(pdf) and tab.get_attribute(toggle, "aria-expanded") == "false"
        tab.click(".theme-switch-button")
        tab.click(".theme-change-button[data-mode=dark]")
        tab.mouse.move(5, 795)
        assert tab.evaluate("document.documentElement.dataset.theme") == "dark"
        assert not tab.is_visible(".theme-change-button[data-mode=dark]")
        assert errors == []


@pytest.mark.slow
def test_previews_open_on_focus_hover_and_touch_and_escape_closes_them(html_dir):
    """A glossary term's preview (its definition) for a keyboard, a mouse and a finger; Escape
    closes it; a screen reader has it as the link's description; a second tap follows the link."""
    link = "article a.reference.internal[data-preview][href*='glossary.html#term-']"
    with serve(html_dir) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))
        settle(tab, f"{base}/chapters/05-negotiations.html")
        first = tab.locator(link).first
        preview = first.get_attribute("data-preview")
        assert preview and first.get_attribute("title") is None  # one tooltip: the book's
        described = tab.locator(f"#{first.get_attribute('aria-describedby')}")
        assert described.text_content() == preview
        first.focus()
        assert tab.locator(".book-preview").is_visible()
        assert tab.locator(".book-preview").inner_text() == preview
        tab.keyboard.press("Escape")
        assert not tab.locator(".book-preview").is_visible()
        first.hover()
        assert tab.locator(".book-preview").is_visible()
        assert errors == []

        phone = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
        settle(phone, f"{base}/chapters/05-negotiations.html")
        target = phone.locator(link).first
        target.scroll_into_view_if_needed()
        target.tap()
        assert phone.locator(".book-preview").is_visible() and phone.url.endswith("05-negotiations.html")
        target.tap()
        phone.wait_for_url("**/glossary.html#term-*")


@pytest.mark.slow
@pytest.mark.parametrize("width, height", [(1280, 800), (390, 844)])
def test_one_search_and_the_title_in_view_at_load(html_dir, width, height):
    """One search control a page; on a desktop the book's title and the search field in view
    however far down the contents the current chapter is; on a phone the page starts at once
    with the article's header (no empty bar above it)."""
    with serve(html_dir) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": height})
        for page in ["chapters/08-legacy.html", "bibliography.html", "index.html"]:
            settle(tab, f"{base}/{page}")
            searches = [b for b in tab.query_selector_all("button.search-button__button") if b.is_visible()]
            assert len(searches) == 1, (page, width)
            if width > 1000:
                for part in (".bd-sidebar-primary .navbar-brand", ".bd-sidebar-primary .search-button-field"):
                    box = tab.locator(part).bounding_box()
                    assert box["y"] >= 0 and box["y"] + box["height"] <= height / 3, (page, part, box)
            else:
                assert tab.locator(".bd-header-article").bounding_box()["y"] == 0, page


FOCUS_SHOWN = """() => {
  const element = document.activeElement, style = getComputedStyle(element);
  const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow !== "none" && !style.boxShadow.startsWith("rgba(0, 0, 0, 0)");
  return [element.outerHTML.slice(0, 90), ring || shadow];
}"""


@pytest.mark.slow
def test_every_control_shows_the_keyboards_focus(html_dir):
    """Tab through a chapter, as a keyboard user does: each control reached shows a ring (an
    outline, or the theme's shadow). The sidebar's toggle, the download menu and the search
    button showed nothing."""
    with serve(html_dir) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": 800})
        settle(tab, f"{base}/chapters/05-negotiations.html")
        unseen, reached = [], set()
        for _ in range(30):
            tab.keyboard.press("Tab")
            element, shown = tab.evaluate(FOCUS_SHOWN)
            reached.add(element)
            if not shown:
                unseen.append(element)
        assert unseen == []
        assert any("sidebar-toggle" in e for e in reached) and any("dropdown-toggle" in e for e in reached)
        # At the page's foot, "Cite this page" and its copy buttons.
        tab.click("details.book-cite summary")
        for control in ["details.book-cite summary", *[f"button.book-copy >> nth={i}" for i in range(3)]]:
            tab.locator(control).focus()
            tab.keyboard.press("Shift+Tab")  # the keyboard's focus, not the mouse's
            tab.keyboard.press("Tab")
            element, shown = tab.evaluate(FOCUS_SHOWN)
            assert shown, element


CLIPPED = """() => [...document.querySelectorAll("body *")].filter(element => {
  const style = getComputedStyle(element);
  if (style.display === "none" || style.visibility === "hidden" || !element.innerText?.trim()) return false;
  if (element.closest(".evidence-back-name, .visually-hidden, .sr-only")) return false;  // hidden on purpose
  const clips = style.overflowX !== "visible" || style.textOverflow === "ellipsis";
  return clips && element.scrollWidth > element.clientWidth + 1;
}).map(element => element.outerHTML.slice(0, 100))"""


@pytest.mark.slow
@pytest.mark.parametrize("width", [320, 390, 768])
def test_no_text_is_cut_off_from_320_px_up(html_dir, width):
    """On a phone's width no element cuts its own text short (the previous and next links cut
    "4. The Mexican Perspective" at 320 px), and nothing runs past the screen's right edge."""
    with serve(html_dir) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": width, "height": 800})
        for page in ["index.html", "chapters/05-negotiations.html", "chronology.html", "glossary.html"]:
            settle(tab, f"{base}/{page}")
            tab.evaluate("document.querySelectorAll('details.book-cite').forEach((d) => { d.open = true; })")
            assert tab.evaluate(CLIPPED) == [], page
            links = tab.evaluate(
                "() => [...document.querySelectorAll('.prev-next-area a, .prev-next-area a *')]"
                ".map(e => e.getBoundingClientRect().right)"
            )
            assert links and max(links) <= width, page


DOWNLOADS_IN_VIEW = """() => [...document.querySelectorAll("nav.book-downloads a")].map(link => {
  const box = link.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return link === hit || link.contains(hit);
})"""


@pytest.mark.slow
@pytest.mark.parametrize("height", [800, 560])
def test_the_downloads_are_in_view_and_uncovered_on_every_page(html_dir, height):
    """On a 1280 px wide screen the sidebar's PDF, EPUB and TEI links can be clicked where they
    are on every page: not scrolled away under the sticky title and search field."""
    from booktools.shared.site import pages

    with serve(html_dir) as base, chromium() as browser:
        tab = browser.new_page(viewport={"width": 1280, "height": height})
        for page in pages(html_dir):
            settle(tab, f"{base}/{page.relative_to(html_dir).as_posix()}")
            assert tab.evaluate(DOWNLOADS_IN_VIEW) == [True, True, True], page.name
