"""Which edition a build is, and how every edition names it: "Edition 0.1" on the tagged commit
with nothing changed, a dated draft with its commit otherwise (booktools/extension/edition.py)."""

import os
import subprocess

import pytest

from booktools.extension import edition

DATE = "1 December 2026"


def git(folder, *args) -> str:
    command = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.invalid", *args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def repository(tmp_path):
    git(tmp_path, "init", "-q")
    (tmp_path / "chapter.md").write_text("# A chapter\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "First")
    return tmp_path


def shown(folder) -> tuple[str, str]:
    release = edition.release("0.1", folder)
    return edition.label(release, "0.1", DATE), edition.statement(release, "0.1", DATE)


def test_the_tagged_commit_is_the_edition(repository):
    git(repository, "tag", "-a", "v0.1", "-m", "Edition 0.1")
    assert shown(repository) == ("Edition 0.1", f"Edition 0.1, {DATE}")


def test_a_later_commit_is_a_dated_draft_with_its_commit(repository):
    git(repository, "tag", "-a", "v0.1", "-m", "Edition 0.1")
    (repository / "chapter.md").write_text("# A chapter\nMore.\n")
    git(repository, "commit", "-q", "-am", "More")
    commit = git(repository, "rev-parse", "--short", "HEAD")
    label, statement = shown(repository)
    assert label == statement == f"Draft of {DATE} (commit {commit})"


def test_a_commit_before_any_tag_is_a_draft(repository):
    commit = git(repository, "rev-parse", "--short", "HEAD")
    assert shown(repository)[0] == f"Draft of {DATE} (commit {commit})"


def test_uncommitted_changes_make_even_the_tagged_commit_a_draft(repository):
    git(repository, "tag", "-a", "v0.1", "-m", "Edition 0.1")
    (repository / "chapter.md").write_text("# A chapter, changed\n")
    commit = git(repository, "rev-parse", "--short", "HEAD")
    assert shown(repository)[0] == f"Draft of {DATE} (commit {commit}, with changes not yet committed)"


def test_outside_git_a_draft(tmp_path):
    assert shown(tmp_path)[0] == f"Draft of {DATE} (not from a commit git could read)"


@pytest.mark.skipif(os.geteuid() != 0, reason="gives the repository to another user (as root)")
def test_a_repository_git_refuses_to_read_is_a_draft_and_says_why(repository, capfd):
    """As in a container or after su: the checkout belongs to someone else, and git will not
    read it ("dubious ownership"); the tag must not make it an edition."""
    git(repository, "tag", "-a", "v0.1", "-m", "Edition 0.1")
    for path in [repository, *repository.rglob("*")]:
        os.chown(path, 65534, 65534, follow_symlinks=False)
    assert shown(repository)[0] == f"Draft of {DATE} (not from a commit git could read)"
    assert "dubious ownership" in capfd.readouterr().err


def test_the_date_is_source_date_epoch_not_the_clock(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert edition.build_date.__wrapped__("%-d %B %Y", "en") == "14 November 2023"
