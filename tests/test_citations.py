"""booktools.citations: author-year labels, order and references, on a tiny project (roots/)."""

import pickle
import shutil

import pytest
from pybtex.database import Entry, Person
from pybtex.richtext import Text

from book import copy_root, parse_html, sphinx
from booktools import cachedir
from booktools.citations import AuthorYearLabelStyle, sort_key


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
        "Time 1924",
        "Платошкин 2011",
    ]


def test_references_are_author_year_in_round_brackets(author_year):
    citations = [c.get_text() for c in author_year.select("span.bibtex-citation")]
    assert citations == [
        "(Платошкин 2011)",
        "Monteón González (2011)",
        "(Sizonenko and Cárdenas 1981; Time 1924)",
    ]


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
