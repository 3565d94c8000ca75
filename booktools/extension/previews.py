"""Hover previews: a cross-reference or a glossary term shows the start of what it points to.

Each internal link to a section, a figure or a glossary term gets, as its ``title``, the first
words of its target (the section's first paragraph, the figure's caption, the term's
definition). Browsers show it on hover, screen readers offer it as a description, and it needs
no script and no other host. (Citations already carry the full reference: sphinxcontrib-bibtex's
tooltips.) `make html` writes every page on every build, so a changed target reaches every
page that links to it (booktools/make/__init__.py).
"""

import posixpath
import re
import textwrap
from collections import OrderedDict
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes

LENGTH = 240  # characters of preview
KEEP = 16  # documents whose targets stay in memory while pages are written


def prose(node) -> str:
    """A node's text without its citations (unresolved, they would read as bare keys)."""
    node = node.deepcopy()
    for citation in list(node.findall(addnodes.pending_xref)):
        if citation.get("refdomain") == "cite" and citation.parent is not None:
            citation.parent.remove(citation)
    return re.sub(r"\s+([.,;:)])", r"\1", " ".join(node.astext().split()))


def summary(node) -> str:
    """The first words a reader would see at a link's target."""
    if isinstance(node, nodes.section):
        paragraph = next(
            (p for p in node.findall(nodes.paragraph) if not isinstance(p.parent, nodes.Admonition)), None
        )
        text = prose(paragraph) if paragraph else node[0].astext()
    elif isinstance(node, nodes.figure):
        caption = next(node.findall(nodes.caption), None)
        text = prose(caption) if caption else ""
    elif isinstance(node, nodes.term):
        definition = node.parent.next_node(nodes.definition)
        text = prose(definition) if definition else ""
    else:
        text = prose(node)
    return textwrap.shorten(text, LENGTH, placeholder=" …")


def targets(doctree) -> dict[str, nodes.Element]:
    """Every element a link can point to in a document, by anchor."""
    return {
        anchor: node
        for node in doctree.findall(nodes.Element)
        if not isinstance(node, addnodes.pending_xref)  # a link, not a target
        for anchor in node.get("ids", ())
    }


class Previews:
    """Sets the previews of each HTML page once its references are resolved (``doctree-resolved``),
    with what it works out once per build: every page's address, and each preview."""

    def __init__(self):
        self.builder = None
        self.by_uri: dict[str, str] = {}
        self.previews: dict[tuple[str, str], str] = {}
        self.recent: OrderedDict = OrderedDict()  # the last few documents looked into

    def start(self, app) -> None:
        self.builder = app.builder if app.builder.format == "html" else None
        self.by_uri, self.previews, self.recent = {}, {}, OrderedDict()

    def add(self, app, doctree, docname: str) -> None:
        if self.builder is None:
            return
        if not self.by_uri:
            self.by_uri = {self.builder.get_target_uri(d): d for d in app.env.found_docs}
        here = None
        page = self.builder.get_target_uri(docname)
        for reference in doctree.findall(nodes.reference):
            if reference.get("reftitle") or not reference.get("internal"):
                continue
            if "refid" in reference:
                doc, anchor = docname, reference["refid"]
            else:
                parts = urlsplit(reference.get("refuri", ""))
                if parts.scheme or not parts.fragment:
                    continue
                path = (
                    posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
                    if parts.path
                    else page
                )
                doc, anchor = self.by_uri.get(path), parts.fragment
            if doc is None:
                continue
            if doc == docname:  # this page, with its references resolved
                here = targets(doctree) if here is None else here
                node = here.get(anchor)
                text = summary(node) if node is not None else ""
            else:
                text = self.preview(app.env, doc, anchor)
            if text:
                reference["reftitle"] = text

    def preview(self, env, doc: str, anchor: str) -> str:
        """Another page as read: it does not change while pages are written, so each preview
        is made once per build."""
        if (doc, anchor) not in self.previews:
            if doc not in self.recent:
                self.recent[doc] = targets(env.get_doctree(doc))
                if len(self.recent) > KEEP:
                    self.recent.popitem(last=False)
            node = self.recent[doc].get(anchor)
            self.previews[doc, anchor] = summary(node) if node is not None else ""
        return self.previews[doc, anchor]


def setup(app):
    previews = Previews()
    app.connect("builder-inited", previews.start)
    app.connect("doctree-resolved", previews.add)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
