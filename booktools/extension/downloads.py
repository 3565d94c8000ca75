"""The other editions, one click from every HTML page.

``book_downloads`` lists the editions the site offers ("PDF", "EPUB", "TEI"): ``make html`` sets it
(booktools/make/), which builds them beside the site and copies each into its root once it is
built. Each file's name is the builders' own (the LaTeX document's, ``epub_basename``), so the
site links to what they write. Each is linked from the sidebar of every page and from the
theme's download menu, where it replaces the theme's ".pdf" entry (that one only prints the
current page). A plain ``sphinx-build``, or the live preview, offers none: no link to a file
that is not there.
"""

from pathlib import PurePosixPath

from sphinx.util import logging

from . import SITE_BUILDERS

logger = logging.getLogger(__name__)

THEME_PRINT_BUTTON = "download-pdf-button"
THEME_DOWNLOAD_GROUP = "download-buttons"


def file_names(config) -> dict[str, str]:
    """Each edition's file name, as its builder names it."""
    tex = config.latex_documents[0][1] if config.latex_documents else ""
    tei = getattr(config, "book_tei_basename", "") or config.epub_basename  # booktools/extension/tei.py
    return {"PDF": str(PurePosixPath(tex).with_suffix(".pdf")) if tex else "",
            "EPUB": f"{config.epub_basename}.epub", "TEI": f"{tei}.xml"}  # fmt: skip


def offered(config) -> dict[str, str]:
    """The editions the site offers: name to file name, in book_downloads' order."""
    names = file_names(config)
    return {edition: names[edition] for edition in config.book_downloads if names.get(edition)}


def check_editions(app, config):
    known = file_names(config)
    for edition in config.book_downloads:
        if not known.get(edition):
            logger.warning("book_downloads: no edition %r (the site can offer %s)", edition,
                           " and ".join(known), type="booktools", subtype="download")  # fmt: skip


def add_download_links(app, pagename, templatename, context, doctree):
    """Give the sidebar template its links (before the theme drops templates that render empty)."""
    if app.builder.name not in SITE_BUILDERS:
        return
    context["book_downloads"] = [
        {"name": name, "url": context["pathto"](filename, 1), "filename": filename}
        for name, filename in offered(app.config).items()
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
        # The theme's option as the page's templates read it (theme.conf's default included).
        shown = context.get("theme_use_download_button", False)
        if app.builder.name not in SITE_BUILDERS or str(shown).lower() not in ("true", "1"):
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


def setup(app):
    app.add_config_value("book_downloads", [], "html", types=[list])
    app.connect("config-inited", check_editions)
    # Before pydata-sphinx-theme renders the sidebar templates (500), and after
    # sphinx-book-theme has built its header buttons (501).
    app.connect("html-page-context", add_download_links, priority=400)
    menu = DownloadMenu()
    app.connect("html-page-context", menu.replace_print_button, priority=600)
    app.connect("build-finished", menu.report)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
