"""Rich tables for the terminal. Store text is wrapped in ``Text``, never parsed as markup."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rich.cells import cell_len
from rich.console import Console, RenderableType
from rich.text import Text

from ..model import Actor, Event, Place, Source, SourceRef, Store
from ..relations import Relations
from ..textsafety import inert
from . import Options
from .chronology import events
from .chronology import line as _line
from .chronology import row as _row
from .chronology import wrap as _wrap
from .words import RELATION_WORDS, place_names, when


def _console(opts: Options) -> Console:
    return Console(
        file=io.StringIO(),
        width=opts.width,
        force_terminal=opts.color,
        no_color=not opts.color,
        color_system="standard" if opts.color else None,  # bold, dim and 8 colours
        markup=False,
        emoji=False,
        highlight=False,
    )


def _render(opts: Options, *items: RenderableType) -> Iterator[str]:
    console = _console(opts)
    for item in items:
        # A Text laid out here is printed as it is: rich would wrap an unbroken URL.
        console.print(item, soft_wrap=isinstance(item, Text) and item.no_wrap is True)
    out = console.file
    assert isinstance(out, io.StringIO)
    yield out.getvalue()


def _t(text: str, style: str = "") -> Text:
    return Text(inert(text), style=style)


def _lines(items: Sequence[str]) -> Text:
    return Text("\n".join(inert(i) for i in items))


def profile(actors: Sequence[Actor], *, opts: Options, **_: Any) -> Iterator[str]:
    """Yield a short profile of each actor: full name, kind, country, aliases, offices."""
    items: list[RenderableType] = []
    for a in actors:
        head = _t(a.name, "bold")
        head.append(f"  {a.kind}" + (f", {a.country}" if a.country else ""), style="dim")
        items.append(head)
        if a.aliases:
            items.append(_t("also: " + "; ".join(a.aliases), "dim"))
        for office in a.offices:
            when = f" ({office.date.human()})" if office.date else ""
            items.append(_t(f"• {office.title}{when}"))
    return _render(opts, *items)


def actor(
    evs: Sequence[Event], store: Store, *, actors: Sequence[Actor], opts: Options, **_: Any
) -> Iterator[str]:
    """Yield the profile of the actors a name stands for, then their events, if any."""
    yield from profile(actors, opts=opts)
    if evs:
        yield "\n"
        yield from events(evs, store, opts=opts)


def event(ev: Event, store: Store, *, opts: Options, **_: Any) -> Iterator[str]:
    grid = _grid()
    grid.add_row("Date", _t(f"{when(ev)}  ({ev.date.text})"))
    grid.add_row("Category", _t(ev.category))
    if ev.tags:
        grid.add_row("Tags", _t(", ".join(ev.tags)))
    if ev.actors:
        grid.add_row(
            "Actors",
            _lines([f"{store.actors[a].name} ({store.actors[a].kind})" for a in ev.actors]),
        )
    if ev.places:
        grid.add_row("Places", _t(", ".join(place_names(store, ev))))
    if ev.series:
        grid.add_row("Series", _t(ev.series))
    for i, rel in enumerate(Relations(store).of(ev)):
        text = _t(f"{RELATION_WORDS[rel.relation]}: {rel.event.title}")
        text.append(f"  {rel.event.id}", style="dim")
        grid.add_row("Related" if i == 0 else "", text)
    grid.add_row("Summary", _t(ev.summary))
    sources = _sources(store, ev.sources, opts.width)
    notes = _grid()
    for i, note in enumerate(ev.notes):
        text = _t(f"{note.kind}: ", "italic")
        text.append(inert(note.text))
        if note.sources:
            text.append(f"  [{'; '.join(note.sources)}]", style="dim")
        notes.add_row("Notes" if i == 0 else "", text)
    head = _t(ev.title, "bold")
    head.append(f"\n{ev.id}", style="dim")
    return _render(opts, head, grid, sources, notes)


_LABEL = 8  # the width of the labels of `show`, "Category" the longest


def _grid() -> Any:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True, min_width=_LABEL)
    grid.add_column(overflow="fold")
    return grid


def url_text(url: str, style: str = "dim") -> Text:
    """Return a URL as one unbroken run of text, a hyperlink (OSC 8) where colour is on;
    a URL holding anything ``inert`` escapes is shown escaped and not linked."""
    from rich.style import Style

    shown = inert(url)
    link = shown if shown == url and url.startswith(("http://", "https://")) else None
    return Text(shown, style=Style.parse(style) + Style(link=link))


def _sources(store: Store, refs: Sequence[SourceRef], width: int) -> Text:
    """Return the sources of an event, under the label "Sources": title (publisher,
    date, locator) and quotation wrapped, the URL on a line of its own, never wrapped, so
    that it can be clicked and copied whole."""
    out = Text(no_wrap=True, overflow="ignore", end="")
    room = max(width - _LABEL - 2, 20)
    for i, ref in enumerate(refs):
        source = store.sources[ref.source]
        published = source.published.human() if source.published else None
        extra = ", ".join(x for x in (source.publisher, published, ref.locator) if x)
        title = inert(source.title) + (f" ({inert(extra)})" if extra else "")
        lines: list[str | Text] = list(_wrap(title, room))
        if source.url:
            lines.append(url_text(source.url))
        if ref.quote:
            lines += [Text(line, "italic") for line in _wrap(f"“{inert(ref.quote)}”", room)]
        for j, line in enumerate(lines):
            out.append(("Sources" if i == 0 and j == 0 else "").ljust(_LABEL + 2), "bold")
            out.append(line)
            out.append("\n")
    return out


# Complexity 17 by radon, most of it the conditions inside its comprehensions: the
# widths, then the head, then the rows, one sequence that reads best whole.
def _listing(
    opts: Options, columns: Sequence[str], rows: Iterable[Sequence[str]], *, ids: bool = True
) -> Iterator[str]:
    """Yield a table of records: a bold first column, an "Also known as" column that
    takes the room left, and under each record its id (the last of ``columns``), dim, on
    a line of its own: never cut or broken, since other commands take it. Without
    ``ids``, every column is shown side by side."""
    cells = [[inert(cell) for cell in row] for row in rows]
    heads = list(columns[:-1] if ids else columns)
    flexible = heads.index("Also known as") if "Also known as" in heads else None
    widths = [
        max([len(head)] + [cell_len(row[i]) for row in cells]) for i, head in enumerate(heads)
    ]
    widths[0] = min(widths[0], 28, max(12, opts.width // 4 - 1))
    if flexible is not None:
        fixed = sum(w for i, w in enumerate(widths) if i != flexible) + 2 * (len(heads) - 1)
        widths[flexible] = max(opts.width - fixed, 12)
    out = Text(no_wrap=True, overflow="ignore", end="")
    _line(out, [(head, "bold", w) for head, w in zip(heads, widths, strict=True)])
    out.append("─" * min(sum(widths) + 2 * (len(heads) - 1), opts.width) + "\n")
    for row in cells:
        lines = [
            [(line, "bold" if i == 0 else "") for line in _wrap(cell, widths[i])]
            if head not in ("Events",)
            else [(cell.rjust(widths[i]), "")]
            for i, (head, cell) in enumerate(zip(heads, row, strict=False))
        ]
        _row(out, lines, widths)
        if ids:
            out.append(row[-1] + "\n", style="dim")
    return _render(opts, out)


def actors(rows: Sequence[tuple[Actor, int]], *, opts: Options, **_: Any) -> Iterator[str]:
    return _listing(
        opts,
        ("Name", "Kind", "Country", "Events", "Also known as", "Id"),
        ((a.name, a.kind, a.country or "", str(n), "; ".join(a.aliases), a.id) for a, n in rows),
    )


def places(rows: Sequence[tuple[Place, int]], *, opts: Options, **_: Any) -> Iterator[str]:
    return _listing(
        opts,
        ("Name", "Kind", "Country", "Events", "Also known as", "Within", "Id"),
        (
            (
                p.name,
                p.kind or "",
                p.country or "",
                str(n),
                "; ".join(p.aliases),
                p.within or "",
                p.id,
            )
            for p, n in rows
        ),
    )


def tags(rows: Sequence[tuple[str, int]], *, opts: Options, **_: Any) -> Iterator[str]:
    return _listing(opts, ("Tag", "Events"), ((tag, str(n)) for tag, n in rows), ids=False)


_EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(count: int, most: int, width: int) -> str:
    """Return a bar of block characters, ``width`` cells long for ``most``, in eighths.

    Any count above zero gets at least a sliver, so a small count is never mistaken for none.
    """
    if count <= 0 or most <= 0 or width <= 0:
        return ""
    eighths = max(1, round(count / most * width * 8))
    full, part = divmod(eighths, 8)
    return "█" * full + (_EIGHTHS[part] if part else "")


def stats(
    rows: Sequence[tuple[str, int]], *, by: str, total: int, opts: Options, **_: Any
) -> Iterator[str]:
    """Yield a table of counts with a bar for each row, and the number of events below it."""
    from rich import box
    from rich.table import Table

    widest = max([len(by), *(cell_len(inert(k)) for k, _ in rows)])
    key_width = min(widest, max(8, opts.width // 3))
    most = max((n for _, n in rows), default=0)
    count_width = max(len("Events"), len(str(most)))
    # Three cells between columns (padding, rule, padding); the bar takes the rest.
    bar_width = max(4, opts.width - key_width - count_width - 6)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1))
    table.add_column(by.capitalize(), style="bold", overflow="fold", max_width=key_width)
    table.add_column("Events", justify="right", width=count_width, no_wrap=True)
    table.add_column("", width=bar_width, no_wrap=True, overflow="crop", style="blue")
    for key, count in rows:
        table.add_row(_t(key), str(count), bar(count, most, bar_width))
    note = f"{total} event{'s' if total != 1 else ''}"
    if by in ("year", "decade"):
        note += f"; an event that spans several {by}s counts in each of them"
    return _render(opts, table, Text(note, style="dim"))


# Complexity 17 by radon: each part of an entry is optional (author, publisher, URL), and
# each is one short branch of the one loop that draws the list.
def sources(rows: Sequence[tuple[Source, int]], *, opts: Options, **_: Any) -> Iterator[str]:
    """Yield the bibliography: title, author and publisher wrapped in the first column,
    then the URL and the id, each on a line of its own and never wrapped (nothing stands
    to their right), so that they can be clicked and copied whole; the date and the
    number of events beside the title."""
    dates = [s.published.human() if s.published else "–" for s, _ in rows]
    date_w = max([cell_len(d) for d in dates] + [len("Published")])
    count_w = max([len(str(n)) for _, n in rows] + [len("Events")])
    source_w = max(opts.width - date_w - count_w - 4, 20)
    out = Text(no_wrap=True, overflow="ignore", end="")
    heads = [("Source", source_w), ("Published", date_w), ("Events".rjust(count_w), count_w)]
    _line(out, [(name, "bold", w) for name, w in heads])
    out.append("─" * (source_w + date_w + count_w + 4) + "\n")
    for (s, n), date in zip(rows, dates, strict=True):
        lines = [(line, "bold") for line in _wrap(inert(s.title), source_w)]
        if s.author or s.publisher:
            who = inert(", ".join(x for x in (s.author, s.publisher) if x))
            lines += [(line, "") for line in _wrap(who, source_w)]
        for i, (line, style) in enumerate(lines):
            if i == 0:
                _line(
                    out,
                    [
                        (line, style, source_w),
                        (date, "", date_w),
                        (str(n).rjust(count_w), "", count_w),
                    ],
                )
            else:
                _line(out, [(line, style, source_w)])
        if s.url:
            out.append_text(url_text(s.url))
            out.append("\n")
        out.append(inert(s.id) + "\n", style="dim")
    out.append(f"{len(rows)} source{'s' if len(rows) != 1 else ''}\n", style="dim")
    return _render(opts, out)
