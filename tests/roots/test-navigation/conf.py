extensions = ["myst_parser", "booktools.navigation"]
html_theme = "sphinx_book_theme"
