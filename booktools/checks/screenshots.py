"""Pictures of the book for a reviewer: pages at desktop and phone widths, a figure on a phone,
search results, a page of the EPUB in a reading system's night mode, the PDF's first pages.
Which pages, figure and searches is the book's to say (``book_screenshots`` in conf.py)."""

import subprocess
import tempfile
import zipfile
from pathlib import Path

from .browser import chromium, search_results_shown, serve, settle

# What a book without book_screenshots gets: its front page.
DEFAULT_PLAN = {"pages": {"home": "index.html"}, "figure": None, "searches": [], "epub_page": None}
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHT = 900
PDF_PAGES = 4
RESOLUTION = 60  # dots per inch for the PDF pages
# Night mode as Readium CSS (the style sheets of Thorium, and of many reading apps) sets it: black
# paper, light text, and every element's own background taken away.
NIGHT_MODE = """
:root { background-color: #000000 !important; color: #fefefe !important; }
*:not(a) { color: inherit !important; background-color: transparent !important;
           border-color: currentcolor !important; }
a { color: #63caff !important; }
svg text { fill: currentcolor !important; stroke: none !important; }
"""


def take(site: Path, pdf: Path, out: Path, epub: Path | None = None, plan: dict | None = None) -> list[Path]:
    plan = {**DEFAULT_PLAN, **(plan or {})}
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with serve(site) as base, chromium() as browser:
        for name, path in plan["pages"].items():
            for device, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": HEIGHT})
                settle(page, f"{base}/{path}")
                shot = out / f"{name}-{device}.png"
                page.screenshot(path=str(shot), full_page=False)
                page.close()
                shots.append(shot)
        if plan["figure"]:
            shots.append(figure(browser, base, out, *plan["figure"]))
        for number, query in enumerate(plan["searches"], 1):
            page = browser.new_page(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
            settle(page, f"{base}/search.html?q={query}")
            search_results_shown(page)
            shot = out / f"search-{number}.png"
            page.screenshot(path=str(shot))
            page.close()
            shots.append(shot)
        if epub is not None and plan["epub_page"]:
            shots.append(night_mode(browser, epub, out, plan["epub_page"]))
    prefix = out / "pdf-page"
    pages = ["-f", "1", "-l", str(PDF_PAGES)]
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), *pages, str(pdf), str(prefix)], check=True)
    return shots + sorted(out.glob("pdf-page-*.png"))


def figure(browser, base: str, out: Path, path: str, selector: str) -> Path:
    """A figure whole at a phone's width: the page's full width, from the figure's top to its
    caption's end."""
    width = WIDTHS["phone"]
    page = browser.new_page(viewport={"width": width, "height": HEIGHT})
    settle(page, f"{base}/{path}")
    box = page.locator(selector).bounding_box()
    scrolled = page.evaluate("window.scrollY")  # the box is in the window; the clip is in the page
    clip = {"x": 0, "y": box["y"] + scrolled, "width": width, "height": box["height"]}
    shot = out / f"figure-{width}.png"
    page.screenshot(path=str(shot), full_page=True, clip=clip)
    page.close()
    return shot


def night_mode(browser, epub: Path, out: Path, epub_page: str) -> Path:
    """A page of the EPUB as a phone's reading system shows it at night."""
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(epub) as book:
            book.extractall(folder)
        page = browser.new_page(viewport={"width": WIDTHS["phone"], "height": HEIGHT})
        page.goto(Path(folder, epub_page).as_uri(), wait_until="load")
        page.add_style_tag(content=NIGHT_MODE)
        page.locator("img").first.scroll_into_view_if_needed()
        shot = out / "epub-night-mode.png"
        page.screenshot(path=str(shot))
        page.close()
    return shot
