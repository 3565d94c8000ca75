"""Citing the book: a "How to cite" entry, and Highwire Press tags that reference managers read.

Everything comes from conf.py (which takes title, version and authors from CITATION.cff), so the
book, its meta tags and CITATION.cff cannot disagree. The date is the build's date, which
Sphinx takes from SOURCE_DATE_EPOCH when it is set (the Makefile sets it to the last commit's).

The book's address is its published one (``html_baseurl``) when there is one, else its source
repository's (``book_repository``, from CITATION.cff), else none: an address is never made up.
The BibTeX entry is set in lines short enough for the PDF's text width, broken between words,
so that no line of it wraps in the middle of a word; BibTeX reads it the same.
"""

import re
import textwrap
import unicodedata
from html import escape

from docutils import nodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import format_date

from . import SITE_BUILDERS, edition
from .downloads import offered

BIBTEX_WIDTH = 42  # characters a line: the PDF's box holds 43 at its text width (A5, 11 pt)
GENERATED_TITLES = {"genindex": "Index", "search": "Search"}


def publication_date(config, fmt: str) -> str:
    return format_date(fmt, language=config.language)


def book_address(config) -> str:
    """Where a reader finds the book: its published address, else its repository, else ""."""
    return config.html_baseurl or config.book_repository


def citation_key(config) -> str:
    """The entry's key: book_citation_key, else the editions' file name
    ("mexico-soviet-relations-1924"), a key a reader can keep among others (not "book")."""
    return config.book_citation_key or re.sub(r"[^A-Za-z0-9:_.-]+", "-", config.epub_basename).strip("-")


def draft_note(config) -> str:
    """What a draft says it is ("Draft of 7 December 2026 (commit abc1234)"); "" for a release."""
    if edition.is_release(config.release, config.version):
        return ""
    date = edition.build_date(config.today_fmt or "%b %d, %Y", config.language)
    return edition.label(config.release, config.version, date)


def bibtex_entry(config, width: int = BIBTEX_WIDTH, chapter: str = "", url: str = "") -> str:
    """The book, or with ``chapter`` a page of it (@inbook, as BibTeX's styles name a part of a
    book by its editors). The edition is a version ("0.1"), never a commit: a draft gives no
    edition, and says what it is in a note."""
    note = draft_note(config)
    fields = {
        "title": "{" + config.project + "}",
        "chapter": "{" + chapter + "}" if chapter else "",
        "editor": " and ".join("{" + name + "}" for name in config.book_authors),
        "year": publication_date(config, "%Y"),
        "edition": "" if note else config.version,
        "publisher": config.book_publisher,
        "note": note,
        "url": url or book_address(config),
    }
    lines = []
    for name, value in fields.items():
        if value:
            lines.append(
                textwrap.fill(
                    f"{{{value}}}",
                    width,
                    initial_indent=f"  {name} = ",
                    subsequent_indent="    ",
                    break_long_words=False,
                    break_on_hyphens=False,
                )  # fmt: skip
            )
    kind, key = (
        ("inbook", f"{citation_key(config)}-{make_key(chapter)}")
        if chapter
        else ("book", citation_key(config))
    )
    return f"@{kind}{{{key},\n" + ",\n".join(lines) + "\n}"


def make_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", plain_letters(text).lower()).strip("-")


def plain_letters(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def ris_record(config, chapter: str = "", url: str = "") -> str:
    """The same in RIS, the other format every reference manager imports."""
    note = draft_note(config)
    tags = [("TY", "CHAP" if chapter else "BOOK")]
    tags += [("TI", chapter), ("T2", config.project)] if chapter else [("TI", config.project)]
    # The editors: of the book a chapter is in (A2), or of the book (A3), as Zotero's RIS
    # translator reads and writes a book section's and a book's editors.
    tags += [("A2" if chapter else "A3", name) for name in config.book_authors]
    tags += [("PB", config.book_publisher), ("PY", publication_date(config, "%Y")),
             ("ET", "" if note else config.version), ("N1", note), ("UR", url or book_address(config)),
             ("LA", config.language)]  # fmt: skip
    return "".join(f"{tag}  - {value}\n" for tag, value in tags if value) + "ER  - \n"


def chicago_sentence(config, chapter: str = "", url: str = "") -> str:
    """A page of the book as a reference list in Chicago's author-date style gives a chapter of
    an edited book whose author is not named: its title first."""
    if not chapter:
        return citation_sentence(config)
    note = draft_note(config)
    shown = note or f"Edition {config.version}"
    address = url or book_address(config)
    return (
        f"“{chapter}.” {publication_date(config, '%Y')}. In {config.project}, edited by "
        f"{' and '.join(config.book_authors)}. {shown}. {config.book_publisher}."
        + (f" {address}" if address else "")
    )


def citation_sentence(config) -> str:
    """The book as a reference list gives it: editors, title, edition, year, address."""
    date = edition.build_date(config.today_fmt or "%b %d, %Y", config.language)
    shown = edition.label(config.release, config.version, date)
    if edition.is_release(config.release, config.version):
        shown += f", {publication_date(config, '%Y')}"
    address = book_address(config)
    return f"{', '.join(config.book_authors)}, eds. {config.project}. {shown}." + (
        f" {address}" if address else ""
    )


class HowToCite(SphinxDirective):
    """A sentence a reader can copy, and the same as a BibTeX entry."""

    def run(self):
        sentence = citation_sentence(self.config)
        entry = bibtex_entry(self.config)
        block = nodes.literal_block(entry, entry, language="bibtex", classes=["book-citation"])
        paragraph = nodes.paragraph()
        address = book_address(self.config)
        if address:  # the address as a link
            text = sentence.removesuffix(address)
            paragraph += [nodes.Text(text), nodes.reference(address, address, refuri=address)]
        else:
            paragraph += nodes.Text(sentence)
        return [paragraph, block]


class PlainCitationInPDF(SphinxPostTransform):
    """The PDF prints the BibTeX entry in the text's black: the highlighting's pale blues and
    greys are hard to read in print (the HTML keeps its theme's high-contrast colours)."""

    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs):
        for block in self.document.findall(nodes.literal_block):
            if "book-citation" in block["classes"]:
                block["language"] = "none"


def add_citation_tags(app, pagename, templatename, context, doctree):
    """citation_* tags on every page, as Google Scholar and Zotero expect them."""
    if app.builder.name not in SITE_BUILDERS:
        return
    config = app.config
    pdf = offered(config).get("PDF")
    # A page of the book describes itself as part of the book (Zotero and Google Scholar read
    # citation_inbook_title as the book a chapter is in); the front page is the book. No
    # citation_author: the editors are not named, and "The editors" would be read as a person
    # whose first name is "The".
    titles = app.env.titles
    if pagename != config.root_doc and pagename in titles:
        tags = [("citation_title", titles[pagename].astext()), ("citation_inbook_title", config.project)]
    else:
        tags = [("citation_title", config.project)]
    if config.book_publisher:
        tags.append(("citation_publisher", config.book_publisher))
    tags += [
        ("citation_publication_date", publication_date(config, "%Y/%m/%d")),
        ("citation_language", config.language),
    ]
    if pdf:
        url = (
            config.html_baseurl.rstrip("/") + "/" + pdf if config.html_baseurl else context["pathto"](pdf, 1)
        )
        tags.append(("citation_pdf_url", url))
    context["book_cite_page"] = page_citations(app, pagename, titles) if doctree is not None else None
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


def page_citations(app, pagename: str, titles) -> dict[str, str]:
    """How to cite this page (the front page: the book), in Chicago, BibTeX and RIS, with the
    page's own address where the book has a published one."""
    config = app.config
    chapter = titles[pagename].astext() if pagename != config.root_doc and pagename in titles else ""
    # A chapter at its own published address; the book (the front page) at the book's.
    published = config.html_baseurl.rstrip("/") + "/" + app.builder.get_target_uri(pagename)
    url = published if chapter and config.html_baseurl else ""
    return {
        "Chicago": chicago_sentence(config, chapter, url),
        "BibTeX": bibtex_entry(config, chapter=chapter, url=url),
        "RIS": ris_record(config, chapter, url),
    }


def one_published_address(app, config):
    """The published address is given once (html_baseurl, the Makefile's BASEURL); link
    previews (sphinxext-opengraph's og:url) take it from there."""
    if "ogp_site_url" in config and not config.ogp_site_url:
        config.ogp_site_url = config.html_baseurl


def setup(app):
    app.connect("config-inited", one_published_address)
    app.add_config_value("book_authors", [], "env", types=[list])
    app.add_config_value("book_citation_key", "", "env", types=[str])
    app.add_config_value("book_publisher", "", "env", types=[str])  # who publishes the edition
    app.add_config_value("book_repository", "", "env", types=[str])
    app.add_directive("how-to-cite", HowToCite)
    app.add_post_transform(PlainCitationInPDF)
    app.connect("html-page-context", add_citation_tags)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
