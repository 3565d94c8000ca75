"""Pictures of the book for a reviewer: pages at desktop and phone widths, the timeline figure on a
phone, the PDF's first pages."""

import subprocess
from pathlib import Path

from .browser import chromium, serve

PAGES = {
    "home": "index.html",
    "chapter": "chapters/05-negotiations.html",
    "bibliography": "bibliography.html",
}
WIDTHS = {"desktop": 1280, "phone": 390}
HEIGHT = 900
PDF_PAGES = 4
RESOLUTION = 60  # dots per inch for the PDF pages
# The timeline has a drawing of its own for narrow screens (booktools/chronology.py): pictured
# whole at a phone's width, the page's full width from the top of the figure to its caption's end.
TIMELINE = ("chronology.html", "figure#timeline-figure", 390, "timeline-390.png")


def take(site: Path, pdf: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    shots = []
    with serve(site) as base, chromium() as browser:
        for name, path in PAGES.items():
            for device, width in WIDTHS.items():
                page = browser.new_page(viewport={"width": width, "height": HEIGHT})
                page.goto(f"{base}/{path}", wait_until="networkidle")
                shot = out / f"{name}-{device}.png"
                page.screenshot(path=str(shot), full_page=False)
                page.close()
                shots.append(shot)
        shots.append(timeline(browser, base, out))
    prefix = out / "pdf-page"
    pages = ["-f", "1", "-l", str(PDF_PAGES)]
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), *pages, str(pdf), str(prefix)], check=True)
    return shots + sorted(out.glob("pdf-page-*.png"))


def timeline(browser, base: str, out: Path) -> Path:
    path, selector, width, name = TIMELINE
    page = browser.new_page(viewport={"width": width, "height": HEIGHT})
    page.goto(f"{base}/{path}", wait_until="networkidle")
    box = page.locator(selector).bounding_box()
    scrolled = page.evaluate("window.scrollY")  # the box is in the window; the clip is in the page
    clip = {"x": 0, "y": box["y"] + scrolled, "width": width, "height": box["height"]}
    shot = out / name
    page.screenshot(path=str(shot), full_page=True, clip=clip)
    page.close()
    return shot
