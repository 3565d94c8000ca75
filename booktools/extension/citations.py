"""Chicago author-date citations (The Chicago Manual of Style, 18th edition, chapters 13 and 14):
"(Spenser 1999, 74)" in the text, and in the reference list
"Spenser, Daniela. 1999. *The Impossible Triangle: ...* Duke University Press."

The reference list is written here, as a pybtex style, from the fields the bibliography has and
nothing else: a field it lacks is left out, never guessed. pybtex has no Chicago style, and its
own label styles are numeric or ``alpha`` (which strips every letter outside ASCII: "Monteón"
would become "Monton"). The Manual's own keeper in software is the CSL project's
``chicago-author-date.csl``: tests/test_chicago.py renders the same .bib through it (pandoc's
citeproc) and holds the book to it, entry by entry and form by form, listing each difference with
its reason. In short:

- Who: the authors (the first inverted, "Sizonenko, A. I., and L. Cárdenas"), else the editors
  (", eds.", or ", comps." where ``editortype = {compiler}``), else an ``organization`` or
  ``institution`` (a corporate author: a web page is listed under the site's owner), else, for an
  unsigned article, its periodical in italics (*Time*); else the title leads the entry.
- When: the year, "n.d." only where the entry has none (", n.d." in a parenthesis), with "a", "b"
  ... where one name has two works in one year (the same letter in the text and the list).
- Titles of books and of documents in italics, of articles, chapters and pages in quotation
  marks, as the .bib spells them (it keeps English titles headline-style and others as their
  language does), with typographic apostrophes; a bracketed part after an italic title (the
  original of a transliteration) is roman. An untitled item is described instead (its ``type``
  field, capitalized, roman).
- Then, by type: the journal, volume (issue): pages (inclusive numbers condensed, "159–74"), or
  a periodical's date (November 17); "In *Book*, edited by ..."; "Translated by", "Edited by" or
  "Compiled by", the series, the publisher (the 18th edition gives no place of publication) or a
  web page's site; the note; "Accessed ..." only from a recorded ``urldate``; and the DOI (as
  https://doi.org/...) or else the URL.

In the text, names as the list gives them: one or two surnames ("Sizonenko and Cárdenas"), three
or more as "Ward et al.", an unsigned work by its short title; the page locator passed as
``{cite:p}`key{p. 74}``` prints as "(Spenser 1999, 74)" (Chicago drops "p."), any other locator
("doc. 776") as written. The same short name feeds the labels, the order of the list and the
in-text references, so the three always agree.
"""

import dataclasses
import datetime
import functools
import hashlib
import importlib
import importlib.metadata
import pickle
import string
import unicodedata
from collections import Counter
from pathlib import Path

import pybtex.plugin
from docutils import nodes
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Person
from pybtex.richtext import HRef, String, Tag, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import BaseStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, GroupReferenceStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.basic_author_year import (
    BasicAuthorYearParentheticalReferenceStyle,
    BasicAuthorYearTextualReferenceStyle,
)
from sphinxcontrib.bibtex.style.referencing.extra_author import ExtraAuthorReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_empty import ExtraEmptyReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_label import ExtraLabelReferenceStyle
from sphinxcontrib.bibtex.style.referencing.extra_year import ExtraYearReferenceStyle
from sphinxcontrib.bibtex.style.template import join, join2, node, pre_text, reference

from . import cachedir
from .fallbacks import bibliography_entries

#: The names used in conf.py for ``bibtex_default_style`` and ``bibtex_reference_style``.
FORMATTING_STYLE = "book"
REFERENCE_STYLE = "book-author-year"

NO_DATE = "n.d."
#: Entry types whose title is a whole publication or a document, set in italics; any other title
#: (an article's, a chapter's, a web page's) is quoted.
STANDALONE = {"book", "proceedings", "manual", "collection", "mvbook", "booklet", "misc"}
#: Articles an unsigned work's title is not sorted by ("The Impossible ..." under I).
ARTICLES = ("the ", "a ", "an ", "el ", "la ", "los ", "las ")
# English by design, whatever the locale the build runs in (strftime's %B would follow it).
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
LEFT_QUOTE, RIGHT_QUOTE = "\u201c", "\u201d"
APOSTROPHE = "\u2019"
DASH = "\u2013"  # the en dash of a range


PLAIN_TEXT = PlainTextBackend()  # pybtex finds a backend by name through entry points: slow


@functools.lru_cache(maxsize=4096)
def plain(latex: str) -> str:
    """'Monte{\\'o}n' -> 'Monteón'."""
    return Text.from_latex(latex).render(PLAIN_TEXT)


def rendered(text) -> str:
    return Text(text).render(PLAIN_TEXT)


def typographic(text):
    """The typewriter apostrophe of a .bib ("Ambassador's", "kul'turnye") as a typographic one,
    wherever it stands in the rich text (accents are LaTeX commands, already read)."""
    if isinstance(text, str):
        return text.replace("'", APOSTROPHE)
    if isinstance(text, String):
        return String(typographic(text.value))
    if isinstance(text, (Text, Tag, HRef)) and not isinstance(text, HRef):
        parts = [typographic(part) for part in text.parts]
        return Tag(text.name, *parts) if isinstance(text, Tag) else Text(*parts)
    return text


# -- Names ----------------------------------------------------------------------------------------


def surname(person: Person) -> str:
    return plain(" ".join(person.prelast_names + person.last_names))


def given_names(person: Person) -> str:
    return plain(" ".join(person.first_names + person.middle_names))


def inverted(person: Person) -> str:
    """'Spenser, Daniela'; 'Steinhardt' where no given name is recorded."""
    name = ", ".join(part for part in (surname(person), given_names(person)) if part)
    return ", ".join([name, *(plain(n) for n in person.lineage_names)])


def direct(person: Person) -> str:
    """'Peter Gellert'."""
    name = " ".join(part for part in (given_names(person), surname(person)) if part)
    return ", ".join([name, *(plain(n) for n in person.lineage_names)])


def name_list(persons) -> str:
    """The list's names: the first inverted, the rest not; 'and' after a comma; more than ten
    give the first seven and 'et al.'."""
    names = [inverted(persons[0])] + [direct(p) for p in persons[1:]]
    if len(names) > 10:
        return ", ".join(names[:7]) + ", et al."
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return names[0] + (", and " if "," in names[0] else " and ") + names[1]
    return ", ".join(names[:-1]) + ", and " + names[-1]


def direct_list(persons) -> str:
    """'Edited by Rina Ortiz', 'Translated by A and B': every name in its own order."""
    names = [direct(p) for p in persons]
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def surnames(persons) -> str:
    """In the text: 'Spenser', 'Sizonenko and Cárdenas', and from three names on 'Ward et al.'
    (the 18th edition's rule, as the CSL style applies it)."""
    last = [surname(p) for p in persons]
    if len(last) >= 3:
        return f"{last[0]} et al."
    return " and ".join(last)


def translators(entry) -> list[Person]:
    """The ``translator`` field is a string to pybtex, not a list of persons."""
    if "translator" in entry.persons:
        return list(entry.persons["translator"])
    field = entry.fields.get("translator", "")
    return [Person(name) for name in field.split(" and ")] if field.strip() else []


# -- Who and when ---------------------------------------------------------------------------------


def corporate_author(entry) -> str:
    """An organization named as such in the entry, never one guessed from an address."""
    for name in ("organization", "institution"):
        if entry.fields.get(name):
            return plain(entry.fields[name])
    return ""


def periodical_as_author(entry) -> bool:
    """An unsigned article is listed under its periodical: *Time*. 1924. ..."""
    return (
        not entry.persons.get("author")
        and not entry.persons.get("editor")
        and not corporate_author(entry)
        and bool(entry.fields.get("journal"))
    )


def short_title(entry) -> str:
    """An unsigned work's title in the text: up to its colon, without enclosing brackets."""
    return plain(entry.fields.get("title", "").split(":")[0]).strip("[] ")


def title_leads(entry) -> bool:
    return not (
        entry.persons.get("author")
        or entry.persons.get("editor")
        or corporate_author(entry)
        or periodical_as_author(entry)
    )


def short_name(entry) -> str:
    """Who or what an entry is cited by: authors, else editors, else its organization, its
    periodical or its short title."""
    for role in ("author", "editor"):
        if entry.persons.get(role):
            return surnames(entry.persons[role])
    if corporate_author(entry):
        return corporate_author(entry)
    if periodical_as_author(entry):
        return plain(entry.fields["journal"])
    return short_title(entry)


def cited_name(entry) -> Text:
    """The short name as the text prints it: a periodical or a book's title in italics, any
    other title in quotation marks."""
    name = typographic(short_name(entry))
    if periodical_as_author(entry) or (title_leads(entry) and entry.type in STANDALONE):
        return Text(Tag("em", name))
    if title_leads(entry):
        return Text(LEFT_QUOTE, name, RIGHT_QUOTE)
    return Text(name)


def year_of(entry) -> str:
    return entry.fields.get("year", NO_DATE)


def dated(label: str, entry) -> str:
    """The year as the label gives it, with its letter: '1999a', 'n.d.-b'."""
    year = year_of(entry)
    last = label.rsplit(" ", 1)[-1]
    return last if last.startswith(year) else year


def sort_key(text: str) -> str:
    """Accents do not move a name: 'Álvarez' sorts with the A's, 'Ortiz' before 'Ortíz Peralta'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def without_article(text: str) -> str:
    """A title as it is alphabetized: 'the impossible triangle' under I."""
    for article in ARTICLES:
        if text.startswith(article):
            return text[len(article) :]
    return text


def sort_name(entry) -> str:
    """The name an entry is alphabetized by; an unsigned work's title without its article."""
    name = sort_key(short_name(entry))
    return without_article(name) if title_leads(entry) else name


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels 'Spenser 1999', with 'a', 'b' ... where one name has two works in one year
    ('n.d.-a', 'n.d.-b' where neither has a year)."""

    def format_labels(self, sorted_entries):
        labels = [f"{short_name(e)} {year_of(e)}" for e in sorted_entries]
        repeated = {label for label, n in Counter(labels).items() if n > 1}
        seen = Counter()
        for label in labels:
            if label in repeated:
                joiner = "-" if label.endswith(NO_DATE) else ""
                yield label + joiner + string.ascii_lowercase[seen[label]]
                seen[label] += 1
            else:
                yield label


class AuthorYearSortingStyle(BaseSortingStyle):
    """Sorts the list by the name readers see in the citation, then year and title (one author's
    works of one year, 1999a and 1999b, in the order of their titles)."""

    def sorting_key(self, entry):
        # One name's works of one year by their titles as written, articles and all, as the CSL
        # style orders them (and so letters them 1999a, 1999b).
        title = sort_key(plain(entry.fields.get("title", "")))
        return (sort_name(entry), year_of(entry), title)


def entry_fingerprint(entry) -> tuple:
    """An entry's data as plain comparable values (pybtex's objects do not compare by content)."""
    persons = tuple((role, tuple(map(repr, people))) for role, people in sorted(entry.persons.items()))
    return (entry.key, entry.type, tuple(entry.fields.items()), persons)


class FormattedCache:
    """Formatted entries by (label, entry, style options), kept in the cache folder under a key
    made of this module's code and the versions of pybtex and sphinxcontrib-bibtex, whose
    templates it formats with (so a kept entry is never stale). The cache folder gives back only
    this user's own intact entries (booktools/extension/cachedir.py)."""

    def __init__(self):
        versions = f"{pybtex.__version__} {importlib.metadata.version('sphinxcontrib-bibtex')}".encode()
        self.key = hashlib.sha256(Path(__file__).read_bytes() + versions).hexdigest()[:16]
        self.entries, self.used = {}, set()
        kept = cachedir.load("formatted-entries", self.key, ".pickle")
        try:
            self.entries = pickle.loads(kept) if kept is not None else {}
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            pass
        self.on_disk = set(self.entries)

    def save(self, app, exception):
        """Keep what this build used (nothing older), unless that is what the cache holds."""
        if exception or not self.used or self.used == self.on_disk:
            return
        kept = {key: self.entries[key] for key in self.used}
        cachedir.store("formatted-entries", self.key, pickle.dumps(kept), ".pickle")


FORMATTED = FormattedCache()


# -- The reference list ---------------------------------------------------------------------------


def terminated(text) -> bool:
    return (
        rendered(text)
        .rstrip()
        .endswith((".", "?", "!", "." + RIGHT_QUOTE, "?" + RIGHT_QUOTE, "!" + RIGHT_QUOTE))
    )


def close(*parts, sep=", ") -> Text:
    """One element of an entry, as a sentence: its parts joined, a period unless it ends in one."""
    parts = [Text(p) for p in parts if p]
    text = Text(sep).join(parts) if parts else Text()
    return text if not text or terminated(text) else Text(text, ".")


def split_bracket(latex: str) -> tuple[str, str]:
    """'Title [Original]' -> ('Title', '[Original]'): the bracketed part after a title, outside
    braces; a title that is all brackets (a description) is not split."""
    if not latex.endswith("]") or latex.startswith("["):
        return latex, ""
    depth, split = 0, -1
    for i, char in enumerate(latex):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and latex.startswith(" [", i):
            split = i
    return (latex[:split], latex[split + 1 :]) if split > 0 else (latex, "")


def italic_title(latex: str) -> Text:
    """*Title* [Original]: the bracketed part, an addition to the title, in roman."""
    main, bracket = split_bracket(latex)
    title = Text(Tag("em", Text.from_latex(main)))
    return Text(title, " ", Text.from_latex(bracket)) if bracket else title


def quoted_title(latex: str) -> Text:
    """ "Title." with its period inside the quotation marks; a bracketed description unquoted."""
    if latex.startswith("[") and latex.endswith("]"):
        return close(Text.from_latex(latex))
    return Text(LEFT_QUOTE, close(Text.from_latex(latex)), RIGHT_QUOTE)


def description(entry) -> Text:
    """An untitled item's description (its ``type`` field), capitalized, in roman."""
    text = Text.from_latex(entry.fields.get("type", ""))
    return text.capfirst() if text else Text()


def title_of(entry, name: str = "title") -> Text:
    latex = entry.fields.get(name, "")
    if not latex:
        return description(entry) if name == "title" else Text()
    return italic_title(latex) if entry.type in STANDALONE else quoted_title(latex)


def calendar_date(year: str, month: str = "", day: str = "") -> str:
    """'November 17, 1924', 'June 1942', '1942'; without a year (given already after the names),
    'November 17'."""
    month = plain(month)
    if month.isdigit() and 1 <= int(month) <= 12:
        month = MONTHS[int(month) - 1]
    if month and day:
        return f"{month} {plain(day)}, {year}".rstrip(", ")
    return f"{month} {year}".strip()


def accessed(entry) -> Text:
    """'Accessed November 3, 2026', only from a recorded urldate."""
    urldate = entry.fields.get("urldate", "")
    if not urldate:
        return Text()
    try:
        date = datetime.date.fromisoformat(urldate)
    except ValueError:
        return Text("Accessed ", plain(urldate))
    return Text(f"Accessed {MONTHS[date.month - 1]} {date.day}, {date.year}")


def condensed(first: str, last: str) -> str:
    """The second of two inclusive numbers as the manual (9.61) abbreviates it: 3–10, 71–72,
    100–104, 101–8, 808–33, 321–28, 498–532, 1087–89, 1496–1504, 11564–615."""
    a, b = int(first), int(last)
    if a < 100 or a % 100 == 0 or b <= a or len(first) != len(last):
        return last
    same = len(next((p for p in (first[:i] for i in range(len(first), 0, -1)) if last.startswith(p)), ""))
    if a % 100 < 10:
        return last[same:]
    kept = last[min(same, len(last) - 2) :]
    return last if len(first) == 4 and len(kept) >= 3 else kept


def page_range(latex: str) -> str:
    text = plain(latex).replace("--", DASH).replace("-", DASH)
    parts = [p.strip() for p in text.split(DASH) if p.strip()]
    if len(parts) == 2 and all(p.isdigit() for p in parts):
        return f"{parts[0]}{DASH}{condensed(*parts)}"
    return text


def publication(entry) -> Text:
    """'Duke University Press': the 18th edition no longer asks for the place (the .bib keeps it);
    for a signed web page, the site that published it ('Confabulario')."""
    publisher = plain(entry.fields.get("publisher", ""))
    if not publisher and entry.persons.get("author"):
        publisher = corporate_author(entry)
    return Text(publisher)


def series(entry) -> Text:
    """'Cuadernos Diplomáticos 05' (a series' name and number, roman)."""
    name = plain(entry.fields.get("series", ""))
    return Text(" ".join(p for p in (name, plain(entry.fields.get("number", ""))) if p)) if name else Text()


def edition(entry) -> Text:
    value = plain(entry.fields.get("edition", ""))
    if not value:
        return Text()
    if value.isdigit():
        n = int(value)
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return Text(f"{n}{suffix} ed")
    return Text(value)


def contributors(entry, editors: bool) -> list[Text]:
    """'Translated by Peter Gellert.', then 'Edited by ...' or 'Compiled by Rina Ortiz.' (where
    the editors are not the entry's first names), in the order of the CSL style."""
    parts = []
    if translators(entry):
        parts.append(close("Translated by " + direct_list(translators(entry))))
    if editors and entry.persons.get("editor"):
        verb = "Compiled by " if compiled(entry) else "Edited by "
        parts.append(close(verb + direct_list(entry.persons["editor"])))
    return parts


def link(entry) -> Text:
    """The DOI as an address, else the URL."""
    if entry.fields.get("doi"):
        address = "https://doi.org/" + entry.fields["doi"]
    elif entry.fields.get("url"):
        address = entry.fields["url"]
    else:
        return Text()
    return Text(HRef(address, address))


def compiled(entry) -> bool:
    """The editors are compilers (biblatex's ``editortype = {compiler}``): "comps.", "Compiled by"."""
    return plain(entry.fields.get("editortype", "")).strip().lower() == "compiler"


def who(entry) -> Text:
    if entry.persons.get("author"):
        return Text(name_list(entry.persons["author"]))
    if entry.persons.get("editor"):
        editors = entry.persons["editor"]
        label = (
            ("comps." if compiled(entry) else "eds.")
            if len(editors) > 1
            else ("comp." if compiled(entry) else "ed.")
        )
        return Text(name_list(editors), ", ", label)
    if corporate_author(entry):
        return Text(corporate_author(entry))
    if periodical_as_author(entry):
        return Text(Tag("em", plain(entry.fields["journal"])))
    return Text()


def periodical(entry) -> Text:
    """'*Espiral* 18 (51): 73–102', '*Iztapalapa*, no. 43: 159–74', '*Time*, November 17',
    or for an unsigned item listed under its periodical, only the date (the year stands after
    the names already)."""
    fields = entry.fields
    date = calendar_date("", fields.get("month", ""), fields.get("day", "")) if fields.get("month") else ""
    if periodical_as_author(entry):
        return Text(date)
    journal = Text(Tag("em", Text.from_latex(fields.get("journal", "")))) if fields.get("journal") else Text()
    volume, number = plain(fields.get("volume", "")), plain(fields.get("number", ""))
    if volume:
        journal = Text(journal, " ", volume, f" ({number})" if number else "")
    elif number:
        journal = Text(journal, ", no. ", number)
    if date:
        journal = Text(journal, ", ", date)
    if fields.get("pages"):
        journal = Text(
            journal, ": " if (volume or number) and not date else ", ", page_range(fields["pages"])
        )
    return journal


def body(entry) -> list[Text]:
    """What follows the title, by entry type."""
    fields = entry.fields
    kind = entry.type
    if kind == "article":
        return [close(periodical(entry))]
    if kind in ("incollection", "inbook", "inproceedings"):
        within = (
            Text("In ", Tag("em", Text.from_latex(fields["booktitle"])))
            if fields.get("booktitle")
            else Text()
        )
        parts = [within]
        if entry.persons.get("author") and entry.persons.get("editor"):
            parts.append(Text("edited by " + direct_list(entry.persons["editor"])))
        # No page range: the CSL style gives none for a part of a book (the citation's locator
        # says where), and the .bib keeps it.
        return [close(*parts), *contributors(entry, editors=False), close(publication(entry))]
    parts = contributors(entry, editors=bool(entry.persons.get("author")))
    if kind in STANDALONE:
        parts += [close(edition(entry))]
        if fields.get("volume"):
            parts.append(close("Vol. " + plain(fields["volume"])))
        parts += [close(series(entry)), close(Text.from_latex(fields.get("howpublished", "")))]
        return [*parts, close(publication(entry))]
    # a web page, a thesis: how it was issued, who issued it (the year is after the names)
    parts += [close(Text.from_latex(fields.get("howpublished", "")))]
    return [*parts, close(publication(entry))]


def chicago(label: str, entry) -> Text:
    """The entry as the reference list prints it."""
    when = close(dated(label, entry))
    if title_leads(entry):
        head = [close(title_of(entry)), when]
    else:
        head = [close(who(entry)), when, close(title_of(entry))]
    tail = [close(Text.from_latex(entry.fields.get("note", ""))), close(accessed(entry)), close(link(entry))]
    return typographic(Text(" ").join([part for part in [*head, *body(entry), *tail] if part]))


class BookStyle(BaseStyle):
    """The reference list in Chicago author-date, in author-year order."""

    default_label_style = AuthorYearLabelStyle
    default_sorting_style = AuthorYearSortingStyle

    def format_entry(self, label, entry, bib_data=None):
        """Each entry is formatted once for as long as it, its label and this code stay the same
        (sphinxcontrib-bibtex formats every entry twice on every build, even one with nothing
        changed): the results are kept between builds in the cache folder."""
        key = (label, entry_fingerprint(entry), self.abbreviate_names, type(self.name_style).__name__)
        if key not in FORMATTED.entries:
            FORMATTED.entries[key] = FormattedEntry(entry.key, chicago(label, entry), label)
        FORMATTED.used.add(key)
        return FORMATTED.entries[key]


# -- In the text ----------------------------------------------------------------------------------


@node
def _short_name(children, data):
    assert not children
    return cited_name(data["entry"])


@node
def _year(children, data):
    """The year with the letter the reference list gives it: (Spenser 1999a)."""
    assert not children
    return Text(dated(data["formatted_entry"].label, data["entry"]))


def locator(text: str) -> str:
    """'p. 74' -> '74', 'pp. 74–75' -> '74–75': Chicago gives pages bare; 'doc. 776' stays."""
    for prefix in ("pp.", "p."):
        if text.startswith(prefix) and text[len(prefix) :].strip()[:1].isalnum():
            return text[len(prefix) :].strip()
    return text


@node
def _name_and_year(children, data):
    """'Spenser 1999', and with a comma before no date: 'Steinhardt, n.d.'."""
    assert not children
    entry = data["entry"]
    year = dated(data["formatted_entry"].label, entry)
    if not year.startswith(NO_DATE):
        return Text(cited_name(entry), " ", year)
    if title_leads(entry) and entry.type not in STANDALONE:  # the comma inside the quotation marks
        return Text(LEFT_QUOTE, typographic(short_name(entry)), ",", RIGHT_QUOTE, " ", year)
    return Text(cited_name(entry), ", ", year)


@node
def _post_text(children, data):
    assert not children
    return Text(locator(data["reference_info"].post_text))


class BookPersonStyle(PersonStyle):
    """Names in references fall back as the list's do: an unsigned article reads '(*Time* 1924)'."""

    def author_or_editor_or_title(self, full):
        return _short_name


@dataclasses.dataclass
class ParentheticalStyle(BasicAuthorYearParentheticalReferenceStyle):
    """(Spenser 1999, 74), (Steinhardt, n.d.)."""

    def inner(self, role_name):
        return join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
            pre_text,
            reference[_name_and_year],
            _post_text,
        ]


@dataclasses.dataclass
class TextualStyle(BasicAuthorYearTextualReferenceStyle):
    """Spenser (1999, 74)."""

    def inner(self, role_name):
        return join(sep=self.text_reference_sep)[
            self.person.author_or_editor_or_title(full=False),
            join[
                self.bracket.left,
                join2(sep1=self.pre_text_sep, sep2=self.post_text_sep)[
                    pre_text, reference[_year], _post_text
                ],
                self.bracket.right,
            ],
        ]


@dataclasses.dataclass
class YearStyle(ExtraYearReferenceStyle):
    def inner(self, role_name):
        return reference[_year]


POST_TEXT_SEPARATOR = ", "  # before a citation's locator: (Spenser 1999, 74)


@dataclasses.dataclass
class BookReferenceStyle(GroupReferenceStyle):
    """(Spenser 1999, 74) and Spenser (1999): round brackets, no comma between name and year, a
    comma before the locator, a semicolon between works. Composed as sphinxcontrib-bibtex
    documents a custom reference style: a group of styles, one per role."""

    bracket_parenthetical: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")", sep="; ")
    )
    bracket_textual: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")", sep="; ")
    )
    bracket_author: BracketStyle = dataclasses.field(default_factory=BracketStyle)
    bracket_label: BracketStyle = dataclasses.field(default_factory=BracketStyle)
    bracket_year: BracketStyle = dataclasses.field(default_factory=lambda: BracketStyle(left="(", right=")"))
    person: PersonStyle = dataclasses.field(default_factory=BookPersonStyle)
    author_year_sep: str = " "
    text_reference_sep: str = " "
    pre_text_sep: str = " "
    post_text_sep: str = POST_TEXT_SEPARATOR

    def __post_init__(self):
        separators = {"pre_text_sep": self.pre_text_sep, "post_text_sep": self.post_text_sep}
        self.styles.extend(
            [
                ParentheticalStyle(
                    bracket=self.bracket_parenthetical,
                    person=self.person,
                    author_year_sep=self.author_year_sep,
                    **separators,
                ),  # fmt: skip
                TextualStyle(
                    bracket=self.bracket_textual,
                    person=self.person,
                    text_reference_sep=self.text_reference_sep,
                    **separators,
                ),  # fmt: skip
                ExtraAuthorReferenceStyle(bracket=self.bracket_author, person=self.person),
                ExtraLabelReferenceStyle(bracket=self.bracket_label),
                YearStyle(bracket=self.bracket_year),
                ExtraEmptyReferenceStyle(),
            ]
        )
        super().__post_init__()


# pybtex looks plugins up through package entry points on every call (0.7 s of a 2.4 s build,
# for one backend looked up per citation). Each is looked up once here, by pybtex's own
# find_plugin (so it is the installed plugin), and put in pybtex's run-time registry, which its
# look-ups read first.
PLUGINS = (
    ("pybtex.backends", "plaintext"),
    ("pybtex.backends", "docutils"),
    ("pybtex.style.names", "plain"),
    ("pybtex.style.names", "last"),
    ("pybtex.style.names", "lastfirst"),
)


def register_styles() -> None:
    """Make the styles findable by the names that conf.py uses, and pybtex's own at once."""
    for group, name in PLUGINS:
        try:
            plugin = pybtex.plugin.find_plugin(group, name)
        except pybtex.plugin.PluginNotFound:
            continue  # not installed: pybtex says so where it is needed
        pybtex.plugin.register_plugin(group, name, plugin, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, BookStyle)
    register_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE, BookReferenceStyle)


# biblatex's language names, as the .bib's langid gives them, and the codes HTML's lang takes.
LANGUAGES = {
    "spanish": "es",
    "russian": "ru",
    "english": "en",
    "french": "fr",
    "german": "de",
    "portuguese": "pt",
}


class TitlesInTheirLanguage(SphinxPostTransform):
    """In the reference list, the title of a work not in English is marked with its language
    (``langid`` in the .bib: <em lang="es">), so that a screen reader reads it so."""

    default_priority = 890  # after the bibliography is written in, before Cyrillic runs are marked
    formats = ("html",)

    def run(self, **kwargs):
        by_id = {
            nodes.make_id(self.config.bibtex_cite_id.format(key=key)): e
            for key, e in bibliography_entries(self.env).items()
        }
        for citation in self.document.findall(nodes.citation):
            entry = next((by_id[i] for i in citation["ids"] if i in by_id), None)
            code = LANGUAGES.get(plain(entry.fields.get("langid", "")).lower(), "") if entry else ""
            if code and code != self.config.language:
                mark_title(citation, entry, f"language-{code}")


def mark_title(citation, entry, marker: str) -> None:
    """The element or the run of text that is the entry's title, with the language's class: an
    italic title's <em>, or what stands between a quoted title's quotation marks (which may be
    several pieces of text: pybtex renders each braced part apart)."""
    title = typographic(plain(split_bracket(entry.fields.get("title", ""))[0]))
    if not title:
        return
    if entry.type in STANDALONE:
        for emphasis in citation.findall(nodes.emphasis):
            if emphasis.astext() == title:
                emphasis["classes"].append(marker)
                return
        return
    paragraph = next(iter(citation.findall(nodes.paragraph)), None)
    children = list(paragraph.children) if paragraph else []
    opening = next((i for i, n in enumerate(children) if isinstance(n, nodes.Text) and LEFT_QUOTE in n), None)
    if opening is None:
        return
    head, _, first = str(children[opening]).partition(LEFT_QUOTE)
    parts, rest = [], [nodes.Text(first), *children[opening + 1 :]]
    for index, piece in enumerate(rest):  # up to the closing mark, which may share a piece
        if isinstance(piece, nodes.Text) and RIGHT_QUOTE in piece:
            inner, _, tail = str(piece).partition(RIGHT_QUOTE)
            parts.append(nodes.Text(inner))
            after = [nodes.Text(RIGHT_QUOTE + tail), *rest[index + 1 :]]
            break
        parts.append(piece)
    else:
        return
    if "".join(p.astext() for p in parts).rstrip(".?!") != title:
        return
    inside = [p.deepcopy() if isinstance(p, nodes.Element) else p for p in parts if p.astext()]
    span = nodes.inline("", "", *inside, classes=[marker])
    paragraph[:] = [*children[:opening], nodes.Text(head + LEFT_QUOTE), span, *after]


def setup(app):
    app.add_post_transform(TitlesInTheirLanguage)
    register_styles()
    app.connect("build-finished", FORMATTED.save)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
