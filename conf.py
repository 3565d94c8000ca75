"""Sphinx settings for the book, grouped by edition. Behaviour lives in booktools/, not here.

Build with ``make html`` (or ``sphinx-build -c . docs _build/html``): this file sits at the
repository root, the sources in docs/.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).parent
sys.path.insert(0, str(ROOT))  # the local extension, booktools/

# -- The book ------------------------------------------------------------------------------------
project = "Establishment of Diplomatic Relations Between Mexico and the Soviet Union (1924)"
short_title = "Mexico and the Soviet Union, 1924"
author = "The editors"
copyright = "2024, the author of the essay; 2026, the editors (notes and apparatus)"
language = "en"
version = release = "0.1"  # the edition; EPUB 3 requires one
basename = "mexico-soviet-relations-1924"  # every edition's file name: .pdf, .epub

root_doc = "index"
exclude_patterns = ["_build", ".DS_Store"]

extensions = [
    "myst_parser",
    "sphinxcontrib.bibtex",
    "booktools",
]

# -- MyST ----------------------------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 0  # targets are explicit labels, e.g. (historical-context)=

# -- Citations -----------------------------------------------------------------------------------
# Author-year, "(Spenser 1999)"; both styles are defined in booktools/citations.py.
bibtex_bibfiles = ["references.bib"]
bibtex_default_style = "book"
bibtex_reference_style = "book-author-year"
bibtex_cite_id = "{key}"  # readable, stable anchors: bibliography.html#spenser1999triangle

# -- Cross-references ----------------------------------------------------------------------------
numfig = True
numfig_secnum_depth = 1

# -- HTML edition --------------------------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_title = short_title
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,  # its ".pdf" entry is replaced by the real PDF (booktools)
    "home_page_in_toc": True,
}
html_sidebars = {
    "**": [
        "navbar-logo.html",
        "search-button-field.html",
        "book-downloads.html",
        "sbt-sidebar-nav.html",
    ]
}
html_last_updated_fmt = None
book_downloads = {"PDF": f"_build/latex/{basename}.pdf"}

# -- PDF edition (LaTeX, XeLaTeX via latexmk) ----------------------------------------------------
latex_engine = "xelatex"
latex_documents = [(root_doc, f"{basename}.tex", project, author, "manual", False)]
latex_show_urls = "no"
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "11pt",
    "extraclassoptions": "openany,oneside",
    "fncychap": "",  # chapter headings come from booktools.sty
    # FreeSerif covers Latin with accents and Cyrillic, so Obregón and Пестковский both render.
    "fontpkg": r"""
\setmainfont{FreeSerif}
\setsansfont{FreeSans}
\setmonofont{FreeMono}[Scale=MatchLowercase]
""",
    "preamble": r"\hypersetup{pdflang={en}, pdfsubject={Mexico and the Soviet Union, 1924}}",
    "printindex": "",
}
