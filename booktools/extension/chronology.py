"""The chronology: one YAML file read into a table and a timeline figure, at build time.

``book_chronology`` in conf.py names the data file (under docs/). Two directives read it:

- ``{chronology}`` prints the events as a table, each with its citations;
- ``{timeline}`` draws them as a numbered figure, in two layouts computed here: a wide one
  (a horizontal axis) and a narrow one (a vertical axis), so that its labels can be read on a
  desktop and on a phone alike. The HTML has both as inline SVG (their strokes and text take the
  page's colour, so dark mode works) and shows one by the figure's width; the EPUB has the
  narrow one as an image on its own paper, the PDF the narrow one in TikZ (set in the book's own
  fonts). Nothing generated is committed.

Editing the data file re-reads the pages that use it, so ``make html`` updates both.
"""

import math
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from html import escape as html_escape
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.texescape import escape as tex_escape

logger = logging.getLogger(__name__)
REQUIRED = ("date", "when", "label", "event", "sources")


class ChronologyError(ExtensionError):
    """What is wrong with the data file, and where ("path:line")."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


@dataclass(frozen=True)
class Event:
    start: date
    end: date | None
    when: str  # the date as printed, "2 or 4 August 1924"
    label: str  # a few words for the figure
    event: str  # a sentence for the table (MyST inline markup)
    sources: tuple[str, ...]  # citation keys
    uncertain: str | None
    line: int  # where the event starts in the data file
    cites: tuple[str, ...] = ()  # the sources as cited, each key with its locator if any: "key{p. 16}"
    date_written: str = ""  # the date as the data file gives it, as precise as it is: "1924-08"
    end_written: str | None = None
    between: tuple[str, str] | None = None  # an uncertain date's earliest and latest, as written


def parse_date(value, where: str) -> date:
    """1924, 1924-08 or 1924-08-02, a day that was (not 1924-02-30)."""
    parts = str(value).split("-")
    try:
        if len(parts) > 3:
            raise ValueError(value)
        numbers = [int(p) for p in parts] + [1] * (3 - len(parts))
        return date(*numbers)
    except (ValueError, TypeError) as error:
        raise ChronologyError(where, f"date {value!r} is not a day of the calendar written "
                             "YYYY, YYYY-MM or YYYY-MM-DD") from error  # fmt: skip


def last_day(value, where: str) -> date:
    """The last day a date written as precisely as the sources allow can mean: 1943 is 31
    December 1943, 1924-08 is 31 August 1924."""
    first = parse_date(value, where)
    precision = len(str(value).split("-"))
    if precision == 1:
        return date(first.year, 12, 31)
    if precision == 2:
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return first


class DataLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml when present
    """YAML's safe loader, with dates left as text: parse_date reads them, and names the line of
    one that is not a date (YAML's own reading of 1924-02-30 fails without a line)."""


DataLoader.add_constructor("tag:yaml.org,2002:timestamp", DataLoader.construct_yaml_str)


def load_events(path: Path) -> list[Event]:
    """The events of the data file, checked: every field present, dates real and in order.
    Anything wrong stops the build with the file and line."""
    text = path.read_text(encoding="utf-8")
    try:
        loader = DataLoader(text)
        root = loader.get_single_node()
        data = loader.construct_document(root) if root else []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ChronologyError(where, f"not valid YAML: {error}") from error
    if not isinstance(data, list):
        raise ChronologyError(f"{path}:1", "expected a list of events")
    events = []
    for item, node in zip(data, root.value, strict=True):
        line = node.start_mark.line + 1
        where = f"{path}:{line}"
        if not isinstance(item, dict):
            raise ChronologyError(where, f"an event is a set of fields ({', '.join(REQUIRED)}), "
                                 f"not {type(item).__name__} {item!r}")  # fmt: skip
        missing = [key for key in REQUIRED if not item.get(key)]
        if missing:
            raise ChronologyError(where, f"event lacks {', '.join(missing)}")
        cites = item["sources"]
        if not isinstance(cites, list) or not all(isinstance(s, str) for s in cites):
            raise ChronologyError(where, "sources must be a list of citation keys")
        sources = [s.split("{", 1)[0].strip() for s in cites]  # "key{p. 16}": the key
        start = parse_date(item["date"], where)
        end = parse_date(item["end"], where) if item.get("end") else None
        if end and end < start:
            raise ChronologyError(where, "the event ends before it starts")
        if events and start < events[-1].start:
            raise ChronologyError(where, "events must be in date order")
        between = item.get("between")
        if between is not None:
            if not isinstance(between, list) or len(between) != 2:
                raise ChronologyError(where, f"between is the earliest and the latest date, [YYYY-MM, "
                                     f"YYYY-MM] for example, not {between!r}")  # fmt: skip
            earliest, latest = parse_date(between[0], where), last_day(between[1], where)
            if not earliest <= start <= latest:
                raise ChronologyError(where, f"the date {item['date']} is not between {between[0]} and "
                                     f"{between[1]}")  # fmt: skip
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
                tuple(s.strip() for s in cites),
                str(item["date"]),
                str(item["end"]) if item.get("end") else None,
                (str(between[0]), str(between[1])) if between is not None else None,
            )  # fmt: skip
        )
    return events


def chronology_path(env) -> Path:
    return Path(env.srcdir, env.config.book_chronology)


def read_events(directive: SphinxDirective) -> list[Event] | None:
    """The events, or None when the data file is wrong: then a warning names its file and line
    (an exception would end the build in Sphinx's crash report)."""
    path = chronology_path(directive.env)
    directive.env.note_dependency(str(path))
    try:
        return load_events(path)
    except ChronologyError as error:
        if directive.env.docname not in unread(directive.env):  # once a page (a table and a figure)
            logger.warning(error.message, location=error.where, type="booktools", subtype="chronology")
        unread(directive.env).add(directive.env.docname)
        return None


def unread(env) -> set[str]:
    """The pages whose chronology could not be read: what they would cite is unknown, so the
    evidence check (evidence.py) and the TEI's events leave them to the warning already given."""
    if not hasattr(env, "booktools_unread_chronology"):
        env.booktools_unread_chronology = set()
    return env.booktools_unread_chronology


def forget_page(app, env, docname):
    unread(env).discard(docname)


def merge_pages(app, env, docnames, other):
    unread(env).update(unread(other) & set(docnames))


# -- The table ------------------------------------------------------------------------------------


def table_markup(events: list[Event], caption: str) -> str:
    """The chronology as a MyST list-table, so citations are parsed like any other."""
    rows = []
    for e in events:
        cites = "{cite:p}`" + ",".join(e.cites or e.sources) + "`"
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
        events = read_events(self)
        if events is None:
            return []
        return self.parse_text_to_nodes(table_markup(events, self.arguments[0]))


# -- The figure -----------------------------------------------------------------------------------
#
# Two drawings of the same events, each laid out here and written as SVG (and the narrow one as
# TikZ too). A drawing's text scales with the drawing, so what matters for a reader is the size
# of a label once the drawing is fitted to the page:
#
# - the wide drawing, a horizontal axis with rows of labels above it, is WIDE_VIEW units wide
#   whatever the data (the axis gives way to labels that would run past it), so at 600 px, the
#   narrowest figure that shows it (booktools.css), its 17-unit labels are 11.3 px;
# - the narrow drawing, a vertical axis with a column of labels beside it, is drawn one unit to
#   the CSS pixel (14 px labels) and shrinks only on a figure narrower than itself: its labels
#   wrap, so that it is NARROW_VIEW units wide whatever the data, and they stay above 11 px down
#   to a 320 px screen. It is also the EPUB's drawing (reading systems' pages are narrow) and
#   the PDF's (an A5 page is 300 pt wide).

CHAR = 0.6  # average width of a character, in ems: generous (DejaVu Sans, a wide face, averages
# 0.52 on these labels, 0.64 on digits), so that no label runs out of its drawing

WIDE_FONT = 17.0  # the wide drawing's labels, in its units
WIDE_VIEW = 900.0  # its whole width: labels at least 11 px wherever it is 582 px wide or more
WIDE_LEFT = 25.0  # room left of the axis for the first year's number, centred under it
WIDE_RIGHT = 10.0
LANE = 24.0  # height of one row of labels
AXIS_GAP = 18.0  # between the axis and the first row of labels
PAD = 6.0  # space kept free between two labels in a row


def text_width(label: str, font: float) -> float:
    return len(label) * CHAR * font


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
    length: float  # the axis's length in units
    lanes: int

    def x_of_year(self, year: int) -> float:
        return (year - self.first) / (self.last - self.first) * self.length


def year_fraction(day: date) -> float:
    return day.year + (day.timetuple().tm_yday - 1) / 365.25


def year_range(events: list[Event]) -> tuple[int, int]:
    """From 1 January of the first event's year to 1 January after the last event ends."""
    return min(e.start.year for e in events), max((e.end or e.start).year for e in events) + 1


def layout(events: list[Event]) -> Layout:
    """The wide drawing: rows of labels above the axis, each label running right from its
    event's marker.

    The drawing's width is fixed (WIDE_VIEW), so that its labels' size on screen never depends
    on the data: the axis is as long as it can be with every label ending inside the drawing.

    Events are placed from the latest to the earliest, each in the lowest row where its label
    overlaps no other label and no leader line (the line from a marker up to its label) of a
    later event: so in a cluster of events the labels step down from left to right, and no
    line crosses a label.
    """
    first, last = year_range(events)
    canvas = WIDE_VIEW - WIDE_LEFT - WIDE_RIGHT

    def share(day):
        return (year_fraction(day) - first) / (last - first)

    room = [  # how long the axis may be for this label to end inside the drawing
        (canvas - PAD - text_width(e.label, WIDE_FONT)) / share(e.start)
        for e in events
        if share(e.start) > 0
    ]  # fmt: skip
    length = min([canvas, *room])
    rows: list[list[tuple[float, float]]] = []
    leaders: list[tuple[float, int]] = []
    placed = []
    for e in sorted(events, key=lambda e: e.start, reverse=True):
        x = share(e.start) * length
        span = (x, x + text_width(e.label, WIDE_FONT))
        lane = 1 + max((row for x0, row in leaders if span[0] - PAD <= x0 <= span[1] + PAD), default=-1)
        while lane < len(rows) and any(not (b + PAD <= span[0] or span[1] + PAD <= a) for a, b in rows[lane]):
            lane += 1
        rows.extend([] for _ in range(lane + 1 - len(rows)))
        rows[lane].append(span)
        leaders.append((x, lane))
        placed.append(Placed(x, share(e.end) * length if e.end else None, lane, e.label))
    return Layout(placed[::-1], first, last, length, len(rows))


def tick_years(first: int, last: int) -> list[int]:
    """Every fifth year, and the first unless a fifth year is too close to it."""
    step = 5 if last - first > 15 else 1
    years = [y for y in range(first, last + 1) if y % step == 0]
    return years if years and years[0] - first < step / 2 else [first, *years]


NARROW_FONT = 14.0  # the narrow drawing's labels, in its units (CSS pixels at its own size)
LINE_CHARS = 30  # a longer label is set on two lines or more, so the drawing's width is fixed
LINE = 16.0  # from one line of a label to its next
ROW = 19.0  # from the last line of a label to the first of the next
YEAR_X = 38.0  # the years' numbers end here, left of the axis
AXIS_X = 46.0
LABEL_X = 74.0  # where the column of labels starts
TOP = 14.0  # above the axis's first year, room for its number
NARROW_VIEW = LABEL_X + LINE_CHARS * CHAR * NARROW_FONT + 2  # 328: 11.6 px labels on a 320 px phone


@dataclass(frozen=True)
class Row:
    """An event in the narrow drawing: its marker on the axis (a bar if it lasted), and the
    baselines of its label's lines in the column, which may lie a little off the marker."""

    y: float
    y_end: float | None
    baselines: tuple[float, ...]
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Column:
    rows: list[Row]
    first: int
    last: int
    length: float  # the axis's length, downwards from TOP
    top: int  # the drawing's extent: from top ...
    height: int  # ... this far down
    width: int

    def y_of_year(self, year: int) -> float:
        return TOP + (year - self.first) / (self.last - self.first) * self.length


def spread(wanted: list[float], gaps: list[float]) -> list[float]:
    """Positions as near the wanted ones as can be (least squares), in the same order, each at
    least its gap below the one before: each cluster of labels centred on its events rather than
    pushed down below them. Less the sum of the gaps before it, a position never decreases, and
    the closest such sequence is found by pooling adjacent violators (isotonic regression)."""
    offsets = [sum(gaps[:i]) for i in range(len(wanted))]
    blocks: list[list[float]] = []  # [sum, count] of each run of labels set at their least gaps
    for y, offset in zip(wanted, offsets, strict=True):
        blocks.append([y - offset, 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    shifted = [total / count for total, count in blocks for _ in range(count)]
    return [z + offset for z, offset in zip(shifted, offsets, strict=True)]


def wrap(label: str) -> tuple[str, ...]:
    """A label in as few lines of at most LINE_CHARS as it needs, of lengths as even as can be
    ("Pestkovsky presents / credentials" rather than a last line of one short word)."""
    count = len(textwrap.wrap(label, LINE_CHARS, break_long_words=False))
    for width in range(-(-len(label) // count), LINE_CHARS + 1):
        lines = textwrap.wrap(label, width, break_long_words=False)
        if len(lines) == count:
            return tuple(lines)
    return tuple(textwrap.wrap(label, LINE_CHARS, break_long_words=False))


def column(events: list[Event]) -> Column:
    """The narrow drawing: time runs down a vertical axis, and the labels stand in one column to
    its right, one below the other, each joined to its marker by a leader line. The axis is long
    enough for every label to have room of its own, so that a label seldom lies far from its
    marker; the first line of a label is level with its marker wherever there is room."""
    first, last = year_range(events)
    lines = [wrap(e.label) for e in events]
    length = ROW * len(events) + LINE * sum(len(ls) - 1 for ls in lines) + 4 * ROW

    def y_of(day):
        return TOP + (year_fraction(day) - first) / (last - first) * length

    middle = NARROW_FONT * 0.35  # from a label's baseline up to the middle of its small letters
    gaps = [ROW + LINE * (len(ls) - 1) for ls in lines]
    firsts = spread([y_of(e.start) + middle for e in events], gaps)
    rows = [
        Row(y_of(e.start), y_of(e.end) if e.end else None, tuple(b + LINE * i for i in range(len(ls))), ls)
        for e, b, ls in zip(events, firsts, lines, strict=True)
    ]  # fmt: skip
    top = math.floor(min(0.0, firsts[0] - NARROW_FONT - 4))
    bottom = math.ceil(max(TOP + length + 10, rows[-1].baselines[-1] + 6))
    longest = max(len(line) for ls in lines for line in ls)  # a single word may be longer than a line
    width = math.ceil(max(NARROW_VIEW, LABEL_X + longest * CHAR * NARROW_FONT + 2))
    return Column(rows, first, last, length, top, bottom - top, width)


def svg_root(view: tuple[float, float, float, float], font: float, title: str, ident: str, paper: bool,
             classes: str, size: bool = False) -> list[str]:  # fmt: skip
    """A drawing's opening: in the page's colour (currentColor, which follows dark mode), or, on
    paper, dark on its own light ground (an image file cannot follow the page's colours, and a
    reader's night mode would draw black on black). With ``size``, its width and height in CSS
    pixels are its units: drawn at that size unless the page is narrower."""
    x, y, w, h = (f"{v:.0f}" for v in view)
    ink = "#1a1a1a" if paper else "currentColor"
    dimensions = f'width="{w}" height="{h}" ' if size else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{classes}" role="img" '
        f'aria-labelledby="{ident}" viewBox="{x} {y} {w} {h}" {dimensions}'
        f'font-size="{font:.0f}" fill="{ink}" stroke="{ink}">',
        f'<title id="{ident}">{html_escape(title)}</title>',
    ]
    if paper:
        parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="#ffffff" stroke="none"/>')
    return parts


def render_wide_svg(events: list[Event], title: str, paper: bool = False) -> str:
    """The wide drawing as SVG, as wide as the figure."""
    lay = layout(events)
    height = AXIS_GAP + LANE * lay.lanes + 40
    axis = height - 30
    view = (-WIDE_LEFT, 0, WIDE_VIEW, height)
    parts = svg_root(view, WIDE_FONT, title, "timeline-title", paper, "timeline timeline-wide")
    parts.append(f'<line x1="0" y1="{axis}" x2="{lay.length:.1f}" y2="{axis}" stroke-width="1.5"/>')
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


def leader(row: Row) -> list[tuple[float, float]]:
    """From the marker right along its date, then across to the middle of its label."""
    level = row.baselines[0] - NARROW_FONT * 0.35
    return [(AXIS_X, row.y), (AXIS_X + 10, row.y), (LABEL_X - 8, level), (LABEL_X - 3, level)]


def render_narrow_svg(events: list[Event], title: str, paper: bool = False) -> str:
    """The narrow drawing as SVG, at its own size in CSS pixels unless the figure is narrower."""
    col = column(events)
    view = (0, col.top, col.width, col.height)
    parts = svg_root(view, NARROW_FONT, title, "timeline-title-narrow", paper, "timeline timeline-narrow",
                     size=True)  # fmt: skip
    axis = f'x1="{AXIS_X:.0f}" y1="{TOP:.0f}" x2="{AXIS_X:.0f}" y2="{TOP + col.length:.1f}"'
    parts.append(f'<line {axis} stroke-width="1.5"/>')
    for year in tick_years(col.first, col.last):
        y = col.y_of_year(year)
        parts += [
            f'<line x1="{AXIS_X - 5:.0f}" y1="{y:.1f}" x2="{AXIS_X:.0f}" y2="{y:.1f}"/>',
            f'<text x="{YEAR_X:.0f}" y="{y + 5:.1f}" text-anchor="end" stroke="none">{year}</text>',
        ]
    for r in col.rows:
        if r.y_end is not None:
            parts.append(
                f'<rect x="{AXIS_X - 4:.0f}" y="{r.y:.1f}" width="8" height="{max(r.y_end - r.y, 2):.1f}" '
                f'opacity="0.45" stroke="none"/>'
            )
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in leader(r))
        tspans = "".join(  # one text a label, one tspan a line: a label is one string for any reader
            f'<tspan x="{LABEL_X:.0f}" y="{b:.1f}">{html_escape(line)}</tspan>'
            for b, line in zip(r.baselines, r.lines, strict=True)
        )
        parts += [
            f'<polyline points="{points}" fill="none" stroke-width="0.6"/>',
            f'<circle cx="{AXIS_X:.0f}" cy="{r.y:.1f}" r="3.5" stroke="none"/>',
            f'<text stroke="none">{tspans}</text>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)


PDF_FONT = 8.5  # the PDF's labels, in points: the narrow drawing at this size is about 210 pt wide


def render_tikz(events: list[Event]) -> str:
    """The narrow drawing in TikZ, set in the book's fonts: on an A5 page the wide one's labels
    would be too small to read or would run into each other. One unit is as much of a point as
    makes its labels PDF_FONT; should the column still be wider than the text, it is scaled down
    to the text width (never up)."""
    col = column(events)
    unit = f"{PDF_FONT / NARROW_FONT:.4f}pt"
    font = rf"\fontsize{{{PDF_FONT}}}{{{PDF_FONT + 1.5}}}\selectfont"
    lines = [
        r"\resizebox{\ifdim\width>\linewidth\linewidth\else\width\fi}{!}{%",
        rf"\begin{{tikzpicture}}[x={unit}, y=-{unit}, font={font}]",
        rf"\draw[line width=0.8pt] ({AXIS_X:.0f},{TOP:.0f}) -- ({AXIS_X:.0f},{TOP + col.length:.1f});",
    ]
    for year in tick_years(col.first, col.last):
        y = col.y_of_year(year)
        lines.append(
            rf"\draw ({AXIS_X - 5:.0f},{y:.1f}) -- ({AXIS_X:.0f},{y:.1f}) "
            rf"node[pos=0, anchor=east, inner sep=2pt] {{{year}}};"
        )
    for r in col.rows:
        if r.y_end is not None:
            end = max(r.y_end, r.y + 2)
            corners = rf"({AXIS_X - 4:.0f},{r.y:.1f}) rectangle ({AXIS_X + 4:.0f},{end:.1f})"
            lines.append(rf"\fill[black!45] {corners};")
        points = " -- ".join(f"({x:.1f},{y:.1f})" for x, y in leader(r))
        lines += [
            rf"\draw[line width=0.3pt, black!60] {points};",
            rf"\fill ({AXIS_X:.0f},{r.y:.1f}) circle[radius=3.5];",
        ]
        lines += [
            rf"\node[anchor=base west, inner sep=0pt] at ({LABEL_X:.0f},{b:.1f}) {{{tex_escape(line)}}};"
            for b, line in zip(r.baselines, r.lines, strict=True)
        ]
    lines.append(r"\end{tikzpicture}}")
    return "\n".join(lines)


class timeline(nodes.General, nodes.Element):
    """The drawing itself; its figure and caption are ordinary docutils nodes."""


def visit_timeline_html(self, node):
    events, title = node["events"], node["title"]
    if self.builder.name.startswith("epub"):
        # EPUB wants inline SVG declared in its manifest, which Sphinx does not do: an image file
        # needs no declaration. It is drawn on its own paper, so that night mode cannot hide it,
        # and it is the narrow drawing alone: a reading system's page is narrow, and one that
        # ignored a media query would show two drawings.
        images = Path(self.builder.outdir, "_images")
        images.mkdir(exist_ok=True)
        (images / "timeline.svg").write_text(render_narrow_svg(events, title, paper=True), encoding="utf-8")
        alt = html_escape(title, quote=True)
        self.body.append(f'<img src="{self.builder.imgpath}/timeline.svg" alt="{alt}" class="timeline"/>')
    else:
        # Both drawings, inline so that they take the page's colours; the style sheet shows the
        # one that the figure's width lets be read (booktools.css), and hides the other from
        # screen readers too. Without the style sheet both show, each readable.
        self.body.append(render_wide_svg(events, title) + "\n" + render_narrow_svg(events, title))
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
        events = read_events(self)
        # Unread, the figure keeps its caption and its label, undrawn (the build fails on the
        # warning): each reference to it is not a second error.
        drawing = [timeline(events=events, title=caption)] if events is not None else []
        figure = nodes.figure("", *drawing, classes=["timeline-figure"])
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
    app.connect("env-purge-doc", forget_page)
    app.connect("env-merge-info", merge_pages)
    app.add_directive("timeline", TimelineDirective)
    app.add_latex_package("tikz")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
