"""booktools.indexing: the printed index files accented and Cyrillic names under their plain
Latin letter; if Sphinx's LaTeX writer stops writing index entries as expected, the entries
stay exactly as Sphinx writes them, and the build says so."""

from book import build_root
from booktools import indexing


def latex(tmp_path, name: str, extensions: list[str]) -> tuple[str, str]:
    outdir, warnings = build_root("index", tmp_path / name, "latex", extensions=extensions)
    return next(outdir.glob("*.tex")).read_text(encoding="utf-8"), warnings


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
