"""Write a synthetic book with this project's layout, for the benchmark: N chapters of essay-like
MyST prose, M citations into a K-entry bibliography, cross-references between chapters, and
glossary terms. Only standard MyST, sphinxcontrib-bibtex and Sphinx syntax, so that bare Sphinx
and Jupyter Book build it too.

    python scripts/synthetic_book.py OUT --chapters 100 [--citations 5] [--entries 40]
"""

import argparse
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = (
    "the establishment of diplomatic relations between mexico and soviet union marked significant "
    "moment international diplomacy early twentieth century reflected broader geopolitical shifts "
    "evolving dynamics global politics following war revolution government envoy minister treaty "
    "recognition negotiations exchange notes legation capital conference delegation agreement"
).split()
TERMS = ["Envoy", "Legation", "Recognition", "Agrément", "Minister plenipotentiary", "Credentials"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 24))]
    return " ".join(words).capitalize() + "."


def paragraph(rng: random.Random, n: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(n))


def chapter(i: int, n: int, rng: random.Random, citations: int, entries: int) -> str:
    other = rng.randrange(1, n + 1)
    parts = [f"(chapter-{i})=\n# Chapter {i}: {sentence(rng)[:40].rstrip('.')}\n"]
    for s in range(1, 4):
        parts.append(f"(chapter-{i}-section-{s})=\n## Section {i}.{s}\n")
        for _ in range(3):
            parts.append(paragraph(rng) + "\n")
        # every entry is cited somewhere (the build fails on an uncited one), then at random
        keys = ",".join(
            {f"entry{(3 * (i - 1) + s) % entries}"}
            | {f"entry{rng.randrange(entries)}" for _ in range(max(0, citations // 3 - 1))}
        )
        term = rng.choice(TERMS)
        parts.append(
            f"As {{cite:t}}`entry{rng.randrange(entries)}` shows, the {{term}}`{term.lower()} <{term}>` "
            f"matters {{cite:p}}`{keys}`; see {{ref}}`chapter-{other}-section-{s}`.\n"
        )
    return "\n".join(parts)


def bib_entry(k: int, rng: random.Random) -> str:
    title = sentence(rng)[:60].rstrip(".")
    return (
        f"@book{{entry{k},\n  author = {{Author{k}, Given}},\n  title = {{{title}}},\n"
        f"  publisher = {{Press {k % 7}}},\n  year = {{{1920 + k % 80}}}\n}}\n"
    )


def write(out: Path, chapters: int, citations: int = 5, entries: int = 40, seed: int = 1924) -> Path:
    rng = random.Random(seed)
    entries = min(entries, 3 * chapters)
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "chapters").mkdir(parents=True)
    for i in range(1, chapters + 1):
        (docs / "chapters" / f"{i:03d}-chapter.md").write_text(chapter(i, chapters, rng, citations, entries))
    toc = "\n".join(f"chapters/{i:03d}-chapter" for i in range(1, chapters + 1))
    (docs / "index.md").write_text(
        f"# A synthetic book\n\n{paragraph(rng)}\n\n"
        f"```{{toctree}}\n:numbered:\n:caption: Chapters\n\n{toc}\n```\n\n"
        "```{toctree}\n:caption: Back matter\n\nglossary\nbibliography\n```\n"
    )
    glossary = "\n".join(f"{t}\n  {sentence(rng)}\n" for t in TERMS)
    (docs / "glossary.md").write_text(f"# Glossary\n\n```{{glossary}}\n{glossary}```\n")
    (docs / "bibliography.md").write_text("# Bibliography\n\n```{bibliography}\n```\n")
    (out / "references.bib").write_text("\n".join(bib_entry(k, rng) for k in range(entries)))
    # This project's configuration and extension, as they are.
    for name in ("conf.py", "CITATION.cff"):
        shutil.copy(ROOT / name, out / name)
    shutil.copytree(ROOT / "booktools", out / "booktools", ignore=shutil.ignore_patterns("__pycache__"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--chapters", type=int, default=10)
    parser.add_argument("--citations", type=int, default=5, help="citations per chapter")
    parser.add_argument("--entries", type=int, default=40, help="entries in the bibliography")
    args = parser.parse_args()
    print(write(args.out, args.chapters, args.citations, args.entries))


if __name__ == "__main__":
    main()
