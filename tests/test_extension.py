"""The book's extension as Sphinx sees it: it declares its versions, and, built in-process with
every builder the book uses, it causes no Python warning (a deprecation in booktools is a
future break, whichever Sphinx runs it)."""

import warnings
from io import StringIO
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

import booktools.extension
from book import CONF, ROOT

EXTENSION = Path(booktools.__file__).parent


@pytest.mark.slow  # builds the book again
@pytest.mark.parametrize("builder", ["html", "latex", "epub", "tei"])
def test_a_build_raises_no_warning_from_booktools(tmp_path, builder):
    warning_log = StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with patch_docutils(ROOT), docutils_namespace():  # as sphinx-build: one build's nodes and roles
            settings = {"book_downloads": ["PDF", "EPUB", "TEI"]}  # as make html sets it
            app = Sphinx(ROOT / "docs", ROOT, tmp_path / builder, tmp_path / "doctrees", builder,
                         confoverrides=settings, status=StringIO(), warning=warning_log)  # fmt: skip
            app.build()
    assert any((tmp_path / builder).iterdir())
    ours = [f"{w.filename}:{w.lineno}: {w.category.__name__}: {w.message}" for w in caught
            if Path(w.filename).resolve().is_relative_to(EXTENSION)]  # fmt: skip
    assert ours == []
    assert warning_log.getvalue() == ""  # and no Sphinx warning either: the book builds with -W


def test_setup_declares_its_versions():
    app = type(
        "App", (), {"connect": lambda *a, **k: None, "__getattr__": lambda self, name: lambda *a, **k: None}
    )()
    declared = booktools.extension.setup(app)
    assert declared["version"] and isinstance(declared["env_version"], int)


@pytest.mark.slow  # builds the book again
def test_with_a_published_address_every_page_names_itself_absolutely(tmp_path):
    """What the Pages workflow builds (BASEURL): each page's canonical link, og:url and
    citation_pdf_url are absolute addresses under the published one, and the page says its
    viewport once."""
    from book import parse_html, site_pages

    base = "https://editors.example.org/mexico-1924/"
    with patch_docutils(ROOT), docutils_namespace():
        settings = {"book_downloads": ["PDF", "EPUB", "TEI"], "html_baseurl": base}
        app = Sphinx(ROOT / "docs", ROOT, tmp_path / "html", tmp_path / "doctrees", "html",
                     confoverrides=settings, status=StringIO(), warning=StringIO())  # fmt: skip
        app.build()
    pages = site_pages(tmp_path / "html")
    assert len(pages) > 10
    for page in pages:
        html = parse_html(page)
        address = base + page.relative_to(tmp_path / "html").as_posix()
        assert html.select_one("link[rel=canonical]")["href"] == address
        assert html.select_one("meta[property='og:url']")["content"] == address
        assert html.select_one("meta[name=citation_pdf_url]")["content"] == base + f"{CONF['basename']}.pdf"
        assert len(html.select("meta[name=viewport]")) == 1
        cite = html.select_one("footer details.book-cite")
        if cite is not None:  # a page of the book: cited at its own address, in each form
            cited = base if page.name == "index.html" and page.parent == tmp_path / "html" else address
            assert all(cited in form.get_text() for form in cite.select("pre")), page
