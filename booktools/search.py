"""The search index's English, with each word's stem worked out once per build.

Sphinx stems every word of every page it indexes, and the same few thousand words come back on
every page: a tenth of writing the site went to the stemmer. The stems are the same ones
(Snowball's English, as Sphinx's own), kept in a dictionary for the length of a build.
"""

from sphinx.search.en import SearchEnglish


class BookEnglish(SearchEnglish):
    def __init__(self, options):
        super().__init__(options)
        self.stems: dict[str, str] = {}

    def stem(self, word: str) -> str:
        stem = self.stems.get(word)
        if stem is None:
            stem = self.stems[word] = super().stem(word)
        return stem


def setup(app):
    app.add_search_language(BookEnglish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
