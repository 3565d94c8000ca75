"""Keeps the bibliography and the citing pages current in incremental builds.

sphinxcontrib-bibtex decides which entries each ``{bibliography}`` lists, and how every
citation reads, after all documents are read; but Sphinx rewrites only the documents that
were re-read. Add a citation to one chapter and, without this module, the bibliography page
keeps its old list, so the new citation links to an anchor that does not exist (and the build
still exits 0). Here, once bibtex has settled, we compare what each bibliography lists and how
each cited entry renders with the previous build, and hand Sphinx back exactly the documents
whose output changed: nothing more, so an edit without citation changes stays cheap.
"""

from sphinx.util import logging

from .citations import PLAIN_TEXT, entry_fingerprint

logger = logging.getLogger(__name__)

# Runs after sphinxcontrib-bibtex's own env-updated handler (priority 500) has placed citations.
PRIORITY = 600


def _entry_fingerprint(citation) -> tuple:
    """What a page shows of an entry: its label, its formatted text and its data."""
    formatted = citation.formatted_entry
    return (formatted.label, formatted.text.render(PLAIN_TEXT), entry_fingerprint(citation.entry))


def snapshot(domain) -> tuple[dict, dict]:
    """What the bibliographies list, and how each cited key renders, as plain comparable data."""
    listed: dict[str, list] = {}
    rendered: dict[str, tuple] = {}
    for citation in domain.citations:
        fingerprint = _entry_fingerprint(citation)
        listed.setdefault(citation.bibliography_key.docname, []).append((citation.key, fingerprint))
        rendered[citation.key] = fingerprint
    return listed, rendered


def documents_to_rewrite(before, after, citing: dict[str, set]) -> set[str]:
    """Bibliography pages whose list changed, and pages citing an entry that renders differently."""
    listed_before, rendered_before = before
    listed_after, rendered_after = after
    docs = {
        doc
        for doc in listed_before.keys() | listed_after.keys()
        if listed_before.get(doc) != listed_after.get(doc)
    }
    changed_keys = {
        key
        for key in rendered_before.keys() | rendered_after.keys()
        if rendered_before.get(key) != rendered_after.get(key)
    }
    docs |= {doc for doc, keys in citing.items() if keys & changed_keys}
    return docs


def citing_documents(domain) -> dict[str, set]:
    citing: dict[str, set] = {}
    for ref in domain.citation_refs:
        citing.setdefault(ref.docname, set()).update(target.key for target in ref.targets)
    return citing


def mark_changed_documents(app, env):
    domain = env.get_domain("cite")
    after = snapshot(domain)
    before = getattr(env, "booktools_bibliography_snapshot", None)
    env.booktools_bibliography_snapshot = after
    if before is None:  # a fresh environment writes every page anyway
        return []
    docs = documents_to_rewrite(before, after, citing_documents(domain)) & env.found_docs
    if docs:
        logger.info("bibliography changed: rewriting %s", ", ".join(sorted(docs)))
    return sorted(docs)


def setup(app):
    app.connect("env-updated", mark_changed_documents, priority=PRIORITY)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
