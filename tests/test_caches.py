"""What booktools keeps between builds, or sets for one, never changes what a build makes:
compiled templates (booktools.extension.templatecache) and the garbage collector's settings
(booktools.extension.collector). Built in-process, on a one-page project."""

import gc

import pytest

from book import build_root
from booktools.extension import cachedir, collector


def page(make_app, tmp_path, name: str, **overrides) -> bytes:
    outdir, _ = build_root(make_app, "templates", tmp_path / name, **overrides)
    return (outdir / "index.html").read_bytes()


@pytest.mark.slow  # four builds
def test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again(make_app, tmp_path, monkeypatch):
    cache = tmp_path / "cache"
    monkeypatch.setattr(cachedir, "CACHE", cache)
    first = page(make_app, tmp_path, "first")
    kept = sorted(cache.glob("jinja-*.cache"))
    assert kept, "the compiled templates are kept"
    second = page(make_app, tmp_path, "second")  # from the kept ones
    assert second == first
    for path in kept:
        path.write_bytes(path.read_bytes()[:20])  # cut short
    assert page(make_app, tmp_path, "third") == first
    monkeypatch.setattr(cachedir, "CACHE", tmp_path / "a-file" / "cache")
    (tmp_path / "a-file").write_text("")  # no cache folder can be made here
    assert page(make_app, tmp_path, "fourth") == first


def test_the_collector_is_set_for_a_build_and_changes_nothing_it_makes(make_app, tmp_path):
    thresholds = gc.get_threshold()
    try:
        with_it = page(make_app, tmp_path, "with")
        assert gc.get_threshold() == collector.THRESHOLDS
        assert gc.get_freeze_count() > 0  # the set-up objects are out of the collections
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
    without = page(
        make_app, tmp_path, "without", extensions=["myst_parser", "booktools.extension.templatecache"]
    )
    assert without == with_it
