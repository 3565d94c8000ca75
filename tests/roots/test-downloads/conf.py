extensions = ["myst_parser", "booktools.extension.downloads"]
html_theme = "sphinx_book_theme"
html_theme_options = {"use_download_button": True}
book_downloads = {"PDF": "book.pdf"}
book_downloads_copy = False
