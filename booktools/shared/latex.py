"""The PDF from Sphinx's LaTeX output, via latexmk; on failure, the few log lines that matter.

latexmk runs XeLaTeX only as often as the references need (and not at all when nothing
changed). When TeX stops, its log holds thousands of lines; an editor needs the error, the
line of the .tex file it is on, and the text around it.
"""

import hashlib
import subprocess
from pathlib import Path

from . import Problem

CONTEXT = 6  # lines of the log shown after each error
MOST = 3  # errors shown


def tex_file(latex_dir: Path) -> Path:
    tex = [p for p in latex_dir.glob("*.tex") if (latex_dir / "latexmkrc").exists()]
    if len(tex) != 1:
        raise FileNotFoundError(f"{latex_dir}: expected one .tex file from Sphinx's LaTeX builder")
    return tex[0]


def log_errors(log: Path) -> list[Problem]:
    """TeX's errors ("! ..." lines) with the .tex line ("l.123") and the text around them."""
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
    tex = log.with_suffix(".tex")
    problems = []
    for i, text in enumerate(lines):
        if not text.startswith("!"):
            continue
        block = [text]
        for following in lines[i + 1 : i + CONTEXT]:
            if not following.strip():
                break
            block.append(following)
            if following.startswith("l.") and following[2:3].isdigit():
                break
        where = next((int(b[2:].split()[0]) for b in block if b.startswith("l.") and b[2:3].isdigit()), None)
        problems.append(Problem(tex, where, "\n    ".join(block)))
        if len(problems) == MOST:
            break
    return problems


def run_captured(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, stdin=subprocess.DEVNULL)


# The files in Sphinx's LaTeX folder that are not TeX's inputs, so that latexmk does not judge
# them: xindy's and makeindex's styles (.xdy, .ist), latexmk's settings, Sphinx's Makefile.
TOOL_FILES = ("*.xdy", "*.ist", "latexmkrc", "latexmkjarc", "Makefile")


def tools_digest(latex_dir: Path, software: str) -> str:
    """What LaTeX's files in the folder depend on besides the TeX files latexmk watches: the
    tool files Sphinx wrote there, and the installed software (``software``, a digest)."""
    digest = hashlib.sha256(software.encode())
    for pattern in TOOL_FILES:
        for path in sorted(latex_dir.glob(pattern)):
            digest.update(f"{path.name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def clean(latex_dir: Path, run=run_captured) -> list[Problem]:
    """Remove what LaTeX and its tools made in the folder (aux files, the index, latexmk's
    record, the PDF), as Sphinx's Makefile defines it."""
    result = run(["make", "--no-print-directory", "clean"], cwd=latex_dir)
    if result.returncode == 0:
        return []
    return [Problem(latex_dir / "Makefile", None, f"make clean failed: {result.stderr.strip()}")]


def build_pdf(latex_dir: Path, run=run_captured) -> list[Problem]:
    """Run latexmk in Sphinx's LaTeX output folder; run(command, cwd) runs it (booktools.make
    hands down its own, with its lock and time limit)."""
    tex = tex_file(latex_dir)
    # Sphinx's generated Makefile runs latexmk with the xindy options the index needs.
    command = ["make", "--no-print-directory", "all-pdf", "LATEXMKOPTS=-silent",
               "LATEXOPTS=-interaction=nonstopmode -halt-on-error"]  # fmt: skip
    result = run(command, cwd=latex_dir)
    if result.returncode == 0:
        return []
    log = tex.with_suffix(".log")
    problems = log_errors(log) if log.exists() else []
    if not problems:  # latexmk failed outside TeX (xindy, say): the end of its own report
        tail = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()][-12:]
        problems = [Problem(tex, None, "latexmk failed:\n    " + "\n    ".join(tail))]
    return problems
