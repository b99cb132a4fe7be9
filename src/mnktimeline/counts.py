"""Counts over a store: events per actor, place and tag, per year, decade, category,
actor, country, place or tag (``timeline stats``), and the bibliography with the events
each source supports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date

from .citing import reference_key
from .errors import UsageError
from .model import Actor, Event, Place, Source, Store
from .names import fold


def tag_rows(store: Store) -> list[tuple[str, int]]:
    """Return every tag of the store with the number of events that have it, by name."""
    counts: Counter[str] = Counter()
    for ev in store.events:
        counts.update(set(ev.tags))
    return sorted(counts.items(), key=lambda row: (fold(row[0]), row[0]))


def place_rows(store: Store) -> list[tuple[Place, int]]:
    """Return every place with the number of events that name it, by name."""
    counts: Counter[str] = Counter()
    for ev in store.events:
        counts.update({p.place for p in ev.places})
    return sorted(
        ((p, counts[p.id]) for p in store.places.values()), key=lambda row: fold(row[0].name)
    )


def actor_rows(store: Store) -> list[tuple[Actor, int]]:
    """Return every actor with the number of events it takes part in, by kind then name."""
    counts = event_counts(store)
    return sorted(
        ((a, counts[a.id]) for a in store.actors.values()),
        key=lambda row: (row[0].kind, row[0].name.casefold()),
    )


def event_counts(store: Store) -> Counter[str]:
    """Return how many events each actor id takes part in."""
    counts: Counter[str] = Counter()
    for ev in store.events:
        counts.update(set(ev.actors))
    return counts


def bibliography(store: Store, events: Sequence[Event] | None = None) -> list[tuple[Source, int]]:
    """Return the sources with the number of ``events`` citing each (in an event or its
    notes), in the order of a reference list, as its entries are shown: by author, else
    publisher, else title, then year and title (``citing.reference_key``).

    Without ``events``, every source of the store, those no event cites among them;
    with them, the sources they cite.
    """
    counts: Counter[str] = Counter()
    for ev in store.events if events is None else events:
        cited = {ref.source for ref in ev.sources}
        cited.update(s for note in ev.notes for s in note.sources)
        counts.update(cited)
    chosen = store.sources.values() if events is None else [store.sources[i] for i in counts]
    return [(src, counts[src.id]) for src in sorted(chosen, key=reference_key)]


# What `timeline stats --by` counts. Time keys run in order with gaps as zeros; the others
# are ranked by count.
COUNT_KEYS = ("year", "decade", "category", "actor", "country", "place", "tag")
TIME_KEYS = frozenset({"year", "decade"})


def count_key(text: str) -> str:
    """Return the key ``text`` names (any case); UsageError listing the keys if none."""
    key = text.strip().casefold()
    if key not in COUNT_KEYS:
        raise UsageError(
            f"'{text}' is not something to count by; use one of: {', '.join(COUNT_KEYS)}"
        )
    return key


def check_top(top: int | None, limit: int | None) -> None:
    """Refuse what would count the wrong thing: a negative --top, and --limit, which keeps
    the first N events, where the first N rows were meant (UsageError)."""
    if top is not None and top < 1:
        raise UsageError(f"--top {top} keeps no row; give 1 or more")
    if limit is not None:
        raise UsageError(
            f"--limit {limit} would count only the first {limit} events; "
            f"use --top {limit} for the {limit} largest rows"
        )


def count_by(
    store: Store,
    events: Sequence[Event],
    key: str,
    *,
    newest_first: bool = False,
    since: date | None = None,
    until: date | None = None,
    top: int | None = None,
) -> list[tuple[str, int]]:
    """Return ``(key, count)`` rows for ``events``; an event counts at most once per row.

    ``year`` and ``decade``: an event counts once in every year (decade) its span overlaps,
    so the counts may add up to more than the number of events. The rows run from the
    year (decade) of ``since`` to that of ``until``, or from the first key and to the last
    where one is not given, with 0 for those without events, oldest first (newest first
    with ``newest_first``); no row lies outside ``since`` and ``until``. Keys look like
    "2014" and "2010s".

    ``category``, ``actor`` (names), ``country`` (the ISO codes of the actors taking part),
    ``place`` and ``tag``: only keys that occur, most events first, ties in alphabetical
    order; an event without actors, places or tags adds to no row.

    ``top`` keeps the N rows with the most events, most first (ties: the earlier year, or
    the alphabetical order). Raises ValueError for another key.
    """
    if key not in COUNT_KEYS:
        raise ValueError(f"cannot count by '{key}'; use one of: {', '.join(COUNT_KEYS)}")
    if key in TIME_KEYS:
        rows = _count_time(events, 10 if key == "decade" else 1, since, until)
        if top is not None:
            return sorted(rows, key=lambda row: -row[1])[:top]  # stable: earlier first
        return rows[::-1] if newest_first else rows
    keys = _KEYS[key]
    counts: Counter[str] = Counter()
    for ev in events:
        counts.update(keys(store, ev))
    ranked = sorted(counts.items(), key=lambda row: (-row[1], fold(row[0]), row[0]))
    return ranked[:top] if top is not None else ranked


def _count_time(
    events: Sequence[Event], width: int, since: date | None, until: date | None
) -> list[tuple[str, int]]:
    """Return the rows of years (``width`` 1) or decades (10), gaps as 0, oldest first,
    from the slot of ``since`` (else the first event's) to that of ``until`` (else the
    last event's)."""
    per: Counter[int] = Counter()
    for ev in events:
        per.update(range(ev.date.start.year // width, ev.date.end.year // width + 1))
    lo = since.year // width if since is not None else min(per, default=None)
    hi = until.year // width if until is not None else max(per, default=None)
    lo = hi if lo is None else lo
    hi = lo if hi is None else hi
    if lo is None or hi is None:
        return []
    suffix = "s" if width == 10 else ""
    return [(f"{slot * width}{suffix}", per[slot]) for slot in range(lo, hi + 1)]


# The keys an event adds to, by what is counted; each at most once per event.
_KEYS: dict[str, Callable[[Store, Event], set[str]]] = {
    "category": lambda store, ev: {ev.category},
    "actor": lambda store, ev: {store.actors[a].name for a in ev.actors if a in store.actors},
    "country": lambda store, ev: {
        c for a in ev.actors if a in store.actors and (c := store.actors[a].country)
    },
    "place": lambda store, ev: {
        store.places[p.place].name for p in ev.places if p.place in store.places
    },
    "tag": lambda store, ev: set(ev.tags),
}
