"""``make html``, ``make pdf``, ``make epub``: the editions, built right first, then fast.

    python -m booktools.make html --source docs --build _build -- -W --keep-going -n -q

``html`` builds the whole book: the HTML site with the PDF, the EPUB and the TEI inside it;
``pdf``, ``epub`` and ``tei`` build one edition. Every run ends in one of two states: the
editions equal, byte for byte, what ``rm -rf _build && make html`` makes from the same files, or
the run fails with a message naming the file and line at fault. How:

- **One build at a time** per checkout (booktools/make/lock.py): a second one waits, and says so.
- **By content.** What a build reads is hashed (booktools/make/inputs.py), and so is what it wrote.
  An edition is skipped only when both equal the record of the last successful run; a deleted
  or altered output is built again. Sphinx is told which pages to re-read by content too
  (booktools/extension/sources.py).
- **Settings.** A change to anything but the sources (conf.py, the bibliography, booktools/,
  a package, the commit, SOURCE_DATE_EPOCH) builds from a fresh environment: Sphinx cannot
  see most of these.
- **Doubt.** The record says "incomplete" from the moment a build starts until it succeeds: if
  the last run failed or was killed, everything it may have touched is removed first, and the
  book is built as if from a clean checkout.
- **Every input seen.** Besides the source folder and the files beside conf.py, the record keeps
  every file Sphinx reported reading (included files, bibliographies, templates: sources.py),
  and an input saved while the build ran makes it build again, from scratch.
- **No error swallowed.** A step that fails or raises, in any thread, fails the run: nothing is
  recorded as current, and a site whose PDF or EPUB could not be built goes back to the last
  complete one.
- **Nothing outside the build folder.** A symbolic link in it is removed, never followed; a
  build folder or lock of another user is refused (booktools/make/lock.py).
- **Whole outputs.** The HTML and the EPUB are written into new folders, which replace the old
  ones once complete: no page whose source is gone survives, nothing the build did not write
  stays, and every page shows the current titles, numbers and links. Files are 0644 and folders
  0755 whatever the umask; the builders run in a fixed locale. Only the environment (which
  pages say what, kept while the settings stay the same) and LaTeX's own files are kept
  between runs: latexmk checks the TeX files by content, and LaTeX's files go whenever the
  tools it does not check change (xindy's styles, latexmk's settings, the installed software).

The HTML is built first, so an edited page is on disk about a second after the command starts;
the LaTeX (then latexmk) runs beside it on the other core, the EPUB and the TEI after it, and
the three downloads are copied into the site last.
"""

import argparse
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from . import inputs, lock

# What each target builds; the HTML site carries the other two.
TARGETS = {"html": ("html", "pdf", "epub", "tei"), "pdf": ("pdf",), "epub": ("epub",), "tei": ("tei",)}
BUILDERS = {"html": "html", "pdf": "latex", "epub": "epub", "tei": "tei"}  # Sphinx's builder for each edition
RECORD = "booktools-build.json"  # what the last run read and wrote
# In each builder's doctrees: every file Sphinx read outside the sources, as the extension lists
# it (extension/sources.py), for the next run to check by content.
INPUTS_REPORT = "booktools-inputs.json"


class Download(NamedTuple):
    name: str  # as the site names it (extension/downloads.py)
    suffix: str  # of the one file its builder writes


# The editions the site offers for download.
DOWNLOADS = {
    "pdf": Download("PDF", ".pdf"),
    "epub": Download("EPUB", ".epub"),
    "tei": Download("TEI", ".xml"),
}
NEW = ".new"  # output folders being written
PREVIOUS = "html-previous"  # in NEW: the last complete site, until the whole run has succeeded
STATE = ("doctrees", "html", "latex", "epub", "tei", NEW, RECORD)  # everything a build writes in _build
TIMEOUT = 30 * 60  # seconds a Sphinx step may take, so that no build can hang
# LaTeX's time limit grows with the book: a few seconds a page suffice, so a TeX loop is stopped
# within minutes (the book's .tex is about 90 kB and takes 15 s).
LATEX_TIMEOUT = (120, 1 / 1000)  # seconds: a base, and so many per byte of the .tex files
ATTEMPTS = 3  # builds in a row while inputs keep changing under them
# The builders' environment: not the calling make's job server, whose descriptors they do not
# get; and one locale, so that no month name or sort order depends on the editor's.
CHILD_ENV = {
    k: v
    for k, v in os.environ.items()
    if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "LANGUAGE") and not k.startswith("LC_")
}
CHILD_ENV.update(LC_ALL="C.UTF-8", LANG="C.UTF-8")
UMASK = 0o022  # what every build writes is readable by all, writable by its owner


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
        command += ["-D", f"book_inputs_report={self.doctrees(edition) / INPUTS_REPORT}"]
        downloads = [DOWNLOADS[e].name for e in self.editions if e in DOWNLOADS]
        if edition == "html" and downloads:  # the site links to them; publish_downloads copies them in
            command += ["-D", f"book_downloads={','.join(downloads)}"]
        # Its output is shown through this process: in colour only if this one writes to a terminal.
        return command + ["--color" if sys.stderr.isatty() else "--no-color"]


def parse_arguments(argv: list[str]) -> Plan:
    parser = argparse.ArgumentParser(prog="python -m booktools.make", description=__doc__.split("\n")[0])
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
    """The digest of an edition as it is on disk: the site or the EPUB folder, everything in it
    with its mode; or the PDF."""
    folder = plan.output(edition)
    if not folder.is_dir() or folder.is_symlink():
        return "missing"
    if edition != "pdf":
        return inputs.tree_digest(folder)
    paths = sorted(folder.glob("*.pdf"))
    if not paths:
        return "missing"
    return inputs.digest(repr([(p.name, oct(p.stat().st_mode), inputs.digest(p.read_bytes()))
                               for p in paths]).encode())  # fmt: skip


@dataclass
class Record:
    """The record of the last run: whether it finished, and for each edition the digests of
    what it read and wrote. Written to a new file, then renamed: never half-written."""

    path: Path
    complete: bool = True
    editions: dict = field(default_factory=dict)
    found: bool = False
    seen: list = field(default_factory=list)  # files Sphinx read outside the sources (INPUTS_REPORT)

    @classmethod
    def load(cls, path: Path) -> "Record":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, bool(data["complete"]), dict(data["editions"]), True, list(data["seen"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls(path)

    def save(self) -> None:
        temporary = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        data = {"complete": self.complete, "editions": self.editions, "seen": self.seen}
        remove(temporary)
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=1)
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
    """Remove a file or folder; a symbolic link is removed, never what it points to."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        shutil.rmtree(path)
    else:
        path.unlink()


def unlinked(plan: Plan) -> list[str]:
    """Remove symbolic links where the build writes (a folder of its state linked elsewhere
    would send its writes and deletions there): what was removed, in words."""
    removed = []
    for name in STATE:
        path = plan.build / name
        if path.is_symlink():
            removed.append(f"{path} was a symbolic link (to {os.readlink(path)}); removed the link")
            path.unlink()
    return removed


def normalise_modes(folder: Path) -> None:
    """0644 for files, 0755 for folders, whatever the umask of whoever built them last."""
    for top, dirs, names in os.walk(folder):
        for name in dirs:
            os.chmod(Path(top, name), 0o755, follow_symlinks=False)
        for name in names:
            path = Path(top, name)
            if not path.is_symlink():
                os.chmod(path, 0o644)
    os.chmod(folder, 0o755)


# -- Running the builders ------------------------------------------------------------------------


class Steps:
    """The commands of one build, run with the lock handed down, a time limit, and their output
    kept for the end (two builders report one problem once). Ctrl+C stops them all."""

    def __init__(self, lock_fd: int):
        self.lock_fd = lock_fd
        self.running: set[subprocess.Popen] = set()
        self.printed: set[str] = set()
        self.guard = threading.Lock()

    def run(
        self, command: list[str], cwd: Path | None = None, timeout: float = TIMEOUT
    ) -> subprocess.CompletedProcess:
        """Run a command to its end (or its timeout); its output is returned, not printed."""
        process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, text=True, errors="replace", env=CHILD_ENV,
                                   pass_fds=(self.lock_fd,), start_new_session=True)  # fmt: skip
        with self.guard:
            self.running.add(process)
        try:
            out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(process)
            out, err = process.communicate()
            where = f" (in {cwd})" if cwd else ""
            err += f"\n{' '.join(command[:4])} ...{where} took longer than {timeout:.0f} s and was stopped\n"
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

    def fail(self, edition: str, message: str) -> None:
        self.steps.show(message)
        self.failed.append(edition)

    def guarded(self, what: str, step, *args) -> None:
        """Run one step of the build in its thread: whatever it raises fails the run, with the
        error named (the thread would otherwise print it and end, and the run publish)."""
        try:
            step(*args)
        except Exception as error:  # noqa: BLE001 (every error fails the run, none is lost)
            where = f"{error.filename}: " if isinstance(error, OSError) and error.filename else ""
            reason = error.strerror if isinstance(error, OSError) and error.strerror else repr(error)
            self.fail(what, f"{self.plan.build}: building {what} stopped: {where}{reason}")

    def sphinx(self, edition: str, outdir: Path) -> bool:
        """Sphinx's warnings and errors are shown (once, however many builders give them)."""
        result = self.steps.run(self.plan.sphinx(edition, outdir))
        self.steps.show(result.stderr)
        if result.returncode != 0:
            self.failed.append(edition)
        return result.returncode == 0

    def site_and_epub(self, editions: set[str]) -> None:
        """The HTML (published as soon as it is complete), then the EPUB and the TEI."""
        for edition in ("html", "epub", "tei"):
            if edition not in editions:
                continue
            new = self.plan.build / NEW / edition
            remove(new)
            if self.sphinx(edition, new):
                if edition == "html":
                    self.keep_previous_downloads(new)
                normalise_modes(new)
                self.replace(self.plan.output(edition), new)
                self.done(edition)

    def pdf(self) -> None:
        from ..shared import latex

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
                self.fail("pdf", "\n".join(map(str, problems)))
                return
            self.latex_tools = tools
        for old in folder.glob("*.pdf"):
            old.unlink()  # latexmk would keep a PDF whose sources did not change, even a damaged one
        size = sum(p.stat().st_size for p in folder.glob("*.tex"))
        limit = LATEX_TIMEOUT[0] + LATEX_TIMEOUT[1] * size

        def run(command, cwd):
            return self.steps.run(command, cwd, timeout=limit)

        problems = latex.build_pdf(folder, run=run)
        if problems:
            self.fail("pdf", "\n".join(map(str, problems)))
        else:
            for path in folder.glob("*.pdf"):
                path.chmod(0o644)
            self.done("pdf")

    def keep_previous_downloads(self, new: Path) -> None:
        """Until the new PDF and EPUB are copied in, the site keeps offering the last ones."""
        old = self.plan.output("html")
        for edition, (_, suffix) in DOWNLOADS.items():
            for path in old.glob(f"*{suffix}") if edition in self.plan.editions else ():
                if path.is_file() and not path.is_symlink():
                    shutil.copyfile(path, new / path.name)

    def replace(self, folder: Path, new: Path) -> None:
        """Put a complete new folder in place of the old one (two renames: a reader never finds
        half of one and half of the other). The old site is kept aside until the run succeeds."""
        old = self.plan.build / NEW / (PREVIOUS if folder.name == "html" else f"{folder.name}-old")
        remove(old)
        if folder.exists():
            folder.rename(old)
        new.rename(folder)
        if folder.name != "html":
            remove(old)

    def restore_previous_site(self) -> None:
        """After a failure, the last complete site again: never new pages beside old editions."""
        previous = self.plan.build / NEW / PREVIOUS
        if previous.is_dir():
            remove(self.plan.output("html"))
            previous.rename(self.plan.output("html"))
            self.steps.show(f"{self.plan.build}: the site is the last complete one again")

    def built_edition(self, edition: str) -> Path | None:
        """The file an edition's builder made (one: a document per book), or None."""
        paths = sorted(self.plan.output(edition).glob(f"*{DOWNLOADS[edition].suffix}"))
        return paths[0] if len(paths) == 1 else None

    def publish_downloads(self) -> bool:
        """Copy the PDF, the EPUB and the TEI into the site, each to a new name first, then renamed; a
        download of an earlier name (the book's file name changed) goes."""
        site = self.plan.output("html")
        published = set()
        for edition in DOWNLOADS:
            if edition not in self.plan.editions:
                continue
            path = self.built_edition(edition)
            if path is None:
                name, suffix = DOWNLOADS[edition]
                print(f"the site links to the {name} edition, but {self.plan.output(edition)} "
                      f"holds no single {suffix} file", file=sys.stderr)  # fmt: skip
                return False
            target = site / path.name
            temporary = target.with_name(f".{target.name}.{os.getpid()}")
            shutil.copyfile(path, temporary)
            temporary.chmod(0o644)
            temporary.replace(target)
            published.add(target.name)
        for _, suffix in DOWNLOADS.values():
            for stale in site.glob(f"*{suffix}"):
                if stale.name not in published:
                    remove(stale)
        return True

    def run(self, editions: set[str]) -> bool:
        remove(self.plan.build / NEW)
        (self.plan.build / NEW).mkdir()
        threads = [
            threading.Thread(
                target=self.guarded, args=("the site and the EPUB", self.site_and_epub, editions)
            )
        ]
        if "pdf" in editions:
            threads.append(threading.Thread(target=self.guarded, args=("the PDF", self.pdf)))
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.05)  # short waits: Ctrl+C reaches the main thread at once
        ok = not self.failed and ("html" not in self.plan.editions or self.publish_downloads())
        if not ok:
            self.restore_previous_site()
        remove(self.plan.build / NEW)
        return ok


# -- The command ---------------------------------------------------------------------------------


def say(message: str) -> None:
    print(message, flush=True)


def build(plan: Plan, lock_fd: int) -> int:
    """Build what is stale; while inputs change under a build, build again (from scratch)."""
    for _ in range(ATTEMPTS):
        status, changed = build_once(plan, lock_fd)
        if not changed:
            return status
        say(f"{plan.build}: {', '.join(changed[:3])} changed while the book was built; building again")
    print(f"{plan.build}: the inputs kept changing during {ATTEMPTS} builds; the next make html builds "
          "again", file=sys.stderr)  # fmt: skip
    return 1


def build_once(plan: Plan, lock_fd: int) -> tuple[int, list[str]]:
    """(exit status, the inputs that changed while it ran: then nothing is recorded as current)."""
    for message in unlinked(plan):
        say(message)
    record = Record.load(plan.build / RECORD)
    problems = inputs.undecodable(text_inputs(plan, record.seen)) or bibliography_syntax(plan, record.seen)
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1, []
    now = inputs.read(plan.root, plan.source, plan.build, list(plan.sphinx_options), record.seen)
    stale = [e for e in plan.editions if not record.current(plan, e, now)]
    if not stale:
        say(
            f"{plan.build}: {', '.join(plan.editions)} up to date "
            "(no source, setting, package or output changed)"
        )
        return 0, []

    if not trusted(plan, record):
        say(f"{plan.build}: the last build did not finish; building from scratch")
        for name in STATE:
            remove(plan.build / name)
        record = Record(plan.build / RECORD, seen=record.seen)
    for edition in stale:
        if record.editions.get(edition, {}).get("settings") != now.settings:
            remove(plan.doctrees(edition))  # a fresh environment: see the module's docstring
    record.complete = False
    record.save()

    started = time.time_ns() - 50_000_000  # file times are kept coarser than the clock reads
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
        return 1, []
    # What the builders read, as each last reported it (a file no builder reads now is dropped).
    seen = sorted(reported_inputs(plan))
    after = inputs.read(plan.root, plan.source, plan.build, list(plan.sphinx_options), seen)
    changed = inputs.changed_since(now, after, started, time.time_ns())
    if changed:
        return 1, changed
    record.seen = seen
    for edition in plan.editions:
        record.editions[edition] = {"settings": after.settings, "sources": after.sources_digest,
                                    "outputs": outputs_digest(plan, edition)}  # fmt: skip
        if edition == "pdf":
            record.editions[edition]["latex tools"] = work.latex_tools
    record.complete = True
    record.save()
    times = ", ".join(f"{edition} at {seconds:.1f} s" for edition, seconds in work.finished.items())
    say(f"{plan.build}: built {times}; published at {time.perf_counter() - work.started:.1f} s")
    return 0, []


def reported_inputs(plan: Plan) -> set[str]:
    """The files each builder reported reading, outside the sources (booktools/extension/sources.py)."""
    found = set()
    for edition in BUILDERS:
        try:
            listed = json.loads((plan.doctrees(edition) / INPUTS_REPORT).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        found |= {path for path in listed if isinstance(path, str)}
    inside = (plan.source.resolve(), plan.build.resolve())  # the sources are read anyway
    return {path for path in found if not any(Path(path).is_relative_to(folder) for folder in inside)}


def text_inputs(plan: Plan, seen: list[str]) -> list[Path]:
    """What the build will read, as far as is known before it starts: the sources, conf.py and
    booktools, the bibliographies beside conf.py, and what the last build reported reading."""
    paths = [
        *inputs.files(plan.source),
        *inputs.settings_files(plan.root).values(),
        *bibliographies(plan, seen),
    ]
    return sorted(set(paths) | {Path(p) for p in seen if Path(p).is_file()})


def bibliographies(plan: Plan, seen: list[str]) -> list[Path]:
    """The .bib files beside conf.py, in the sources, and those the last build reported reading."""
    found = [*sorted(plan.root.glob("*.bib")), *(p for p in inputs.files(plan.source) if p.suffix == ".bib")]
    known = {p.resolve() for p in found}  # the last build names them by absolute path
    return found + [
        Path(p) for p in seen if p.endswith(".bib") and Path(p).is_file() and Path(p).resolve() not in known
    ]


def bibliography_syntax(plan: Plan, seen: list[str]) -> list[str]:
    """BibTeX syntax errors, duplicate keys and addresses that are not web addresses, with their
    lines, before any builder starts (in Sphinx they would end in a crash report)."""
    bibfiles = bibliographies(plan, seen)
    if not bibfiles:
        return []
    from ..shared.bibfile import parse, unsafe_urls  # pybtex: only when there is a .bib to read

    problems = []
    for path in bibfiles:
        parsed = parse(path)
        problems += [*parsed.problems, *unsafe_urls(path, parsed)]
        if parsed.fallback:  # not a fault of the file: said, and the builders' -W decides (audit.py)
            print(f"{path}: {parsed.fallback}", file=sys.stderr)
    return [str(problem) for problem in problems]


def clean(plan: Plan) -> int:
    """Remove the build folder, once no build is running in it. A build folder that is a link
    (to a scratch disk, say) loses the link, not what it links to; a running live preview
    (make live) keeps its folder."""
    if plan.build.is_symlink():
        target = os.readlink(plan.build)
        with lock.held(plan.build, say=say):
            plan.build.unlink()
        say(f"{plan.build}: removed the link (what it links to, {target}, is left as it is)")
        return 0
    if not plan.build.exists():
        say(f"{plan.build}: nothing to remove")
        return 0
    with lock.held(plan.build, say=say):
        kept = [path for path in plan.build.iterdir() if path.name != lock.NAME and lock.in_use(path)]
        for path in sorted(plan.build.iterdir()):
            if path not in kept:
                remove(path)
        if not kept:
            plan.build.rmdir()
    for path in kept:
        say(f"{path}: left in place (a live preview is using it: stop make live first)")
    say(f"{plan.build}: removed" if not kept else f"{plan.build}: removed all but the live preview")
    return 0


def terminate(signum, frame):
    raise KeyboardInterrupt


def main(argv: list[str]) -> int:
    plan = parse_arguments(argv)
    signal.signal(signal.SIGTERM, terminate)  # stop the builders too, as Ctrl+C does
    os.umask(UMASK)  # the builders inherit it
    try:
        if plan.target == "clean":
            return clean(plan)
        with lock.held(plan.build, say=say) as lock_fd:
            return build(plan, lock_fd)
    except (lock.Unwritable, inputs.Unreadable) as error:
        print(error, file=sys.stderr)
        return 1
    except PermissionError as error:
        print(lock.explain(Path(error.filename or plan.build).parent, error), file=sys.stderr)
        return 1
    except OSError as error:  # a disk full, a folder that cannot be renamed: named, not a traceback
        where = f"{error.filename}: " if error.filename else ""
        print(f"{where}{error.strerror or error}; the next build starts from scratch", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nstopped; the next build starts from scratch", file=sys.stderr)
        return 130
