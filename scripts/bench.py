"""The build benchmark. Prints figures; it is not a test.

First, the editor's loop as typed: `make html` in a fresh copy of the project (its own git
history, as a clone has), with no terminal, as in a script, every edition current when the
command returns. With nothing changed; after a one-chapter edit (when the edited page is on
disk, and when the command returns with the PDF and the EPUB current), beside bare Sphinx's
own incremental build of the same sources; on the book and on a synthetic book of 100 chapters
(scripts/synthetic_book.py), against a clean `make html`. Medians of several rounds.

Then components, labelled as such: the HTML builder alone (one `sphinx-build -b html` with
booktools) against bare Sphinx (the floor) and Jupyter Book 1 (the peer), clean, at N chapters,
each a fresh process timed wall-clock with its peak memory (GNU time), the variants taking
turns; and `make live`, from a save to the rebuilt page. Last, each target with what was
measured and whether it holds.

    python scripts/bench.py                      # the book, and N = 10, 100, 400
    python scripts/bench.py --sizes 10 100 --rounds 3 --no-peer
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT), str(ROOT / "tests")]
import zipfile  # noqa: E402

import synthetic_book  # noqa: E402
from editor import Checkout  # noqa: E402  (a copy of the project, as a fresh clone has it)

WORK = ROOT / "_build" / "bench"
PYTHON = sys.executable
PEER_VENV = WORK / "jb1"  # Jupyter Book 1 lives in its own environment
PROJECT_FILES = [
    "conf.py",
    "CITATION.cff",
    "references.bib",
    "booktools",
    "docs",
]  # what a copy of the book needs
SETTLE = 1.0  # seconds between builds, for what one leaves running (Jupyter Book's) to end

FLOOR_CONF = """\
extensions = ["myst_parser", "sphinxcontrib.bibtex"]
bibtex_bibfiles = [{bib!r}]
myst_enable_extensions = ["colon_fence", "deflist"]
numfig = True
"""


def timed(command: list, cwd: Path | None = None, env: dict | None = None) -> tuple[float, int, int]:
    """(seconds, peak resident memory in MB, exit status) of one command."""
    start = time.perf_counter()
    result = subprocess.run(["/usr/bin/time", "-f", "%M", *map(str, command)], cwd=cwd,
                            capture_output=True, text=True, env=env)  # fmt: skip
    seconds = time.perf_counter() - start
    lines = result.stderr.strip().splitlines()
    peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    return seconds, peak_kb // 1024, result.returncode


def toctree_docs(index: Path) -> list[tuple[str, list[str]]]:
    """(caption, docnames) of each toctree of the front page, in order."""
    trees, caption, docs, inside = [], None, [], False
    for line in index.read_text(encoding="utf-8").splitlines():
        if line.startswith("```{toctree}"):
            inside, caption, docs = True, None, []
        elif inside and line.startswith("```"):
            trees.append((caption or "Chapters", docs))
            inside = False
        elif inside and line.startswith(":caption:"):
            caption = line.split(":", 2)[2].strip()
        elif inside and line.strip() and not line.startswith(":"):
            docs.append(line.strip())
    return trees


class Source:
    """A book to build: this project's layout (docs/, references.bib, conf.py, booktools/)."""

    def __init__(self, name: str, folder: Path, chapters: int):
        self.name, self.folder, self.chapters = name, folder, chapters

    def project(self, out: Path, jobs: str | None = None) -> list:
        """A component: the project's HTML builder alone, one sphinx-build with booktools."""
        command = [PYTHON, "-m", "sphinx", "-b", "html", "-c", self.folder, "-d", out / "doctrees",
                   self.folder / "docs", out / "html", "-W", "--keep-going", "-n", "-q"]  # fmt: skip
        return command + (["-j", jobs] if jobs else [])

    def floor(self, out: Path, jobs: str | None = None) -> list:
        conf = out / "conf"
        conf.mkdir(parents=True, exist_ok=True)
        (conf / "conf.py").write_text(FLOOR_CONF.format(bib=str(self.folder / "references.bib")))
        command = [PYTHON, "-m", "sphinx", "-b", "html", "-c", conf, "-d", out / "doctrees",
                   self.folder / "docs", out / "html", "-q"]  # fmt: skip
        return command + (["-j", jobs] if jobs else [])

    def peer(self, out: Path, jobs: str | None = None) -> list:
        """Jupyter Book 1 on a copy of the sources, its _config.yml and _toc.yml generated."""
        book = out / "source"
        shutil.copytree(self.folder / "docs", book, dirs_exist_ok=True)
        shutil.copy(self.folder / "references.bib", book / "references.bib")
        index = book / "index.md"
        trees = toctree_docs(index)
        index.write_text(re.sub(r"```\{toctree\}.*?```\n", "", index.read_text(encoding="utf-8"), flags=re.S))
        parts = "\n".join(
            f"  - caption: {caption}\n    numbered: true\n    chapters:\n"
            + "\n".join(f"      - file: {d}" for d in docs)
            for caption, docs in trees
        )
        (book / "_toc.yml").write_text(f"format: jb-book\nroot: index\nparts:\n{parts}\n")
        (book / "_config.yml").write_text(
            "title: Benchmark\nexecute:\n  execute_notebooks: 'off'\nonly_build_toc_files: true\n"
            "bibtex_bibfiles: [references.bib]\nparse:\n  myst_enable_extensions: [colon_fence, deflist]\n"
            "sphinx:\n  config:\n    numfig: true\n"
        )
        return [PEER_VENV / "bin" / "jupyter-book", "build", book, "--path-output", out / "jb", "--quiet"]


def clean_build(variant: str, source: Source, jobs: str | None = None) -> tuple[float, int]:
    out = WORK / "runs" / f"{source.name}-{variant}-{jobs or 1}"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    command = getattr(source, variant)(out, jobs)
    seconds, peak, status = timed(command, cwd=source.folder)  # its own booktools/, as make runs it
    if status != 0 and variant == "project":
        raise SystemExit(f"{variant} build of {source.name} failed: {' '.join(map(str, command))}")
    return seconds, peak


class PagePoller(threading.Thread):
    """Notes when a page on disk first contains a text (polled every few milliseconds)."""

    def __init__(self, page: Path, text: str, start: float):
        super().__init__(daemon=True)
        self.page, self.text, self.began, self.seen, self.stop = page, text, start, None, False

    def run(self):
        while not self.stop and self.seen is None:
            try:
                if self.text in self.page.read_text(encoding="utf-8"):
                    self.seen = time.perf_counter() - self.began
            except OSError:
                pass
            time.sleep(0.005)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout


def epub_text(folder: Path) -> str:
    with zipfile.ZipFile(next(folder.glob("*.epub"))) as epub:
        return "".join(epub.read(n).decode() for n in epub.namelist() if n.endswith(".xhtml"))


def checkout(source: Source) -> Checkout:
    """A fresh copy of the project (as a clone has it) whose book is the source's."""
    folder = WORK / "loop" / source.name.replace("=", "")
    shutil.rmtree(folder.parent / f"{folder.name}-cache", ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    copy = Checkout.create(folder)
    if source.name != "book":
        shutil.rmtree(copy.path("docs"))
        shutil.copytree(source.folder / "docs", copy.path("docs"))
        shutil.copy(source.folder / "references.bib", copy.path("references.bib"))
        copy.commit("The synthetic book")
    return copy


def make(copy: Checkout, target: str = "html") -> float:
    start = time.perf_counter()
    result = copy.make(target)
    if result.returncode != 0:
        raise SystemExit(f"make {target} failed in {copy.folder}:\n{result.stdout}")
    return time.perf_counter() - start


def editor_loop(source: Source, rounds: int, clean_rounds: int) -> dict[str, float]:
    """`make html` as an editor types it, in a fresh copy, in a script (medians): clean; with
    nothing changed; after a one-chapter edit (the edited page on disk, and the command's return
    with the PDF and EPUB checked to carry the edit), the first edit after a commit (which
    changes the edition's name, so every page is read again) apart; and bare Sphinx's own
    incremental build of the same edit, in the same run."""
    copy = checkout(source)
    times: dict[str, list] = {"clean": [], "no-op": [], "page": [], "return": [], "bare": []}
    for _ in range(clean_rounds):
        shutil.rmtree(copy.path("_build"), ignore_errors=True)
        time.sleep(SETTLE)
        times["clean"].append(make(copy))
    chapter = sorted(copy.path("docs/chapters").glob("*.md"))[
        len(list(copy.path("docs/chapters").glob("*.md"))) // 2
    ]
    page = copy.path("_build/html/chapters") / f"{chapter.stem}.html"
    original = chapter.read_text(encoding="utf-8")
    floor_out = WORK / "loop" / f"{copy.folder.name}-bare"
    shutil.rmtree(floor_out, ignore_errors=True)
    floor_command = source.floor(floor_out)
    floor_command[floor_command.index(source.folder / "docs")] = copy.path("docs")
    subprocess.run(floor_command, capture_output=True, check=True)
    for n in range(rounds + 1):  # round 0 is the first edit after the commit, reported apart
        marker = f"Benchmark sentence number {n}."
        chapter.write_text(original + f"\n{marker}\n", encoding="utf-8")
        time.sleep(SETTLE)
        start = time.perf_counter()
        poller = PagePoller(page, marker, start)
        poller.start()
        returned = make(copy)
        poller.stop = True
        poller.join()
        assert marker in pdf_text(next(copy.path("_build/latex").glob("*.pdf"))), "the PDF is current"
        assert marker in epub_text(copy.path("_build/epub")), "the EPUB is current"
        if n == 0:
            times["first edit after a commit"] = [returned]
            continue
        times["page"].append(poller.seen if poller.seen is not None else returned)
        times["return"].append(returned)
        times["bare"].append(timed(floor_command)[0])
        time.sleep(SETTLE)
        times["no-op"].append(make(copy))
    chapter.write_text(original, encoding="utf-8")
    return {name: statistics.median(values) for name, values in times.items()}


def live_preview(source: Source, saves: int = 3) -> list[float]:
    """Seconds from saving a chapter to its rebuilt page on disk, under `make live`
    (sphinx-autobuild, each save a clean build), file watching included."""
    copy = checkout(source)
    port = "8765"
    server = subprocess.Popen(["make", "-s", "live", f"PORT={port}"], cwd=copy.folder, env=copy.environment(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # fmt: skip
    chapter = sorted(copy.path("docs/chapters").glob("*.md"))[0]
    page = copy.path("_build/live/site/chapters") / f"{chapter.stem}.html"
    original = chapter.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 300
        while not page.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)
        for n in range(saves):
            marker = f"Saved by the benchmark, time {n}."
            start = time.perf_counter()
            poller = PagePoller(page, marker, start)
            poller.start()
            chapter.write_text(original + f"\n{marker}\n", encoding="utf-8")
            poller.join(60)
            times.append(poller.seen if poller.seen is not None else float("nan"))
            time.sleep(3)
    finally:
        chapter.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
    return times


def prepare(sizes: list[int]) -> list[Source]:
    book = WORK / "sources" / "book"
    shutil.rmtree(book, ignore_errors=True)
    book.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, book / name)
    chapters = len(list((book / "docs" / "chapters").glob("*.md")))
    sources = [Source("book", book, chapters)]
    for n in sizes:
        folder = synthetic_book.write(WORK / "sources" / f"n{n}", n)
        sources.append(Source(f"N={n}", folder, n))
    return sources


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[10, 100, 400])
    parser.add_argument("--rounds", type=int, default=3, help="rounds for the book and N <= 100")
    parser.add_argument("--big-rounds", type=int, default=2, help="rounds for N > 100")
    parser.add_argument("--loop-rounds", type=int, default=5, help="edits timed in the editor's loop")
    parser.add_argument("--no-peer", action="store_true", help="leave Jupyter Book 1 out")
    args = parser.parse_args()

    peer = not args.no_peer and (PEER_VENV / "bin" / "jupyter-book").exists()
    variants = ["project", "floor"] + (["peer"] if peer else [])
    peer_text = f"Jupyter Book 1 in {PEER_VENV}" if peer else "not installed (make bench installs it)"
    print(f"cores: {os.cpu_count()}; Python {sys.version.split()[0]}; peer: {peer_text}")
    sources = prepare(args.sizes)
    rows = []
    for source in sources:
        rounds = args.rounds if source.chapters <= 100 else args.big_rounds
        results: dict[tuple[str, str], list] = {}
        runs = [
            (variant, jobs)
            for variant in variants
            for jobs in (None, "auto")
            if not (jobs and variant == "peer")
        ]
        for n in range(
            rounds
        ):  # interleaved, each round starting one further: no run always follows the same
            for variant, jobs in runs[n % len(runs) :] + runs[: n % len(runs)]:
                time.sleep(SETTLE)
                results.setdefault((variant, jobs or "1"), []).append(clean_build(variant, source, jobs))
        medians = {k: (statistics.median(s for s, _ in v), max(m for _, m in v)) for k, v in results.items()}
        rows.append((source, medians))
        (project, peak), floor = medians[("project", "1")], medians[("floor", "1")][0]
        parallel = medians[("project", "auto")][0]
        line = (f"{source.name:>6} ({source.chapters:>3} chapters): project {project:6.2f} s "
                f"({project / source.chapters * 1000:5.0f} ms/chapter, peak {peak} MB), "
                f"-j auto {parallel:6.2f} s (x{project / parallel:.2f}); "
                f"floor {floor:6.2f} s (project/floor {project / floor:.2f})")  # fmt: skip
        if peer:
            jb = medians[("peer", "1")][0]
            line += f"; Jupyter Book 1 {jb:6.2f} s (project/JB1 {project / jb:.2f})"
        print(line, flush=True)

    loops = {}
    for source in sources:
        if source.name in ("book", "N=100"):
            loops[source.name] = times = editor_loop(
                source, args.loop_rounds, 3 if source.name == "book" else 2
            )
            print(f"{source.name}, make html as typed: clean {times['clean']:.2f} s, "
                  f"no-op {times['no-op']:.2f} s, "
                  f"one-chapter edit: page on disk {times['page']:.2f} s, returns {times['return']:.2f} s "
                  f"(first edit after a commit {times['first edit after a commit']:.2f} s; "
                  f"bare Sphinx's incremental HTML {times['bare']:.2f} s)", flush=True)  # fmt: skip
    live = statistics.median(live_preview(sources[0]))
    print(f"book, make live: save to page {live:.2f} s", flush=True)
    report(rows, loops, live, peer)


def report(rows, loops, live, peer) -> None:
    """The tables, in Markdown, and each target with what was measured and whether it holds."""
    print("\n`make html` as typed, in a fresh copy, no terminal (medians; ratio to the clean build):\n")
    print(
        "| source | clean | no-op | one-chapter edit: page on disk | one-chapter edit: returns, "
        "all editions current | first edit after a commit | bare Sphinx, incremental HTML |"
    )
    print("|---|---|---|---|---|---|---|")
    for name, t in loops.items():
        shown = ("no-op", "page", "return", "first edit after a commit", "bare")
        cells = " | ".join(f"{t[k]:.2f} s ({t[k] / t['clean']:.2f})" for k in shown)
        print(f"| {name} | {t['clean']:.2f} s | {cells} |")

    print("\nComponent: the HTML builder alone, clean (sphinx-build -b html with booktools):\n")
    print("| source | project | -j auto | bare Sphinx | Jupyter Book 1 | project/floor | project/JB1 "
          "| ms/chapter | peak RSS |\n|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    measured = {}
    for source, medians in rows:
        (project, peak), floor = medians[("project", "1")], medians[("floor", "1")][0]
        parallel = medians[("project", "auto")][0]
        jb = medians[("peer", "1")][0] if peer else float("nan")
        measured[source.name] = {
            "floor": project / floor,
            "peer": project / jb,
            "peak": peak,
            "parallel": project / parallel,
            "per chapter": project / source.chapters,
        }
        print(f"| {source.name} ({source.chapters} ch.) | {project:.2f} s "
              f"| {parallel:.2f} s (x{project / parallel:.2f}) "
              f"| {floor:.2f} s | {jb:.2f} s | {project / floor:.2f} | {project / jb:.2f} "
              f"| {project / source.chapters * 1000:.0f} | {peak} MB |")  # fmt: skip

    targets = []
    if "book" in loops:
        book = loops["book"]
        targets += [
            ("book: make html, nothing changed, s", book["no-op"], "<=", 0.3),
            ("book: make html after a one-chapter edit, edited page on disk, s", book["page"], "<=", 1.5),
            ("book: make html after a one-chapter edit, returns with all editions current, s",
             book["return"], "<=", 5.0),
        ]  # fmt: skip
    if "N=100" in loops:
        n100 = loops["N=100"]
        targets.append(("N=100: make html after a one-chapter edit / clean make html",
                        n100["return"] / n100["clean"], "<=", 0.5))  # fmt: skip
    targets.append(("book: make live, save to page on disk, s", live, "<=", 2.0))
    book, n100, n400 = measured.get("book"), measured.get("N=100"), measured.get("N=400")
    if book:
        targets += (
            [("component, book: clean HTML builder / Jupyter Book 1", book["peer"], "<=", 0.6)]
            if peer
            else []
        )
        targets.append(("component, book: clean HTML builder / bare Sphinx", book["floor"], "<=", 1.25))
    if n400:
        targets += (
            [("component, N=400: clean HTML builder / Jupyter Book 1", n400["peer"], "<=", 0.5)]
            if peer
            else []
        )
        targets.append(("component, N=400: peak resident memory, MB", n400["peak"], "<", 1536))
        if n100:
            targets.append(("component, time per chapter, N=400 / N=100",
                            n400["per chapter"] / n100["per chapter"], "<=", 1.2))  # fmt: skip
    print(f"\n| target (on {os.cpu_count()} cores) | measured | goal | holds |\n|---|---|---|---|")
    for name, value, op, goal in targets:
        holds = {"<=": value <= goal, ">=": value >= goal, "<": value < goal}[op]
        print(f"| {name} | {value:.2f} | {op} {goal} | {'yes' if holds else 'NO'} |")


if __name__ == "__main__":
    main()
