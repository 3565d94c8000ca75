"""Pictures of the book for a reviewer: pages at desktop and phone widths, the PDF's first pages."""

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
    prefix = out / "pdf-page"
    pages = ["-f", "1", "-l", str(PDF_PAGES)]
    subprocess.run(["pdftoppm", "-png", "-r", str(RESOLUTION), *pages, str(pdf), str(prefix)], check=True)
    return shots + sorted(out.glob("pdf-page-*.png"))
