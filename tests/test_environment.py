"""The Python environment: requirements.txt pins, with hashes, what requirements.in declares,
and the environment the book is built in is exactly that, except under `make test-newest`
(BOOK_STACK=newest), whose environment is the newest release of everything declared."""

import os
from importlib.metadata import PackageNotFoundError, version

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from book import ROOT


def declared() -> list[Requirement]:
    lines = (ROOT / "requirements.in").read_text(encoding="utf-8").splitlines()
    return [Requirement(line.split("#")[0].strip()) for line in lines if line.split("#")[0].strip()]


def locked() -> dict[str, tuple[str, int]]:
    """name -> (version, number of hashes), from the lock file."""
    pins, current = {}, None
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        text = line.strip()
        if "==" in text and not text.startswith(("#", "--")):
            name, pinned = text.rstrip(" \\").split("==")
            current = canonicalize_name(name.split("[")[0])
            pins[current] = (pinned, 0)
        elif text.startswith("--hash=sha256:") and current:
            pins[current] = (pins[current][0], pins[current][1] + 1)
    return pins


def test_every_declared_dependency_is_pinned_within_its_range():
    pins = locked()
    for requirement in declared():
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{requirement} is not in requirements.txt: run make lock"
        pinned = pins[name][0]
        assert requirement.specifier.contains(pinned, prereleases=True), f"{requirement} vs {pinned}"


def test_every_declared_dependency_is_installed():
    for requirement in declared():
        assert version(requirement.name), requirement


def test_every_pin_has_a_hash():
    assert all(hashes for _, hashes in locked().values())


@pytest.mark.skipif(os.environ.get("BOOK_STACK") == "newest", reason="make test-newest: the newest releases")
def test_the_environment_is_the_lock():
    for name, (pinned, _) in locked().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            installed = None
        assert installed == pinned, f"{name}: installed {installed}, locked {pinned}: run make venv"
