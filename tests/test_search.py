"""The search page finds what readers type, in Chromium, as a reader uses it.

Each mechanism on a small book first (tests/roots/test-search: a glossary of two persons, one
with spellings in Cyrillic and a source's, and a page that names them; the snippet test is in
the quick loop), then the queries a reader of this book types, end to end on the book as built."""

import re
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from sphinx.testing.util import SphinxTestApp

from book import ROOTS, parse_html


def words(text: str) -> str:
    """The words of a text, without the punctuation around them ("1924)." -> "1924")."""
    return " ".join(re.findall(r"[\w-]+", text))


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


@pytest.fixture(scope="module")
def browser():
    from booktools.checks.browser import chromium

    with chromium() as browser:
        yield browser


@contextmanager
def search_page(site, browser):
    """A function that searches the site's search page for a query, as a reader's browser does,
    and returns what it shows: the status line and, per result, its page, its snippet and the
    words the snippet marks."""
    from booktools.checks.browser import search_results_shown, serve

    with serve(site) as base:
        tab = browser.new_page()
        errors = []
        tab.on("pageerror", lambda error: errors.append(str(error)))

        def search(query: str) -> dict:
            tab.goto(f"{base}/search.html?q={quote(query)}")
            search_results_shown(tab)
            results = [
                {
                    "page": urlsplit(item.query_selector("a").get_attribute("href")).path.lstrip("/"),
                    "snippet": item.query_selector("p.context").inner_text(),
                    "marked": [words(m.inner_text()) for m in item.query_selector_all("p.context mark")],
                }
                for item in tab.query_selector_all("#search-results li")
            ]
            assert errors == [], errors
            return {"status": tab.inner_text("#search-status"), "results": results}

        yield search


@pytest.fixture(scope="module")
def small(tmp_path_factory, browser):
    # Once for the module (sphinx.testing's make_app builds once a test): Sphinx's own test app.
    app = SphinxTestApp("html", srcdir=ROOTS / "test-search", builddir=tmp_path_factory.mktemp("search"))
    app.build()
    outdir, warnings = Path(app.outdir), app.warning.getvalue()
    app.cleanup()
    assert warnings == ""
    with search_page(outdir, browser) as search:
        yield search


def pages(found: dict) -> list[str]:
    return [result["page"] for result in found["results"]]


@pytest.mark.slow  # a mechanism the quick loop's search test does not need
def test_a_name_is_not_stemmed_into_a_common_word(small):
    """Pagefind's English stemmer takes "Calles" for a form of "call"; the section that only
    says "called" is not a result for the name, and is for the word."""
    found = small("Calles")
    assert sorted(pages(found)) == ["glossary.html", "letters.html"]
    assert all(result["marked"] == ["Calles"] for result in found["results"]), found
    letters = next(r for r in small("call")["results"] if r["page"] == "letters.html")
    assert "called" in letters["marked"]


@pytest.mark.slow  # a mechanism the quick loop's search test does not need
def test_every_spelling_of_a_name_finds_the_persons_pages(small):
    """The glossary records Kollontai's name in Cyrillic and as a source spelled it; the letters
    say "Kollontai" only."""
    expected = ["glossary.html", "letters.html"]
    for query in ("Kollontai", "Kollontay", "Коллонтай", "kollontay"):
        found = small(query)
        assert sorted(pages(found)) == expected, query
        for result in found["results"]:
            assert result["marked"] and all(fold(m).startswith("kollonta") or m == "Коллонтай"
                                            for m in result["marked"]), result  # fmt: skip


def test_a_snippet_shows_the_spelling_typed_where_the_page_has_it(small):
    glossary = next(r for r in small("Коллонтай")["results"] if r["page"] == "glossary.html")
    assert glossary["marked"] == ["Коллонтай"]


@pytest.mark.slow  # a mechanism the quick loop's search test does not need
def test_years_are_found(small):
    found = small("1926")
    assert pages(found) == ["letters.html"] and found["results"][0]["marked"] == ["1926"]


@pytest.mark.slow  # a mechanism the quick loop's search test does not need
def test_one_result_a_page_however_often_it_has_the_word(small):
    """ "president" is in two sections of the letters and in the glossary: two results."""
    assert sorted(pages(small("president"))) == ["glossary.html", "letters.html"]


@pytest.mark.slow  # a mechanism the quick loop's search test does not need
def test_accents_and_case_are_folded(small):
    assert pages(small("ELIAS")) == ["glossary.html"]


@pytest.mark.slow  # a mechanism the quick loop's search test does not need
def test_nothing_found_says_so(small):
    found = small("xylophone")
    assert found["results"] == [] and found["status"].startswith("Nothing found")


@pytest.mark.slow  # a mechanism the quick loop's search test does not need
def test_only_the_books_pages_are_read(small):
    """Not the search page, nor the index: the pages of the book, their articles."""
    assert "genindex.html" not in pages(small("Kollontai"))
    assert pages(small("Searching")) == [""]  # the front page, whose heading it is


# -- The book, as a reader searches it ---------------------------------------------------------


@pytest.fixture(scope="module")
def book_search(html_dir, browser):
    with search_page(html_dir, browser) as search:
        yield search


@pytest.mark.slow  # the whole book, in Chromium
def test_the_books_year_finds_its_pages(book_search):
    found = book_search("1924")
    assert len(pages(found)) >= 10
    chronology = next(r for r in found["results"] if r["page"] == "chronology.html")
    assert "1924" in chronology["marked"]


@pytest.mark.slow  # the whole book, in Chromium
def test_a_chronology_hit_shows_its_row(book_search, html_dir):
    """The snippet is running text of the table's rows, not the timeline's drawn labels."""
    found = book_search("Saint-Nazaire")
    chronology = next(r for r in found["results"] if r["page"] == "chronology.html")
    table = parse_html(html_dir / "chronology.html").select_one("table")
    for mark in table.select(".evidence-mark"):  # numbers, not words: not searched
        mark.decompose()
    table = words(fold(table.get_text(" ")))
    snippet = words(fold(chronology["snippet"])).split()[1:-1]  # the ends may be cut
    assert len(snippet) > 10 and " ".join(snippet) in table, chronology["snippet"]


@pytest.mark.parametrize(
    ("variant", "usual"),
    [("Kollontay", "Kollontai"), ("Коллонтай", "Kollontai"), ("Pestkowsky", "Pestkovsky"),
     ("Oumansky", "Umansky"), ("Krestinskii", "Krestinsky")],
)  # fmt: skip
@pytest.mark.slow  # the whole book, in Chromium
def test_every_spelling_the_glossary_records_leads_to_the_persons_pages(book_search, variant, usual):
    assert sorted(pages(book_search(variant))) == sorted(pages(book_search(usual))), variant
    assert len(pages(book_search(usual))) >= 3


@pytest.mark.slow  # the whole book, in Chromium
def test_calles_finds_the_president_not_the_verb(book_search):
    found = book_search("Calles")
    assert pages(found)
    for result in found["results"]:
        assert [fold(m) for m in result["marked"]] == ["calles"], result


@pytest.mark.parametrize(
    ("query", "shown"),
    [("Krestinsky", ["krestinsky"]), ("Obregon", ["obregon"]), ("Comintern", ["comintern"]),
     ("treaty", ["treaty", "treaties"]), ("Пестковский", ["пестковскии", "pestkovsky", "pestkowsky"])],
)  # fmt: skip
@pytest.mark.slow  # the whole book, in Chromium
def test_one_result_a_page_each_with_the_words_found(book_search, query, shown):
    found = book_search(query)
    assert pages(found) and len(set(pages(found))) == len(pages(found))
    for result in found["results"]:
        assert any(fold(m) in shown for m in result["marked"]), result


@pytest.mark.slow  # the whole book, in Chromium
def test_the_evidence_is_not_searched(book_search, html_dir):
    """The sources' words are the evidence's, not the book's: a name found only in a quote
    (Dubrowsky, the Red Cross's envoy, in Monteón's words) finds nothing."""
    chronology = parse_html(html_dir / "chronology.html")
    assert "Dubrowsky" in chronology.select_one("ol.evidence-list").get_text()
    assert pages(book_search("Dubrowsky")) == []


def test_the_permalinks_pagefind_leaves_out_are_sphinxs_headerlinks(html_dir, book_pages):
    """Pagefind is told to leave out ".headerlink" (booktools/extension/search.py): the class of
    the permalink Sphinx puts after every heading."""
    for page in book_pages[1:]:
        headings = parse_html(page).select("article.bd-article section > :is(h1, h2, h3):not(.rubric)")
        assert headings, page
        for heading in headings:
            assert heading.select_one("a.headerlink") is not None, (page.name, heading)


def test_the_result_list_keeps_sphinxs_style_for_it(html_dir):
    """booktools-search.js writes its results as Sphinx's search did (ul.search, p.context),
    styled by Sphinx's basic.css: its rules for them are published, not cut away."""
    import tinycss2

    css = (html_dir / "_static" / "basic.css").read_text(encoding="utf-8")
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    selectors = {
        selector.strip()
        for rule in rules
        if rule.type == "qualified-rule"
        for selector in tinycss2.serialize(rule.prelude).split(",")
    }
    assert "ul.search" in selectors and any(s.endswith("p.context") for s in selectors), sorted(selectors)
