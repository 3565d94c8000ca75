"""Bibliography lint, on pybtex's own parser: what Sphinx and pybtex let through.

- syntax errors, with their line;
- duplicate keys, with both lines;
- the fields each entry type needs; a field no source confirmed may be missing only if the
  entry says so, in ``unconfirmed = {year, publisher}`` (the book never invents a detail);
- ISBN-10 and ISBN-13 check digits, DOI syntax, https URLs (or a listed exception);
- characters LaTeX treats specially: an unescaped ``%`` silently cuts a title short (pybtex
  reads it as a comment), so ``%``, ``&``, ``#`` and ``_`` must be written ``\\%`` and so on,
  except in url and doi fields;
- years a source could have: four digits, not in the future.
"""

import datetime
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from ..shared.bibfile import parse
from . import Problem

# Fields an entry of each type needs; a tuple means "one of these".
REQUIRED = {
    "article": [("author",), ("title",), ("journal",), ("year",)],
    "book": [("author", "editor"), ("title",), ("publisher",), ("year",)],
    "incollection": [("author",), ("title",), ("booktitle",), ("publisher",), ("year",)],
    "online": [("author", "editor"), ("title",), ("url",), ("year",)],
    "misc": [("title",)],
}
VERBATIM_FIELDS = {"url", "doi"}
SPECIAL = {"%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_"}
DOI = re.compile(r"10\.\d{4,9}/[-._;()/:A-Za-z0-9]+")  # Crossref's recommended pattern


def isbn_is_valid(isbn: str) -> bool:
    digits = isbn.replace("-", "").replace(" ", "").upper()
    if len(digits) == 10 and digits[:9].isdigit() and (digits[9].isdigit() or digits[9] == "X"):
        values = [int(d) for d in digits[:9]] + [10 if digits[9] == "X" else int(digits[9])]
        return sum((10 - i) * v for i, v in enumerate(values)) % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        return sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(digits)) % 10 == 0
    return False


def unescaped_specials(value: str) -> list[str]:
    found, escaped = [], False
    for char in value:
        if char in SPECIAL and not escaped:
            found.append(char)
        escaped = char == "\\" and not escaped
    return sorted(set(found))


def this_year() -> int:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.datetime.fromtimestamp(int(epoch), datetime.UTC) if epoch else datetime.datetime.now()
    return moment.year


def entry_problems(key, entry, http_allowed: dict[str, str]) -> list[str]:
    problems = []
    fields = {name.lower(): value for name, value in entry.fields.items()}
    present = set(fields) | {role.lower() for role in entry.persons}
    unconfirmed = {f.strip().lower() for f in fields.get("unconfirmed", "").split(",") if f.strip()}
    for options in REQUIRED.get(entry.type.lower(), []):
        if not (set(options) & (present | unconfirmed)):
            need = " or ".join(options)
            problems.append(
                f"@{entry.type}{{{key}}} lacks {need} (if no source confirms it, "
                f"say so: unconfirmed = {{{need.split(' or ')[0]}}})"
            )
    if "isbn" in fields and not isbn_is_valid(fields["isbn"]):
        problems.append(f"{key}: ISBN {fields['isbn']} has a wrong check digit or length")
    if "doi" in fields and not DOI.fullmatch(fields["doi"]):
        problems.append(f"{key}: DOI {fields['doi']!r} is not of the form 10.NNNN/suffix")
    if "url" in fields:
        url = fields["url"]
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"{key}: url {url!r} is not a web address")
        elif parts.scheme == "http" and url not in http_allowed:
            problems.append(f"{key}: url {url!r} is not https (or list it, with a reason, in book_http_urls)")
    for name, value in fields.items():
        if name in VERBATIM_FIELDS:
            continue
        for char in unescaped_specials(value):
            problems.append(f"{key}: {name} has an unescaped {char!r}: write {SPECIAL[char]}")
    if "year" in fields:
        year = fields["year"]
        if not (year.isdigit() and len(year) == 4 and 1450 <= int(year) <= this_year()):
            problems.append(f"{key}: year {year!r} is not a plausible year of publication")
    return problems


def lint(path: Path, http_allowed: dict[str, str] | None = None) -> list[Problem]:
    """Every problem in one .bib file, each with its line."""
    if not path.is_file():
        return [Problem(path, None, "bibliography file not found")]
    parsed = parse(path)
    problems = list(parsed.problems)
    if parsed.fallback:  # the lines are unknown: the lint cannot say where
        problems.append(Problem(path, None, parsed.fallback))
    for key, entry in parsed.data.entries.items():
        if key in parsed.broken:
            continue
        for message in entry_problems(key, entry, http_allowed or {}):
            problems.append(Problem(path, parsed.lines.get(key), message))
    return sorted(problems, key=lambda p: (p.line or 0, p.message))
