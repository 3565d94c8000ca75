"""Every fallback says so, once a build: when an internal booktools leans on is gone (Sphinx,
the theme or sphinxcontrib-bibtex changed), the handler that uses it warns with
[booktools.fallback] and goes on as stock Sphinx would. Each case hands the handler what a
changed dependency would, twice, and counts the warnings."""

from types import SimpleNamespace

import pytest

from booktools.extension import (
    epub,
    expectations,
    fallbacks,
    icons,
    indexing,
    latex,
    scripts,
    teiapparatus,
    templatecache,
)


def site(tmp_path, name="html", **config):
    return SimpleNamespace(builder=SimpleNamespace(name=name, format="html", templates=None,
                                                   theme=SimpleNamespace(get_theme_dirs=lambda: [])),
                           outdir=str(tmp_path), config=SimpleNamespace(language="en", **config))  # fmt: skip


def moved_icon_font(tmp_path):
    moved = tmp_path / "_static" / "elsewhere" / icons.FONT.name
    moved.parent.mkdir(parents=True)
    moved.write_bytes(b"")
    icons.subset_icon_font(site(tmp_path), None)


def latex_packages_without(name: str):
    """Sphinx's LaTeX packages, one of whose names booktools.sty uses is gone."""

    def case(tmp_path):
        tmp_path.mkdir(parents=True)
        (tmp_path / "sphinx.sty").write_text(" ".join(n for n in expectations.TEX if n != name))
        expectations.check_latex_packages(tmp_path)

    return case


def theme_without(name: str):
    return lambda tmp_path: expectations.check_theme(
        (" ".join(n for n in expectations.THEME_CLASSES if n != name),)
    )


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
    "\\py@release in Sphinx's LaTeX packages": latex_packages_without("\\py@release"),
    "{sphinxadmonition} in Sphinx's LaTeX packages": latex_packages_without("{sphinxadmonition}"),
    "the class prev-next-area in the theme's markup": theme_without("prev-next-area"),
    "sphinxcontrib-bibtex's BibtexDomain.citations": lambda tmp_path: teiapparatus.cited_works(
        SimpleNamespace(get_domain=lambda name: SimpleNamespace())
    ),
    "Sphinx's app.parallel": lambda tmp_path: indexing.read_glossary_first(
        SimpleNamespace(config=SimpleNamespace(book_glossary="glossary")), None, ["page", "glossary"]
    ),
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
