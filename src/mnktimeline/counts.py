"""Counts over a store: events per actor, per year, decade, category, actor, country or
place (``timeline stats``), and the bibliography with the events each source supports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from .citing import reference_key
from .errors import UsageError
from .model import Actor, Event, Place, Source, Store
from .names import fold


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


def bibliography(store: Store) -> list[tuple[Source, int]]:
    """Return every source with the number of events citing it (in an event or its notes),
    in the order of a reference list, as its entries are shown: by author, else
    publisher, else title, then year and title (``citing.reference_key``)."""
    counts: Counter[str] = Counter()
    for ev in store.events:
        cited = {ref.source for ref in ev.sources}
        cited.update(s for note in ev.notes for s in note.sources)
        counts.update(cited)
    return [(src, counts[src.id]) for src in sorted(store.sources.values(), key=reference_key)]


# What `timeline stats --by` counts. Time keys run in order with gaps as zeros; the others
# are ranked by count.
COUNT_KEYS = ("year", "decade", "category", "actor", "country", "place")
TIME_KEYS = frozenset({"year", "decade"})


def count_key(text: str) -> str:
    """Return the key ``text`` names (any case); UsageError listing the keys if none."""
    key = text.strip().casefold()
    if key not in COUNT_KEYS:
        raise UsageError(
            f"'{text}' is not something to count by; use one of: {', '.join(COUNT_KEYS)}"
        )
    return key


def count_by(
    store: Store, events: Sequence[Event], key: str, *, newest_first: bool = False
) -> list[tuple[str, int]]:
    """Return ``(key, count)`` rows for ``events``; an event counts at most once per row.

    ``year`` and ``decade``: an event counts once in every year (decade) its span overlaps,
    so the counts may add up to more than the number of events. The rows run from the
    first key to the last, with 0 for the years in between that have no event, oldest
    first (newest first with ``newest_first``). Keys look like "2014" and "2010s".

    ``category``, ``actor`` (names), ``country`` (the ISO codes of the actors taking part)
    and ``place``: only keys that occur, most events first, ties in alphabetical order;
    an event without actors or places adds to no row. Raises ValueError for another key.
    """
    if key not in COUNT_KEYS:
        raise ValueError(f"cannot count by '{key}'; use one of: {', '.join(COUNT_KEYS)}")
    if key in TIME_KEYS:
        rows = _count_time(events, 10 if key == "decade" else 1)
        return rows[::-1] if newest_first else rows
    keys = _KEYS[key]
    counts: Counter[str] = Counter()
    for ev in events:
        counts.update(keys(store, ev))
    return sorted(counts.items(), key=lambda row: (-row[1], fold(row[0]), row[0]))


def _count_time(events: Sequence[Event], width: int) -> list[tuple[str, int]]:
    """Return the rows of years (``width`` 1) or decades (10), gaps as 0, oldest first."""
    per: Counter[int] = Counter()
    for ev in events:
        per.update(range(ev.date.start.year // width, ev.date.end.year // width + 1))
    if not per:
        return []
    suffix = "s" if width == 10 else ""
    return [(f"{slot * width}{suffix}", per[slot]) for slot in range(min(per), max(per) + 1)]


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
}
