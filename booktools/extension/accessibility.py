"""HTML that assistive technology reads right, fixed where Sphinx and docutils write it.

- A toctree caption is a heading (``role="heading"``) without the level that role requires.
- A bibliography is a ``role="list"`` whose entries carry ``doc-biblioentry``, a role DPUB-ARIA
  has deprecated, so the list has no list items. Entries become plain list items.
- A run of Cyrillic letters is marked as Russian (``lang="ru"``, ``book_cyrillic_language``), so
  that a screen reader reads it in Russian and not as English spelled out.
- sphinx-book-theme repeats a page's title in a heading for print (``pagetitle``), which it sets
  only for pages with a source: the index had an empty ``<h1>``. Generated pages get their
  titles.

Found by axe-core, which the test suite runs on every page (tests/test_browser.py).
"""

import re

from docutils import nodes
from markupsafe import Markup
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.writers.html5 import HTML5Translator

from .indexing import iter_ancestors
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


CYRILLIC_RUN = re.compile(r"[\u0400-\u04ff]+(?:[\s\-–—.,:;()«»„“”'’]*[\u0400-\u04ff]+)*")
UNMARKED = (nodes.literal_block, nodes.literal, nodes.raw, nodes.comment)


class CyrillicRuns(SphinxPostTransform):
    """Each run of Cyrillic, in every page of the site and the EPUB, as an inline element of the
    class docutils turns into a lang attribute (language-ru)."""

    default_priority = 900  # after the citations and the bibliography are written in
    formats = ("html",)

    def run(self, **kwargs):
        marker = f"language-{self.config.book_cyrillic_language}"
        for text in list(self.document.findall(nodes.Text)):
            parent, value = text.parent, str(text)
            if parent is None or isinstance(parent, UNMARKED) or not CYRILLIC_RUN.search(value):
                continue
            if any(marker in node.get("classes", ()) for node in [parent, *iter_ancestors(parent)]):
                continue
            pieces, last = [], 0
            for run in CYRILLIC_RUN.finditer(value):
                pieces += [nodes.Text(value[last : run.start()])] if run.start() > last else []
                pieces.append(nodes.inline(run[0], run[0], classes=[marker]))
                last = run.end()
            pieces += [nodes.Text(value[last:])] if last < len(value) else []
            parent.replace(text, pieces)


def title_every_page(app, pagename, templatename, context, doctree):
    if not context.get("pagetitle"):
        title = context.get("title") or GENERATED_TITLES.get(pagename, "")  # genindex sets it in its template
        context["pagetitle"] = striptags(title)


def setup(app):
    for builder in ("html", "dirhtml", "singlehtml", "epub"):
        app.set_translator(builder, AccessibleHTMLTranslator, override=True)
    app.connect("html-page-context", title_every_page)
    app.add_config_value("book_cyrillic_language", "ru", "env", types=[str])
    app.add_post_transform(CyrillicRuns)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
