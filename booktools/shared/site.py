"""The pages of a built site: what the extension post-processes and the checks read."""

from pathlib import Path


def pages(site: Path) -> list[Path]:
    """The pages of a built site; _static holds the theme's assets (some are Jinja fragments)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)
