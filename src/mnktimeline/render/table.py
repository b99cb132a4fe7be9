"""Rich tables for the terminal. Store text is wrapped in ``Text``, never parsed as markup."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from rich.cells import cell_len, chop_cells
from rich.console import Console, RenderableType
from rich.text import Text

from ..model import Actor, Event, Place, Source, SourceRef, Store
from ..relations import Relations
from ..textsafety import inert
from . import Options
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
        console.print(item)
    out = console.file
    assert isinstance(out, io.StringIO)
    yield out.getvalue()


def _t(text: str, style: str = "") -> Text:
    return Text(inert(text), style=style)


def _lines(items: Sequence[str]) -> Text:
    return Text("\n".join(inert(i) for i in items))


def events(evs: Sequence[Event], store: Store, *, opts: Options, **_: Any) -> Iterator[str]:
    """Yield the chronology as three columns: date over category, title over id, actors.

    The layout is done here and drawn as one rich ``Text``, which is several times faster
    than a rich ``Table`` of a few hundred cells: the table view is what people run many
    times a day, and its start-up is most of its cost (benchmarks/RESULTS.md). Widths:
    the date column fits the widest date or category; the event column takes three fifths
    of the rest but at least the longest id (up to 45), so that ids print whole for
    `timeline show`; actors wrap in what remains. Widths count terminal cells, so wide
    (CJK) letters line up.
    """
    dates = [inert(when(ev)) for ev in evs]
    date_w, event_w, actors_w = _widths(evs, dates, opts.width)
    out = Text(no_wrap=True, overflow="ignore", end="")
    _line(
        out,
        [
            ("Date, category", "bold", date_w),
            ("Event", "bold", event_w),
            ("Actors", "bold", actors_w),
        ],
    )
    out.append("─" * (date_w + event_w + actors_w + 4) + "\n")
    for ev, date_text in zip(evs, dates, strict=True):
        left = [(date_text, "cyan"), (ev.category, "magenta")]
        middle = [(line, "bold") for line in _wrap(inert(ev.title), event_w)]
        middle += [(line, "dim") for line in _wrap(inert(ev.id), event_w)]
        names = ", ".join(store.actors[a].name for a in ev.actors)
        right = [(line, "") for line in _wrap(inert(names), actors_w)]
        _row(out, [left, middle, right], [date_w, event_w, actors_w])
    out.append(f"{len(evs)} event{'s' if len(evs) != 1 else ''}\n", style="dim")
    return _render(opts, out)


def _widths(evs: Sequence[Event], dates: Sequence[str], width: int) -> tuple[int, int, int]:
    """Return the widths of the date, event and actors columns (see ``events``)."""
    date_w = max([cell_len(d) for d in dates] + [len(ev.category) for ev in evs] + [14])
    rest = max(width - date_w - 4, 24)
    longest_id = min(max((len(ev.id) for ev in evs), default=10), 45)
    longest = max([cell_len(inert(ev.title)) for ev in evs] + [longest_id])
    event_w = min(max(rest * 3 // 5, longest_id), longest, rest - 12)
    return date_w, event_w, rest - event_w


def _row(out: Text, columns: Sequence[Sequence[tuple[str, str]]], widths: Sequence[int]) -> None:
    """Append one row: each column a list of (line, style), side by side."""
    for i in range(max(len(c) for c in columns)):
        _line(
            out,
            [
                (*(column[i] if i < len(column) else ("", "")), w)
                for column, w in zip(columns, widths, strict=True)
            ],
        )


def _line(out: Text, cells: Sequence[tuple[str, str, int]]) -> None:
    """Append one line of (text, style, width) cells, each padded, two spaces apart."""
    for i, (text, style, width) in enumerate(cells):
        if i:
            out.append("  ")
        out.append(text, style=style or None)
        if i < len(cells) - 1:
            out.append(" " * (width - cell_len(text)))
    out.append("\n")


def _wrap(text: str, width: int) -> list[str]:
    """Return ``text`` wrapped at spaces into lines of at most ``width`` cells; a word
    longer than a line (an id, a URL) is cut across lines rather than lost."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        if not word:
            continue
        if cell_len(word) > width:
            if line:
                lines.append(line)
            *full, word = chop_cells(word, width)
            lines.extend(full)
            line = word
        elif not line:
            line = word
        elif cell_len(line) + 1 + cell_len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line or not lines:
        lines.append(line)
    return lines


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
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
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
    for i, ref in enumerate(ev.sources):
        grid.add_row("Sources" if i == 0 else "", _citation(store, ref))
    for i, note in enumerate(ev.notes):
        text = _t(f"{note.kind}: ", "italic")
        text.append(inert(note.text))
        if note.sources:
            text.append(f"  [{'; '.join(note.sources)}]", style="dim")
        grid.add_row("Notes" if i == 0 else "", text)
    head = _t(ev.title, "bold")
    head.append(f"\n{ev.id}", style="dim")
    return _render(opts, head, grid)


def _citation(store: Store, ref: SourceRef) -> Text:
    """Return one source of an event: title (publisher, date, locator), URL, quotation."""
    source = store.sources[ref.source]
    text = _t(source.title)
    published = source.published.human() if source.published else None
    extra = ", ".join(x for x in (source.publisher, published, ref.locator) if x)
    if extra:
        text.append(f" ({inert(extra)})")
    if source.url:
        text.append("\n" + inert(source.url), style="dim")
    if ref.quote:
        text.append(f"\n“{inert(ref.quote)}”", style="italic")
    return text


def _listing(opts: Options, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> Iterator[str]:
    """Yield a table of records: a bold first column, an "Also known as" column that
    takes the room left, the id last and dim."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    for i, name in enumerate(columns):
        # fold, not rich's default ellipsis: a long word (a pasted URL, escaped control
        # characters) is shown whole over several lines rather than cut short.
        table.add_column(
            name,
            style="bold" if i == 0 else ("dim" if name == "Id" else None),
            overflow="fold" if i == 0 or name == "Also known as" else "ellipsis",
            ratio=1 if name == "Also known as" else None,
            justify="right" if name == "Events" else "left",
        )
    for row in rows:
        table.add_row(*(_t(cell) for cell in row))
    return _render(opts, table)


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
    return _listing(opts, ("Tag", "Events"), ((tag, str(n)) for tag, n in rows))


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


def sources(rows: Sequence[tuple[Source, int]], *, opts: Options, **_: Any) -> Iterator[str]:
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("Source", ratio=3, overflow="fold")
    table.add_column("Published", no_wrap=True)
    table.add_column("Events", justify="right")
    for s, n in rows:
        text = _t(s.title, "bold")
        if s.author or s.publisher:
            text.append("\n" + inert(", ".join(x for x in (s.author, s.publisher) if x)))
        if s.url:
            text.append("\n" + inert(s.url), style="dim")
        text.append("\n" + s.id, style="dim")
        table.add_row(text, _t(s.published.human() if s.published else "–"), str(n))
    caption = Text(f"{len(rows)} source{'s' if len(rows) != 1 else ''}", style="dim")
    return _render(opts, table, caption)
