extensions = ["myst_parser", "booktools.extension.templatecache", "booktools.extension.collector"]
html_theme = "sphinx_book_theme"
