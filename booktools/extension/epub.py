"""The EPUB edition: what reading systems and their users need, in a reproducible file.

- Every page names its language (``lang``), as the HTML pages do.
- A cover, drawn from the book's title, edition and date (PNG, nothing committed).
- The package says how the book can be read (schema.org accessibility metadata, as DAISY Ace
  and the EPUB Accessibility specification ask), and its navigation document has the ARIA role
  of a table of contents and a list of landmarks.
- Its contents (nav.xhtml, and toc.ncx for older reading systems) number the chapters and
  their sections as the HTML and the PDF's outline do: Sphinx's builder, subclassed, gives
  each entry the number Sphinx gave its toctree reference ("1. Introduction").
- Sphinx zips the EPUB with each file's modification time, so two builds of one commit, or an
  incremental build and a clean one, gave different files. The archive is written again from
  the built folder with every entry dated SOURCE_DATE_EPOCH (the book's date), with fixed
  permissions, in Sphinx's order (the uncompressed ``mimetype`` first, as EPUB requires).

The package and navigation documents come from Sphinx's own templates, which no setting
reaches: booktools adds to them after Sphinx writes them, at fixed points of their markup. If a
point is not there (another Sphinx release), that addition is left out and the build says so.
"""

import io
import mimetypes
import os
import subprocess
import time
import zipfile
from html import escape
from pathlib import Path

from docutils import nodes
from sphinx.builders.epub3 import Epub3Builder
from sphinx.util import logging

from .fallbacks import section_numbers, warn

logger = logging.getLogger(__name__)

EARLIEST = 315532800  # 1980-01-01, the earliest time a zip archive can record
FILE_MODE = 0o644 << 16
XHTML_TAG = '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"'

# How the book can be read: text throughout (the one figure has a text alternative and the
# chronology table says the same), with a contents list, page structure and an index.
ACCESSIBILITY = {
    "schema:accessMode": ["textual", "visual"],
    "schema:accessModeSufficient": ["textual"],
    "schema:accessibilityFeature": [
        "structuralNavigation",
        "tableOfContents",
        "index",
        "readingOrder",
        "alternativeText",
    ],  # fmt: skip
    "schema:accessibilityHazard": ["none"],
    "schema:accessibilitySummary": [
        "The book is text, with headings and a table of contents for navigation, and an index. "
        "Its one figure, a timeline, has a text alternative, and every event in it is also in "
        "the chronology table. No content flashes, moves or plays sound."
    ],
}


def entry_time() -> tuple:
    epoch = max(int(os.environ.get("SOURCE_DATE_EPOCH", EARLIEST)), EARLIEST)
    return time.gmtime(epoch)[:6]


# -- The pages and the cover -------------------------------------------------------------------


def page_language(app, pagename, templatename, context, doctree):
    """Sphinx's EPUB pages open with an <html> tag of their own, which has no language."""
    if app.builder.name != "epub":
        return
    if not str(context.get("html_tag", "")).startswith(XHTML_TAG):
        warn("the html_tag Sphinx's EPUB builder hands its pages", "the EPUB's pages carry no language")
    else:
        language = escape(app.config.language, quote=True)
        context["html_tag"] = f'{XHTML_TAG} lang="{language}" xml:lang="{language}">'


COVER_SIZE = (1600, 2560)  # pixels, the proportions e-book shops ask for
PAPER, INK, RULE = "#f4efe6", "#2b1a12", "#5b2a1a"
TEXT_WIDTH = 1240  # pixels, within the frame


def cover_font(size: int):
    """The PDF's face (FreeSerif) where fontconfig finds it, else its nearest serif, else
    Pillow's own face: a cover is always drawn."""
    from PIL import ImageFont

    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", "FreeSerif"], capture_output=True, text=True)
        return ImageFont.truetype(found.stdout.strip(), size)
    except (OSError, ValueError):
        return ImageFont.load_default(size)


def set_in_lines(text: str, font, width: int) -> list[str]:
    """The text broken between words into lines no wider than width (in pixels)."""
    lines, line = [], ""
    for word in text.split():
        longer = f"{line} {word}".strip()
        if line and font.getlength(longer) > width:
            lines.append(line)
            line = word
        else:
            line = longer
    return [*lines, line]


def cover_png(title: str, edition: str, date: str) -> bytes:
    """A plain cover, a raster image as e-book libraries want one (calibre takes no SVG for a
    cover): the title set in lines, the edition and (if given) the date below."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", COVER_SIZE, PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((80, 80, 1520, 2480), outline=RULE, width=8)
    big, small = cover_font(110), cover_font(64)
    lines = set_in_lines(title, big, TEXT_WIDTH)
    for i, line in enumerate(lines):
        draw.text((800, 700 + 150 * i), line, font=big, fill=INK, anchor="ms")
    below = 700 + 150 * len(lines) + 250
    lines = [line for text in (edition, date) if text for line in set_in_lines(text, small, TEXT_WIDTH)]
    for i, line in enumerate(lines):
        draw.text((800, below + 90 * i), line, font=small, fill=INK, anchor="ms")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_cover(app):
    if app.builder.name != "epub" or not app.config.epub_cover:
        return
    from .edition import build_date, is_release, label

    config = app.config
    image = Path(app.outdir, config.epub_cover[0])
    image.parent.mkdir(parents=True, exist_ok=True)
    date = build_date(config.today_fmt or "%b %d, %Y", config.language)
    # "Edition 0.1" above the date; a draft's label holds its date already
    shown = label(config.release, config.version, date)
    below = date if is_release(config.release, config.version) else ""
    image.write_bytes(cover_png(config.project, shown, below))


# -- The package and its navigation --------------------------------------------------------------


def accessibility_metadata() -> str:
    return "".join(
        f'    <meta property="{name}">{escape(value)}</meta>\n' for name, values in ACCESSIBILITY.items()
        for value in values
    )  # fmt: skip


def landmarks(contents: str, first_chapter: str | None) -> str:
    marks = [("toc", contents, "Table of Contents")]
    if first_chapter:
        marks.append(("bodymatter", first_chapter, "Start of the text"))
    items = "".join(f'<li><a epub:type="{kind}" href="{escape(href, quote=True)}">{label}</a></li>'
                    for kind, href, label in marks)  # fmt: skip
    return f'<nav epub:type="landmarks" hidden="hidden"><h2>Landmarks</h2><ol>{items}</ol></nav>\n'


def replace_in(path: Path, anchor: str, replacement: str) -> bool:
    """Replace the first anchor in a file; False if there is none."""
    text = path.read_text(encoding="utf-8")
    if anchor not in text:
        return False
    path.write_text(text.replace(anchor, replacement, 1), encoding="utf-8")
    return True


def first_chapter(env) -> str | None:
    """The first page of the numbered chapters, where the text begins."""
    by_page = section_numbers(env)
    numbered = [doc for doc, numbers in by_page.items() if numbers.get("")]
    return min(numbered, key=lambda doc: by_page[doc][""], default=None)


def complete_package(app) -> None:
    outdir = Path(app.outdir)
    suffix, chapter = app.builder.out_suffix, first_chapter(app.env)
    marks = landmarks(app.config.root_doc + suffix, chapter + suffix if chapter else None)
    uid = f'<meta name="dtb:uid" content="{escape(app.config.epub_uid, quote=True)}"/>'
    identifier = escape(app.config.epub_identifier, quote=True)
    changes = [
        (outdir / "content.opf", "  </metadata>", accessibility_metadata() + "  </metadata>"),
        (outdir / "nav.xhtml", '<nav epub:type="toc">', '<nav epub:type="toc" role="doc-toc">'),
        (outdir / "nav.xhtml", "  </body>", marks + "  </body>"),
        # The NCX names the book by the package's identifier (Sphinx writes the identifier's name).
        (outdir / "toc.ncx", uid, f'<meta name="dtb:uid" content="{identifier}"/>'),
    ]
    if app.config.epub_cover:
        # EPUB 3 names its cover by the manifest item's cover-image property; Sphinx writes only
        # EPUB 2's <meta name="cover">, and e-book libraries (calibre) then take the contents page.
        cover = app.config.epub_cover[0]
        item = f'href="{escape(cover, quote=True)}" media-type="{mimetypes.guess_type(cover)[0]}"'
        changes.append((outdir / "content.opf", item, item + ' properties="cover-image"'))
    for path, anchor, replacement in changes:
        if not replace_in(path, anchor, replacement):
            logger.warning("%s: Sphinx no longer writes %r: booktools' change to it is left out",
                           path.name, anchor, type="booktools", subtype="fallback")  # fmt: skip


def archive(app) -> None:
    """The EPUB again, from the built folder (as completed here), in Sphinx's order, with fixed
    times and modes: written to a new file, then renamed."""
    path = Path(app.outdir, f"{app.config.epub_basename}.epub")
    when = entry_time()
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(temporary, "w") as new:
        for item in old.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=when)
            entry.compress_type = item.compress_type
            entry.external_attr = FILE_MODE
            entry.create_system = 3  # Unix, whatever the machine
            new.writestr(entry, Path(app.outdir, item.filename).read_bytes())
    temporary.replace(path)


def finish_epub(app, exception):
    if exception or app.builder.name != "epub":
        return
    complete_package(app)
    archive(app)


class NumberedEpub3Builder(Epub3Builder):
    """Sphinx's EPUB builder, whose navigation entries carry their section numbers."""

    def get_refnodes(self, doctree, result):
        before = len(result)
        result = super().get_refnodes(doctree, result)
        if isinstance(doctree, nodes.reference) and doctree.get("secnumber") and len(result) == before + 1:
            number = ".".join(map(str, doctree["secnumber"]))
            result[-1]["text"] = f"{number}{self.config.html_secnumber_suffix}{result[-1]['text']}"
        return result


def setup(app):
    app.add_builder(NumberedEpub3Builder, override=True)
    app.connect("builder-inited", write_cover)
    app.connect("html-page-context", page_language)
    app.connect("build-finished", finish_epub, priority=900)  # after Sphinx has zipped it
    return {"parallel_read_safe": True, "parallel_write_safe": True}
