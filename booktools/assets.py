"""Only the theme files a page loads are published.

sphinx-book-theme copies its whole static folder into every build: 6.5 MB, of which 3.4 MB are
source maps for its developers and 1.6 MB the Font Awesome script that turns the icons of the
theme's icon font into SVG (the font alone draws them). ``book_theme_static_exclude`` in conf.py
names what is left out, as glob patterns relative to the site's _static folder. Once Sphinx has
written the site, the ``<script>`` and ``<link>`` elements that load those files are taken out of
every page, and the files are removed; the pages' three viewport declarations (one from Sphinx,
one from each theme) become one on the way. Nothing of the theme is copied or changed
beforehand, so a new release of the theme cannot leave a page pointing at a stale file:
whatever its pages load that is not excluded stays as the theme wrote it.
"""

import re
from fnmatch import fnmatch
from pathlib import Path

from . import SITE_BUILDERS
from .checks.links import pages

# An element that loads a file of the site's _static folder: a script, a style sheet, a preload.
LOADER = re.compile(r'[ \t]*<(?:script|link)\b[^>]*\b(?:src|href)="(?:[^"]*/)?_static/([^"?#]+)[^"]*"[^>]*>'
                    r"(?:</script>)?[ \t]*\n?")  # fmt: skip


VIEWPORT = re.compile(r'[ \t]*<meta name="viewport"[^>]*>[ \t]*\n?')


def excluded(path: str, patterns: list[str]) -> bool:
    return any(fnmatch(path, pattern) or fnmatch(path, pattern.removeprefix("**/")) for pattern in patterns)


def without_loaders(html: str, patterns: list[str]) -> str:
    """The page without the elements that load an excluded file."""
    return LOADER.sub(lambda m: "" if excluded(m.group(1), patterns) else m.group(0), html)


def one_viewport(html: str) -> str:
    """Sphinx, pydata-sphinx-theme and sphinx-book-theme each declare the viewport: the first
    one stays (a page should say it once; validators and Lighthouse object to three)."""
    seen = []
    return VIEWPORT.sub(lambda m: "" if seen.append(m) or len(seen) > 1 else m.group(0), html)


def remove_unused_theme_files(app, exception):
    if exception or app.builder.name not in SITE_BUILDERS:
        return
    patterns = app.config.book_theme_static_exclude
    for page in pages(Path(app.outdir)):
        html = page.read_text(encoding="utf-8")
        lean = one_viewport(without_loaders(html, patterns))
        if lean != html:
            page.write_text(lean, encoding="utf-8")
    static = Path(app.outdir, "_static")
    for path in [p for p in static.rglob("*") if p.is_file()]:
        if excluded(path.relative_to(static).as_posix(), patterns):
            path.unlink()


def setup(app):
    app.add_config_value("book_theme_static_exclude", [], "html", types=[list])
    # Before the icon font is cut down to the icons the pages use (it reads the style sheets).
    app.connect("build-finished", remove_unused_theme_files, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
