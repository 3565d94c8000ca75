"""An editor at work on a copy of the book, and the yardstick: a clean build of the same files.

``Checkout`` is a copy of the project in a folder of its own, with its own git history and its
own Python environment (a thin one that sees the project's packages, so that a package can be
"installed" in it without touching the project's). ``make`` runs there as an editor types it, in
a script: no terminal, CI set. ``clean_build`` copies the checkout's files, git history
included, to another folder and builds them from nothing with an empty cache: what ``rm -rf
_build && make html`` gives on a clean machine. ``References`` keeps one such build per distinct
tree for the whole test session, shared by the test workers. ``differences`` compares the
three editions file by file.

``Editor`` is the list of things an editor does (edit, revert, restore an older copy, rename or
delete a chapter, change conf.py, the bibliography, the chronology, a template, the extension's
code, a package, SOURCE_DATE_EPOCH, commit and tag, kill a build, run two at once, delete an
output, damage the cache), and what else happens to a checkout (a file saved while a build runs,
a file included from outside the sources, a second bibliography, another locale or umask, a
link or a stray file in the build folder, a history git refuses, a site folder that is a mount
point), drawn at random from a seed:
tests/test_editor_loop.py runs a few, ``make stress`` hundreds.
"""

import fcntl
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

from book import ROOT

BUILD_TIMEOUT = 600  # seconds; a build that takes longer has hung
EVIDENCE = "docs/_data/evidence.yaml"  # the evidence of every citation, which names its pages
# The editor's own git commands read the history whoever owns it (safe.directory): the builds'
# git does not, so a history given to another user is one git refuses to read, for them alone.
GIT = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false",
       "-c", "safe.directory=*"]  # fmt: skip
NOBODY = 65534  # the user a history is given to, for git to refuse it
COMMIT_DATE = "2026-11-01T12:00:00+00:00"  # every commit of a checkout: builds are reproducible
BOOK_FILES = {"docs", "conf.py", "references.bib", "CITATION.cff"}  # this book's own, not its tools'


def project_files() -> list[str]:
    """The project's files as they are now in the working tree (tracked or new, not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True,
                            text=True, check=True).stdout.split("\n")  # fmt: skip
    return [name for name in listed if name and (ROOT / name).is_file()]


def thin_environment(folder: Path) -> None:
    """A Python environment that sees the project's packages through a .pth file, and installs
    nothing itself: a package put into it changes what the build reads, and nothing else."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    purelib = Path(sysconfig.get_paths()["purelib"])
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    (folder / "lib" / version / "site-packages" / "project-packages.pth").write_text(f"{purelib}\n")
    (folder / ".installed").touch()


def site_packages(checkout: Path) -> Path:
    return next((checkout / ".venv" / "lib").glob("python*/site-packages"))


def tree_files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def editions(checkout: Path) -> dict[str, dict[str, str]]:
    """The editions as file digests: the site, the PDF, the EPUB folder, the TEI folder."""
    build = checkout / "_build"
    return {
        "html": tree_files(build / "html") if (build / "html").is_dir() else {},
        "pdf": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (build / "latex").glob("*.pdf")},
        "epub": tree_files(build / "epub") if (build / "epub").is_dir() else {},
        "tei": tree_files(build / "tei") if (build / "tei").is_dir() else {},
    }


def differences(ours: dict, clean: dict) -> list[str]:
    found = []
    for edition in ("html", "pdf", "epub", "tei"):
        a, b = ours[edition], clean[edition]
        found += [f"{edition}: only in the incremental build: {f}" for f in sorted(a.keys() - b.keys())]
        found += [f"{edition}: only in the clean build: {f}" for f in sorted(b.keys() - a.keys())]
        found += [f"{edition}: differs: {f}" for f in sorted(a.keys() & b.keys()) if a[f] != b[f]]
    return found


@dataclass
class Checkout:
    folder: Path
    cache: Path  # XDG_CACHE_HOME of its builds
    epoch: str | None = None  # SOURCE_DATE_EPOCH given on make's command line, if any
    locale: str | None = None  # LC_ALL of the editor's shell, if set
    umask: int | None = None  # the editor's umask, if not the usual one
    source: str = "docs"  # the book's folder of sources (make html SOURCE=...)

    def give_history(self, uid: int) -> None:
        """Make .git another user's (git then refuses it: "dubious ownership"), or root's again."""
        for path in [self.folder / ".git", *(self.folder / ".git").rglob("*")]:
            os.chown(path, uid, uid, follow_symlinks=False)

    def history_refused(self) -> bool:
        history = self.folder / ".git"
        return history.exists() and history.stat().st_uid != os.geteuid()

    @classmethod
    def create(cls, folder: Path, book: Path | None = None, source: str = "docs") -> "Checkout":
        """A copy of the project; with ``book``, a copy of the project's tools around another
        book (that folder's conf.py, sources in ``source`` and bibliography) instead of this one."""
        folder.mkdir(parents=True)
        for name in project_files():
            if book and (name.split("/")[0] in BOOK_FILES or name.startswith("tests/")):
                continue
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, target)
        if book:
            shutil.copytree(book, folder, dirs_exist_ok=True)
        thin_environment(folder / ".venv")
        checkout = cls(folder, folder.parent / f"{folder.name}-cache", source=source)
        checkout.git("init", "-q")
        checkout.commit("The book as it stands")
        return checkout

    def git(self, *args: str) -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_DATE, "GIT_COMMITTER_DATE": COMMIT_DATE}
        return subprocess.run([*GIT, *args], cwd=self.folder, capture_output=True, text=True, env=env,
                              check=True).stdout  # fmt: skip

    def commit(self, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)

    def environment(self) -> dict[str, str]:
        """An editor's shell: not the make that runs the tests (its job server, its exported
        SOURCE_DATE_EPOCH, which is the project's last commit and not this checkout's)."""
        leave_out = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "SOURCE_DATE_EPOCH")
        env = {k: v for k, v in os.environ.items() if k not in leave_out}
        return {**env, "CI": "true", "XDG_CACHE_HOME": str(self.cache),
                **({"LC_ALL": self.locale, "LANG": self.locale} if self.locale else {})}  # fmt: skip

    def command(self, target: str = "html") -> list[str]:
        settings = [f"SOURCE_DATE_EPOCH={self.epoch}"] if self.epoch else []
        settings += [f"SOURCE={self.source}"] if self.source != "docs" else []
        return ["make", "-s", target, *settings]

    def start(self, target: str = "html") -> subprocess.Popen:
        """make, started in a session of its own (so that it can be killed with all it started)."""
        umask = self.umask
        set_umask = (lambda: os.umask(umask)) if umask is not None else None
        return subprocess.Popen(self.command(target), cwd=self.folder, env=self.environment(),
                                stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, start_new_session=True, preexec_fn=set_umask)  # fmt: skip

    def make(self, target: str = "html") -> subprocess.CompletedProcess:
        process = self.start(target)
        try:
            output, _ = process.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError(f"make {target} hung (more than {BUILD_TIMEOUT} s)") from None
        return subprocess.CompletedProcess(process.args, process.returncode, output, "")

    def path(self, name: str) -> Path:
        return self.folder / name

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.path(name)
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def tree_key(self) -> str:
        """What a clean build depends on: every file but the build's and the interpreter's, the
        commit, its tags and whether the tree differs from it, and the date. Not the folder, which
        Python's compiled modules name (left out: a clean build compiles them again) and so does
        the line of the venv's settings that says how it was made (left out)."""
        digest = hashlib.sha256()
        for path in sorted(self.folder.rglob("*")):
            parts = path.relative_to(self.folder).parts
            if parts[0] in ("_build", ".git") or parts[:2] == (".venv", "bin") or "__pycache__" in parts:
                continue
            if path.is_file():
                data = path.read_bytes()
                if parts == (".venv", "pyvenv.cfg"):
                    data = b"".join(line for line in data.splitlines(True) if not line.startswith(b"command"))
                digest.update(f"{path.relative_to(self.folder)}\0".encode() + data)
        if (self.folder / ".git").exists():
            digest.update(self.git("describe", "--tags", "--long", "--always").encode())
            digest.update(b"dirty" if self.git("status", "--porcelain").strip() else b"clean")
            digest.update(b"refused" if self.history_refused() else b"read")
        digest.update(str(self.epoch).encode())
        return digest.hexdigest()

    def clean_build(self, where: Path) -> subprocess.CompletedProcess:
        """`make html` on a copy of the same files (git history included) in another folder,
        with an empty cache."""
        shutil.rmtree(where, ignore_errors=True)
        shutil.copytree(
            self.folder, where, symlinks=True, ignore=shutil.ignore_patterns("_build", "__pycache__")
        )
        clean = Checkout(where, where.parent / f"{where.name}-cache", self.epoch, source=self.source)
        if self.history_refused():
            clean.give_history(NOBODY)
        shutil.rmtree(clean.cache, ignore_errors=True)
        return clean.make()


def keep_aside(folder: Path, cache: Path, aside: Path) -> None:
    """A copy of a built book and of its cache, to put back before each test (``put_back``)."""
    shutil.copytree(folder, aside / "book", symlinks=True)
    shutil.copytree(cache, aside / "cache", symlinks=True)


def put_back(aside: Path, folder: Path, cache: Path) -> None:
    """The book as it was when kept aside, put back where it was built: Sphinx's environment
    names its folder, and a book moved elsewhere would be read afresh, which would hide what an
    edit alone makes the build do."""
    for name, target in (("book", folder), ("cache", cache)):
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(aside / name, target, symlinks=True)


@dataclass(frozen=True)
class Reference:
    """A clean build: how `make html` ended, the editions it made, and the folder it made them in."""

    returncode: int
    output: str
    editions: dict
    folder: Path


class References:
    """The clean builds of the trees the tests reach, one per distinct tree (``tree_key``) for the
    whole session. pytest-xdist's workers share them: the first worker to need a tree builds it
    while holding that tree's lock, and the others then read what it recorded."""

    def __init__(self, folder: Path):
        self.folder = folder

    def of(self, checkout: Checkout) -> Reference:
        return self._recorded(checkout, lambda entry: (checkout.clean_build(entry / "book"), entry / "book"))

    def add(self, checkout: Checkout, result: subprocess.CompletedProcess, folder: Path) -> None:
        """Record a build the caller made itself, from nothing in a new folder with an empty cache
        (a clean build), under its checkout's tree: later tests that reach that tree compare with it."""
        self._recorded(checkout, lambda entry: (result, folder))

    def _recorded(self, checkout: Checkout, build) -> Reference:
        entry = self.folder / checkout.tree_key()[:20]
        entry.mkdir(parents=True, exist_ok=True)
        record = entry / "reference.json"
        with open(entry / ".lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, or the worker dies
            if not record.exists():
                result, folder = build(entry)
                data = {"returncode": result.returncode, "output": result.stdout, "folder": str(folder),
                        "editions": editions(folder)}  # fmt: skip
                partial = record.with_suffix(".partial")
                partial.write_text(json.dumps(data), encoding="utf-8")
                partial.rename(record)
        data = json.loads(record.read_text(encoding="utf-8"))
        return Reference(data["returncode"], data["output"], data["editions"], Path(data["folder"]))


# -- The editor ------------------------------------------------------------------------------------


@dataclass
class Editor:
    """Actions on a checkout, drawn from a seeded random generator. Each returns a few words for
    the log; those that build (a killed build, two at once) leave the last build to the caller."""

    checkout: Checkout
    rng: random.Random
    older: list = field(default_factory=list)  # (name, bytes, mtime) of files as they once were
    count: int = 0
    first: str = ""  # the commit the editor started from

    def __post_init__(self):
        self.first = self.checkout.git("rev-parse", "HEAD").strip()

    def chapters(self) -> list[Path]:
        return sorted(self.checkout.path("docs/chapters").glob("*.md"))

    def listed_chapters(self) -> list[Path]:
        """The chapters the front page's toctree lists (an action may have removed some)."""
        index = self.checkout.path("docs/index.md").read_text(encoding="utf-8")
        return [c for c in self.chapters() if f"chapters/{c.stem}\n" in index]

    def remember(self, path: Path) -> None:
        self.older.append(
            (path.relative_to(self.checkout.folder), path.read_bytes(), path.stat().st_mtime_ns)
        )

    def edit_chapter(self) -> str:
        chapter = self.rng.choice(self.chapters())
        self.remember(chapter)
        self.count += 1
        text = chapter.read_text(encoding="utf-8")
        paragraphs = text.split("\n\n")
        where = self.rng.randrange(1, len(paragraphs) + 1)
        paragraphs.insert(where, f"An editor's sentence, number {self.count}.")
        chapter.write_text("\n\n".join(paragraphs), encoding="utf-8")
        return f"edit {chapter.name}"

    def revert(self) -> str:
        """Every file as it was when the editor started (later commits may hold a broken book)."""
        self.checkout.git("checkout", self.first, "--", ".")
        self.checkout.git("clean", "-fdq", "docs")
        return "revert every file to the first commit's"

    def restore_older_copy(self) -> str:
        if not self.older:
            return self.edit_chapter()
        name, data, mtime = self.rng.choice(self.older)
        path = self.checkout.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        os.utime(path, ns=(mtime, mtime))  # as cp -p, tar x and rsync -a leave it
        return f"restore an older copy of {name}, with its older time"

    def touch(self) -> str:
        chapter = self.rng.choice(self.chapters())
        os.utime(chapter)
        return f"touch {chapter.name} (nothing changed)"

    def rename_chapter(self) -> str:
        if not self.listed_chapters():
            return self.edit_chapter()
        chapter = self.rng.choice(self.listed_chapters())
        new = chapter.with_name(chapter.stem + "-renamed.md")
        chapter.rename(new)
        self.checkout.edit("docs/index.md", f"chapters/{chapter.stem}\n", f"chapters/{new.stem}\n")
        evidence = self.checkout.path(EVIDENCE)  # which names the pages it serves
        text = evidence.read_text(encoding="utf-8")
        evidence.write_text(
            re.sub(rf"chapters/{chapter.stem}(?=[],\s])", f"chapters/{new.stem}", text), encoding="utf-8"
        )
        return f"rename {chapter.name} to {new.name}"

    def delete_chapter(self) -> str:
        if not self.listed_chapters():
            return self.edit_chapter()
        chapter = self.rng.choice(self.listed_chapters())
        chapter.unlink()
        self.checkout.edit("docs/index.md", f"chapters/{chapter.stem}\n", "")
        return f"delete {chapter.name} (and its toctree line)"

    def rename_label(self) -> str:
        """A label renamed where it is defined only (the pages that use it must fail the build),
        or back."""
        names = ["(political-shifts-in-mexico)=", "(political-changes-in-mexico)="]
        for chapter in self.chapters():
            text = chapter.read_text(encoding="utf-8")
            for old, new in (names, names[::-1]):
                if old in text:
                    chapter.write_text(text.replace(old, new), encoding="utf-8")
                    return f"rename the label {old[1:-2]} to {new[1:-2]}, not its uses"
        return self.edit_chapter()

    def change_conf(self) -> str:
        title = self.rng.choice(["Mexico and the USSR, 1924", "Mexico and the Soviet Union, 1924"])
        conf = self.checkout.path("conf.py")
        lines = [
            line
            for line in conf.read_text(encoding="utf-8").splitlines()
            if not line.startswith("short_title")
        ]
        index = next(i for i, line in enumerate(lines) if line.startswith("author ="))
        lines.insert(index + 1, f'short_title = "{title}"')
        conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return f"conf.py: short title {title!r}"

    def change_bibliography(self) -> str:
        bib = self.checkout.path("references.bib")
        self.remember(bib)
        self.count += 1
        text = bib.read_text(encoding="utf-8")
        at = self.rng.choice([m.end() for m in re.finditer(r"^\s*title\s*=\s*\{", text, re.M)])
        bib.write_text(text[:at] + f"Revised {self.count}: " + text[at:], encoding="utf-8")
        return "references.bib: a title changed"

    def change_chronology(self) -> str:
        data = self.checkout.path("docs/_data/chronology.yaml")
        self.remember(data)
        self.count += 1
        text = data.read_text(encoding="utf-8")
        labels = [i for i in range(len(text)) if text.startswith("  label: ", i)]
        at = self.rng.choice(labels) + len("  label: ")
        data.write_text(text[:at] + f"({self.count}) " + text[at:], encoding="utf-8")
        return "chronology: an event's label changed"

    def change_template(self) -> str:
        template = self.checkout.path("booktools/extension/templates/book-edition.html")
        self.remember(template)
        template.write_text(template.read_text(encoding="utf-8") + f"\n<!-- {self.rng.random()} -->\n")
        return "a template changed"

    def change_code(self) -> str:
        module = self.checkout.path("booktools/extension/previews.py")
        self.remember(module)
        length = self.rng.choice([200, 240, 300])
        text = module.read_text(encoding="utf-8")
        start = text.index("LENGTH = ")
        end = text.index("  #", start)
        module.write_text(text[:start] + f"LENGTH = {length}" + text[end:], encoding="utf-8")
        return f"booktools/extension/previews.py: previews of {length} characters"

    def change_package(self) -> str:
        version = self.rng.choice(["1.0", "1.1", None])
        info = site_packages(self.checkout.folder) / "editor_probe-{}.dist-info"
        for old in info.parent.glob("editor_probe-*.dist-info"):
            shutil.rmtree(old)
        if version is None:
            return "uninstall the package editor-probe"
        folder = Path(str(info).format(version))
        folder.mkdir()
        (folder / "METADATA").write_text(f"Metadata-Version: 2.1\nName: editor-probe\nVersion: {version}\n")
        (folder / "RECORD").write_text("")
        return f"install the package editor-probe {version}"

    def change_epoch(self) -> str:
        self.checkout.epoch = self.rng.choice([None, "1700000000", "1750000000"])
        return f"SOURCE_DATE_EPOCH={self.checkout.epoch or 'the last commit'}"

    def commit(self) -> str:
        self.checkout.commit(f"Step {self.count}")
        return "commit"

    def tag(self) -> str:
        self.checkout.git("tag", "-f", "v0.1")
        return "tag v0.1"

    def delete_output(self) -> str:
        files = [p for p in self.checkout.path("_build/html").rglob("*") if p.is_file()]
        if not files:
            return "delete an output file (there is none)"
        victim = self.rng.choice(files)
        victim.unlink()
        return f"delete {victim.relative_to(self.checkout.folder)}"

    def damage_cache(self) -> str:
        files = [p for p in self.checkout.cache.rglob("*") if p.is_file()]
        if not files:
            return "damage the cache (it is empty)"
        victim = self.rng.choice(files)
        data = victim.read_bytes()
        victim.write_bytes(data[: len(data) // 2])
        return f"cut {victim.name} in the cache to half"

    def kill_a_build(self) -> str:
        """Start make html and kill one of its processes, or all of them, at a random moment."""
        process = self.checkout.start()
        time.sleep(self.rng.uniform(0, 4))
        tree = processes_of(process.pid)
        if tree and self.rng.random() < 0.7:
            victim = self.rng.choice(tree)
            try:
                os.kill(victim, signal.SIGKILL)
            except ProcessLookupError:
                pass
            what = f"kill process {victim} of make html"
        else:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            what = "kill make html with everything it started"
        try:
            process.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError("a killed build hung") from None
        return what

    def two_at_once(self) -> tuple[str, list]:
        first, second = self.checkout.start(), self.checkout.start()
        results = []
        for process in (first, second):
            output, _ = process.communicate(timeout=BUILD_TIMEOUT)
            results.append(subprocess.CompletedProcess(process.args, process.returncode, output, ""))
        return "two make html at once", results

    def save_during_build(self) -> str:
        """A chapter saved while make html runs (the build must not record it as built)."""
        process = self.checkout.start()
        time.sleep(self.rng.uniform(0, 6))
        what = self.edit_chapter()
        try:
            process.communicate(timeout=BUILD_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            raise AssertionError("a build hung") from None
        return f"{what}, while make html ran"

    def include_from_outside(self) -> str:
        """A chapter includes a file outside docs/ (made the first time), or that file changes."""
        self.count += 1
        aside = self.checkout.path("notes/aside.md")
        aside.parent.mkdir(exist_ok=True)
        aside.write_text(f"An aside from outside the sources, version {self.count}.\n", encoding="utf-8")
        chapter = self.rng.choice(self.chapters())
        if not any("../../notes/aside.md" in c.read_text(encoding="utf-8") for c in self.chapters()):
            append(chapter, "\n```{include} ../../notes/aside.md\n```\n")
            return f"include notes/aside.md in {chapter.name}"
        return "notes/aside.md (included) changed"

    def second_bibliography(self) -> str:
        """A second .bib file in bibtex_bibfiles, with an entry a chapter cites; or its entry changes."""
        self.count += 1
        title = f"A Second List, Revision {self.count}"
        self.checkout.path("extra.bib").write_text(
            f"@book{{editorsnote,\n  author = {{Editor, An}},\n  title = {{{title}}},\n"
            "  publisher = {The Editors},\n  year = {2026},\n}\n"
        )
        if '"extra.bib"' in self.checkout.path("conf.py").read_text(encoding="utf-8"):
            return "extra.bib: its entry changed"
        append(self.checkout.path("conf.py"), 'bibtex_bibfiles = ["references.bib", "extra.bib"]\n')
        chapter = self.rng.choice(self.chapters())
        append(chapter, "\nSee {cite:t}`editorsnote`.\n")
        append(
            self.checkout.path(EVIDENCE),
            f"\n- cite: editorsnote\n  pages: [chapters/{chapter.stem}]\n  quote: Its words.\n"
            "  no-locator: an editor's test\n",
        )
        return f"a second bibliography, extra.bib, cited in {chapter.name}"

    def change_locale(self) -> str:
        self.checkout.locale = self.rng.choice([None, "ru_RU.UTF-8", "C.UTF-8"])
        return f"LC_ALL={self.checkout.locale or '(unset)'}"

    def change_umask(self) -> str:
        self.checkout.umask = self.rng.choice([None, 0o077, 0o002])
        return f"umask {oct(self.checkout.umask) if self.checkout.umask is not None else '(usual)'}"

    def link_in_build_folder(self) -> str:
        """One of the build's folders replaced by a link to a scratch folder, which must come
        through every later build untouched."""
        name = self.rng.choice([".new", "epub", "doctrees"])
        path = self.checkout.path("_build") / name
        scratch = self.scratch()
        if path.is_symlink() or not path.exists():
            path.unlink(missing_ok=True)
        else:
            shutil.rmtree(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(scratch)
        return f"_build/{name} is now a link to a scratch folder"

    def scratch(self) -> Path:
        scratch = self.checkout.folder.parent / f"{self.checkout.folder.name}-scratch"
        (scratch / "html").mkdir(parents=True, exist_ok=True)
        (scratch / "html" / "keep.txt").write_text("kept\n")
        return scratch

    def scratch_intact(self) -> bool:
        scratch = self.checkout.folder.parent / f"{self.checkout.folder.name}-scratch"
        if not scratch.exists():
            return True
        return sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*")) == [
            "html",
            "html/keep.txt",
        ]

    def site_on_a_mount(self) -> str:
        """The site folder a mount point (a Docker volume, say): publishing cannot rename it, a
        step of the build fails in its thread, and the build must fail, naming it. Once it is
        unmounted the loop's next build goes on as usual."""
        html = self.checkout.path("_build/html")
        if os.geteuid() != 0 or not html.is_dir() or html.is_symlink():
            return self.touch()
        self.edit_chapter()
        if subprocess.run(["mount", "--bind", str(html), str(html)], capture_output=True).returncode != 0:
            return "the site as a mount point (mount refused: nothing done)"
        try:
            result = self.checkout.make()
        finally:
            subprocess.run(["umount", str(html)], check=True)
        assert result.returncode != 0 and "Device or resource busy" in result.stdout, result.stdout
        assert "Traceback" not in result.stdout, result.stdout
        return "a chapter edited, then make html with the site a mount point: it failed, naming the folder"

    def git_refuses(self) -> str:
        """The history given to another user, or back (a checkout built after su, or in a
        container: git will not read it, and the edition must be a draft)."""
        if os.geteuid() != 0:
            return self.touch()
        refused = not self.checkout.history_refused()
        self.checkout.give_history(NOBODY if refused else 0)
        return "git refuses the history (another user's)" if refused else "git reads the history again"

    def stray_output(self) -> str:
        html = self.checkout.path("_build/html")
        if not html.is_dir():
            return "a stray file in the site (there is no site)"
        (html / "__pycache__").mkdir(exist_ok=True)
        (html / "__pycache__" / "stray.html").write_text("<p>not built</p>\n")
        return "a stray file in _build/html/__pycache__"

    ACTIONS = {
        "edit_chapter": 6, "revert": 3, "restore_older_copy": 3, "touch": 1, "rename_chapter": 1,
        "delete_chapter": 1, "rename_label": 1, "change_conf": 1, "change_bibliography": 2,
        "change_chronology": 2, "change_template": 1, "change_code": 1, "change_package": 1,
        "change_epoch": 1, "commit": 1, "tag": 1, "delete_output": 2, "damage_cache": 1,
        "kill_a_build": 3, "two_at_once": 2, "save_during_build": 2, "include_from_outside": 1,
        "second_bibliography": 1, "change_locale": 1, "change_umask": 1, "link_in_build_folder": 1,
        "stray_output": 1, "git_refuses": 1, "site_on_a_mount": 1,
    }  # fmt: skip

    def act(self, broken: bool = False):
        """One action; after a build that failed, the editor mends it (reverts) one time in two."""
        names = list(self.ACTIONS)
        name = self.rng.choices(names, weights=[self.ACTIONS[n] for n in names])[0]
        if broken and self.rng.random() < 0.5:
            name = "revert"
        return name, getattr(self, name)()


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def processes_of(pid: int) -> list[int]:
    """A process and its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found
