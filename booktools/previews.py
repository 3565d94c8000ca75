"""Hover previews: a cross-reference or a glossary term shows the start of what it points to.

Each internal link to a section, a figure or a glossary term gets, as its ``title``, the first
words of its target (the section's first paragraph, the figure's caption, the term's
definition). Browsers show it on hover, screen readers offer it as a description, and it needs
no script and no other host. (Citations already carry the full reference: sphinxcontrib-bibtex's
tooltips.) `make html` writes every page on every build, so a changed target reaches every
page that links to it (booktools/build.py).
"""

import posixpath
import re
import textwrap
from collections import OrderedDict
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

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


class AddPreviews(SphinxPostTransform):
    default_priority = 900  # after references are resolved
    formats = ("html",)

    def run(self, **kwargs):
        builder = self.app.builder
        if not hasattr(builder, "get_target_uri"):
            return
        here, self.here = self.env.docname, None
        page = builder.get_target_uri(here)
        for reference in self.document.findall(nodes.reference):
            if reference.get("reftitle") or not reference.get("internal"):
                continue
            if "refid" in reference:
                doc, anchor = here, reference["refid"]
            else:
                parts = urlsplit(reference.get("refuri", ""))
                if parts.scheme or not parts.fragment:
                    continue
                path = (
                    posixpath.normpath(posixpath.join(posixpath.dirname(page), parts.path))
                    if parts.path
                    else page
                )
                doc, anchor = self.documents_by_uri().get(path), parts.fragment
            text = self.preview(doc, anchor)
            if text:
                reference["reftitle"] = text

    def documents_by_uri(self) -> dict[str, str]:
        """Every page's address: computed once per build, not once per page."""
        builder = self.app.builder
        if getattr(builder, "booktools_documents_by_uri", None) is None:
            builder.booktools_documents_by_uri = {builder.get_target_uri(d): d for d in self.env.found_docs}
        return builder.booktools_documents_by_uri

    def preview(self, doc: str | None, anchor: str) -> str:
        if doc is None:
            return ""
        if doc == self.env.docname:  # this page, with its references resolved
            if self.here is None:
                self.here = targets(self.document)
            node = self.here.get(anchor)
            return summary(node) if node is not None else ""
        # Other pages as read: they do not change while pages are written, so each preview is
        # made once per build, and the last few documents looked into are kept at hand.
        builder = self.app.builder
        previews = builder.__dict__.setdefault("booktools_previews", {})
        if (doc, anchor) not in previews:
            recent = builder.__dict__.setdefault("booktools_recent_targets", OrderedDict())
            if doc not in recent:
                recent[doc] = targets(self.env.get_doctree(doc))
                if len(recent) > KEEP:
                    recent.popitem(last=False)
            node = recent[doc].get(anchor)
            previews[doc, anchor] = summary(node) if node is not None else ""
        return previews[doc, anchor]


def setup(app):
    app.add_post_transform(AddPreviews)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
