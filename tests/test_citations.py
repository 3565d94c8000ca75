"""booktools.citations: Chicago author-date (17th edition) entries, labels, order and references,
on entries of every type the book uses and on a tiny project (roots/).

The expected strings are written from the manual's rules for each type (chapter 15, the
author-date system), not copied from what the style prints: *...* marks italics.
"""

import pickle
import shutil

import pytest
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, Person, parse_string
from pybtex.richtext import Text

from book import ROOT, copy_root, parse_html, sphinx
from booktools import cachedir
from booktools.citations import AuthorYearLabelStyle, BookStyle, condensed, locator, sort_key


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


# One entry of each type the book's references.bib uses, with its fields as the .bib gives them.
CHICAGO = {
    "book": (
        r"""@book{spenser1999triangle,
  author = {Spenser, Daniela},
  title = {The Impossible Triangle: Mexico, Soviet Russia, and the United States in the 1920s},
  series = {American Encounters/Global Interactions}, publisher = {Duke University Press},
  address = {Durham, NC and London}, year = {1999}, isbn = {978-0-8223-2289-4},
  note = {Foreword by Friedrich Katz}, url = {https://dukeupress.edu/the-impossible-triangle}}""",
        # Name inverted. Year. *Title*. Series (roman). Place: Publisher. Note. URL. (No ISBN.)
        "Spenser, Daniela. 1999. *The Impossible Triangle: Mexico, Soviet Russia, and the United States"
        " in the 1920s*. American Encounters/Global Interactions. Durham, NC and London: Duke University"
        " Press. Foreword by Friedrich Katz. https://dukeupress.edu/the-impossible-triangle.",
    ),
    "translated book": (
        r"""@book{spenser2011stumbling,
  author = {Spenser, Daniela},
  title = {Stumbling Its Way through Mexico: The Early Years of the Communist International},
  translator = {Gellert, Peter}, publisher = {The University of Alabama Press},
  address = {Tuscaloosa}, year = {2011}, pagetotal = {216}}""",
        # "Translated by" and the translator's name in its normal order, after the title.
        "Spenser, Daniela. 2011. *Stumbling Its Way through Mexico: The Early Years of the Communist"
        " International*. Translated by Peter Gellert. Tuscaloosa: The University of Alabama Press.",
    ),
    "edited volume": (
        r"""@book{sizonenko1981otnosheniya,
  editor = {Sizonenko, A. I. and C{\'a}rdenas, L.},
  title = {Sovetsko-meksikanskie otnosheniia (1917--1980): Sbornik dokumentov [Советско-мексиканские
    отношения (1917--1980): Сборник документов]},
  publisher = {Mezhdunarodnye otnosheniia}, address = {Moscow}, year = {1981}, pagetotal = {112}}""",
        # Editors in the author's place, the second not inverted, a comma before "and", "eds.";
        # the bracketed original after the italic title is roman.
        "Sizonenko, A. I., and L. Cárdenas, eds. 1981. *Sovetsko-meksikanskie otnosheniia (1917–1980):"
        " Sbornik dokumentov* [Советско-мексиканские отношения (1917–1980): Сборник документов]."
        " Moscow: Mezhdunarodnye otnosheniia.",
    ),
    "book with an editor besides its author": (
        r"""@book{kollontai_diario,
  author = {Kollontai, Alexandra},
  title = {Alexandra {Kollontai} en {M{\'e}xico}: diario y otros documentos},
  editor = {Ortiz, Rina}, publisher = {Editorial de la Universidad Veracruzana},
  series = {Colecci{\'o}n Vida y Memoria},
  url = {https://ebooks.uv.mx/product/alexandra-kollontai-en-mxico-diario-y-otros-documentos},
  unconfirmed = {year}}""",
        # No year: "n.d."; "Edited by" after the title; a publisher without a place.
        "Kollontai, Alexandra. n.d. *Alexandra Kollontai en México: diario y otros documentos*. Edited"
        " by Rina Ortiz. Colección Vida y Memoria. Editorial de la Universidad Veracruzana."
        " https://ebooks.uv.mx/product/alexandra-kollontai-en-mxico-diario-y-otros-documentos.",
    ),
    "article": (
        r"""@article{monteon2011solidaridad,
  author = {Monte{\'o}n Gonz{\'a}lez, Humberto},
  title = {La solidaridad: un puente que uni{\'o} a {M{\'e}xico} y la {Rusia} sovi{\'e}tica},
  journal = {Espiral (Guadalajara)}, volume = {18}, number = {51}, pages = {73--102},
  year = {2011}, issn = {1665-0565},
  url = {https://www.scielo.org.mx/scielo.php?script=sci_arttext&pid=S1665-05652011000200003}}""",
        # "Title." in quotation marks, the period inside; *Journal* volume (issue): pages.
        "Monteón González, Humberto. 2011. “La solidaridad: un puente que unió a México y la Rusia"
        " soviética.” *Espiral (Guadalajara)* 18 (51): 73–102."
        " https://www.scielo.org.mx/scielo.php?script=sci_arttext&pid=S1665-05652011000200003.",
    ),
    "article with a DOI": (
        r"""@article{ortizperalta2017embajadora,
  author = {Ortiz Peralta, Rina},
  title = {La embajadora roja: {Alexandra Kollontai} y {M{\'e}xico}},
  journal = {Relaciones. Estudios de historia y sociedad}, volume = {38}, number = {149},
  year = {2017}, doi = {10.24901/rehs.v38i149.263},
  url = {https://www.scielo.org.mx/scielo.php?script=sci_arttext&pid=S0185-39292017000100013}}""",
        # The DOI, as an address, in place of the URL.
        "Ortiz Peralta, Rina. 2017. “La embajadora roja: Alexandra Kollontai y México.” *Relaciones."
        " Estudios de historia y sociedad* 38 (149). https://doi.org/10.24901/rehs.v38i149.263.",
    ),
    "article with an issue and no volume": (
        r"""@article{patula1998trotsky,
  author = {Patula Doubek, Jan}, title = {Trotsky en {M{\'e}xico}. La asechanza permanente},
  journal = {Iztapalapa}, number = {43}, year = {1998}, pages = {159--174}}""",
        # ", no. 43"; inclusive page numbers condensed: 159–74.
        "Patula Doubek, Jan. 1998. “Trotsky en México. La asechanza permanente.” *Iztapalapa*, no. 43:"
        " 159–74.",
    ),
    "chapter (a document in a published collection)": (
        r"""@incollection{frus1944parks,
  author = {Parks, Marion},
  title = {Memorandum by {Mr. Marion Parks} of the {Office of American Republic Affairs}: Activities
    of {Soviet} Diplomatic Representatives in the Other {American} Republics},
  booktitle = {Foreign Relations of the United States, 1944, Volume IV},
  publisher = {U.S. Department of State, Office of the Historian}, note = {Document 776},
  url = {https://history.state.gov/historicaldocuments/frus1944v04/d776}, unconfirmed = {year}}""",
        # "Title." In *Book*. Publisher. Note. URL.
        "Parks, Marion. n.d. “Memorandum by Mr. Marion Parks of the Office of American Republic"
        " Affairs: Activities of Soviet Diplomatic Representatives in the Other American Republics.”"
        " In *Foreign Relations of the United States, 1944, Volume IV*. U.S. Department of State, Office"
        " of the Historian. Document 776. https://history.state.gov/historicaldocuments/frus1944v04/d776.",
    ),
    "government document": (
        r"""@misc{avilacamacho1942decreto,
  author = {{\'A}vila Camacho, Manuel},
  title = {Decreto declarando que los {Estados Unidos Mexicanos} se encuentran en estado de guerra
    con {Alemania}, {Italia} y {Jap{\'o}n}},
  year = {1942}, month = jun, day = {1}}""",
        # A document's title in quotation marks; its full date, month first.
        "Ávila Camacho, Manuel. 1942. “Decreto declarando que los Estados Unidos Mexicanos se"
        " encuentran en estado de guerra con Alemania, Italia y Japón.” June 1, 1942.",
    ),
    "unsigned web page": (
        r"""@online{milestones_ussr1933,
  title = {Recognition of the {Soviet Union}, 1933},
  url = {https://history.state.gov/milestones/1921-1936/ussr}, unconfirmed = {author, year}}""",
        # No author and no organization recorded: the title leads, then "n.d."; no access date
        # where none is recorded.
        "“Recognition of the Soviet Union, 1933.” n.d. https://history.state.gov/milestones/1921-1936/ussr.",
    ),
    "web page of an organization, with an access date": (
        r"""@online{test_corporate,
  title = {Recognition of the {Soviet Union}, 1933}, organization = {Office of the Historian},
  urldate = {2026-03-02}, url = {https://history.state.gov/milestones/1921-1936/ussr}}""",
        # The organization stands as the author; "Accessed" only from the entry's urldate.
        "Office of the Historian. n.d. “Recognition of the Soviet Union, 1933.” Accessed March 2, 2026."
        " https://history.state.gov/milestones/1921-1936/ussr.",
    ),
    "unsigned magazine item": (
        r"""@article{time1924pestkowsky,
  title = {[{President} {Obreg{\'o}n} receives the credentials of the {Soviet} minister {Pestkowsky}]},
  journal = {Time}, year = {1924}, month = nov, day = {17}, unconfirmed = {author}}""",
        # The periodical, in italics, stands as the author; the date follows the title,
        # which, a description in brackets, takes no quotation marks.
        "*Time*. 1924. [President Obregón receives the credentials of the Soviet minister Pestkowsky]."
        " November 17, 1924.",
    ),
    "unsigned magazine article with a headline": (
        r"""@article{time1945ambassador,
  title = {Ambassador's End}, journal = {Time}, year = {1945}, month = feb, day = {5},
  unconfirmed = {author}}""",
        "*Time*. 1945. “Ambassador's End.” February 5, 1945.",
    ),
}


@pytest.mark.parametrize("kind", list(CHICAGO))
def test_each_entry_type_reads_as_chicago_author_date(kind):
    bib, expected = CHICAGO[kind]
    assert listed(bib) == [expected]


def test_two_works_of_one_year_are_a_and_b_in_the_list_too():
    bib = r"""@book{one, author = {Spenser, Daniela}, title = {First}, year = {1999}}
@book{two, author = {Spenser, Daniela}, title = {Second}, year = {1999}}
@book{three, author = {Spenser, Daniela}, title = {Undated}}
@book{four, author = {Spenser, Daniela}, title = {Undated Too}}"""
    assert listed(bib) == [
        "Spenser, Daniela. 1999a. *First*.",
        "Spenser, Daniela. 1999b. *Second*.",
        "Spenser, Daniela. n.d.-a. *Undated*.",
        "Spenser, Daniela. n.d.-b. *Undated Too*.",
    ]


def test_names_follow_the_manual():
    bib = r"""@article{three, author = {Ward, Geoffrey C. and Burns, Ken and Smith, Ann},
  title = {Three}, journal = {J}, year = {2007}}"""
    assert listed(bib) == ["Ward, Geoffrey C., Ken Burns, and Ann Smith. 2007. “Three.” *J*."]


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
    Chicago entry opens with its own names and year."""
    entries = [" ".join(p.get_text().split()) for p in author_year.select("div.citation > p")]
    assert entries[0] == (
        "Monteón González, Humberto. 2011. “La solidaridad: un puente que unió a México y la Rusia"
        " soviética.” Espiral (Guadalajara)."
    )
    assert (
        entries[2]
        == "Spenser, Daniela. 1999a. The Impossible Triangle. Durham, NC and London: Duke University Press."
    )
    css = (ROOT / "booktools" / "static" / "booktools.css").read_text(encoding="utf-8")
    assert "div.citation > span.label {\n  display: none;" in css


def test_references_are_author_year_in_round_brackets(author_year):
    citations = [c.get_text() for c in author_year.select("span.bibtex-citation")]
    assert citations == [
        "(Платошкин 2011)",
        "Monteón González (2011)",
        "(Sizonenko and Cárdenas 1981; Time 1924)",
        "(Sizonenko and Cárdenas 1981, 74)",
        "(Sizonenko and Cárdenas 1981, 74–75; Time 1924)",
        "Spenser (1999a, 12)",
        "(Spenser 1999b, doc. 776)",
    ]
    assert [em.get_text() for em in author_year.select("span.bibtex-citation em")] == ["Time", "Time"]


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
