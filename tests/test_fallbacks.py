"""Every fallback says so, once a build: when an internal booktools leans on is gone (Sphinx,
the theme or sphinxcontrib-bibtex changed), the handler that uses it warns with
[booktools.fallback] and goes on as stock Sphinx would. Each case hands the handler what a
changed dependency would, twice, and counts the warnings."""

from types import SimpleNamespace

import pytest

from booktools.extension import epub, fallbacks, icons, latex, scripts, templatecache


def site(tmp_path, name="html", **config):
    return SimpleNamespace(builder=SimpleNamespace(name=name, format="html", templates=None,
                                                   theme=SimpleNamespace(get_theme_dirs=lambda: [])),
                           outdir=str(tmp_path), config=SimpleNamespace(language="en", **config))  # fmt: skip


def moved_icon_font(tmp_path):
    moved = tmp_path / "_static" / "elsewhere" / icons.FONT.name
    moved.parent.mkdir(parents=True)
    moved.write_bytes(b"")
    icons.subset_icon_font(site(tmp_path), None)


CASES = {
    "Sphinx's env.toc_secnumbers": lambda tmp_path: fallbacks.section_numbers(SimpleNamespace()),
    "sphinxcontrib-bibtex's BibtexDomain.bibdata": lambda tmp_path: fallbacks.bibliography_entries(
        SimpleNamespace(get_domain=lambda name: SimpleNamespace())
    ),
    "the html_tag Sphinx's EPUB builder": lambda tmp_path: epub.page_language(
        site(tmp_path, "epub"), "index", "page.html", {"html_tag": "<html>"}, None
    ),
    "the Jinja environment of Sphinx's templates": lambda tmp_path: templatecache.keep_compiled_templates(
        site(tmp_path)
    ),
    "the script_files of Sphinx's page context": lambda tmp_path: scripts.Deferral()(
        site(tmp_path), "index", "page.html", {}, None
    ),
    "the xindy style Sphinx writes": lambda tmp_path: latex.add_index_range_dash(
        site(tmp_path, "latex", latex_use_xindy=True), None
    ),
    "where the theme keeps its icon font": moved_icon_font,
}


@pytest.mark.parametrize("internal", sorted(CASES))
def test_a_changed_internal_is_named_once_a_build(internal, tmp_path, monkeypatch):
    said = []
    monkeypatch.setattr(fallbacks, "logger", SimpleNamespace(warning=lambda *a, **k: said.append((a, k))))
    fallbacks.forget(None)
    for attempt in ("first", "second"):
        CASES[internal](tmp_path / attempt)
    assert len(said) == 1, said
    (message, *arguments), options = said[0]
    assert (message % tuple(arguments)).startswith(internal)
    assert options == {"type": "booktools", "subtype": "fallback"}
    fallbacks.forget(None)  # the next build warns again
    CASES[internal](tmp_path / "next")
    assert len(said) == 2
