extensions = ["myst_parser", "booktools.extension.navigation"]
html_theme = "sphinx_book_theme"
