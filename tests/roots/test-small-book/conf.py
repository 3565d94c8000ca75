# A second book, set up unlike the first in everything a book chooses: title, folder, file
# names, glossary page, chronology file. booktools builds it with no code of its own.
from pathlib import Path

from booktools.extension import edition

extensions = ["myst_parser", "sphinxcontrib.bibtex", "booktools.extension"]
myst_enable_extensions = ["attrs_block"]  # the glossary's {.persons}
project, author, copyright = "Talks in Berlin, 1923", "The Test Editors", "2026, the test editors"
version = "2.3"
today_fmt = "%B %-d, %Y"  # "November 14, 2023"
release = edition.release(version, Path(__file__).parent)  # "2.3" on the commit tagged v2.3
bibtex_bibfiles, bibtex_default_style, bibtex_reference_style = ["sources.bib"], "book", "book-author-year"
book_glossary, book_chronology = "people", "tables/events.yaml"
numfig = True
html_theme = "sphinx_book_theme"
html_theme_options = {"footer_content_items": ["book-edition.html"]}  # the edition on every page
latex_engine = "xelatex"
latex_elements = {"extraclassoptions": "openany"}  # a chapter on the next page, odd or even
latex_documents = [("index", "berlin-1923.tex", project, author, "manual", False)]
epub_basename = "berlin-1923"
