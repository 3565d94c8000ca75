"""The timeline figure read as a reader sees it: in Chromium at a phone's width and a desktop's,
every label of the drawing on show at 11 px or more, none cut off; both drawings name every
event of the chronology."""

import zipfile
from xml.etree import ElementTree

import pytest

from book import BUILD, CONF, ROOT, parse_html
from booktools.checks import browser
from booktools.extension.chronology import load_events, render_narrow_svg, render_wide_svg

EVENTS = load_events(ROOT / "docs" / CONF["book_chronology"])
EPUB = BUILD / "epub" / f"{CONF['basename']}.epub"
SMALLEST = 11.0  # px: the least size of a label on screen
SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}


def local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def texts(svg: ElementTree.Element, size: float = 16.0):
    """Every text of a drawing with its font size in the drawing's units (inherited from the
    nearest element that sets one, as SVG does; 16 is the browsers' default)."""
    size = float(svg.get("font-size", size))
    if local(svg.tag) == "text":
        yield svg, size
        return
    for child in svg:
        yield from texts(child, size)


def words(text: ElementTree.Element) -> str:
    """A text's words, its lines (tspans) joined by spaces."""
    return " ".join(part.strip() for part in text.itertext() if part.strip())


def labels(svg: ElementTree.Element) -> list[str]:
    """The events' labels of a drawing: its texts but the years on its axis."""
    return [w for w in (words(t) for t, _ in texts(svg)) if not w.isdigit()]


def test_both_drawings_label_every_event():
    for render in (render_wide_svg, render_narrow_svg):
        for paper in (False, True):
            svg = ElementTree.fromstring(render(EVENTS, "The timeline", paper=paper))
            assert labels(svg) == [e.label for e in EVENTS], render.__name__


def test_the_page_and_the_epub_carry_the_drawings(html_dir):
    figure = parse_html(html_dir / "chronology.html").select_one("figure#timeline-figure")
    drawings = figure.find_all("svg")
    assert [d["class"] for d in drawings] == [["timeline", "timeline-wide"], ["timeline", "timeline-narrow"]]
    for drawing in drawings:  # the page's own markup, through an XML parser
        assert labels(ElementTree.fromstring(str(drawing))) == [e.label for e in EVENTS]
        title = drawing.find("title")
        assert drawing["aria-labelledby"] == title["id"] and title.get_text().startswith("Mexico and")
    with zipfile.ZipFile(EPUB) as book:
        svg = ElementTree.fromstring(book.read("_images/timeline.svg"))
    assert labels(svg) == [e.label for e in EVENTS]


def test_the_drawings_are_the_same_on_every_build():
    assert render_wide_svg(EVENTS, "t") == render_wide_svg(list(EVENTS), "t")
    assert render_narrow_svg(EVENTS, "t") == render_narrow_svg(list(EVENTS), "t")


@pytest.mark.slow  # Chromium
@pytest.mark.parametrize("screen", SCREENS)
def test_every_label_reads_on_a_phone_and_a_desktop(html_dir, screen, tmp_path):
    width, height = SCREENS[screen]
    with browser.serve(html_dir) as base, browser.chromium() as chromium:
        page = chromium.new_page(viewport={"width": width, "height": height})
        browser.settle(page, f"{base}/chronology.html")
        shown = [
            e
            for e in page.query_selector_all("figure#timeline-figure svg, figure#timeline-figure img")
            if e.is_visible()
        ]  # fmt: skip
        assert len(shown) == 1, f"{len(shown)} drawings shown"
        drawing = shown[0]
        if drawing.evaluate("e => e.tagName.toLowerCase()") == "img":  # the file the browser chose
            source = page.request.get(drawing.evaluate("e => e.currentSrc")).body()
        else:
            source = drawing.evaluate("e => e.outerHTML")
        box = drawing.bounding_box()
        # Where the browser drew each text, in the drawing's units: none may run out of it.
        boxes = drawing.evaluate(
            "e => Array.from(e.querySelectorAll('text'), t => { const b = t.getBBox();"
            " return [b.x, b.y, b.width, b.height]; })"
        )
        page.close()
    svg = ElementTree.fromstring(source)
    x0, y0, view_width, view_height = map(float, svg.get("viewBox").split())
    # The drawing is fitted into its box whole (preserveAspectRatio's default, "meet").
    scale = min(box["width"] / view_width, box["height"] / view_height)
    sizes = [(words(text), size * scale) for text, size in texts(svg)]
    assert labels(svg) == [e.label for e in EVENTS]
    text, smallest = min(sizes, key=lambda pair: pair[1])
    assert smallest >= SMALLEST, f"{text!r} is {smallest:.1f} px at {width} px"
    for (x, y, w, h), (text, _) in zip(boxes, sizes, strict=True):
        assert x0 <= x and x + w <= x0 + view_width and y0 <= y and y + h <= y0 + view_height, text
