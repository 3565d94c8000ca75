"""The pages' scripts: none holds up the first drawing of a page.

Sphinx writes its scripts (documentation_options.js, doctools.js, sphinx_highlight.js) and the
theme's sphinx-book-theme.js into the head without ``defer``: a phone fetches and runs each
before it draws a word. Each is given ``defer`` (they wait for the page anyway), and the inline
scripts that set DOCUMENTATION_OPTIONS become module scripts, which run in the same order as the
deferred ones, so the order Sphinx chose holds. Where conf.py leaves Bootstrap's script
unpublished, the menus get a small script of their own (booktools-menus.js); where it is
published, Bootstrap opens them (two scripts toggling one menu would open and shut it in one
click). The links' previews open on keyboard and touch too (booktools-previews.js). The search
page's own scripts, which its template writes, are deferred there (templates/search.html).

Sphinx hands the scripts to the page template as ``script_files``: objects with ``filename``,
``priority`` and ``attributes`` (sphinx.builders.html._assets._JavaScript, not public API). If
they are not that, the scripts are left as Sphinx wrote them, and the build warns once
(``booktools.fallback``).
"""

from sphinx.util import logging

from . import SITE_BUILDERS
from .assets import excluded
from .fallbacks import warn

BOOTSTRAP = "scripts/bootstrap.js"  # the theme's copy of Bootstrap's script, in _static

logger = logging.getLogger(__name__)


def deferred(script):
    """A copy of the script that waits for the page: ``defer`` for a file, ``type="module"``
    for inline code. A script that already says how it loads is left alone."""
    attributes = dict(script.attributes)
    if {"defer", "async"} & attributes.keys() or attributes.get("type") == "module":
        return script
    if script.filename:
        attributes["defer"] = "defer"
    elif attributes.get("type", "text/javascript") == "text/javascript":
        attributes["type"] = "module"
    else:
        return script  # data, not code (JSON, a template)
    return type(script)(script.filename, priority=script.priority, **attributes)


class Deferral:
    """Defers each page's scripts; warns once if Sphinx's script objects are not what it knows."""

    def __init__(self):
        self.failure = None

    def __call__(self, app, pagename, templatename, context, doctree):
        if app.builder.name not in SITE_BUILDERS or self.failure:
            return
        if "script_files" not in context:
            warn("the script_files of Sphinx's page context", "scripts load as Sphinx writes them")
            return
        try:
            context["script_files"] = [deferred(script) for script in context["script_files"]]
        except (AttributeError, TypeError) as error:
            self.failure = error
            logger.warning(
                "Sphinx's scripts are not the objects booktools knows (%r): they load as Sphinx "
                "writes them, holding up the first drawing of each page",
                error,
                type="booktools",
                subtype="fallback",
            )


def add_site_scripts(app):
    if app.builder.name in SITE_BUILDERS:
        if excluded(BOOTSTRAP, app.config.book_theme_static_exclude):
            app.add_js_file("booktools-menus.js", loading_method="defer")
        app.add_js_file("booktools-previews.js", loading_method="defer")
        app.add_js_file("booktools-cite.js", loading_method="defer")


def setup(app):
    app.connect("builder-inited", add_site_scripts)
    app.connect("html-page-context", Deferral(), priority=900)  # after the themes add theirs
    return {"parallel_read_safe": True, "parallel_write_safe": True}
