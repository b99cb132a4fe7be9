"""Select events from a loaded store: queries are values, selection is pure.

Nothing here prints or mutates. The CLI turns options into a ``Query`` (resolving
actor and country names first) and hands the result of ``select`` to a renderer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import NamedTuple

from .dates import date_bounds
from .errors import UsageError
from .model import CATEGORIES, Event, Store, category_named, order_key
from .names import fold, resolve_actor, resolve_country, resolve_place


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
    disputed: bool = False  # only events with a note of kind "disagreement"
    limit: int | None = None  # the first N of the order
    reverse: bool = False  # newest first
    place_groups: tuple[frozenset[str], ...] = ()  # each group: the event names one of these
    uncertain: bool = False  # only events with a note of kind "uncertainty"


Test = Callable[[Event], bool]


def tests(store: Store, query: Query) -> list[Test]:
    """Return the tests an event must pass to be kept by ``query``, cheapest first."""
    out = _time_tests(query)
    if query.categories:
        out.append(lambda ev: ev.category in query.categories)
    if query.disputed:
        out.append(lambda ev: ev.noted("disagreement"))
    if query.uncertain:
        out.append(lambda ev: ev.noted("uncertainty"))
    if query.tags:
        tags = {t.casefold() for t in query.tags}
        out.append(lambda ev: tags <= {t.casefold() for t in ev.tags})
    out.extend(_takes_part(group) for group in query.actor_groups)
    out.extend(_is_at(group) for group in query.place_groups)
    if query.country is not None:
        of_country = {a.id for a in store.actors.values() if a.country == query.country}
        out.append(lambda ev: not of_country.isdisjoint(ev.actors))
    if query.text:
        words = fold(query.text).split()
        out.append(lambda ev: all(w in search_text(store, ev) for w in words))
    return out


def _time_tests(query: Query) -> list[Test]:
    out: list[Test] = []
    since, until = query.since, query.until
    if since is not None:
        out.append(lambda ev: ev.date.end >= since)
    if until is not None:
        out.append(lambda ev: ev.date.start <= until)
    return out


def _takes_part(group: frozenset[str]) -> Test:
    return lambda ev: not group.isdisjoint(ev.actors)


def _is_at(group: frozenset[str]) -> Test:
    return lambda ev: any(ref.place in group for ref in ev.places)


def select(store: Store, query: Query) -> list[Event]:
    """Return the events of ``store`` that ``query`` keeps, in the query's order.

    Oldest first by start, end and id; ``reverse`` gives newest first; ``limit`` keeps
    the first N of that order. The store is not changed.
    """
    overlapping = getattr(store.events, "overlapping", None)  # a large store's index of dates
    if overlapping is not None and (query.since is not None or query.until is not None):
        kept: list[Event] = overlapping(query.since, query.until)
    else:
        kept = list(store.events)
    for check in tests(store, query):  # one pass per test, each in C but for the test itself
        kept = list(filter(check, kept))
    kept.sort(key=order_key, reverse=query.reverse)
    if query.limit is not None:
        kept = kept[: query.limit]
    return kept


def search_text(store: Store, ev: Event) -> str:
    """Return what --search looks in: title, summary, actor names and places, folded.

    The HTML export's search box uses it too, so both find the same events."""
    names = [store.actors[a].name for a in ev.actors if a in store.actors]
    places = [store.places[p.place].name for p in ev.places if p.place in store.places]
    return fold(" ".join([ev.title, ev.summary, *names, *places]))


class Criteria(NamedTuple):
    """What a user asked for, checked but not yet matched against a store: dates read,
    categories known, names still as typed (``resolve`` turns them into ids)."""

    since: date | None = None
    until: date | None = None
    actors: tuple[str, ...] = ()  # names, each must take part
    categories: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    country: str | None = None
    text: str | None = None
    disputed: bool = False
    limit: int | None = None
    reverse: bool = False
    places: tuple[str, ...] = ()  # names, each must be named by the event
    uncertain: bool = False


def criteria(
    *,
    since: str | None = None,
    until: str | None = None,
    on: str | None = None,
    actors: Sequence[str] = (),
    categories: Sequence[str] = (),
    tags: Sequence[str] = (),
    country: str | None = None,
    text: str | None = None,
    disputed: bool = False,
    limit: int | None = None,
    reverse: bool = False,
    places: Sequence[str] = (),
    uncertain: bool = False,
) -> Criteria:
    """Return the criteria of a user's filters, checking all that needs no store.

    Raises DateError (a usage error) for a date that cannot be read or a range that
    holds no day, and UsageError for an unknown category or a negative limit.
    """
    lo, hi = date_bounds(since, until, on)
    known = []
    for name in categories:
        category = category_named(name)
        if category is None:
            raise UsageError(
                f"'{name.strip().casefold()}' is not a category; use one of: {', '.join(CATEGORIES)}"
            )
        known.append(category)
    if limit is not None and limit < 0:
        raise UsageError(f"--limit {limit} is negative; give 0 or more")
    return Criteria(
        lo,
        hi,
        tuple(actors),
        frozenset(known),
        frozenset(tags),
        country,
        text,
        disputed,
        limit,
        reverse,
        tuple(places),
        uncertain,
    )


def resolve(
    store: Store, wanted: Criteria, fixed: frozenset[str] | None = None
) -> tuple[Query, list[str]]:
    """Return the query of ``wanted`` in ``store``, and notes on names that fitted several
    actors. ``fixed`` is a group of actor ids that must take part (``timeline actor``).

    Raises UnknownName for an actor or country the store does not know.
    """
    groups = [fixed] if fixed else []
    notes = []
    for name in wanted.actors:
        match = resolve_actor(store, name)
        groups.append(match.ids)
        if (note := match.note()) is not None:
            notes.append(note)
    code = resolve_country(store, wanted.country) if wanted.country is not None else None
    places = tuple(resolve_place(store, name).ids for name in wanted.places)
    query = Query(
        since=wanted.since,
        until=wanted.until,
        actor_groups=tuple(groups),
        categories=wanted.categories,
        tags=wanted.tags,
        country=code,
        text=wanted.text,
        disputed=wanted.disputed,
        limit=wanted.limit,
        reverse=wanted.reverse,
        place_groups=places,
        uncertain=wanted.uncertain,
    )
    return query, notes
