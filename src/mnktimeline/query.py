"""Select events from a loaded store: queries are values, selection is pure.

Nothing here prints or mutates. The CLI turns options into a ``Query`` (resolving
actor and country names first) and hands the result of ``select`` to a renderer.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from .model import Actor, Event, Source, Store


class Query(NamedTuple):
    """Which events to keep and in what order. Every field narrows; defaults keep all.

    An immutable value (a NamedTuple rather than a frozen dataclass: same guarantees,
    without importing dataclasses on every start).
    """

    since: date | None = None  # keep spans ending on or after this day
    until: date | None = None  # keep spans starting on or before this day
    actor_groups: tuple[frozenset[str], ...] = ()  # each group: any of these ids takes part
    categories: frozenset[str] = frozenset()  # any of these
    tags: frozenset[str] = frozenset()  # all of these
    country: str | None = None  # ISO 3166-1 alpha-3 of some actor taking part
    text: str | None = None  # every word in title, summary, actor names or places
    disputed: bool = False  # only events with notes on disagreement
    limit: int | None = None  # the first N of the order
    reverse: bool = False  # newest first


class UnknownName(LookupError):
    """A name that fits nothing; ``suggestions`` are the closest names."""

    def __init__(self, message: str, suggestions: list[str]) -> None:
        super().__init__(message)
        self.suggestions = suggestions


def fold(text: str) -> str:
    """Return ``text`` for matching: no case, no diacritics, punctuation as spaces.

    "Ukhnaagiin Khürelsükh" and "ukhnaagiin khurelsukh" fold alike, as do
    "Ri Yong-ho" and "ri yong ho".
    """
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        ch if ch.isalnum() else " " for ch in decomposed if not unicodedata.combining(ch)
    )
    return " ".join(kept.casefold().split())


def order_key(event: Event) -> tuple[date, date, str]:
    """Return the sort key of the chronology: start, then end, then id."""
    return (event.date.start, event.date.end, event.id)


def select(store: Store, query: Query) -> list[Event]:
    """Return the events of ``store`` that ``query`` keeps, in the query's order.

    Oldest first by start, end and id; ``reverse`` gives newest first; ``limit`` keeps
    the first N of that order. The store is not changed.
    """
    words = fold(query.text).split() if query.text else []
    tags = {t.casefold() for t in query.tags}
    kept = []
    for ev in store.events:
        span = ev.date
        if query.since is not None and span.end < query.since:
            continue
        if query.until is not None and span.start > query.until:
            continue
        if query.categories and ev.category not in query.categories:
            continue
        if tags and not tags <= {t.casefold() for t in ev.tags}:
            continue
        if query.actor_groups and not all(
            group.intersection(ev.actors) for group in query.actor_groups
        ):
            continue
        if query.country is not None and not any(
            (a := store.actors.get(ref)) is not None and a.country == query.country
            for ref in ev.actors
        ):
            continue
        if query.disputed and not ev.notes:
            continue
        if words:
            haystack = search_text(store, ev)
            if not all(w in haystack for w in words):
                continue
        kept.append(ev)
    kept.sort(key=order_key, reverse=query.reverse)
    if query.limit is not None:
        kept = kept[: query.limit]
    return kept


def search_text(store: Store, ev: Event) -> str:
    """Return what --search looks in: title, summary, actor names and places, folded.

    The HTML export's search box uses it too, so both find the same events."""
    names = [store.actors[a].name for a in ev.actors if a in store.actors]
    return fold(" ".join([ev.title, ev.summary, *names, *ev.places]))


class ActorMatch(NamedTuple):
    """The actors a name stands for; ``exact`` is False when it fitted by word or prefix."""

    name: str
    actors: tuple[Actor, ...]
    exact: bool

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.actors)


def _names(actor: Actor) -> list[str]:
    return [actor.id, actor.name, *actor.aliases]


def resolve_actor(store: Store, name: str) -> ActorMatch:
    """Return the actors that ``name`` stands for, ignoring case and diacritics.

    An id, name or alias equal to ``name`` wins; failing that, every actor with a name
    or alias containing ``name`` as whole words ("Kim"), then as the start of a word
    ("Elbeg"). Raises UnknownName with the closest names when nothing fits.
    """
    query = fold(name)
    if not query:
        raise UnknownName(f"the actor name '{name}' is empty", [])
    tiers: list[list[Actor]] = [[], [], []]
    for actor in store.actors.values():
        folded = [fold(n) for n in _names(actor)]
        if query in folded:
            tiers[0].append(actor)
        elif any(f" {query} " in f" {f} " for f in folded):
            tiers[1].append(actor)
        elif any(f" {query}" in f" {f}" for f in folded):
            tiers[2].append(actor)
    for rank, found in enumerate(tiers):
        if found:
            return ActorMatch(name, tuple(found), exact=rank == 0)
    suggestions = _closest_names(
        query, {n: a.name for a in store.actors.values() for n in _names(a)}
    )
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise UnknownName(
        f"no actor is called '{name}'{hint} ('timeline actors' lists them all)", suggestions
    )


def resolve_country(store: Store, text: str) -> str:
    """Return the ISO 3166-1 alpha-3 code for a code or a state's name ("Japan", "DPRK").

    Raises UnknownName with the closest names when no actor has that country.
    """
    codes = {a.country for a in store.actors.values() if a.country}
    if text.upper() in codes:
        return text.upper()
    query = fold(text)
    for actor in store.actors.values():
        if actor.kind == "state" and actor.country and query in {fold(n) for n in _names(actor)}:
            return actor.country
    states = {n: a.name for a in store.actors.values() if a.kind == "state" for n in _names(a)}
    suggestions = _closest_names(query, states)
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise UnknownName(
        f"no country '{text}' in the store{hint} (use a code such as {', '.join(sorted(codes)[:4])})",
        suggestions,
    )


def _closest_names(query: str, names: dict[str, str]) -> list[str]:
    """Return up to three display names whose spellings (keys) are closest to ``query``."""
    import difflib

    by_fold: dict[str, str] = {}
    for spelling, display in names.items():
        by_fold.setdefault(fold(spelling), display)
    close = difflib.get_close_matches(query, list(by_fold), n=10, cutoff=0.6)
    return list(dict.fromkeys(by_fold[c] for c in close))[:3]


def event_counts(store: Store) -> Counter[str]:
    """Return how many events each actor id takes part in."""
    counts: Counter[str] = Counter()
    for ev in store.events:
        counts.update(set(ev.actors))
    return counts


def bibliography(store: Store) -> list[tuple[Source, int]]:
    """Return every source with the number of events citing it (in an event or its notes),
    ordered as a reference list: by author, else publisher, else title, then date."""
    counts: Counter[str] = Counter()
    for ev in store.events:
        cited = {ref.source for ref in ev.sources}
        cited.update(s for note in ev.notes for s in note.sources)
        counts.update(cited)

    def key(src: Source) -> tuple[str, str, str]:
        lead = src.author or src.publisher or src.title
        return (fold(lead.strip("[")), src.published.text if src.published else "", src.id)

    return [(src, counts[src.id]) for src in sorted(store.sources.values(), key=key)]


# What `timeline stats --by` counts. Time keys run in order with gaps as zeros; the others
# are ranked by count.
COUNT_KEYS = ("year", "decade", "category", "actor", "country", "place")
TIME_KEYS = frozenset({"year", "decade"})


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
        width = 10 if key == "decade" else 1
        per: Counter[int] = Counter()
        for ev in events:
            first, last = ev.date.start.year // width, ev.date.end.year // width
            per.update(range(first, last + 1))
        if not per:
            return []
        suffix = "s" if key == "decade" else ""
        slots = range(min(per), max(per) + 1)
        rows = [(f"{slot * width}{suffix}", per[slot]) for slot in slots]
        return rows[::-1] if newest_first else rows
    counts: Counter[str] = Counter()
    for ev in events:
        if key == "category":
            counts[ev.category] += 1
        elif key == "actor":
            counts.update({store.actors[a].name for a in ev.actors if a in store.actors})
        elif key == "country":
            counts.update(
                {c for a in ev.actors if a in store.actors and (c := store.actors[a].country)}
            )
        else:
            counts.update(set(ev.places))
    return sorted(counts.items(), key=lambda row: (-row[1], fold(row[0]), row[0]))
