"""The TEI edition (booktools/extension/tei.py): valid TEI P5, every pointer inside it resolves,
the author's every sentence in order, and each piece of the apparatus once.

The real book is read as `make tei` built it; the bad documents are written here, and each
builder mechanism that needs a book of its own builds the small book (tests/roots/test-small-book).
"""

import shutil
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
from conftest import SMALL_BOOK
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils
from test_essay import NUMBERED_ITEM, essay_paragraphs, essay_structure, normalise

from book import parse_html
from booktools.checks import tei

NS = {"tei": "http://www.tei-c.org/ns/1.0"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"


def text_of(element) -> str:
    return normalise("".join(element.itertext()))


def body(tei_path) -> ET.Element:
    return ET.parse(tei_path).getroot().find("tei:text/tei:body", NS)


@pytest.mark.slow  # jing (Java)
def test_the_tei_is_valid_and_every_pointer_resolves(tei_path):
    assert tei.check(tei_path) == []


@pytest.mark.slow  # jing (Java)
def test_an_invalid_document_and_a_pointer_to_nowhere_are_named_with_their_lines(tmp_path):
    document = tmp_path / "bad.xml"
    document.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n'
        "<teiHeader><fileDesc><titleStmt><title>T</title></titleStmt><publicationStmt><p>P</p>"
        "</publicationStmt><sourceDesc><p>S</p></sourceDesc></fileDesc></teiHeader>\n"
        '<text><body><p>One <ref target="#nowhere">link</ref>.</p>\n<head>A heading after a paragraph</head>'
        "</body></text>\n</TEI>\n"
    )
    problems = tei.check(document)
    assert [(p.line, "head" in p.message) for p in problems[:1]] == [(5, True)], problems
    assert [p.message for p in problems[1:]] == ["<ref target='#nowhere'>: no such xml:id"]


@pytest.mark.slow  # jing (Java)
def test_a_document_that_is_not_xml_or_not_there_is_named(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<TEI xmlns="http://www.tei-c.org/ns/1.0">\n<text>\n</TEI>\n')
    problems = tei.check(broken)
    fatal = [p for p in problems if p.message.startswith("fatal:")]
    assert [(p.path, p.line) for p in fatal] == [(broken, 4)], problems
    assert '"text" must be terminated' in fatal[0].message
    missing = tmp_path / "missing.xml"
    said = f"{missing}: no such file: make html (or make tei) builds it"
    assert [str(p) for p in tei.check(missing)] == [said]


def test_every_sentence_of_the_essay_is_in_the_tei_in_order(tei_path):
    """The text of the divisions without the editors' notes: the author's words, in order."""
    root = body(tei_path)
    for note in root.iter(f"{{{NS['tei']}}}note"):
        note.clear()
    text = text_of(root)
    position = 0
    _, sentences = essay_structure()
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def test_each_heading_says_whose_it_is(tei_path):
    """The essay's run-in labels that became section headings are marked as such, in the essay's
    order, and the two headings the editors added (About this edition says which) are theirs."""
    labels = [NUMBERED_ITEM.fullmatch(p)["title"] for p in essay_paragraphs() if NUMBERED_ITEM.fullmatch(p)]
    heads = list(body(tei_path).iter(f"{{{NS['tei']}}}head"))
    assert [text_of(h) for h in heads if h.get("type") == "run-in-label"] == labels
    assert [text_of(h) for h in heads if h.get("resp") == "#editors"] == ["Introduction", "Conclusion"]


def test_each_note_person_event_and_work_of_the_book_is_in_the_tei_once(tei_path, html_dir, book_pages):
    root = ET.parse(tei_path).getroot()
    notes = root.findall(".//tei:note[@type='editorial']", NS)
    in_html = sum(len(parse_html(page).select("div.admonition.editors-note")) for page in book_pages)
    assert len(notes) == in_html > 0
    assert all(n.get("resp") == "#editors" and n.get("target") for n in notes)

    glossary = parse_html(html_dir / "glossary.html").select("dl.glossary > dt")
    entries = [*root.findall(".//tei:listPerson/tei:person", NS), *root.findall(".//tei:listOrg/tei:org", NS),
               *root.findall(".//tei:list[@type='gloss']/tei:label", NS)]  # fmt: skip
    assert sorted(text_of(e[0]) for e in entries) == sorted(normalise(dt.get_text()).rstrip("#").strip()
                                                           for dt in glossary)  # fmt: skip

    rows = parse_html(html_dir / "chronology.html").select("table.chronology tbody tr")
    events = root.findall(".//tei:listEvent/tei:event", NS)
    assert len(events) == len(rows) > 0
    assert all(e.get("when") or e.get("from") or e.get("notBefore") and e.get("notAfter") for e in events)

    # Each kind of note is described in the header's taxonomy.
    kinds = {n.get("type") for n in root.iter(f"{{{NS['tei']}}}note") if n.get("type")}
    described = {c.get(XML_ID) for c in root.findall(".//tei:taxonomy/tei:category", NS)}
    assert {"editorial", "verification", "uncertain", "source"} <= kinds
    assert {f"note-{kind}" for kind in kinds} <= described

    works = parse_html(html_dir / "bibliography.html").select("div.citation")
    structs = root.findall(".//tei:listBibl/tei:biblStruct", NS)
    assert len({s.get(XML_ID) for s in structs}) == len(structs) == len(works) > 0


def test_every_piece_of_evidence_is_a_cit_with_its_words_and_citation(tei_path, html_dir):
    from booktools.shared.site import pages

    pieces = [
        li for page in pages(html_dir) for li in parse_html(page).select("ol.evidence-list > li.evidence")
    ]
    root = ET.parse(tei_path).getroot()
    cits = root.findall(".//tei:div[@type='evidence']/tei:cit[@type='evidence']", NS)
    assert len(cits) == len(pieces) > 0
    for cit in cits:
        assert (
            cit.find("tei:quote", NS) is not None
            and cit.find("tei:bibl/tei:ref[@type='citation']", NS) is not None
        )
    translated = root.findall(".//tei:cit/tei:quote[@type='translation']", NS)
    assert translated and all(q.get("resp") == "#editors" for q in translated)


def test_names_point_to_their_entries_and_citations_to_their_works(tei_path):
    root = ET.parse(tei_path).getroot()
    people = {p.get(XML_ID) for p in root.findall(".//tei:listPerson/tei:person", NS)}
    named = [n.get("ref")[1:] for n in body(tei_path).iter(f"{{{NS['tei']}}}persName")]
    assert named and set(named) <= people
    # The glossary's sections say what each entry is ({.persons}, {.organisations}): a word is neither.
    orgs = [text_of(o) for o in root.findall(".//tei:listOrg/tei:org/tei:orgName", NS)]
    assert sorted(orgs) == ["Comintern", "Communist Party of Mexico", "PNR", "PRI"]
    words = root.findall(".//tei:list[@type='gloss']/tei:label/tei:term", NS)
    assert [text_of(w) for w in words] == ["Polpred"]
    used = [t.get("ref") for t in body(tei_path).iter(f"{{{NS['tei']}}}term")]
    assert used and set(used) == {f"#{words[0].get(XML_ID)}"}
    works = {s.get(XML_ID) for s in root.findall(".//tei:listBibl/tei:biblStruct", NS)}
    cited = [r.get("target")[1:] for r in root.findall(".//tei:ref[@type='citation']", NS)]
    assert cited and set(cited) <= works


@pytest.fixture(scope="module")
def small_tei(tmp_path_factory, monkeypatch_module):
    """The small book built by the TEI builder alone, twice, in two folders."""
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", "1700000000")
    built = []
    for name in ("first", "second"):
        out = tmp_path_factory.mktemp(name)
        book = out / "book"
        shutil.copytree(SMALL_BOOK, book)
        chapter = book / "text" / "outlawed.md"  # a note that follows no paragraph
        chapter.write_text(chapter.read_text(encoding="utf-8").replace(
            "# Outlawed\n", "# Outlawed\n\n```{editors-note}\nA note at the head of a chapter.\n```\n"
        ) + "\n```{editors-note}\nA note on the paragraph.\n```\n\n```{editors-note}\nAnother.\n```\n",
            encoding="utf-8")  # fmt: skip
        with patch_docutils(book), docutils_namespace():
            app = Sphinx(book / "text", book, out / "tei", out / "doctrees", "tei",
                         status=StringIO(), warning=StringIO(), warningiserror=True)  # fmt: skip
            app.build()
        built.append(out / "tei" / "berlin-1923.xml")
    return built


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


@pytest.mark.slow  # builds the small book twice, and jing
def test_the_small_book_in_tei_is_the_same_from_any_folder(small_tei):
    first, second = small_tei
    assert first.read_bytes() == second.read_bytes()
    assert tei.check(first) == []


@pytest.mark.slow  # builds the small book twice
def test_a_locator_a_works_comment_an_uncertain_date_and_a_definitions_citation_are_encoded(small_tei):
    root = ET.parse(small_tei[0]).getroot()
    citation = root.find(".//tei:body//tei:bibl", NS)  # the first chapter's first citation
    assert text_of(citation) == "(Sizonenko and Cárdenas 1981, 16)"
    located = citation.find("tei:citedRange", NS)
    assert (located.get("target"), located.get("unit"), located.text) == (
        "#sizonenko1981otnosheniya",
        "page",
        "16",
    )
    assert citation.find("tei:ref", NS).get("target") == "#sizonenko1981otnosheniya"

    work = root.find(f".//tei:biblStruct[@{XML_ID}='sizonenko1981otnosheniya']", NS)
    seen = work.find("tei:note[@type='verification']", NS)
    assert seen.text == "Where the fields were seen: a comment the TEI edition keeps as the entry's note."
    assert seen.get("resp") == "#editors"
    assert root.find(f".//tei:biblStruct[@{XML_ID}='platoshkin2011istoriya3']/tei:note", NS) is None

    uncertain = root.findall(".//tei:listEvent/tei:event", NS)[1]
    assert (uncertain.get("notBefore"), uncertain.get("notAfter"), uncertain.get("when")) == (
        "1924-01",
        "1924-08",
        None,
    )
    source = uncertain.find("tei:note[@type='source']/tei:bibl", NS)
    assert [(e.tag.rpartition("}")[2], e.get("target"), e.text) for e in source] == [
        ("ptr", "#sizonenko1981otnosheniya", None), ("citedRange", None, "20–21")
    ]  # fmt: skip

    krestinsky = root.find(f".//tei:person[@{XML_ID}='term-Krestinsky-Nikolai']/tei:note", NS)
    assert [r.get("target") for r in krestinsky.iter(f"{{{NS['tei']}}}ref")] == ["#sizonenko1981otnosheniya"]
    assert "Soviet envoy in Berlin" in text_of(krestinsky)


@pytest.mark.slow  # builds the small book twice
def test_a_note_points_to_the_paragraph_it_follows_and_a_cyrillic_name_keeps_its_script(small_tei):
    root = ET.parse(small_tei[0]).getroot()
    note, at_the_head, first, second = root.findall(".//tei:note[@type='editorial']", NS)
    last = root.find(f".//tei:p[@{XML_ID}='{first.get('target', '#')[1:]}']", NS)
    assert last is not None and "outlawed the Communist Party" in text_of(last)
    assert second.get("target") == first.get("target")  # the second note is on the same paragraph
    paragraph = root.find(f".//tei:p[@{XML_ID}='{note.get('target')[1:]}']", NS)
    assert "request the agrément for its envoy" in text_of(paragraph)
    assert "at the head of a chapter" in text_of(at_the_head) and at_the_head.get("target") is None
    names = [text_of(n) for n in root.findall(".//tei:listPerson/tei:person/tei:persName", NS)]
    assert any(any("\u0400" <= c <= "\u04ff" for c in name) for name in names), names
    header = root.find("tei:teiHeader", NS)
    assert header.find(".//tei:edition/tei:date", NS).get("when") == "2023-11-14"
