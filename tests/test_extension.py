"""The book's extension as Sphinx sees it: it declares its versions, and, built in-process with
every builder the book uses, it causes no Python warning (a deprecation in booktools is a
future break, whichever Sphinx runs it)."""

import warnings
from io import StringIO
from pathlib import Path

import pytest
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace, patch_docutils

import booktools
from book import ROOT

EXTENSION = Path(booktools.__file__).parent


@pytest.mark.parametrize("builder", ["html", "latex", "epub"])
def test_a_build_raises_no_warning_from_booktools(tmp_path, builder):
    warning_log = StringIO()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with patch_docutils(ROOT), docutils_namespace():  # as sphinx-build: one build's nodes and roles
            settings = {"book_downloads_copy": False}
            app = Sphinx(ROOT / "docs", ROOT, tmp_path / builder, tmp_path / "doctrees", builder,
                         confoverrides=settings, status=StringIO(), warning=warning_log)  # fmt: skip
            app.build()
    assert any((tmp_path / builder).iterdir())
    ours = [f"{w.filename}:{w.lineno}: {w.category.__name__}: {w.message}" for w in caught
            if Path(w.filename).resolve().is_relative_to(EXTENSION)]  # fmt: skip
    assert ours == []
    assert warning_log.getvalue() == ""  # and no Sphinx warning either: the book builds with -W


def test_setup_declares_its_versions():
    app = type(
        "App", (), {"connect": lambda *a, **k: None, "__getattr__": lambda self, name: lambda *a, **k: None}
    )()
    declared = booktools.setup(app)
    assert declared["version"] and isinstance(declared["env_version"], int)
