"""Hover previews: a cross-reference or a glossary term shows the start of what it points to.

Each internal link to a section, a figure or a glossary term gets, as its ``title``, the first
words of its target (the section's first paragraph, the figure's caption, the term's
definition). Browsers show it on hover, screen readers offer it as a description, and it needs
no script and no other host. (Citations already carry the full reference: sphinxcontrib-bibtex's
tooltips.) Pages that link into a page that changed are rewritten with it.
"""

import re
import textwrap
from urllib.parse import urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

LENGTH = 240  # characters of preview


def prose(node) -> str:
    """A node's text without its citations (unresolved, they would read as bare keys)."""
    node = node.deepcopy()
    for citation in list(node.findall(addnodes.pending_xref)):
        if citation.get("refdomain") == "cite":
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


class AddPreviews(SphinxPostTransform):
    default_priority = 900  # after references are resolved
    formats = ("html",)

    def run(self, **kwargs):
        builder = self.app.builder
        if not hasattr(builder, "get_relative_uri"):
            return
        here = self.env.docname
        uri_to_doc = {builder.get_relative_uri(here, doc): doc for doc in self.env.found_docs}
        doctrees = {here: self.document}
        for reference in self.document.findall(nodes.reference):
            if reference.get("reftitle") or not reference.get("internal"):
                continue
            target = self.target_of(reference, here, uri_to_doc, doctrees)
            if target is not None:
                text = summary(target)
                if text:
                    reference["reftitle"] = text

    def target_of(self, reference, here, uri_to_doc, doctrees):
        if "refid" in reference:
            doc, anchor = here, reference["refid"]
        else:
            parts = urlsplit(reference.get("refuri", ""))
            if parts.scheme or not parts.fragment:
                return None
            doc, anchor = uri_to_doc.get(parts.path) or (here if not parts.path else None), parts.fragment
        if doc is None:
            return None
        if doc not in doctrees:
            doctrees[doc] = self.env.get_doctree(doc)
        return next((n for n in doctrees[doc].findall(nodes.Element) if anchor in n.get("ids", [])), None)


# -- Keeping previews current ----------------------------------------------------------------
# A page shows the start of other pages, so when a page is re-read, the pages that link into it
# are rewritten too (as booktools.freshness does for citations).

REF_TYPES = {"ref", "numref", "term", "doc"}


def record_references(app, doctree):
    """What each page links to, by the names the std domain files its targets under."""
    targets = {
        (xref["reftype"], xref["reftarget"].lower())
        for xref in doctree.findall(addnodes.pending_xref)
        if xref.get("refdomain") == "std" and xref.get("reftype") in REF_TYPES
    }
    references(app.env)[app.env.docname] = targets


def references(env) -> dict:
    if not hasattr(env, "booktools_references"):
        env.booktools_references = {}
    return env.booktools_references


def forget(app, env, docname):
    references(env).pop(docname, None)


def merge(app, env, docnames, other):
    for docname in docnames:
        references(env)[docname] = references(other).get(docname, set())


def remember_reread(app, env, docnames):
    app.booktools_reread = set(docnames)


def pages_linking_into(app, env):
    reread = getattr(app, "booktools_reread", set())
    if not reread:
        return []
    std = env.get_domain("std")
    inside = {("ref", n) for n, (doc, *_) in std.labels.items() if doc in reread}
    inside |= {("numref", n) for n, (doc, *_) in std.anonlabels.items() if doc in reread}
    inside |= {
        ("term", n.lower())
        for (kind, n), (doc, *_) in std.objects.items()
        if kind == "term" and doc in reread
    }
    inside |= {("doc", doc) for doc in reread}
    return sorted(doc for doc, targets in references(env).items() if targets & inside and doc not in reread)


def setup(app):
    app.add_post_transform(AddPreviews)
    app.connect("doctree-read", record_references)
    app.connect("env-purge-doc", forget)
    app.connect("env-merge-info", merge)
    app.connect("env-before-read-docs", remember_reread)
    app.connect("env-updated", pages_linking_into)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
