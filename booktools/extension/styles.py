"""Only the style rules the site can use.

pydata-sphinx-theme ships one style sheet for every site it might build: all of Bootstrap and a
rule for each of Font Awesome's two thousand icons, 376 KB (64 KB compressed) that a reader's
phone fetches before it can draw the first page. Once the site is written, every style sheet
its pages link from ``_static`` is cut down to the rules that can apply, by the rule PurgeCSS
made common: a selector stays when every class and id it names occurs as a word in the pages
or in the scripts they load (so the classes the theme's scripts add at run time, "show",
"pst-scrolled", stay too). Names inside ``:not()``, ``:is()``, ``:where()`` and ``:has()`` are
not required, and at-rules other than ``@media``, ``@supports``, ``@layer`` and ``@container``
(fonts, keyframes, pages) are kept whole. A sheet left with no rule is removed with its links.

The theme's files are not touched. Each cut sheet's links carry the digest of its new content
(``?v=``), so a browser never keeps a copy that a later build cut differently. The pages are
read and rewritten once, by booktools/extension/assets.py: it hands this module what they say and load,
and puts the versions this module returns in their links. Whether the cut changes anything a
reader sees is tested by drawing the pages with and without it (tests/test_styles.py). Parsing
the theme's sheets is most of an HTML build's time, so what the cut needs of each sheet is kept
by content in booktools' cache folder: a rebuild parses nothing it parsed before.
"""

import hashlib
import json
import re
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import tinycss2
from tinycss2 import ast

from . import cachedir

WORD = re.compile(r"[A-Za-z0-9_-]+")
# Rules whose contents are rules, judged one by one; any other at-rule is kept as it is.
GROUPING = {"media", "supports", "layer", "container"}
# A selector function whose arguments need not match for the selector to apply.
LENIENT = {"not", "is", "where", "has"}
CODE = Path(__file__).read_bytes()  # a cached parse is made by this code: part of its key
TINYCSS2 = metadata.version("tinycss2")


def split_selectors(prelude: list) -> list[list]:
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    return [*selectors, current]


def required_names(selector: list) -> set[str]:
    """The class and id names a selector needs (those outside lenient functions)."""
    names = set()
    for before, token in zip([None, *selector], selector, strict=False):
        if token.type == "ident" and before is not None and before.type == "literal" and before.value == ".":
            names.add(token.value)
        elif token.type == "hash" and token.is_identifier:
            names.add(token.value)
        elif token.type == "function" and token.lower_name not in LENIENT:
            names |= required_names(token.arguments)
    return names


def rule_nodes(rules: list) -> list:
    """The rules as the cut needs them: ["rule", [(names a selector needs, its text), ...], the
    declarations], ["group", "@media ...", inner nodes], or ["keep", the rule's text]."""
    nodes = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [[sorted(required_names(s)), tinycss2.serialize(s).strip()]
                         for s in split_selectors(rule.prelude)]  # fmt: skip
            nodes.append(["rule", selectors, tinycss2.serialize(rule.content)])
        elif rule.type == "at-rule" and rule.lower_at_keyword in GROUPING and rule.content is not None:
            inner = tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True)
            header = f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}"
            nodes.append(["group", header, rule_nodes(inner)])
        elif isinstance(rule, ast.AtRule):
            nodes.append(["keep", tinycss2.serialize([rule])])
    return nodes


def parsed(css: str) -> tuple[list, list[str]]:
    """A sheet's rule nodes and the addresses it @imports (the theme's theme.css imports
    basic.css). Parsing the theme's sheets takes seconds, so the nodes are kept by content
    (booktools/extension/cachedir.py), keyed by this code and tinycss2's version too."""
    key = hashlib.sha256(CODE + TINYCSS2.encode() + css.encode()).hexdigest()[:16]
    cached = cachedir.load("css-rules", key, ".json")
    if cached is not None:
        nodes, addresses = json.loads(cached)
        return nodes, addresses
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    imported = [r for r in rules if isinstance(r, ast.AtRule) and r.lower_at_keyword == "import"]
    addresses = [t.value for rule in imported for t in rule.prelude if t.type in ("string", "url")]
    nodes = rule_nodes(rules)
    cachedir.store("css-rules", key, json.dumps([nodes, addresses]).encode(), ".json")
    return nodes, addresses


def kept_rules(nodes: list, words: set[str]) -> list[str]:
    kept = []
    for node in nodes:
        if node[0] == "rule":
            selectors = [text for names, text in node[1] if words.issuperset(names)]
            if selectors:
                kept.append(f"{','.join(selectors)}{{{node[2]}}}")
        elif node[0] == "group":
            inner = kept_rules(node[2], words)
            if inner:
                kept.append(f"{node[1]}{{{''.join(inner)}}}")
        else:
            kept.append(node[1])
    return kept


def cut(css: str, words: set[str]) -> str:
    """The style sheet with only the rules whose selectors can apply, given the words in use."""
    return "\n".join(kept_rules(parsed(css)[0], words))


def resolve(base: str, href: str) -> Path | None:
    """A link's target, relative to the site's root, from the address of what links to it
    (None for another host's)."""
    address = urlsplit(urljoin(base, href))
    return None if address.scheme or address.path.startswith("/") else Path(address.path)


def cut_site(
    outdir: Path, pages: Iterable[str], linked: set[Path | None], scripts: set[Path | None]
) -> dict[Path, str | None]:
    """Cuts the style sheets the pages link (``linked``, relative to ``outdir``, and what they
    import) to the rules that the words of the pages' text and of the ``scripts`` they load can
    use. Returns for each linked sheet its new version (``?v=`` and the digest of what it draws),
    or None when it draws nothing (its file is removed); booktools/extension/assets.py puts them in the
    pages' links."""
    linked, scripts = linked - {None}, scripts - {None}  # None: a file on another host
    words = set()
    for text in [
        *pages,
        *((outdir / s).read_text(encoding="utf-8") for s in scripts if (outdir / s).is_file()),
    ]:
        words.update(WORD.findall(text))

    sheets, imported, queue = {}, {}, sorted(linked)  # sheet -> its text once cut, what it imports
    while queue:
        sheet = queue.pop()
        if sheet is None or sheet in sheets or not (outdir / sheet).is_file():
            continue
        nodes, addresses = parsed((outdir / sheet).read_text(encoding="utf-8"))
        sheets[sheet] = "\n".join(kept_rules(nodes, words))
        imported[sheet] = [resolve(sheet.as_posix(), href) for href in addresses]
        queue += imported[sheet]

    def whole(sheet: Path | None) -> str:  # a sheet and what it imports: what its version must follow
        return sheets.get(sheet, "") + "".join(whole(i) for i in imported.get(sheet, []))

    versions = {}  # linked sheet -> "?v=digest" of what it draws, or None: nothing (removed)
    for sheet, text in sheets.items():
        if text.strip():
            (outdir / sheet).write_text(text + "\n", encoding="utf-8")
        else:
            (outdir / sheet).unlink()
        if sheet in linked:
            everything = whole(sheet)
            versions[sheet] = (
                "?v=" + hashlib.sha256(everything.encode()).hexdigest()[:12] if everything.strip() else None
            )
    return versions


def setup(app):
    # Off: the style sheets are published whole (to compare, or to look for a rule gone missing).
    # On, they are cut when booktools/extension/assets.py rewrites the pages, after the build.
    app.add_config_value("book_cut_style_sheets", True, "html", types=[bool])
    return {"parallel_read_safe": True, "parallel_write_safe": True}
