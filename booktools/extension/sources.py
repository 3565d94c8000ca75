"""Pages are re-read when their content changed, whatever their modification times say.

Sphinx re-reads a page only when the file, or a file it depends on (the chronology's data, an
image), is *newer* than the last read. An edit undone by restoring an older copy (``cp -p``,
``git stash``, ``tar x``, ``rsync -a``) has an older time, and Sphinx would keep the undone
edit. Here each page's content and that of its dependencies is hashed when it is read, and a
page whose hashes differ now is handed back to Sphinx to re-read (``env-get-outdated``). The
hashes live in the environment, kept and merged by Sphinx like any collector's data.

Two more things about what a build reads. Editors' lock, swap and backup files beside a chapter
are not pages (Sphinx would try to read Emacs's ``.#chapter.md``, a link to nowhere). And every
file Sphinx read outside the source folder (an included file, the bibliographies, templates and
static files, and what conf.py itself reads: ``book_inputs``) is listed for the build command, in
the file it names (``book_inputs_report``), which checks them by content before the next build,
as it does the sources.
"""

import hashlib
import json
import os
import sysconfig
from pathlib import Path

from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging

from ..shared.files import EDITOR_FILES, files

logger = logging.getLogger(__name__)


def content_digest(srcdir, paths) -> str:
    """One digest of several files' names (from the source folder) and bytes; a file that cannot
    be read counts as changed."""
    total = hashlib.sha256()
    for path in sorted(Path(srcdir, p) for p in paths):
        total.update(os.path.relpath(path, srcdir).encode() + b"\0")
        try:
            total.update(hashlib.sha256(path.read_bytes()).digest())
        except OSError:
            total.update(b"unreadable")
    return total.hexdigest()


class SourceDigests(EnvironmentCollector):
    """``env.booktools_source_digests``: for each page, the digest of its file and dependencies,
    taken before it was read (a file saved while the build runs is re-read next time)."""

    def __init__(self):
        self.before: dict[str, str] = {}  # page -> digest of its source file, at the start

    def clear_doc(self, app, env, docname):
        digests(env).pop(docname, None)

    def merge_other(self, app, env, docnames, other):
        for docname in docnames:
            digests(env)[docname] = digests(other)[docname]

    def process_doc(self, app, doctree):
        env = app.env
        docname = env.docname
        source = self.before.get(docname) or content_digest(env.srcdir, [env.doc2path(docname)])
        read = content_digest(env.srcdir, dependencies(env).get(docname, ()))
        digests(env)[docname] = (source, read)

    def get_outdated_docs(self, app, env, added, changed, removed):
        known, read = digests(env), dependencies(env)
        self.before = {doc: content_digest(env.srcdir, [env.doc2path(doc)]) for doc in env.found_docs}
        return sorted(
            doc
            for doc in env.found_docs - added - changed - removed
            if known.get(doc) != (self.before[doc], content_digest(env.srcdir, read.get(doc, ())))
        )


def dependencies(env) -> dict:
    """Sphinx's record of the files each page read besides its source (``env.dependencies``,
    undocumented: CONTRIBUTING.md). If it is not there, pages are judged by their own files
    alone, and the build says so once."""
    found = getattr(env, "dependencies", None)
    if isinstance(found, dict):
        return found
    if not getattr(env, "booktools_dependencies_missing", False):
        env.booktools_dependencies_missing = True
        logger.warning("Sphinx keeps no env.dependencies: files a page includes are not checked by "
                       "content", type="booktools", subtype="fallback")  # fmt: skip
    return {}


def digests(env) -> dict:
    if not hasattr(env, "booktools_source_digests"):
        env.booktools_source_digests = {}
    return env.booktools_source_digests


def skip_editor_files(app, config):
    config.exclude_patterns = [*config.exclude_patterns, *EDITOR_FILES, *(f"**/{p}" for p in EDITOR_FILES)]


def read_outside_sources(app) -> set[str]:
    """Every file this build read that is not a source: the pages' recorded dependencies, the
    bibliographies, and the files under the template, static and extra folders conf.py names.
    Not the installed packages' files (a theme's templates): booktools.make checks what is
    installed by the packages' own records."""
    env, config = app.env, app.config
    paths = {Path(env.srcdir, dependency) for deps in dependencies(env).values() for dependency in deps}
    paths |= {Path(app.confdir, bibfile) for bibfile in getattr(config, "bibtex_bibfiles", None) or []}
    paths |= {Path(app.confdir, name) for name in config.book_inputs}
    for name in ("templates_path", "html_static_path", "html_extra_path"):
        for folder in getattr(config, name, None) or []:
            paths |= set(files(Path(app.confdir, folder)))
    installed = {Path(sysconfig.get_paths()[name]).resolve() for name in ("purelib", "platlib")}
    resolved = {path.resolve() for path in paths}
    return {str(path) for path in resolved if not any(path.is_relative_to(p) for p in installed)}


def list_inputs(app, exception):
    if exception is None and app.config.book_inputs_report:
        listed = sorted(read_outside_sources(app))
        Path(app.config.book_inputs_report).write_text(json.dumps(listed, indent=1), encoding="utf-8")


def setup(app):
    # Files conf.py reads itself (CITATION.cff, say), which Sphinx cannot know of.
    app.add_config_value("book_inputs", [], "env", types=[list])
    # Where to list what this build read (the build command names it; none: not listed).
    app.add_config_value("book_inputs_report", "", "", types=[str])
    app.connect("config-inited", skip_editor_files)
    app.connect("build-finished", list_inputs)
    app.add_env_collector(SourceDigests)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
