"""The evidence at each citation (booktools/extension/evidence.py), on the smallest book that shows it:
tests/roots/test-evidence, one page citing two works, one of them twice, one in Spanish.
(What an editor sees when evidence is missing or wrong: tests/test_bad_inputs.py.)"""

import pytest

from book import copy_root, parse_html, sphinx
from booktools.shared.latex import build_pdf


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    source = copy_root("test-evidence", tmp_path_factory.mktemp("evidence"))
    result = sphinx(source, "html")
    assert result.returncode == 0, result.stderr
    return parse_html(source / "_build" / "html" / "index.html")


def test_each_piece_of_evidence_names_its_key_on_the_citing_page(page):
    items = page.select("li.evidence")
    assert [item["data-cite"] for item in items] == ["spenser1999", "monteon2011"]
    assert "In 1924 Mexico became the first country" in items[0].get_text()


def test_every_citation_links_to_its_evidence_and_back(page):
    marks = page.select("sup.evidence-mark a")
    assert [m["href"] for m in marks] == ["#evidence-1", "#evidence-1", "#evidence-2"]
    for mark in marks:
        item = page.find(id=mark["href"][1:])
        assert f"#{mark['id']}" in [a["href"] for a in item.select("a.evidence-back")]
        assert mark.find_parent("p").select_one("span.bibtex-citation")  # beside its citation


def test_a_quote_in_another_language_is_marked_and_translated(page):
    spanish = page.select("li.evidence")[1]
    assert spanish.select_one("span.evidence-quote")["lang"] == "es"
    assert "editors' translation" in spanish.get_text()
    assert "para. 1" in spanish.get_text()
    # the copy is named, not linked: copies are often unofficial mirrors
    assert spanish.select_one("span.evidence-copy").get_text() == "https://example.org/copy"
    assert not spanish.select("a[href='https://example.org/copy']")


def test_the_evidence_is_a_heading_of_its_own(page):
    heading = page.select_one("h2.evidence-heading")
    assert heading.get_text() == "Evidence"
    assert heading.find_next("ol", class_="evidence-list")


@pytest.mark.slow  # XeLaTeX
def test_the_pdf_lists_the_evidence_linked_both_ways(tmp_path):
    from pypdf import PdfReader

    source = copy_root("test-evidence", tmp_path)
    (source / "conf.py").write_text((source / "conf.py").read_text() + 'latex_engine = "xelatex"\n')
    assert sphinx(source, "latex").returncode == 0
    assert build_pdf(source / "_build" / "latex") == []
    (pdf,) = (source / "_build" / "latex").glob("*.pdf")
    reader = PdfReader(pdf)
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Evidence" in text and "México fue el primer país" in text
    # hyperref's anchors, in page order: the three marks, then the three links back
    goto = [
        a.get_object()["/A"]["/D"]
        for p in reader.pages
        for a in p.get("/Annots", [])
        if a.get_object().get("/A", {}).get("/S") == "/GoTo"
    ]
    anchors = [d for d in goto if not d.startswith(("cite.", "chapter"))]
    assert len(anchors) == 6, goto
    to_evidence, back = anchors[:3], anchors[3:]
    assert to_evidence[0] == to_evidence[1] != to_evidence[2]  # one piece serves two citations
    assert len(set(back)) == 3 and not set(back) & set(to_evidence)


def test_an_unknown_key_is_one_warning_not_a_missing_piece_of_evidence_too(tmp_path):
    source = copy_root("test-evidence", tmp_path)
    index = source / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\nA slip {cite:p}`spenser1999x`.\n", encoding="utf-8"
    )
    result = sphinx(source, "html")
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert warnings == [
        f'{source}/index.md:10: WARNING: could not find bibtex key "spenser1999x" [bibtex.key_not_found]'
    ]
