"""Fixtures: the built editions under _build/ (``make test`` builds them first)."""

from pathlib import Path

import pytest

from book import BUILD, CONF, built, parse_html


@pytest.fixture(scope="session")
def html_dir() -> Path:
    return built(BUILD / "html" / "index.html").parent


@pytest.fixture(scope="session")
def pdf_path() -> Path:
    return built(BUILD / "latex" / f"{CONF['basename']}.pdf")


@pytest.fixture(scope="session")
def book_pages(html_dir) -> list[Path]:
    """The pages in reading order, following the toctree of the front page."""
    index = parse_html(html_dir / "index.html")
    links = index.select("div.toctree-wrapper li.toctree-l1 > a.reference.internal")
    return [html_dir / "index.html"] + [html_dir / a["href"] for a in links]
