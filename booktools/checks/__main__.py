"""python -m booktools.checks CHECK ...: run one check, print its problems, exit 1 if any."""

import argparse
import runpy
import sys
from pathlib import Path

from ..shared import latex
from . import ace, bib, browser, lighthouse, linkcheck, links, pa11y, screenshots, tei, validity


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
    pages = commands.add_parser("pages", help="weigh every page, list the hosts it asks, run axe (Chromium)")
    pages.add_argument("site", type=Path)
    pages.add_argument("--conf", type=Path, required=True)
    valid = commands.add_parser("valid", help="validate the HTML pages (W3C Nu) and the EPUB (epubcheck)")
    valid.add_argument("site", type=Path)
    valid.add_argument("epub", type=Path)
    valid.add_argument("--conf", type=Path, required=True)
    audits = commands.add_parser("lighthouse", help="Lighthouse on a few pages, served by nginx (Chromium)")
    audits.add_argument("site", type=Path)
    audits.add_argument("--conf", type=Path, required=True)
    codesniffer = commands.add_parser(
        "pa11y", help="pa11y with HTML_CodeSniffer (WCAG 2 AA) on every page (Chromium)"
    )
    codesniffer.add_argument("site", type=Path)
    epub_ace = commands.add_parser("ace", help="check the EPUB's accessibility with DAISY Ace (Chromium)")
    epub_ace.add_argument("epub", type=Path)
    shots = commands.add_parser(
        "screenshots", help="PNG pictures of pages (desktop, phone), the timeline (phone), the PDF"
    )
    shots.add_argument("site", type=Path)
    shots.add_argument("pdf", type=Path)
    shots.add_argument("out", type=Path)
    shots.add_argument("--epub", type=Path, default=None, help="also a page of the EPUB in night mode")
    shots.add_argument("--conf", type=Path, default=None, help="the book's conf.py (book_screenshots)")
    encoded = commands.add_parser("tei", help="validate the TEI edition (TEI P5, jing) and its pointers")
    encoded.add_argument("document", type=Path)
    args = parser.parse_args(argv)

    if args.check == "screenshots":
        plan = conf_value(args.conf, "book_screenshots", {}) if args.conf else {}
        for shot in screenshots.take(args.site, args.pdf, args.out, args.epub, plan):
            print(shot)
        return 0

    if args.check == "pages":
        reports, problems = browser.check_site(args.site, conf_value(args.conf, "book_page_budget", {}))
        print(browser.table(reports))
        summary = f"pages: {len(reports)} opened in Chromium"
        return finish(problems, summary)
    if args.check == "valid":
        ignore = conf_value(args.conf, "book_html_validator_ignore", {})
        try:
            problems = validity.html(args.site, ignore) + validity.epub(args.epub)
        except validity.CheckerFailed as error:
            print(f"validity: NOT checked: {error}", file=sys.stderr)
            return 2
        return finish(
            problems, f"validity: HTML ({len(ignore)} message(s) ignored, with reasons) and EPUB checked"
        )
    if args.check == "lighthouse":
        audited = conf_value(args.conf, "book_lighthouse_pages", [])
        try:
            runs, problems = lighthouse.check(
                args.site, audited, conf_value(args.conf, "book_lighthouse_minimum", {})
            )
        except validity.CheckerFailed as error:
            print(f"lighthouse: NOT checked: {error}", file=sys.stderr)
            return 2
        print(lighthouse.table(runs))
        return finish(problems, f"Lighthouse: {len(audited)} pages, as a phone and as a desktop")
    if args.check == "pa11y":
        try:
            checked, problems = pa11y.check(args.site)
        except validity.CheckerFailed as error:
            print(f"pa11y: NOT checked: {error}", file=sys.stderr)
            return 2
        return finish(problems, f"pa11y (HTML_CodeSniffer, {pa11y.STANDARD}): {checked} pages checked")
    if args.check == "ace":
        try:
            counts, problems = ace.check(args.epub)
        except validity.CheckerFailed as error:
            print(f"accessibility: NOT checked: {error}", file=sys.stderr)
            return 2
        found = ", ".join(f"{counts[impact]} {impact}" for impact in ace.IMPACTS)
        return finish(problems, f"EPUB accessibility (DAISY Ace): {found}")
    if args.check == "tei":
        try:
            problems = tei.check(args.document)
        except validity.CheckerFailed as error:
            print(f"TEI: NOT checked: {error}", file=sys.stderr)
            return 2
        return finish(
            problems, f"TEI: {args.document.name} checked against TEI P5 (tei_all, jing) and its own ids"
        )
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
    return finish(problems, summary)


def finish(problems, summary: str) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{summary}, {len(problems)} problem(s)", file=sys.stderr if problems else sys.stdout)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
