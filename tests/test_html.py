"""The HTML book as a reader meets it: order, navigation, citations, downloads, clean output."""

import re

from docutils.nodes import make_id
from pybtex.database import parse_file

from book import ROOT, article, chapter_pages, parse_html, resolve, site_pages

CHAPTER_FILES = sorted(p.stem for p in (ROOT / "docs" / "chapters").glob("[0-9][0-9]-*.md"))
# Text that means a MyST construct was not parsed but printed as it stands.
LEAKED_SYNTAX = [
    ":::",
    "```",
    "{cite",
    "{ref}",
    "{numref}",
    "{term}",
    "{doc}",
    "{editors-note}",
    "(bibliography)=",
]


def test_the_chapters_are_in_the_toctree_in_order(book_pages, html_dir):
    pages = [p.relative_to(html_dir).as_posix() for p in book_pages]
    chapters = [f"chapters/{c}.html" for c in CHAPTER_FILES]
    first = pages.index(chapters[0])
    assert pages[first : first + len(chapters)] == chapters
    assert pages[:2] == ["index.html", "about.html"], "front matter first"
    assert pages[-1] == "bibliography.html", "the bibliography last"


def test_chapters_and_sections_are_numbered_and_the_rest_is_not(book_pages):
    for number, page in enumerate(chapter_pages(book_pages), start=1):
        h1 = article(page).find("h1")
        assert h1.select_one("span.section-number").get_text().strip() == f"{number}."
        for h2 in article(page).find_all("h2"):
            if "rubric" in h2.get("class", []):  # the page's evidence, after its sections
                assert h2.get_text() == "Evidence"
                continue
            assert h2.select_one("span.section-number").get_text().startswith(f"{number}.")
    for page in set(book_pages[1:]) - set(chapter_pages(book_pages)):
        assert article(page).find("h1").select_one("span.section-number") is None, page.name


def test_previous_and_next_walk_the_book_in_order(book_pages):
    for before, page, after in zip(book_pages, book_pages[1:], book_pages[2:], strict=False):
        soup = parse_html(page)
        assert resolve(page, soup.select_one("a.left-prev")["href"])[0] == before.resolve()
        assert resolve(page, soup.select_one("a.right-next")["href"])[0] == after.resolve()


def test_search_and_dark_mode_are_there(html_dir, book_pages):
    assert (html_dir / "search.html").is_file()
    assert (html_dir / "pagefind" / "pagefind.js").is_file()  # the search index (tests/test_search.py)
    for chapter in CHAPTER_FILES:
        assert parse_html(html_dir / "chapters" / f"{chapter}.html").select_one("[data-pagefind-body]")
    for page in book_pages:
        assert parse_html(page).select_one("button.theme-switch-button") is not None


def test_every_citation_links_to_a_bibliography_entry(book_pages, html_dir):
    bibliography = parse_html(html_dir / "bibliography.html")
    entries = {c["id"] for c in bibliography.select("div.citation[id]")}
    assert len(entries) >= 5
    cited = set()
    for page in book_pages:
        for link in article(page).select("span.bibtex-citation a"):
            target, fragment = resolve(page, link["href"])
            assert target == (html_dir / "bibliography.html").resolve(), link
            assert fragment in entries, f"{page.name}: {link.get_text()!r} points to missing #{fragment}"
            cited.add(fragment)
    assert cited == entries, "every listed entry is cited somewhere"


def test_citations_read_author_year_in_round_brackets(book_pages):
    texts = [c.get_text() for p in book_pages for c in article(p).select("span.bibtex-citation")]
    assert "(Monteón González 2011)" in texts
    assert any(re.fullmatch(r"\([^()]+ (\d{4}|n\.d\.)(; [^()]+ (\d{4}|n\.d\.))*\)", t) for t in texts)


def test_labels_keep_accents_and_urls_and_dois_are_links(html_dir):
    bibliography = parse_html(html_dir / "bibliography.html")
    labels = [label.get_text().strip("[]") for label in bibliography.select("div.citation span.label")]
    assert "Monteón González 2011" in labels and "Sizonenko and Cárdenas 1981" in labels
    hrefs = {a["href"] for a in bibliography.select("div.citation a[href]")}
    assert "https://doi.org/10.24901/rehs.v38i149.263" in hrefs
    assert "https://dukeupress.edu/the-impossible-triangle" in hrefs


def test_no_myst_syntax_leaks_into_the_text(book_pages):
    for page in book_pages:
        text = article(page).get_text()
        for syntax in LEAKED_SYNTAX:
            assert syntax not in text, f"{page.name} shows {syntax!r}"


def test_editors_notes_are_marked_and_cite_their_sources(book_pages):
    notes = [n for p in book_pages for n in article(p).select("div.admonition.editors-note")]
    assert len(notes) >= 5
    for note in notes:
        assert note.select_one(".admonition-title").get_text() == "Editor’s note"
    for note in (n for p in chapter_pages(book_pages) for n in article(p).select("div.editors-note")):
        assert note.select("span.bibtex-citation a"), note.get_text()[:80]


def test_no_heading_is_empty(html_dir):
    """Every heading of every page says something (the index page's print heading was empty)."""
    empty = [
        (page.name, str(heading))
        for page in site_pages(html_dir)
        for heading in parse_html(page).find_all(["h1", "h2", "h3", "h4", "h5", "h6"])
        if not heading.get_text(strip=True)
    ]
    assert empty == []
    assert parse_html(html_dir / "genindex.html").select_one("#jb-print-docs-body h1").get_text() == "Index"


def test_every_run_of_cyrillic_is_marked_russian(html_dir):
    """A screen reader reads Коллонтай in Russian only where the page says lang="ru"."""
    unmarked, marked = [], 0
    for page in site_pages(html_dir):
        for text in parse_html(page).find_all(string=re.compile("[\u0400-\u04ff]")):
            if text.find_parent(["script", "style", "title"]):
                continue
            owner = next((p for p in text.parents if p.get("lang")), None)
            if owner is None or owner["lang"] != "ru":
                unmarked.append((page.name, text.strip()[:40]))
            else:
                marked += 1
    assert unmarked == []
    assert marked > 50


def test_titles_not_in_english_carry_their_language(html_dir):
    """Each reference whose .bib entry names its language (langid) has its title marked so: a
    screen reader reads "La embajadora roja" in Spanish, not as English."""
    codes = {"spanish": "es", "russian": "ru"}
    entries = parse_file(str(ROOT / "references.bib")).entries
    listed = {c["id"]: c for c in parse_html(html_dir / "bibliography.html").select("div.citation")}
    marked = 0
    for key, entry in entries.items():
        code = codes.get(entry.fields.get("langid", ""))
        if not code:
            continue
        title = listed[make_id(key)].select_one("p [lang]")
        assert title is not None and title["lang"] == code, key
        marked += 1
    assert marked >= 15
