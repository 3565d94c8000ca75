extensions = ["myst_parser", "booktools.extension.downloads"]
html_theme = "sphinx_book_theme"
book_downloads = ["PDF"]
latex_documents = [("index", "book.tex", "A Book", "Its Editors", "manual")]
