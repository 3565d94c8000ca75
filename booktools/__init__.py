"""The book's own Sphinx extension: one module per concern, each set up from here."""

import importlib
from pathlib import Path

# Imported in setup(), not here: `python -m booktools.build` must start without loading Sphinx.
MODULES = (
    "collector",
    "citations",
    "freshness",
    "searchindex",
    "audit",
    "accessibility",
    "downloads",
    "latex",
    "linkcache",
    "indexing",
    "notes",
    "chronology",
    "metadata",
    "previews",
    "icons",
    "edition",
    "templatecache",
    "navigation",
    "build",
    "builder",
)
HERE = Path(__file__).parent


def add_theme_files(app, config):
    """Templates and CSS that belong to the extension rather than to any one book."""
    config.templates_path = [*config.templates_path, str(HERE / "templates")]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]


def setup(app):
    app.setup_extension("sphinxcontrib.bibtex")  # citations, freshness and audit build on it
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}").setup(app)
    app.connect("config-inited", add_theme_files)
    app.add_css_file("booktools.css")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
