"""CONTRIBUTING.md's table of internals is current: every place it names is where it says, and
every test it names exists (tests/internals.py holds the list)."""

import ast

from internals import ROOT, ROWS, guards, rendered


def test_the_table_in_contributing_is_rendered_from_the_list():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert rendered(contributing) == contributing, "run: python tests/internals.py"
    assert all(places and guard and fallback for places, _, _, guard, fallback, _ in ROWS)


def test_every_guarding_test_exists():
    missing = []
    for guard in guards():
        path, name = guard.split("::")
        tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
        if name not in {node.name for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}:
            missing.append(guard)
    assert missing == []
