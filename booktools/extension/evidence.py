"""The evidence at each citation: the source's own words, beside the claim that cites them.

Every citation on a page (an editor's note, a glossary entry, a chronology event) carries the
words of the source that bear its statement out, kept as data in one YAML file an editor writes
(``book_evidence`` in conf.py; off when empty). An entry names the citation as the text writes
it and the pages that cite it so::

    - cite: sizonenko1981otnosheniya{p. 16}     # key{locator}, exactly as in the text
      pages: [chapters/05-negotiations, glossary]  # the pages whose citations it bears out
      quote: "…"                                # the source's words, at most about 50
      lang: ru                                  # the quote's language (default en)
      translation: "…"                          # the editors' English, for any other language
      copy: https://…                           # the reproduction it was read in, if a copy
      locator: para. 2                          # where, if the citation gives no locator
      no-locator: publisher's description       # or why there is none

Each page lists its evidence at its end, numbered in the order of the citations; each citation
carries the number of its evidence as a link to it, and each piece links back to every citation
it serves, in the HTML, the EPUB and the PDF alike. (Where a page cites the same work at the same
place for different statements, it has one piece for each, in the page's order.) In the HTML
each piece is an element of class ``evidence`` whose ``data-cite`` names its key.

The build stops (a warning under ``-W``), naming the file and line, when a citation has no
evidence, when evidence names a citation its page does not make, when neither a locator nor a
reason for its absence is given, and when a field is missing or unknown.
"""

import dataclasses
import functools
from collections import Counter
from pathlib import Path

import yaml
from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from .chronology import DataLoader, unread
from .citations import AuthorYearSortingStyle
from .fallbacks import bibliography_entries

logger = logging.getLogger(__name__)

FIELDS = {"cite", "pages", "quote", "lang", "translation", "copy", "locator", "no-locator"}
MAX_WORDS = 60  # "at most about 50": a quote longer than this is cut with " … "
HEADING = "Evidence"
BACK = "\u21a9\ufe0e"  # ↩, as text (not an emoji)
INTRO = (
    "The words of the sources that bear out the statements cited on this page, numbered as "
    "the marks after the citations; the translations are the editors'."
)


class EvidenceError(Exception):
    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


@dataclasses.dataclass(frozen=True)
class Evidence:
    key: str
    post: str  # the citation's own locator, as the text writes it ("p. 16"), or ""
    pages: tuple[str, ...]
    quote: str
    lang: str
    translation: str
    copy: str
    locator: str  # where the words are, when the citation gives no locator
    reason: str  # why no locator can be given
    where: str  # "path:line" of the entry

    @property
    def cite(self) -> str:
        return f"{self.key}{{{self.post}}}" if self.post else self.key


def text(item: dict, name: str, where: str, required: bool = False) -> str:
    value = item.get(name, "")
    if value is None or isinstance(value, (list, dict)):
        raise EvidenceError(where, f"{name} must be text")
    value = " ".join(str(value).split())
    if required and not value:
        raise EvidenceError(where, f"evidence lacks {name}")
    return value


def parse_entry(item, where: str) -> Evidence:
    if not isinstance(item, dict):
        raise EvidenceError(where, "a piece of evidence is a set of fields (cite, pages, quote ...)")
    unknown = sorted(set(item) - FIELDS)
    if unknown:
        raise EvidenceError(where, f"unknown field {unknown[0]!r} (the fields: {', '.join(sorted(FIELDS))})")
    cite = text(item, "cite", where, required=True)
    try:
        (target,) = parse_citation_targets(cite)
    except ValueError:
        raise EvidenceError(where, f"cite {cite!r} is not one key with its locator, key{{p. 16}}") from None
    pages = item.get("pages")
    if isinstance(pages, str):
        pages = [pages]
    if not pages or not all(isinstance(p, str) and p for p in pages):
        raise EvidenceError(where, "evidence lacks pages: the pages whose citations it bears out")
    quote = text(item, "quote", where, required=True)
    if len(quote.split()) > MAX_WORDS:
        raise EvidenceError(where, f"the quote has {len(quote.split())} words: cut it to about 50 with ' … '")
    lang = text(item, "lang", where) or "en"
    translation = text(item, "translation", where)
    if lang != "en" and not translation:
        raise EvidenceError(where, f"a quote in {lang!r} needs the editors' translation")
    locator, reason = text(item, "locator", where), text(item, "no-locator", where)
    if target.post and (locator or reason):
        raise EvidenceError(
            where, f"the citation gives its locator ({target.post}): no locator or no-locator here"
        )
    if not target.post and not (locator or reason):
        raise EvidenceError(
            where,
            f"no locator for {target.key}: give the citation one ({target.key}{{p. 16}}), or here "
            "locator (a section, a paragraph) or no-locator (why there is none)",
        )
    if locator and reason:
        raise EvidenceError(where, "give locator or no-locator, not both")
    return Evidence(target.key, target.post, tuple(pages), quote, lang, translation,
                    text(item, "copy", where), locator, reason, where)  # fmt: skip


@functools.lru_cache(maxsize=8)
def parse_file(path: Path, text: str) -> tuple[Evidence, ...]:
    """Every piece of evidence of the data file, checked; any fault names its file and line.
    (Kept by the file's text: read on every page that cites, parsed once while it is the same.)"""
    try:
        loader = DataLoader(text)  # the chronology's: dates stay text, lines are kept
        root = loader.get_single_node()
        data = loader.construct_document(root) if root else []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise EvidenceError(
            f"{path}:{mark.line + 1}" if mark else str(path), f"not valid YAML: {error}"
        ) from error
    if not isinstance(data, list):
        raise EvidenceError(f"{path}:1", "expected a list of evidence")
    return tuple(
        parse_entry(item, f"{path}:{node.start_mark.line + 1}")
        for item, node in zip(data, root.value, strict=True)
    )


def evidence_path(env) -> Path | None:
    name = env.config.book_evidence
    return Path(env.srcdir, name) if name else None


# The faults already reported, each once a build (every citing page reads the file, and so does
# the check for evidence that nothing cites).
REPORTED: set = set()


def load(env) -> tuple[Evidence, ...] | None:
    """The evidence, or None when the file is wrong (then a warning names its file and line)."""
    path = evidence_path(env)
    try:
        return parse_file(path, path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        fault = (f"no evidence file: book_evidence names {path}", None)
    except (OSError, UnicodeDecodeError) as error:
        fault = (f"cannot read the evidence: {error}", str(path))
    except EvidenceError as error:
        fault = (error.message, error.where)
    if fault not in REPORTED:
        REPORTED.add(fault)
        logger.warning(fault[0], location=fault[1], type="booktools", subtype="evidence")
    return None


# -- The nodes ----------------------------------------------------------------------------------


class evidence_list(nodes.General, nodes.Element):
    """The page's evidence, numbered."""


class evidence(nodes.General, nodes.TextElement):
    """One piece: ``key``, ``ids``, ``backrefs`` (the ids of the marks that link to it)."""


class evidence_copy(nodes.Inline, nodes.TextElement):
    """The address of the copy the words were read in: shown, never linked. Copies are often
    unofficial mirrors, which the book names but does not send readers to (nor its link check)."""


class evidence_mark(nodes.Inline, nodes.Element):
    """The number after a citation: ``refid`` (its evidence), ``ids`` (for the link back)."""


def visit_list_html(self, node):
    self.body.append(self.starttag(node, "ol", CLASS="evidence-list"))


def depart_list_html(self, node):
    self.body.append("</ol>\n")


def visit_evidence_html(self, node):
    self.body.append(f'<li class="evidence" id="{node["ids"][0]}" data-cite="{self.attval(node["key"])}">')


def depart_evidence_html(self, node):
    # The arrow is what a sighted reader sees; for a screen reader the link's name is words.
    count = len(node["backrefs"])
    backs = " ".join(
        f'<a class="evidence-back" href="#{ref}"><span aria-hidden="true">{BACK}</span>'
        f'<span class="evidence-back-name">back to citation {i} of {count}</span></a>'
        for i, ref in enumerate(node["backrefs"], 1)
    )
    self.body.append(f" {backs}</li>\n")


def visit_mark_html(self, node):
    number = node["number"]
    self.body.append(
        f'<sup class="evidence-mark"><a id="{node["ids"][0]}" href="#{node["refid"]}" '
        f'aria-label="Evidence {number}">{number}</a></sup>'
    )
    raise nodes.SkipNode


def visit_list_latex(self, node):
    # ragged right: quotes, translations and long addresses leave no room to justify a line
    self.body.append("\n\\begingroup\\raggedright\n\\begin{enumerate}\n")


def depart_list_latex(self, node):
    self.body.append("\\end{enumerate}\n\\endgroup\n")


def visit_evidence_latex(self, node):
    self.body.append("\\item " + self.hypertarget(node["ids"][0]))


def depart_evidence_latex(self, node):
    for ref in node["backrefs"]:
        self.body.append(" " + self.hyperlink(f"{node['docname']}:{ref}") + r"\(\hookleftarrow\)}}")
    self.body.append("\n")


def visit_mark_latex(self, node):
    self.body.append(
        self.hypertarget(node["ids"][0])
        + self.hyperlink(f"{node['docname']}:{node['refid']}")
        + r"\textsuperscript{"
        + str(node["number"])
        + "}}}"
    )
    raise nodes.SkipNode


def visit_copy_html(self, node):
    self.body.append('<span class="evidence-copy">')


def depart_copy_html(self, node):
    self.body.append("</span>")


def visit_copy_latex(self, node):
    self.body.append(r"\sphinxnolinkurl{" + self.encode_uri(node.astext()) + "}")  # breaks as a URL does
    raise nodes.SkipNode


def visit_mark_text(self, node):
    self.add_text(f"[{node['number']}]")
    raise nodes.SkipNode


def visit_passthrough(self, node):
    pass


def depart_passthrough(self, node):
    pass


# -- Attaching the evidence to a page -----------------------------------------------------------


def citations(doctree, entries):
    """The page's citations in reading order: (node, key, locator). The works of one citation
    come in the order it prints them, which is the reference list's (sphinxcontrib-bibtex lists
    them so, whatever order the source names them in)."""
    order = AuthorYearSortingStyle().sorting_key
    for node in doctree.findall(addnodes.pending_xref):
        if node.get("refdomain") == "cite" and not node.get("booktools_evidence"):
            targets = list(parse_citation_targets(node["reftarget"]))
            if all(t.key in entries for t in targets):
                targets.sort(key=lambda t: order(entries[t.key]))
            for target in targets:
                yield node, target.key, target.post


def location(node) -> str:
    source, line = node.source or "", node.line
    return f"{source}:{line}" if line else source


def piece(entry: Evidence, docname: str, number: int) -> evidence:
    """One numbered piece: the citation again, the words, their translation, where they are."""
    item = evidence(key=entry.key, ids=[f"evidence-{number}"], backrefs=[], docname=docname)
    head = addnodes.pending_xref(
        "", nodes.inline("", entry.cite), refdomain="cite", reftype="p", reftarget=entry.cite,
        refdoc=docname, refexplicit=False, refwarn=True, booktools_evidence=True,
    )  # fmt: skip
    body = nodes.inline("", "", head, nodes.Text(": "))
    quote = nodes.inline("", f"\u201c{entry.quote}\u201d", classes=["evidence-quote"])
    if entry.lang != "en":
        quote["classes"].append(f"language-{entry.lang}")  # lang="ru" in the HTML
    body += quote
    if entry.translation:
        body += nodes.Text(" (editors' translation: ")
        body += nodes.inline("", f"\u201c{entry.translation}\u201d", classes=["evidence-translation"])
        body += nodes.Text(")")
    if entry.locator:
        body += nodes.Text(f"; {entry.locator}")
    elif entry.reason:
        body += nodes.Text(f"; no locator: {entry.reason}")
    if entry.copy:
        body += nodes.Text(". Read in a copy at ")
        body += evidence_copy("", entry.copy)
    body += nodes.Text(".")
    item += body.children
    return item


def attach(app, doctree):
    """Number the page's evidence, mark each citation with its number, and list the evidence at
    the page's end; a citation without evidence is reported where it stands."""
    env = app.env
    if not env.config.book_evidence:
        return
    works = bibliography_entries(env)
    cited = list(citations(doctree, works))
    env.note_dependency(str(evidence_path(env)))
    env.booktools_cited[env.docname] = sorted({(key, post) for _, key, post in cited})
    if not cited:
        return
    entries = load(env)
    if entries is None:
        return
    docname = env.docname
    found: dict[tuple[str, str], list[Evidence]] = {}
    for e in entries:
        if docname in e.pages:
            found.setdefault((e.key, e.post), []).append(e)
    times = Counter((key, post) for _, key, post in cited)
    seen: Counter = Counter()
    numbers: dict[Evidence, evidence] = {}
    after: dict = {}
    for node, key, post in cited:
        pieces, shown = found.get((key, post), []), f"{key}{{{post}}}" if post else key
        nth, seen[key, post] = seen[key, post], seen[key, post] + 1
        if not pieces and works and key not in works:  # an unknown key: sphinxcontrib-bibtex says so
            continue
        if not pieces:
            logger.warning(
                f"the citation of {shown} has no evidence: add it to {env.config.book_evidence} "
                f"(cite: {shown}, pages: [{docname}])",
                location=node, type="booktools", subtype="evidence",
            )  # fmt: skip
            continue
        if len(pieces) not in (1, times[key, post]):
            if nth == 0:
                logger.warning(
                    f"{docname} cites {shown} {times[key, post]} times and has {len(pieces)} pieces of "
                    f"evidence for it ({', '.join(p.where for p in pieces)}): give one for all, or "
                    "one for each citation in the page's order",
                    location=node, type="booktools", subtype="evidence",
                )  # fmt: skip
            continue
        entry = pieces[0] if len(pieces) == 1 else pieces[nth]
        if entry not in numbers:
            numbers[entry] = piece(entry, docname, len(numbers) + 1)
        item = numbers[entry]
        number = int(item["ids"][0].rsplit("-", 1)[1])
        mark_id = f"evidence-{number}-from-{len(item['backrefs']) + 1}"
        item["backrefs"].append(mark_id)
        mark = evidence_mark(number=number, refid=item["ids"][0], ids=[mark_id], docname=docname)
        after[node] = after.get(node, 0) + 1  # one mark per work, in the citation's order
        node.parent.insert(node.parent.index(node) + after[node], mark)
    if numbers:
        # "no-search": the sources' words are not the book's, and Sphinx's search index leaves out
        # what carries that class (so the search page stays within its weight).
        rubric = nodes.rubric("", HEADING, classes=["evidence-heading", "no-search"])
        rubric["heading-level"] = 2  # a heading, for screen readers' lists of headings
        listed = [
            rubric,
            nodes.paragraph("", INTRO, classes=["evidence-intro", "no-search"]),
            evidence_list("", *numbers.values(), classes=["no-search"]),
        ]
        section = next(iter(doctree.findall(nodes.section)), doctree)
        # Before the page's table of contents, if it has one: in the PDF the chapters it lists
        # follow it, and the front page's evidence belongs to the front page.
        toctree = next((n for n in section.children if any(n.findall(addnodes.toctree))), None)
        at = section.index(toctree) if toctree is not None else len(section)
        section[at:at] = listed


def report_unused(app, env):
    """Evidence for a citation that its page does not make (or a page that does not exist)."""
    if not env.config.book_evidence:
        return
    entries = load(env)
    for entry in entries or ():
        for page in entry.pages:
            if page in unread(env):  # its chronology could not be read: that warning is the one
                continue
            if page not in env.found_docs:
                problem = (
                    f"evidence for {entry.cite} names the page {page!r}, which does not exist "
                    "(a page renamed? its new name goes in pages)"
                )
            elif (entry.key, entry.post) not in set(map(tuple, env.booktools_cited.get(page, ()))):
                problem = f"evidence for {entry.cite}, but {page} does not cite it so"
            else:
                continue
            logger.warning(problem, location=entry.where, type="booktools", subtype="evidence")


def init_env(app, env, docnames):
    REPORTED.clear()
    if not hasattr(env, "booktools_cited"):
        env.booktools_cited = {}


def purge(app, env, docname):
    getattr(env, "booktools_cited", {}).pop(docname, None)


def merge(app, env, docnames, other):
    env.booktools_cited.update({d: other.booktools_cited[d] for d in docnames if d in other.booktools_cited})


def setup(app):
    app.add_config_value("book_evidence", "", "env", types=[str])
    passthrough = (visit_passthrough, depart_passthrough)
    app.add_node(evidence_list, html=(visit_list_html, depart_list_html),
                 latex=(visit_list_latex, depart_list_latex), text=passthrough)  # fmt: skip
    app.add_node(evidence, html=(visit_evidence_html, depart_evidence_html),
                 latex=(visit_evidence_latex, depart_evidence_latex), text=passthrough)  # fmt: skip
    app.add_node(evidence_copy, html=(visit_copy_html, depart_copy_html), latex=(visit_copy_latex, None),
                 text=passthrough)  # fmt: skip
    app.add_node(evidence_mark, html=(visit_mark_html, None), latex=(visit_mark_latex, None),
                 text=(visit_mark_text, None))  # fmt: skip
    app.connect("env-before-read-docs", init_env)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("doctree-read", attach)
    app.connect("env-check-consistency", report_unused)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
