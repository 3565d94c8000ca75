"""The reader's side: every edition one click away, hover previews, print, EPUB, and the
browser checks (weight, hosts, accessibility) and validators, each shown to catch what it is for.
The book itself goes through those checks in `make check`, which `make test` runs first."""

import struct
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from pypdf import PdfReader

from book import BUILD, CONF, ROOT, article, parse_html, resolve, run, site_pages
from booktools.checks import browser, validity

EPUB = BUILD / "epub" / f"{CONF['basename']}.epub"
OPF = "{http://www.idpf.org/2007/opf}"


def test_every_page_links_to_every_edition(html_dir):
    editions = {"PDF": f"latex/{CONF['basename']}.pdf", "EPUB": f"epub/{CONF['basename']}.epub",
                "TEI": f"tei/{CONF['basename']}.xml"}  # fmt: skip
    for name, edition in editions.items():
        shipped = html_dir / Path(edition).name
        assert shipped.read_bytes() == (BUILD / edition).read_bytes(), name
        for page in site_pages(html_dir):
            links = [
                a
                for a in parse_html(page).select("nav.book-downloads a")
                if a.get_text() == f"Download {name}"
            ]
            assert links and resolve(page, links[0]["href"])[0] == shipped.resolve(), page
    for page in site_pages(html_dir):  # the theme's ".pdf" entry printed the page: it is gone
        assert "window.print()" not in {b.get("onclick") for b in parse_html(page).select("button")}


def test_the_epub_is_complete(book_pages):
    with zipfile.ZipFile(EPUB) as book:
        names = book.namelist()
        assert not [n for n in names if n.endswith(".pdf")], "the EPUB does not carry the PDF"
        opf = ElementTree.fromstring(book.read("content.opf"))
    version = opf.find(f"{OPF}metadata/{{http://purl.org/dc/elements/1.1/}}title")
    assert version is not None and version.text == CONF["project"]
    spine = [item.get("idref") for item in opf.iter(f"{OPF}itemref")]
    hrefs = {item.get("id"): item.get("href") for item in opf.iter(f"{OPF}item")}
    chapters = [hrefs[i] for i in spine if hrefs[i].startswith("chapters/")]
    assert chapters == [
        p.relative_to(p.parent.parent).with_suffix(".xhtml").as_posix()
        for p in book_pages
        if p.parent.name == "chapters"
    ]


@pytest.mark.slow  # epubcheck (Java), as make check runs it
def test_a_broken_epub_is_caught(tmp_path):
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(EPUB) as good, zipfile.ZipFile(broken, "w") as bad:
        for item in good.infolist():
            if item.filename != "content.opf":
                bad.writestr(item, good.read(item))
    found = [problem.message for problem in validity.epub(broken)]
    assert any(message.startswith("FATAL(OPF-002)") for message in found), found


def test_an_epubcheck_that_cannot_run_is_not_taken_for_a_verdict(tmp_path):
    with pytest.raises(validity.CheckerFailed, match="Unable to access jarfile"):
        validity.epub(EPUB, jar=tmp_path / "missing.jar")


def test_hovering_shows_what_a_link_points_to(html_dir):
    page = html_dir / "chapters" / "05-negotiations.html"
    body = article(page)
    # A term shows the start of its definition; a citation, the start of its entry.
    term = body.select_one("a[href$='glossary.html#term-Skvirsky-Boris']")
    glossary = parse_html(html_dir / "glossary.html")
    definition = glossary.select_one("dt#term-Skvirsky-Boris").find_next_sibling("dd").get_text()
    assert " ".join(term["title"].split())[:40] == " ".join(definition.split())[:40]
    citation = body.select_one("span.bibtex-citation a[href$='#monteon2011solidaridad']")
    entry = parse_html(html_dir / "bibliography.html").select_one("#monteon2011solidaridad")
    shown = " ".join(entry.get_text(" ", strip=True).split())
    assert citation["title"].startswith("Monteón González, Humberto. 2011.")
    assert (
        shown.endswith(" ".join(citation["title"].split())[:30])
        or " ".join(citation["title"].split())[:30] in shown
    )
    chapter7 = article(html_dir / "chapters" / "07-challenges.html")
    section = chapter7.select_one("a[href$='06-impact.html#ideological-alignment']")
    assert section["title"].startswith("The diplomatic relationship allowed both countries")
    figure = chapter7.select_one("a[href$='chronology.html#timeline-figure']")
    assert figure["title"].startswith("Mexico and the Soviet Union, 1921–1945")


@pytest.mark.slow  # the Nu validator (Java), as make check runs it
def test_the_validator_catches_an_invalid_page(tmp_path):
    (tmp_path / "page.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head>'
        '<body><p id="a">x<p id="a">y</body></html>',
        encoding="utf-8",
    )
    problems = [str(p) for p in validity.html(tmp_path, {})]
    assert any("Duplicate ID" in p for p in problems), problems


@pytest.mark.slow  # Chromium
def test_the_browser_check_catches_weight_hosts_and_barriers(tmp_path):
    (tmp_path / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main><h1>t</h1>'
        '<img src="https://no-such-host.invalid/map.png"></main></body></html>',
        encoding="utf-8",
    )
    reports, problems = browser.check_site(tmp_path, {"raw": 10, "gzip": 10})
    text = "\n".join(map(str, problems))
    assert "over 10" in text and "contacts no-such-host.invalid" in text and "axe image-alt" in text


@pytest.mark.slow  # Chromium
def test_printing_a_chapter_shows_only_the_text(html_dir):
    with browser.serve(html_dir) as base, browser.chromium() as chromium:
        page = chromium.new_page()
        browser.settle(page, f"{base}/chapters/05-negotiations.html")
        page.emulate_media(media="print")
        for hidden in (
            ".bd-header",
            ".bd-sidebar-primary",
            ".prev-next-area",
            "button",
            "nav.book-downloads",
        ):
            assert not any(e.is_visible() for e in page.query_selector_all(hidden)), hidden
        assert page.query_selector("article").is_visible()
        colour = page.evaluate("getComputedStyle(document.querySelector('article a.reference')).color")
        assert colour == "rgb(0, 0, 0)"


def png_size(path: Path) -> tuple[int, int]:
    return struct.unpack(">II", path.read_bytes()[16:24])


@pytest.mark.slow
def test_screenshots_for_a_reviewer(tmp_path, pdf_path, html_dir):
    result = run(
        sys.executable,
        "-m",
        "booktools.checks",
        "screenshots",
        html_dir,
        pdf_path,
        tmp_path,
        "--epub",
        EPUB,
        "--conf",
        ROOT / "conf.py",
    )
    assert result.returncode == 0, result.stderr
    for name in CONF["book_screenshots"]["pages"]:
        assert png_size(tmp_path / f"{name}-desktop.png")[0] == 1280
        assert png_size(tmp_path / f"{name}-phone.png")[0] == 390
    width, height = png_size(tmp_path / "figure-390.png")  # the whole figure, at a phone's width
    assert width == 390 and height > 400
    assert len(list(tmp_path.glob("pdf-page-*.png"))) == min(4, len(PdfReader(pdf_path).pages))
    for number, _ in enumerate(CONF["book_screenshots"]["searches"], 1):
        assert png_size(tmp_path / f"search-{number}.png")[0] == 1280
    # At night the page is black and the timeline keeps its white paper: both show.
    from PIL import Image

    night = Image.open(tmp_path / "epub-night-mode.png").convert("L")
    levels = night.histogram()
    pixels = night.width * night.height
    assert sum(levels[:16]) > pixels / 10 and sum(levels[240:]) > pixels / 10
