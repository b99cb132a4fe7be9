"""CSV for spreadsheets: UTF-8, RFC 4180 quoting, list fields joined by "; "."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

from ..model import Actor, Event, Source, Store

EVENT_COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "title",
    "summary",
    "category",
    "tags",
    "actors",
    "places",
    "sources",
    "notes",
)
ACTOR_COLUMNS = ("id", "name", "aliases", "kind", "country", "offices", "events")


def cell(text: str) -> str:
    """Return text safe for a spreadsheet: a leading = + - @ would start a formula."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _rows(header: Sequence[str], rows: Iterator[Sequence[str]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell(v) for v in row])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def _source_cell(ev: Event) -> str:
    return "; ".join(f"{r.source} ({r.locator})" if r.locator else r.source for r in ev.sources)


def events(evs: Sequence[Event], store: Store, **_: Any) -> Iterator[str]:
    return _rows(
        EVENT_COLUMNS,
        (
            (
                ev.id,
                ev.date.text,
                ev.date.start.isoformat(),
                ev.date.end.isoformat(),
                ev.title,
                ev.summary,
                ev.category,
                "; ".join(ev.tags),
                "; ".join(store.actors[a].name for a in ev.actors),
                "; ".join(ev.places),
                _source_cell(ev),
                " | ".join(f"{n.text} [{'; '.join(n.sources)}]" for n in ev.notes),
            )
            for ev in evs
        ),
    )


def actors(rows: Sequence[tuple[Actor, int]], **_: Any) -> Iterator[str]:
    return _rows(
        ACTOR_COLUMNS,
        (
            (
                a.id,
                a.name,
                "; ".join(a.aliases),
                a.kind,
                a.country or "",
                "; ".join(f"{o.title} ({o.date.text})" if o.date else o.title for o in a.offices),
                str(n),
            )
            for a, n in rows
        ),
    )


SOURCE_COLUMNS = ("id", "title", "author", "publisher", "published", "url", "events")


def sources(rows: Sequence[tuple[Source, int]], **_: Any) -> Iterator[str]:
    return _rows(
        SOURCE_COLUMNS,
        (
            (
                s.id,
                s.title,
                s.author or "",
                s.publisher or "",
                s.published.text if s.published else "",
                s.url or "",
                str(n),
            )
            for s, n in rows
        ),
    )
