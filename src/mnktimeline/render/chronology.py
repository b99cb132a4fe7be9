"""The chronology as a table for the terminal, and the column layout the other tables share.

``timeline list`` is what people run many times a day, and its start-up is most of its
cost (benchmarks/RESULTS.md). Its table is laid out here in terminal cells and drawn with
its own escape codes, as rich would draw it with colour on, without rich's console and
text, whose import and rendering were nearly a third of the table's start-up; only rich's
table of cell widths is used, so wide (CJK) letters line up as in the other tables. Store
text is made inert before it is laid out, never parsed as markup.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Protocol

from rich.cells import cell_len, chop_cells

from ..model import Event, Store
from ..textsafety import inert
from . import Options
from .words import when

# The styles the column tables use, as Select Graphic Rendition codes.
_SGR = {"bold": "1", "dim": "2", "italic": "3", "blue": "34", "magenta": "35", "cyan": "36"}


class Appendable(Protocol):
    """What a table is drawn into: ``Styled`` here, or a rich ``Text`` in table.py."""

    def append(self, text: str, style: str | None = None) -> Any: ...


class Styled:
    """Text with a style on each run, drawn with or without the escape codes of its
    styles (``draw``). The runs are appended as with rich's ``Text.append``."""

    def __init__(self) -> None:
        self._runs: list[tuple[str, str | None]] = []

    def append(self, text: str, style: str | None = None) -> Styled:
        self._runs.append((text, style or None))
        return self

    def draw(self, color: bool) -> str:
        """Return the text, each styled run between its codes and a reset where colour is
        on, and a line's end outside them, as rich writes it."""
        if not color:
            return "".join(text for text, _ in self._runs)
        out: list[str] = []
        for text, style in self._runs:
            if style is None:
                out.append(text)
                continue
            start = f"\x1b[{';'.join(_SGR[name] for name in style.split())}m"
            out.append(
                "\n".join(f"{start}{part}\x1b[0m" if part else "" for part in text.split("\n"))
            )
        return "".join(out)


def events(evs: Sequence[Event], store: Store, *, opts: Options, **_: Any) -> Iterator[str]:
    """Yield the chronology as three columns: date over category, title over id, actors.

    Widths: the date column fits the widest date or category; the event column takes
    three fifths of the rest but at least the longest id (up to 45), so that ids print
    whole for `timeline show`; actors wrap in what remains. Widths count terminal cells.
    """
    dates = [inert(when(ev)) for ev in evs]
    date_w, event_w, actors_w = _widths(evs, dates, opts.width)
    out = Styled()
    line(
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
        middle = [(text, "bold") for text in wrap(inert(ev.title), event_w)]
        ident = inert(ev.id)
        if cell_len(ident) <= event_w:
            middle.append((ident, "dim"))
        names = ", ".join(store.actors[a].name for a in ev.actors)
        right = [(text, "") for text in wrap(inert(names), actors_w)]
        row(out, [left, middle, right], [date_w, event_w, actors_w])
        if cell_len(ident) > event_w:
            # Never cut: an id is copied into `timeline show`. Under its title when it
            # fits the width there, else from the first column.
            indent = date_w + 2 if date_w + 2 + cell_len(ident) <= opts.width else 0
            out.append(" " * indent)
            out.append(ident + "\n", style="dim")
    out.append(f"{len(evs)} event{'s' if len(evs) != 1 else ''}\n", style="dim")
    yield out.draw(opts.color) + "\n"  # a blank line after the count, as after every table


def _widths(evs: Sequence[Event], dates: Sequence[str], width: int) -> tuple[int, int, int]:
    """Return the widths of the date, event and actors columns (see ``events``)."""
    date_w = max([cell_len(d) for d in dates] + [len(ev.category) for ev in evs] + [14])
    rest = max(width - date_w - 4, 24)
    longest_id = min(max((len(ev.id) for ev in evs), default=10), 45)
    longest = max([cell_len(inert(ev.title)) for ev in evs] + [longest_id])
    event_w = min(max(rest * 3 // 5, longest_id), longest, rest - 12)
    return date_w, event_w, rest - event_w


def row(
    out: Appendable, columns: Sequence[Sequence[tuple[str, str]]], widths: Sequence[int]
) -> None:
    """Append one row: each column a list of (line, style), side by side."""
    for i in range(max(len(c) for c in columns)):
        line(
            out,
            [
                (*(column[i] if i < len(column) else ("", "")), w)
                for column, w in zip(columns, widths, strict=True)
            ],
        )


def line(out: Appendable, cells: Sequence[tuple[str, str, int]]) -> None:
    """Append one line of (text, style, width) cells, each padded, two spaces apart."""
    last = max((i for i, (text, _, _) in enumerate(cells) if text), default=0)
    for i, (text, style, width) in enumerate(cells[: last + 1]):
        if i:
            out.append("  ")
        out.append(text, style=style or None)
        if i < last:
            out.append(" " * (width - cell_len(text)))
    out.append("\n")


def wrap(text: str, width: int) -> list[str]:
    """Return ``text`` wrapped at spaces into lines of at most ``width`` cells; a word
    longer than a line (an id, a URL) is cut across lines rather than lost."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if not word:
            continue
        if cell_len(word) > width:
            if current:
                lines.append(current)
            *full, word = chop_cells(word, width)
            lines.extend(full)
            current = word
        elif not current:
            current = word
        elif cell_len(current) + 1 + cell_len(word) <= width:
            current += " " + word
        else:
            lines.append(current)
            current = word
    if current or not lines:
        lines.append(current)
    return lines
