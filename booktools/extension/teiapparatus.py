"""The TEI document's header and back matter (booktools/extension/tei.py assembles the document).

The header: title, editors, edition, licence, the copy-text (``book_copy_text``), the editorial
principles and a taxonomy of the kinds of note. At the back: the works cited as ``biblStruct``s
(from the .bib files, with each entry's comment as a note), the glossary's persons,
organisations and words, the chronology's events.
"""

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging
from sphinxcontrib.bibtex.citation_target import parse_citation_targets

from ..shared.bibfile import parse
from . import chronology, edition, imprint, indexing
from .citations import plain
from .fallbacks import bibliography_entries, warn
from .teitext import XML_ID, XML_LANG, Ids, cited_range, element, plain_text, xml_name

logger = logging.getLogger(__name__)

# The kinds of note the document holds (its @type values), described in the header's taxonomy.
NOTE_TYPES = {
    "editorial": "The editors' note on the passage it follows.",
    "admonition": "Another boxed remark of the editors.",
    "verification": "Where the fields of a work's entry were seen, and what could not be confirmed.",
    "uncertain": "Why an event's date is not certain.",
    "source": "A work that gives an event.",
    "copy": "The address of the copy the editors read a piece of evidence in (named, not linked).",
    "no-locator": "Why a piece of evidence has no page.",
}
CYRILLIC = re.compile("[\u0400-\u04ff]")


def header(builder, tei: ET.Element) -> None:
    config = builder.config
    day = edition.build_date("%Y-%m-%d", "en")  # the edition statement's day (SOURCE_DATE_EPOCH)
    head = element(tei, "teiHeader")
    file_desc = element(head, "fileDesc")
    title_stmt = element(file_desc, "titleStmt")
    element(title_stmt, "title", config.project)
    element(title_stmt, "editor", config.author, **{XML_ID: "editors"})
    responsibility = element(title_stmt, "respStmt")
    element(responsibility, "resp", config.book_editors_resp)
    element(responsibility, "name", config.author, ref="#editors")
    edition_stmt = element(file_desc, "editionStmt")
    shown = element(edition_stmt, "edition", n=config.release)
    shown.text = edition.book_statement(config)
    element(shown, "date", when=day).text = day
    publication = element(file_desc, "publicationStmt")
    element(publication, "publisher", config.book_publisher or config.author)
    element(publication, "date", day, when=day)
    availability = element(publication, "availability")
    licence = element(availability, "licence", target=config.book_licence_url)
    element(licence, "p", imprint.rights(config))
    source_desc = element(file_desc, "sourceDesc")
    copy_text = config.book_copy_text or {}
    bibl = element(source_desc, "bibl", type="copy-text")
    element(bibl, "title", copy_text.get("title", config.project))
    if copy_text.get("published"):
        element(bibl, "date", copy_text["published"], when=copy_text["published"])
    if copy_text.get("address"):
        element(bibl, "ptr", target=copy_text["address"])
    for note in copy_text.get("notes", []):
        element(bibl, "note", note)
    encoding = element(head, "encodingDesc")
    principles = element(encoding, "editorialDecl")
    for paragraph in config.book_editorial_principles or ["The text is the author's, word for word."]:
        element(principles, "p", paragraph)
    classes = element(encoding, "classDecl")
    taxonomy = element(classes, "taxonomy", **{XML_ID: "note-types"})
    for name, description in NOTE_TYPES.items():
        category = element(taxonomy, "category", **{XML_ID: f"note-{name}"})
        element(category, "catDesc", description)


def name_parts(person) -> str:
    last = " ".join(plain(p) for p in [*person.prelast_names, *person.last_names])
    first = " ".join(plain(p) for p in [*person.first_names, *person.middle_names])
    return f"{last}, {first}" if first else last


def cited_works(env) -> list:
    """sphinxcontrib-bibtex's entries of the reference lists (``BibtexDomain.citations``: each
    with its id in the list, the list's page and its key)."""
    citations = getattr(env.get_domain("cite"), "citations", None)
    if not isinstance(citations, list) or not all(hasattr(c, "bibliography_key") for c in citations):
        warn("sphinxcontrib-bibtex's BibtexDomain.citations", "the TEI's citations point to no entry")
        return []
    return citations


def works_cited(builder, back: ET.Element) -> set[str]:
    """The listBibl: every entry of the .bib files, as biblStruct, with the comment the file
    gives it (where its fields were seen, what could not be confirmed) as a note; returns their
    xml:ids."""
    entries = bibliography_entries(builder.env)
    seen = {}  # the .bib files' comment above each entry: where its fields were seen
    for bibfile in builder.config.bibtex_bibfiles:
        seen |= parse(Path(builder.confdir, bibfile)).comments or {}
    division = element(back, "div", type="bibliography")
    element(division, "head", "Bibliography")
    listing = element(division, "listBibl")
    made = set()
    for key in sorted(entries):
        entry = entries[key]
        fields = {name.lower(): plain(value) for name, value in entry.fields.items()}
        name = xml_name(key)
        made.add(name)
        struct = element(listing, "biblStruct", type=entry.type, **{XML_ID: name})
        part = entry.type in ("article", "incollection", "inbook", "inproceedings")
        if part:
            analytic = element(struct, "analytic")
            for person in entry.persons.get("author", []):
                element(analytic, "author", name_parts(person))
            element(analytic, "title", fields.get("title"), level="a")
        monogr = element(struct, "monogr")
        if not part:
            for person in entry.persons.get("author", []):
                element(monogr, "author", name_parts(person))
        for person in entry.persons.get("editor", []):
            element(monogr, "editor", name_parts(person))
        if part:
            container = fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or ""
            element(monogr, "title", container, level="j" if entry.type == "article" else "m")
        else:
            element(monogr, "title", fields.get("title", key), level="m")
        for kind in ("doi", "isbn"):
            if fields.get(kind):
                element(monogr, "idno", fields[kind], type=kind.upper())
        if fields.get("url"):
            element(monogr, "ptr", target=fields["url"])
        published = element(monogr, "imprint")
        if fields.get("address") or fields.get("location"):
            element(published, "pubPlace", fields.get("address") or fields.get("location"))
        if fields.get("publisher") or fields.get("institution"):
            element(published, "publisher", fields.get("publisher") or fields.get("institution"))
        year = fields.get("year") or fields.get("date", "")[:4]
        element(published, "date", year or None, when=year if year.isdigit() else None)
        for field, unit in (("volume", "volume"), ("number", "issue"), ("pages", "page")):
            if fields.get(field):
                element(published, "biblScope", fields[field], unit=unit)
        if fields.get("note"):
            element(struct, "note", fields["note"])
        if seen.get(key):
            element(struct, "note", seen[key], type="verification", resp="#editors")
    return made


def glossary_names(builder, tree, ids: Ids, back: ET.Element) -> tuple[dict[str, str], list]:
    """The glossary's entries: those of a section marked ``{.persons}`` as a listPerson, of one
    marked ``{.organisations}`` as a listOrg, any other as a list of terms. Returns the kind of
    each entry's xml:id ("person", "org", "term"), and each entry's note with the definition to
    write into it (TEIWriter.write_into: its citations and names point to their entries as the
    text's do)."""
    kinds, definitions = {}, []
    division = element(back, "div", type="glossary")
    element(division, "head", "Glossary")
    persons = element(division, "listPerson")
    orgs = element(division, "listOrg")
    words = element(division, "list", type="gloss")
    page = builder.config.book_glossary
    for item in tree.findall(nodes.definition_list_item):
        if not isinstance(item.parent.parent, addnodes.glossary):
            continue
        terms = [t for t in item.children if isinstance(t, nodes.term)]
        definition = next((d for d in item.children if isinstance(d, nodes.definition)), None)
        section = item.parent
        while section is not None and not isinstance(section, nodes.section):
            section = section.parent
        marked = set(section.get("classes", [])) if section is not None else set()
        kind = "person" if "persons" in marked else "org" if "organisations" in marked else "term"
        xml = ids.by_page.get((page, terms[0]["ids"][0])) if terms[0].get("ids") else None
        if kind == "term":
            element(element(words, "label"), "term", plain_text(terms[0]), **{XML_ID: xml})
            if definition is not None:
                definitions.append((element(words, "item"), definition))
        else:
            entry = element(persons if kind == "person" else orgs, kind, **{XML_ID: xml})
            names(entry, "persName" if kind == "person" else "orgName", terms, definition)
            if definition is not None:
                definitions.append((element(entry, "note"), definition))
        if xml:
            kinds[xml] = kind
    for listing in (persons, orgs, words):
        if not len(listing):
            division.remove(listing)
    if len(division) == 1:
        back.remove(division)
    return kinds, definitions


def names(entry: ET.Element, tag: str, terms: list, definition) -> None:
    """A person's or an organisation's names: the glossary's term, then the spellings its
    definition gives ({spelling}): the Cyrillic, the Library of Congress form (after "LC:"),
    any other as a variant."""
    for term in terms:
        element(entry, tag, plain_text(term))
    for spelling in definition.findall(indexing.spelling_of_entry) if definition is not None else ():
        written = plain_text(spelling)
        place = spelling.parent.index(spelling)
        before = spelling.parent[place - 1] if place else None
        if CYRILLIC.search(written):
            element(entry, tag, written, type="original", **{XML_LANG: "ru"})
        elif before is not None and before.astext().rstrip().endswith("LC:"):
            element(entry, tag, written, type="romanization", subtype="LC", **{XML_LANG: "ru-Latn"})
        else:
            element(entry, tag, written, type="variant")


def events(builder, back: ET.Element) -> None:
    path = chronology.chronology_path(builder.env)
    if not builder.config.book_chronology or not path.is_file():
        return
    try:
        listed = chronology.load_events(path)
    except chronology.ChronologyError as error:
        if not chronology.unread(builder.env):  # no page has said so while it was read
            logger.warning(error.message, location=error.where, type="booktools", subtype="chronology")
        return
    division = element(back, "div", type="chronology")
    element(division, "head", "Chronology")
    listing = element(division, "listEvent")
    for n, event in enumerate(listed, 1):
        if event.between:  # an uncertain date: the span its sources allow
            dates = {"notBefore": event.between[0], "notAfter": event.between[1]}
        elif event.end_written:
            dates = {"from": event.date_written, "to": event.end_written}
        else:
            dates = {"when": event.date_written}
        made = element(listing, "event", **{XML_ID: f"event-{n}"}, **dates)
        element(made, "label", event.label)
        element(made, "desc", re.sub(r"\{[a-z:]+\}`([^`<]*?)(?:\s*<[^`]*>)?`", r"\1", event.event))
        if event.uncertain:
            element(made, "note", str(event.uncertain), type="uncertain")
        for cite in event.cites:  # "key{p. 16}"
            for target in parse_citation_targets(cite):
                source = element(element(made, "note", type="source"), "bibl")
                element(source, "ptr", target=f"#{xml_name(target.key)}")
                if target.post:
                    cited_range(source, target.post)
