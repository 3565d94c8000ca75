"""``make html``, ``make pdf``, ``make epub``: the editions, built right first, then fast.

    python -m booktools.build html --source docs --build _build -- -W --keep-going -n -q

``html`` builds the whole book: the HTML site with the PDF and the EPUB inside it; ``pdf`` and
``epub`` build one edition. Every run ends in one of two states: the editions equal, byte for
byte, what ``rm -rf _build && make html`` makes from the same files, or the run fails with a
message naming the file and line at fault. How:

- **One build at a time** per checkout (booktools/lock.py): a second one waits, and says so.
- **By content.** What a build reads is hashed (booktools/inputs.py), and so is what it wrote.
  An edition is skipped only when both equal the record of the last successful run; a deleted
  or altered output is built again. Sphinx is told which pages to re-read by content too
  (booktools/sources.py).
- **Settings.** A change to anything but the sources (conf.py, the bibliography, booktools/,
  a package, the commit, SOURCE_DATE_EPOCH) builds from a fresh environment: Sphinx cannot
  see most of these.
- **Doubt.** The record says "incomplete" from the moment a build starts until it succeeds: if
  the last run failed or was killed, everything it may have touched is removed first, and the
  book is built as if from a clean checkout.
- **Whole outputs.** The HTML and the EPUB are written into new folders, which replace the old
  ones once complete: no page whose source is gone survives, and every page shows the current
  titles, numbers and links. Only the environment (which pages say what, kept while the
  settings stay the same) and LaTeX's own files are kept between runs: latexmk checks the TeX
  files by content, and LaTeX's files go whenever the tools it does not check change (xindy's
  styles, latexmk's settings, the installed software).

The HTML is built first, so an edited page is on disk about a second after the command starts;
the LaTeX (then latexmk) runs beside it on the other core, the EPUB after it, and the two
downloads are copied into the site last.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import inputs, lock

# What each target builds; the HTML site carries the other two.
TARGETS = {"html": ("html", "pdf", "epub"), "pdf": ("pdf",), "epub": ("epub",)}
BUILDERS = {"html": "html", "pdf": "latex", "epub": "epub"}  # Sphinx's builder for each edition
RECORD = "booktools-build.json"  # what the last run read and wrote
DOWNLOADS = "booktools-downloads.json"  # in the HTML doctrees: what the site links to (downloads.py)
NEW = ".new"  # output folders being written
STATE = ("doctrees", "html", "latex", "epub", NEW, RECORD)  # everything a build writes in _build
TIMEOUT = 30 * 60  # seconds any one step may take, so that no build can hang
# The builders' environment: not the calling make's job server, whose descriptors they do not get.
CHILD_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}


@dataclass(frozen=True)
class Plan:
    """One build, as the command line asked for it."""

    target: str
    root: Path  # the folder of conf.py
    source: Path
    build: Path
    sphinx_options: tuple[str, ...]

    @property
    def editions(self) -> tuple[str, ...]:
        return TARGETS.get(self.target, ())

    def output(self, edition: str) -> Path:
        return self.build / ("latex" if edition == "pdf" else edition)

    def doctrees(self, edition: str) -> Path:
        return self.build / "doctrees" / BUILDERS[edition]

    def sphinx(self, edition: str, outdir: Path) -> list[str]:
        command = [sys.executable, "-m", "sphinx", "build", "-b", BUILDERS[edition], "-c", str(self.root),
                   "-d", str(self.doctrees(edition)), str(self.source), str(outdir),
                   *self.sphinx_options]  # fmt: skip
        if edition == "html":  # the downloads are copied in here, once built (downloads.py)
            command += ["-D", "book_downloads_copy=0"]
        # Its output is shown through this process: in colour only if this one writes to a terminal.
        return command + ["--color" if sys.stderr.isatty() else "--no-color"]


def parse_arguments(argv: list[str]) -> Plan:
    parser = argparse.ArgumentParser(prog="python -m booktools.build", description=__doc__.split("\n")[0])
    parser.add_argument("target", choices=[*TARGETS, "clean"])
    parser.add_argument("--conf", type=Path, default=Path("."), help="the folder of conf.py")
    parser.add_argument("--source", type=Path, default=Path("docs"))
    parser.add_argument("--build", type=Path, default=Path("_build"))
    parser.epilog = "Options for sphinx-build follow --, e.g. -- -W --keep-going -n -q"
    ours, sphinx_options = (
        (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    )
    args = parser.parse_args(ours)
    return Plan(args.target, args.conf, args.source, args.build, tuple(sphinx_options))


# -- What was built ------------------------------------------------------------------------------


def outputs_digest(plan: Plan, edition: str) -> str:
    """The digest of an edition as it is on disk: the site, the EPUB folder, or the PDF."""
    folder = plan.output(edition)
    paths = sorted(folder.glob("*.pdf")) if edition == "pdf" else inputs.files(folder)
    if not folder.is_dir() or not paths:
        return "missing"
    return inputs.digest(repr(sorted(inputs.file_digests(folder, paths).items())).encode())


@dataclass
class Record:
    """The record of the last run: whether it finished, and for each edition the digests of
    what it read and wrote. Written to a new file, then renamed: never half-written."""

    path: Path
    complete: bool = True
    editions: dict = field(default_factory=dict)
    found: bool = False

    @classmethod
    def load(cls, path: Path) -> "Record":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, bool(data["complete"]), dict(data["editions"]), found=True)
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def save(self) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        temporary.write_text(json.dumps({"complete": self.complete, "editions": self.editions}, indent=1))
        temporary.replace(self.path)

    def current(self, plan: Plan, edition: str, now: inputs.Inputs) -> bool:
        seen = self.editions.get(edition, {})
        return (
            self.complete
            and seen.get("settings") == now.settings
            and seen.get("sources") == now.sources_digest
            and seen.get("outputs") == outputs_digest(plan, edition)
        )


def trusted(plan: Plan, record: Record) -> bool:
    """Whether what the last run left can be built upon: it finished, or nothing is there."""
    if record.found:
        return record.complete
    return not any((plan.build / name).exists() for name in STATE)


def remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# -- Running the builders ------------------------------------------------------------------------


class Steps:
    """The commands of one build, run with the lock handed down, a time limit, and their output
    kept for the end (two builders report one problem once). Ctrl+C stops them all."""

    def __init__(self, lock_fd: int):
        self.lock_fd = lock_fd
        self.running: set[subprocess.Popen] = set()
        self.printed: set[str] = set()
        self.guard = threading.Lock()

    def run(self, command: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess:
        """Run a command to its end (or TIMEOUT); its output is returned, not printed."""
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace", env=CHILD_ENV,
                                   pass_fds=(self.lock_fd,), start_new_session=True)  # fmt: skip
        with self.guard:
            self.running.add(process)
        try:
            out, err = process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop(process)
            out, err = process.communicate()
            err += f"\n{' '.join(command[:4])} ... took longer than {TIMEOUT} s and was stopped\n"
        finally:
            with self.guard:
                self.running.discard(process)
        return subprocess.CompletedProcess(command, process.returncode, out, err)

    def show(self, text: str) -> None:
        """Print text, each line once, with file names from the current folder (as make shows them)."""
        here = f"{Path.cwd()}/"
        with self.guard:
            for line in text.replace(here, "").splitlines():
                if line.strip() and line not in self.printed:
                    print(line, file=sys.stderr, flush=True)
                    self.printed.add(line)

    @staticmethod
    def stop(process: subprocess.Popen) -> None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def stop_all(self) -> None:
        with self.guard:
            for process in list(self.running):
                self.stop(process)


class Build:
    def __init__(self, plan: Plan, steps: Steps, software: str = "", latex_tools: str | None = None):
        self.plan, self.steps = plan, steps
        self.software = software  # the installed software's digest (booktools.inputs)
        self.latex_tools = latex_tools  # what latexmk's files in the LaTeX folder were made with
        self.failed: list[str] = []
        self.started = time.perf_counter()
        self.finished: dict[str, float] = {}  # seconds from the start to each edition's end

    def done(self, edition: str) -> None:
        self.finished[edition] = time.perf_counter() - self.started

    def sphinx(self, edition: str, outdir: Path) -> bool:
        """Sphinx's warnings and errors are shown (once, however many builders give them)."""
        result = self.steps.run(self.plan.sphinx(edition, outdir))
        self.steps.show(result.stderr)
        if result.returncode != 0:
            self.failed.append(edition)
        return result.returncode == 0

    def site_and_epub(self, editions: set[str]) -> None:
        """The HTML (published as soon as it is complete), then the EPUB."""
        for edition in ("html", "epub"):
            if edition not in editions:
                continue
            new = self.plan.build / NEW / edition
            remove(new)
            if self.sphinx(edition, new):
                if edition == "html":
                    self.keep_previous_downloads(new)
                self.replace(self.plan.output(edition), new)
                self.done(edition)

    def pdf(self) -> None:
        from .checks import latex

        folder = self.plan.output("pdf")
        if not self.sphinx("pdf", folder):
            return
        # latexmk judges the TeX files by content, but not the tools that run on them (xindy's
        # styles that Sphinx copies in, latexmk's settings, TeX itself): LaTeX's own files from
        # other tools go, by Sphinx's own list of them (its Makefile's clean).
        tools = latex.tools_digest(folder, self.software)
        if tools != self.latex_tools:
            problems = latex.clean(folder, run=self.steps.run)
            if problems:
                self.steps.show("\n".join(map(str, problems)))
                self.failed.append("pdf")
                return
            self.latex_tools = tools
        for old in folder.glob("*.pdf"):
            old.unlink()  # latexmk would keep a PDF whose sources did not change, even a damaged one
        problems = latex.build_pdf(folder, run=self.steps.run)
        if problems:
            self.steps.show("\n".join(map(str, problems)))
            self.failed.append("pdf")
        else:
            self.done("pdf")

    def keep_previous_downloads(self, new: Path) -> None:
        """Until the new PDF and EPUB are copied in, the site keeps offering the last ones."""
        for path in self.downloads().values():
            old = self.plan.output("html") / path.name
            if old.is_file():
                shutil.copyfile(old, new / path.name)

    def replace(self, folder: Path, new: Path) -> None:
        """Put a complete new folder in place of the old one (two renames: a reader never finds
        half of one and half of the other)."""
        old = self.plan.build / NEW / f"{folder.name}-old"
        remove(old)
        if folder.exists():
            folder.rename(old)
        new.rename(folder)
        remove(old)

    def downloads(self) -> dict[str, Path]:
        """The files the site links to (the HTML build wrote the list: booktools/downloads.py)."""
        listed = self.plan.doctrees("html") / DOWNLOADS
        try:
            return {name: Path(path) for name, path in json.loads(listed.read_text(encoding="utf-8")).items()}
        except (OSError, ValueError):
            return {}

    def publish_downloads(self) -> bool:
        """Copy the PDF and the EPUB into the site, each to a new name first, then renamed."""
        downloads = self.downloads()
        if not downloads:
            print(f"{self.plan.build / 'doctrees' / 'html'}: the HTML build left no list of downloads",
                  file=sys.stderr)  # fmt: skip
            return False
        for name, path in downloads.items():
            if not path.is_file():
                print(f"the site links to the {name} edition, but {path} was not built", file=sys.stderr)
                return False
            target = self.plan.output("html") / path.name
            temporary = target.with_name(f".{target.name}.{os.getpid()}")
            shutil.copyfile(path, temporary)
            temporary.replace(target)
        return True

    def run(self, editions: set[str]) -> bool:
        threads = [threading.Thread(target=self.site_and_epub, args=(editions,))]
        if "pdf" in editions:
            threads.append(threading.Thread(target=self.pdf))
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.05)  # short waits: Ctrl+C reaches the main thread at once
        remove(self.plan.build / NEW)
        if self.failed:
            return False
        return "html" not in self.plan.editions or self.publish_downloads()


# -- The command ---------------------------------------------------------------------------------


def say(message: str) -> None:
    print(message, flush=True)


def build(plan: Plan, lock_fd: int) -> int:
    problems = inputs.undecodable(plan.root, plan.source)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    problems = bibliography_syntax(plan)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    now = inputs.read(plan.root, plan.source, plan.build, list(plan.sphinx_options))
    record = Record.load(plan.build / RECORD)
    stale = [e for e in plan.editions if not record.current(plan, e, now)]
    if not stale:
        say(
            f"{plan.build}: {', '.join(plan.editions)} up to date "
            "(no source, setting, package or output changed)"
        )
        return 0

    if not trusted(plan, record):
        say(f"{plan.build}: the last build did not finish; building from scratch")
        for name in STATE:
            remove(plan.build / name)
        record = Record(plan.build / RECORD)
    for edition in stale:
        if record.editions.get(edition, {}).get("settings") != now.settings:
            remove(plan.doctrees(edition))  # a fresh environment: see the module's docstring
    record.complete = False
    record.save()

    steps = Steps(lock_fd)
    work = Build(plan, steps, now.software, record.editions.get("pdf", {}).get("latex tools"))
    try:
        ok = work.run(set(stale))
    except BaseException:
        steps.stop_all()
        raise
    if not ok:
        print(
            f"{plan.build}: the build failed (see above); the next one starts from scratch", file=sys.stderr
        )
        return 1
    for edition in plan.editions:
        record.editions[edition] = {"settings": now.settings, "sources": now.sources_digest,
                                    "outputs": outputs_digest(plan, edition)}  # fmt: skip
        if edition == "pdf":
            record.editions[edition]["latex tools"] = work.latex_tools
    record.complete = True
    record.save()
    times = ", ".join(f"{edition} at {seconds:.1f} s" for edition, seconds in work.finished.items())
    say(f"{plan.build}: built {times}; published at {time.perf_counter() - work.started:.1f} s")
    return 0


def bibliography_syntax(plan: Plan) -> list[str]:
    """BibTeX syntax errors and duplicate keys, with their lines, before any builder starts
    (in Sphinx they would end in a crash report)."""
    bibfiles = [p for name in inputs.READS for p in inputs.files(plan.root / name) if p.suffix == ".bib"]
    bibfiles += [p for p in inputs.files(plan.source) if p.suffix == ".bib"]
    if not bibfiles:
        return []
    from .checks.bib import parse

    return [str(problem) for path in bibfiles for problem in parse(path).problems]


def clean(plan: Plan) -> int:
    """Remove the build folder, once no build is running in it."""
    with lock.held(plan.build, say=say):
        for path in sorted(plan.build.iterdir()):
            remove(path)
        plan.build.rmdir()
    say(f"{plan.build}: removed")
    return 0


def terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    plan = parse_arguments(argv)
    signal.signal(signal.SIGTERM, terminate)  # stop the builders too, as Ctrl+C does
    try:
        if plan.target == "clean":
            return clean(plan)
        with lock.held(plan.build, say=say) as lock_fd:
            return build(plan, lock_fd)
    except lock.Unwritable as error:
        print(error, file=sys.stderr)
        return 1
    except PermissionError as error:
        print(lock.explain(Path(error.filename or plan.build).parent, error), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopped; the next build starts from scratch", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
