"""The book's HTML builder: Sphinx's own, writing in parallel in earnest (booktools/parallel.py)
and publishing only the theme files a page loads (booktools/assets.py)."""

from sphinx.builders.html import StandaloneHTMLBuilder

from .assets import LeanThemeAssets
from .parallel import ParallelWriting


class HTMLBuilder(ParallelWriting, LeanThemeAssets, StandaloneHTMLBuilder):
    pass


def setup(app):
    app.add_builder(HTMLBuilder, override=True)
    app.add_config_value("book_theme_static_exclude", [], "html", types=[list])
    return {"parallel_read_safe": True, "parallel_write_safe": True}
