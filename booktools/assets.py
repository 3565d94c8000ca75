"""Only the theme files a page loads are published.

sphinx-book-theme copies its whole static folder into every build: 6.5 MB, of which 3.4 MB are
source maps for its developers and 1.6 MB the Font Awesome script that the book does not load
(templates/static/webpack-macros.html; the icons come from the font). Copying them is work on
every clean build, and uploading them on every deployment. ``book_theme_static_exclude`` in
conf.py names what is left out, as glob patterns relative to the theme's static folder.
"""

from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import Matcher


class LeanThemeAssets:
    """For sphinx.builders.html.StandaloneHTMLBuilder (booktools/builder.py puts them together)."""

    def copy_theme_static_files(self, context) -> None:
        excluded = Matcher(["**/.*", *self.config.book_theme_static_exclude])  # Sphinx leaves out dot files
        for entry in reversed(self.theme.get_theme_dirs()) if self.theme else ():
            copy_asset(f"{entry}/static", self._static_dir, excluded=excluded, context=context,
                       renderer=self.templates, force=True)  # fmt: skip
