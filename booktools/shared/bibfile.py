"""A .bib file read with pybtex's own parser, each entry with the line it starts on.

The extension (audit.py), the build command (its check before any builder starts) and the
bibliography lint (checks/bib.py) read the same files: ``parse`` reads each one once per
process, and again only when its bytes change.
"""

import functools
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from pybtex.database import BibliographyData
from pybtex.database.input.bibtex import LowLevelParser, Parser
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError

from . import Problem


class LocatingParser(Parser):
    """pybtex's parser, remembering the line each entry starts on, and collecting errors."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self.lines: dict[str, int] = {}
        self.broken: set[str] = set()  # keys of entries with a syntax error: field checks skip them
        self.problems: list[Problem] = []
        self.text = ""
        self.scanner = None

    def entry_line(self) -> int:
        return self.text.count("\n", 0, self.scanner.command_start) + 1

    def handle_error(self, error):
        if isinstance(error, PybtexSyntaxError) and self.scanner is not None:
            line = self.entry_line()
            message = f"BibTeX syntax error in the entry that starts here: {error}"
            if "premature end of file" in str(error):
                message += " (a brace or quote left open?)"
            self.broken.add(self.scanner.current_entry_key)
        else:
            line, message = None, f"BibTeX: {error}"
        self.problems.append(Problem(self.path, line, message))

    def parse_string(self, text):
        self.unnamed_entry_counter = 1
        self.text = text
        self.scanner = LowLevelParser(text, handle_error=self.handle_error, filename=str(self.path))
        for entry_type, body in self.scanner:
            line = self.entry_line()
            if entry_type.lower() in ("string", "preamble"):
                continue
            key = body[0]
            seen = {k.lower(): k for k in self.lines}
            if key and key.lower() in seen:
                first = self.lines[seen[key.lower()]]
                self.problems.append(
                    Problem(self.path, line, f"duplicate key {key!r} (first at line {first})")
                )
                continue
            self.lines[key] = line
            self.process_entry(entry_type, *body)
        return self.data


@dataclass
class Parsed:
    data: BibliographyData
    lines: dict[str, int | None]  # the line each entry starts on
    problems: list[Problem]  # syntax errors and duplicate keys
    broken: set[str]  # keys of entries that did not parse
    fallback: str = ""  # why the lines are unknown, when pybtex's scanner was not as expected
    comments: dict[str, str] | None = None  # each entry's comment (where its fields were seen)


def comments_above(text: str, lines: dict[str, int | None]) -> dict[str, str]:
    """The comment lines (%) right above each entry, without their %: the file's convention is
    to say there where each field was seen and what could not be confirmed."""
    rows = text.splitlines()
    comments = {}
    for key, line in lines.items():
        above, start = [], (line or 1) - 2
        while line and start >= 0 and rows[start].lstrip().startswith("%"):
            above.insert(0, rows[start].lstrip()[1:].strip())
            start -= 1
        if above:
            comments[key] = " ".join(above)
    return comments


def parse(path: Path) -> Parsed:
    """The entries of a .bib file, each with its line, read with pybtex's own scanner (an
    undocumented part of pybtex: CONTRIBUTING.md). If that scanner is not what this module
    expects, pybtex's public parser reads the file instead: the same entries, without lines.
    The same bytes are parsed once in a process (what is returned is shared: read, never change)."""
    return parsed_text(path, path.read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=32)
def parsed_text(path: Path, text: str) -> Parsed:
    parser = LocatingParser(path)
    try:
        data = parser.parse_string(text)
        comments = comments_above(text, parser.lines)
        return Parsed(data, parser.lines, parser.problems, parser.broken, comments=comments)
    except (AttributeError, TypeError, ValueError) as error:
        reason = f"pybtex's scanner is not what booktools expects ({error!r}): entries have no line numbers"
    public = Parser()
    try:
        data = public.parse_string(text)
        problems = []
    except PybtexError as error:
        data, problems = BibliographyData(), [Problem(path, None, f"BibTeX: {error}")]
    return Parsed(data, dict.fromkeys(data.entries), problems, set(), reason)


WEB_SCHEMES = ("http", "https")


def unsafe_urls(path: Path, parsed: Parsed) -> list[Problem]:
    """Addresses the book would turn into links that are not web addresses (``javascript:``,
    ``data:``, ``file:``): each stops the build, with its entry's line."""
    problems = []
    for key, entry in parsed.data.entries.items():
        for name, value in entry.fields.items():
            if name.lower() == "url" and urlsplit(value.strip()).scheme.lower() not in WEB_SCHEMES:
                message = f"{key}: url {value!r} is not a web address (http or https): it would be a link"
                problems.append(Problem(path, parsed.lines.get(key), message))
    return problems
