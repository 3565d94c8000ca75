extensions = ["myst_parser", "sphinxcontrib.bibtex", "booktools.extension"]
bibtex_bibfiles = ["refs.bib"]
bibtex_default_style, bibtex_reference_style = "book", "book-author-year"
