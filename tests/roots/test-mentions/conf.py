extensions = ["myst_parser", "booktools.indexing"]
latex_engine = "xelatex"
book_glossary = "glossary"
