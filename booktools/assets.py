"""Only the theme files a page loads are published.

sphinx-book-theme copies its whole static folder into every build: 6.5 MB, of which 3.4 MB are
source maps for its developers and 1.6 MB the Font Awesome script that the book does not load
(templates/static/webpack-macros.html; the icons come from the font). They are removed from
the site once Sphinx has copied them (no Sphinx internals are touched); the EPUB never holds
them. ``book_theme_static_exclude`` in conf.py names what is left out, as glob patterns
relative to the site's _static folder.
"""

from pathlib import Path

from .downloads import SITE_BUILDERS


def remove_unused_theme_files(app, exception):
    if exception or app.builder.name not in SITE_BUILDERS:
        return
    static = Path(app.outdir, "_static")
    for pattern in app.config.book_theme_static_exclude:
        for path in static.glob(pattern):
            if path.is_file():
                path.unlink()


def setup(app):
    app.add_config_value("book_theme_static_exclude", [], "html", types=[list])
    # Before the icon font is cut down to the icons the pages use (it reads the style sheets).
    app.connect("build-finished", remove_unused_theme_files, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
