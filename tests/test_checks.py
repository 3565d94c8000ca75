"""The checkers themselves: each finds what it is for, and passes the book."""

import sys
from pathlib import Path

import pytest

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

    from booktools.shared import bibfile as bib

    path = ROOT / "tests" / "roots" / "test-author-year" / "refs.bib"
    public = parse_file(str(path), "bibtex")
    parsed = bib.parse(path)
    assert parsed.fallback == "" and parsed.problems == []
    assert list(parsed.data.entries) == list(public.entries) and all(parsed.lines.values())

    class ChangedScanner:  # a pybtex whose scanner is called differently
        def __init__(self, *args, **kwargs):
            raise TypeError("unexpected keyword argument 'handle_error'")

    monkeypatch.setattr(bib, "LowLevelParser", ChangedScanner)
    bib.parsed_text.cache_clear()  # the same bytes, read again by the changed pybtex
    fallback = bib.parse(path)
    assert "pybtex's scanner is not what booktools expects" in fallback.fallback
    assert list(fallback.data.entries) == list(public.entries)
    assert [e.fields for e in fallback.data.entries.values()] == [e.fields for e in public.entries.values()]


def lighthouse_report(performance: float, accessibility: float = 1, errors: int = 0) -> dict:
    """A report with Lighthouse's shape: categories, their audits, the console's errors."""
    scores = {"performance": performance, "accessibility": accessibility, "best-practices": 1, "seo": 1}
    audits = {
        f"{name}-audit": {"title": f"an audit of {name}", "score": score} for name, score in scores.items()
    }
    audits["errors-in-console"] = {
        "details": {"items": [{"source": "console", "description": "Boom"}] * errors}
    }
    categories = {
        name: {"score": score, "auditRefs": [{"id": f"{name}-audit", "weight": 1}]}
        for name, score in scores.items()
    }
    return {"categories": categories, "audits": audits}


def test_lighthouse_judges_by_the_median_of_three_runs_when_a_page_falls_short(tmp_path, monkeypatch):
    from contextlib import nullcontext

    from booktools.checks import lighthouse

    given = iter([lighthouse_report(0.73), lighthouse_report(0.99), lighthouse_report(0.97),  # phone
                  lighthouse_report(1, accessibility=0.9, errors=1)])  # desktop  # fmt: skip
    monkeypatch.setattr(lighthouse, "nginx", lambda site: nullcontext("http://127.0.0.1:1"))
    monkeypatch.setattr(lighthouse, "audit", lambda url, form_factor: next(given))
    monkeypatch.setattr(lighthouse, "LIGHTHOUSE", Path(sys.executable))
    minimum = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
    runs, problems = lighthouse.check(tmp_path, ["index.html"], minimum)
    assert [run.scores["performance"] for run in runs] == [97, 100]
    assert [p.message for p in problems] == [
        "Lighthouse desktop accessibility 90 < 100: an audit of accessibility",
        "Lighthouse desktop: console error: console: Boom",
    ]


def test_the_site_is_served_compressed_as_static_hosts_serve_it(tmp_path):
    import gzip
    import urllib.request

    from booktools.checks import lighthouse

    (tmp_path / "index.html").write_text("<!doctype html><title>x</title>" + "<p>words</p>" * 200)
    with lighthouse.nginx(tmp_path) as base:
        request = urllib.request.Request(f"{base}/index.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).decode().count("<p>words</p>") == 200


@pytest.mark.slow  # Chromium, through pa11y
def test_pa11y_catches_what_html_codesniffer_fails_and_passes_what_it_does_not(tmp_path):
    """A form with no submit button (H32.2, which axe lets through) is an error; the same form with
    one is not: the check can fail, and fails on the right thing."""
    from booktools.checks import pa11y

    form = '<form action="search.html"><input type="search" name="q" aria-label="Search">{}</form>'
    page = ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A page</title></head>'
            "<body><main><h1>A page</h1>{}</main></body></html>")  # fmt: skip
    (tmp_path / "index.html").write_text(page.format(form.format("")), encoding="utf-8")
    checked, problems = pa11y.check(tmp_path)
    assert checked == 1 and any("H32.2" in p.message for p in problems), problems
    (tmp_path / "index.html").write_text(page.format(form.format('<button type="submit">Go</button>')))
    assert pa11y.check(tmp_path) == (1, [])


def test_a_build_reads_each_bibliography_once(make_app, rootdir, tmp_path):
    """The extension's checks (audit.py) ask for the parsed file at the start and the end of a
    build; pybtex parses it once (sphinxcontrib-bibtex reads it once more, itself)."""
    from booktools.shared import bibfile

    bibfile.parsed_text.cache_clear()
    app = make_app("html", srcdir=rootdir / "test-author-year", builddir=tmp_path)
    app.build()
    info = bibfile.parsed_text.cache_info()
    assert info.misses == 1 and info.hits >= 1, info
