"""Fixtures: the built editions under _build/ (``make test`` builds them first)."""

import os
import shutil
from pathlib import Path

import pytest

from book import BUILD, CONF, PrintedBook, existing, parse_html
from editor import Checkout, References


@pytest.fixture(scope="session")
def html_dir() -> Path:
    return existing(BUILD / "html" / "index.html").parent


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    return existing(BUILD / "latex" / f"{CONF['basename']}.pdf")


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


@pytest.fixture(scope="session")
def built(tmp_path_factory, references) -> tuple[Checkout, Path]:
    """A copy of the project (its own git history and Python environment) built once with
    `make html`, and a copy of it as built, kept aside. Each test's ``book`` is that copy, put
    back where the first was built: Sphinx's environment names its folder, and a book moved
    elsewhere would be read afresh, which would hide what an edit alone makes the build do.
    That first build, from nothing with an empty cache, is also the clean build of its tree."""
    base = tmp_path_factory.mktemp("editor")
    checkout = Checkout.create(base / "book")
    # Work in progress, as an editor has it: the edition is a draft before any test's edit, so
    # that an edit changes what it changes, not the edition's name too (which reads every page).
    checkout.path("README.md").write_text(checkout.path("README.md").read_text() + "\nA note in progress.\n")
    result = checkout.make()
    assert result.returncode == 0, result.stdout
    aside = base / "as-built"
    shutil.copytree(checkout.folder, aside / "book", symlinks=True)
    shutil.copytree(checkout.cache, aside / "cache")
    references.add(checkout, result, aside / "book")
    return checkout, aside


@pytest.fixture
def book(built) -> Checkout:
    """The built copy of the book, as it was after its first build, to edit and build again."""
    checkout, aside = built
    for name, target in (("book", checkout.folder), ("cache", checkout.cache)):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(aside / name, target, symlinks=True)
    return Checkout(checkout.folder, checkout.cache)
