r"""The PDF edition: the book's LaTeX style, and a bibliography that is one chapter, not two.

Sphinx's LaTeX writer moves every citation to the very end of the document and wraps them in a
list that opens a chapter of its own. Our bibliography page is the last document, so that list
already sits inside the "Bibliography" chapter it comes from: ``booktools.sty`` makes the list
open no chapter, and the book gets one Bibliography, in the contents and the PDF outline.

The HTML numbers only the chapters of the numbered toctree; the PDF follows the same rule,
so front and back matter (the bibliography among them) are unnumbered in both editions.

The front page's text, which in the PDF follows the contents, is the book's abstract: it gets
the heading "Abstract" (LaTeX's \abstractname, in the book's language), in the contents and
the outline like any unnumbered chapter, instead of an untitled page.

Sphinx's xindy style (sphinx.xdy) says how to print a page and a list of pages, not a range:
xindy then prints three pages in a row, 10, 11 and 12, as "1012". The style Sphinx copies into
the build gets the range's dash.

Names are never hyphenated ("Sizo-nenko", "Kollon-tai"): every word of the glossary's terms and
of the bibliography's names is written, without a break point, into ``booknames.sty``
(``\hyphenation``), beside the .tex file, for each build.
"""

import re
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

from .citations import plain
from .fallbacks import bibliography_entries, section_numbers, warn
from .indexing import ENV_KEY as GLOSSARY_NAMES

STYLE = Path(__file__).parent / "texinputs" / "booktools.sty"
NAMES_PACKAGE = "booknames"


class NumberChaptersLikeHTML(SphinxPostTransform):
    """Switch LaTeX chapter numbering on or off at the start of every document."""

    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs):
        numbered = section_numbers(self.env)
        for start in self.document.findall(addnodes.start_of_file):
            command = r"\booknumbered" if numbered.get(start["docname"]) else r"\bookunnumbered"
            start.insert(0, nodes.raw("", command + "\n", format="latex"))


class AbstractUnderItsHeading(SphinxPostTransform):
    """Open the front page's text with an unnumbered chapter, "Abstract"."""

    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs):
        front = next(iter(self.document.findall(nodes.section)), None)
        if front is None:
            return
        for child in front.children:
            if isinstance(child, nodes.title):
                continue
            if isinstance(child, nodes.paragraph):  # text before the first chapter
                heading = r"\bookunnumbered\chapter{\abstractname}" + "\n"
                child.parent.insert(child.parent.index(child), nodes.raw("", heading, format="latex"))
            return


XINDY_RANGE = '\n;; booktools: a range of pages, "10–12"\n(markup-range :sep "\\textendash{}")\n'


def add_index_range_dash(app, exception):
    style = Path(app.outdir, "sphinx.xdy")
    if exception or app.builder.name != "latex" or not app.config.latex_use_xindy:
        return
    if not style.is_file():
        warn("the xindy style Sphinx writes (sphinx.xdy)", "a range of pages in the index has no dash")
        return
    text = style.read_text(encoding="utf-8")
    if "markup-range" not in text:
        style.write_text(text + XINDY_RANGE, encoding="utf-8")


def name_words(env) -> list[str]:
    """Every word of the names the book prints: the glossary's terms (persons, organisations)
    and the authors, editors and translators of its references; lower case, letters only."""
    names = list(getattr(env, GLOSSARY_NAMES, ((), {}))[1])
    for entry in bibliography_entries(env).values():
        names += [plain(str(person)) for persons in entry.persons.values() for person in persons]
    return sorted({word.lower() for name in names for word in re.findall(r"[^\W\d_]{4,}", name)})


def write_names(app, builder):
    if builder.name != "latex":
        return
    words = " ".join(name_words(app.env))
    lines = [r"\NeedsTeXFormat{LaTeX2e}", rf"\ProvidesPackage{{{NAMES_PACKAGE}}}",
             rf"\hyphenation{{{words}}}", r"\endinput"]  # fmt: skip
    Path(app.outdir, f"{NAMES_PACKAGE}.sty").write_text("\n".join(lines) + "\n", encoding="utf-8")


def add_style(app, config):
    config.latex_additional_files = [*config.latex_additional_files, str(STYLE)]


def setup(app):
    app.connect("config-inited", add_style)
    app.connect("build-finished", add_index_range_dash)
    app.add_latex_package(STYLE.stem)
    app.add_latex_package(NAMES_PACKAGE)
    app.connect("write-started", write_names)
    app.add_post_transform(NumberChaptersLikeHTML)
    app.add_post_transform(AbstractUnderItsHeading)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
