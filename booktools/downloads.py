"""The other editions, one click from every HTML page, and shipped inside the HTML tree.

``book_downloads`` in conf.py maps a name ("PDF") to the file another builder made, in the build
folder (``book_build_folder``: ``make html BUILD=...`` hands it to Sphinx). Each file is
linked from the sidebar of every page and from the theme's download menu, where it replaces the
theme's ".pdf" entry (that one only prints the current page), and lives at the root of the site.

Who puts it there: a plain ``sphinx-build`` copies each edition at the end of the HTML build,
and a missing one is a warning, so ``-W`` never publishes a dead link. ``make html``
(booktools/build.py) builds the HTML first, while the PDF is still being set, and copies the
editions in itself once they are built; it sets ``book_downloads_copy`` off.
"""

import json
import shutil
from pathlib import Path

from sphinx.util import logging

from . import SITE_BUILDERS
from .build import DOWNLOADS

logger = logging.getLogger(__name__)

THEME_PRINT_BUTTON = "download-pdf-button"
THEME_DOWNLOAD_GROUP = "download-buttons"


def downloads(app) -> dict[str, Path]:
    """The configured editions, as absolute paths (relative ones are in the build folder, itself
    relative to the folder of conf.py)."""
    folder = Path(app.confdir, app.config.book_build_folder)
    return {name: folder / path for name, path in app.config.book_downloads.items()}


def list_downloads(app):
    """What the site links to, for booktools.build to copy in once the editions are built."""
    if app.builder.name in SITE_BUILDERS:
        listed = {name: str(path) for name, path in downloads(app).items()}
        Path(app.doctreedir).mkdir(parents=True, exist_ok=True)
        Path(app.doctreedir, DOWNLOADS).write_text(json.dumps(listed, indent=1), encoding="utf-8")


def check_downloads_exist(app):
    if app.builder.name not in SITE_BUILDERS or not app.config.book_downloads_copy:
        return
    for name, path in downloads(app).items():
        if not path.is_file():
            logger.warning(
                "the %s edition is missing at %s: build it first (make html does)",
                name,
                path,
                type="booktools",
                subtype="download",
            )


def add_download_links(app, pagename, templatename, context, doctree):
    """Give the sidebar template its links (before the theme drops templates that render empty)."""
    if app.builder.name not in SITE_BUILDERS:
        return
    context["book_downloads"] = [
        {"name": name, "url": context["pathto"](path.name, 1), "filename": path.name}
        for name, path in downloads(app).items()
    ]


def download_group(context) -> dict | None:
    """The theme's download menu, as sphinx-book-theme hands it to its templates (an undocumented
    structure: see CONTRIBUTING.md), or None when it is not what this module expects."""
    for group in context.get("header_buttons") or []:
        if isinstance(group, dict) and group.get("label") == THEME_DOWNLOAD_GROUP:
            if isinstance(group.get("buttons"), list):
                return group
    return None


class DownloadMenu:
    """In the theme's download menu, the whole book's editions instead of "print this page".
    If no page's menu was where this looks, the theme's own menus are kept and the build says so
    once, at its end (the sidebar links to the editions either way)."""

    def __init__(self):
        self.pages = self.replaced = 0

    def replace_print_button(self, app, pagename, templatename, context, doctree):
        if app.builder.name not in SITE_BUILDERS or not app.config.html_theme_options.get(
            "use_download_button"
        ):
            return
        self.pages += doctree is not None
        group = download_group(context)
        if group is None:
            return
        self.replaced += 1
        group["tooltip"] = "Download"
        group["buttons"] = [b for b in group["buttons"] if b.get("label") != THEME_PRINT_BUTTON] + [
            {
                "type": "link",
                "url": link["url"],
                "text": f"{link['name']} edition",
                "tooltip": f"Download the whole book as {link['name']}",
                "icon": "fas fa-file-arrow-down",
                "label": f"download-{link['name'].lower()}-edition",
            }
            for link in context.get("book_downloads", [])
        ]

    def report(self, app, exception):
        if not exception and self.pages and not self.replaced:
            logger.warning(
                "the theme's download menu (header_buttons %r) is not where booktools looks: "
                "the theme's own menu is kept; the sidebar still links to the editions",
                THEME_DOWNLOAD_GROUP,
                type="booktools",
                subtype="fallback",
            )


def copy_downloads(app, exception):
    if exception or app.builder.name not in SITE_BUILDERS or not app.config.book_downloads_copy:
        return
    for path in downloads(app).values():
        if path.is_file():
            shutil.copyfile(path, Path(app.outdir, path.name))


def setup(app):
    app.add_config_value("book_downloads", {}, "html", types=[dict])
    app.add_config_value("book_downloads_copy", True, "", types=[bool])
    app.add_config_value("book_build_folder", "_build", "", types=[str])
    app.connect("builder-inited", list_downloads)
    app.connect("builder-inited", check_downloads_exist)
    # Before pydata-sphinx-theme renders the sidebar templates (500), and after
    # sphinx-book-theme has built its header buttons (501).
    app.connect("html-page-context", add_download_links, priority=400)
    menu = DownloadMenu()
    app.connect("html-page-context", menu.replace_print_button, priority=600)
    app.connect("build-finished", menu.report)
    app.connect("build-finished", copy_downloads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
