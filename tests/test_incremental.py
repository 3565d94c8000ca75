"""Edits whose effects reach pages that were not edited: after ``make html`` every one of them
shows, as in a clean build of the same files.

The traps of an incremental Sphinx build: add a citation to a chapter and the bibliography
page keeps its old list (the new citation then points at an anchor that does not exist, with
exit status 0); change a definition and the hover previews of the pages that link to it keep
the old text; change a title and every sidebar keeps it. booktools.build writes every page of
every build from the current environment; these tests hold it to that.
"""

import pytest

from book import parse_html
from booktools.checks import links
from editor import differences, editions

# A real, confirmed work (from the research notes), under a key that the book does not cite.
UNCITED_ENTRY = """
@book{uncited_spenser2011,
  author     = {Spenser, Daniela},
  title      = {Stumbling Its Way through Mexico: The Early Years of the Communist International},
  translator = {Gellert, Peter},
  publisher  = {The University of Alabama Press},
  address    = {Tuscaloosa},
  year       = {2011}
}
"""

pytestmark = pytest.mark.slow  # each test builds the book again


def rebuilt_equals_clean(book, tmp_path) -> None:
    result = book.make()
    assert result.returncode == 0, result.stdout
    clean_result, clean = book.reference(tmp_path / "reference")
    assert clean_result.returncode == 0, clean_result.stdout
    assert differences(editions(book.folder), clean) == []
    assert links.check(book.path("_build/html")) == []


@pytest.fixture
def book_with_an_uncited_entry(book):
    with open(book.path("references.bib"), "a", encoding="utf-8") as bib:
        bib.write(UNCITED_ENTRY)
    with open(book.path("conf.py"), "a", encoding="utf-8") as conf:
        conf.write('book_further_reading = ["uncited_spenser2011"]\n')
    result = book.make()
    assert result.returncode == 0, result.stdout
    return book


def test_a_new_citation_reaches_the_bibliography(book_with_an_uncited_entry, tmp_path):
    book = book_with_an_uncited_entry
    title = "# The Soviet Union's Diplomatic Strategy\n"
    book.edit("docs/chapters/03-soviet-strategy.md", title, title + "\nSee {cite:t}`uncited_spenser2011`.\n")
    rebuilt_equals_clean(book, tmp_path)
    bibliography = parse_html(book.path("_build/html/bibliography.html"))
    assert bibliography.select_one("#uncited-spenser2011") is not None


def test_a_changed_entry_reaches_every_page_that_cites_it(book, tmp_path):
    book.edit("references.bib", "author  = {Monte{\\'o}n Gonz{\\'a}lez, Humberto}",
              "author  = {Monte{\\'o}n, Humberto}")  # fmt: skip
    rebuilt_equals_clean(book, tmp_path)


def test_a_changed_definition_reaches_every_preview_of_it(book, tmp_path):
    book.edit("docs/glossary.md", "Mexico's minister in Berlin, who negotiated",
              "Mexico's envoy in Berlin, who negotiated")  # fmt: skip
    rebuilt_equals_clean(book, tmp_path)
    page = parse_html(book.path("_build/html/chapters/05-negotiations.html"))
    titles = [a.get("title", "") for a in page.select("a.reference.internal")]
    assert any("envoy in Berlin, who negotiated" in t for t in titles)


def test_a_new_chapter_title_reaches_every_sidebar(book, tmp_path):
    book.edit("docs/chapters/08-legacy.md", "# Legacy and Historical Significance\n",
              "# Legacy and Historical Significance of 1924\n")  # fmt: skip
    rebuilt_equals_clean(book, tmp_path)
