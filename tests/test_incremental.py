"""`make html` after an edit is incremental and still right: it equals a clean build.

The known trap: add a citation to a chapter and rebuild; Sphinx rewrites only that chapter,
so the bibliography page keeps its old list and the new citation points at an anchor that
does not exist, with exit status 0. booktools/freshness.py fixes the cause; these tests
rebuild a copy of the book after each kind of edit and compare it, file by file, with a
clean build of the same sources.
"""

import filecmp
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from book import CONF, ROOT, built
from booktools.build import READS
from booktools.checks import links

PROJECT_FILES = [*READS, "docs"]  # what a copy of the book needs
# A real, confirmed work (from the research notes), under a key that the book does not cite.
UNCITED_ENTRY = """
@book{uncited_spenser2011,
  author     = {Spenser, Daniela},
  title      = {Stumbling Its Way through Mexico: The Early Years of the Communist International},
  translator = {Gellert, Peter},
  publisher  = {The University of Alabama Press},
  address    = {Tuscaloosa},
  year       = {2011}
}
"""


def sphinx_html(project: Path, out: str) -> subprocess.CompletedProcess:
    build = project / "_build"
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-c", project,
               "-d", build / "doctrees" / out, project / "docs", build / out,
               "-W", "--keep-going", "-n", "-q",
               "-D", "book_further_reading=uncited_spenser2011"]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def differences(a: Path, b: Path) -> list[str]:
    """Files that are missing on one side or differ, anywhere under two output trees."""
    files_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    diff = [f"only in one build: {f}" for f in sorted(files_a ^ files_b)]
    return diff + [
        f"differs: {f}" for f in sorted(files_a & files_b) if not filecmp.cmp(a / f, b / f, shallow=False)
    ]


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the book, with the editions it links to, built once."""
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, tmp_path / name)
    for edition in CONF["book_downloads"].values():  # the PDF and EPUB the pages link to
        (tmp_path / edition).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(built(ROOT / edition), tmp_path / edition)
    with open(tmp_path / "references.bib", "a", encoding="utf-8") as bib:
        bib.write(UNCITED_ENTRY)
    sphinx_html(tmp_path, "html")
    return tmp_path


def edit(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def assert_incremental_equals_clean(project: Path):
    incremental = sphinx_html(project, "html")
    sphinx_html(project, "clean")
    assert differences(project / "_build" / "html", project / "_build" / "clean") == []
    assert links.check(project / "_build" / "html") == []
    return incremental


def test_a_new_citation_reaches_the_bibliography(project):
    chapter = project / "docs" / "chapters" / "03-soviet-strategy.md"
    title = "# The Soviet Union's Diplomatic Strategy\n"
    edit(chapter, title, title + "\nSee {cite:t}`uncited_spenser2011`.\n")
    assert_incremental_equals_clean(project)


def test_a_changed_entry_reaches_every_page_that_cites_it(project):
    edit(project / "references.bib", "author  = {Monte{\\'o}n Gonz{\\'a}lez, Humberto}",
         "author  = {Monte{\\'o}n, Humberto}")  # fmt: skip
    assert_incremental_equals_clean(project)


def test_an_edit_without_citations_rewrites_only_that_chapter(project):
    chapter = project / "docs" / "chapters" / "02-historical-context.md"
    edit(chapter, "# Historical Context\n", "# Historical Context\n\nA new editorial sentence.\n")
    before = {p: p.stat().st_mtime_ns for p in (project / "_build" / "html").rglob("*.html")}
    assert_incremental_equals_clean(project)
    rewritten = {p.name for p, t in before.items() if p.stat().st_mtime_ns != t}
    assert "bibliography.html" not in rewritten
    assert "02-historical-context.html" in rewritten


def test_a_changed_definition_reaches_every_preview_of_it(project):
    glossary = project / "docs" / "glossary.md"
    edit(glossary, "Mexico's minister in Berlin, who negotiated", "Mexico's envoy in Berlin, who negotiated")
    assert_incremental_equals_clean(project)


def test_a_new_chapter_title_reaches_every_sidebar(project):
    edit(project / "docs" / "chapters" / "08-legacy.md", "# Legacy and Historical Significance\n",
         "# Legacy and Historical Significance of 1924\n")  # fmt: skip
    assert_incremental_equals_clean(project)
