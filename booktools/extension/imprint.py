"""The PDF's imprint and its document metadata, from the same facts as the rest of the book.

The imprint is the verso of the title page (Sphinx's ``\\sphinxbackoftitlepage``): the edition
and its date, the copyright and the licence, how to cite the book (with its address, when it has
one) and where errors are reported. The same facts go into the PDF's metadata, which
``\\DocumentMetadata`` (the LaTeX kernel's PDF management, booktools/extension/templates/latex.tex.jinja)
writes as XMP as well as in the document information: title, authors, language, subject,
keywords, edition, copyright and licence, address.

Nothing is made up: a licence is printed only when CITATION.cff names one (``book_licence``), an
address only when the book has one (booktools.metadata.book_address), and errors are reported as
the "Reporting an error" section says, at the repository's address when CITATION.cff gives it.

The dates in the metadata are the book's (SOURCE_DATE_EPOCH), as everywhere else: the PDF
management would otherwise take the time the log file was written, and a rebuild of one commit
would no longer give the same file. Its instance identifier is derived from the edition.

The facts are written for each build into ``bookedition.sty`` beside the .tex file, as macros
that booktools.sty sets on the page.
"""

import os
import time
import uuid
from pathlib import Path

from sphinx.util import logging
from sphinx.util.texescape import escape

from . import edition
from .metadata import book_address, citation_sentence

logger = logging.getLogger(__name__)

PACKAGE = "bookedition"


def url(address: str) -> str:
    """An address for \\url: its own characters, those TeX reads specially escaped."""
    return r"\url{" + address.replace("\\", "/").replace("%", r"\%").replace("#", r"\#") + "}"


def text(value: str, engine: str) -> str:
    return escape(value, latex_engine=engine)


def xmp_text(value: str, engine: str) -> str:
    """A metadata value kept whole: pdfmanagement splits hyperref's values at commas."""
    return "{" + text(value, engine) + "}"


NO_LICENCE = "No licence has been granted: all rights reserved."


def rights(config) -> str:
    """The copyright, then the licence, or, while CITATION.cff names none, what that means in law."""
    statement = f"© {config.copyright}."
    return statement + (f" Licence: {config.book_licence}." if config.book_licence else f" {NO_LICENCE}")


def dates(config, epoch: str | None) -> list[str]:
    """The metadata's dates and instance identifier, set as the PDF management's own regression
    mode sets them (it reads these document properties, not hyperref's date keys)."""
    if not epoch:
        return []
    stamp = time.strftime("D:%Y%m%d%H%M%S+00'00'", time.gmtime(int(epoch)))
    instance = uuid.uuid5(uuid.NAMESPACE_URL, f"{config.project} {config.release} {epoch}")
    return [
        rf"\AddToDocumentProperties[document]{{pdfcreationdate}}{{{stamp}}}",
        rf"\AddToDocumentProperties[document]{{pdfmoddate}}{{{stamp}}}",
        rf"\AddToDocumentProperties[hyperref]{{pdfmetadate}}{{{stamp}}}",
        rf"\AddToDocumentProperties[hyperref]{{pdfdate}}{{{stamp}}}",
        rf"\AddToDocumentProperties[hyperref]{{pdfinstanceid}}{{uuid:{instance}}}",
    ]


def package(config, report_target: str | None) -> str:
    engine = config.latex_engine
    date = edition.build_date(config.today_fmt or "%b %d, %Y", config.language)
    address = book_address(config)
    sentence = citation_sentence(config)
    cite = text(sentence.removesuffix(address), engine) + (url(address) if address else "")
    report = "To report an error, see “Reporting an error”"
    if report_target:
        report = (
            r"To report an error, see \hyperref[" + report_target + r"]{“Reporting an error”} "
            r"(page~\pageref*{" + report_target + "})"
        )
    if config.book_repository:
        report += r", or open an issue at " + url(config.book_repository)
    metadata = {
        "pdfsubject": xmp_text(config.book_subject, engine) if config.book_subject else "",
        "pdfkeywords": ", ".join(xmp_text(word, engine) for word in config.book_keywords),
        "pdfcopyright": xmp_text(rights(config), engine),
        "pdflicenseurl": config.book_licence_url,
        "pdfbookedition": xmp_text(edition.label(config.release, config.version, date), engine),
        "pdfurl": address,
        "pdflang": config.language,
    }
    keys = ",\n  ".join(f"{key}={{{value}}}" for key, value in metadata.items() if value)
    macros = {
        "bookeditionlabel": text(edition.label(config.release, config.version, date), engine),
        "bookeditionstatement": text(edition.statement(config.release, config.version, date), engine),
        "bookrights": text(rights(config), engine),
        "bookcitation": cite,
        "bookreport": report + ".",
    }
    lines = [
        f"%% {PACKAGE}.sty -- this build's edition, written by booktools/extension/imprint.py.",
        r"\NeedsTeXFormat{LaTeX2e}",
        rf"\ProvidesPackage{{{PACKAGE}}}",
        *(rf"\newcommand{{\{name}}}{{{value}}}" for name, value in macros.items()),
        r"\hypersetup{" + keys + "}",
        *dates(config, os.environ.get("SOURCE_DATE_EPOCH")),
        r"\endinput",
    ]
    return "\n".join(lines) + "\n"


def write_package(app, builder):
    if builder.name != "latex":
        return
    labels = app.env.domains.standard_domain.labels
    label = app.config.book_report_label  # the section that says how to report an error
    target = None
    if label in labels:
        docname, labelid, _ = labels[label]
        target = rf"\detokenize{{{docname}:{labelid}}}"
    elif label:
        logger.warning("the imprint refers to the section labelled %r, which is missing", label,
                       type="booktools", subtype="imprint")  # fmt: skip
    Path(app.outdir, f"{PACKAGE}.sty").write_text(package(app.config, target), encoding="utf-8")


def setup(app):
    app.add_config_value("book_subject", "", "env", types=[str])
    app.add_config_value("book_keywords", [], "env", types=[list])
    app.add_config_value("book_licence", "", "env", types=[str])
    app.add_config_value("book_licence_url", "", "env", types=[str])
    app.add_config_value("book_report_label", "", "env", types=[str])
    app.add_latex_package(PACKAGE, after_hyperref=True)
    app.connect("write-started", write_package)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
