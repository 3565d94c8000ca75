"""The PDF edition, read back with pypdf: its text, outline, links, fonts and metadata."""

import re

import pytest
from pypdf import PdfReader

from book import BUILD, CONF, chapter_text, normalise, parse_html


@pytest.fixture(scope="module")
def pdf(pdf_path):
    return PdfReader(pdf_path)


@pytest.fixture(scope="module")
def pdf_text(pdf):
    return normalise(" ".join(page.extract_text() for page in pdf.pages))


@pytest.fixture(scope="module")
def chapter_titles(book_pages):
    """The titles of the chapters as the HTML edition shows them, numbers removed."""
    titles = []
    for page in book_pages[1:]:
        h1 = parse_html(page).select_one("article.bd-article h1")
        for decoration in h1.select("span.section-number, a.headerlink"):
            decoration.extract()
        titles.append(normalise(h1.get_text()))
    return titles


def outline_titles(outline, depth=0):
    for item in outline:
        if isinstance(item, list):
            yield from outline_titles(item, depth + 1)
        else:
            yield depth, item.title


def test_the_contents_give_the_page_each_part_begins_on(pdf, chapter_titles):
    """Every line of the printed contents names a part and a page number; the page with that
    number (as the PDF labels its pages) begins with that part's title."""
    labels = pdf.page_labels
    contents = pdf.pages[labels.index("i")].extract_text().splitlines()
    entries = [re.fullmatch(r"(?:\d+ )?(.+?) (\d+)", line) for line in contents[1:-1]]
    assert all(entries), contents
    titles = [e[1] for e in entries]
    assert [t for t in titles if t in chapter_titles] == chapter_titles
    for title, number in (e.groups() for e in entries):
        page = len(labels) - 1 - labels[::-1].index(number)  # the body's page, not the front matter's
        top = normalise(pdf.pages[page].extract_text())[:200]
        assert normalise(title) in top, f"{title!r} is not at the top of page {number}: {top!r}"


def test_metadata(pdf):
    assert pdf.metadata.title == CONF["project"]
    assert pdf.metadata.author == CONF["author"]
    assert pdf.trailer["/Root"]["/Lang"] == CONF["language"]


def test_outline_lists_each_chapter_once_in_order_with_its_number_then_the_index(pdf, book_pages):
    """As the HTML numbers the chapters ("3. The Soviet..."), the outline does ("3 The Soviet...")."""
    expected = []
    for page in book_pages[1:]:
        h1 = parse_html(page).select_one("article.bd-article h1")
        number = h1.select_one("span.section-number")
        for decoration in h1.select("span.section-number, a.headerlink"):
            decoration.extract()
        title = normalise(h1.get_text())
        expected.append(f"{number.get_text().rstrip('. ')} {title}" if number else title)
    chapters = [title for depth, title in outline_titles(pdf.outline) if depth == 0]
    assert chapters == [*expected, "Index"]
    assert any(title.startswith("1 ") for title in chapters) and chapters.count("Bibliography") == 1


def test_every_chapter_title_is_in_the_text(pdf_text, chapter_titles):
    for title in chapter_titles:
        assert title in pdf_text


def test_chapters_are_numbered_soberly(pdf_text):
    text = pdf_text.lower()  # the "Chapter" line is set in small capitals
    assert "chapter 1 introduction" in text
    assert "chapter 8 legacy and historical significance" in text
    assert "chapter one" not in text, "fncychap's banner is gone"
    assert "chapter 9" not in text, "front and back matter are unnumbered"


def test_every_bibliography_entry_is_in_the_bibliography_chapter(pdf, html_dir):
    bibliography = parse_html(html_dir / "bibliography.html")
    labels = [label.get_text().strip("[]") for label in bibliography.select("div.citation span.label")]
    assert len(labels) >= 12
    text = chapter_text(pdf, "Bibliography")
    for label in labels:
        assert label in text, label


def test_accents_and_cyrillic_render(pdf_text):
    for word in ["Obregón", "Gómez Morin", "Пестковский", "Советско-мексиканские"]:
        assert word in pdf_text


def test_running_heads_name_the_chapter(pdf):
    heads = [normalise(page.extract_text()).split(" ")[:3] for page in pdf.pages]
    assert ["5.", "The", "Negotiation"] in heads


def test_internal_links_lead_to_named_destinations(pdf):
    destinations = pdf.named_destinations
    links = [
        annotation.get_object()
        for page in pdf.pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    internal = [link for link in links if "/Dest" in link or link.get("/A", {}).get("/S") == "/GoTo"]
    assert len(internal) >= 20
    for link in internal:
        target = link.get("/Dest") or link["/A"]["/D"]
        if isinstance(target, str):
            assert target in destinations, target


def test_all_fonts_are_embedded(pdf):
    fonts = {}
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descriptor.get("/FontDescriptor")
            fonts[font["/BaseFont"]] = descriptor is not None and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    assert fonts and all(fonts.values()), fonts


def test_no_overfull_lines_in_the_latex_log():
    log = (BUILD / "latex" / f"{CONF['basename']}.log").read_text(encoding="utf-8", errors="replace")
    assert "Overfull \\hbox" not in log
