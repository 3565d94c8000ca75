"""The scholarly apparatus of the built book: sources, notes, chronology, glossary, index."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from docutils.nodes import make_id
from pybtex.database import parse_file, parse_string

from book import CONF, ROOT, article, chapter_pages, chapter_text, parse_html, resolve, site_pages
from booktools.extension.chronology import load_events

BIB = parse_file(ROOT / "references.bib")
EVENTS = load_events(ROOT / "docs" / CONF["book_chronology"])
REQUIRED_GLOSSARY = [
    "Obregón", "Calles", "Portes Gil", "Pestkovsky", "Kollontai", "Vadillo",
    "Silva Herzog", "Skvirsky", "Comintern", "PNR", "PRI",
]  # fmt: skip


@pytest.fixture(scope="module")
def bibliography_ids(html_dir):
    page = parse_html(html_dir / "bibliography.html")
    return {c["id"] for c in page.select("div.citation[id]")}


def citation_targets(element, page, html_dir):
    """The bibliography anchors that the citations inside an element link to."""
    for link in element.select("span.bibtex-citation a"):
        target, fragment = resolve(page, link["href"])
        assert target == (html_dir / "bibliography.html").resolve()
        yield fragment


def test_references_are_many_and_real_types():
    assert len(BIB.entries) >= 12
    assert {e.type for e in BIB.entries.values()} <= {"book", "article", "incollection", "online", "misc"}


def test_every_entry_is_cited_and_listed(bibliography_ids):
    assert {make_id(key) for key in BIB.entries} == bibliography_ids


def test_every_chapter_cites(book_pages, html_dir, bibliography_ids):
    for page in chapter_pages(book_pages):
        cited = set(citation_targets(article(page), page, html_dir))
        assert cited and cited <= bibliography_ids, page.name


def test_every_editors_note_cites_a_listed_source(book_pages, html_dir, bibliography_ids):
    """Every note of the chapters (About this edition shows one, as an example, that cites none)."""
    notes = [(p, n) for p in chapter_pages(book_pages) for n in article(p).select("div.editors-note")]
    assert len(notes) >= 10
    for page, note in notes:
        cited = set(citation_targets(note, page, html_dir))
        assert cited and cited <= bibliography_ids, note.get_text()[:80]


def test_contradicted_claims_have_notes_beside_them(book_pages):
    """Each contradicted claim (rows 2, 3, 6, 7, 11, 12, 13, 16 of the fact-check) is followed,
    on its page, by an editor's note that names what the record says instead."""
    claims = {
        "Institutional Revolutionary Party (PRI)": "PNR",
        "under President Calles": "Obregón",
        "Mikhail T. Kamenetsky": "Skvirsky",
        "supported by its Latin American allies": "first country of the Western Hemisphere",
        "the appointment of ambassadors": "polpred",
        "Aleksandr A. Kizirov": "Pestkovsky",
        "Manuel Gómez Morin as its ambassador": "Vadillo",
        "including trade agreements": "No trade agreement",
    }
    for claim, answer in claims.items():
        for page in book_pages:
            body = article(page)
            paragraph = next((p for p in body.find_all("p") if claim in p.get_text()), None)
            if paragraph:
                break
        else:
            pytest.fail(f"claim not found: {claim}")
        following = paragraph.find_next("div", class_="editors-note")
        assert following is not None and answer in " ".join(following.get_text().split()), claim


def test_sources_that_disagree_are_both_given(book_pages):
    notes = [n.get_text() for p in book_pages for n in article(p).select("div.editors-note")]
    text = " ".join(" ".join(notes).split())
    assert "2 August 1924" in text and "4 August" in text
    assert "1942" in text and "1943" in text


def test_chronology_events_cite_real_entries():
    assert len(EVENTS) >= 15
    assert EVENTS[0].start.year >= 1917 and EVENTS[-1].start.year <= 1945
    for event in EVENTS:
        assert event.sources and all(key in BIB.entries for key in event.sources), event
    labels = {e.label for e in EVENTS}
    for omitted in ["Mexico breaks relations", "Trotsky in Mexico", "Relations restored"]:
        assert omitted in labels


def test_the_chronology_table_lists_every_event_with_its_citations(html_dir, bibliography_ids):
    page = html_dir / "chronology.html"
    table = parse_html(page).select_one("table.chronology")
    rows = table.select("tbody tr")
    assert len(rows) == len(EVENTS)
    for row, event in zip(rows, EVENTS, strict=True):
        assert row.find("td").get_text(strip=True) == event.when
        assert {make_id(k) for k in event.sources} == set(citation_targets(row, page, html_dir))
    assert any(e.uncertain for e in EVENTS)
    assert "Date uncertain" in table.get_text()


def test_the_timeline_figure_is_drawn_in_html_and_referenced(html_dir, book_pages):
    page = parse_html(html_dir / "chronology.html")
    figure = page.select_one("figure#timeline-figure")
    svg = figure.select_one("svg.timeline")
    assert [t.get_text() for t in svg.find_all("text") if not t.get_text().isdigit()] == [
        e.label for e in EVENTS
    ]
    assert figure.select_one("figcaption").get_text().strip().startswith("Figure 1")
    references = [
        a
        for p in chapter_pages(book_pages)
        for a in article(p).select("a[href$='chronology.html#timeline-figure']")
    ]
    assert references and all(a.get_text() == "Figure 1" for a in references)


def test_the_timeline_figure_is_in_the_pdf(pdf):
    text = chapter_text(pdf, "Chronology")
    assert "Figure 1: Mexico and the Soviet Union" in text
    for event in EVENTS:
        assert event.label in text, event.label


def test_the_glossary_names_the_books_people_and_links_them(html_dir, book_pages):
    glossary = parse_html(html_dir / "glossary.html")
    terms = [dt.get_text() for dt in glossary.select("dl.glossary dt")]
    for name in REQUIRED_GLOSSARY:
        assert any(name in term for term in terms), name
    links = [
        a for p in chapter_pages(book_pages) for a in article(p).select("a[href*='glossary.html#term-']")
    ]
    targets = {dt["id"] for dt in glossary.select("dl.glossary dt[id]")}
    assert len(links) >= 15
    assert all(resolve(html_dir / "chapters" / "x.html", a["href"])[1] in targets for a in links)


def test_the_html_index_files_accented_names_under_their_letter(html_dir):
    index = parse_html(html_dir / "genindex.html")
    groups = {h2.get_text(strip=True): h2.find_next("table").get_text() for h2 in index.select("h2")}
    assert "Álvarez del Castillo" in groups["A"]
    assert "Obregón, Álvaro" in groups["O"]


def test_the_printed_index_files_accented_names_under_their_letter(pdf):
    text = chapter_text(pdf, "Index")
    group_a = text[text.index("Index A ") : text.index(" B ")]
    assert "Álvarez del Castillo" in group_a
    assert text.index(" M ") < text.index(" O ") < text.index("Obregón, Álvaro") < text.index(" P ")


def test_every_page_carries_citation_and_opengraph_tags(html_dir):
    pdf = (html_dir / f"{CONF['basename']}.pdf").resolve()
    for page in site_pages(html_dir):
        soup = parse_html(page)
        meta = {m.get("name") or m.get("property"): m.get("content") for m in soup.select("meta")}
        title = soup.select_one("article.bd-article h1")
        if page.name in ("index.html", "genindex.html", "search.html"):  # the book; generated pages
            assert meta["citation_title"] == CONF["project"] and "citation_inbook_title" not in meta, page
        else:  # a chapter, or the front or back matter: itself, in the book
            own = title.get_text(" ", strip=True).rstrip("#¶ ")
            assert meta["citation_title"] in own and meta["citation_inbook_title"] == CONF["project"], page
        assert "citation_author" not in meta  # "The editors" is no person
        assert re.fullmatch(r"\d{4}/\d{2}/\d{2}", meta["citation_publication_date"])
        assert meta["citation_language"] == "en"
        assert meta["citation_publisher"] == CONF["book_publisher"]
        assert resolve(page, meta["citation_pdf_url"])[0] == pdf
        assert meta["og:title"] and meta["og:type"] == "book" and meta["og:site_name"]


def test_how_to_cite_gives_a_bibtex_entry_for_this_edition(html_dir):
    about = parse_html(html_dir / "about.html")
    code = about.select_one("#how-to-cite div.highlight-bibtex pre").get_text()
    (key,) = parse_string(code, "bibtex").entries
    entry = parse_string(code, "bibtex").entries[key]
    assert key == CONF["basename"]  # a key that names the book, not "book"
    assert entry.fields["title"].strip("{}") == CONF["project"]
    # Whether the build was a release is the built page's to say (the checkout may have changed since).
    if about.select_one(".book-edition").get_text(" ", strip=True).startswith("Edition "):
        assert entry.fields["edition"] == CONF["version"] and "note" not in entry.fields  # never a commit
    else:  # a draft is no edition, and says what it is
        assert "edition" not in entry.fields and entry.fields["note"].startswith("Draft of ")


def how_to_cite_entries() -> dict[str, str]:
    """The "How to cite" BibTeX of this book's settings, as a release and as a draft."""
    from types import SimpleNamespace

    from booktools.extension.metadata import bibtex_entry

    settings = {
        name: CONF[name] for name in ("project", "version", "language", "book_authors", "book_publisher")
    }
    common = dict(settings, today_fmt="%-d %B %Y", html_baseurl="https://example.org/book/",
                  book_repository="", book_citation_key="", epub_basename=CONF["basename"])  # fmt: skip
    return {
        "release": bibtex_entry(SimpleNamespace(**common, release=CONF["version"])),
        "draft": bibtex_entry(SimpleNamespace(**common, release=CONF["version"] + "+3.gabc1234")),
    }


@pytest.mark.parametrize("kind", ["release", "draft"])
def test_the_bibtex_entry_renders_without_a_warning_in_bibtex_plain(tmp_path, kind):
    """BibTeX itself, with plain.bst: a book needs an editor or author, a title, a publisher
    and a year, and "The editors" is one name, not a person's."""
    (tmp_path / "book.bib").write_text(how_to_cite_entries()[kind], encoding="utf-8")
    key = CONF["basename"]
    (tmp_path / "cite.aux").write_text(f"\\citation{{{key}}}\n\\bibstyle{{plain}}\n\\bibdata{{book}}\n")
    result = subprocess.run(["bibtex", "cite"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0 and "Warning" not in result.stdout, result.stdout
    assert CONF["book_publisher"] in (tmp_path / "cite.bbl").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", ["release", "draft"])
def test_the_bibtex_entry_renders_in_pybtex_plain(kind):
    from pybtex.plugin import find_plugin

    data = parse_string(how_to_cite_entries()[kind], "bibtex")
    style = find_plugin("pybtex.style.formatting", "plain")()
    (entry,) = style.format_bibliography(data).entries  # a missing field raises
    assert CONF["book_publisher"] in entry.text.render_as("text")


def cite_forms(page: Path) -> dict[str, str]:
    """The "Cite this page" texts of a built page, by form."""
    box = parse_html(page).select_one("footer details.book-cite")
    assert box is not None, page
    return {form.select_one(".book-cite-name").get_text(): form.select_one("pre").get_text()
            for form in box.select(".book-cite-form")}  # fmt: skip


def renders_in_bibtex_plain(entries: dict[str, str], folder: Path) -> str:
    """BibTeX's own plain.bst on the entries (key: entry), all cited: its .bbl, or a failure
    that shows BibTeX's warnings (each names its entry)."""
    (folder / "pages.bib").write_text("\n".join(entries.values()), encoding="utf-8")
    citations = "".join(f"\\citation{{{key}}}\n" for key in entries)
    (folder / "cite.aux").write_text(f"{citations}\\bibstyle{{plain}}\n\\bibdata{{pages}}\n")
    result = subprocess.run(["bibtex", "cite"], cwd=folder, capture_output=True, text=True)
    assert result.returncode == 0 and "Warning" not in result.stdout, result.stdout
    return (folder / "cite.bbl").read_text(encoding="utf-8")


def test_every_page_says_how_to_cite_it_in_chicago_bibtex_and_ris(html_dir, book_pages, tmp_path):
    """A chapter as a chapter of the edited book: BibTeX's @inbook (which plain.bst and pybtex's
    plain style render without a warning), RIS's CHAP (as rispy reads it), and Chicago's
    author-date form; the front page cites the book."""
    import rispy
    from pybtex.plugin import find_plugin

    bibtex = {}
    for page in book_pages:
        forms = cite_forms(page)
        assert list(forms) == ["Chicago", "BibTeX", "RIS"], page
        title = article(page).select_one("h1").get_text().strip().rstrip("#")
        title = re.sub(r"^[0-9]+\.\s*", "", title)  # the chapter's number is the page's, not its title's
        front = page.name == "index.html"
        data = parse_string(forms["BibTeX"], "bibtex")
        ((key, entry),) = data.entries.items()
        assert entry.type == ("book" if front else "inbook")
        assert entry.fields["title"].strip("{}") == CONF["project"]
        if not front:
            assert entry.fields["chapter"].strip("{}") == title
            assert (
                f"“{title}.”" in forms["Chicago"] and f"In {CONF['project']}, edited by" in forms["Chicago"]
            )
        bibtex[key] = forms["BibTeX"]
        find_plugin("pybtex.style.formatting", "plain")().format_bibliography(data)  # raises if short
        (record,) = rispy.loads(forms["RIS"])
        assert record["type_of_reference"] == ("BOOK" if front else "CHAP")
        assert record["title"] == (CONF["project"] if front else title)
        assert record["publisher"] == CONF["book_publisher"]
        if front:  # a book's editors: A3 (Zotero's RIS translator reads A2 as a series editor)
            assert record["tertiary_authors"] == CONF["book_authors"]
        else:  # a chapter's: the book's editors, A2
            assert record["secondary_title"] == CONF["project"]
            assert record["secondary_authors"] == CONF["book_authors"]
    bbl = renders_in_bibtex_plain(bibtex, tmp_path)  # every page's entry, in one run of BibTeX
    assert bbl.count("\\bibitem") == len(book_pages)


@pytest.mark.slow
def test_the_copy_buttons_copy_and_without_script_the_texts_are_there(html_dir):
    from booktools.checks.browser import chromium, serve, settle

    page = html_dir / "chapters" / "05-negotiations.html"
    forms = cite_forms(page)
    with serve(html_dir) as base, chromium() as browser:
        context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
        tab = context.new_page()
        settle(tab, f"{base}/chapters/05-negotiations.html")
        tab.click("details.book-cite summary")
        for form, text in forms.items():
            tab.click(f"button.book-copy[data-copy='cite-{form.lower()}']")
            tab.wait_for_function(
                "(t) => document.querySelector('.book-copy-status').textContent.includes(t)", arg=form
            )
            assert tab.evaluate("navigator.clipboard.readText()") == text
        plain = browser.new_context(java_script_enabled=False).new_page()
        settle(plain, f"{base}/chapters/05-negotiations.html")
        plain.click("details.book-cite summary")
        assert plain.locator("details.book-cite pre").count() == 3
        assert plain.locator("button.book-copy:visible").count() == 0


def validate_cff(path: Path) -> subprocess.CompletedProcess:
    """The Citation File Format 1.2 schema, as check-jsonschema ships it."""
    checker = Path(sys.executable).parent / "check-jsonschema"
    command = [checker, "--builtin-schema", "vendor.citation-file-format", "--default-filetype", "yaml", path]
    return subprocess.run(command, capture_output=True, text=True)


def test_citation_cff_is_valid():
    result = validate_cff(ROOT / "CITATION.cff")
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_invalid_citation_cff_is_caught(tmp_path):
    broken = tmp_path / "CITATION.cff"
    text = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    broken.write_text(text.replace("cff-version: 1.2.0", "cff-version: 1.2.0\nyear: soon"), encoding="utf-8")
    assert validate_cff(broken).returncode != 0


# -- Chicago author-date: what the built editions print --------------------------------------------


def listed_entries(page) -> dict[str, str]:
    """A bibliography page's entries, by anchor: the entry's text as a reader sees it."""
    return {c["id"]: " ".join(c.select_one("p").get_text().split()) for c in page.select("div.citation[id]")}


def dated_but_printed_undated(bib, page) -> list[str]:
    """The keys of entries that have a year in the .bib and still print 'n.d.'."""
    printed = listed_entries(page)
    return [
        key
        for key, entry in bib.entries.items()
        if entry.fields.get("year") and "n.d." in printed.get(make_id(key), "").split()
    ]


def test_no_entry_with_a_year_prints_no_date(html_dir):
    assert dated_but_printed_undated(BIB, parse_html(html_dir / "bibliography.html")) == []


def test_an_entry_printing_no_date_despite_its_year_is_caught():
    page = BeautifulSoup(
        '<div class="citation" id="spenser1999triangle"><span class="label">x</span>'
        "<p>Spenser, Daniela. n.d. <em>The Impossible Triangle</em>.</p></div>",
        "html.parser",
    )
    assert dated_but_printed_undated(BIB, page) == ["spenser1999triangle"]


def test_the_html_epub_and_pdf_print_the_same_reference_list(html_dir, pdf):
    """The same entries, the same words, in all three editions (the PDF's lines and breaks aside)."""
    html = listed_entries(parse_html(html_dir / "bibliography.html"))
    with zipfile.ZipFile(html_dir.parent / "epub" / f"{CONF['basename']}.epub") as epub:
        page = BeautifulSoup(epub.read("bibliography.xhtml").decode("utf-8"), "html.parser")
    assert listed_entries(page) == html
    printed = "".join(chapter_text(pdf, "Bibliography").split())
    for entry in html.values():
        assert "".join(entry.split()) in printed, entry


def locator_after(link) -> str:
    """The locator printed after a work's link in a citation, to the next work or the bracket."""
    after = []
    for sibling in link.next_siblings:
        if getattr(sibling, "name", None) == "a":
            break
        after.append(sibling.get_text() if hasattr(sibling, "get_text") else str(sibling))
    text = "".join(after).split(";")[0].rstrip(")").strip()
    return text.removeprefix(",").strip() if text.startswith(",") else ""


def is_page_locator(text: str) -> bool:
    """'74', '74–75', '12, 15', 'xii': pages as Chicago gives them, without 'p.'."""
    parts = text.replace("\u2013", ",").replace("-", ",").split(",")
    return bool(text) and all(
        p.strip().isdigit() or (p.strip() and set(p.strip()) <= set("ivxlc")) for p in parts
    )


def evidence_after(citation) -> list:
    """The evidence items that the marks after a citation link to, one per work cited."""
    items, node = [], citation.next_sibling
    while getattr(node, "name", None) == "sup" and "evidence-mark" in node.get("class", []):
        items.append(citation.find_parent("html").find(id=node.a["href"].removeprefix("#")))
        node = node.next_sibling
    return items


def test_every_citation_of_the_1981_documents_gives_a_page_or_says_why_not(html_dir):
    """The 1981 volume of documents is 112 pages: each citation says where in it, or its evidence
    says why no page can be given (a document read in a reproduction without page markers)."""
    paged, explained, unexplained = 0, 0, []
    for page in site_pages(html_dir):
        for citation in parse_html(page).select("span.bibtex-citation"):
            if citation.find_parent("li", class_="evidence"):
                continue
            links = citation.select("a[href]")
            for link, item in zip(links, evidence_after(citation), strict=True):
                if "#sizonenko1981" not in link["href"]:
                    continue
                if is_page_locator(locator_after(link)):
                    paged += 1
                elif "no locator:" in item.get_text():
                    explained += 1
                else:
                    unexplained.append((page.name, citation.get_text()))
    assert unexplained == [], unexplained
    assert paged > explained > 0


def test_every_citation_of_the_book_shows_its_evidence(html_dir):
    """Each work of each citation, on every page, is followed by a mark that leads to a piece of
    evidence on the same page: an element of class evidence naming that work's key."""
    pages, marks = 0, 0
    for page in site_pages(html_dir):
        soup = parse_html(page)
        for citation in soup.select("span.bibtex-citation"):
            if citation.find_parent("li", class_="evidence"):
                continue
            links = citation.select("a[href]")
            items = evidence_after(citation)
            assert len(items) == len(links) > 0, (page.name, citation.get_text())
            for link, item in zip(links, items, strict=True):
                assert "evidence" in item["class"] and link["href"].endswith("#" + make_id(item["data-cite"]))
                assert item.select_one("span.evidence-quote").get_text().strip("“”")
            marks += len(items)
        pages += bool(soup.select("li.evidence"))
    assert pages >= 10 and marks >= 100


def test_a_page_locator_is_read_where_the_text_prints_one():
    assert is_page_locator("74") and is_page_locator("74–75") and is_page_locator("xii")
    assert not is_page_locator("") and not is_page_locator("doc. 776") and not is_page_locator("p. 74")


def unlinked_glossary_terms(html_dir) -> list[str]:
    """The glossary's entries that no {term} reference outside the glossary links to."""
    glossary = html_dir / "glossary.html"
    terms = {}
    for dt in parse_html(glossary).select("dl.glossary dt[id]"):
        for permalink in dt.select("a.headerlink"):
            permalink.decompose()
        terms[dt["id"]] = dt.get_text(" ", strip=True)
    linked = set()
    for page in site_pages(html_dir):
        if page.resolve() == glossary.resolve():
            continue
        for term in parse_html(page).select("a[href] span.std-term"):
            target, fragment = resolve(page, term.find_parent("a")["href"])
            if target == glossary.resolve():
                linked.add(fragment)
    return sorted(name for anchor, name in terms.items() if anchor not in linked)


def test_every_glossary_entry_is_linked_from_the_text(html_dir):
    assert unlinked_glossary_terms(html_dir) == []
