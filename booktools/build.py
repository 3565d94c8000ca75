"""``sphinx-build``, skipped when nothing it reads has changed since its last successful run.

    python -m booktools.build -b html -c . -d _build/doctrees/html docs _build/html -W ...

Sphinx's own no-op build still starts Python, imports every extension and loads the whole
environment (about a second) to find that nothing changed. This looks first: the command line,
the sources, the files the build reads beside conf.py (READS), the installed packages, the
commit (it names the edition) and SOURCE_DATE_EPOCH, by name, size and modification time. If
all equal what the last successful run recorded, it says so and exits 0 in a few milliseconds;
otherwise it runs Sphinx, and records them only if Sphinx succeeds, so a failing build is never
taken for a finished one. Two cases where Sphinx alone would be wrong get a fresh environment
(every page read again): the run after a failure (Sphinx would not re-read the pages that
warned, and would pass), and a change to the extension's code (Sphinx cannot see it).
`make html` with nothing changed runs no builder at all.
"""

import hashlib
import os
import sys
import sysconfig
from pathlib import Path

from .edition import git

# What the build reads outside the source folder, relative to the folder of conf.py.
READS = ("conf.py", "CITATION.cff", "references.bib", "booktools")
CODE = "booktools"  # the extension: when its code changes, every page is read and written again
# Options that take a value, so that a value is never taken for the source or output folder.
VALUED = {"-b", "-d", "-j", "-c", "-D", "-A", "-t", "-w", "-C", "--builder", "--doctree-dir", "--jobs",
          "--conf-dir", "--define", "--html-define", "--tag", "--warning-file"}  # fmt: skip
# Options that ask for a full rebuild, or for a builder whose result is not in the folder.
ALWAYS_RUN = {"-a", "-E", "--write-all", "--fresh-env", "linkcheck"}
# Warm HTML builds: after each build a Sphinx starts up and waits (booktools/standby.py) for the
# next one, which then only reads and writes what changed; it exits after WARM_IDLE seconds
# unused. On for an editor at a terminal, off in CI and scripts; BOOK_WARM=1 or 0 decides.
WARM, WARM_IDLE, WARM_BUILDERS = "BOOK_WARM", 900, {"html", "dirhtml"}
STANDBY_READ = "booktools-standby-read.sha256"  # the settings the waiting Sphinx has read
STAMP = "booktools-inputs.sha256"  # in the doctree folder, never in the published output
NOTED = "booktools-reads.txt"


def folders(args: list[str]) -> tuple[Path, Path, Path, Path]:
    """(source, output, configuration, doctrees) folders of a sphinx-build command line."""
    options, positional, words = {}, [], iter(args)
    for word in words:
        if word in VALUED:
            options[word] = next(words, "")
        elif not word.startswith("-"):
            positional.append(word)
    source, output = map(Path, positional[:2])
    conf = Path(options.get("-c", options.get("--conf-dir", source)))
    doctrees = Path(options.get("-d", options.get("--doctree-dir", output / ".doctrees")))
    return source, output, conf, doctrees


def files(folder: Path, skip: tuple[Path, ...] = ()):
    """The files under a folder (or the file itself), except Python's caches and what is in skip."""
    if folder.is_file():
        yield folder
    for path in sorted(folder.rglob("*")) if folder.is_dir() else ():
        if path.is_file() and "__pycache__" not in path.parts and not any(map(path.is_relative_to, skip)):
            yield path


def inputs(args: list[str]) -> list[Path]:
    """Every file the build reads: sources, READS, the packages, and what the last run noted."""
    source, output, conf, doctrees = folders(args)
    built = (output.resolve(), doctrees.resolve())  # a build folder inside the sources is no source
    noted = doctrees / NOTED
    extra = noted.read_text(encoding="utf-8").splitlines() if noted.is_file() else []
    site_packages = Path(sysconfig.get_paths()["purelib"])
    return [
        *files(source.resolve(), built),
        *(p for name in READS for p in files(conf.resolve() / name, built)),
        site_packages,
        *map(Path, extra),
    ]


def snapshot(paths: list[Path]) -> dict[str, tuple | None]:
    """Size and modification time of each path (None when it does not exist)."""
    stats = {}
    for path in paths:
        try:
            stat = path.stat()
            stats[str(path)] = (stat.st_size, stat.st_mtime_ns)
        except FileNotFoundError:
            stats[str(path)] = None
    return stats


def fingerprint(args: list[str], stats: dict[str, tuple | None]) -> str:
    conf = folders(args)[2]
    commit = git(conf, "describe", "--tags", "--long", "--always")  # the edition: see edition.py
    text = [*args, *(f"{path} {stat}" for path, stat in sorted(stats.items())), str(commit),
            os.environ.get("SOURCE_DATE_EPOCH", "")]  # fmt: skip
    return hashlib.sha256("\n".join(text).encode()).hexdigest()


def code_fingerprint(args: list[str]) -> str:
    """The extension's code: Sphinx cannot tell that it changed what earlier builds wrote."""
    code = folders(args)[2].resolve() / CODE
    return hashlib.sha256(repr(sorted(snapshot(list(files(code))).items())).encode()).hexdigest()


def settings_fingerprint(args: list[str]) -> str:
    """What a standby Sphinx reads when it starts (everything but the source folder's files,
    which it reads when asked to build)."""
    conf = folders(args)[2].resolve()
    site_packages = Path(sysconfig.get_paths()["purelib"])
    return fingerprint(args, snapshot([*(p for name in READS for p in files(conf / name)), site_packages]))


def wants_warm(args: list[str]) -> bool:
    setting = os.environ.get(WARM, "")
    wanted = setting == "1" if setting in ("0", "1") else sys.stdout.isatty() and not os.environ.get("CI")
    builder = args[args.index("-b") + 1] if "-b" in args[:-1] else "html"
    return wanted and builder in WARM_BUILDERS and not ALWAYS_RUN & set(args)


def main(args: list[str]) -> int:
    _, output, _, doctrees = folders(args)
    stamp = doctrees / STAMP
    before = snapshot(inputs(args))
    last = stamp.read_text().split() if stamp.is_file() else []
    if not ALWAYS_RUN & set(args) and last[:1] == [fingerprint(args, before)]:
        print(f"{output}: up to date (no source, setting or package changed)")
        return 0
    code = code_fingerprint(args)
    extra = []
    if (doctrees / "environment.pickle").is_file() and last[1:] != [code]:
        # The last run failed or was stopped (Sphinx would not re-read the pages that warned, and
        # would pass in silence), or the extension's code changed: every page is read afresh.
        extra = ["--fresh-env"]
    stamp.unlink(missing_ok=True)

    from . import standby

    warm = wants_warm(args)
    waiting = doctrees / STANDBY_READ
    status = None
    if warm and not extra and waiting.is_file() and waiting.read_text() == settings_fingerprint(args):
        answer = standby.ask(args, "build quietly")
        if answer is not None:
            status, printed = answer
            print(f"{printed}{output}: built by the Sphinx waiting since the last build")
    if status is None:
        standby.ask(args, "stop")  # it has read something that changed since
        from sphinx.cmd.build import main as sphinx_build

        status = sphinx_build([*args, *extra])
    if status == 0 and not ALWAYS_RUN & set(args):
        # Files first noted by this run (a new dependency) enter as they are now.
        paths = inputs(args)
        stats = {**snapshot([p for p in paths if str(p) not in before]), **before}
        stamp.write_text(f"{fingerprint(args, {str(p): stats[str(p)] for p in paths})}\n{code}\n")
    if warm and status == 0:
        waiting.write_text(settings_fingerprint(args))
        standby.start(args, idle=WARM_IDLE)
    return status


def note_reads(app, exception):
    """The build's half: record the files it read outside the sources (the other editions it
    copies, files documents depend on), for the next run to compare."""
    if exception:
        return
    from .downloads import downloads

    paths = {*downloads(app).values(), *(p for deps in app.env.dependencies.values() for p in deps)}
    Path(app.doctreedir, NOTED).write_text("".join(f"{p}\n" for p in sorted(map(str, paths))))


def setup(app):
    app.connect("build-finished", note_reads)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
