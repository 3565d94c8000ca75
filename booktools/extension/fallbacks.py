"""One warning for each internal that is not what booktools expects.

Where booktools leans on behaviour its dependencies do not document (CONTRIBUTING.md lists every
place), a change there makes it fall back to what stock Sphinx does, and say so once per build:
``[booktools.fallback]``, so the book's ``-W`` build fails and names the internal."""

from sphinx.util import logging

logger = logging.getLogger(__name__)
_warned: set[str] = set()


def warn(internal: str, consequence: str) -> None:
    """Say once per build that ``internal`` is not what booktools expects, and what follows."""
    if internal in _warned:
        return
    _warned.add(internal)
    logger.warning("%s is not what booktools expects: %s (CONTRIBUTING.md lists it)", internal, consequence,
                   type="booktools", subtype="fallback")  # fmt: skip


def forget(app) -> None:
    """Each build warns anew (a process may build more than once: tests, make live)."""
    _warned.clear()


def section_numbers(env) -> dict:
    """Sphinx's section numbers by page (``env.toc_secnumbers``: a page's own number is under "")."""
    numbers = getattr(env, "toc_secnumbers", None)
    if not isinstance(numbers, dict):
        warn("Sphinx's env.toc_secnumbers", "chapters are not numbered in the sidebar, the PDF or the EPUB")
        return {}
    return numbers


def bibliography_entries(env) -> dict:
    """sphinxcontrib-bibtex's entries by key (``BibtexDomain.bibdata``)."""
    bibdata = getattr(env.get_domain("cite"), "bibdata", None)
    entries = getattr(getattr(bibdata, "data", None), "entries", None)
    if entries is None:
        warn("sphinxcontrib-bibtex's BibtexDomain.bibdata",
             "evidence marks follow the text's order, reference names may be hyphenated in the PDF, "
             "and titles carry no language")  # fmt: skip
        return {}
    return entries


def setup(app):
    app.connect("builder-inited", forget, priority=0)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
