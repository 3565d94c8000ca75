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
