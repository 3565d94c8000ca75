"""The edition as TEI P5: one XML document, from the same doctrees as the other editions.

``sphinx-build -b tei`` (and ``make tei``) writes ``<tei_basename>.xml``: a ``teiHeader`` (the
title, the editors and what they did, the edition and its date, the licence as the imprint gives
it, the copy-text as ``book_copy_text`` describes it, the editorial principles), then the book in
``div``s, one per page in the order of the contents, then the apparatus at the back: the works
cited as ``biblStruct`` (from the .bib files, as sphinxcontrib-bibtex read them, each with the
file's comment on where its fields were seen as a note), the glossary's persons, organisations
and words (``listPerson``, ``listOrg``, a ``list type="gloss"``), the chronology's events
(``listEvent``: ``@when``, ``@from``/``@to`` for a period, ``@notBefore``/``@notAfter`` for an
uncertain date, each with its sources).

In the text, an editor's note is a ``<note type="editorial" resp="#editors">`` that points to the
paragraph it follows (``@target``), a citation a ``<bibl>`` with a ``<ref type="citation">`` to
each work and each locator a ``<citedRange>``, a glossary term a ``persName``, ``orgName`` or
``term`` with ``@ref`` to its entry, and a heading the editors added ``<head resp="#editors">``.
Each page's evidence is a division of ``<cit>``s (the source's words, the editors' translation,
the citation), which the marks after the citations point to. Every ``@ref`` and ``@target``
points inside the document (booktools/checks/tei.py checks it, and validates the document
against TEI's schema with jing).

The glossary page, the chronology's table and the reference list are not repeated in the body:
they are the lists at the back. The glossary says which of its entries are persons and which
organisations by its sections' classes (``{.persons}``, ``{.organisations}``, in the MyST source).
"""

import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.locale import __
from sphinx.util.console import darkgreen
from sphinx.util.nodes import inline_all_toctrees

from . import evidence
from .teiapparatus import cited_works, events, glossary_names, header, works_cited
from .teitext import DOC, NS, XML_LANG, Ids, TEIWriter, element, indent, xml_name


class TEIBuilder(Builder):
    """One TEI P5 document of the whole book."""

    name = "tei"
    format = "tei"
    epilog = __("The TEI document is in %(outdir)s.")
    supported_image_types = ["image/svg+xml", "image/png", "image/jpeg", "image/gif"]
    default_translator_class = TEIWriter

    def init(self) -> None:
        pass

    def get_outdated_docs(self):
        return "the whole book"

    def get_target_uri(self, docname: str, typ: str | None = None) -> str:
        return f"{DOC}{docname}"

    def get_relative_uri(self, from_: str, to: str, typ: str | None = None) -> str:
        return self.get_target_uri(to)

    def prepare_writing(self, docnames) -> None:
        pass

    def write_documents(self, docnames) -> None:
        root = self.config.root_doc
        tree = self.env.get_doctree(root)
        tree = inline_all_toctrees(self, set(), root, tree, darkgreen, [root])
        tree["docname"] = root
        self.env.resolve_references(tree, root, self)
        path = Path(self.outdir, f"{tei_basename(self.config)}.xml")
        path.write_bytes(document(self, tree))
        for image in tree.findall(nodes.image):
            source = Path(self.srcdir, image["uri"])
            if source.is_file():
                (Path(self.outdir) / source.name).write_bytes(source.read_bytes())

    def finish(self) -> None:
        pass


def tei_basename(config) -> str:
    return config.book_tei_basename or config.epub_basename


def document(builder, tree) -> bytes:
    ET.register_namespace("", NS)
    tei = ET.Element(f"{{{NS}}}TEI", {XML_LANG: builder.config.language or "en"})
    header(builder, tei)
    text = element(tei, "text")
    front = element(text, "front")
    body = element(text, "body")
    back = element(text, "back")

    ids = Ids()
    for page, node in by_page(tree, builder.config.root_doc):
        if node.get("ids") and isinstance(node, (nodes.section, nodes.paragraph, nodes.figure, nodes.table,
                                                  nodes.term, evidence.evidence)):  # fmt: skip
            name = ids.add(page, node["ids"])
            if isinstance(node, nodes.section):  # a page's first section: where a link to the page goes
                ids.by_page.setdefault((page, ""), name)
    cited = works_cited(builder, back)
    for citation in cited_works(builder.env):  # each entry of a reference list, by its id there
        ids.by_page[(citation.bibliography_key.docname, citation.citation_id)] = xml_name(citation.key)
    kinds, definitions = glossary_names(builder, tree, ids, back)
    events(builder, back)
    writer = TEIWriter(tree, front, body, ids, builder.config.root_doc, {"chronology"}, cited, kinds)
    tree.walkabout(writer)
    for note, definition in definitions:
        writer.write_into(note, definition, builder.config.book_glossary)
    indent(tei)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tei, encoding="utf-8") + b"\n"


def by_page(node, page: str):
    """Every element with the page it comes from (walking down: the pages inlined into the book
    keep their parent pointers to their own doctrees)."""
    if isinstance(node, addnodes.start_of_file):
        page = node["docname"]
    yield page, node
    for child in node.children:
        if isinstance(child, nodes.Element):
            yield from by_page(child, page)


def setup(app):
    app.add_builder(TEIBuilder)
    app.add_config_value("book_tei_basename", "", "env", types=[str])
    app.add_config_value("book_copy_text", {}, "env", types=[dict])
    app.add_config_value("book_editorial_principles", [], "env", types=[list])
    app.add_config_value("book_editors_resp", "edited, with notes, a chronology and a glossary, by", "env",
                         types=[str])  # fmt: skip
    return {"parallel_read_safe": True, "parallel_write_safe": True}
