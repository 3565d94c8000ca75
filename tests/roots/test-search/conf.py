extensions = ["myst_parser", "sphinxcontrib.bibtex", "booktools.extension"]
bibtex_bibfiles = ["refs.bib"]
html_theme = "sphinx_book_theme"
