"""booktools.extension.indexing: every mention of a glossary name, in the chapters, the chronology or the
glossary, is an index entry where it stands, under the glossary's own entry, in the HTML index
and the printed one; the printed index files accented and Cyrillic names under their plain
Latin letter; if Sphinx's LaTeX writer stops writing index entries as expected, the entries
stay exactly as Sphinx writes them, and the build says so."""

import os
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from sphinx.util.console import strip_colors

from book import article, build_root, chapter_text, parse_html, resolve
from booktools.extension import indexing


def latex(make_app, tmp_path, name: str, extensions: list[str]) -> tuple[str, str]:
    """tests/roots/test-index as LaTeX with these extensions: (the .tex, the warnings)."""
    outdir, warnings = build_root(make_app, "index", tmp_path / name, "latex", extensions=extensions)
    return next(outdir.glob("*.tex")).read_text(encoding="utf-8"), warnings


def test_sort_keys_drop_accents_and_transliterate_cyrillic():
    assert indexing.sort_key("Álvarez") == "Alvarez"
    assert indexing.sort_key("Пестковский") == "Pestkovskii"


def test_entries_carry_plain_sort_keys(make_app, tmp_path):
    tex, warned = latex(make_app, tmp_path, "ours", ["myst_parser", "booktools.extension.indexing"])
    assert warned == ""
    assert r"\index{Pestkovskii, Stanislav@\spxentry{Пестковский, Станислав}" in tex
    assert r"\index{Obregon, Alvaro@\spxentry{Obregón, Álvaro}" in tex


def test_when_the_writer_changes_the_entries_are_sphinxs_own(make_app, tmp_path, monkeypatch):
    stock, _ = latex(make_app, tmp_path, "stock", ["myst_parser"])
    monkeypatch.setattr(indexing, "MARK", "@\\spxentry-of-another-release{")
    ours = ["myst_parser", "booktools.extension.indexing"]
    fallback, warned = latex(make_app, tmp_path, "fallback", ours)
    assert fallback == stock
    assert warned.count("no longer hold") == 1 and "[booktools.fallback]" in warned


# -- Every mention of a glossary name is indexed where it stands ---------------------------------


def fold(text: str) -> str:
    """Letters without their accents, as a reader searching for a name may type them."""
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def names(text: str, form: str) -> bool:
    """Whether a text names someone by this form: the word itself, with or without accents."""
    return re.search(rf"(?<!\w){re.escape(fold(form))}(?!\w)", fold(text)) is not None


def index_entries(site: Path) -> dict[str, list[str]]:
    """The HTML general index: each entry's text and the addresses it links to."""
    genindex = parse_html(site / "genindex.html")
    entries = {}
    for item in genindex.select("table.indextable li"):
        links = item.find_all("a", recursive=False)
        if links:
            entries[links[0].get_text()] = [a["href"] for a in links]
    return entries


def spot(site: Path, href: str) -> tuple[str, str]:
    """Where an index link lands: the page, and the first words at the anchor (a term's own
    words, or the words that follow an entry's target)."""
    page, fragment = resolve(site / "genindex.html", href)
    anchor = parse_html(page).find(id=fragment)
    assert anchor is not None, href
    words = anchor.get_text() or "".join(
        s.get_text() if hasattr(s, "get_text") else str(s) for s in anchor.next_siblings
    )
    return page.name, " ".join(words.replace("¶", "").split()[:2])


@pytest.mark.sphinx("html", testroot="mentions", freshenv=True)
def test_every_mention_of_a_glossary_name_is_an_entry_at_its_place(app):
    app.build()
    site, warned = Path(app.outdir), app.warning.getvalue()
    assert warned == ""
    entries = index_entries(site)
    found = {heading: sorted(spot(site, href) for href in hrefs) for heading, hrefs in entries.items()}
    assert found == {
        "Obregón, Álvaro": [
            ("glossary.html", "Obregon. Pestkovsky’s"),  # in another entry's definition
            ("glossary.html", "Obregón, Álvaro"),  # the glossary's own entry
            ("page.html", "Obregon, and"),  # without its accent
            ("page.html", "Álvaro Obregón"),  # a {term} link; the paragraph's second mention is not
        ],
        "Pestkovsky, Stanislav": [
            ("glossary.html", "Pestkovsky, Stanislav"),
            ("page.html", "Pestkovsky; Obregón"),
            ("page.html", "the Pestkovsky"),  # a link that names him: the entry goes before it
            ("page.html", "Пестковский wrote"),  # the entry's other term, filed under the first
        ],
        "Пестковский, Станислав": [("glossary.html", "Пестковский, Станислав")],
    }
    # No entry's target is inside a link's text (a link within a link, or a broken one).
    for href in [href for hrefs in entries.values() for href in hrefs]:
        page, fragment = resolve(site / "genindex.html", href)
        assert parse_html(page).find(id=fragment).find_parent("a") is None, href
    # The glossary's own entry is the main one (in bold); the mentions merge under its heading.
    genindex = parse_html(site / "genindex.html")
    main = [a["href"] for a in genindex.select("table.indextable li > a") if a.strong]
    assert main == ["glossary.html#term-Obregon-Alvaro", "glossary.html#term-Pestkovsky-Stanislav",
                    "glossary.html#term-0"]  # fmt: skip


def test_the_entries_leave_every_word_as_it_was(make_app, tmp_path):
    indexed, _ = build_root(make_app, "mentions", tmp_path / "indexed")
    plain, _ = build_root(make_app, "mentions", tmp_path / "plain", book_glossary="")
    for page in ("page.html", "glossary.html"):
        assert parse_html(indexed / page).select_one("div.body").get_text() == (
            parse_html(plain / page).select_one("div.body").get_text()
        )
    assert "Obregón, Álvaro" in index_entries(indexed) and len(index_entries(plain)["Obregón, Álvaro"]) == 1


@pytest.mark.sphinx("latex", testroot="mentions", freshenv=True)
def test_the_printed_index_has_each_mention_before_its_word(app):
    app.build()
    outdir, warned = Path(app.outdir), app.warning.getvalue()
    assert warned == ""
    tex = next(outdir.glob("*.tex")).read_text(encoding="utf-8")
    obregon = r"\index{Obregon, Alvaro@\spxentry{Obregón, Álvaro}"
    assert tex.count(obregon + "|spxpagem}") == 1  # the glossary's own entry, in bold
    assert tex.count(obregon + "}") == 3
    assert obregon + "}Obregon, and Calles" in tex


def test_a_name_added_to_the_glossary_is_indexed_on_every_page_at_the_next_build(make_app, rootdir, tmp_path):
    source = tmp_path / "mentions"
    shutil.copytree(rootdir / "test-mentions", source)

    def build() -> dict[str, list[str]]:
        app = make_app("html", srcdir=source)
        app.build()
        app.cleanup()  # before the test's next app
        return index_entries(Path(app.outdir))

    assert "Calles, Plutarco Elías" not in build()
    glossary = source / "glossary.md"
    text = glossary.read_text(encoding="utf-8")
    calles = "Calles, Plutarco Elías\n  President of Mexico from 1 December 1924.\n\n"
    glossary.write_text(text.replace("Obregón, Álvaro\n", calles + "Obregón, Álvaro\n"), encoding="utf-8")
    later = glossary.stat().st_mtime + 10  # a later save, whatever the file system's clock grain
    os.utime(glossary, (later, later))
    entries = build()  # page.md is unchanged: it is re-read because the glossary changed
    pages = [href.split("#")[0] for href in entries["Calles, Plutarco Elías"]]
    assert pages == ["glossary.html", "page.html"]


# -- The book ------------------------------------------------------------------------------------


def text_without_evidence(element) -> str:
    """A page's own text: the quoted evidence at its end is the sources' words, not indexed."""
    for listed in element.select("ol.evidence-list"):
        listed.decompose()
    return element.get_text()


def person_pages(book_pages) -> list[Path]:
    """The pages of the chapters and of the chronology."""
    return [p for p in book_pages if p.parent.name == "chapters" or p.name == "chronology.html"]


def test_the_html_index_links_every_page_that_names_a_glossary_name(html_dir, book_pages):
    entries = index_entries(html_dir)
    glossary = parse_html(html_dir / "glossary.html")
    headings = [own_text(dt) for dt in glossary.select("dl.glossary dt")]
    assert len(headings) > 20
    texts = {page: text_without_evidence(article(page)) for page in person_pages(book_pages)}
    for heading in headings:
        forms = {heading, heading.split(", ")[0]}
        expected = {page for page, text in texts.items() if any(names(text, f) for f in forms)}
        linked = {resolve(html_dir / "genindex.html", href)[0] for href in entries[heading]}
        assert expected <= linked, (heading, sorted(p.name for p in expected - linked))
    obregon = {resolve(html_dir / "genindex.html", href)[0] for href in entries["Obregón, Álvaro"]}
    assert len(obregon & set(person_pages(book_pages))) > 3


def own_text(element) -> str:
    """An element's text without its permalink sign."""
    return "".join(t for t in element.find_all(string=True) if not t.find_parent("a", class_="headerlink"))


def printed_pages(index_text: str, heading: str) -> list[int]:
    """The page numbers after an entry of the printed index: "Obregón, Álvaro, 5, 9, 13" or a
    range, "26–28"."""
    after = index_text[index_text.index(heading + ", ") + len(heading) + 2 :]
    numbers = re.match(r"\d+(?:[–-]\d+)?(?:, \d+(?:[–-]\d+)?)*", after).group()
    pages = []
    for item in numbers.split(", "):
        first, _, last = item.replace("–", "-").partition("-")
        pages += range(int(first), int(last or first) + 1)
    return pages


def test_the_printed_index_gives_obregon_a_page_in_each_chapter_that_names_him(pdf):
    top = [item for item in pdf.outline if not isinstance(item, list)]
    starts = [pdf.get_destination_page_number(item) for item in top]
    labels = pdf.page_labels
    printed = printed_pages(chapter_text(pdf, "Index"), "Obregón, Álvaro")
    # A printed number is a page of the body (the front matter is numbered i, ii, ...).
    indexed = {len(labels) - 1 - labels[::-1].index(str(n)) for n in printed}
    naming = []
    for i, item in enumerate(top):
        is_chapter = item.title[0].isdigit() or item.title == "Chronology"
        if is_chapter and names(chapter_text(pdf, item.title), "Obregón"):
            naming.append(item.title)
            end = starts[i + 1] if i + 1 < len(starts) else len(pdf.pages)
            assert indexed & set(range(starts[i], end)), (item.title, printed)
    assert len(naming) > 3, naming


def test_when_the_index_collects_entries_earlier_the_build_says_so(make_app, tmp_path, monkeypatch):
    """Sphinx's index domain takes a page's entries at priority 850 (CONTRIBUTING.md); entries
    added after that would be lost from the index without a word."""
    monkeypatch.setattr(indexing.IndexMentions, "default_priority", 860)
    site, warned = build_root(make_app, "mentions", tmp_path)
    assert warned.count("no longer collects entries") == 1 and "[booktools.fallback]" in warned
    assert len(index_entries(site)["Obregón, Álvaro"]) == 1  # the glossary's own, as stock Sphinx


@pytest.mark.sphinx("html", testroot="mentions", freshenv=True, parallel=2)
def test_a_parallel_read_says_the_glossarys_names_may_be_missed(app):
    """With -j, pages are read in several processes at once, each with the glossary's names as
    they were: the build says so (Sphinx's app.parallel, which CONTRIBUTING.md lists)."""
    app.build()
    assert (
        "WARNING: pages read in parallel may miss the index entries of the glossary's names: build "
        "without -j after changing glossary [booktools.index]" in strip_colors(app.warning.getvalue())
    )
