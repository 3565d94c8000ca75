"""The book's own Sphinx extension: one module per concern, each set up from here."""

from pathlib import Path

from . import (
    accessibility,
    audit,
    chronology,
    citations,
    downloads,
    edition,
    freshness,
    icons,
    indexing,
    latex,
    linkcache,
    metadata,
    navigation,
    notes,
    previews,
    searchindex,
    templatecache,
)

MODULES = (
    citations,
    freshness,
    searchindex,
    audit,
    accessibility,
    downloads,
    latex,
    linkcache,
    indexing,
    notes,
    chronology,
    metadata,
    previews,
    icons,
    edition,
    templatecache,
    navigation,
)
HERE = Path(__file__).parent


def add_theme_files(app, config):
    """Templates and CSS that belong to the extension rather than to any one book."""
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def setup(app):
    app.setup_extension("sphinxcontrib.bibtex")  # citations, freshness and audit build on it
    for module in MODULES:
        module.setup(app)
    app.connect("config-inited", add_theme_files)
    app.add_css_file("booktools.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
