"""The printed index files names where a reader looks for them: Álvarez under A, Пестковский under P.

xindy, as Sphinx runs it for an English book, knows only the unaccented Latin letters: it files
"Álvarez" under O (by its first plain letter) and every Cyrillic word under "Symbols". Each index
entry Sphinx writes has a sort key and a text (``\\index{key@\\spxentry{text}}``); here the key
loses its accents and Cyrillic is transliterated, while the printed text stays as written. The
HTML index groups accented letters correctly already.
"""

import unicodedata
from pathlib import Path

from sphinx.util import logging
from sphinx.writers.latex import LaTeXTranslator

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


def setup(app):
    app.set_translator("latex", IndexSortingTranslator)
    app.connect("build-finished", check_sort_keys)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
