"""The site's search: Pagefind's index of the built pages, and a search page that knows the names.

Pagefind (a static search library, its program on PyPI) reads the finished HTML site and writes
its index beside it, in ``pagefind/``; the search page loads its code only once a reader asks.
It finds what Sphinx's own search did not (CONTRIBUTING, "The search", has the measurements):
years and other numbers; one result a page, with a snippet of the words found; accents and case
folded; Cyrillic as written.

What Pagefind reads is the pages' own text: the article of each page of the book (not the index,
not the search page), less what is not the book's words (the pilcrows of headings, the evidence
lists and the timeline's drawn labels, which the chronology's table gives as text).

What it cannot know is the glossary. Its English stemmer would take "Calles" for a form of
"call", and it cannot know that Kollontay, Kollontai and Коллонтай are one woman. So the search
page is given the glossary's names (each entry's forms: its surname and its {spelling}s, as the
index finds them, booktools/extension/indexing.py), and its script (booktools-search.js) searches for every
spelling of a name the reader typed and keeps only the pages that have one of them as a word.
"""

import json
import subprocess
import sys

from sphinx.errors import ExtensionError

from . import SITE_BUILDERS, indexing

# Pagefind's arguments: the pages it reads (none of _static's) and what in them it leaves out.
GLOB = "{*.html,[!_]*/**/*.html}"
EXCLUDED = [
    ".headerlink",  # the pilcrow after each heading
    ".no-search",  # the evidence lists: the sources' words, not the book's
    ".evidence-mark",  # the numbers after citations
    ".timeline-figure",  # the chronology's drawing: its labels are the table's rows, shortened
]
BUNDLE = "pagefind"  # its folder in the site
# Pagefind also writes its own search interfaces, which the search page does not use (it has the
# book's): they are not published.
UNUSED = ("pagefind-ui.*", "pagefind-modular-ui.*", "pagefind-component-ui.*", "pagefind-highlight.js")


def names_by_person(env) -> list[list[str]]:
    """For each glossary entry, its one-word forms, folded and in lower case, as the search page
    compares words: [["kollontai", "kollontay", "коллонтай"], ["calles"], ...]."""
    names = indexing.glossary_names(env)
    if names is None:
        return []
    groups: dict[str, set[str]] = {}
    for form, heading in names.forms.items():
        if " " not in form and "," not in form:
            groups.setdefault(heading, set()).add(form.lower())
    return [sorted(forms) for _, forms in sorted(groups.items())]


def page_context(app, pagename, templatename, context, doctree):
    if app.builder.name not in SITE_BUILDERS:
        return
    if doctree is not None:
        # A page of the book: its article is what Pagefind reads (pages without it, it skips).
        context["body"] = f'<div data-pagefind-body="">{context.get("body", "")}</div>'
    if pagename == "search":
        names = json.dumps(names_by_person(app.env), ensure_ascii=False)
        context["book_search_names"] = names.replace("<", "\\u003c")  # it stands in a <script>
        context["book_search_bundle"] = BUNDLE


def index_site(app, exception):
    if exception is not None or app.builder.name not in SITE_BUILDERS:
        return
    command = [sys.executable, "-m", "pagefind", "--site", str(app.outdir), "--output-subdir", BUNDLE,
               "--glob", GLOB, "--exclude-selectors", ", ".join(EXCLUDED), "--quiet"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    said = (result.stdout + result.stderr).strip()
    if result.returncode != 0 or said:  # --quiet: only warnings and errors are printed
        raise ExtensionError(f"the search index (Pagefind) was not written cleanly:\n{said}")
    for pattern in UNUSED:
        for path in (app.outdir / BUNDLE).glob(pattern):
            path.unlink()


def setup(app):
    app.connect("html-page-context", page_context)
    app.connect("build-finished", index_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
