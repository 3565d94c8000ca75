"""The build benchmark: this project against bare Sphinx (the floor) and Jupyter Book 1 (the peer).

Prints figures; it is not a test. Every build is a fresh process, timed wall-clock, with its peak
resident memory (GNU time); the variants take turns (interleaved rounds, each starting with a
different one) and the tables show medians. Sources: the book itself, and synthetic books of N
chapters (scripts/synthetic_book.py). Then rebuilds (a one-chapter edit in a new process, with
BOOK_WARM=1, and under `make live`; nothing changed), the PDF and the EPUB, and last, each speed
target with what was measured and whether it holds.

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
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "scripts"), str(ROOT)]
import synthetic_book  # noqa: E402

from booktools import standby  # noqa: E402
from booktools.build import READS, WARM  # noqa: E402

WORK = ROOT / "_build" / "bench"
PYTHON = sys.executable
PEER_VENV = WORK / "jb1"  # Jupyter Book 1 lives in its own environment
PROJECT_FILES = [*READS, "docs"]  # what a copy of the book needs
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

    def project(self, out: Path, jobs: str | None = None, runner: str = "booktools.build") -> list:
        """What `make html` runs (booktools.build: sphinx-build, skipped when nothing changed)."""
        command = [PYTHON, "-m", runner, "-b", "html", "-c", self.folder, "-d", out / "doctrees",
                   self.folder / "docs", out / "html", "-W", "--keep-going", "-n", "-q",
                   "-D", "book_downloads_required=0"]  # fmt: skip
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


def incremental(source: Source, rounds: int) -> dict[str, float]:
    """Medians of rebuilds on top of a clean build, as `make html` runs them: after a one-chapter
    edit, in a new process and with BOOK_WARM=1 (a Sphinx started after the last build waits);
    with nothing changed; and Sphinx's own no-op (without booktools.build)."""
    out = WORK / "runs" / f"{source.name}-incremental"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    command, alone = source.project(out / "make"), source.project(out / "sphinx", runner="sphinx")
    warm, warm_env = source.project(out / "warm"), {**os.environ, WARM: "1"}
    for build, env in ((command, None), (alone, None), (warm, warm_env)):
        timed(build, cwd=source.folder, env=env)
    chapter = sorted((source.folder / "docs" / "chapters").glob("*.md"))[0]
    original = chapter.read_text(encoding="utf-8")
    times: dict[str, list] = {"edit": [], "warm edit": [], "no-op": [], "sphinx no-op": []}
    try:
        for n in range(rounds):
            for name, build, env in (("edit", command, None), ("warm edit", warm, warm_env)):
                time.sleep(SETTLE * 3)  # as when an editor saves: the standby has started up
                chapter.write_text(original + f"\nOne more sentence ({n}), saved by the benchmark.\n")
                times[name].append(timed(build, cwd=source.folder, env=env)[0])
                chapter.write_text(original, encoding="utf-8")
                timed(build, cwd=source.folder, env=env)  # back to the original
            timed(command, cwd=source.folder)  # it has not seen the warm builds' saves yet
            times["no-op"].append(timed(command, cwd=source.folder)[0])
            timed(alone, cwd=source.folder)
            times["sphinx no-op"].append(timed(alone, cwd=source.folder)[0])
    finally:
        chapter.write_text(original, encoding="utf-8")
        standby.ask(list(map(str, warm[3:])), "stop")
    return {name: statistics.median(values) for name, values in times.items()}


def editions(source: Source) -> dict[str, float]:
    """Clean PDF and EPUB builds, and a PDF build with nothing changed (LaTeX must not run), as
    `make pdf` and `make epub` run them."""
    out = WORK / "runs" / f"{source.name}-editions"
    shutil.rmtree(out, ignore_errors=True)
    docs = source.folder / "docs"
    latex = [PYTHON, "-m", "booktools.build", "-b", "latex", "-c", source.folder, "-d", out / "dl", docs,
             out / "latex", "-W", "--keep-going", "-n", "-q"]  # fmt: skip
    pdf = [PYTHON, "-m", "booktools.checks", "pdf", out / "latex"]
    times = {}
    start = time.perf_counter()
    subprocess.run(latex, check=True, capture_output=True, cwd=source.folder)
    subprocess.run(pdf, check=True, capture_output=True, cwd=source.folder)
    times["PDF, clean"] = time.perf_counter() - start
    built = next((out / "latex").glob("*.pdf"))
    before = built.stat().st_mtime_ns
    start = time.perf_counter()
    subprocess.run(latex, check=True, capture_output=True, cwd=source.folder)
    subprocess.run(pdf, check=True, capture_output=True, cwd=source.folder)
    times["PDF, nothing changed"] = time.perf_counter() - start
    times["LaTeX runs with nothing changed"] = int(built.stat().st_mtime_ns != before)
    epub = [PYTHON, "-m", "booktools.build", "-b", "epub", "-c", source.folder, "-d", out / "de", docs,
            out / "epub", "-W", "--keep-going", "-n", "-q"]  # fmt: skip
    times["EPUB, clean"] = timed(epub, cwd=source.folder)[0]
    return times


def live_preview(source: Source, saves: int = 3) -> list[float]:
    """Seconds from saving a chapter to its rebuilt page on disk, under `make live` (booktools.live:
    sphinx-autobuild with a standby Sphinx): a warm incremental build, file watching included."""
    out = WORK / "runs" / f"{source.name}-live"
    shutil.rmtree(out, ignore_errors=True)
    docs, port = source.folder / "docs", "8765"
    server = subprocess.Popen([PYTHON, "-m", "booktools.live", "--host", "127.0.0.1", "--port", port,
                               "-c", source.folder, "-d", out / "doctrees", docs, out / "html",
                               "-q", "-D", "book_downloads_required=0"],
                              cwd=source.folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)  # fmt: skip
    chapter = sorted((source.folder / "docs" / "chapters").glob("*.md"))[0]
    page = out / "html" / "chapters" / (chapter.stem + ".html")
    original = chapter.read_text(encoding="utf-8")
    times = []
    try:
        deadline = time.monotonic() + 300
        while not page.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the first build has settled, and the standby has started
        for n in range(saves):
            marker = f"Saved by the benchmark, time {n}."
            start = time.perf_counter()
            chapter.write_text(original + f"\n{marker}\n", encoding="utf-8")
            while marker not in page.read_text(encoding="utf-8") and time.perf_counter() - start < 60:
                time.sleep(0.005)
            times.append(time.perf_counter() - start)
            time.sleep(3)  # the next standby is ready, as when an editor reads the page
    finally:
        chapter.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)  # the server and its standby
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

    clean = {source.name: medians[("project", "1")][0] for source, medians in rows}
    rebuilds = {}
    for source in sources:
        if source.name in ("book", "N=100"):
            rebuilds[source.name] = incremental(source, args.rounds)
            rebuilds[source.name]["warm"] = statistics.median(live_preview(source))
            times = rebuilds[source.name]
            print(f"{source.name}: one-chapter edit {times['edit']:.2f} s "
                  f"(BOOK_WARM=1 {times['warm edit']:.2f} s), "
                  f"no-op {times['no-op']:.2f} s (Sphinx alone {times['sphinx no-op']:.2f} s), "
                  f"make live save to page {times['warm']:.2f} s",
                  flush=True)  # fmt: skip
    editions_times = editions(sources[0])
    report(rows, clean, rebuilds, editions_times, peer)


def report(rows, clean, rebuilds, editions_times, peer) -> None:
    """The tables, in Markdown, and each target of the issue with what was measured."""
    print("\n| source | project | -j auto | bare Sphinx | Jupyter Book 1 | project/floor | project/JB1 "
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
    print("\n| source | clean | one-chapter edit (make html) | no-op (make html) | no-op (Sphinx alone) "
          "| one-chapter edit (BOOK_WARM=1 make html) | save to page (make live) |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for name, times in rebuilds.items():
        cells = " | ".join(
            f"{times[k]:.2f} s ({times[k] / clean[name]:.2f})"
            for k in ("edit", "no-op", "sphinx no-op", "warm edit", "warm")
        )
        print(f"| {name} | {clean[name]:.2f} s | {cells} |")
    print(
        "\n"
        + "\n".join(
            f"{name}: {value:.2f}" + ("" if "runs" in name else " s")
            for name, value in editions_times.items()
        )
    )

    targets = []
    book, n100, n400 = measured.get("book"), measured.get("N=100"), measured.get("N=400")
    if book:
        targets += [("book: clean HTML / Jupyter Book 1", book["peer"], "<=", 0.6)] if peer else []
        targets.append(("book: clean HTML / bare Sphinx", book["floor"], "<=", 1.25))
    if n400:
        targets += [("N=400: clean HTML / Jupyter Book 1", n400["peer"], "<=", 0.5)] if peer else []
        targets += [
            ("N=400: -j auto speed-up", n400["parallel"], ">=", 1.4),
            ("N=400: peak resident memory, MB", n400["peak"], "<", 1536),
        ]
        if n100:
            targets.append(
                ("time per chapter, N=400 / N=100", n400["per chapter"] / n100["per chapter"], "<=", 1.2)
            )
    if "N=100" in rebuilds:
        times, base = rebuilds["N=100"], clean["N=100"]
        targets += [
            ("N=100: one-chapter edit, page on disk (make live) / clean", times["warm"] / base, "<=", 0.15),
            ("N=100: one-chapter edit, BOOK_WARM=1 make html / clean", times["warm edit"] / base, "<=", 0.15),
            ("N=100: one-chapter edit, new process (make html) / clean", times["edit"] / base, "<=", 0.15),
            ("N=100: no-op (make html) / clean", times["no-op"] / base, "<=", 0.1),
        ]
    if "book" in rebuilds:
        targets.append(("book: live preview, save to page on disk, s", rebuilds["book"]["warm"], "<=", 1.0))
    targets.append(
        ("PDF with nothing changed: LaTeX runs", editions_times["LaTeX runs with nothing changed"], "<=", 0)
    )
    print(f"\n| target (on {os.cpu_count()} cores) | measured | goal | holds |\n|---|---|---|---|")
    for name, value, op, goal in targets:
        holds = {"<=": value <= goal, ">=": value >= goal, "<": value < goal}[op]
        print(f"| {name} | {value:.2f} | {op} {goal} | {'yes' if holds else 'NO'} |")


if __name__ == "__main__":
    main()
