"""booktools.indexing: the printed index files accented and Cyrillic names under their plain
Latin letter; if Sphinx's LaTeX writer stops writing index entries as expected, the entries
stay exactly as Sphinx writes them, and the build says so."""

from io import StringIO

from sphinx.testing.util import SphinxTestApp

from book import copy_root
from booktools import indexing


def latex(tmp_path, name: str, extensions: list[str]) -> tuple[str, str]:
    source = copy_root("test-index", tmp_path / name)
    warnings = StringIO()
    app = SphinxTestApp("latex", srcdir=source, confoverrides={"extensions": extensions},
                        status=StringIO(), warning=warnings)  # fmt: skip
    try:
        app.build()
    finally:
        app.cleanup()
    return next(app.outdir.glob("*.tex")).read_text(encoding="utf-8"), warnings.getvalue()


def test_sort_keys_drop_accents_and_transliterate_cyrillic():
    assert indexing.sort_key("Álvarez") == "Alvarez"
    assert indexing.sort_key("Пестковский") == "Pestkovskii"


def test_entries_carry_plain_sort_keys(tmp_path):
    tex, warned = latex(tmp_path, "ours", ["myst_parser", "booktools.indexing"])
    assert warned == ""
    assert r"\index{Pestkovskii, Stanislav@\spxentry{Пестковский, Станислав}" in tex
    assert r"\index{Obregon, Alvaro@\spxentry{Obregón, Álvaro}" in tex


def test_when_the_writer_changes_the_entries_are_sphinxs_own(tmp_path, monkeypatch):
    stock, _ = latex(tmp_path, "stock", ["myst_parser"])
    monkeypatch.setattr(indexing, "MARK", "@\\spxentry-of-another-release{")
    fallback, warned = latex(tmp_path, "fallback", ["myst_parser", "booktools.indexing"])
    assert fallback == stock
    assert warned.count("no longer hold") == 1 and "[booktools.fallback]" in warned
