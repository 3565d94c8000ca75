"""booktools.extension.citations: the mechanisms of the Chicago author-date style (labels, order, condensed
numbers, locators, the cache of formatted entries), on a tiny project (roots/).

What the entries and the citations say is held to the CSL project's Chicago style, which is the
Manual's keeper in software, in tests/test_chicago.py: no expected string here is written from a
reading of the Manual.
"""

import pickle
import shutil

import pytest
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, Person, parse_string
from pybtex.richtext import Text

from book import ROOT, copy_root, parse_html, sphinx
from booktools.extension import cachedir
from booktools.extension.citations import AuthorYearLabelStyle, BookStyle, condensed, locator, sort_key


class Starred(PlainTextBackend):
    """Plain text with italics as *...*, to write an entry's expected form in one string."""

    def format_tag(self, tag_name, text):
        return f"*{text}*" if tag_name == "em" else text


def listed(bib: str) -> list[str]:
    """The entries of a .bib text as the reference list prints them, in its order."""
    style = BookStyle()
    entries = list(style.sort(parse_string(bib, "bibtex").entries.values()))
    labels = list(style.format_labels(entries))
    return [
        style.format_entry(label, e).text.render(Starred()) for label, e in zip(labels, entries, strict=True)
    ]


@pytest.mark.parametrize(
    ("first", "last", "printed"),
    [("3", "10", "10"), ("71", "72", "72"), ("96", "117", "117"), ("100", "104", "104"),
     ("1100", "1113", "1113"), ("101", "108", "8"), ("808", "833", "33"), ("1103", "1104", "4"),
     ("321", "328", "28"), ("498", "532", "532"), ("1087", "1089", "89"), ("11564", "11615", "615"),
     ("12991", "13001", "3001"), ("1496", "1504", "1504"), ("2787", "2816", "2816")],
)  # fmt: skip
def test_inclusive_numbers_are_condensed_as_the_manual_shows(first, last, printed):
    assert condensed(first, last) == printed


def test_a_page_locator_drops_p_and_any_other_stays():
    assert locator("p. 74") == "74"
    assert locator("pp. 74–75") == "74–75"
    assert locator("doc. 776") == "doc. 776"
    assert locator("") == ""


@pytest.fixture(scope="module")
def author_year(tmp_path_factory):
    source = copy_root("test-author-year", tmp_path_factory.mktemp("root"))
    result = sphinx(source)
    assert result.returncode == 0, result.stderr
    return parse_html(source / "_build" / "html" / "index.html")


def test_labels_keep_every_letter_and_sort_by_name(author_year):
    labels = [label.get_text().strip("[]") for label in author_year.select("div.citation span.label")]
    assert labels == [
        "Monteón González 2011",
        "Sizonenko and Cárdenas 1981",
        "Spenser 1999a",
        "Spenser 1999b",
        "Time 1924",
        "Платошкин 2011",
    ]


def test_the_list_prints_no_labels_only_chicago_entries(author_year):
    """The labels stay in the markup (as anchors' names) but every edition hides them: a
    Chicago entry opens with its own names and year (what it says: tests/test_chicago.py)."""
    for citation in author_year.select("div.citation"):
        label = citation.select_one("span.label").get_text().strip("[]")
        name = label.rsplit(" ", 1)[0]
        assert (
            citation.select_one("p").get_text().startswith(name.split(" and ")[0].split(" ")[0].strip("“*"))
        )
    css = (ROOT / "booktools" / "extension" / "static" / "booktools.css").read_text(encoding="utf-8")
    assert "div.citation > span.label {\n  display: none;" in css


def test_references_link_to_their_entries(author_year):
    """Each work in a citation links to its entry (the text of the forms: tests/test_chicago.py)."""
    ids = {c["id"] for c in author_year.select("div.citation")}
    links = [a["href"].lstrip("#") for a in author_year.select("span.bibtex-citation a")]
    assert links and set(links) <= ids


def test_one_name_with_two_works_in_a_year_gets_a_and_b():
    entries = [
        Entry(
            "book",
            fields={"year": "1999", "title": t},
            persons={"author": [Person("Spenser, Daniela")]},
        )
        for t in ("A", "B")
    ]
    assert list(AuthorYearLabelStyle().format_labels(entries)) == ["Spenser 1999a", "Spenser 1999b"]


def test_accents_do_not_move_a_name_in_the_order():
    assert sorted(["Ortiz", "Álvarez", "Obregón", "Cárdenas"], key=sort_key) == [
        "Álvarez",
        "Cárdenas",
        "Obregón",
        "Ortiz",
    ]


@pytest.mark.slow  # two builds, as commands
def test_formatted_entries_kept_between_builds_are_never_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = copy_root("test-author-year", tmp_path)
    page = source / "_build" / "html" / "index.html"

    def bibliography() -> list[str]:
        assert sphinx(source, in_process=False).returncode == 0  # the cache folder is read at start-up
        return [c.get_text(" ", strip=True) for c in parse_html(page).select("div.citation")]

    first = bibliography()
    kept = list((tmp_path / "cache" / "booktools").glob("formatted-entries-*.pickle"))
    assert len(kept) == 1
    shutil.rmtree(source / "_build")
    assert bibliography() == first  # formatted from the cache: the same text
    # The cache is what the build uses: an entry planted in it (a valid one) shows in the page.
    key = kept[0].name.split("-")[2]
    entries = pickle.loads(kept[0].read_bytes())
    for entry in entries.values():
        entry.text = Text("Planted by the test.")
    kept[0].unlink()
    monkeypatch.setattr(cachedir, "CACHE", tmp_path / "cache" / "booktools")
    cachedir.store("formatted-entries", key, pickle.dumps(entries), ".pickle")
    shutil.rmtree(source / "_build")
    assert all(c.endswith("Planted by the test.") for c in bibliography())
    bib = source / "refs.bib"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Tom III", "Tom IV"), encoding="utf-8")
    shutil.rmtree(source / "_build")
    changed = bibliography()
    assert any("Tom IV" in c for c in changed) and not any("Tom III" in c for c in changed)
