"""The checkers themselves: each finds what it is for, and passes the book."""

import sys

from book import ROOT, run
from booktools.checks import links

PAGE = """<!DOCTYPE html><html><body>
<h1 id="top">A page</h1>
<a href="other.html#here">fine</a>
<a href="other.html#nowhere">missing anchor</a>
<a href="gone.html">missing page</a>
<a href="#top">fine</a>
<a href="https://example.org/">not ours</a>
</body></html>
"""


def test_the_link_checker_finds_missing_pages_and_anchors(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "other.html").write_text('<p id="here">x</p>', encoding="utf-8")
    problems = [str(p) for p in links.check(tmp_path)]
    assert problems == [
        f"{tmp_path}/index.html:4: link to 'other.html#nowhere': no anchor #nowhere there",
        f"{tmp_path}/index.html:5: link to 'gone.html': no such file",
    ]


def test_every_internal_link_of_the_book_resolves(html_dir):
    assert links.check(html_dir) == []


def codespell(*paths):
    return run(sys.executable, "-m", "codespell_lib", "--toml", ROOT / "pyproject.toml", *paths, cwd=ROOT)


def test_spelling_catches_a_typo_and_knows_the_names(tmp_path):
    typo = tmp_path / "chapter.md"
    misspelt = "rec" + "ieve"  # spelt out here, the word would fail the project's own check
    typo.write_text(f"President Calles did not {misspelt} the envoy.\n", encoding="utf-8")
    result = codespell(typo)
    assert result.returncode != 0
    assert f"{typo}:1: {misspelt} ==> receive" in result.stdout
    assert "Calles" not in result.stdout


def test_the_book_is_spelled_right():
    result = codespell("docs", "README.md", "references.bib")
    assert result.returncode == 0, result.stdout


def test_the_bibliography_is_read_with_lines_or_without_them_when_pybtex_changes(monkeypatch):
    from pybtex.database import parse_file

    from booktools.checks import bib

    path = ROOT / "tests" / "roots" / "test-author-year" / "refs.bib"
    public = parse_file(str(path), "bibtex")
    parsed = bib.parse(path)
    assert parsed.fallback == "" and parsed.problems == []
    assert list(parsed.data.entries) == list(public.entries) and all(parsed.lines.values())

    class ChangedScanner:  # a pybtex whose scanner is called differently
        def __init__(self, *args, **kwargs):
            raise TypeError("unexpected keyword argument 'handle_error'")

    monkeypatch.setattr(bib, "LowLevelParser", ChangedScanner)
    fallback = bib.parse(path)
    assert "pybtex's scanner is not what booktools expects" in fallback.fallback
    assert list(fallback.data.entries) == list(public.entries)
    assert [e.fields for e in fallback.data.entries.values()] == [e.fields for e in public.entries.values()]
