"""The index: every mention of a glossary name indexed where it stands, and a printed index that
files names where a reader looks for them (Álvarez under A, Пестковский under P).

Mentions: see "Every mention indexed where it stands" below.

Sort keys: xindy, as Sphinx runs it for an English book, knows only the unaccented Latin
letters: it files "Álvarez" under O (by its first plain letter) and every Cyrillic word under
"Symbols". Each index entry Sphinx writes has a sort key and a text
(``\\index{key@\\spxentry{text}}``); here the key loses its accents and Cyrillic is
transliterated, while the printed text stays as written. The HTML index groups accented letters
correctly already.
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from docutils import nodes
from docutils.utils import get_source_line
from sphinx import addnodes
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.writers.latex import LaTeXTranslator

from .chronology import timeline
from .fallbacks import warn

logger = logging.getLogger(__name__)

# Russian Cyrillic, transliterated as the book's references are (Library of Congress, simplified).
CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch  y  e iu ia".split(" "),
        strict=True,
    )
)
MARK = r"@\spxentry{"


def sort_key(text: str) -> str:
    """'Álvarez' -> 'Alvarez', 'Пестковский' -> 'Pestkovskii': the letters a reader looks under."""
    out = []
    for char in text:
        lower = char.lower()
        if lower in CYRILLIC:
            latin = CYRILLIC[lower]
            out.append(latin.capitalize() if char != lower else latin)
        else:
            out.append(char)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def with_sort_keys(latex: str) -> str:
    """Rewrite the key before each ``@\\spxentry{`` of Sphinx's index commands."""
    pieces = latex.split(MARK)
    for i, piece in enumerate(pieces[:-1]):
        start = max(piece.rfind("{"), piece.rfind("!")) + 1
        pieces[i] = piece[:start] + sort_key(piece[start:])
    return MARK.join(pieces)


class IndexSortingTranslator(LaTeXTranslator):
    def visit_index(self, node):
        written = len(self.body)
        try:
            super().visit_index(node)
        finally:
            self.body[written:] = [with_sort_keys(chunk) for chunk in self.body[written:]]


def check_sort_keys(app, exception):
    """Sphinx's index commands are an internal of its LaTeX writer (CONTRIBUTING.md): if they are
    no longer written as this module expects, the keys were left as Sphinx wrote them; say so."""
    if exception or app.builder.name != "latex":
        return
    for tex in Path(app.outdir).glob("*.tex"):
        text = tex.read_text(encoding="utf-8")
        if "\\index{" in text and MARK not in text:
            logger.warning(
                "%s: Sphinx's index commands no longer hold %r: their sort keys are Sphinx's own "
                "(accented and Cyrillic names are filed as xindy files them)",
                tex.name,
                MARK,
                type="booktools",
                subtype="fallback",
            )


# -- Every mention indexed where it stands ------------------------------------------------------
#
# The glossary is the one list of the book's persons and terms, and each of its terms is an index
# entry already (Sphinx gives a glossary term one, pointing to its definition). A reader who looks
# up Obregón wants every page that names him, not only the glossary's. So on every page each
# mention of a glossary name, in the text or as a {term} link, gets an entry of its own, with
# exactly the text of the glossary's entry: the index shows one heading per name, with the
# definition's page in bold (Sphinx marks it "main") and every mention's page beside it.
#
# A name is found by the forms its glossary entry gives it:
# - each term of the entry (a glossary entry may have several, one a line: an alternate spelling
#   or the name in another script), its mentions filed under the entry's first term;
# - for a term written "Surname, Given names", the surname alone, which every mention of the
#   person contains ("Obregón", "President Obregón", "Álvaro Obregón"): "Obregón, Álvaro" -> Obregón;
# - each {spelling} in the entry (the name in Cyrillic, in the Library of Congress romanization,
#   as a source spelled it), whole and by its last word, the surname: "Станислав Пестковский"
#   -> Пестковский;
# all compared without accents (Gómez Morin and Gómez Morín are one man), as whole words, with
# their capitals (Calles the president, not calles the streets).
#
# An entry is an index node and an empty target put just before the mention, as Sphinx's own
# :index: role writes them: the page's words stay exactly as they are (the essay is the author's),
# the HTML index links to the spot, and the PDF's page number is the page the name is on. One
# entry per name and paragraph: a paragraph that names Obregón twice is one place to look.
# The chronology's timeline figure draws its labels: each name they give is indexed just
# before the figure.
# Not indexed: headings and captions (the contents list them), the glossary's terms themselves
# and a name within its own definition (the glossary's entry covers them), citations and the
# bibliography, code, and cross-references other than {term} (at that point their text is a
# key or a label, not words of the page).

SKIPPED = (
    nodes.title, nodes.subtitle, nodes.rubric, nodes.caption, nodes.citation, nodes.citation_reference,
    nodes.footnote_reference, nodes.literal, nodes.literal_block, nodes.raw, nodes.comment, nodes.math,
    nodes.math_block, nodes.target, nodes.substitution_definition, nodes.system_message,
    nodes.problematic, addnodes.index,
)  # fmt: skip
ENV_KEY = "booktools_glossary_names"  # in the environment: the glossary's names, once it is read
MENTION = "booktools_mention"  # marks the index nodes added here
SPELLING = "spelling"  # the class of a {spelling} in a glossary entry


def fold(text: str) -> str:
    """'Gómez Morín' -> 'Gomez Morin': letters without their accents, one for one where the text
    is precomposed (a decomposed accent is dropped: see folded())."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded(text: str) -> tuple[str, list[int]]:
    """The text without accents, and for each of its characters the offset it came from."""
    out, origin = [], []
    for offset, char in enumerate(text):
        for plain in fold(char):
            out.append(plain)
            origin.append(offset)
    return "".join(out), origin


@dataclass(frozen=True)
class Names:
    """What the glossary names: each form (folded) and each term (lower case, as {term} finds
    it) with the entry it is filed under, the entry's first term."""

    forms: dict[str, str]
    terms: dict[str, str]

    @classmethod
    def of_glossary(cls, document) -> "Names":
        forms: dict[str, set[str]] = {}
        terms: dict[str, str] = {}
        for glossary in document.findall(addnodes.glossary):
            for item in glossary.findall(nodes.definition_list_item):
                texts = [child.astext() for child in item.children if isinstance(child, nodes.term)]
                if not texts:
                    continue
                heading = texts[0]
                for text in texts:
                    terms[text.lower()] = heading
                    surname = text.split(", ")[0]  # "Surname, Given", or the whole term
                    for form in {text, surname}:
                        forms.setdefault(fold(form), set()).add(heading)
                for spelling in item.findall(spelling_of_entry):
                    text = spelling.astext()
                    for form in {text, text.split()[-1]}:  # "Given Surname", or the surname alone
                        forms.setdefault(fold(form), set()).add(heading)
        # A form two entries share (two persons of one surname) names neither for certain: it
        # is left out, and each of them is still found by the terms of his own entry.
        return cls({form: next(iter(h)) for form, h in forms.items() if len(h) == 1}, terms)

    def pattern(self) -> re.Pattern | None:
        if not self.forms:
            return None
        longest_first = sorted(self.forms, key=len, reverse=True)  # "Portes Gil" before "Gil"
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, longest_first)) + r")(?!\w)")


def glossary_names(env) -> Names | None:
    """The glossary's names, once the glossary has been read (None for a book without one)."""
    data = getattr(env, ENV_KEY, None)
    return Names(*data) if data else None


def spelling_of_entry(node) -> bool:
    return isinstance(node, nodes.inline) and SPELLING in node["classes"]


def spelling_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    """``{spelling}`Пестковский```: another spelling of the name a glossary entry is about, in
    another script, another romanization or a source's own, shown as written. The entry's
    person is then found by it too: in the index, and by the search page (booktools/extension/search.py)."""
    return [nodes.inline(rawtext, text, classes=[SPELLING])], []


def own_entry(node) -> str | None:
    """The glossary entry a node stands in, if any: its first term."""
    while node is not None:
        if isinstance(node, nodes.definition_list_item) and in_glossary(node):
            texts = [c.astext() for c in node.children if isinstance(c, nodes.term)]
            return texts[0] if texts else None
        node = node.parent
    return None


def in_glossary(node) -> bool:
    """Whether a node is part of a glossary (glossary > definition_list > item > term)."""
    return any(isinstance(ancestor, addnodes.glossary) for ancestor in iter_ancestors(node))


def iter_ancestors(node):
    while node.parent is not None:
        node = node.parent
        yield node


def block_of(node):
    """The paragraph (or table line, list line, ...) a node is in: one entry a name in each."""
    while node.parent is not None and (isinstance(node, nodes.Inline) or isinstance(node, nodes.Text)):
        node = node.parent
    return node


class IndexMentions(SphinxTransform):
    """Index every mention of a glossary name on the page (see above)."""

    # Before SphinxDomains (850), which hands the page's index nodes to the index.
    default_priority = 840

    def apply(self, **kwargs):
        env = self.env
        glossary = env.config.book_glossary
        if not glossary:
            return
        if env.docname == glossary:
            names = Names.of_glossary(self.document)
            setattr(env, ENV_KEY, (names.forms, names.terms))  # plain data, pickled with the env
        elif glossary in env.found_docs:
            # Every page's entries depend on the glossary: a change to it re-reads them all.
            env.note_dependency(str(env.doc2path(glossary)))
        if not hasattr(env, ENV_KEY):
            return
        names = Names(*getattr(env, ENV_KEY))
        pattern = names.pattern()
        if pattern is None:
            return
        seen, wanted = set(), []  # (node, offset in a Text node or None: before the node, entry)
        for node, offset, heading in self.mentions(self.document, names, pattern):
            key = (id(block_of(node)), heading)
            if key in seen or heading == own_entry(node):
                continue
            seen.add(key)
            wanted.append((node, offset, heading))
        self.insert(wanted)

    def mentions(self, node, names: Names, pattern: re.Pattern):
        """Each mention under node, in reading order."""
        for child in node.children:
            if isinstance(child, SKIPPED):
                continue
            if isinstance(child, nodes.term) and in_glossary(child):
                continue  # the glossary's own term: Sphinx indexes it
            if isinstance(child, addnodes.pending_xref):
                heading = names.terms.get(child.get("reftarget", "").lower())
                if child.get("reftype") == "term" and heading:
                    yield child, None, heading
                continue  # a citation, a {ref}: at this point its text is a key or a label
            if isinstance(child, nodes.reference):
                match = pattern.search(fold(child.astext()))
                if match:  # a link's text is kept whole; the entry goes before the link
                    yield child, None, names.forms[match.group()]
                continue
            if isinstance(child, timeline):
                # The chronology's figure: its labels are drawn, not text of the page; an entry
                # before the figure for each name they give ("Comintern denounces the government").
                figure = child.parent if isinstance(child.parent, nodes.figure) else child
                for event in child["events"]:
                    for match in pattern.finditer(fold(event.label)):
                        yield figure, None, names.forms[match.group()]
                continue
            if isinstance(child, nodes.Text):
                text, origin = folded(str(child))
                for match in pattern.finditer(text):
                    yield child, origin[match.start()], names.forms[match.group()]
                continue
            yield from self.mentions(child, names, pattern)

    def entry(self, heading: str, near, inline: bool = True) -> list:
        """An index entry and its target, as the :index: role makes them (or, before a figure,
        as the index directive does: on a line of its own in LaTeX)."""
        target_id = f"index-{self.env.new_serialno('index')}"
        index = addnodes.index(entries=[("single", heading, target_id, "", None)], inline=inline)
        index[MENTION] = True
        index.source, index.line = get_source_line(near)
        return [index, nodes.target("", "", ids=[target_id])]

    def insert(self, wanted) -> None:
        by_text: dict[int, list] = {}
        for node, offset, heading in wanted:
            if offset is None:
                parent = node.parent
                entry = self.entry(heading, node, inline=isinstance(node, nodes.Inline))
                parent[position(parent, node) : position(parent, node)] = entry
            else:
                by_text.setdefault(id(node), [node]).append((offset, heading))
        for node, *cuts in by_text.values():
            # The Text node cut at each mention, the entries between: the same words in order.
            text, parent, pieces, start = str(node), node.parent, [], 0
            for offset, heading in cuts:
                if offset > start:
                    pieces.append(nodes.Text(text[start:offset]))
                pieces += self.entry(heading, parent)
                start = offset
            pieces.append(nodes.Text(text[start:]))
            at = position(parent, node)
            parent[at : at + 1] = pieces


def position(parent, child) -> int:
    """Where a child is, by identity: a Text node is a string, equal to any other of its words."""
    return next(i for i, node in enumerate(parent.children) if node is child)


class GlossaryNames(EnvironmentCollector):
    """The glossary's names stay in the environment between builds, so that a page re-read
    alone is indexed as in a clean build; they are forgotten when the glossary is re-read (which
    sets them anew) or removed, and taken over from a process that read it in parallel."""

    def clear_doc(self, app, env, docname):
        if docname == app.config.book_glossary and hasattr(env, ENV_KEY):
            delattr(env, ENV_KEY)

    def merge_other(self, app, env, docnames, other):
        if app.config.book_glossary in docnames and hasattr(other, ENV_KEY):
            setattr(env, ENV_KEY, getattr(other, ENV_KEY))

    def process_doc(self, app, doctree):
        pass


def check_mentions_collected(app, doctree):
    """The index takes a page's entries from its index nodes at one moment of reading (Sphinx's
    SphinxDomains transform, at priority 850); the mentions are added just before. Should that
    moment move (CONTRIBUTING.md), the index would list only the glossary's own entries, as
    stock Sphinx does: say so, once a build."""
    added = {
        entry[2] for node in doctree.findall(addnodes.index) if node.get(MENTION) for entry in node["entries"]
    }
    collected = {entry[2] for entry in app.env.get_domain("index").entries.get(app.env.docname, [])}
    if added - collected and not getattr(app, "booktools_mentions_warned", False):
        app.booktools_mentions_warned = True
        logger.warning(
            "the index no longer collects entries added at priority %d: the mentions of the "
            "glossary's names are not in the index, only the glossary's own entries",
            IndexMentions.default_priority,
            location=app.env.docname,
            type="booktools",
            subtype="fallback",
        )


def read_glossary_first(app, env, docnames):
    """The glossary is read before the pages that name its persons (Sphinx lets this event
    reorder the pages it reads). A parallel read (-j) hands pages to several processes at once,
    each with the names as they were before: one page could be read without them, so say so."""
    glossary = app.config.book_glossary
    if glossary in docnames:
        docnames.remove(glossary)
        docnames.insert(0, glossary)
        parallel = getattr(app, "parallel", None)  # -j's number of processes (not in Sphinx's API docs)
        if not isinstance(parallel, int):
            warn("Sphinx's app.parallel", "a parallel read (-j) is not said to miss the glossary's names")
        elif parallel > 1 and len(docnames) > 1:
            logger.warning(
                "pages read in parallel may miss the index entries of the glossary's names: build "
                "without -j after changing %s",
                glossary,
                type="booktools",
                subtype="index",
            )


def setup(app):
    # The page (docname) whose glossary lists the book's persons and terms.
    app.add_config_value("book_glossary", "glossary", "env", types=[str])
    app.add_role("spelling", spelling_role)
    app.add_transform(IndexMentions)
    app.add_env_collector(GlossaryNames)
    app.connect("env-before-read-docs", read_glossary_first)
    app.connect("doctree-read", check_mentions_collected)
    app.set_translator("latex", IndexSortingTranslator)
    app.connect("build-finished", check_sort_keys)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
