extensions = ["myst_parser", "sphinxcontrib.bibtex", "booktools.extension"]
bibtex_bibfiles, bibtex_default_style, bibtex_reference_style = [], "book", "book-author-year"
book_chronology = "_data/chronology.yaml"
