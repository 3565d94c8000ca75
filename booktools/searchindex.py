"""The search index of an incremental build equals a clean build's.

Sphinx 9 rebuilds ``searchindex.js`` from the index it wrote last time plus the pages it
rewrites, and two things go wrong on the way: words that only the rewritten pages contained
stay in the index with no pages, and the index entries (``{index}``, glossary terms) of every
page that was not rewritten are dropped, because they are not read back. Here the empty words
are removed, the index entries are kept beside the doctrees and restored for the pages not
rewritten, and the index is written again. (Sphinx keeps these tables in private attributes.)
"""

import json
from pathlib import Path

SAVED_ENTRIES = "booktools-index-entries.json"


def repair_search_index(app, exception):
    indexer = getattr(app.builder, "indexer", None)
    if exception or indexer is None:
        return
    saved = Path(app.doctreedir, SAVED_ENTRIES)
    previous = json.loads(saved.read_text(encoding="utf-8")) if saved.is_file() else {}
    changed = False
    for doc in app.env.all_docs:
        if doc not in indexer._index_entries and previous.get(doc):
            indexer._index_entries[doc] = [tuple(entry) for entry in previous[doc]]
            changed = True
    for mapping in (indexer._mapping, indexer._title_mapping):
        for word in [word for word, pages in mapping.items() if not pages]:
            del mapping[word]
            changed = True
    if changed:
        app.builder.dump_search_index()
    entries = {doc: indexer._index_entries[doc] for doc in sorted(indexer._index_entries)}
    saved.write_text(json.dumps(entries, ensure_ascii=False), encoding="utf-8")


def setup(app):
    app.connect("build-finished", repair_search_index)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
