"""Author-year citations: "(Spenser 1999)" in the text, "Spenser 1999" as the bibliography label.

pybtex's own label styles are numeric or ``alpha``, and ``alpha`` strips every letter outside
ASCII ("Monteón" would become "Monton"): this module writes the labels from the names as they are.
The same short name (author, else editor, else journal or short title) feeds the labels, the
sorting order and the in-text references, so the three always agree.
"""

import dataclasses
import functools
import hashlib
import importlib
import pickle
import string
import unicodedata
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pybtex.plugin
from pybtex.backends.plaintext import Backend as PlainTextBackend
from pybtex.database import Entry, Person
from pybtex.richtext import Text
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.formatting.unsrt import pages
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle
from pybtex.style.template import (
    field,
    first_of,
    join,
    node,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)
from sphinxcontrib.bibtex.plugin import register_plugin
from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

from . import cachedir

#: The names used in conf.py for ``bibtex_default_style`` and ``bibtex_reference_style``.
FORMATTING_STYLE = "book"
REFERENCE_STYLE = "book-author-year"

NO_DATE = "n.d."


PLAIN_TEXT = PlainTextBackend()  # pybtex finds a backend by name through entry points: slow


@functools.lru_cache(maxsize=4096)
def plain(latex: str) -> str:
    """'Monte{\\'o}n' -> 'Monteón'."""
    return Text.from_latex(latex).render(PLAIN_TEXT)


def surnames(persons) -> str:
    """'Spenser', 'Sizonenko and Cárdenas', 'Spenser et al.': names as a reader looks them up."""
    last = [" ".join(p.prelast_names + p.last_names) for p in persons]
    last = [plain(name) for name in last]
    if len(last) > 2:
        return f"{last[0]} et al."
    return " and ".join(last)


def short_name(entry) -> str:
    """Who or what an entry is cited by: authors, else editors, else its journal, site or title."""
    for role in ("author", "editor"):
        if entry.persons.get(role):
            return surnames(entry.persons[role])
    if entry.fields.get("journal"):
        return plain(entry.fields["journal"])
    if entry.type == "online" and entry.fields.get("url"):  # an unsigned page: its site
        return urlsplit(entry.fields["url"]).hostname.removeprefix("www.")
    return plain(entry.fields["title"].split(":")[0]).strip("[] ")


def year_of(entry) -> str:
    return entry.fields.get("year", NO_DATE)


def sort_key(text: str) -> str:
    """Accents do not move a name: 'Álvarez' sorts with the A's, 'Ortiz' before 'Ortíz Peralta'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class AuthorYearLabelStyle(BaseLabelStyle):
    """Labels 'Spenser 1999', with 'a', 'b' ... where one name has two works in one year."""

    def format_labels(self, sorted_entries):
        labels = [f"{short_name(e)} {year_of(e)}" for e in sorted_entries]
        repeated = {label for label, n in Counter(labels).items() if n > 1}
        seen = Counter()
        for label in labels:
            if label in repeated:
                yield label + string.ascii_lowercase[seen[label]]
                seen[label] += 1
            else:
                yield label


class AuthorYearSortingStyle(BaseSortingStyle):
    """Sorts the bibliography by the name readers see in the citation, then year and title."""

    def sorting_key(self, entry):
        return (
            sort_key(short_name(entry)),
            year_of(entry),
            sort_key(entry.fields.get("title", "")),
        )


def entry_fingerprint(entry) -> tuple:
    """An entry's data as plain comparable values (pybtex's objects do not compare by content)."""
    persons = tuple((role, tuple(map(repr, people))) for role, people in sorted(entry.persons.items()))
    return (entry.key, entry.type, tuple(entry.fields.items()), persons)


class FormattedCache:
    """Formatted entries by (label, entry, style options), kept in the cache folder under a key
    made of this module's code and pybtex's version (so a kept entry is never stale)."""

    def __init__(self):
        self.key = hashlib.sha256(Path(__file__).read_bytes() + pybtex.__version__.encode()).hexdigest()[:16]
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


class BookStyle(PlainStyle):
    """pybtex's plain entries, with author-year labels and order; an undated work says 'n.d.'."""

    default_label_style = AuthorYearLabelStyle
    default_sorting_style = AuthorYearSortingStyle

    def format_entry(self, label, entry, bib_data=None):
        """Each entry is formatted once for as long as it, its label and this code stay the same
        (sphinxcontrib-bibtex formats every entry twice on every build, even one with nothing
        changed): the results are kept between builds in the cache folder."""
        key = (label, entry_fingerprint(entry), self.abbreviate_names, type(self.name_style).__name__)
        if key not in FORMATTED.entries:
            FORMATTED.entries[key] = self.format_shown_entry(label, entry, bib_data)
        FORMATTED.used.add(key)
        return FORMATTED.entries[key]

    def format_shown_entry(self, label, entry, bib_data=None):
        """An undated work says 'n.d.'; a translator is named 'Peter Gellert', not 'Gellert, Peter'."""
        fields = dict(entry.fields)
        fields.setdefault("year", NO_DATE)
        if "translator" in fields:
            t = Person(fields["translator"])
            fields["translator"] = " ".join(t.first_names + t.middle_names + t.prelast_names + t.last_names)
        shown = Entry(entry.type, fields=fields, persons=entry.persons)
        shown.key = entry.key
        return super().format_entry(label, shown, bib_data=bib_data)

    def get_book_template(self, e):
        """A book may lack an author (an institution's series) or a known publisher (a memoir
        read online); it shows what is known, and its translator."""
        return toplevel[
            optional[self.format_author_or_editor(e)],
            self.format_btitle(e, "title"),
            optional[sentence["Translated by", field("translator")]],
            self.format_volume_and_series(e),
            sentence[
                optional_field("publisher"),
                optional_field("address"),
                self.format_edition(e),
                field("year"),
            ],
            optional[sentence[self.format_isbn(e)]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_article_template(self, e):
        """Volume and issue show even without pages; an unsigned item is cited by its title."""
        volume = first_of[
            optional[join[field("volume"), optional["(", field("number"), ")"], ":", pages]],
            optional[join[field("volume"), optional["(", field("number"), ")"]]],
            words["pages", pages],
        ]
        date = words[optional_field("day"), optional_field("month"), field("year")]
        names = [self.format_names("author")] if "author" in e.persons else []
        return toplevel[
            *names,
            self.format_title(e, "title"),
            sentence[tag("em")[field("journal")], optional[volume], date],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]


@node
def _short_name(children, data):
    assert not children
    return Text(short_name(data["entry"]))


class BookPersonStyle(PersonStyle):
    """Names in references fall back as labels do: an unsigned article reads '(Time 1924)'."""

    def author_or_editor_or_title(self, full):
        return _short_name


@dataclasses.dataclass
class BookReferenceStyle(AuthorYearReferenceStyle):
    """(Spenser 1999) and Spenser (1999): round brackets, no comma between name and year."""

    bracket_parenthetical: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")", sep="; ")
    )
    bracket_textual: BracketStyle = dataclasses.field(
        default_factory=lambda: BracketStyle(left="(", right=")", sep="; ")
    )
    bracket_year: BracketStyle = dataclasses.field(default_factory=lambda: BracketStyle(left="(", right=")"))
    person: PersonStyle = dataclasses.field(default_factory=BookPersonStyle)
    author_year_sep: str = " "


# pybtex looks plugins up through package entry points on every call (0.7 s of a 2.4 s build,
# for one backend looked up per citation); registered at run time, they are found at once.
PLUGINS = {
    ("pybtex.backends", "plaintext"): "pybtex.backends.plaintext:Backend",
    ("pybtex.backends", "docutils"): "pybtex_docutils:Backend",
    ("pybtex.style.names", "plain"): "pybtex.style.names.plain:NameStyle",
    ("pybtex.style.names", "last"): "sphinxcontrib.bibtex.style.names.last:LastNameStyle",
    ("pybtex.style.names", "lastfirst"): "pybtex.style.names.lastfirst:NameStyle",
}


def register_styles() -> None:
    """Make the styles findable by the names that conf.py uses, and pybtex's own at once."""
    for (group, name), target in PLUGINS.items():
        module, klass = target.split(":")
        plugin = getattr(importlib.import_module(module), klass)
        pybtex.plugin.register_plugin(group, name, plugin, force=True)
    pybtex.plugin.register_plugin("pybtex.style.formatting", FORMATTING_STYLE, BookStyle)
    register_plugin("sphinxcontrib.bibtex.style.referencing", REFERENCE_STYLE, BookReferenceStyle)


def setup(app):
    register_styles()
    app.connect("build-finished", FORMATTED.save)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
