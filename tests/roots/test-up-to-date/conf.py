extensions = ["myst_parser", "sphinxcontrib.bibtex", "booktools"]
bibtex_bibfiles = ["refs.bib"]
book_downloads = {"PDF": "../book.pdf"}  # another edition, outside the sources
