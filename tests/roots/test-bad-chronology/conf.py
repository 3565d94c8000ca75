extensions = ["myst_parser", "sphinxcontrib.bibtex", "booktools.extension"]
bibtex_bibfiles, bibtex_default_style, bibtex_reference_style = ["refs.bib"], "book", "book-author-year"
book_chronology, book_evidence, numfig = "_data/chronology.yaml", "evidence.yaml", True
