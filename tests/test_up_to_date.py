"""`python -m booktools.build` (what `make html`, `pdf` and `epub` run) skips Sphinx only when
nothing the build reads has changed, and never after a failure."""

import sys
import time

import pytest

from book import copy_root, run
from booktools import standby
from booktools.build import wants_warm

UP_TO_DATE = "up to date"


@pytest.fixture
def project(tmp_path):
    source = copy_root("test-up-to-date", tmp_path)
    (tmp_path / "book.pdf").write_bytes(b"%PDF-1.4 first edition\n")
    return source


def sphinx_args(source) -> list[str]:
    out = source / "_build"
    return [str(a) for a in ("-b", "html", "-d", out / "doctrees", "-W", "--keep-going", "-n", "-q", source,
                             out / "html")]  # fmt: skip


def build(source):
    return run(sys.executable, "-m", "booktools.build", *sphinx_args(source))


def page(source):
    return (source / "_build" / "html" / "index.html").stat().st_mtime_ns


def test_a_second_run_with_nothing_changed_does_not_start_sphinx(project):
    first = build(project)
    assert first.returncode == 0 and UP_TO_DATE not in first.stdout, first.stderr
    written = page(project)
    second = build(project)
    assert second.returncode == 0
    assert (
        second.stdout.strip()
        == f"{project / '_build' / 'html'}: {UP_TO_DATE} (no source, setting or package changed)"
    )
    assert page(project) == written


@pytest.mark.parametrize("change", ["edit a chapter", "add a page", "edit conf.py", "replace the PDF"])
def test_any_change_the_build_reads_runs_sphinx(project, change):
    assert build(project).returncode == 0
    if change == "edit a chapter":
        index = project / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nA new sentence.\n", encoding="utf-8")
    elif change == "add a page":
        (project / "orphan.md").write_text("---\norphan: true\n---\n# Another page\n", encoding="utf-8")
    elif change == "edit conf.py":
        with (project / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('html_title = "Another title"\n')
    else:  # the HTML build copies the PDF edition, which lives outside the sources
        (project.parent / "book.pdf").write_bytes(b"%PDF-1.4 second edition\n")
    again = build(project)
    assert again.returncode == 0, again.stderr
    assert UP_TO_DATE not in again.stdout
    if change == "replace the PDF":
        assert (project / "_build" / "html" / "book.pdf").read_bytes().endswith(b"second edition\n")


def test_a_failed_build_is_never_taken_for_a_finished_one(project):
    index = project / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace("spenser1999", "spenser1999,nokey"), encoding="utf-8"
    )
    for _ in range(2):  # the second run reports the same problem instead of "up to date"
        failed = build(project)
        assert failed.returncode != 0
        assert 'index.md:3: WARNING: could not find bibtex key "nokey"' in failed.stderr
        assert UP_TO_DATE not in failed.stdout


def test_a_change_to_the_extension_code_rewrites_every_page(project):
    code = project / "booktools"  # beside conf.py, where the book keeps its extension
    code.mkdir()
    (code / "module.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert build(project).returncode == 0
    written = page(project)
    assert UP_TO_DATE in build(project).stdout
    (code / "module.py").write_text("VALUE = 2\n", encoding="utf-8")  # nothing Sphinx would notice
    again = build(project)
    assert again.returncode == 0 and UP_TO_DATE not in again.stdout
    assert page(project) != written


def test_with_book_warm_the_waiting_sphinx_builds_what_a_fresh_one_would(project, monkeypatch):
    monkeypatch.setenv("BOOK_WARM", "1")
    index = project / "index.md"
    try:
        assert build(project).returncode == 0  # a fresh Sphinx, which leaves one waiting
        for sentence in ("A first sentence.", "A second sentence."):  # the second: the next standby
            time.sleep(5)  # it has started up, as it has by the time an editor saves
            index.write_text(index.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
            warm = build(project)
            assert warm.returncode == 0, warm.stdout + warm.stderr
            assert "built by the Sphinx waiting since the last build" in warm.stdout
        time.sleep(5)
        index.write_text(index.read_text(encoding="utf-8") + "\n{cite:p}`nokey`\n", encoding="utf-8")
        failed = build(project)  # its warnings reach the terminal, and fail the build
        assert failed.returncode != 0
        assert 'index.md:12: WARNING: could not find bibtex key "nokey"' in failed.stdout
    finally:
        standby.ask(sphinx_args(project), "stop")
    index.write_text(index.read_text(encoding="utf-8").replace("\n{cite:p}`nokey`\n", ""), encoding="utf-8")
    monkeypatch.delenv("BOOK_WARM")
    assert build(project).returncode == 0
    fresh = project.parent / "fresh"
    assert run(sys.executable, "-m", "sphinx", "-b", "html", "-q", project, fresh).returncode == 0
    assert (project / "_build" / "html" / "index.html").read_bytes() == (fresh / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("setting", "terminal", "ci", "builder", "warm"),
    [
        (None, True, None, "html", True),  # an editor at a terminal
        (None, False, None, "html", False),  # a script
        (None, True, "true", "html", False),  # CI
        ("0", True, None, "html", False),
        ("1", False, "true", "html", True),
        ("1", True, None, "latex", False),  # LaTeX's time is TeX's, not Sphinx's start-up
    ],
)
def test_warm_builds_are_for_an_editor_at_a_terminal(monkeypatch, setting, terminal, ci, builder, warm):
    for name, value in (("BOOK_WARM", setting), ("CI", ci)):
        monkeypatch.delenv(name, raising=False) if value is None else monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: terminal)
    assert wants_warm(["-b", builder, "docs", "_build/html"]) is warm
