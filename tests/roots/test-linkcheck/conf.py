extensions, bibtex_bibfiles = ["myst_parser", "booktools.extension"], []
linkcheck_timeout, linkcheck_retries, linkcheck_anchors = 1, 1, True
book_linkcheck_max_age = 7
