"""python -m booktools.checks CHECK ...: run one check, print its problems, exit 1 if any."""

import argparse
import runpy
import sys
from pathlib import Path

from . import bib, latex, linkcheck, links


def conf_value(conf: Path, name: str, default):
    return runpy.run_path(str(conf)).get(name, default)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m booktools.checks", description=__doc__)
    commands = parser.add_subparsers(dest="check", required=True)
    lint = commands.add_parser("bib", help="lint the bibliography files that conf.py names")
    lint.add_argument("conf", type=Path, help="the book's conf.py")
    site = commands.add_parser("links", help="check every internal link and anchor of a built HTML tree")
    site.add_argument("site", type=Path)
    pdf = commands.add_parser("pdf", help="build the PDF from Sphinx's LaTeX output, showing errors briefly")
    pdf.add_argument("latex_dir", type=Path)
    external = commands.add_parser("linkcheck", help="check external links (exit 77: not checked)")
    external.add_argument("source", type=Path, help="the source folder")
    external.add_argument("outdir", type=Path)
    external.add_argument("--conf", type=Path, default=None, help="folder of conf.py (default: source)")
    args = parser.parse_args(argv)

    if args.check == "linkcheck":
        return linkcheck.run_linkcheck(args.source, args.conf or args.source, args.outdir)

    if args.check == "bib":
        allowed = conf_value(args.conf, "book_http_urls", {})
        files = [args.conf.parent / f for f in conf_value(args.conf, "bibtex_bibfiles", [])]
        problems = [p for f in files for p in bib.lint(f, allowed)]
        summary = f"bibliography: {len(files)} file(s) checked"
    elif args.check == "links":
        problems = links.check(args.site)
        summary = f"internal links: {len(links.pages(args.site))} pages checked"
    else:
        problems = latex.build_pdf(args.latex_dir)
        summary = "PDF built" if not problems else "LaTeX failed"
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{summary}, {len(problems)} problem(s)", file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
