"""Warnings for what Sphinx builds without complaint but a reader would notice.

- An entry of the bibliography files that nothing cites: it is either a forgotten source or a
  forgotten citation. Keys listed in ``book_further_reading`` are kept on purpose.
- MyST syntax printed as text: a ``:::`` fence with colon_fence off, say, becomes a paragraph
  that starts with ":::" and passes ``-W -n`` silently.
- A link that is not to a web address (``javascript:``, ``data:``, ``file:``): in a page it would
  run or open whatever it names when a reader follows it.

All are warnings with a file and line, so ``-W`` fails the build. A BibTeX syntax error, or an
entry whose url is not a web address, stops the build at once, naming the entry's line.
"""

from pathlib import Path
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.errors import SphinxError
from sphinx.util import logging

from ..shared.bibfile import WEB_SCHEMES, parse, unsafe_urls
from .chronology import unread

logger = logging.getLogger(__name__)
FENCES = (":::", "```", "~~~")
LINK_SCHEMES = ("", *WEB_SCHEMES, "mailto")  # "": a link within the book


def warn_uncited_entries(app, env):
    if unread(env):  # a chronology that could not be read cites what it cites: that warning is the one
        return []
    domain = env.get_domain("cite")
    cited = {target.key for ref in domain.citation_refs for target in ref.targets}
    kept = set(app.config.book_further_reading)
    for bibfile in domain.bibdata.bibfiles:
        parsed = parse(Path(bibfile))
        if parsed.fallback:
            logger.warning("%s: %s", bibfile, parsed.fallback, type="booktools", subtype="fallback")
        for key, line in parsed.lines.items():
            if key not in cited and key not in kept:
                logger.warning(
                    "entry %r is cited nowhere: cite it, remove it, or list it in book_further_reading",
                    key,
                    location=f"{bibfile}:{line}" if line else str(bibfile),
                    type="booktools",
                    subtype="uncited",
                )
    return []


class BibliographyError(SphinxError):
    category = "Bibliography error"


def stop_on_bibtex_syntax_errors(app):
    """pybtex's own error for an unclosed brace is a traceback; this one names the line."""
    problems = []
    for bibfile in app.config.bibtex_bibfiles or []:
        path = Path(app.confdir, bibfile)
        if path.is_file():
            parsed = parse(path)
            problems += map(str, parsed.problems)
            for problem in unsafe_urls(path, parsed):  # the file parses: a warning, with its line
                location = f"{problem.path}:{problem.line}" if problem.line else str(problem.path)
                logger.warning(problem.message, location=location, type="booktools", subtype="link")
    if problems:
        raise BibliographyError("\n".join(problems))


def warn_unparsed_syntax(app, doctree):
    for paragraph in doctree.findall(nodes.paragraph):
        for line in paragraph.astext().splitlines():
            if line.lstrip().startswith(FENCES):
                logger.warning(
                    "MyST syntax printed as text: %r (is the extension for it enabled?)",
                    line.strip()[:40],
                    location=paragraph,
                    type="booktools",
                    subtype="unparsed",
                )
                break


def warn_unsafe_links(app, doctree):
    for reference in doctree.findall(nodes.reference):
        uri = reference.get("refuri", "")
        scheme = urlsplit(uri.strip()).scheme.lower()
        if scheme not in LINK_SCHEMES:
            logger.warning(
                "link to %r: not a web address (http, https or mailto); it would run or open "
                "whatever it names",
                uri[:60],
                location=reference,
                type="booktools",
                subtype="link",
            )


def setup(app):
    app.add_config_value("book_further_reading", [], "env", types=[list])
    app.add_config_value("book_http_urls", {}, "env", types=[dict])
    app.connect("builder-inited", stop_on_bibtex_syntax_errors, priority=400)  # before bibtex reads them
    app.connect("env-updated", warn_uncited_entries, priority=700)
    app.connect("doctree-read", warn_unparsed_syntax)
    app.connect("doctree-read", warn_unsafe_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
