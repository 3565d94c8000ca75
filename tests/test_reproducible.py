"""Two clean builds of one commit, in two different folders, give the same HTML, PDF and EPUB,
byte for byte (the EPUB's archive included: its entries carry the book's date, not the clock's).
The date printed in the book is the last commit's (`make html` hands it to the builders as
SOURCE_DATE_EPOCH), not the clock's."""

import datetime
import shutil
import zipfile

import pytest
from pypdf import PdfReader

from book import parse_html
from editor import COMMIT_DATE, Checkout, differences, editions

DAY = datetime.datetime.fromisoformat(COMMIT_DATE)  # the checkout's last commit, and so the book's date

pytestmark = pytest.mark.slow  # each test builds the book again


@pytest.fixture(scope="module")
def two_builds(built, tmp_path_factory):
    """The tests' book built from nothing, each time with its own empty cache, in two folders of
    different names and depths: the session's first build of it (``built``), and one more, here.
    Neither is given SOURCE_DATE_EPOCH: `make html` takes the last commit's date."""
    checkout, aside = built
    second = tmp_path_factory.mktemp("second") / "a" / "b" / "book"
    shutil.copytree(aside / "book", second, symlinks=True, ignore=shutil.ignore_patterns("_build"))
    result = Checkout(second, second.parent / "cache").make()
    assert result.returncode == 0, result.stdout
    return [aside / "book", second]


def test_two_clean_builds_in_two_folders_are_byte_identical(two_builds):
    first, second = two_builds
    ours, theirs = editions(first), editions(second)
    assert all(ours[edition] for edition in ("html", "pdf", "epub"))
    assert differences(ours, theirs) == []


def test_the_epub_archive_is_dated_by_the_book(two_builds):
    epub = next((two_builds[0] / "_build" / "epub").glob("*.epub"))
    with zipfile.ZipFile(epub) as archive:
        entries = archive.infolist()
    assert entries[0].filename == "mimetype" and entries[0].compress_type == zipfile.ZIP_STORED
    assert {entry.date_time for entry in entries} == {DAY.timetuple()[:6]}


def test_the_dates_are_the_epochs(two_builds):
    first = two_builds[0] / "_build"
    pdf = PdfReader(next((first / "latex").glob("*.pdf")))
    assert pdf.metadata.creation_date.date() == DAY.date()
    title_page = " ".join(pdf.pages[0].extract_text().split())
    assert DAY.strftime("%-d %B %Y") in title_page
    page = parse_html(first / "html" / "index.html")
    assert page.select_one("meta[name=citation_publication_date]")["content"] == DAY.strftime("%Y/%m/%d")
    footer = page.select_one("p.book-edition").get_text()
    assert DAY.strftime("%-d %B %Y") in footer  # "Edition 0.1, <day>." or "Draft of <day> (commit ...)."
    assert pdf.xmp_metadata.xmp_create_date.date() == DAY.date(), "the XMP's date is the book's too"
