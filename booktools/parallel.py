"""``-j N`` that pays: each worker resolves, indexes and writes its own pages.

Sphinx's parallel HTML writing resolves every page (references, citations, previews) and feeds
it to the search index in the main process, one page after another, and only the last step,
turning a resolved page into HTML, happens in the workers. With two cores that serial half
was most of the writing: ``-j auto`` built 400 chapters only 1.2 times faster. Here each worker
does the whole of each of its pages (as a serial build does) and sends back the two things the
main process must gather: the images the pages use, and their search-index entries.
"""

import gc

from sphinx.util import logging
from sphinx.util.build_phase import BuildPhase
from sphinx.util.display import status_iterator
from sphinx.util.parallel import ParallelTasks, make_chunks

logger = logging.getLogger(__name__)

# The search index's tables of pages (sphinx.search.IndexBuilder keeps them in private names).
PAGE_TABLES = ("_titles", "_filenames", "_all_titles", "_index_entries")
WORD_TABLES = ("_mapping", "_title_mapping")  # word -> pages


class ParallelWriting:
    """For sphinx.builders.html.StandaloneHTMLBuilder (booktools/builder.py puts them together)."""

    def write_page(self, docname: str) -> None:
        """Everything Sphinx does to one page, in order (sphinx.builders._write_docname)."""
        self.phase = BuildPhase.RESOLVING
        doctree = self.env.get_and_resolve_doctree(docname, self, tags=self.tags)
        self.phase = BuildPhase.WRITING
        self.write_doc_serialized(docname, doctree)
        self.write_doc(docname, doctree)

    def _write_parallel(self, docnames, nproc: int) -> None:
        if self.indexer is None or not all(hasattr(self.indexer, t) for t in PAGE_TABLES + WORD_TABLES):
            return super()._write_parallel(docnames, nproc)
        first, rest = docnames[0], docnames[1:]
        self.write_page(first)  # as Sphinx does: fills the caches the workers inherit
        gc.freeze()  # workers then never scan (and copy) the whole inherited heap to collect garbage
        # Sphinx passes one worker fewer than -j asks for, keeping a core for the main process's
        # resolving; that work is the workers' here, so they get every core.
        nproc += 1
        chunks = make_chunks(rest, nproc)
        progress = status_iterator(
            chunks, "writing output... ", "darkgreen", len(chunks), self.config.verbosity
        )
        tasks = ParallelTasks(nproc)
        for chunk in chunks:
            tasks.add_task(
                self.write_chunk, chunk, lambda chunk, result: (self.gather(result), next(progress))
            )
        tasks.join()
        logger.info("")

    def write_chunk(self, docnames: list[str]) -> tuple[dict, dict]:
        """In a worker: write these pages; return their images and search-index entries."""
        for table in PAGE_TABLES + WORD_TABLES:
            setattr(self.indexer, table, {})  # from now on, only these pages' entries
        for docname in docnames:
            self.write_page(docname)
        return self.images, {table: getattr(self.indexer, table) for table in PAGE_TABLES + WORD_TABLES}

    def gather(self, result: tuple[dict, dict]) -> None:
        images, tables = result
        self.images.update(images)
        for table in PAGE_TABLES:
            getattr(self.indexer, table).update(tables[table])
        for table in WORD_TABLES:
            words = getattr(self.indexer, table)
            for word, pages in tables[table].items():
                words.setdefault(word, set()).update(pages)
