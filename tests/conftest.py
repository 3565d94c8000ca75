"""Fixtures: the built editions under _build/ (``make test`` builds them first)."""

import os
from pathlib import Path

import pytest

from book import BUILD, CONF, ROOT, ROOTS, PrintedBook, existing, parse_html
from editor import Checkout, References, keep_aside, put_back

SMALL_BOOK = ROOTS / "test-small-book"


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds @pytest.mark.sphinx(testroot="x"): tests/roots/test-x."""
    return ROOTS


@pytest.fixture
def original_datadir() -> Path:
    """Where pytest-regressions keeps the snapshots of the templates' markup (test_theme.py)."""
    return ROOT / "tests" / "snapshots"


@pytest.fixture(scope="session")
def html_dir() -> Path:
    return existing(BUILD / "html" / "index.html").parent


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    return existing(BUILD / "latex" / f"{CONF['basename']}.pdf")


@pytest.fixture(scope="session")
def tei_path() -> Path:
    return existing(BUILD / "tei" / f"{CONF['basename']}.xml")


@pytest.fixture(scope="session")
def pdf(pdf_path) -> PrintedBook:
    return PrintedBook(pdf_path)


@pytest.fixture(scope="session")
def book_pages(html_dir) -> list[Path]:
    """The pages in reading order, following the toctree of the front page."""
    index = parse_html(html_dir / "index.html")
    links = index.select("div.toctree-wrapper li.toctree-l1 > a.reference.internal")
    return [html_dir / "index.html"] + [html_dir / a["href"] for a in links]


@pytest.fixture(scope="session")
def references(tmp_path_factory) -> References:
    """Clean builds by tree, in a folder all of pytest-xdist's workers share (their temporary
    folders are side by side in the session's)."""
    base = tmp_path_factory.getbasetemp()
    return References((base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "references")


def build_aside(checkout: Checkout, references: References) -> tuple[Checkout, Path]:
    """Build a checkout with `make html` (from nothing, with an empty cache: a clean build of
    its tree, recorded as such), and keep a copy of it as built beside it."""
    result = checkout.make()
    assert result.returncode == 0, result.stdout
    aside = checkout.folder.parent / "as-built"
    keep_aside(checkout.folder, checkout.cache, aside)
    references.add(checkout, result, aside / "book")
    return checkout, aside


def restored(checkout: Checkout, aside: Path) -> Checkout:
    """The checkout as it was after its first build (``put_back``)."""
    put_back(aside, checkout.folder, checkout.cache)
    return Checkout(checkout.folder, checkout.cache, source=checkout.source)


@pytest.fixture(scope="session")
def built(tmp_path_factory, references) -> tuple[Checkout, Path]:
    """A copy of the project (its own git history and Python environment) built once."""
    checkout = Checkout.create(tmp_path_factory.mktemp("editor") / "book")
    # Work in progress, as an editor has it: the edition is a draft before any test's edit, so
    # that an edit changes what it changes, not the edition's name too (which reads every page).
    checkout.path("README.md").write_text(checkout.path("README.md").read_text() + "\nA note in progress.\n")
    return build_aside(checkout, references)


@pytest.fixture
def book(built) -> Checkout:
    """The built copy of the book, as it was after its first build, to edit and build again."""
    return restored(*built)


@pytest.fixture(scope="session")
def small_book_built(tmp_path_factory, references) -> tuple[Checkout, Path]:
    """The project's tools around the small book (tests/roots/test-small-book), built once: the
    build command's cases, in seconds."""
    checkout = Checkout.create(tmp_path_factory.mktemp("small") / "book", book=SMALL_BOOK, source="text")
    checkout.path("README.md").write_text(checkout.path("README.md").read_text() + "\nA note in progress.\n")
    return build_aside(checkout, references)


@pytest.fixture
def small_book(small_book_built) -> Checkout:
    """The built small book, as it was after its first build, to edit and build again."""
    return restored(*small_book_built)
