"""Edits whose effects reach pages that were not edited: after ``make html`` every one of them
shows, as in a clean build of the same files.

The traps of an incremental Sphinx build: add a citation to a chapter and the bibliography
page keeps its old list (the new citation then points at an anchor that does not exist, with
exit status 0); change a definition and the hover previews of the pages that link to it keep
the old text; change a title and every sidebar keeps it. booktools.make writes every page of
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

NEW_EVIDENCE = """
- cite: uncited_spenser2011
  pages: [chapters/03-soviet-strategy]
  quote: The words that bear the statement out.
  no-locator: a test's citation
"""

pytestmark = pytest.mark.slow  # each test builds the book again


def test_edits_reach_every_page_they_change(book, references):
    """Four edits at once, each of which changes pages that were not edited; one rebuild, which
    must equal a clean build of the same files, file by file, with every link resolving."""
    with open(book.path("references.bib"), "a", encoding="utf-8") as bib:
        bib.write(UNCITED_ENTRY)
    with open(book.path("conf.py"), "a", encoding="utf-8") as conf:
        conf.write('book_further_reading = ["uncited_spenser2011"]\n')
    result = book.make()
    assert result.returncode == 0, result.stdout

    title = "# The Soviet Union's Diplomatic Strategy\n"  # a new citation: the bibliography lists it
    book.edit("docs/chapters/03-soviet-strategy.md", title, title + "\nSee {cite:t}`uncited_spenser2011`.\n")
    with open(book.path("docs/_data/evidence.yaml"), "a", encoding="utf-8") as evidence:  # and its evidence
        evidence.write(NEW_EVIDENCE)
    # a changed entry: every page citing it shows the change
    book.edit(
        "references.bib",
        "author  = {Monte{\\'o}n Gonz{\\'a}lez, Humberto}",
        "author  = {Monte{\\'o}n, Humberto}",
    )
    # a changed definition: every preview of the term changes
    book.edit(
        "docs/glossary.md",
        "Mexico's minister in Berlin, who in 1923 discussed",
        "Mexico's envoy in Berlin, who in 1923 discussed",
    )
    # a changed chapter title: every sidebar shows it
    book.edit("docs/chapters/08-legacy.md", "# Legacy and Historical Significance\n",
              "# Legacy and Historical Significance of 1924\n")  # fmt: skip
    result = book.make()
    assert result.returncode == 0, result.stdout
    clean = references.of(book)
    assert clean.returncode == 0, clean.output
    assert differences(editions(book.folder), clean.editions) == []
    assert links.check(book.path("_build/html")) == []

    site = book.path("_build/html")
    assert parse_html(site / "bibliography.html").select_one("#uncited-spenser2011") is not None
    chapter = parse_html(site / "chapters" / "05-negotiations.html")
    previews = [a.get("title", "") for a in chapter.select("a.reference.internal")]
    assert any("envoy in Berlin, who in 1923 discussed" in preview for preview in previews)
    assert "Monteón 2011" in chapter.get_text() and "Monteón González" not in chapter.get_text()
    sidebar = parse_html(site / "chapters" / "01-introduction.html").select_one("nav.bd-links").get_text()
    assert "Legacy and Historical Significance of 1924" in sidebar
