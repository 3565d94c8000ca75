"""The PDF edition, read back with pypdf and poppler: its text, outline, links, fonts, metadata,
imprint and page layout."""

import re
import subprocess
from xml.etree import ElementTree

import pytest
from pybtex.database import parse_file

from book import BUILD, CONF, ROOT, body_text, chapter_text, normalise, parse_html
from booktools.extension import imprint as imprint_module

CM = 72 / 2.54  # points


@pytest.fixture(scope="module")
def pdf_text(pdf):
    return normalise(" ".join(pdf.text(i) for i in range(len(pdf.pages))))


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
    contents = pdf.text(labels.index("iii")).splitlines()  # after the title page and the imprint
    entries = [re.fullmatch(r"(?:\d+ )?(.+?) (\d+)", line) for line in contents[1:-1]]
    assert all(entries), contents
    titles = [e[1] for e in entries]
    assert [t for t in titles if t in chapter_titles] == chapter_titles
    for title, number in (e.groups() for e in entries):
        page = len(labels) - 1 - labels[::-1].index(number)  # the body's page, not the front matter's
        top = normalise(pdf.text(page))[:200]
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
    assert chapters == ["Abstract", *expected, "Index"]
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
    """Each entry as the HTML prints it (line breaks aside), and, as in a Chicago reference list,
    no author-year label before it."""
    bibliography = parse_html(html_dir / "bibliography.html")
    labels = [label.get_text().strip("[]") for label in bibliography.select("div.citation span.label")]
    entries = [c.select_one("p").get_text() for c in bibliography.select("div.citation")]
    assert len(entries) >= 12
    text = chapter_text(pdf, "Bibliography")
    for entry in entries:
        assert "".join(entry.split()) in "".join(text.split()), entry
    for label in labels:
        assert label not in text, label


def test_accents_and_cyrillic_render(pdf_text):
    for word in ["Obregón", "Gómez Morin", "Пестковский", "Советско-мексиканские"]:
        assert word in pdf_text


def test_running_heads_name_the_chapter(pdf):
    heads = [normalise(pdf.text(i)).split(" ")[:3] for i in range(len(pdf.pages))]
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


def test_no_overfull_or_underfull_box_in_the_latex_log():
    log = (BUILD / "latex" / f"{CONF['basename']}.log").read_text(encoding="utf-8", errors="replace")
    boxes = [line for line in log.splitlines() if line.startswith(("Overfull \\", "Underfull \\"))]
    assert not boxes, boxes


# -- Metadata -------------------------------------------------------------------------------------


def pdfinfo(path, *options) -> str:
    return subprocess.run(["pdfinfo", *options, str(path)], capture_output=True, text=True, check=True).stdout


def test_the_metadata_is_in_xmp_too(pdf, pdf_path):
    """Title, authors, language, subject, keywords and rights, as XMP (which catalogues and
    archives read), agreeing with the document information."""
    assert "Metadata Stream: yes" in pdfinfo(pdf_path)
    packet = ElementTree.fromstring(pdfinfo(pdf_path, "-meta").strip())
    rdf = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
    dc = "{http://purl.org/dc/elements/1.1/}"

    def items(name):
        return [li.text for li in packet.iter(f"{dc}{name}") for li in li.iter(f"{rdf}li")]

    assert items("title") == [CONF["project"]] == [pdf.metadata.title]
    assert items("creator") == CONF["book_authors"]
    assert items("language") == [CONF["language"]]
    assert items("description") == [CONF["book_subject"]] == [pdf.metadata.subject]
    assert items("subject") == CONF["book_keywords"] and CONF["book_keywords"]
    (rights,) = items("rights")
    assert CONF["copyright"] in rights
    assert (CONF["book_licence"] or imprint_module.NO_LICENCE) in rights
    xmp = pdf.xmp_metadata
    assert xmp.xmp_create_date.date() == pdf.metadata.creation_date.date()


# -- The title page and the imprint -----------------------------------------------------------------


@pytest.fixture(scope="module")
def footer(html_dir) -> str:
    """The edition as every HTML page's footer states it: "Edition 0.1, 1 December 2026." or
    "Draft of 1 December 2026 (commit abc1234)."."""
    return normalise(parse_html(html_dir / "index.html").select_one("p.book-edition").get_text())


def page_text(pdf, index: int) -> str:
    return normalise(pdf.text(index))


def test_the_title_page_names_the_edition_as_the_html_does(pdf, footer):
    released = footer.startswith("Edition ")  # as built (the checkout may have changed since)
    label = footer.removesuffix(".").rsplit(", ", 1)[0] if released else footer.removesuffix(".")
    assert label.startswith(f"Edition {CONF['version']}" if released else "Draft of ")
    assert label in page_text(pdf, 0)


def test_the_imprint_gives_edition_rights_citation_and_where_to_report_errors(pdf, footer):
    imprint = page_text(pdf, 1)
    assert imprint.startswith(CONF["project"])
    assert footer in imprint, "the edition and its date, as the HTML states them"
    assert f"© {CONF['copyright']}" in imprint
    licence = f"Licence: {CONF['book_licence']}." if CONF["book_licence"] else imprint_module.NO_LICENCE
    assert licence in imprint
    citation = imprint.split("How to cite.", 1)[1].split("Errors.", 1)[0].strip()
    assert citation.startswith(f"{', '.join(CONF['book_authors'])}, eds. {CONF['project']}.")
    assert footer.removesuffix(".").split(", ")[0] in citation
    address = CONF["html_baseurl"] or CONF["book_repository"]
    if address:
        assert address in citation
    else:  # no address is made up
        assert "http" not in imprint
    page = re.search(r"“Reporting an error” \(page (\w+)\)", imprint)
    assert page, imprint
    labels = pdf.page_labels
    target = len(labels) - 1 - labels[::-1].index(page[1])
    assert "Reporting an error" in page_text(pdf, target)
    if CONF["book_repository"]:
        assert CONF["book_repository"] in imprint.split("Errors.", 1)[1]


def test_the_abstract_has_its_heading(pdf, html_dir):
    """The front page's text, on the page after the contents, under "Abstract"."""
    top = [item for item in pdf.outline if not isinstance(item, list)]
    assert top[0].title == "Abstract"
    page = pdf.get_destination_page_number(top[0])
    assert pdf.page_labels[page] == "1"
    first = parse_html(html_dir / "index.html").select_one("article.bd-article section > p").get_text()
    text = page_text(pdf, page)
    assert text.startswith("Abstract") and normalise(first)[:60] in text


# -- How to cite ---------------------------------------------------------------------------------


def layout_text(pdf_path, first: int, last: int) -> list[str]:
    command = ["pdftotext", "-layout", "-f", str(first + 1), "-l", str(last + 1), str(pdf_path), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout.splitlines()


@pytest.fixture(scope="module")
def citation_pages(pdf):
    pages = [i for i in range(len(pdf.pages)) if "@book{" in pdf.text(i)]
    assert len(pages) == 1, "the entry is printed once"
    return pages[0], min(pages[0] + 1, len(pdf.pages) - 1)


def test_the_citation_entry_is_printed_line_for_line(pdf_path, citation_pages, html_dir):
    """Each line of the BibTeX entry is a line of the PDF: none broken in the middle of a word,
    with continuation marks, and the entry is the HTML's."""
    entry = parse_html(html_dir / "about.html").select_one("#how-to-cite div.highlight-bibtex pre").get_text()
    expected = [line.strip() for line in entry.strip().splitlines()]
    lines = [line.strip() for line in layout_text(pdf_path, *citation_pages)]
    start = next(i for i, line in enumerate(lines) if line.startswith("@book{"))
    printed = []
    for line in lines[start:]:
        if line in ("", "(continues on next page)", "(continued from previous page)"):
            continue
        if line.startswith(("About this edition", "How to cite")) or line.isdigit():
            continue  # the running head and page number of the next page
        printed.append(line)
        if line == "}":
            break
    assert printed == expected
    address = CONF["html_baseurl"] or CONF["book_repository"]
    if address:
        assert f"url = {{{address}}}" in printed
    else:  # no address is made up
        assert not any(line.startswith("url") for line in printed)


def luminance(rgb) -> float:
    def channel(value):
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def render(pdf_path, page: int, dpi: int) -> tuple[int, int, bytes]:
    """The page as pixels (poppler's PPM)."""
    command = ["pdftoppm", "-r", str(dpi), "-f", str(page + 1), "-l", str(page + 1), str(pdf_path)]
    data = subprocess.run(command, capture_output=True, check=True).stdout
    header, at = [], 0
    while len(header) < 4:  # P6, width, height, maximum
        end = at
        while data[end : end + 1].isspace():
            end += 1
        at = end
        while not data[at : at + 1].isspace():
            at += 1
        header.append(data[end:at])
    return int(header[1]), int(header[2]), data[at + 1 :]


def words(pdf_path, page: int) -> list[tuple[str, float, float, float, float]]:
    command = ["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1), str(pdf_path), "-"]
    html = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    number = r'"([\d.]+)"'
    found = re.findall(rf"<word xMin={number} yMin={number} xMax={number} yMax={number}>([^<]*)</word>", html)
    return [(text, float(x0), float(y0), float(x1), float(y1)) for x0, y0, x1, y1, text in found]


def test_the_citation_entry_is_dark_on_light(pdf_path, citation_pages):
    """Every word of the entry has at least 7:1 contrast with the box (WCAG's enhanced level):
    the darkest pixel of the word against the commonest, its background."""
    page = citation_pages[0]
    dpi = 150
    width, height, pixels = render(pdf_path, page, dpi)
    scale = dpi / 72
    inside, checked = False, 0
    for text, x0, y0, x1, y1 in words(pdf_path, page):
        inside = inside or text.startswith("@book{")
        if not inside:
            continue
        box = [
            tuple(pixels[3 * (y * width + x) : 3 * (y * width + x) + 3])
            for y in range(int(y0 * scale), min(int(y1 * scale) + 1, height))
            for x in range(int(x0 * scale), min(int(x1 * scale) + 1, width))
        ]
        darkest = min(luminance(p) for p in box)
        background = luminance(max(set(box), key=box.count))
        ratio = (background + 0.05) / (darkest + 0.05)
        assert ratio >= 7, f"{text!r}: contrast {ratio:.1f}:1"
        checked += 1
        if text == "}":
            break
    assert checked >= 10


# -- The page ------------------------------------------------------------------------------------


def test_nothing_runs_outside_the_text_block(pdf, pdf_path):
    """Every page is A5; every word is in the text block (2 cm from the top, 2.2 cm from the
    bottom), but for the running head above it and the page number below it."""
    sizes = {(round(float(p.mediabox.width), 1), round(float(p.mediabox.height), 1)) for p in pdf.pages}
    assert sizes == {(419.5, 595.3)}
    top, bottom = 2 * CM, 595.28 - 2.2 * CM
    for page in range(len(pdf.pages)):
        for text, _, y0, _, y1 in words(pdf_path, page):
            if y1 <= top + 1:  # the running head
                continue
            if y0 >= bottom and re.fullmatch(r"\d+|[ivxl]+", text):  # the page number
                continue
            assert top - 2 <= y0 and y1 <= bottom + 3, f"page {page + 1}: {text!r} at {y0:.0f}-{y1:.0f} pt"


def test_every_page_has_a_label_of_its_own(pdf):
    """The front matter is numbered i, ii, iii (title page, imprint, contents), the chapters from 1:
    a reader's 'page 1' is one page, and a viewer's page field finds every page."""
    labels = pdf.page_labels
    assert len(set(labels)) == len(labels) == len(pdf.pages)
    assert labels[: labels.index("1")] == ["i", "ii", "iii"]
    assert body_text(pdf, labels.index("iii")).startswith("Front matter")  # the contents


def printed_names(html_dir) -> set[str]:
    """Every word (of four letters or more) of a name the book prints: the glossary's terms and
    the references' persons, read from the built glossary and from references.bib."""
    glossary = parse_html(html_dir / "glossary.html")
    names = [dt.get_text(" ", strip=True) for dt in glossary.select("dl.glossary dt")]
    for entry in parse_file(str(ROOT / "references.bib")).entries.values():
        names += [str(person) for persons in entry.persons.values() for person in persons]
    return {word.lower() for name in names for word in re.findall(r"[^\W\d_]{4,}", name)}


def test_no_word_is_broken_across_a_page_turn(pdf):
    """No page ends in the middle of a hyphenated word ("rela-" on one page, "tions" on the
    next): the last line of every page's text ends otherwise."""
    broken = []
    for page in range(len(pdf.pages) - 1):
        lines = [line.strip() for line in pdf.text(page).splitlines() if line.strip()]
        while lines and re.fullmatch(r"[0-9ivxlc]+", lines[-1]):  # the page's number, in its foot
            lines.pop()
        if lines and re.search(r"[^\W\d_]-$", lines[-1]):
            broken.append((page + 1, lines[-1][-30:]))
    assert broken == []


def test_no_name_is_broken_at_a_line_end(pdf, html_dir):
    """No "Sizo-nenko", "Kollon-tai" or "Ál-varez": a word split by a hyphen at a line's end (the
    text layer keeps the hyphen and the line break) is never a name."""
    names = printed_names(html_dir)
    assert {"sizonenko", "kollontai", "álvarez", "obregón"} <= names
    split = set()
    for page in range(len(pdf.pages)):
        for first, rest in re.findall(r"([^\W\d_]+)-\n([^\W\d_]+)", pdf.text(page)):
            split.add((first + rest).lower())
    assert split, "the PDF breaks some words at line ends (or the text layer lost the hyphens)"
    assert split & names == set()
