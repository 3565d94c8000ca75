"""Where the built editions are, and how the tests read them."""

import hashlib
import os
import runpy
import shutil
import subprocess
import sys
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


ROOTS = ROOT / "tests" / "roots"


def copy_root(name: str, tmp_path: Path) -> Path:
    """A fresh copy of the fixture project tests/roots/<name>."""
    source = tmp_path / name
    shutil.copytree(ROOTS / name, source)
    return source


def run(*command, cwd=None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([str(c) for c in command], capture_output=True, text=True, cwd=cwd, env=env)


def sphinx(source: Path, builder: str = "html") -> subprocess.CompletedProcess:
    """Build a project as the Makefile does: every warning an error, all of them reported."""
    out = source / "_build" / builder
    return run(sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q", source, out)


def fingerprint(folder: Path) -> dict[str, str]:
    """The bytes of every source file under a folder (not what a build wrote)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and "_build" not in p.relative_to(folder).parts
    }
