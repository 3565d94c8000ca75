"""Every bad input stops the build with a message naming the file (and line), and changes nothing.

One tiny project per scenario under tests/roots/test-<scenario>/, as sphinxcontrib-bibtex's
own tests do: a three-line conf.py, an index and a .bib, each with exactly one thing wrong.
Each test asserts the message an editor sees, so it fails if that message disappears.
"""

import sys

import pytest
from pypdf import PdfReader

from book import copy_root, fingerprint, parse_html, run, sphinx
from booktools.shared.latex import build_pdf

# scenario: the message Sphinx prints (after the project's path), with -W -n
SPHINX_ERRORS = {
    "unknown-key": 'index.md:3: WARNING: could not find bibtex key "nokey"',
    "unbalanced-brace": "refs.bib:1: BibTeX syntax error in the entry that starts here",
    "duplicate-key": "refs.bib:9: duplicate key 'spenser1999' (first at line 1)",
    "uncited-entry": "refs.bib:9: WARNING: entry 'spenser2011' is cited nowhere",
    "broken-ref": "index.md:3: WARNING: undefined label: 'no-such-section'",
    "orphan-chapter": "chapter.md: WARNING: document isn't included in any toctree",
    "missing-image": "index.md:5: WARNING: image file not readable: map-of-mexico.png",
    "colon-fence-off": "index.md:5: WARNING: MyST syntax printed as text: ':::{note}'",
    "evidence-missing": "index.md:5: WARNING: the citation of monteon2011 has no evidence: add it to "
    "evidence.yaml (cite: monteon2011, pages: [index])",
    "evidence-uncited": "evidence.yaml:13: WARNING: evidence for spenser1999{p. 75}, but index does not "
    "cite it so",
    "evidence-untranslated": "evidence.yaml:5: WARNING: a quote in 'es' needs the editors' translation",
    "evidence-no-locator": "evidence.yaml:5: WARNING: no locator for monteon2011: give the citation one "
    "(monteon2011{p. 16}), or here locator (a section, a paragraph) or no-locator (why there is none)",
}
# scenario: the message of the bibliography lint (make check), which Sphinx lets through
LINT_ERRORS = {
    "unbalanced-brace": "refs.bib:1: BibTeX syntax error in the entry that starts here",
    "duplicate-key": "refs.bib:9: duplicate key 'spenser1999' (first at line 1)",
    "missing-field": "refs.bib:1: @book{spenser1999} lacks publisher",
    "bad-isbn": "refs.bib:1: spenser1999: ISBN 978-0-8223-2289-5 has a wrong check digit or length",
    # (and its other entry, whose ISBN-10 ends in a right X, is not named)
    "bad-isbn-10": "refs.bib:1: sample1990: ISBN 0-306-40615-3 has a wrong check digit or length",
    "bad-doi": "refs.bib:1: spenser1999: DOI 'not a DOI' is not of the form 10.NNNN/suffix",
    "unescaped-percent": "refs.bib:1: spenser1999: title has an unescaped '%': write \\%",
}


@pytest.mark.parametrize("scenario", sorted(SPHINX_ERRORS))
def test_sphinx_stops_and_names_the_place(scenario, rootdir, tmp_path):
    source = rootdir / f"test-{scenario}"
    before = fingerprint(source)
    result = sphinx(source, build=tmp_path)  # as `make html` runs it (-W -n), built beside the root
    assert result.returncode != 0
    assert f"{source}/{SPHINX_ERRORS[scenario]}" in result.stderr, result.stderr
    assert fingerprint(source) == before


def test_broken_numref_is_named_too(rootdir, tmp_path):
    source = rootdir / "test-broken-ref"
    said = sphinx(source, build=tmp_path).stderr
    assert f"{source}/index.md:3: WARNING: undefined label: 'no-such-figure'" in said


@pytest.mark.parametrize("scenario", sorted(LINT_ERRORS))
def test_the_bibliography_lint_stops_and_names_the_line(scenario, tmp_path):
    source = copy_root(f"test-{scenario}", tmp_path)
    before = fingerprint(source)
    result = run(sys.executable, "-m", "booktools.checks", "bib", "conf.py", cwd=source)
    assert result.returncode == 1
    assert LINT_ERRORS[scenario] in result.stderr, result.stderr
    assert "1 file(s) checked, 1 problem(s)" in result.stderr, result.stderr  # that fault, and no other
    assert fingerprint(source) == before


def test_a_good_bibliography_passes_the_lint(tmp_path):
    source = copy_root("test-unknown-key", tmp_path)
    result = run(sys.executable, "-m", "booktools.checks", "bib", "conf.py", cwd=source)
    assert result.returncode == 0, result.stderr


@pytest.mark.slow  # XeLaTeX
def test_latex_special_characters_render_in_html_and_pdf(tmp_path):
    source = copy_root("test-latex-specials", tmp_path)
    assert run(sys.executable, "-m", "booktools.checks", "bib", "conf.py", cwd=source).returncode == 0
    html = sphinx(source, "html")
    assert html.returncode == 0, html.stderr
    entry = parse_html(source / "_build" / "html" / "index.html").select_one("div.citation").get_text()
    assert "AT&T, 100% #1 snake_case" in entry
    latex = sphinx(source, "latex")
    assert latex.returncode == 0, latex.stderr
    assert build_pdf(source / "_build" / "latex") == []
    pdf = next((source / "_build" / "latex").glob("*.pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "AT&T, 100% #1 snake_case" in " ".join(text.split())


@pytest.mark.slow  # XeLaTeX
def test_a_latex_error_shows_the_few_lines_that_matter(tmp_path):
    source = copy_root("test-latex-error", tmp_path)
    before = fingerprint(source)
    assert sphinx(source, "latex").returncode == 0
    problems = build_pdf(source / "_build" / "latex")
    assert problems
    message = str(problems[0])
    assert message.startswith(f"{source}/_build/latex/") and ".tex:" in message.splitlines()[0]
    assert "! Undefined control sequence." in message
    assert "\\undefinedcommandinthebook" in message
    assert len("\n".join(map(str, problems)).splitlines()) <= 20
    assert fingerprint(source) == before
