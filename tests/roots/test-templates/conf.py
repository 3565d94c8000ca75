extensions = ["myst_parser", "booktools.templatecache", "booktools.collector"]
html_theme = "sphinx_book_theme"
