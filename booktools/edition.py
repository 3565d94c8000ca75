"""Which edition this build is: the version in CITATION.cff, and where git says the sources are.

On the commit tagged ``v<version>``, with nothing changed, the edition is plainly ``<version>``;
on any other commit it is ``<version>+<commits since the tag>.g<commit>`` (or ``+g<commit>``
before the first tag), and ``.dirty`` is added while the checkout differs from its commit, so a
draft can never pass for a release, and every build of one tree says the same. Outside git,
the version alone. The footer of every HTML page and the PDF's title page print it with the
build date, which comes from SOURCE_DATE_EPOCH (the Makefile sets the last commit's).
"""

import functools
import subprocess
from pathlib import Path


def git(root: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return result.stdout.strip()


def release(version: str, root: Path) -> str:
    commit = git(root, "rev-parse", "--short", "HEAD")
    if not commit:
        return version
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


@functools.cache
def build_date(today_fmt: str, language: str) -> str:
    """The date of this build, in the book's language (Babel's formatting, once per build)."""
    from sphinx.util.i18n import format_date  # here: booktools.build uses git() before Sphinx loads

    return format_date(today_fmt, language=language)


def add_edition(app, pagename, templatename, context, doctree):
    context["book_edition"] = app.config.release
    context["book_date"] = build_date(app.config.today_fmt or "%b %d, %Y", app.config.language)


def setup(app):
    app.connect("html-page-context", add_edition)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
