"""The book's navigation in the sidebar: every chapter, one click away, drawn cheaply.

The theme draws the sidebar by resolving Sphinx's whole toctree for every page and then
reworking it with BeautifulSoup: on a book of 100 chapters that is most of the build, and it
grows with the square of the chapters. The sidebar only needs, for each toctree of the front page,
its caption and its documents with their titles and numbers; this module reads them once per
build and writes each page's list with plain string formatting, marking the current page.
Sections stay in each page's own table of contents. (`make html` writes every page on every
build, so a changed title reaches every sidebar: booktools/make/__init__.py.)

On a phone the sidebar opens from the button in the article's header. The theme's header bar,
which sphinx-book-theme hides, holds a second such button, first on the page, and the themes'
scripts bind only the first, so the one a phone shows opened nothing (pydata-sphinx-theme#2451).
The bar is left out unless the book asks for it in ``html_theme_options`` (``navbar_persistent``):
with nothing in it, the theme does not draw it (it held a second search button and left a 16 px
strip; the sidebar and the article's header have one search each).
"""

from html import escape

from sphinx import addnodes

from .fallbacks import section_numbers


def toctrees(env) -> list[tuple[str, list[str]]]:
    """(caption, docnames) for each toctree of the root document, in order."""
    root = env.get_doctree(env.config.root_doc)
    return [
        (node.get("caption") or "", [doc for _, doc in node["entries"] if doc in env.found_docs])
        for node in root.findall(addnodes.toctree)
    ]


def title(env, docname: str) -> str:
    numbers = section_numbers(env).get(docname, {}).get("")
    prefix = ".".join(map(str, numbers)) + ". " if numbers else ""
    return escape(prefix + env.titles[docname].astext())


def navigation_html(env, trees, pagename: str, pathto) -> str:
    parts = []
    for caption, docs in trees:
        if caption:
            heading = f'<span class="caption-text">{escape(caption)}</span>'
            parts.append(f'<p aria-level="2" class="caption" role="heading">{heading}</p>')
        items = []
        here = "current " if pagename in docs else ""
        for doc in docs:
            current = doc == pagename
            li = "toctree-l1 current active" if current else "toctree-l1"
            a = "current reference internal" if current else "reference internal"
            href = "#" if current else pathto(doc)
            items.append(f'<li class="{li}"><a class="{a}" href="{href}">{title(env, doc)}</a></li>')
        parts.append(f'<ul class="{here}nav bd-sidenav">{"".join(items)}</ul>')
    return "\n".join(parts)


class Navigation:
    """The toctrees of the front page, read once per build, once the pages are (env-updated)."""

    def __init__(self):
        self.trees = None

    def refresh(self, app, env):
        self.trees = None

    def add(self, app, pagename, templatename, context, doctree):
        drawn = []  # the theme asks for it more than once a page: drawn once

        def navigation():
            if self.trees is None:
                self.trees = toctrees(app.env)
            if not drawn:
                drawn.append(navigation_html(app.env, self.trees, pagename, context["pathto"]))
            return drawn[0]

        context["book_navigation"] = navigation


def no_header_bar(app, config):
    if config.html_theme == "sphinx_book_theme":
        config.html_theme_options = {"navbar_persistent": [], **config.html_theme_options}


def setup(app):
    app.connect("config-inited", no_header_bar)
    navigation = Navigation()
    app.connect("env-updated", navigation.refresh)
    app.connect("html-page-context", navigation.add, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
