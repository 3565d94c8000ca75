extensions = ["myst_parser", "booktools.extension.indexing"]
latex_engine = "xelatex"
