"""The book's text as TEI elements (booktools/extension/tei.py assembles the document).

``TEIWriter`` walks the assembled doctree into ``body`` (and the front page into ``front``): a
page a ``div``, a note ``<note type="editorial">`` pointing to the paragraph it follows, a
citation a ``bibl`` with each locator a ``citedRange``, a glossary term a ``persName``,
``orgName`` or ``term``, the evidence a division of ``cit``s. ``Ids`` gives every element that
can be pointed to its xml:id, before the walk, so that a pointer can go forward.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from . import evidence
from .citations import POST_TEXT_SEPARATOR, locator

NS = "http://www.tei-c.org/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DOC = "tei-doc:"  # what get_target_uri returns: turned into a #fragment once ids are known
# The evidence at the end of each page (booktools/extension/evidence.py): its heading and its
# introduction are written with the list, as a division of its own (a page's sections precede it).
EVIDENCE = {"evidence-heading", "evidence-intro"}
UNSEEN = (nodes.target, addnodes.index, nodes.comment, nodes.raw)  # nodes that print nothing in the text
NOT_NAME = re.compile(r"[^A-Za-z0-9_.-]")


def xml_name(text: str) -> str:
    """An xml:id from any id Sphinx gives (an NCName: starts with a letter, no colon)."""
    name = NOT_NAME.sub("-", text)
    return name if name[:1].isalpha() or name[:1] == "_" else f"id-{name}"


def plain_text(node: nodes.Node) -> str:
    return " ".join(node.astext().split())


def element(parent: ET.Element, tag: str, text: str | None = None, **attributes) -> ET.Element:
    made = ET.SubElement(parent, f"{{{NS}}}{tag}", {k: v for k, v in attributes.items() if v})
    if text:
        made.text = text
    return made


def cited_range(parent: ET.Element, post: str, target: str | None = None) -> ET.Element:
    """A citation's locator as the book prints it ("p. 73" as "73"), with its unit when it
    names pages."""
    shown = locator(post)
    unit = "page" if shown != post else None  # locator() drops only "p." and "pp."
    return element(parent, "citedRange", shown, unit=unit, target=target)


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
        self.stack.append(element(self.here, tag, **attributes))
        return self.here

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
        if shown and text.startswith(POST_TEXT_SEPARATOR + shown):  # "…2011</ref>, 73)"
            post = self.locators[cited]
            self.text(POST_TEXT_SEPARATOR)
            cited_range(self.here, post, target=f"#{cited}")
            text = text[len(POST_TEXT_SEPARATOR + shown) :]
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
        element(self.here, "graphic", url=Path(node["uri"]).name)
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
