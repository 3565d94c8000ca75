"""Only the theme files a page loads are published; each page is rewritten once, after the build.

sphinx-book-theme copies its whole static folder into every build: 6.5 MB, of which 3.4 MB are
source maps for its developers and 1.6 MB the Font Awesome script that turns the icons of the
theme's icon font into SVG (the font alone draws them). ``book_theme_static_exclude`` in conf.py
names what is left out, as glob patterns relative to the site's _static folder. Once Sphinx has
written the site, those files are removed, and the ``<script>`` and ``<link>`` elements that load
them are taken out of every page. Nothing of the theme is copied or changed beforehand, so a new
release of the theme cannot leave a page pointing at a stale file: whatever its pages load that
is not excluded stays as the theme wrote it.

That rewrite is the one pass over the written pages: on the way, a page's viewport declarations
become one, and its links to the style sheets that booktools/extension/styles.py cuts down get the cut
sheets' new versions (a link to a sheet left empty goes).
"""

import re
from fnmatch import fnmatch
from pathlib import Path

from ..shared.site import pages
from . import SITE_BUILDERS, styles

# A <script> or <link> element and the address it loads or links (a script, a style sheet, a
# preload, a page), with the white space around it, which goes when the element goes.
LOADER = re.compile(r'[ \t]*<(script|link)\b[^>]*\b(?:src|href)="([^"]*)"[^>]*>(?:</script>)?[ \t]*\n?')
VIEWPORT = re.compile(r'[ \t]*<meta name="viewport"[^>]*>[ \t]*\n?')


def excluded(path: str, patterns: list[str]) -> bool:
    return any(fnmatch(path, pattern) or fnmatch(path, pattern.removeprefix("**/")) for pattern in patterns)


def static_file(address: str) -> str | None:
    """The file of a _static folder that an address loads, relative to the folder (None for
    anything else)."""
    path = address.split("?")[0].split("#")[0]
    before, static, file = path.rpartition("_static/")
    return file if static and file and before[-1:] in ("", "/") else None


def one_viewport(html: str) -> str:
    """Sphinx's layout declares the viewport, and so does the docutils writer on every page made
    from a document: Sphinx drops the writer's first two meta tags, taking them for the generator
    and the viewport, but the first is the charset (sphinx-doc/sphinx#11699). The first
    declaration stays (a page should say it once; validators and Lighthouse object to two).
    pydata-sphinx-theme's, a third, is in the "extrahead" block that the book's layout.html
    leaves empty."""
    seen = []
    return VIEWPORT.sub(lambda m: "" if seen.append(m) or len(seen) > 1 else m.group(0), html)


def style_sheet(match: re.Match) -> str | None:
    """The address, without its version, of the _static style sheet a loader links (None when
    it is not one)."""
    tag, loads = match.group(1, 2)
    path = loads.split("?")[0]
    return path if tag == "link" and path.endswith(".css") and static_file(loads) is not None else None


def rewrite_pages(outdir: Path, patterns: list[str], cut_style_sheets: bool) -> None:
    """Each page read and written once: without the elements that load an excluded file, with one
    viewport, and, when the style sheets are cut (booktools.styles), with their links versioned
    anew, or without them for a sheet left empty."""
    site = {page.relative_to(outdir).as_posix(): page.read_text(encoding="utf-8") for page in pages(outdir)}
    sheets, scripts = set(), set()  # what the pages load once the excluded files are gone

    def unexcluded(page: str, match: re.Match) -> str:
        file = static_file(match.group(2))
        if file is not None and excluded(file, patterns):
            return ""
        if match.group(1) == "script":
            scripts.add(styles.resolve(page, match.group(2)))
        elif address := style_sheet(match):
            sheets.add(styles.resolve(page, address))
        return match.group(0)

    lean = {
        page: one_viewport(LOADER.sub(lambda m, page=page: unexcluded(page, m), text))
        for page, text in site.items()
    }
    versions = styles.cut_site(outdir, lean.values(), sheets, scripts) if cut_style_sheets else {}

    def relinked(page: str, match: re.Match) -> str:
        address = style_sheet(match)
        sheet = styles.resolve(page, address) if address else None
        if sheet not in versions:
            return match.group(0)
        if versions[sheet] is None:
            return ""
        return match.group(0).replace(match.group(2), address + versions[sheet], 1)

    for page, text in lean.items():
        if versions:
            text = LOADER.sub(lambda m, page=page: relinked(page, m), text)
        if text != site[page]:
            Path(outdir, page).write_text(text, encoding="utf-8")


def remove_unused_theme_files(app, exception):
    if exception or app.builder.name not in SITE_BUILDERS:
        return
    static = Path(app.outdir, "_static")
    for path in [p for p in static.rglob("*") if p.is_file()]:
        if excluded(path.relative_to(static).as_posix(), app.config.book_theme_static_exclude):
            path.unlink()


def publish_pages(app, exception):
    if exception or app.builder.name not in SITE_BUILDERS:
        return
    rewrite_pages(Path(app.outdir), app.config.book_theme_static_exclude, app.config.book_cut_style_sheets)


def setup(app):
    app.add_config_value("book_theme_static_exclude", [], "html", types=[list])
    # The files go before the icon font is cut down to the icons the pages use (it reads the style
    # sheets); the pages are rewritten after that, when the style sheets are cut (booktools.styles:
    # the words come from the scripts that remain, and the icons were found in the whole sheets).
    app.connect("build-finished", remove_unused_theme_files, priority=400)
    app.connect("build-finished", publish_pages, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
