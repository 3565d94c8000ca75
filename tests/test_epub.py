"""The EPUB as a reading system sees it, read back from the archive: every page in the book's
language, the book's lasting identifier, its description, contributor and cover, what it says
of its accessibility, and the navigation a reader or assistive technology uses."""

import io
import os
import re
import shutil
import subprocess
import uuid
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from book import BUILD, CONF

EPUB = BUILD / "epub" / f"{CONF['basename']}.epub"
DC = "{http://purl.org/dc/elements/1.1/}"
OPF = "{http://www.idpf.org/2007/opf}"


@pytest.fixture(scope="module")
def book():
    with zipfile.ZipFile(EPUB) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(scope="module")
def package(book):
    return ElementTree.fromstring(book["content.opf"])


def test_every_page_is_in_the_books_language(book):
    pages = [name for name in book if name.endswith(".xhtml")]
    assert len(pages) > 10
    for name in pages:
        html = BeautifulSoup(book[name], "html.parser").find("html")
        assert html.get("lang") == CONF["language"] and html.get("xml:lang") == CONF["language"], name


def test_the_book_has_its_lasting_identifier(package, book):
    identifier = package.find(f"{OPF}metadata/{DC}identifier")
    assert identifier.get("id") == package.get("unique-identifier") == CONF["epub_uid"]
    assert identifier.text == CONF["epub_identifier"]
    assert uuid.UUID(identifier.text.removeprefix("urn:uuid:")).version == 4
    ncx = ElementTree.fromstring(book["toc.ncx"])
    uid = ncx.find("{http://www.daisy.org/z3986/2005/ncx/}head/*[@name='dtb:uid']")
    assert uid.get("content") == identifier.text


def test_the_book_is_described_and_credited(package):
    metadata = package.find(f"{OPF}metadata")
    assert " ".join(metadata.find(f"{DC}description").text.split()) == " ".join(
        CONF["citation"]["abstract"].split()
    )
    contributors = [c.text for c in metadata.findall(f"{DC}contributor")]
    assert contributors and "unknown" not in contributors


def test_the_cover_is_the_books(package, book):
    cover_id = package.find(f"{OPF}metadata/{OPF}meta[@name='cover']").get("content")
    item = next(i for i in package.iter(f"{OPF}item") if i.get("id") == cover_id)
    assert item.get("media-type") == "image/png"  # a raster image: libraries take no SVG cover
    # EPUB 3's own mark, which e-book libraries read: the one item that is the cover
    assert [
        i.get("id") for i in package.iter(f"{OPF}item") if "cover-image" in i.get("properties", "").split()
    ] == [cover_id]
    cover = Image.open(io.BytesIO(book[item.get("href")]))
    assert cover.size == (1600, 2560)
    ink = sum(1 for level in cover.convert("L").get_flattened_data() if level < 100)
    assert ink > 20_000  # the title is drawn, not only the paper and its frame
    for margin in ((0, 0, 76, 2560), (1524, 0, 1600, 2560)):  # outside the frame: no line runs over
        assert len(set(cover.crop(margin).get_flattened_data())) == 1, margin


def calibre(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    tool = shutil.which(args[0])
    if tool is None:
        pytest.fail("calibre is needed to read the EPUB as a library does (scripts/install-packages.sh test)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")  # no display
    return subprocess.run([tool, *args[1:]], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_calibre_finds_the_cover_and_keeps_it_in_azw3(tmp_path, book):
    """calibre, as a reader's library: ebook-meta finds the EPUB's cover, and the book converted
    to AZW3 (Kindle's format) has it too, with its title and editors."""
    epub = tmp_path / "book.epub"
    epub.write_bytes(EPUB.read_bytes())
    result = calibre("ebook-meta", str(epub), "--get-cover", "cover.png", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "cover.png").is_file(), result.stdout + result.stderr
    assert Image.open(tmp_path / "cover.png").size == (1600, 2560)
    result = calibre("ebook-convert", str(epub), "book.azw3", cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    result = calibre("ebook-meta", "book.azw3", "--get-cover", "kindle-cover.jpg", cwd=tmp_path)
    assert result.returncode == 0 and (tmp_path / "kindle-cover.jpg").is_file(), result.stdout
    assert Image.open(tmp_path / "kindle-cover.jpg").size[1] > 1000
    assert CONF["project"] in result.stdout and "The editors" in result.stdout


def test_the_package_says_how_the_book_can_be_read(package):
    said = {}
    for meta in package.iter(f"{OPF}meta"):
        if (meta.get("property") or "").startswith("schema:"):
            said.setdefault(meta.get("property"), []).append(meta.text)
    assert said["schema:accessModeSufficient"] == ["textual"]
    assert {"tableOfContents", "structuralNavigation", "index"} <= set(said["schema:accessibilityFeature"])
    assert said["schema:accessibilityHazard"] == ["none"] and said["schema:accessibilitySummary"]


def test_the_navigation_has_its_roles_and_landmarks(book, package):
    nav = BeautifulSoup(book["nav.xhtml"], "html.parser")
    assert nav.find("nav", attrs={"epub:type": "toc"}).get("role") == "doc-toc"
    marks = {
        a["epub:type"]: a["href"] for a in nav.find("nav", attrs={"epub:type": "landmarks"}).find_all("a")
    }
    spine = [i.get("idref") for i in package.iter(f"{OPF}itemref")]
    hrefs = {i.get("id"): i.get("href") for i in package.iter(f"{OPF}item")}
    assert marks["toc"] in (hrefs[i] for i in spine)
    first_chapter = next(hrefs[i] for i in spine if re.match(r"chapters/01-", hrefs[i]))
    assert marks["bodymatter"] == first_chapter


@pytest.mark.slow  # DAISY Ace in Chromium
def test_ace_catches_a_page_without_its_language(tmp_path):
    """The book itself is checked by `make check` (which `make test` runs first); here, the check
    is shown to catch what it is for."""
    from booktools.checks import ace, validity

    damaged = tmp_path / "no-lang.epub"
    with zipfile.ZipFile(EPUB) as good, zipfile.ZipFile(damaged, "w") as bad:
        for item in good.infolist():
            data = good.read(item)
            if item.filename == "chapters/01-introduction.xhtml":
                data = data.replace(b' lang="en" xml:lang="en"', b"")
            bad.writestr(item, data)
    _, problems = ace.check(damaged)
    assert [p.message for p in problems] == ["Ace serious: chapters/01-introduction.xhtml: html-has-lang"]
    with pytest.raises(validity.CheckerFailed, match="DAISY Ace did not run"):
        ace.check(EPUB, ace=tmp_path / "no-ace")


def test_notes_and_the_timeline_show_in_any_reading_mode(book):
    """The reading system has none of the site's colour variables nor its icon font, and a
    reader may turn night mode on: notes are set apart by rules, the timeline has its own paper."""
    pages = [name for name in book if name.endswith(".xhtml") and name != "nav.xhtml"]
    for name in pages:
        links = [a["href"] for a in BeautifulSoup(book[name], "html.parser").select("link[rel=stylesheet]")]
        assert any(href.endswith("_static/booktools-epub.css") for href in links), name
        assert b"bd-article" not in book[name]  # where the site's pen glyph is drawn
    css = re.sub(r"/\*.*?\*/", "", book["_static/booktools-epub.css"].decode(), flags=re.S)  # the rules
    assert "div.admonition.editors-note" in css and "var(" not in css and "background" not in css
    svg = ElementTree.fromstring(book["_images/timeline.svg"])
    assert svg.get("fill") != "currentColor"
    paper = svg.find("{http://www.w3.org/2000/svg}rect")
    assert paper.get("fill") == "#ffffff" and paper.get("width") == svg.get("viewBox").split()[2]


def test_the_contents_number_the_chapters_as_the_html_does(book, book_pages):
    """nav.xhtml and toc.ncx give each chapter its number ("3. The Soviet Union's ..."), as the
    HTML's headings and the PDF's outline do; front and back matter stay unnumbered."""
    from book import parse_html

    expected = {}
    for page in book_pages[1:]:
        h1 = parse_html(page).select_one("article.bd-article h1")
        for link in h1.select("a.headerlink"):
            link.extract()
        href = page.relative_to(page.parents[1] if page.parent.name == "chapters" else page.parent)
        expected[str(href.with_suffix(".xhtml"))] = " ".join(h1.get_text().split())
    assert any(title[0].isdigit() for title in expected.values())
    nav = BeautifulSoup(book["nav.xhtml"], "html.parser").find("nav", attrs={"epub:type": "toc"})
    in_nav = {a["href"]: " ".join(a.get_text().split()) for a in nav.select("a") if "#" not in a["href"]}
    ncx = ElementTree.fromstring(book["toc.ncx"])
    ns = "{http://www.daisy.org/z3986/2005/ncx/}"
    in_ncx = {
        point.find(f"{ns}content").get("src"): " ".join(point.find(f"{ns}navLabel/{ns}text").text.split())
        for point in ncx.iter(f"{ns}navPoint")
        if "#" not in point.find(f"{ns}content").get("src")
    }
    for href, title in expected.items():
        assert in_nav[href] == title, href
        assert in_ncx[href] == title, href


def test_every_page_lists_its_evidence_linked_both_ways(book):
    """In each page of the EPUB that cites, each mark leads to a piece of evidence on that page,
    and each piece leads back to the marks that lead to it."""
    pages = 0
    for name in (n for n in book if n.endswith(".xhtml")):
        page = BeautifulSoup(book[name], "html.parser")
        marks = page.select("sup.evidence-mark a[href]")
        if not marks:
            continue
        pages += 1
        for mark in marks:
            item = page.find(id=mark["href"].removeprefix("#"))
            assert item is not None and "evidence" in item["class"] and item["data-cite"], (name, mark)
            assert f"#{mark['id']}" in [a["href"] for a in item.select("a.evidence-back")]
        backs = [a["href"].removeprefix("#") for a in page.select("a.evidence-back")]
        assert sorted(backs) == sorted(m["id"] for m in marks)
    assert pages >= 10


def test_no_page_speaks_of_the_sites_controls(book):
    """The front page's line on the downloads "under the search field" is the HTML's alone: an
    EPUB has no search field."""
    for name in (n for n in book if n.endswith(".xhtml")):
        assert "search field" not in BeautifulSoup(book[name], "html.parser").get_text(), name
