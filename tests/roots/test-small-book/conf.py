extensions = ["myst_parser", "sphinxcontrib.bibtex", "booktools"]
project, author, copyright = "A Small Book", "The Editors", "2026, the editors"
version = release = "1.0"
bibtex_bibfiles, bibtex_default_style, bibtex_reference_style = ["refs.bib"], "book", "book-author-year"
html_theme = "sphinx_book_theme"
book_downloads = {"PDF": "latex/small.pdf", "EPUB": "epub/small.epub"}
latex_engine = "xelatex"
latex_documents = [("index", "small.tex", project, author, "manual", False)]
epub_basename = "small"
