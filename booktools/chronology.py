"""The chronology: one YAML file read into a table and a timeline figure, at build time.

``book_chronology`` in conf.py names the data file (under docs/). Two directives read it:

- ``{chronology}`` prints the events as a table, each with its citations;
- ``{timeline}`` draws them as a numbered figure: inline SVG in HTML (its strokes and text take
  the page's colour, so dark mode works) and TikZ in the PDF (set in the book's own fonts).
  Both drawings come from one layout, computed here; nothing generated is committed.

Editing the data file re-reads the pages that use it, so ``make html`` updates both.
"""

from dataclasses import dataclass
from datetime import date
from html import escape as html_escape
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape as tex_escape

REQUIRED = ("date", "when", "label", "event", "sources")


@dataclass(frozen=True)
class Event:
    start: date
    end: date | None
    when: str  # the date as printed, "2 or 4 August 1924"
    label: str  # a few words for the figure
    event: str  # a sentence for the table (MyST inline markup)
    sources: tuple[str, ...]
    uncertain: str | None
    line: int  # where the event starts in the data file


def parse_date(value, where: str) -> date:
    """1924, 1924-08 or 1924-08-02 (YAML reads the last as a date already)."""
    if isinstance(value, date):
        return value
    parts = str(value).split("-")
    try:
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(*numbers[:3])
    except (ValueError, TypeError) as error:
        raise ExtensionError(f"{where}: date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD") from error


def load_events(path: Path) -> list[Event]:
    """The events of the data file, checked: every field present, dates in order."""
    text = path.read_text(encoding="utf-8")
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)  # libyaml when present
        root = loader.get_single_node()
        data = loader.construct_document(root) if root else []
    except yaml.YAMLError as error:
        raise ExtensionError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(data, list):
        raise ExtensionError(f"{path}: expected a list of events")
    events = []
    for item, node in zip(data, root.value, strict=True):
        line = node.start_mark.line + 1
        where = f"{path}:{line}"
        missing = [key for key in REQUIRED if not item.get(key)]
        if missing:
            raise ExtensionError(f"{where}: event lacks {', '.join(missing)}")
        sources = item["sources"]
        if isinstance(sources, str) or not all(isinstance(s, str) for s in sources):
            raise ExtensionError(f"{where}: sources must be a list of citation keys")
        start = parse_date(item["date"], where)
        end = parse_date(item["end"], where) if item.get("end") else None
        if end and end < start:
            raise ExtensionError(f"{where}: the event ends before it starts")
        if events and start < events[-1].start:
            raise ExtensionError(f"{where}: events must be in date order")
        events.append(
            Event(
                start,
                end,
                str(item["when"]),
                str(item["label"]),
                str(item["event"]),
                tuple(sources),
                item.get("uncertain"),
                line,
            )  # fmt: skip
        )
    return events


def chronology_path(env) -> Path:
    return Path(env.srcdir, env.config.book_chronology)


def read_events(directive: SphinxDirective) -> list[Event]:
    path = chronology_path(directive.env)
    directive.env.note_dependency(str(path))
    return load_events(path)


# -- The table ------------------------------------------------------------------------------------


def table_markup(events: list[Event], caption: str) -> str:
    """The chronology as a MyST list-table, so citations are parsed like any other."""
    rows = []
    for e in events:
        cites = "{cite:p}`" + ",".join(e.sources) + "`"
        doubt = f" *Date uncertain: {e.uncertain}*" if e.uncertain else ""
        rows.append(f"* - {e.when}\n  - {e.event} {cites}{doubt}")
    # longtable: in the PDF the table breaks across pages (a tabular cannot, and ran off the page)
    header = ":header-rows: 1\n:widths: 24 76\n:class: chronology longtable\n:name: chronology-table"
    return f"```{{list-table}} {caption}\n{header}\n\n* - Date\n  - Event\n" + "\n".join(rows) + "\n```"


class ChronologyDirective(SphinxDirective):
    """The chronology table; the argument is its caption."""

    required_arguments = 1
    final_argument_whitespace = True

    def run(self):
        markup = table_markup(read_events(self), self.arguments[0])
        return self.parse_text_to_nodes(markup)


# -- The figure -----------------------------------------------------------------------------------

WIDTH = 1000.0  # the layout's units: the axis spans the whole width
CHAR = 9.5  # average width of a character of a label, in those units
LANE = 24.0  # height of one row of labels
AXIS_GAP = 18.0  # between the axis and the first row of labels
PAD = 6.0  # space kept free between two labels in a row


@dataclass(frozen=True)
class Placed:
    """An event as drawn: its marker on the axis (a bar if it lasted) and the row of its label."""

    x: float
    x_end: float | None
    lane: int
    label: str


@dataclass(frozen=True)
class Layout:
    placed: list[Placed]
    first: int  # the axis runs from 1 January of the first year ...
    last: int  # ... to 1 January of the last
    canvas: float  # the drawing's width: the axis, and any label running past its end
    lanes: int

    def x_of_year(self, year: int) -> float:
        return (year - self.first) / (self.last - self.first) * WIDTH


def year_fraction(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def layout(events: list[Event]) -> Layout:
    """Rows of labels above the axis, each label running right from its event's marker.

    Events are placed from the latest to the earliest, each in the lowest row where its label
    overlaps no other label and no leader line (the line from a marker up to its label) of a
    later event: so in a cluster of events the labels step down from left to right, and no
    line crosses a label.
    """
    first = min(e.start.year for e in events)
    last = max((e.end or e.start).year for e in events) + 1

    def x_of(day):
        return (year_fraction(day) - first) / (last - first) * WIDTH

    rows: list[list[tuple[float, float]]] = []
    leaders: list[tuple[float, int]] = []
    placed = []
    for e in sorted(events, key=lambda e: e.start, reverse=True):
        x = x_of(e.start)
        span = (x, x + len(e.label) * CHAR)
        lane = 1 + max((row for x0, row in leaders if span[0] - PAD <= x0 <= span[1] + PAD), default=-1)
        while lane < len(rows) and any(not (b + PAD <= span[0] or span[1] + PAD <= a) for a, b in rows[lane]):
            lane += 1
        rows.extend([] for _ in range(lane + 1 - len(rows)))
        rows[lane].append(span)
        leaders.append((x, lane))
        placed.append(Placed(x, x_of(e.end) if e.end else None, lane, e.label))
    canvas = max([WIDTH] + [b for row in rows for a, b in row]) + PAD
    return Layout(placed[::-1], first, last, canvas, len(rows))


def tick_years(first: int, last: int) -> list[int]:
    """Every fifth year, and the first unless a fifth year is too close to it."""
    step = 5 if last - first > 15 else 1
    years = [y for y in range(first, last + 1) if y % step == 0]
    return years if years and years[0] - first < step / 2 else [first, *years]


def render_svg(events: list[Event], title: str, paper: bool = False) -> str:
    """The timeline as SVG: in the page's colour (currentColor, which follows dark mode), or,
    on paper, dark on its own light ground (an image file cannot follow the page's colours, and
    a reader's night mode would draw black on black)."""
    lay = layout(events)
    height = AXIS_GAP + LANE * lay.lanes + 40
    axis = height - 30
    ink = "#1a1a1a" if paper else "currentColor"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" '
        f'aria-labelledby="timeline-title" viewBox="-25 0 {lay.canvas + 35:.0f} {height:.0f}" '
        f'font-size="17" fill="{ink}" stroke="{ink}">',
        f'<title id="timeline-title">{html_escape(title)}</title>',
    ]
    if paper:
        size = f'width="{lay.canvas + 35:.0f}" height="{height:.0f}"'
        parts.append(f'<rect x="-25" y="0" {size} fill="#ffffff" stroke="none"/>')
    parts += [
        f'<line x1="0" y1="{axis}" x2="{WIDTH}" y2="{axis}" stroke-width="1.5"/>',
    ]
    for year in tick_years(lay.first, lay.last):
        x = lay.x_of_year(year)
        parts += [
            f'<line x1="{x:.1f}" y1="{axis}" x2="{x:.1f}" y2="{axis + 5}"/>',
            f'<text x="{x:.1f}" y="{axis + 20}" text-anchor="middle" stroke="none">{year}</text>',
        ]
    for p in lay.placed:
        y = axis - AXIS_GAP - p.lane * LANE
        if p.x_end is not None:
            parts.append(
                f'<rect x="{p.x:.1f}" y="{axis - 4}" width="{max(p.x_end - p.x, 2):.1f}" '
                f'height="8" opacity="0.45" stroke="none"/>'
            )
        parts += [
            f'<line x1="{p.x:.1f}" y1="{axis}" x2="{p.x:.1f}" y2="{y + 3:.1f}" stroke-width="0.6"/>',
            f'<circle cx="{p.x:.1f}" cy="{axis}" r="3.5" stroke="none"/>',
            f'<text x="{p.x + 2:.1f}" y="{y:.1f}" stroke="none">{html_escape(p.label)}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


def render_tikz(events: list[Event]) -> str:
    """The same drawing in TikZ, scaled so that the whole canvas is the text width."""
    lay = layout(events)
    unit = rf"{1 / lay.canvas:.6f}\linewidth"
    lines = [  # scaled down whole if its labels run past the canvas: never wider than the text
        r"\resizebox{\linewidth}{!}{%",
        rf"\begin{{tikzpicture}}[x={unit}, y={unit}, font=\fontsize{{7.5}}{{9}}\selectfont]",
        rf"\draw[line width=0.8pt] (0,0) -- ({WIDTH:.0f},0);",
    ]
    for year in tick_years(lay.first, lay.last):
        x = lay.x_of_year(year)
        lines.append(rf"\draw ({x:.1f},0) -- ({x:.1f},-5) node[below] {{{year}}};")
    for p in lay.placed:
        y = AXIS_GAP + p.lane * LANE
        if p.x_end is not None:
            lines.append(rf"\fill[black!45] ({p.x:.1f},-4) rectangle ({max(p.x_end, p.x + 2):.1f},4);")
        lines += [
            rf"\draw[line width=0.3pt, black!60] ({p.x:.1f},0) -- ({p.x:.1f},{y:.1f});",
            rf"\fill ({p.x:.1f},0) circle[radius=3.5];",
            rf"\node[anchor=south west, inner sep=1pt] at ({p.x:.1f},{y - 4:.1f}) {{{tex_escape(p.label)}}};",
        ]
    lines.append(r"\end{tikzpicture}}")
    return "\n".join(lines)


class timeline(nodes.General, nodes.Element):
    """The drawing itself; its figure and caption are ordinary docutils nodes."""


def visit_timeline_html(self, node):
    if self.builder.name.startswith("epub"):
        # EPUB wants inline SVG declared in its manifest, which Sphinx does not do: an image file
        # needs no declaration. It is drawn on its own paper, so that night mode cannot hide it.
        images = Path(self.builder.outdir, "_images")
        images.mkdir(exist_ok=True)
        svg = render_svg(node["events"], node["title"], paper=True)
        (images / "timeline.svg").write_text(svg, encoding="utf-8")
        alt = html_escape(node["title"], quote=True)
        self.body.append(f'<img src="{self.builder.imgpath}/timeline.svg" alt="{alt}" class="timeline"/>')
    else:
        self.body.append(render_svg(node["events"], node["title"]))
    raise nodes.SkipNode


def visit_timeline_latex(self, node):
    self.body.append("\n\\begin{center}\n" + render_tikz(node["events"]) + "\n\\end{center}\n")
    raise nodes.SkipNode


def visit_timeline_text(self, node):
    self.add_text("; ".join(f"{e.when}: {e.label}" for e in node["events"]))
    raise nodes.SkipNode


class TimelineDirective(SphinxDirective):
    """The timeline figure; the argument is its caption, ``:name:`` its label."""

    required_arguments = 1
    final_argument_whitespace = True
    option_spec = {"name": directives.unchanged}

    def run(self):
        caption = self.arguments[0]
        drawing = timeline(events=read_events(self), title=caption)
        figure = nodes.figure("", drawing, classes=["timeline-figure"])
        inline, messages = self.parse_inline(caption, lineno=self.lineno)
        figure += nodes.caption(caption, "", *inline)
        self.set_source_info(figure)
        self.add_name(figure)
        return [figure, *messages]


def setup(app):
    app.add_config_value("book_chronology", "_data/chronology.yaml", "env", types=[str])
    app.add_node(
        timeline,
        html=(visit_timeline_html, None),
        latex=(visit_timeline_latex, None),
        text=(visit_timeline_text, None),
    )
    app.add_directive("chronology", ChronologyDirective)
    app.add_directive("timeline", TimelineDirective)
    app.add_latex_package("tikz")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
