"""Two clean builds of the same sources with the same SOURCE_DATE_EPOCH are identical, byte for
byte: the PDF and the whole HTML tree, though the second writes its pages in two processes
(-j 2, booktools/parallel.py). The date in the book is that epoch's, not the clock's."""

import datetime
import filecmp
import sys

import pytest
from pypdf import PdfReader

from book import CONF, ROOT, parse_html, run
from booktools.checks.latex import build_pdf

EPOCH = 1_700_000_000  # 14 November 2023, 22:13:20 UTC
DAY = datetime.datetime.fromtimestamp(EPOCH, datetime.UTC)


def build(out, *options):
    """A clean build of both editions into out (the epoch comes from the fixture's environment)."""
    for builder in ("latex", "html"):
        doctrees = out / f"doctrees-{builder}"
        result = run(sys.executable, "-m", "sphinx", "-b", builder, "-c", ROOT, "-d", doctrees,
                     ROOT / "docs", out / builder, "-W", "--keep-going", "-n", "-q", *options)  # fmt: skip
        assert result.returncode == 0, result.stderr
        if builder == "latex":
            assert build_pdf(out / "latex") == []
    return out


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory, pdf_path):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
        return build(tmp_path_factory.mktemp("first")), build(tmp_path_factory.mktemp("second"), "-j", "2")


def tree_differences(a, b):
    comparison = filecmp.dircmp(a, b)
    found = [f"only in one: {name}" for name in comparison.left_only + comparison.right_only]
    found += [f"differs: {name}" for name in comparison.diff_files]
    for sub in comparison.common_dirs:
        found += tree_differences(a / sub, b / sub)
    return found


def test_the_pdf_is_byte_identical(two_builds):
    first, second = two_builds
    name = f"{CONF['basename']}.pdf"
    assert (first / "latex" / name).read_bytes() == (second / "latex" / name).read_bytes()


def test_the_html_tree_is_identical(two_builds):
    first, second = two_builds
    assert tree_differences(first / "html", second / "html") == []


def test_the_dates_are_the_epochs(two_builds):
    first, _ = two_builds
    pdf = PdfReader(first / "latex" / f"{CONF['basename']}.pdf")
    assert pdf.metadata.creation_date.date() == DAY.date()
    title_page = " ".join(pdf.pages[0].extract_text().split())
    assert f"Edition {CONF['release']}" in title_page and DAY.strftime("%-d %B %Y") in title_page
    page = parse_html(first / "html" / "index.html")
    assert page.select_one("meta[name=citation_publication_date]")["content"] == DAY.strftime("%Y/%m/%d")
    footer = page.select_one("p.book-edition").get_text()
    assert footer == f"Edition {CONF['release']}, {DAY.strftime('%-d %B %Y')}."
