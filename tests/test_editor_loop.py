"""``make html`` as editors use it: after any edit, kill or second build, the editions equal a
clean build of the same files, or the build fails saying where.

The differential test draws editor actions from a seed (tests/editor.py) and, after each, compares
the PDF, the EPUB and the site, file by file, with a clean build made elsewhere with an empty
cache. `make test` runs a few steps; `make stress` hundreds (BOOK_STRESS_STEPS, BOOK_STRESS_SEED).
The other tests are the cases found in earlier versions of the build, one by one.
"""

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from book import parse_html
from editor import Checkout, Editor, differences, editions, processes_of

STEPS = int(os.environ.get("BOOK_STRESS_STEPS", "8"))
SEED = int(os.environ.get("BOOK_STRESS_SEED", "1924"))
CHAPTER = "docs/chapters/03-soviet-strategy.md"
TITLE = "# The Soviet Union's Diplomatic Strategy\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Checkout:
    """A copy of the book, built once; each test works on a copy of this copy."""
    checkout = Checkout.create(tmp_path_factory.mktemp("built") / "book")
    result = checkout.make()
    assert result.returncode == 0, result.stdout
    return checkout


@pytest.fixture
def book(built, tmp_path) -> Checkout:
    folder = tmp_path / "book"
    shutil.copytree(built.folder, folder, symlinks=True)
    cache = tmp_path / "cache"
    shutil.copytree(built.cache, cache)
    return Checkout(folder, cache)


def assert_equals_clean_build(book: Checkout, tmp_path: Path) -> dict:
    result, clean = book.reference(tmp_path / "reference")
    assert result.returncode == 0, result.stdout
    ours = editions(book.folder)
    assert differences(ours, clean) == []
    return ours


def build(book: Checkout) -> str:
    result = book.make()
    assert result.returncode == 0, result.stdout
    return result.stdout


# -- The differential test ---------------------------------------------------------------------


def test_random_editing_gives_what_a_clean_build_gives(built, tmp_path):
    """After each step, `make html` either fails as a clean build of the same files fails, or
    its three editions equal that build's, byte for byte."""
    folder = tmp_path / "book"
    shutil.copytree(built.folder, folder, symlinks=True)
    book = Checkout(folder, tmp_path / "cache")
    editor = Editor(book, random.Random(SEED))
    log, divergent, references = [], [], {}
    for step in range(STEPS):
        name, outcome = editor.act()
        if name == "two_at_once":
            what, results = outcome
            statuses = {r.returncode for r in results}
            assert len(statuses) == 1, f"step {step}: two builds at once ended differently: {results}"
            assert any("another build is running" in r.stdout for r in results), results
            result = results[-1]
        else:
            what = outcome
            result = book.make()
        key = tree_key(book)
        if key not in references:
            references[key] = book.reference(tmp_path / "reference")
        clean_result, clean = references[key]
        log.append(f"{step}: {what}: exit {result.returncode} (clean build: {clean_result.returncode})")
        if (result.returncode == 0) != (clean_result.returncode == 0):
            divergent.append(f"{log[-1]}\n{result.stdout[-2000:]}\n--- clean:\n{clean_result.stdout[-2000:]}")
        elif result.returncode == 0:
            found = differences(editions(book.folder), clean)
            if found:
                divergent.append(f"{log[-1]}: {found[:10]}")
    print(f"seed {SEED}, {STEPS} steps, {len(divergent)} divergences", *log, sep="\n")
    assert divergent == [], "\n".join(log + ["", *divergent])


def tree_key(book: Checkout) -> tuple:
    """What a clean build depends on: every file but the build's, the commit, tags, the date."""
    files = []
    for path in sorted(book.folder.rglob("*")):
        parts = path.relative_to(book.folder).parts
        if path.is_file() and parts[0] not in ("_build", ".git"):
            files.append((str(path.relative_to(book.folder)), path.read_bytes()))
    state = book.git("describe", "--tags", "--long", "--always"), book.git("status", "--porcelain")
    return hash((tuple(files), state, book.epoch))
