"""``make html`` as editors use it: after any edit, kill or second build, the editions equal a
clean build of the same files, or the build fails saying where.

The differential test draws editor actions from a seed (tests/editor.py) and, after each, compares
the PDF, the EPUB and the site, file by file, with a clean build made elsewhere with an empty
cache. `make test` runs a few steps; `make stress` hundreds (BOOK_STRESS_STEPS, BOOK_STRESS_SEED).
It runs on the book, as does a kill while LaTeX runs (the book's LaTeX takes long enough to be
caught). The other tests are the cases found in earlier versions of the build, one by one: they
do not depend on what the book says, so they run on the small book (``small_book``), the
project's tools around tests/roots/test-small-book, which builds in seconds.
"""

import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from book import (
    as_another_user,
    label_uses,
    parse_html,
    site_pages,
    undefined_label_warnings,
    warned_for_every_use,
)
from editor import Checkout, Editor, References, differences, editions, processes_of

STEPS = int(os.environ.get("BOOK_STRESS_STEPS", "5"))
SEED = int(os.environ.get("BOOK_STRESS_SEED", "1924"))
# The edit of the cases that need one: a chapter's new title, which reaches every page's sidebar
# and the PDF's contents. One edit for all, so that its clean build is made once.
CHAPTER = "text/envoys.md"
TITLE = "# Envoys at Once\n"
NEW_TITLE = "# Envoys Without a Protocol\n"
FIRST_PAGE = "_build/html/berlin.html"  # another page, whose sidebar shows the new title
BOOK_CHAPTER = ("docs/chapters/03-soviet-strategy.md", "# The Soviet Union's Diplomatic Strategy\n",
                "# Soviet Strategy in the Americas\n")  # fmt: skip

pytestmark = pytest.mark.slow  # each test builds the book again


def assert_equals_clean_build(book: Checkout, references: References) -> dict:
    clean = references.of(book)
    assert clean.returncode == 0, clean.output
    ours = editions(book.folder)
    assert differences(ours, clean.editions) == []
    return ours


def build(book: Checkout) -> str:
    result = book.make()
    assert result.returncode == 0, result.stdout
    return result.stdout


def retitle(book: Checkout) -> None:
    book.edit(CHAPTER, TITLE, NEW_TITLE)


# -- The differential test ---------------------------------------------------------------------


def test_random_editing_gives_what_a_clean_build_gives(book, references):
    """After each step, `make html` either fails as a clean build of the same files fails, or
    its three editions equal that build's, byte for byte."""
    editor = Editor(book, random.Random(SEED))
    log, divergent, compared = [], [], 0
    result = None
    for step in range(STEPS):
        name, outcome = editor.act(broken=result is not None and result.returncode != 0)
        if name == "two_at_once":
            what, results = outcome
            statuses = {r.returncode for r in results}
            assert len(statuses) == 1, f"step {step}: two builds at once ended differently: {results}"
            assert any("another build is running" in r.stdout for r in results), results
            result = results[-1]
        else:
            what = outcome
            result = book.make()
        clean = references.of(book)
        log.append(f"{step}: {what}: exit {result.returncode} (clean build: {clean.returncode})")
        if (result.returncode == 0) != (clean.returncode == 0):
            divergent.append(f"{log[-1]}\n{result.stdout[-2000:]}\n--- clean:\n{clean.output[-2000:]}")
        elif result.returncode == 0:
            compared += 1
            found = differences(editions(book.folder), clean.editions)
            if found:
                divergent.append(f"{log[-1]}: {found[:10]}")
    print(f"seed {SEED}, {STEPS} steps ({compared} built and compared file by file, the others failed "
          f"as the clean build did), {len(divergent)} divergences", *log, sep="\n")  # fmt: skip
    assert divergent == [], "\n".join(log + ["", *divergent])
    assert editor.scratch_intact(), "a build wrote or deleted through a link in the build folder"


# -- The cases, one by one -------------------------------------------------------------------------


def test_with_nothing_changed_no_builder_starts(small_book):
    book = small_book

    def written():  # (the lock notes who holds it)
        return {
            p: p.stat().st_mtime_ns
            for p in book.path("_build").rglob("*")
            if p.is_file() and p.name != ".lock"
        }

    before = written()
    result = book.make()
    assert result.returncode == 0
    assert "html, pdf, epub, tei up to date" in result.stdout
    assert written() == before


def wait_until(condition, seconds: float = 120, what: str = "") -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"waited {seconds} s for {what}")
        time.sleep(0.01)


def kill_and_rebuild(
    book: Checkout, references: References, moment: str, sidebar_page: str, title: str
) -> None:
    process = book.start()
    if moment == "while the pages are written":
        new = book.path("_build/.new/html")
        wait_until(lambda: new.is_dir() and any(new.rglob("*.html")), what="the first page")
    else:  # while LaTeX runs
        wait_until(
            lambda: any("xelatex" in command_line(p) for p in processes_of(process.pid)), what="XeLaTeX"
        )
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
    rebuilt = build(book)
    assert "the last build did not finish; building from scratch" in rebuilt
    ours = assert_equals_clean_build(book, references)
    assert ours["pdf"]
    sidebar = parse_html(book.path(sidebar_page)).select_one("nav.bd-links")
    assert title in sidebar.get_text()


def test_a_build_killed_while_the_pages_are_written_is_followed_by_one_equal_to_a_clean_build(
    small_book, references
):
    """A new chapter title, and the build that should show it killed: the next build must not
    leave any page with the old title in its sidebar."""
    retitle(small_book)
    kill_and_rebuild(
        small_book, references, "while the pages are written", FIRST_PAGE, NEW_TITLE.strip("# \n")
    )


def test_a_build_killed_while_latex_runs_is_followed_by_one_equal_to_a_clean_build(book, references):
    """The same on the book, killed while XeLaTeX runs (no half-written PDF is kept)."""
    book.edit(*BOOK_CHAPTER)
    kill_and_rebuild(book, references, "while LaTeX runs", "_build/html/chapters/01-introduction.html",
                     BOOK_CHAPTER[2].strip("# \n"))  # fmt: skip


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def test_two_builds_at_once_take_turns(small_book, references):
    book = small_book
    retitle(book)
    first = book.start()
    wait_until(lambda: book.path("_build/.new").exists(), what="the first build to start writing")
    second = book.start()
    outputs = [p.communicate(timeout=600)[0] for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert "another build is running in this checkout" in outputs[1]
    assert "up to date" in outputs[1]  # the first one built it all
    pdf = next(book.path("_build/latex").glob("*.pdf"))
    assert len(PdfReader(pdf).pages) >= 5  # a whole PDF, with its trailer
    assert_equals_clean_build(book, references)


def test_a_build_leaves_no_process_and_no_socket_behind(small_book, tmp_path):
    """Nothing waits between builds: no process another user could talk to, none to stop."""
    book = small_book
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    retitle(book)
    environment = {**book.environment(), "TMPDIR": str(private_tmp)}
    process = subprocess.Popen(book.command(), cwd=book.folder, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=environment, text=True)  # fmt: skip
    output, _ = process.communicate(timeout=600)
    assert process.returncode == 0, output
    left = [p for p in Path("/proc").iterdir() if p.name.isdigit() and cwd_of(p) == book.folder]
    assert left == []
    assert list(private_tmp.iterdir()) == []


def cwd_of(proc: Path) -> Path | None:
    try:
        return Path(os.readlink(proc / "cwd"))
    except OSError:
        return None


def test_a_deleted_output_file_is_built_again(small_book, references):
    book = small_book
    page = book.path(FIRST_PAGE)
    page.unlink()
    assert "up to date" not in build(book)
    assert page.is_file()
    assert_equals_clean_build(book, references)


def test_an_altered_pdf_is_built_again(small_book, references):
    book = small_book
    pdf = next(book.path("_build/latex").glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes()[:1000])
    build(book)
    assert_equals_clean_build(book, references)


@pytest.mark.parametrize("where", ["in git", "outside git"])
def test_a_new_source_date_epoch_reaches_every_page(small_book, references, where):
    book = small_book
    if where == "outside git":
        shutil.rmtree(book.path(".git"))
        book.edit(CHAPTER, TITLE, TITLE + "\nAn edit outside git.\n")  # the date is the newest file's
    else:
        book.epoch = "1700000000"  # 14 November 2023
    build(book)
    assert_equals_clean_build(book, references)
    if where == "in git":
        footers = {
            parse_html(page).select_one(".book-edition").get_text(" ", strip=True)
            for page in site_pages(book.path("_build/html"))
        }
        assert len(footers) == 1 and "November 14, 2023" in footers.pop()


def test_a_file_restored_with_an_older_time_is_read_again(small_book, references):
    book = small_book
    chapter = book.path(CHAPTER)
    original, stat = chapter.read_bytes(), chapter.stat()
    book.edit(CHAPTER, TITLE, TITLE + "\nA sentence that will be undone.\n")
    build(book)
    chapter.write_bytes(original)  # cp -p of the saved copy
    os.utime(chapter, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    build(book)
    page = book.path("_build/html/envoys.html").read_text(encoding="utf-8")
    assert "will be undone" not in page
    assert_equals_clean_build(book, references)


def test_a_renamed_chapter_leaves_nothing_of_its_old_name(small_book, references):
    book = small_book
    book.path(CHAPTER).rename(book.path("text/protocol.md"))
    book.edit("text/index.md", "envoys\n", "protocol\n")
    build(book)
    site = book.path("_build/html")
    assert not (site / "envoys.html").exists()
    assert not (site / "_sources" / "envoys.md.txt").exists()
    epub = next(book.path("_build/epub").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        opf = archive.read("content.opf").decode()
    assert "envoys" not in opf and "protocol" in opf
    assert_equals_clean_build(book, references)


@pytest.mark.parametrize("damage", ["cut short", "replaced"])
def test_a_damaged_cache_never_reaches_the_book(small_book, references, damage):
    book = small_book
    for path in [p for p in book.cache.rglob("*") if p.is_file()]:
        data = path.read_bytes()
        path.write_bytes(
            data[:1000] if damage == "cut short" else b"{}" if path.suffix == ".json" else b"0" * 1000
        )
    assert book.make("clean").returncode == 0
    build(book)
    ours = assert_equals_clean_build(book, references)
    font = [name for name in ours["html"] if name.endswith("fa-solid-900.woff2")]
    assert font, "the icon font is published"


def test_a_draft_never_passes_for_a_release(small_book, references):
    book = small_book

    def edition_shown() -> str:
        footer = parse_html(book.path("_build/html/index.html")).select_one(".book-edition")
        return footer.get_text(" ", strip=True)

    book.git("checkout", "README.md")  # the tree is the commit's
    book.git("tag", "v2.3")
    build(book)
    assert "Edition 2.3," in edition_shown()
    book.edit(CHAPTER, TITLE, TITLE + "\nAn uncommitted sentence.\n")
    build(book)
    shown = edition_shown()
    assert shown.startswith("Draft of ") and "with changes not yet committed" in shown, shown
    title_page = PdfReader(next(book.path("_build/latex").glob("*.pdf"))).pages[0]
    pdf_text = " ".join(title_page.extract_text().split())
    assert "Edition 2.3" not in pdf_text and "with changes not yet committed" in pdf_text, pdf_text
    assert_equals_clean_build(book, references)


def test_a_changed_index_style_reaches_the_printed_index(small_book, references):
    """xindy's style is one of the files Sphinx copies into the LaTeX folder that latexmk does
    not watch (booktools/extension/latex.py adds its markup to it): a change there must reach the
    index, as in a clean build, while LaTeX's other files are kept."""
    book = small_book
    book.edit("booktools/extension/latex.py", '(markup-range :sep "\\\\textendash{}")',
              '(markup-range :sep "\\\\textendash{}")\\n(markup-locref-list :sep "; ")')  # fmt: skip
    build(book)
    index = next(book.path("_build/latex").glob("*.ind")).read_text(encoding="utf-8")
    assert "}; \\hyperpage" in index  # the pages of an entry, now apart by "; "
    assert_equals_clean_build(book, references)


def test_an_unwritable_cache_folder_means_building_without_it(small_book, references, tmp_path):
    book = small_book
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_text("")
    book.cache = not_a_folder / "cache"  # nothing can be created under a file, not even by root
    retitle(book)
    output = build(book)
    assert "Traceback" not in output
    assert_equals_clean_build(book, references)


def test_a_renamed_label_fails_the_build_on_every_page_that_uses_it(small_book):
    book = small_book
    book.edit("text/berlin.md", "(berlin)=", "(in-berlin)=")
    result = book.make()
    assert result.returncode != 0
    # index.md was not edited, but it links to the old label: its warning must not be lost.
    uses = label_uses(book.folder, "berlin", source="text")
    assert "text/index.md" in uses and len(uses) >= 2
    warnings = undefined_label_warnings(book.folder, result.stdout, "berlin")
    assert warned_for_every_use(uses, warnings), (uses, result.stdout)


def test_make_clean_waits_for_a_running_build(small_book):
    book = small_book
    retitle(book)
    building = book.start()
    wait_until(lambda: book.path("_build/.new").exists(), what="the build to start writing")
    cleaning = book.make("clean")
    assert cleaning.returncode == 0
    assert "another build is running in this checkout" in cleaning.stdout
    assert building.wait(timeout=600) == 0  # it finished first
    assert not book.path("_build").exists()
    assert [p for p in Path("/proc").iterdir() if p.name.isdigit() and cwd_of(p) == book.folder] == []


def test_make_html_with_another_build_folder_builds_and_publishes_every_edition_there(small_book):
    """The build command owns every path: BUILD reaches the builders and the published site,
    and the build folder it did not name is left as it was."""
    before = {p: p.stat().st_mtime_ns for p in small_book.path("_build").rglob("*") if p.is_file()}
    command = [*small_book.command(), "BUILD=elsewhere"]
    result = subprocess.run(command, cwd=small_book.folder, env=small_book.environment(), capture_output=True,
                            text=True, timeout=600)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    site = small_book.path("elsewhere/html")
    for edition in ("latex/berlin-1923.pdf", "epub/berlin-1923.epub"):
        built = small_book.path(f"elsewhere/{edition}")
        assert (site / built.name).read_bytes() == built.read_bytes()
    for page in [p for p in site_pages(site) if p.name not in ("genindex.html", "search.html")]:
        links = [a["href"] for a in parse_html(page).select(".dropdown-download-buttons a[href$='.pdf']")]
        assert links and all((page.parent / href).resolve().is_file() for href in links), page
    after = {p: p.stat().st_mtime_ns for p in small_book.path("_build").rglob("*") if p.is_file()}
    assert after == before


@pytest.mark.parametrize("target", ["html", "clean"])
def test_a_build_folder_of_another_user_gives_a_clear_message(target):
    from booktools import make

    folder = Path(tempfile.mkdtemp())
    try:
        os.chmod(folder, 0o755)  # the other user can look, not write
        (folder / "_build" / "html").mkdir(parents=True)
        (folder / "_build" / ".lock").touch()
        if os.geteuid() != 0:
            for path in (folder / "_build", folder / "_build" / "html"):
                path.chmod(0o555)
        status, output = as_another_user(make.main, [target, "--build", str(folder / "_build")])
    finally:
        for path in (folder / "_build", folder / "_build" / "html"):
            path.chmod(0o755)
        shutil.rmtree(folder)
    assert status == 1, output
    assert "Traceback" not in output
    if os.geteuid() == 0:
        assert f"{folder / '_build'} belongs to root, and you are nobody: booktools builds only" in output
    else:
        assert f"cannot write in {folder / '_build'}: Permission denied." in output


def test_a_chapter_not_in_utf_8_is_named_with_its_line(small_book):
    book = small_book
    chapter = book.path(CHAPTER)
    chapter.write_bytes(chapter.read_bytes().replace(b"\n\n", "\n\nPestkovsky\xe9 ".encode("latin-1"), 2))
    result = book.make()
    assert result.returncode != 0
    assert f"{CHAPTER}:4:11: not UTF-8 (byte 0xe9): save the file with the UTF-8 encoding" in result.stdout
    assert "Traceback" not in result.stdout and "sphinx-doc" not in result.stdout


def test_a_bibtex_syntax_error_is_named_with_its_line(small_book):
    book = small_book
    book.edit(
        "sources.bib", "@book{platoshkin2011istoriya3,", "@book{platoshkin2011istoriya3,\n  title = {open,"
    )
    result = book.make()
    assert result.returncode != 0
    assert "sources.bib:" in result.stdout and result.stdout.count("BibTeX syntax error") == 1, result.stdout
    assert "sphinx-doc" not in result.stdout and "Traceback" not in result.stdout


def test_a_failed_build_says_so_and_the_next_one_reports_it_again(small_book):
    book = small_book
    book.edit(CHAPTER, TITLE, TITLE + "\n{cite:p}`nokey`\n")
    for _ in range(2):
        result = book.make()
        assert result.returncode != 0
        assert f'{CHAPTER}:4: WARNING: could not find bibtex key "nokey"' in result.stdout
        assert "the build failed" in result.stdout and "built html" not in result.stdout
        assert result.stdout.count('could not find bibtex key "nokey"') == 1  # once, not once per edition
