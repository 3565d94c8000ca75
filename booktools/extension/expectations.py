"""What the book's TeX, style sheets and scripts expect of the files Sphinx and the theme write.

booktools.sty redefines and hooks macros of Sphinx's LaTeX packages, some of them private
(``\\py@...``); booktools.css and the book's scripts style and find classes that the theme's
templates write. None of this fails when it changes: a macro Sphinx renamed is simply never
called, a class the theme dropped is simply never matched, and the PDF or the page quietly
loses what the book added. So after each build every such name is looked for where it comes
from (the packages Sphinx wrote beside the .tex; the theme's own files), and each one that is
gone is named once, as every fallback is ([booktools.fallback]). CONTRIBUTING.md lists them with
the places that lean on them.
"""

import functools
import importlib.util
from pathlib import Path

from . import SITE_BUILDERS
from .fallbacks import warn

# In the LaTeX packages and classes Sphinx writes into the LaTeX folder (booktools.sty's uses).
TEX = {
    r"\py@HeaderFamily": "headings and the title page keep Sphinx's sans serif",
    r"\py@release": "the title page prints Sphinx's release, not the edition",
    r"\sphinxatlongtablestart": "table cells are justified, not ragged right",
    r"\sphinxattablestart": "table cells are justified, not ragged right",
    r"\sphinxAtStartPar": "table cells are justified, not ragged right",
    r"\sphinxtablecontinued": "a long table's continuation line keeps Sphinx's words",
    "continues on next page": "a long table's continuation line keeps Sphinx's words",
    "{sphinxadmonition}": "an editor's note may be broken badly across pages",
    "{sphinxthebibliography}": "the reference list keeps Sphinx's layout",
    r"\fancypagestyle{normal}": "the running heads are Sphinx's",
    r"\fancypagestyle{plain}": "chapter openings carry Sphinx's head and foot",
    r"\sphinxbackoftitlepage": "the imprint is not printed behind the title page",
}
# In sphinx-book-theme's and pydata-sphinx-theme's files: the classes booktools.css and the
# book's scripts style or look for. (The download menu's class is made from the group's name,
# which booktools/extension/downloads.py checks itself.)
THEME_PACKAGES = ("sphinx_book_theme", "pydata_sphinx_theme")
THEME_CLASSES = {
    "prev-next-area": "the page-turn links lose their layout",
    "search-button-field": "the search field loses its focus ring",
    "sidebar-toggle": "the sidebar buttons lose their focus ring",
    "primary-toggle": "the phone's sidebar button loses its focus ring",
    "sidebar-primary-item": "the sidebar's items lose their spacing",
    "bd-header": "the header loses its layout",
    "theme-switch-button": "the colour menu loses its focus ring",
    "bd-search": "the search field loses its layout",
    "bd-sidenav": "the sidebar's contents lose their layout",
    "bd-article": "hover previews find no article to open in",
}


def missing_in(texts: list[str], names: dict[str, str]) -> dict[str, str]:
    return {name: why for name, why in names.items() if not any(name in text for text in texts)}


@functools.cache
def theme_texts() -> tuple[str, ...]:
    """The theme's templates, scripts and Python (where its markup is written), read once."""
    texts = []
    for package in THEME_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or spec.origin is None:
            continue
        for path in sorted(Path(spec.origin).parent.rglob("*")):
            if path.suffix in (".html", ".py") and path.is_file():
                texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return tuple(texts)


def check_latex_packages(outdir: Path) -> None:
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(outdir.glob("sphinx*.*"))
             if p.suffix in (".sty", ".cls")]  # fmt: skip
    for name, consequence in missing_in(texts, TEX).items():
        warn(f"{name} in Sphinx's LaTeX packages", consequence)


def check_theme(texts: tuple[str, ...]) -> None:
    for name, consequence in missing_in(list(texts), THEME_CLASSES).items():
        warn(f"the class {name} in the theme's markup", consequence)


def check(app, exception):
    if exception:
        return
    if app.builder.name == "latex":
        check_latex_packages(Path(app.outdir))
    elif app.builder.name in SITE_BUILDERS and app.config.html_theme == "sphinx_book_theme":
        check_theme(theme_texts())


def setup(app):
    app.connect("build-finished", check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
