"""The author's text survives: every sentence of the essay is in the book, in order, unchanged.

The essay's chapter headings become chapter titles and its numbered items become section
titles; apart from that, only whitespace and quote style may differ. The blog's chrome (date
line, repeated title, sharing and comment lines) must not be in the book.
"""

import hashlib
import re
from pathlib import Path

from book import ROOT, parse_html

VENDORED = ROOT / "tests" / "data" / "essay.txt"
# SHA-256 of the author's file as the project received it (shared/source/essay.txt): the copy in
# tests/data must be that file, byte for byte, wherever the tests run.
AUTHORS_FILE = "4208a57ab71814216ac38894f25182c93fe22cb7adc6c5773771ecdc8192604a"
ORIGINAL = ROOT.parent / "shared" / "source" / "essay.txt"  # beside the checkout, where it is

CHROME = ["Saturday, August 3, 2024", "Share this", "Comment to", "Post a Comment"]
NUMBERED_ITEM = re.compile(r"\d+\.\s+(?P<title>[^:]+):\s+(?P<body>.*)", re.S)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def normalise(text: str) -> str:
    text = text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "\xa0": " "}))
    return re.sub(r"\s+", " ", text).strip()


def essay_paragraphs() -> list[str]:
    text = VENDORED.read_text(encoding="utf-8")
    paragraphs = [normalise(p) for p in re.split(r"\n\s*\n", text)]
    return [p for p in paragraphs if p and not any(c in p for c in CHROME)]


def essay_structure():
    """(headings, sentences): the essay's headings and its sentences, in order."""
    paragraphs = essay_paragraphs()
    title = paragraphs[0]
    headings, sentences = [], []
    for paragraph in paragraphs:
        if paragraph == title:
            continue
        item = NUMBERED_ITEM.fullmatch(paragraph)
        if item:
            headings.append(item["title"])
            paragraph = item["body"]
        elif not paragraph.endswith("."):
            headings.append(paragraph)
            continue
        sentences += SENTENCE_END.split(paragraph)
    return headings, sentences


def book_text(pages: list[Path]) -> str:
    texts = []
    for page in pages:
        article = parse_html(page).select_one("article.bd-article")
        texts.append(article.get_text())
    return normalise(" ".join(texts))


def book_headings(pages: list[Path]) -> list[str]:
    headings = []
    for page in pages:
        for h in parse_html(page).select("article.bd-article :is(h1, h2)"):
            number = h.select_one("span.section-number")
            if number:
                number.extract()
            headings.append(normalise(h.get_text()).rstrip("#").strip())
    return headings


def test_the_vendored_essay_is_the_authors_file():
    assert hashlib.sha256(VENDORED.read_bytes()).hexdigest() == AUTHORS_FILE
    if ORIGINAL.exists():  # and the digest is the original's
        assert hashlib.sha256(ORIGINAL.read_bytes()).hexdigest() == AUTHORS_FILE


def test_essay_has_the_expected_shape():
    headings, sentences = essay_structure()
    assert len(headings) == 7 + 5 + 3  # chapter headings, impact items, challenge items
    assert len(sentences) >= 60


def test_every_sentence_appears_in_order(book_pages):
    text = book_text(book_pages)
    position = 0
    _, sentences = essay_structure()
    for sentence in sentences:
        found = text.find(sentence, position)
        assert found >= 0, f"missing or out of order: {sentence!r}"
        position = found + len(sentence)


def test_every_heading_is_a_chapter_or_section_title(book_pages):
    headings, _ = essay_structure()
    titles = book_headings(book_pages)
    for heading in headings:
        assert heading in titles, f"heading not in the book: {heading!r}"


def test_no_blog_chrome(book_pages):
    text = book_text(book_pages)
    for chrome in CHROME:
        assert chrome not in text
