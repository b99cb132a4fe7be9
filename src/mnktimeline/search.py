"""What ``--search`` looks in, and which events hold a query (the rule is in textmatch).

An event's fields are its title, summary, tags, category and series; the name and every
alias of each actor taking part; and the name and aliases of each place it names and of
every place that one lies within (an event at Rajin is an event in Rason). ``index`` is
an event's fields as stems, which the HTML page embeds; ``matching`` finds the events
that hold every term without stemming every word of a large store, and gives the same
answer as ``contains`` over ``index`` (tests/test_textmatch.py holds it to that).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import compress, count, filterfalse
from operator import attrgetter, not_

from .model import Actor, Event, Store
from .textmatch import Term, holds, scan, words


def own_fields(ev: Event) -> list[str]:
    """Return the event's own searchable texts: title, summary, tags, category, series."""
    return [ev.title, ev.summary, *ev.tags, ev.category, *([ev.series] if ev.series else [])]


def actor_fields(actor: Actor) -> list[str]:
    """Return an actor's name and every alias, in every script."""
    return [actor.name, *actor.aliases]


def place_fields(store: Store, place_id: str) -> list[str]:
    """Return the name and aliases of a place and of every place it lies within."""
    out: list[str] = []
    seen: set[str] = set()
    current: str | None = place_id
    while current is not None and current in store.places and current not in seen:
        seen.add(current)
        place = store.places[current]
        out += [place.name, *place.aliases]
        current = place.within
    return out


def fields(store: Store, ev: Event) -> list[str]:
    """Return every text of the event that ``--search`` looks in, one field each."""
    out = own_fields(ev)
    for actor_id in ev.actors:
        if actor_id in store.actors:
            out += actor_fields(store.actors[actor_id])
    for ref in ev.places:
        out += place_fields(store, ref.place)
    return out


def index(store: Store, ev: Event) -> str:
    """Return the event's fields as stems, a space between words and " | " between
    fields: what ``textmatch.contains`` and the page's search box test a query against."""
    return " | ".join(" ".join(words(text)) for text in fields(store, ev))


def matching(store: Store, events: Sequence[Event], query: Sequence[Term]) -> list[Event]:
    """Return the events that hold every term of ``query`` in one of their fields, in
    the order given.

    Tags, categories, series, actors and places are tested first, once per distinct
    value; the titles and summaries of the events they leave are then searched by a
    regular expression per term (``scan``), the title first.
    """
    kept = list(events)
    labels = {t for ev in kept for t in ev.tags} | {ev.category for ev in kept}
    labels |= {ev.series for ev in kept if ev.series}
    for term in query:
        if not kept:
            break
        hits = _by_value(store, kept, {text for text in labels if holds([text], term)}, term)
        for text in (_TITLE, _SUMMARY):
            if not hits:
                hits = scan(list(map(text, kept)), term)
                continue
            rest = list(filterfalse(hits.__contains__, range(len(kept))))
            hits.update(
                map(rest.__getitem__, scan(list(map(text, map(kept.__getitem__, rest))), term))
            )
        kept = [ev for i, ev in enumerate(kept) if i in hits]
    return kept


_TITLE, _SUMMARY = attrgetter("title"), attrgetter("summary")


_TAGS, _CATEGORY, _SERIES, _ACTORS = (
    attrgetter("tags"),
    attrgetter("category"),
    attrgetter("series"),
    attrgetter("actors"),
)


def _place(ref: object) -> str:
    """Return the id of a place an event names: a large store's search reads a plain
    venue as its id alone (``structs.Events.searchable``)."""
    return ref if isinstance(ref, str) else ref.place  # type: ignore[attr-defined]


def _by_value(store: Store, events: list[Event], labels: set[str], term: Term) -> set[int]:
    """Return the positions of the events whose tags, category or series are among
    ``labels``, or whose actors or places hold ``term``. Each test but that of places is
    a loop in C (``map``), with no Python code run per event."""
    actors = {a.id for a in store.actors.values() if holds(actor_fields(a), term)}
    places = {p for p in store.places if holds(place_fields(store, p), term)}
    found: set[int] = set()

    def keep(flags: Iterable[object]) -> None:
        found.update(compress(count(), flags))

    if labels:
        keep(map(labels.__contains__, map(_CATEGORY, events)))
        keep(map(labels.__contains__, map(_SERIES, events)))
        keep(map(not_, map(labels.isdisjoint, map(_TAGS, events))))
    if actors:
        keep(map(not_, map(actors.isdisjoint, map(_ACTORS, events))))
    if places:
        keep(any(_place(ref) in places for ref in ev.places) for ev in events)
    return found
