"""The book's own Sphinx extension: one module per concern, each set up from here."""

import importlib
import os
from pathlib import Path

# Imported in setup(), not here: `python -m booktools.make` must start without loading Sphinx.
MODULES = (
    "fallbacks",
    "collector",
    "sources",
    "citations",
    "audit",
    "accessibility",
    "downloads",
    "latex",
    "freshlinks",
    "indexing",
    "notes",
    "evidence",
    "chronology",
    "metadata",
    "imprint",
    "previews",
    "icons",
    "edition",
    "templatecache",
    "navigation",
    "search",
    "assets",
    "scripts",
    "styles",
    "epub",
    "expectations",
    "tei",
)
HERE = Path(__file__).parent
# Builders whose output is the published site (the EPUB must not carry the PDF inside it).
SITE_BUILDERS = {"html", "dirhtml"}


def add_theme_files(app, config):
    """Templates and CSS that belong to the extension rather than to any one book. (Named from
    the folder of conf.py, as Sphinx reads them: the settings, and so the pages, do not depend
    on where the checkout is.)"""
    config.templates_path = [*config.templates_path, os.path.relpath(HERE / "templates", app.confdir)]
    config.html_static_path = [*config.html_static_path, os.path.relpath(HERE / "static", app.confdir)]
    config.epub_css_files = [*config.epub_css_files, "booktools-epub.css"]


def add_site_style(app):
    """booktools.css is the site's (the EPUB has booktools-epub.css: no theme variables there,
    and epubcheck reads CSS 2.1 with a few additions, not the selectors the site's layout uses)."""
    if app.builder.name in SITE_BUILDERS:
        app.add_css_file("booktools.css")


def setup(app):
    app.setup_extension("sphinxcontrib.bibtex")  # citations and audit build on it
    for name in MODULES:
        importlib.import_module(f"{__name__}.{name}").setup(app)
    app.connect("config-inited", add_theme_files)
    app.connect("builder-inited", add_site_style)
    # env_version: what booktools keeps in the environment (booktools/extension/sources.py, the glossary's
    # names in booktools/extension/indexing.py, the citations of
    # booktools/extension/evidence.py); a new number makes Sphinx start from a fresh environment.
    return {"version": "1", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
