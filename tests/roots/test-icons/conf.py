extensions = ["myst_parser", "booktools.icons"]
html_theme = "sphinx_book_theme"
