"""Which edition this build is: the version in CITATION.cff, and where git says the sources are.

On the commit tagged ``v<version>``, with nothing changed, the edition is plainly ``<version>``;
on any other commit it is ``<version>+<commits since the tag>.g<commit>`` (or ``+g<commit>``
before the first tag), and ``.dirty`` is added while the checkout differs from its commit, so a
draft can never pass for a release, and every build of one tree says the same. Where git cannot
answer (no git, no repository, or a repository git refuses to read, such as a checkout owned by
another user), the edition is ``<version>+unknown``: a draft too, and said so when git refused.

Readers see it in words (``label``): "Edition 0.1" for a release, and for anything else "Draft of
1 December 2026 (commit abc1234)", dated by the build, whose date comes from SOURCE_DATE_EPOCH
(the Makefile sets the last commit's), never from the clock. The footer of every HTML page, the
PDF's title page and imprint, the EPUB's cover and the "How to cite" entry all print that label.
"""

import functools
import subprocess
import sys
from pathlib import Path

UNKNOWN = "unknown"  # the local part of a release that git could not name


def git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip()


def refusal(root: Path) -> str:
    """Why git would not read the repository at root ('' when there is none, or no git)."""
    try:
        result = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True)
    except OSError:
        return ""
    error = result.stderr.strip().splitlines()
    if result.returncode == 0 or not error or "not a git repository" in error[0]:
        return ""
    return error[0].removeprefix("fatal: ")


def release(version: str, root: Path) -> str:
    commit = git(root, "rev-parse", "--short", "HEAD")
    if not commit:
        reason = refusal(root)
        if reason:
            print(f"git could not read {root.resolve()} ({reason}): the edition is labelled a draft",
                  file=sys.stderr)  # fmt: skip
        return f"{version}+{UNKNOWN}"
    changed = bool(git(root, "status", "--porcelain", "--untracked-files=normal"))
    described = git(root, "describe", "--tags", "--long", "--match", f"v{version}")
    if described:  # v0.1-3-gabc1234
        commits, commit = described.removeprefix(f"v{version}-").rsplit("-", 1)
        if commits == "0" and not changed:
            return version
        local = f"{commits}.{commit}"
    else:
        local = f"g{commit}"
    return f"{version}+{local}.dirty" if changed else f"{version}+{local}"


def is_release(release: str, version: str) -> bool:
    return release == version


def label(release: str, version: str, date: str) -> str:
    """The edition in words: "Edition 0.1", or "Draft of <date> (commit abc1234)"."""
    if is_release(release, version):
        return f"Edition {version}"
    local = release.partition("+")[2].split(".")  # ["3", "gabc1234", "dirty"], ["gabc1234"]
    if local == [UNKNOWN]:
        return f"Draft of {date} (not from a commit git could read)"
    commit = next((part[1:] for part in local if part.startswith("g")), None)
    if not commit:  # a release string this module did not make (set by hand, say)
        return f"Draft of {date} ({release})"
    changes = ", with changes not yet committed" if "dirty" in local else ""
    return f"Draft of {date} (commit {commit}{changes})"


def statement(release: str, version: str, date: str) -> str:
    """The edition and its date in one phrase: a draft's label already holds its date."""
    shown = label(release, version, date)
    return f"{shown}, {date}" if is_release(release, version) else shown


def book_statement(config) -> str:
    date = build_date(config.today_fmt or "%b %d, %Y", config.language)
    return statement(config.release, config.version, date)


@functools.cache
def build_date(today_fmt: str, language: str) -> str:
    """The date of this build, in the book's language (Babel's formatting, once per build)."""
    from sphinx.util.i18n import format_date  # here: booktools.make uses git() before Sphinx loads

    return format_date(today_fmt, language=language)


def add_edition(app, pagename, templatename, context, doctree):
    context["book_edition"] = book_statement(app.config)


def setup(app):
    app.connect("html-page-context", add_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
