"""The icon font, cut down to the icons the book shows.

The theme ships Font Awesome's whole solid font (115 KB, which does not compress) for about
twenty icons. After each HTML build this module finds the icons in use, the ``fa-*`` classes of
the pages and the icons the style sheets name directly, and replaces the font in the output by
a subset holding only those (fontTools). The theme's own files are not touched; subsets are
cached by content (booktools/extension/cachedir.py), so a rebuild costs a file copy.
"""

import hashlib
import json
import re
from importlib import metadata
from pathlib import Path

from sphinx.util import logging

from ..shared.site import pages
from . import SITE_BUILDERS, cachedir
from .fallbacks import warn

logger = logging.getLogger(__name__)

FONT = Path("_static", "vendor", "fontawesome", "webfonts", "fa-solid-900.woff2")
# ".fa-magnifying-glass,.fa-search{--fa:"\f002"}": the codepoint of each icon class
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"([^"]+)"\}')
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def char(value: str) -> str:
    escape = ESCAPE.fullmatch(value)
    return chr(int(escape.group(1), 16)) if escape else value


CLASS_NAME = re.compile(r"\bfa-[a-z0-9-]+")
CODE = Path(__file__).read_bytes()  # a cached result is made by this code: part of its key


def css_icons(css: str) -> tuple[dict[str, str], set[str]]:
    """(character of each icon class, characters the style sheets use directly)."""
    key = hashlib.sha256(CODE + ICON_RULE.pattern.encode() + css.encode()).hexdigest()[:16]
    cached = cachedir.load("css", key, ".json")
    if cached is not None:
        by_class, direct = json.loads(cached)
        return by_class, set(direct)
    by_class = {}
    for match in ICON_RULE.finditer(css):
        for name in match.group(1).split(","):
            by_class[name.lstrip(".")] = char(match.group(2))
    rest = ICON_RULE.sub("", css)
    direct = {chr(int(h, 16)) for h in ESCAPE.findall(rest)} | set(PRIVATE_USE.findall(rest))
    cachedir.store("css", key, json.dumps([by_class, sorted(direct)]).encode(), ".json")
    return by_class, direct


def class_names(pages: list[Path]) -> set[str]:
    """The fa-* words of the pages."""
    return {name for page in pages for name in CLASS_NAME.findall(page.read_text(encoding="utf-8"))}


def icons_in_use(outdir: Path, names: set[str]) -> set[str] | None:
    """Characters of the icon font that the pages or the style sheets ask for; None when the
    style sheets name no icon in the form this module reads (a theme that changed its CSS)."""
    css = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(outdir, "_static").rglob("*.css")))
    by_class, used = css_icons(css)
    if not by_class:
        return None
    used |= {by_class[word] for word in names if word in by_class}  # an extra icon costs a few bytes
    return {c for c in used if len(c) == 1}


def subset_font(source: Path, target: Path, characters: set[str]) -> None:
    # fontTools writes WOFF2 with Brotli: both versions shape the bytes, so both are in the key.
    tools = f"{metadata.version('fonttools')} {metadata.version('brotli')}"
    made_with = CODE + tools.encode() + source.read_bytes()
    key = hashlib.sha256(made_with + "".join(sorted(characters)).encode()).hexdigest()[:16]
    data = cachedir.load("icons", key, ".woff2")
    if data is None:
        import io

        from fontTools import subset  # a tenth of a second to import: only when there is work

        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in characters])
        subsetter.subset(font)
        written = io.BytesIO()
        subset.save_font(font, written, options)
        data = written.getvalue()
        cachedir.store("icons", key, data, ".woff2")
    target.write_bytes(data)


def subset_icon_font(app, exception):
    if exception or app.builder.name not in SITE_BUILDERS:
        return
    target = Path(app.outdir, FONT)
    sources = [Path(d, "static", *FONT.parts[1:]) for d in app.builder.theme.get_theme_dirs()]
    source = next((s for s in sources if s.is_file()), None)
    if not target.is_file():  # a theme without Font Awesome: nothing to cut down
        if next(Path(app.outdir, "_static").rglob(FONT.name), None):  # the theme moved it
            warn(f"where the theme keeps its icon font ({FONT})", "the font is published whole")
        return
    characters = icons_in_use(Path(app.outdir), class_names(pages(Path(app.outdir))))
    if source is None or characters is None:
        logger.warning(
            "the theme's icon font or its CSS is not where and what booktools expects (%s): "
            "the font is published whole",
            FONT,
            type="booktools",
            subtype="fallback",
        )
        return
    subset_font(source, target, characters)
    logger.info("icon font: %d icons, %d bytes", len(characters), target.stat().st_size)


def setup(app):
    app.connect("build-finished", subset_icon_font)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
