"""Where the built editions are, and how the tests read them."""

import runpy
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
CONF = runpy.run_path(str(ROOT / "conf.py"))


def built(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path.relative_to(ROOT)} has not been built: run `make test`, which builds it")
    return path


def parse_html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
