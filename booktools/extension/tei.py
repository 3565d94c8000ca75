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

import datetime
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.builders import Builder
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.console import darkgreen
from sphinx.util.nodes import inline_all_toctrees
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from ..shared.bibfile import parse
from . import chronology, edition, evidence, imprint, indexing
from .citations import POST_TEXT_SEPARATOR as LOCATOR_SEPARATOR
from .citations import locator, plain
from .fallbacks import bibliography_entries, warn

logger = logging.getLogger(__name__)

NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOC = "tei-doc:"  # what get_target_uri returns: turned into a #fragment once ids are known
# The evidence at the end of each page (booktools/extension/evidence.py): its heading and its
# introduction are written with the list, as a division of its own (a page's sections precede it).
EVIDENCE = {"evidence-heading", "evidence-intro"}
UNSEEN = (nodes.target, addnodes.index, nodes.comment, nodes.raw)  # nodes that print nothing in the text
# The kinds of note the document holds (its @type values), described in the header's taxonomy.
NOTE_TYPES = {
    "editorial": "The editors' note on the passage it follows.",
    "admonition": "Another boxed remark of the editors.",
    "verification": "Where the fields of a work's entry were seen, and what could not be confirmed.",
    "uncertain": "Why an event's date is not certain.",
    "source": "A work that gives an event.",
    "copy": "The address of the copy the editors read a piece of evidence in (named, not linked).",
    "no-locator": "Why a piece of evidence has no page.",
}
CYRILLIC = re.compile("[\u0400-\u04ff]")
NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def xml_name(text: str) -> str:
    """An xml:id from any id Sphinx gives (an NCName: starts with a letter, no colon)."""
    name = NOT_NAME.sub("-", text)
    return name if name[:1].isalpha() or name[:1] == "_" else f"id-{name}"


def plain_text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


class Ids:
    """The xml:id of every element that carries one, by (page, Sphinx id): unique in the
    document, and each id of a page mapped to it (a label and a section's own id)."""

    def __init__(self):
        self.by_page: dict[tuple[str, str], str] = {}
        self.used: set[str] = set()

    def add(self, page: str, ids: list[str], preferred: str | None = None) -> str | None:
        if not ids and not preferred:
            return None
        base = xml_name(preferred or ids[0])
        name, n = base, 1
        while name in self.used:
            n += 1
            name = f"{base}-{n}"
        self.used.add(name)
        for sphinx_id in ids:
            self.by_page.setdefault((page, sphinx_id), name)
        return name

    def target(self, page: str, uri: str) -> str | None:
        """The #fragment a reference's address becomes, or None when it points nowhere here."""
        if uri.startswith(DOC):
            page, _, anchor = uri[len(DOC) :].partition("#")
        else:
            anchor = uri.lstrip("#")
        name = self.by_page.get((page, anchor or ""))
        return f"#{name}" if name else None


class TEIWriter(nodes.NodeVisitor):
    """The assembled doctree as TEI elements (xml.etree), into ``body``."""

    def __init__(self, document, front: ET.Element, body: ET.Element, ids: Ids, root_page: str,
                 skip_classes: set[str], citations: set[str], names: dict[str, str]):  # fmt: skip
        super().__init__(document)
        self.front = front
        self.stack = [body]
        self.ids = ids
        self.pages = [root_page]
        self.skip_classes = skip_classes
        self.citations = citations  # the xml:ids of the works cited
        self.names = names  # the xml:id of each glossary entry: "person", "org" or "term"
        self.depth = 0
        self.outer: list = []  # (stack, depth) of the pages whose contents list the one being read
        self.paragraphs: dict[int, ET.Element] = {}  # each paragraph written, by its node's id()
        self.locators: dict[str, str] = {}  # the citation being written: each work's locator
        self.cited: str | None = None  # the work whose reference was just written

    # -- the tree being written --
    @property
    def here(self) -> ET.Element:
        return self.stack[-1]

    def open(self, tag: str, **attributes) -> ET.Element:
        element = ET.SubElement(self.here, f"{{{NS}}}{tag}", {k: v for k, v in attributes.items() if v})
        self.stack.append(element)
        return element

    def close(self, node=None) -> None:
        self.stack.pop()

    def text(self, value: str) -> None:
        if len(self.here):
            last = self.here[-1]
            last.tail = (last.tail or "") + value
        else:
            self.here.text = (self.here.text or "") + value

    def write_into(self, parent: ET.Element, node: nodes.Element, page: str) -> None:
        """A node's contents written into an element outside the body (a glossary entry's note)."""
        self.stack, self.pages = [parent], [page]
        for child in node.children:
            child.walkabout(self)

    def xml_id(self, node) -> str | None:
        return self.ids.by_page.get((self.pages[-1], node["ids"][0])) if node.get("ids") else None

    # -- anything not listed keeps its text --
    def unknown_visit(self, node):
        pass

    def unknown_departure(self, node):
        pass

    def skip(self, node):
        raise nodes.SkipNode

    visit_comment = visit_raw = visit_substitution_definition = visit_index = skip
    visit_toctree = visit_target = visit_timeline = visit_glossary = visit_citation = skip
    visit_meta = visit_system_message = skip

    def visit_Text(self, node):
        text, cited, self.cited = node.astext(), self.cited, None
        shown = locator(self.locators.get(cited, ""))
        if shown and text.startswith(LOCATOR_SEPARATOR + shown):  # "…2011</ref>, 73)"
            post = self.locators[cited]
            self.text(LOCATOR_SEPARATOR)
            cited_range(self.here, post, target=f"#{cited}")
            text = text[len(LOCATOR_SEPARATOR + shown) :]
        self.text(text)

    def depart_Text(self, node):
        pass

    def visit_document(self, node):
        pass

    def depart_document(self, node):
        pass

    def visit_start_of_file(self, node):
        """A page of the contents: a division of the body, not of the page that lists it."""
        self.pages.append(node["docname"])
        self.outer.append((self.stack, self.depth))
        self.stack, self.depth = self.stack[:1], 0

    def depart_start_of_file(self, node):
        self.pages.pop()
        self.stack, self.depth = self.outer.pop()

    def visit_section(self, node):
        self.depth += 1
        if self.depth == 1 and len(self.pages) == 1:  # the front page: the book's front matter
            self.stack.append(self.front)
            self.open("div", type="preface", **{XML_ID: self.xml_id(node)})
            return
        self.open("div", type="chapter" if self.depth == 1 else "section", **{XML_ID: self.xml_id(node)})

    def depart_section(self, node):
        self.depth -= 1
        self.close()
        if self.depth == 0 and len(self.pages) == 1:
            self.close()  # the front

    def visit_title(self, node):
        if isinstance(node.parent, nodes.section):
            classes = node.parent.get("classes", [])
            # A heading the editors added, or the essay's run-in label made a heading (the
            # sources mark each: {.editors-heading}, {.run-in-label})
            self.open("head", resp="#editors" if "editors-heading" in classes else None,
                      type="run-in-label" if "run-in-label" in classes else None)  # fmt: skip
        elif isinstance(node.parent, nodes.table):
            self.open("head")
        else:
            raise nodes.SkipNode

    depart_title = close

    def visit_paragraph(self, node):
        if EVIDENCE & set(node.get("classes", [])):
            raise nodes.SkipNode
        node["tei_opened"] = self.here.tag != f"{{{NS}}}p"  # not a paragraph in a paragraph
        if node["tei_opened"]:
            self.paragraphs[id(node)] = self.open("p", **{XML_ID: self.xml_id(node)})

    def depart_paragraph(self, node):
        if node["tei_opened"]:
            self.close()

    def visit_admonition(self, node):
        if "editors-note" not in node.get("classes", []):
            self.open("note", type="admonition")
            return
        # The paragraph just before the note (past other notes on it, and index entries and
        # targets, which print nothing), which it comments on; a note that follows no paragraph
        # (at the head of a section) stands where it is, pointing nowhere else.
        siblings = node.parent.children[: node.parent.index(node)] if node.parent is not None else []
        before = next((n for n in reversed(siblings) if not isinstance(n, UNSEEN) and not (
            isinstance(n, nodes.admonition) and "editors-note" in n.get("classes", []))), None)  # fmt: skip
        paragraph = self.paragraphs.get(id(before)) if isinstance(before, nodes.paragraph) else None
        target = None
        if paragraph is not None:
            name = paragraph.get(XML_ID)
            if name is None:
                name = self.ids.add(self.pages[-1], [], f"p-{len(self.ids.used) + 1}")
                paragraph.set(XML_ID, name)
            target = f"#{name}"
        self.open("note", type="editorial", resp="#editors", target=target)

    depart_admonition = close

    def visit_emphasis(self, node):
        self.open("hi", rend="italic")

    depart_emphasis = close

    def visit_strong(self, node):
        self.open("hi", rend="bold")

    depart_strong = close

    def visit_literal(self, node):
        self.open("code")

    depart_literal = close

    def visit_title_reference(self, node):
        self.open("title")

    depart_title_reference = close

    def visit_reference(self, node):
        uri = node.get("refuri", "")
        if node.get("refid"):
            uri = "#" + node["refid"]
        if uri.startswith(("http://", "https://", "mailto:")):
            self.open("ref", target=uri)
            return
        target = self.ids.target(self.pages[-1], uri)
        kind = self.names.get(target[1:]) if target else None
        if target and target[1:] in self.citations:
            self.open("ref", type="citation", target=target)
        elif kind:
            self.open({"person": "persName", "org": "orgName", "term": "term"}[kind], ref=target)
        elif target:
            self.open("ref", target=target)
        else:
            self.open("seg")  # a link to something the TEI does not carry (a download, a search)

    def depart_reference(self, node):
        written = self.stack.pop()
        if written.get("type") == "citation":
            self.cited = written.get("target")[1:]

    def visit_inline(self, node):
        """A citation as sphinxcontrib-bibtex resolved it: a ``bibl``, each work's locator in it a
        ``citedRange`` (the role's target, "key{p. 73}", is the node's rawsource; without it, the
        locator stays plain text)."""
        if "bibtex-citation" in node.get("classes", []):
            targets = parse_citation_targets(node.rawsource) if node.rawsource else []
            self.locators = {xml_name(t.key): t.post for t in targets if t.post}
            self.open("bibl")

    def depart_inline(self, node):
        if "bibtex-citation" in node.get("classes", []):
            self.locators, self.cited = {}, None
            self.close()

    def visit_evidence_list(self, node):
        self.open("div", type="evidence")
        element(self.here, "head", evidence.HEADING)
        element(self.here, "p", evidence.INTRO)

    depart_evidence_list = close

    def visit_evidence(self, node):
        """A piece of evidence: the words as ``quote`` (the editors' translation beside them), and
        the citation, with the locator where the citation gave none, as ``bibl``."""
        cit = self.open("cit", type="evidence", **{XML_ID: self.xml_id(node)})
        bibl = None
        for child in node.children:
            classes = child.get("classes", []) if isinstance(child, nodes.Element) else []
            if "bibtex-citation" in classes:  # written as a bibl (visit_inline)
                child.walkabout(self)
                bibl = cit[-1]
            elif isinstance(child, nodes.reference):
                bibl = element(cit, "bibl")
                self.stack.append(bibl)
                child.walkabout(self)
                self.stack.pop()
            elif "evidence-quote" in classes:
                lang = next((c.removeprefix("language-") for c in classes if c.startswith("language-")), None)
                element(cit, "quote", child.astext().strip("\u201c\u201d"), **{XML_LANG: lang})
            elif "evidence-translation" in classes:
                element(cit, "quote", child.astext().strip("\u201c\u201d"), type="translation",
                        resp="#editors", **{XML_LANG: "en"})  # fmt: skip
            elif isinstance(child, evidence.evidence_copy):
                element(cit, "note", child.astext(), type="copy")
            elif isinstance(child, nodes.Text) and child.startswith("; no locator: "):
                element(cit, "note", child.removeprefix("; no locator: "), type="no-locator")
            elif isinstance(child, nodes.Text) and child.startswith("; ") and bibl is not None:
                element(bibl, "citedRange", child.removeprefix("; "))
        self.close()
        raise nodes.SkipNode

    def visit_evidence_mark(self, node):
        target = self.ids.target(self.pages[-1], "#" + node["refid"])
        element(self.here, "ptr", type="evidence", target=target, n=str(node["number"]))
        raise nodes.SkipNode

    def visit_bullet_list(self, node):
        self.open("list", rend="bulleted")

    depart_bullet_list = close

    def visit_enumerated_list(self, node):
        self.open("list", rend="numbered")

    depart_enumerated_list = close

    def visit_list_item(self, node):
        self.open("item")

    depart_list_item = close

    def visit_definition_list(self, node):
        self.open("list", type="gloss")

    depart_definition_list = close

    def visit_term(self, node):
        self.open("label")

    depart_term = close

    def visit_definition(self, node):
        self.open("item")

    depart_definition = close

    def visit_block_quote(self, node):
        self.open("quote")

    depart_block_quote = close

    def visit_literal_block(self, node):
        self.open("eg")

    depart_literal_block = close

    def visit_rubric(self, node):
        if EVIDENCE & set(node.get("classes", [])):
            raise nodes.SkipNode
        self.open("label")

    depart_rubric = close

    def visit_figure(self, node):
        self.open("figure", **{XML_ID: self.xml_id(node)})

    depart_figure = close

    def visit_image(self, node):
        ET.SubElement(self.here, f"{{{NS}}}graphic", url=Path(node["uri"]).name)
        raise nodes.SkipNode

    def visit_caption(self, node):
        self.open("head")

    depart_caption = close

    def visit_legend(self, node):
        self.open("figDesc")

    depart_legend = close

    def visit_table(self, node):
        if set(node.get("classes", [])) & self.skip_classes:
            raise nodes.SkipNode
        self.open("table", **{XML_ID: self.xml_id(node)})

    depart_table = close

    def visit_row(self, node):
        head = isinstance(node.parent, nodes.thead)
        self.open("row", role="label" if head else None)

    depart_row = close

    def visit_entry(self, node):
        self.open("cell")

    depart_entry = close

    def visit_line_block(self, node):
        self.open("lg")

    depart_line_block = close

    def visit_line(self, node):
        self.open("l")

    depart_line = close


def cited_works(env) -> list:
    """sphinxcontrib-bibtex's entries of the reference lists (``BibtexDomain.citations``: each
    with its id in the list, the list's page and its key)."""
    citations = getattr(env.get_domain("cite"), "citations", None)
    if not isinstance(citations, list) or not all(hasattr(c, "bibliography_key") for c in citations):
        warn("sphinxcontrib-bibtex's BibtexDomain.citations", "the TEI's citations point to no entry")
        return []
    return citations


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


def cited_range(parent: ET.Element, post: str, target: str | None = None) -> ET.Element:
    """A citation's locator as the book prints it ("p. 73" as "73"), with its unit when it
    names pages."""
    shown = locator(post)
    unit = "page" if shown != post and post.startswith("p") else None
    return element(parent, "citedRange", shown, unit=unit, target=target)


def tei_basename(config) -> str:
    return config.book_tei_basename or config.epub_basename


def element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    made = ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attributes.items() if v})
    if text:
        made.text = text
    return made


def header(builder, tei: ET.Element) -> None:
    config = builder.config
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    day = (datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch
           else datetime.datetime.now(datetime.UTC)).date().isoformat()  # fmt: skip
    head = element(tei, "teiHeader")
    file_desc = element(head, "fileDesc")
    title_stmt = element(file_desc, "titleStmt")
    element(title_stmt, "title", config.project)
    element(title_stmt, "editor", config.author, **{XML_ID: "editors"})
    responsibility = element(title_stmt, "respStmt")
    element(responsibility, "resp", config.book_editors_resp)
    element(responsibility, "name", config.author, ref="#editors")
    edition_stmt = element(file_desc, "editionStmt")
    shown = element(edition_stmt, "edition", n=config.release)
    shown.text = edition.book_statement(config)
    element(shown, "date", when=day).text = day
    publication = element(file_desc, "publicationStmt")
    element(publication, "publisher", config.book_publisher or config.author)
    element(publication, "date", day, when=day)
    availability = element(publication, "availability")
    licence = element(availability, "licence", target=config.book_licence_url)
    element(licence, "p", imprint.rights(config))
    source_desc = element(file_desc, "sourceDesc")
    copy_text = config.book_copy_text or {}
    bibl = element(source_desc, "bibl", type="copy-text")
    element(bibl, "title", copy_text.get("title", config.project))
    if copy_text.get("published"):
        element(bibl, "date", copy_text["published"], when=copy_text["published"])
    if copy_text.get("address"):
        element(bibl, "ptr", target=copy_text["address"])
    for note in copy_text.get("notes", []):
        element(bibl, "note", note)
    encoding = element(head, "encodingDesc")
    principles = element(encoding, "editorialDecl")
    for paragraph in config.book_editorial_principles or ["The text is the author's, word for word."]:
        element(principles, "p", paragraph)
    classes = element(encoding, "classDecl")
    taxonomy = element(classes, "taxonomy", **{XML_ID: "note-types"})
    for name, description in NOTE_TYPES.items():
        category = element(taxonomy, "category", **{XML_ID: f"note-{name}"})
        element(category, "catDesc", description)


def name_parts(person) -> str:
    last = " ".join(plain(p) for p in [*person.prelast_names, *person.last_names])
    first = " ".join(plain(p) for p in [*person.first_names, *person.middle_names])
    return f"{last}, {first}" if first else last


def works_cited(builder, back: ET.Element) -> set[str]:
    """The listBibl: every entry of the .bib files, as biblStruct, with the comment the file
    gives it (where its fields were seen, what could not be confirmed) as a note; returns their
    xml:ids."""
    entries = bibliography_entries(builder.env)
    seen = {}  # the .bib files' comment above each entry: where its fields were seen
    for bibfile in builder.config.bibtex_bibfiles:
        seen |= parse(Path(builder.confdir, bibfile)).comments or {}
    division = element(back, "div", type="bibliography")
    element(division, "head", "Bibliography")
    listing = element(division, "listBibl")
    made = set()
    for key in sorted(entries):
        entry = entries[key]
        fields = {name.lower(): plain(value) for name, value in entry.fields.items()}
        name = xml_name(key)
        made.add(name)
        struct = element(listing, "biblStruct", type=entry.type, **{XML_ID: name})
        part = entry.type in ("article", "incollection", "inbook", "inproceedings")
        if part:
            analytic = element(struct, "analytic")
            for person in entry.persons.get("author", []):
                element(analytic, "author", name_parts(person))
            element(analytic, "title", fields.get("title"), level="a")
        monogr = element(struct, "monogr")
        if not part:
            for person in entry.persons.get("author", []):
                element(monogr, "author", name_parts(person))
        for person in entry.persons.get("editor", []):
            element(monogr, "editor", name_parts(person))
        if part:
            container = fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or ""
            element(monogr, "title", container, level="j" if entry.type == "article" else "m")
        else:
            element(monogr, "title", fields.get("title", key), level="m")
        for kind in ("doi", "isbn"):
            if fields.get(kind):
                element(monogr, "idno", fields[kind], type=kind.upper())
        if fields.get("url"):
            element(monogr, "ptr", target=fields["url"])
        published = element(monogr, "imprint")
        if fields.get("address") or fields.get("location"):
            element(published, "pubPlace", fields.get("address") or fields.get("location"))
        if fields.get("publisher") or fields.get("institution"):
            element(published, "publisher", fields.get("publisher") or fields.get("institution"))
        year = fields.get("year") or fields.get("date", "")[:4]
        element(published, "date", year or None, when=year if year.isdigit() else None)
        for field, unit in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
            if fields.get(field):
                element(published, "biblScope", fields[field], unit=unit)
        if fields.get("note"):
            element(struct, "note", fields["note"])
        if seen.get(key):
            element(struct, "note", seen[key], type="verification", resp="#editors")
    return made


def glossary_names(builder, tree, ids: Ids, back: ET.Element) -> tuple[dict[str, str], list]:
    """The glossary's entries: those of a section marked ``{.persons}`` as a listPerson, of one
    marked ``{.organisations}`` as a listOrg, any other as a list of terms. Returns the kind of
    each entry's xml:id ("person", "org", "term"), and each entry's note with the definition to
    write into it (TEIWriter.write_into: its citations and names point to their entries as the
    text's do)."""
    kinds, definitions = {}, []
    division = element(back, "div", type="glossary")
    element(division, "head", "Glossary")
    persons = element(division, "listPerson")
    orgs = element(division, "listOrg")
    words = element(division, "list", type="gloss")
    for item in tree.findall(nodes.definition_list_item):
        if not isinstance(item.parent.parent, addnodes.glossary):
            continue
        terms = [t for t in item.children if isinstance(t, nodes.term)]
        definition = next((d for d in item.children if isinstance(d, nodes.definition)), None)
        section = item.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        marked = set(section.get("classes", [])) if section is not None else set()
        kind = "person" if "persons" in marked else "org" if "organisations" in marked else "term"
        page = builder.config.book_glossary
        xml = ids.by_page.get((page, terms[0]["ids"][0])) if terms[0].get("ids") else None
        if kind == "term":
            element(element(words, "label"), "term", plain_text(terms[0]), **{XML_ID: xml})
            if definition is not None:
                definitions.append((element(words, "item"), definition))
        else:
            entry = element(persons if kind == "person" else orgs, kind, **{XML_ID: xml})
            names(entry, "persName" if kind == "person" else "orgName", terms, definition)
            if definition is not None:
                definitions.append((element(entry, "note"), definition))
        if xml:
            kinds[xml] = kind
    for listing in (persons, orgs, words):
        if not len(listing):
            division.remove(listing)
    if len(division) == 1:
        back.remove(division)
    return kinds, definitions


def names(entry: ET.Element, tag: str, terms: list, definition) -> None:
    """A person's or an organisation's names: the glossary's term, then the spellings its
    definition gives ({spelling}): the Cyrillic, the Library of Congress form (after "LC:"),
    any other as a variant."""
    for term in terms:
        element(entry, tag, plain_text(term))
    for spelling in definition.findall(indexing.spelling_of_entry) if definition is not None else ():
        written = plain_text(spelling)
        place = spelling.parent.index(spelling)
        before = spelling.parent[place - 1] if place else None
        if CYRILLIC.search(written):
            element(entry, tag, written, type="original", **{XML_LANG: "ru"})
        elif before is not None and before.astext().rstrip().endswith("LC:"):
            element(entry, tag, written, type="romanization", subtype="LC", **{XML_LANG: "ru-Latn"})
        else:
            element(entry, tag, written, type="variant")


def events(builder, back: ET.Element) -> None:
    path = chronology.chronology_path(builder.env)
    if not builder.config.book_chronology or not path.is_file():
        return
    division = element(back, "div", type="chronology")
    element(division, "head", "Chronology")
    listing = element(division, "listEvent")
    for n, event in enumerate(chronology.load_events(path), 1):
        if event.between:  # an uncertain date: the span its sources allow
            dates = {"notBefore": event.between[0], "notAfter": event.between[1]}
        elif event.end_written:
            dates = {"from": event.date_written, "to": event.end_written}
        else:
            dates = {"when": event.date_written}
        made = element(listing, "event", **{XML_ID: f"event-{n}"}, **dates)
        element(made, "label", event.label)
        element(made, "desc", re.sub(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^`]*>)?`", r"\1", event.event))
        if event.uncertain:
            element(made, "note", str(event.uncertain), type="uncertain")
        for cite in event.cites:  # "key{p. 16}"
            for target in parse_citation_targets(cite):
                source = element(element(made, "note", type="source"), "bibl")
                element(source, "ptr", target=f"#{xml_name(target.key)}")
                if target.post:
                    cited_range(source, target.post)


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
    names, definitions = glossary_names(builder, tree, ids, back)
    events(builder, back)
    writer = TEIWriter(tree, front, body, ids, builder.config.root_doc, {"chronology"}, cited, names)
    tree.walkabout(writer)
    for note, definition in definitions:
        writer.write_into(note, definition, builder.config.book_glossary)
    indent(tei)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(tei, encoding="utf-8") + b"\n"


# Elements that hold the text itself: a space or a line break written into one would be read.
PHRASES = {"p", "head", "quote", "bibl", "item", "label", "cell", "l", "hi", "ref", "ptr", "persName",
           "orgName", "title", "citedRange", "code", "seg", "date", "rs", "desc"}  # fmt: skip


def indent(element: ET.Element, level: int = 0) -> None:
    """ET.indent, but only where the content is elements alone: it would also indent a phrase
    that begins with an element (``<ref><hi>Time</hi> 1924</ref>``), putting a space before
    "Time" in what a reader of the TEI sees."""
    local = element.tag.rpartition("}")[2]
    mixed = (element.text or "").strip() or any((child.tail or "").strip() for child in element)
    if local in PHRASES or mixed or not len(element):
        return
    inside = "\n" + " " * (level + 1)
    element.text = inside
    for child in element:
        indent(child, level + 1)
        child.tail = inside
    element[-1].tail = "\n" + " " * level


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
