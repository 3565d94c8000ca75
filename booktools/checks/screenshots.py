"""Pictures of the book for a reviewer: pages at desktop and phone widths, the timeline figure on a
phone, search results, the EPUB's chronology in a reading system's night mode, the PDF's first
pages."""

import subprocess
import tempfile
import zipfile
from pathlib import Path

from .browser import chromium, search_results_shown, serve, settle

PAGES = {
    "home": "index.html",
    "chapter": "chapters/05-negotiations.html",
    "bibliography": "bibliography.html",
}
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHT = 900
PDF_PAGES = 4
RESOLUTION = 60  # dots per inch for the PDF pages
# The timeline has a drawing of its own for narrow screens (booktools/extension/chronology.py): pictured
# whole at a phone's width, the page's full width from the top of the figure to its caption's end.
TIMELINE = ("chronology.html", "figure#timeline-figure", 390, "timeline-390.png")
# Names as a reader types them: without accents, and in Cyrillic.
SEARCHES = {"search-pestkovsky.png": "Pestkovsky", "search-obregon.png": "Obregon",
            "search-cyrillic.png": "Пестковский"}  # fmt: skip
# Night mode as Readium CSS (the style sheets of Thorium, and of many reading apps) sets it: black
# paper, light text, and every element's own background taken away.
NIGHT_MODE = """
:root { background-color: #000000 !important; color: #fefefe !important; }
*:not(a) { color: inherit !important; background-color: transparent !important;
           border-color: currentcolor !important; }
a { color: #63caff !important; }
svg text { fill: currentcolor !important; stroke: none !important; }
"""
EPUB_PAGE = "chronology.xhtml"


def take(site: Path, pdf: Path, out: Path, epub: Path | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with serve(site) as base, chromium() as browser:
        for name, path in PAGES.items():
            for device, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": HEIGHT})
                settle(page, f"{base}/{path}")
                shot = out / f"{name}-{device}.png"
                page.screenshot(path=str(shot), full_page=False)
                page.close()
                shots.append(shot)
        shots.append(timeline(browser, base, out))
        for name, query in SEARCHES.items():
            page = browser.new_page(viewport={"width": WIDTHS["desktop"], "height": HEIGHT})
            settle(page, f"{base}/search.html?q={query}")
            search_results_shown(page)
            page.screenshot(path=str(out / name))
            page.close()
            shots.append(out / name)
        if epub is not None:
            shots.append(night_mode(browser, epub, out))
    prefix = out / "pdf-page"
    pages = ["-f", "1", "-l", str(PDF_PAGES)]
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), *pages, str(pdf), str(prefix)], check=True)
    return shots + sorted(out.glob("pdf-page-*.png"))


def timeline(browser, base: str, out: Path) -> Path:
    path, selector, width, name = TIMELINE
    page = browser.new_page(viewport={"width": width, "height": HEIGHT})
    settle(page, f"{base}/{path}")
    box = page.locator(selector).bounding_box()
    scrolled = page.evaluate("window.scrollY")  # the box is in the window; the clip is in the page
    clip = {"x": 0, "y": box["y"] + scrolled, "width": width, "height": box["height"]}
    shot = out / name
    page.screenshot(path=str(shot), full_page=True, clip=clip)
    page.close()
    return shot


def night_mode(browser, epub: Path, out: Path) -> Path:
    """The EPUB's chronology, with its timeline, as a phone's reading system shows it at night."""
    with tempfile.TemporaryDirectory() as folder:
        with zipfile.ZipFile(epub) as book:
            book.extractall(folder)
        page = browser.new_page(viewport={"width": WIDTHS["phone"], "height": HEIGHT})
        page.goto(Path(folder, EPUB_PAGE).as_uri(), wait_until="load")
        page.add_style_tag(content=NIGHT_MODE)
        page.locator("img").first.scroll_into_view_if_needed()
        shot = out / "epub-night-mode.png"
        page.screenshot(path=str(shot))
        page.close()
    return shot
