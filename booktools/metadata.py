"""Citing the book: a "How to cite" entry, and Highwire Press tags that reference managers read.

Everything comes from conf.py (which takes title, version and authors from CITATION.cff), so the
book, its meta tags and CITATION.cff cannot disagree. The date is the build's date, which
Sphinx takes from SOURCE_DATE_EPOCH when it is set (the Makefile sets it to the last commit's).
"""

from html import escape

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import format_date

from .downloads import SITE_BUILDERS

BIBTEX_KEY = "book"
GENERATED_TITLES = {"genindex": "Index", "search": "Search"}


def publication_date(config, fmt: str) -> str:
    return format_date(fmt, language=config.language)


def bibtex_entry(config) -> str:
    fields = {
        "title": "{" + config.project + "}",
        "editor": " and ".join("{" + name + "}" for name in config.book_authors),
        "year": publication_date(config, "%Y"),
        "edition": config.release,
        "url": config.html_baseurl,
    }
    body = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields.items() if value)
    return f"@book{{{config.book_citation_key},\n{body}\n}}"


class HowToCite(SphinxDirective):
    """A sentence a reader can copy, and the same as a BibTeX entry."""

    def run(self):
        config = self.config
        sentence = (
            f"{', '.join(config.book_authors)}, eds. {config.project}. "
            f"Edition {config.release}, {publication_date(config, '%Y')}."
        )
        entry = bibtex_entry(config)
        block = nodes.literal_block(entry, entry, language="bibtex")
        return [nodes.paragraph(sentence, sentence), block]


def add_citation_tags(app, pagename, templatename, context, doctree):
    """citation_* tags on every page, as Google Scholar and Zotero expect them."""
    if app.builder.name not in SITE_BUILDERS:
        return
    config = app.config
    pdf = next(iter(config.book_downloads.values()), None)
    tags = [
        ("citation_title", config.project),
        *(("citation_author", name) for name in config.book_authors),
        ("citation_publication_date", publication_date(config, "%Y/%m/%d")),
        ("citation_language", config.language),
    ]
    if pdf:
        name = str(pdf).rsplit("/", 1)[-1]
        url = (
            config.html_baseurl.rstrip("/") + "/" + name
            if config.html_baseurl
            else context["pathto"](name, 1)
        )
        tags.append(("citation_pdf_url", url))
    if doctree is None and "sphinxext.opengraph" in app.extensions:
        # generated pages (index, search), which sphinxext-opengraph skips
        tags += [
            ("og:title", context.get("title") or GENERATED_TITLES.get(pagename, pagename)),
            ("og:type", config.ogp_type),
            ("og:site_name", config.ogp_site_name),
        ]
        if config.html_baseurl:
            address = config.html_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(pagename)
            tags.append(("og:url", address))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta {"property" if name.startswith("og:") else "name"}="{name}" '
        f'content="{escape(value, quote=True)}">'
        for name, value in tags
    )


def one_published_address(app, config):
    """The published address is given once (html_baseurl, the Makefile's BASEURL); link
    previews (sphinxext-opengraph's og:url) take it from there."""
    if "ogp_site_url" in config and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl


def setup(app):
    app.connect("config-inited", one_published_address)
    app.add_config_value("book_authors", [], "env", types=[list])
    app.add_config_value("book_citation_key", BIBTEX_KEY, "env", types=[str])
    app.add_directive("how-to-cite", HowToCite)
    app.connect("html-page-context", add_citation_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
