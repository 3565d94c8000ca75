"""HTML that assistive technology reads right, fixed where Sphinx and docutils write it.

- A toctree caption is a heading (``role="heading"``) without the level that role requires.
- A bibliography is a ``role="list"`` whose entries carry ``doc-biblioentry``, a role DPUB-ARIA
  has deprecated, so the list has no list items. Entries become plain list items.

Found by axe-core, which the test suite runs on every page (tests/test_browser.py).
"""

from sphinx import addnodes
from sphinx.writers.html5 import HTML5Translator

CAPTION_LEVEL = "2"


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


def setup(app):
    for builder in ("html", "dirhtml", "singlehtml", "epub"):
        app.set_translator(builder, AccessibleHTMLTranslator, override=True)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
