"""The icon font, cut down to the icons the book shows.

The theme ships Font Awesome's whole solid font (115 KB, which does not compress) for about
twenty icons. After each HTML build this module finds the icons in use, the ``fa-*`` classes of
the pages and the icons the style sheets name directly, and replaces the font in the output by
a subset holding only those (fontTools). The theme's own files are not touched.
"""

import hashlib
import re
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from sphinx.util import logging

from .downloads import SITE_BUILDERS

logger = logging.getLogger(__name__)

FONT = Path("_static", "vendor", "fontawesome", "webfonts", "fa-solid-900.woff2")
# ".fa-magnifying-glass,.fa-search{--fa:"\f002"}": the codepoint of each icon class
ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+,?)+)\{--fa:"([^"]+)"\}')
ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})")
PRIVATE_USE = re.compile("[\ue000-\uf8ff]")


def char(value: str) -> str:
    escape = ESCAPE.fullmatch(value)
    return chr(int(escape.group(1), 16)) if escape else value


def icons_in_use(outdir: Path, pages: list[Path]) -> set[str]:
    """Characters of the icon font that the pages or the style sheets ask for."""
    css = "\n".join(p.read_text(encoding="utf-8") for p in Path(outdir, "_static").rglob("*.css"))
    by_class = {}
    for match in ICON_RULE.finditer(css):
        for name in match.group(1).split(","):
            by_class[name.lstrip(".")] = char(match.group(2))
    rest = ICON_RULE.sub("", css)
    used = {chr(int(h, 16)) for h in ESCAPE.findall(rest)} | set(PRIVATE_USE.findall(rest))
    for page in pages:
        for element in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(
            "[class*='fa-']"
        ):
            used |= {by_class[c] for c in element.get("class", []) if c in by_class}
    return {c for c in used if len(c) == 1}


def subset_font(source: Path, target: Path, characters: set[str], cache: Path) -> None:
    from fontTools import subset

    key = hashlib.sha256(source.read_bytes() + "".join(sorted(characters)).encode()).hexdigest()[:16]
    cached = cache / f"icons-{key}.woff2"
    if not cached.is_file():
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = ["*"]
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=[ord(c) for c in characters])
        subsetter.subset(font)
        cache.mkdir(parents=True, exist_ok=True)
        subset.save_font(font, str(cached), options)
    shutil.copyfile(cached, target)


def subset_icon_font(app, exception):
    if exception or app.builder.name not in SITE_BUILDERS:
        return
    target = Path(app.outdir, FONT)
    sources = [Path(d, "static", *FONT.parts[1:]) for d in app.builder.theme.get_theme_dirs()]
    source = next((s for s in sources if s.is_file()), None)
    if source is None or not target.is_file():
        return
    pages = [p for p in Path(app.outdir).rglob("*.html") if "_static" not in p.parts]
    characters = icons_in_use(Path(app.outdir), pages)
    subset_font(source, target, characters, Path(app.doctreedir))
    logger.info("icon font: %d icons, %d bytes", len(characters), target.stat().st_size)


def setup(app):
    app.connect("build-finished", subset_icon_font)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
