"""``make html``'s promise under actions nobody listed, on the small book (tests/roots/test-small-book):
nothing outside the build folder touched, no error swallowed, every input seen, no cache trusted
blindly, no draft passed off as a release, and every bad input named with its file and line.

Each test is one way the promise was found broken; it builds the small book with the build
command itself (``python -m booktools.make``, as the Makefile runs it), in a few seconds.
"""

import errno
import fcntl
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from book import (
    BUILD,
    CONF,
    ROOT,
    ROOTS,
    as_another_user,
    copy_root,
    existing,
    parse_html,
    sphinx,
)
from booktools import make as build_command
from booktools.extension import cachedir
from booktools.make import inputs, lock
from editor import keep_aside, put_back

pytestmark = pytest.mark.slow  # each test runs the build command on the small book, with XeLaTeX
SPHINXOPTS = ["-W", "--keep-going", "-n", "-q"]
EPOCH = "1700000000"


@dataclass
class SmallBook:
    folder: Path
    cache: Path

    @property
    def build(self) -> Path:
        return self.folder / "_build"

    def path(self, name: str) -> Path:
        return self.folder / name

    def arguments(self, target: str, build: Path | None = None) -> list[str]:
        return [target, "--conf", str(self.folder), "--source", str(self.folder / "text"),
                "--build", str(build or self.build), "--", *SPHINXOPTS]  # fmt: skip

    def environment(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(self.cache),
                "SOURCE_DATE_EPOCH": EPOCH, **extra}  # fmt: skip

    def make(self, target: str = "html", build: Path | None = None, umask: int | None = None,
             **env: str) -> subprocess.CompletedProcess:  # fmt: skip
        """The build command as `make html` runs it, in the book's folder: (status, its output)."""
        return subprocess.run(
            [sys.executable, "-m", "booktools.make", *self.arguments(target, build)],
            cwd=self.folder, env=self.environment(**env), capture_output=True, text=True, timeout=300,
            preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
        )  # fmt: skip

    def in_process(self, monkeypatch, target: str = "html") -> int:
        """The build command run in this process (its steps can then be made to fail)."""
        monkeypatch.chdir(self.folder)
        for name, value in self.environment().items():
            monkeypatch.setenv(name, value)
        monkeypatch.setattr(build_command, "CHILD_ENV", {**build_command.CHILD_ENV, **self.environment()})
        monkeypatch.setattr(cachedir, "CACHE", self.cache / "booktools")
        try:
            return build_command.main(self.arguments(target))
        finally:
            os.umask(0o022)

    def append(self, name: str, text: str) -> None:
        path = self.path(name)
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    def page_text(self, name: str = "berlin.html") -> str:
        return parse_html(self.build / "html" / name).get_text()


def built(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def failed(result: subprocess.CompletedProcess) -> str:
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output and "sphinx-doc" not in output, output
    return output


@pytest.fixture
def small(tmp_path) -> SmallBook:
    folder = tmp_path / "book"
    shutil.copytree(ROOTS / "test-small-book", folder)
    return SmallBook(folder, tmp_path / "cache")


@pytest.fixture(scope="session")
def small_as_built(tmp_path_factory) -> tuple[SmallBook, Path]:
    """The small book built once (by each test worker), and a copy of it as built."""
    folder = tmp_path_factory.mktemp("promise")
    book = SmallBook(folder / "book", folder / "cache")
    shutil.copytree(ROOTS / "test-small-book", book.folder)
    built(book.make())
    keep_aside(book.folder, book.cache, folder / "as-built")
    return book, folder / "as-built"


@pytest.fixture
def small_built(small_as_built) -> SmallBook:
    """The small book as it was after its first build, to change and build again."""
    book, aside = small_as_built
    put_back(aside, book.folder, book.cache)
    return book


# -- Nothing outside the build folder ------------------------------------------------------------


def test_a_lock_that_is_a_link_is_refused_and_its_target_untouched(small, tmp_path):
    victim = tmp_path / "notes.txt"
    victim.write_text("an editor's notes\n")
    small.build.mkdir()
    (small.build / ".lock").symlink_to(victim)
    output = failed(small.make())
    assert f"{small.build / '.lock'} is a symbolic link (to {victim}), not a lock: remove the link" in output
    assert victim.read_text() == "an editor's notes\n"


def test_make_clean_on_a_linked_build_folder_removes_the_link_not_the_target(small_built, tmp_path):
    scratch = tmp_path / "scratch"
    small_built.build.rename(scratch)
    small_built.build.symlink_to(scratch)
    output = built(small_built.make("clean"))
    assert "removed the link" in output
    assert not small_built.build.exists() and not small_built.build.is_symlink()
    assert (scratch / "html" / "index.html").is_file()


@pytest.mark.parametrize("name", [".new", "html", "doctrees"])
def test_a_link_in_the_build_folder_is_removed_and_what_it_points_to_untouched(small_built, tmp_path, name):
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "html").mkdir(parents=True)
    (elsewhere / "html" / "keep.txt").write_text("kept\n")
    build = small_built.build
    if (build / name).exists():
        shutil.rmtree(build / name)
    (build / name).symlink_to(elsewhere)
    small_built.append("text/berlin.md", "\nA new sentence.\n")
    output = built(small_built.make())
    assert f"{build / name} was a symbolic link (to {elsewhere}); removed the link" in output
    assert sorted(p.relative_to(elsewhere).as_posix() for p in elsewhere.rglob("*")) == [
        "html",
        "html/keep.txt",
    ]
    assert "A new sentence." in small_built.page_text()


def test_a_build_folder_another_user_made_is_refused_naming_the_owner(small, tmp_path):
    if os.geteuid() != 0:
        pytest.skip("needs to give the folder to another user (as root)")
    shared = tmp_path / "shared-build"
    shared.mkdir(mode=0o777)
    os.chown(shared, 65534, 65534)
    output = failed(small.make(build=shared))
    assert f"{shared} belongs to nobody, and you are root" in output
    assert list(shared.iterdir()) == []


# -- No error swallowed ----------------------------------------------------------------------------


def test_an_error_in_a_builder_thread_fails_the_run_and_nothing_is_current(small_built, monkeypatch, capsys):
    """Docker's bind mounts refuse the rename that publishes the site ("Device or resource busy")."""
    small_built.append("text/berlin.md", "\nA new sentence.\n")
    original = build_command.Build.replace

    def busy(self, folder, new):
        if folder.name == "html":
            raise OSError(errno.EBUSY, os.strerror(errno.EBUSY), str(folder))
        return original(self, folder, new)

    monkeypatch.setattr(build_command.Build, "replace", busy)
    assert small_built.in_process(monkeypatch) == 1
    output = capsys.readouterr()
    assert (
        "_build: building the site and the EPUB stopped: _build/html: Device or resource busy" in output.err
    )
    monkeypatch.setattr(build_command.Build, "replace", original)
    assert "up to date" not in built(small_built.make())
    assert "A new sentence." in small_built.page_text()


def test_a_site_folder_that_is_a_mount_point_fails_the_build(small_built):
    """The real thing (a Docker volume): the rename that publishes the site is refused."""
    if os.geteuid() != 0:
        pytest.skip("needs mount (as root)")
    html = small_built.build / "html"
    small_built.append("text/berlin.md", "\nA new sentence.\n")
    subprocess.run(["mount", "--bind", str(html), str(html)], check=True)
    try:
        output = failed(small_built.make())
    finally:
        subprocess.run(["umount", str(html)], check=True)
    assert "building the site and the EPUB stopped: _build/html: Device or resource busy" in output
    assert "up to date" not in built(small_built.make())
    assert "A new sentence." in small_built.page_text()


def test_a_pdf_that_fails_leaves_the_last_complete_site(small_built, monkeypatch):
    """A TeX loop: stopped at the LaTeX time limit, and the new pages are not published beside
    the old PDF."""
    monkeypatch.setattr(build_command, "LATEX_TIMEOUT", (5, 0))
    small_built.append("text/berlin.md", "\nA new sentence.\n\n```{raw} latex\n\\def\\x{\\x}\\x\n```\n")
    assert small_built.in_process(monkeypatch) == 1
    assert "A new sentence." not in small_built.page_text()
    assert (small_built.build / "html" / "berlin-1923.pdf").is_file()


def test_the_latex_time_limit_is_minutes_for_the_book():
    """Minutes for the book as built (LaTeX takes about 15 s of it), not the half hour a TeX loop
    once held the build for."""
    tex = existing(BUILD / "latex" / f"{CONF['basename']}.tex")
    base, per_byte = build_command.LATEX_TIMEOUT
    assert 60 <= base + per_byte * tex.stat().st_size <= 10 * 60


# -- Every input seen ------------------------------------------------------------------------------


def test_an_input_saved_while_the_book_is_built_is_built_again(small_built, monkeypatch, capsys):
    """The file is saved after the builders read it and before the run ends: the run must not
    record the new file as built."""
    small_built.append("text/berlin.md", "\nThe first version.\n")
    original = build_command.Build.run
    saved = []

    def save_during(self, editions):
        ok = original(self, editions)
        if not saved:
            text = small_built.path("text/berlin.md").read_text(encoding="utf-8")
            small_built.path("text/berlin.md").write_text(text.replace("first", "second"), encoding="utf-8")
            saved.append(True)
        return ok

    monkeypatch.setattr(build_command.Build, "run", save_during)
    assert small_built.in_process(monkeypatch) == 0
    assert "text/berlin.md changed while the book was built; building again" in capsys.readouterr().out
    assert "The second version." in small_built.page_text()
    assert "up to date" in built(small_built.make())


def test_a_file_dated_in_the_future_is_built_once(small):
    """Unpacked from a machine whose clock runs ahead: its time says nothing of this build."""
    tomorrow = time.time() + 86_400
    os.utime(small.path("text/berlin.md"), (tomorrow, tomorrow))
    output = built(small.make())
    assert "changed while the book was built" not in output
    assert "up to date" in built(small.make())


def test_a_file_included_from_outside_the_sources_is_an_input(small_built):
    (small_built.folder / "notes").mkdir()
    (small_built.folder / "notes" / "aside.md").write_text("The aside, first version.\n")
    small_built.append("text/berlin.md", "\n```{include} ../notes/aside.md\n```\n")
    built(small_built.make())
    (small_built.folder / "notes" / "aside.md").write_text("The aside, second version.\n")
    assert "up to date" not in built(small_built.make())
    assert "The aside, second version." in small_built.page_text()


def test_a_second_bibliography_is_an_input(small_built):
    (small_built.folder / "more.bib").write_text("@book{katz1981,\n  author = {Katz, Friedrich},\n"
                                           "  title = {The Secret War},\n  publisher = {Chicago},\n"
                                           "  year = {1981},\n}\n")  # fmt: skip
    small_built.append("conf.py", 'bibtex_bibfiles = ["sources.bib", "more.bib"]\n')
    small_built.append("text/index.md", "\nAnd {cite:t}`katz1981`.\n")
    built(small_built.make())
    bib = small_built.folder / "more.bib"
    bib.write_text(bib.read_text().replace("The Secret War", "The Secret War in Mexico"))
    assert "up to date" not in built(small_built.make())
    assert "The Secret War in Mexico" in small_built.page_text("works.html")


def test_a_linked_folder_of_sources_is_read(small_built, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.md").write_text("# Linked\n\nThe linked page, first version.\n")
    (small_built.folder / "text" / "part").symlink_to(elsewhere)
    small_built.append("text/index.md", "\n```{toctree}\npart/linked\n```\n")
    built(small_built.make())
    (elsewhere / "linked.md").write_text("# Linked\n\nThe linked page, second version.\n")
    assert "up to date" not in built(small_built.make())
    assert "second version" in small_built.page_text("part/linked.html")


def test_an_editors_lock_file_is_not_a_page(small):
    """Emacs leaves a link to nowhere beside a file with unsaved changes."""
    (small.folder / "text" / ".#berlin.md").symlink_to("editor@host.1234:1700000000")
    (small.folder / "text" / "berlin.md~").write_text("# An old copy\n")
    built(small.make())


# -- Settings that shape the output are settings ---------------------------------------------------


def russian_locale() -> str:
    installed = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.split()
    found = next((name for name in installed if name.lower() in ("ru_ru.utf8", "ru_ru.utf-8")), None)
    assert found, "the tests' packages include a Russian locale (scripts/install-packages.sh)"
    return found


@pytest.mark.parametrize("command", ["make html", "sphinx-build"])
def test_the_locale_does_not_reach_the_book(small, command):
    """Month names are English by design, whatever the editor's locale: through the build command
    (which also runs the builders in a fixed locale) and through a plain sphinx-build."""
    small.append("sources.bib", "@online{site,\n  title = {A Site},\n  url = {https://example.org/},\n"
                             "  urldate = {2024-11-03},\n}\n")  # fmt: skip
    small.append("text/index.md", "\nAnd {cite:t}`site`.\n")
    russian = russian_locale()
    if command == "make html":
        built(small.make(LC_ALL=russian, LANG=russian))
    else:
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", ".", "text", "_build/html"],
            cwd=small.folder, env=small.environment(LC_ALL=russian, LANG=russian), capture_output=True,
            text=True,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
    assert "Accessed November 3, 2024" in small.page_text("works.html")


def test_the_site_is_readable_by_all_whatever_the_umask(small):
    """And the EPUB, a zip, records the same modes as any clean build's."""
    built(small.make(umask=0o077))
    for path in [small.build / "html", *(small.build / "html").rglob("*")]:
        assert path.stat().st_mode & 0o777 == (0o755 if path.is_dir() else 0o644), path
    with zipfile.ZipFile(small.build / "html" / "berlin-1923.epub") as epub:
        modes = {info.filename: (info.external_attr >> 16) & 0o777 for info in epub.infolist()}
    assert {name for name, mode in modes.items() if mode not in (0, 0o644, 0o755)} == set(), modes


def test_a_mode_changed_in_the_site_is_put_right(small_built):
    page = small_built.build / "html" / "berlin.html"
    page.chmod(0o600)
    assert "up to date" not in built(small_built.make())
    assert page.stat().st_mode & 0o777 == 0o644


def test_files_the_build_did_not_write_are_removed(small_built):
    html = small_built.build / "html"
    (html / "__pycache__").mkdir()
    (html / "__pycache__" / "evil.html").write_text("<script>alert(1)</script>")
    (html / ".DS_Store").write_bytes(b"\0")
    assert "up to date" not in built(small_built.make())
    assert not (html / "__pycache__").exists() and not (html / ".DS_Store").exists()


def test_another_build_folder_holds_every_edition(small, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    built(small.make(build=elsewhere))
    assert not small.build.exists()
    for edition in ("latex/berlin-1923.pdf", "epub/berlin-1923.epub"):
        shipped = elsewhere / "html" / Path(edition).name
        assert shipped.read_bytes() == (elsewhere / edition).read_bytes()


# -- Caches trusted by content and owner ------------------------------------------------------------


class Planted:
    """A pickle that leaves a mark when it is loaded."""

    def __init__(self, mark: Path):
        self.mark = mark

    def __reduce__(self):
        return (Path.write_text, (self.mark, "the cache ran code"))


def test_a_cache_folder_others_can_write_is_not_read(small, tmp_path):
    """A formatted-entry pickle planted where another user could write (sudo -E keeps the
    caller's HOME): named as a real entry, it would be unpickled, and run."""
    cache = small.cache / "booktools"
    cache.mkdir(parents=True)
    mark = tmp_path / "mark"
    data = pickle.dumps(Planted(mark))
    (cache / cachedir.entry_name("formatted-entries", cache_key(), data, ".pickle")).write_bytes(data)
    cache.chmod(0o777)
    output = built(small.make())
    assert f"{cache}: not used (others can write in it); building without the cache" in output
    assert not mark.exists()


def cache_key() -> str:
    """The key the formatted-entry cache uses in this environment."""
    code = (
        "from booktools.extension import citations; from unittest import mock\n"
        "with mock.patch.object(citations.cachedir, 'load', return_value=None):\n"
        "    print(citations.FormattedCache().key)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          check=True).stdout.strip()  # fmt: skip


def test_an_entry_of_another_user_is_not_read(tmp_path, monkeypatch):
    if os.geteuid() != 0:
        pytest.skip("needs to give a file to another user (as root)")
    monkeypatch.setattr(cachedir, "CACHE", tmp_path / "cache")
    cachedir.store("kind", "key", b"data")
    assert cachedir.load("kind", "key") == b"data"
    for path in (tmp_path / "cache").iterdir():
        os.chown(path, 65534, 65534)
    assert cachedir.load("kind", "key") is None


def test_the_cache_keeps_one_entry_a_key_and_a_bounded_number_of_keys(tmp_path, monkeypatch):
    monkeypatch.setattr(cachedir, "CACHE", tmp_path / "cache")
    for n in range(5):
        cachedir.store("kind", "same", f"version {n}".encode())
    assert [p.name.split("-")[1] for p in (tmp_path / "cache").iterdir()] == ["same"]
    assert cachedir.load("kind", "same") == b"version 4"
    for n in range(cachedir.KEEP + 20):
        cachedir.store("kind", f"key{n}", b"data")
    assert len(list((tmp_path / "cache").iterdir())) == cachedir.KEEP


# -- Bad input, named with its file and line ---------------------------------------------------------


def test_a_javascript_address_in_the_bibliography_stops_the_build(small):
    bib = small.path("sources.bib")
    bib.write_text(bib.read_text().replace(",\n", ",\n  url = {javascript:alert(1)},\n", 1))
    output = failed(small.make())
    assert "sources.bib:2: sizonenko1981otnosheniya: url 'javascript:alert(1)' is not a web address" in output
    assert not (small.build / "html").exists()


def test_a_javascript_link_in_a_page_stops_the_build(small):
    """(MyST's own links refuse such addresses and print them as text; reST's do not.)"""
    line = small.path("text/berlin.md").read_text(encoding="utf-8").count("\n") + 3  # the link's
    small.append("text/berlin.md", "\n```{eval-rst}\nA `link <javascript:alert(1)>`_.\n```\n")
    output = failed(small.make())
    assert f"text/berlin.md:{line}: WARNING: link to 'javascript:alert(1)': not a web address" in output


def test_an_unreadable_chapter_is_named_with_its_owner(small):
    if os.geteuid() != 0:
        pytest.skip("needs another user (as root)")
    folder = Path(tempfile.mkdtemp())  # outside pytest's folders, which only root can enter
    try:
        shutil.copytree(small.folder, folder / "book")
        # The tools the build reads are readable by whoever runs it (this checkout may not be).
        tools = folder / "booktools"
        shutil.copytree(ROOT / "booktools", tools, ignore=shutil.ignore_patterns("__pycache__"))
        for path in [folder, *folder.rglob("*")]:
            os.chown(path, 65534, 65534, follow_symlinks=False)
        chapter = folder / "book" / "text" / "berlin.md"
        os.chown(chapter, 0, 0)
        chapter.chmod(0o600)
        book = SmallBook(folder / "book", folder / "cache")
        status, output = as_another_user(run_in, book.folder, book.arguments("html"), tools)
    finally:
        shutil.rmtree(folder)
    assert status == 1, output
    assert "Traceback" not in output
    assert (
        "text/berlin.md: cannot read it: Permission denied. It belongs to root, and you are nobody." in output
    )


def run_in(folder: Path, arguments: list[str], package: Path | None = None) -> int:
    if package is not None:  # booktools' files, as the build reads them (its settings)
        inputs.PACKAGE = package
    os.chdir(folder)
    return build_command.main(arguments)


@pytest.mark.parametrize(
    "event, message",
    [
        ("date: 1924-02-30", "_data/chronology.yaml:6: WARNING: date '1924-02-30' is not a day of the "
                             "calendar written YYYY, YYYY-MM or YYYY-MM-DD"),
        ("an event as bare text", "_data/chronology.yaml:6: WARNING: an event is a set of fields (date, "
                                  "when, label, event, sources), not str 'an event as bare text'"),
        ("when: 1 September 1924\n  date: 1924-09-01\n  label: L\n  event: E.\n  sources: [spenser1999]\n"
         "  between: [1924-08-05, 1924-08]", "_data/chronology.yaml:6: WARNING: the date 1924-09-01 is "
                                             "not between 1924-08-05 and 1924-08"),
        ("when: 1 September 1924\n  date: 1924-09-01\n  label: L\n  event: E.\n  sources: [spenser1999]\n"
         "  between: 1924", "_data/chronology.yaml:6: WARNING: between is the earliest and the latest date, "
                            "[YYYY-MM, YYYY-MM] for example, not 1924"),
    ],
)  # fmt: skip
def test_a_bad_chronology_event_is_named_with_its_line(tmp_path, event, message):
    """Through sphinx-build itself: a message with the file and line, not Sphinx's crash report,
    nor an error for each thing the unread chronology would have given (tests/roots/test-bad-chronology:
    a figure with a reference to it, a piece of evidence for its citation)."""
    source = copy_root("test-bad-chronology", tmp_path)
    data = source / "_data" / "chronology.yaml"
    if not event.startswith("date:"):
        text = data.read_text()
        data.write_text(text[: text.index("- date: 1924-02-30")] + f"- {event}\n")
    for builder in ("html", "tei"):  # the TEI lists the events too
        result = sphinx(source, builder, in_process=False)
        assert result.returncode != 0
        # One warning: the page's figure, what it cites and the references to it are not errors too.
        assert [line for line in result.stderr.splitlines() if "WARNING" in line] == [
            f"{source}/{message} [booktools.chronology]"
        ], result.stderr
        assert "Traceback" not in result.stderr and "sphinx-doc" not in result.stderr


# -- Citation keys in any script --------------------------------------------------------------------


@pytest.mark.sphinx("html", testroot="cyrillic-key", confoverrides={"bibtex_cite_id": CONF["bibtex_cite_id"]})
def test_citation_keys_in_any_script_get_valid_unique_anchors(app):
    """With the book's own bibtex_cite_id."""
    app.build()
    outdir, warnings = Path(app.outdir), app.warning.getvalue()
    assert warnings == ""
    page = parse_html(outdir / "index.html")
    ids = [tag["id"] for tag in page.select("[id]")]
    hrefs = [a["href"] for a in page.select("p a.reference.internal")]  # the citations in the text
    assert len(hrefs) == 3, hrefs
    fragments = [href.partition("#")[2] for href in hrefs]
    assert all(fragments) and len(set(fragments)) == 3, hrefs
    assert all(ids.count(fragment) == 1 for fragment in fragments), hrefs
    assert all(f.isascii() and f[0].isalpha() for f in fragments)  # a valid id in HTML 4 and XML alike


# -- make live and make html keep out of each other's way -------------------------------------------


def test_make_html_leaves_the_live_preview_alone_and_clean_waits_for_it(small):
    """make live first (its folder, as the Makefile lays it out), then make html, then make clean
    while the preview still runs."""
    live = small.build / "live"
    (live / "site").mkdir(parents=True)
    (live / "site" / "index.html").write_text("the preview\n")
    (live / "doctrees").mkdir()
    output = built(small.make())
    assert "did not finish" not in output
    assert (live / "site" / "index.html").read_text() == "the preview\n" and (live / "doctrees").is_dir()
    with open(live / lock.NAME, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as make live holds it while it runs
        output = built(small.make("clean"))
    assert f"{live}: left in place" in output
    assert (live / "site" / "index.html").is_file() and not (small.build / "html").exists()
    built(small.make("clean"))
    assert not small.build.exists()


def test_make_live_keeps_to_its_folder_and_holds_its_lock():
    """What the test above stands in for: the Makefile's own rule."""
    rule = subprocess.run(["make", "-n", "live", "PYTHON=python3"], cwd=ROOT, capture_output=True, text=True)
    command = rule.stdout
    assert "flock --nonblock --conflict-exit-code 1 _build/live/.lock" in command, command
    assert "-d _build/live/doctrees docs _build/live/site" in command, command
    assert '--pre-build "rm -rf _build/live/site _build/live/doctrees"' in command, command
