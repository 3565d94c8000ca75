"""Where the built editions are, and how the tests read them."""

import hashlib
import os
import re
import runpy
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader
from sphinx.testing.util import SphinxTestApp
from sphinx.util.console import strip_colors

from booktools.shared.site import pages as site_pages  # noqa: F401 (one definition of a page)

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "_build"
CONF = runpy.run_path(str(ROOT / "conf.py"))


def existing(path: Path) -> Path:
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


def build_root(make_app, name: str, where: Path, builder: str = "html", **overrides) -> tuple[Path, str]:
    """Build tests/roots/test-<name> into where with sphinx.testing's make_app, its settings
    overridden (for a test that builds one root more than once): (its output, its warnings)."""
    app = make_app(builder, srcdir=ROOTS / f"test-{name}", builddir=where, confoverrides=overrides)
    try:
        app.build()
    finally:
        app.cleanup()  # now, not at the test's end: the next app registers its nodes afresh
    return Path(app.outdir), app.warning.getvalue()


def sphinx(
    source: Path, builder: str = "html", in_process: bool = True, build: Path | None = None
) -> subprocess.CompletedProcess:
    """Build a project into source/_build/<builder> (or ``build``/<builder>) as the Makefile does:
    every warning an error (-W -n), all of them reported. In this process, with Sphinx's own test
    application (a build that raises gives status 2 and its message, as sphinx-build would), or
    as a command."""
    build = build or source / "_build"
    if not in_process:
        out = build / builder
        return run(
            sys.executable, "-m", "sphinx", "-b", builder, "-W", "--keep-going", "-n", "-q", "--no-color",
            source, out,
        )  # fmt: skip
    status, warnings = StringIO(), StringIO()
    try:
        app = SphinxTestApp(builder, srcdir=source, builddir=build, status=status, warning=warnings,
                            confoverrides={"nitpicky": True}, warningiserror=True)  # fmt: skip
        try:
            app.build()
        finally:
            app.cleanup()
        code = app.statuscode
    except Exception as error:  # noqa: BLE001 (sphinx-build reports any error the same way)
        code = 2
        warnings.write(f"{getattr(error, 'category', type(error).__name__)}: {error}\n")
    return subprocess.CompletedProcess(  # without colours, as the command gives them (--no-color)
        ["sphinx", builder, str(source)],
        code,
        strip_colors(status.getvalue()),
        strip_colors(warnings.getvalue()),
    )


def fingerprint(folder: Path) -> dict[str, str]:
    """The bytes of every source file under a folder (not what a build wrote)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file() and "_build" not in p.relative_to(folder).parts
    }


# -- Reading the built editions -------------------------------------------------------------


class PrintedBook(PdfReader):
    """The PDF edition as pypdf reads it, each page's text extracted once (pypdf takes over a
    second for the whole book, and many tests read it)."""

    def __init__(self, path: Path):
        super().__init__(path)
        self._texts: dict[int, str] = {}

    def text(self, page: int) -> str:
        if page not in self._texts:
            self._texts[page] = self.pages[page].extract_text()
        return self._texts[page]


def resolve(page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment an internal link points to."""
    parts = urlsplit(href)
    target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
    return target, parts.fragment


def article(page: Path):
    return parse_html(page).select_one("article.bd-article")


def chapter_pages(book_pages):
    return [p for p in book_pages if p.parent.name == "chapters"]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xad", "")).strip()


def chapter_text(pdf: PrintedBook, title: str) -> str:
    """The text of one chapter: from its outline entry's page to the next entry's."""
    top = [item for item in pdf.outline if not isinstance(item, list)]
    pages = [pdf.get_destination_page_number(item) for item in top]
    i = [item.title for item in top].index(title)
    end = pages[i + 1] if i + 1 < len(pages) else len(pdf.pages)
    return normalise(" ".join(body_text(pdf, p) for p in range(pages[i], end)))


def body_text(pdf: PrintedBook, page: int) -> str:
    """A page's text without its running head ("Bibliography 34") and page number ("33"): a
    paragraph that runs on to the next page reads as one."""
    label = pdf.page_labels[page]
    lines = pdf.text(page).split("\n")
    if lines and lines[-1].strip() == label:
        lines = lines[:-1]
    if lines and (lines[0].startswith(label + " ") or lines[0].endswith(" " + label)):
        lines = lines[1:]
    return "\n".join(lines)


def label_uses(folder: Path, label: str, source: str = "docs") -> dict[str, list[int]]:
    """Where the sources refer to a label ({ref}`label`): each page (relative to the checkout)
    and the lines of its references."""
    uses = {}
    for path in sorted((folder / source).rglob("*.md")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if f"{{ref}}`{label}`" in line:
                uses.setdefault(path.relative_to(folder).as_posix(), []).append(number)
    return uses


def undefined_label_warnings(folder: Path, log: str, label: str) -> dict[str, list[int]]:
    """The "undefined label" warnings in the output of a build run in the checkout ``folder``:
    each page, relative to the checkout as in label_uses (Sphinx names it by its absolute path,
    in colour under make live, booktools.make by its path in the checkout), and the lines given."""
    found = {}
    for line in strip_colors(log).splitlines():
        where, marker, rest = line.partition(": WARNING: undefined label: ")
        if marker and rest.startswith(f"'{label}'"):
            page, _, number = where.rpartition(":")
            page = Path(folder, page).resolve().relative_to(folder.resolve()).as_posix()
            found.setdefault(page, []).append(int(number))
    return found


def warned_for_every_use(uses: dict[str, list[int]], warnings: dict[str, list[int]]) -> bool:
    """Every reference has its warning: on its page, at the line of the paragraph or glossary
    entry that holds it (Sphinx names where that starts, up to a dozen lines above)."""
    return set(warnings) == set(uses) and all(
        any(use - 12 <= line <= use for line in warnings[page])
        for page, lines in uses.items()
        for use in lines
    )


# -- Another user ---------------------------------------------------------------------------------


def as_another_user(function, *args) -> tuple[int, str]:
    """Run function(*args) in a child process as the user nobody (or, for a user who is not
    root, in a folder made read-only): (exit status, what it printed)."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read)
            sys.stdout = sys.stderr = open(write, "w", buffering=1)  # not pytest's capture
            if os.geteuid() == 0:
                os.setgroups([]), os.setgid(65534), os.setuid(65534)
            status = function(*args)
        except BaseException:  # noqa: BLE001 (what it prints is the test's result)
            import traceback

            traceback.print_exc()
            status = 99
        finally:
            sys.stdout.flush(), sys.stderr.flush()
            os._exit(status if isinstance(status, int) else 98)
    os.close(write)
    output = b""
    while chunk := os.read(read, 65536):
        output += chunk
    os.close(read)
    return os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]), output.decode(errors="replace")
