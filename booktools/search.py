"""The search index's English: names found with or without their accents, stems worked out once.

The book names people as their own languages spell them (Obregón, Álvarez, Пестковский), and
readers type them as their keyboards allow (Obregon). Here both the words of the pages and the
words of a query lose their accents before they are stemmed (Snowball's English, as Sphinx's
own): the Python side as the index is written, the JavaScript side as the query is split
(``js_splitter_code``, which Sphinx documents for this). Cyrillic is indexed as written.

Sphinx stems every word of every page it indexes, and the same few thousand words come back on
every page, so each word's stem is kept in a dictionary for the length of a build.
"""

import unicodedata

from sphinx.search.en import SearchEnglish

# Sphinx's own query splitter (searchtools.js), with the accents taken off first.
FOLDING_SPLITTER = r"""
var splitQuery = (query) =>
  query
    .normalize("NFKD")
    .replace(/\p{Mark}/gu, "")
    .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
    .filter((term) => term);
"""


def without_accents(word: str) -> str:
    """'Obregón' -> 'Obregon' (the combining marks of the word's decomposition dropped)."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


class BookEnglish(SearchEnglish):
    js_splitter_code = FOLDING_SPLITTER

    def __init__(self, options):
        super().__init__(options)
        self.stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self.stems.get(word)
        if stem is None:
            stem = self.stems[word] = super().stem(without_accents(word))
        return stem


def setup(app):
    app.add_search_language(BookEnglish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
