extensions = ["myst_parser", "booktools.extension.icons"]
html_theme = "sphinx_book_theme"
