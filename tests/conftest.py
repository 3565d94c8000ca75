"""Fixtures: the built editions under _build/ (``make test`` builds them first)."""

import shutil
from pathlib import Path

import pytest

from book import BUILD, CONF, existing, parse_html
from editor import Checkout


@pytest.fixture(scope="session")
def html_dir() -> Path:
    return existing(BUILD / "html" / "index.html").parent


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    return existing(BUILD / "latex" / f"{CONF['basename']}.pdf")


@pytest.fixture(scope="session")
def book_pages(html_dir) -> list[Path]:
    """The pages in reading order, following the toctree of the front page."""
    index = parse_html(html_dir / "index.html")
    links = index.select("div.toctree-wrapper li.toctree-l1 > a.reference.internal")
    return [html_dir / "index.html"] + [html_dir / a["href"] for a in links]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Checkout:
    """A copy of the project (its own git history and Python environment), built once with
    `make html`; tests that edit the book work on copies of it (the ``book`` fixture)."""
    checkout = Checkout.create(tmp_path_factory.mktemp("built") / "book")
    result = checkout.make()
    assert result.returncode == 0, result.stdout
    return checkout


@pytest.fixture
def book(built, tmp_path) -> Checkout:
    """A built copy of the book, to edit and build again."""
    shutil.copytree(built.folder, tmp_path / "book", symlinks=True)
    shutil.copytree(built.cache, tmp_path / "cache")
    return Checkout(tmp_path / "book", tmp_path / "cache")
