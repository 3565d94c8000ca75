"""HTML that assistive technology reads right, fixed where Sphinx and docutils write it.

- A toctree caption is a heading (``role="heading"``) without the level that role requires.
- A bibliography is a ``role="list"`` whose entries carry ``doc-biblioentry``, a role DPUB-ARIA
  has deprecated, so the list has no list items. Entries become plain list items.
- sphinx-book-theme repeats a page's title in a heading for print (``pagetitle``), which it sets
  only for pages with a source: the index had an empty ``<h1>``. Generated pages get their
  titles.

Found by axe-core, which the test suite runs on every page (tests/test_browser.py).
"""

from markupsafe import Markup
from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator

from .metadata import GENERATED_TITLES

CAPTION_LEVEL = "2"


def striptags(html: str) -> str:
    return Markup(html).striptags()


class AccessibleHTMLTranslator(HTML5Translator):
    def visit_title(self, node):
        if isinstance(node.parent, addnodes.compact_paragraph) and node.parent.get("toctree"):
            attributes = {"CLASS": "caption", "ROLE": "heading", "aria-level": CAPTION_LEVEL}
            self.body.append(self.starttag(node, "p", "", **attributes))
            self.body.append('<span class="caption-text">')
            self.context.append("</span></p>\n")
        else:
            super().visit_title(node)

    def visit_citation(self, node):
        if not isinstance(node.previous_sibling(), type(node)):
            self.body.append('<div role="list" class="citation-list">\n')
        self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def title_every_page(app, pagename, templatename, context, doctree):
    if not context.get("pagetitle"):
        title = context.get("title") or GENERATED_TITLES.get(pagename, "")  # genindex sets it in its template
        context["pagetitle"] = striptags(title)


def setup(app):
    for builder in ("html", "dirhtml", "singlehtml", "epub"):
        app.set_translator(builder, AccessibleHTMLTranslator, override=True)
    app.connect("html-page-context", title_every_page)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
