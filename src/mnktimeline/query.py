"""Select events from a loaded store: queries are values, selection is pure.

Nothing here prints or mutates. The CLI turns options into ``Criteria`` (checked before
any store is read), ``resolve`` makes them a ``Query`` of ids in a store, and ``select``
keeps the events; ``find`` does all three and adds the notes a person should read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from .dates import date_bounds
from .errors import UsageError
from .model import CATEGORIES, Event, Store, category_named, order_key
from .record import Record

if TYPE_CHECKING:
    from .textmatch import Term


class Query(Record):
    """Which events to keep and in what order. Every field narrows; defaults keep all.

    An immutable value (a NamedTuple rather than a frozen dataclass: same guarantees,
    without importing dataclasses on every start).
    """

    since: date | None = None  # keep spans ending on or after this day
    until: date | None = None  # keep spans starting on or before this day
    actor_groups: tuple[frozenset[str], ...] = ()  # each group: any of these ids takes part
    categories: frozenset[str] = frozenset()  # any of these
    tag_groups: tuple[frozenset[str], ...] = ()  # each group: the spellings of one tag
    countries: frozenset[str] = frozenset()  # ISO 3166-1 alpha-3: some actor of any of them
    search: tuple[Term, ...] = ()  # every term in a field (search.py, textmatch.py)
    disputed: bool = False  # only events with a note of kind "disagreement"
    limit: int | None = None  # the first N of the order
    reverse: bool = False  # newest first
    place_groups: tuple[frozenset[str], ...] = ()  # each group: the event names one of these
    uncertain: bool = False  # only events with a note of kind "uncertainty"
    within: bool = False  # spans wholly inside since..until, rather than overlapping it


Test = Callable[[Event], bool]


def tests(store: Store, query: Query) -> list[Test]:
    """Return the tests an event must pass to be kept by ``query``, cheapest first
    (the search, the dearest, is not among them: ``select`` runs it last)."""
    out = _time_tests(query)
    if query.categories:
        out.append(lambda ev: ev.category in query.categories)
    if query.disputed:
        out.append(lambda ev: ev.noted("disagreement"))
    if query.uncertain:
        out.append(lambda ev: ev.noted("uncertainty"))
    out.extend(_has_tag(group) for group in query.tag_groups)
    out.extend(_takes_part(group) for group in query.actor_groups)
    out.extend(_is_at(group) for group in query.place_groups)
    if query.countries:
        of_country = {a.id for a in store.actors.values() if a.country in query.countries}
        out.append(lambda ev: not of_country.isdisjoint(ev.actors))
    return out


def _time_tests(query: Query) -> list[Test]:
    out: list[Test] = []
    since, until = query.since, query.until
    if since is not None:
        if query.within:
            out.append(lambda ev: ev.date.start >= since)
        else:
            out.append(lambda ev: ev.date.end >= since)
    if until is not None:
        if query.within:
            out.append(lambda ev: ev.date.end <= until)
        else:
            out.append(lambda ev: ev.date.start <= until)
    return out


def _has_tag(group: frozenset[str]) -> Test:
    return lambda ev: not group.isdisjoint(ev.tags)


def _takes_part(group: frozenset[str]) -> Test:
    return lambda ev: not group.isdisjoint(ev.actors)


def _is_at(group: frozenset[str]) -> Test:
    return lambda ev: any(ref.place in group for ref in ev.places)


def select(store: Store, query: Query) -> list[Event]:
    """Return the events of ``store`` that ``query`` keeps, in the query's order.

    Oldest first by start, end and id; ``reverse`` gives newest first; ``limit`` keeps
    the first N of that order. The store is not changed.
    """
    checks = tests(store, query)
    large: Any = store.events  # a large store's events, decoded when asked for
    if query.search and hasattr(large, "searchable") and len(checks) == len(_time_tests(query)):
        from .search import matching  # only a search needs it

        # Dates and the search alone: the search reads only the fields it looks in, and
        # only the events it keeps are decoded in full.
        where = large.positions(query.since, query.until, query.within)
        found: list[Any] = matching(store, large.searchable(where), query.search)
        kept: list[Event] = large.at([f.position for f in found])
    else:
        if hasattr(large, "overlapping") and (query.since is not None or query.until is not None):
            kept = large.overlapping(query.since, query.until)
        else:
            kept = list(store.events)
        for check in checks:  # one pass per test, each in C but for the test itself
            kept = list(filter(check, kept))
        if query.search:
            from .search import matching  # only a search needs it

            kept = matching(store, kept, query.search)
    kept.sort(key=order_key, reverse=query.reverse)
    if query.limit is not None:
        kept = kept[: query.limit]
    return kept


def beyond(query: Query, events: list[Event]) -> int:
    """Return how many of ``events`` run past the query's dates (kept because they
    overlap them); 0 with ``within`` or without dates."""
    if query.within or (query.since is None and query.until is None):
        return 0
    lo, hi = query.since or date.min, query.until or date.max
    return sum(ev.date.start < lo or ev.date.end > hi for ev in events)


class Criteria(Record):
    """What a user asked for, checked but not yet matched against a store: dates read,
    categories known, the search cut into terms, names still as typed (``resolve`` turns
    them into ids)."""

    since: date | None = None
    until: date | None = None
    actors: tuple[str, ...] = ()  # names, each must take part
    categories: frozenset[str] = frozenset()
    tags: tuple[str, ...] = ()  # as typed, each must be on the event
    countries: tuple[str, ...] = ()  # codes or names, any of them
    search: tuple[Term, ...] = ()
    disputed: bool = False
    limit: int | None = None
    reverse: bool = False
    places: tuple[str, ...] = ()  # names, each must be named by the event
    uncertain: bool = False
    within: bool = False

    @property
    def narrows(self) -> bool:
        """Whether these criteria can leave an event out (--reverse alone cannot)."""
        return self._replace(reverse=False) != Criteria()


def _category(name: str) -> str:
    """Return the category ``name`` names (in any case); UsageError if none."""
    category = category_named(name)
    if category is None:
        from .suggest import did_you_mean

        folded = name.strip().casefold()
        raise UsageError(
            f"'{folded}' is not a category{did_you_mean(folded, CATEGORIES)} "
            f"(use one of: {', '.join(CATEGORIES)})"
        )
    return category


# The options that name records of the store: an empty name is a mistake of usage, told
# before any store is read (the store would only say that nothing has that name).
_WHAT_TO_GIVE = {
    "--actor": "a name or alias ('timeline actors' lists them)",
    "--tag": "a tag ('timeline tags' lists them)",
    "--country": "a code such as MNG, or a country's name",
    "--place": "a place's name or alias ('timeline places' lists them)",
}


def criteria(
    *,
    since: str | None = None,
    until: str | None = None,
    on: str | None = None,
    actors: Sequence[str] = (),
    categories: Sequence[str] = (),
    tags: Sequence[str] = (),
    countries: Sequence[str] = (),
    text: str | None = None,
    disputed: bool = False,
    limit: int | None = None,
    reverse: bool = False,
    places: Sequence[str] = (),
    uncertain: bool = False,
    within: bool = False,
) -> Criteria:
    """Return the criteria of a user's filters, checking all that needs no store.

    Raises DateError (a usage error) for a date that cannot be read or a range that
    holds no day, and UsageError for an unknown category, an empty name, a negative
    limit, a search with no word in it, or ``within`` without dates.
    """
    lo, hi = date_bounds(since, until, on)
    known = [_category(name) for name in categories]
    named = {"--actor": actors, "--tag": tags, "--country": countries, "--place": places}
    for option, values in named.items():
        for value in values:
            if not value.strip():
                raise UsageError(f"{option} '{value}' is empty; give {_WHAT_TO_GIVE[option]}")
    if limit is not None and limit < 0:
        raise UsageError(f"--limit {limit} is negative; give 0 or more")
    if text is not None:
        from .textmatch import terms  # only a search needs it, as in select

        wanted = tuple(terms(text))
    else:
        wanted = ()
    if text is not None and not wanted:
        raise UsageError(f"--search '{text}' holds no word to look for; give letters or digits")
    if within and lo is None and hi is None:
        raise UsageError(
            "--within keeps events wholly inside the dates of --since, --until or --on; "
            "give one of them"
        )
    return Criteria(
        since=lo,
        until=hi,
        actors=tuple(actors),
        categories=frozenset(known),
        tags=tuple(tags),
        countries=tuple(countries),
        search=wanted,
        disputed=disputed,
        limit=limit,
        reverse=reverse,
        places=tuple(places),
        uncertain=uncertain,
        within=within,
    )


def resolve(
    store: Store, wanted: Criteria, fixed: frozenset[str] | None = None
) -> tuple[Query, list[str]]:
    """Return the query of ``wanted`` in ``store``, and notes on names that fitted several
    actors. ``fixed`` is a group of actor ids that must take part (``timeline actor``).

    Raises UnknownName for an actor, country, place or tag the store does not know.
    """
    groups = [fixed] if fixed else []
    notes = []
    tag_groups: tuple[frozenset[str], ...] = ()
    countries: frozenset[str] = frozenset()
    place_groups: tuple[frozenset[str], ...] = ()
    if wanted.actors or wanted.tags or wanted.countries or wanted.places:
        # names.py and what it imports only where there are names to resolve
        from .names import resolve_actor, resolve_country, resolve_place, resolve_tag

        for name in wanted.actors:
            match = resolve_actor(store, name)
            groups.append(match.ids)
            if (note := match.note()) is not None:
                notes.append(note)
        tag_groups = tuple(resolve_tag(store, name) for name in wanted.tags)
        countries = frozenset(resolve_country(store, name) for name in wanted.countries)
        place_groups = tuple(resolve_place(store, name).ids for name in wanted.places)
    query = Query(
        since=wanted.since,
        until=wanted.until,
        actor_groups=tuple(groups),
        categories=wanted.categories,
        tag_groups=tag_groups,
        countries=countries,
        search=wanted.search,
        disputed=wanted.disputed,
        limit=wanted.limit,
        reverse=wanted.reverse,
        place_groups=place_groups,
        uncertain=wanted.uncertain,
        within=wanted.within,
    )
    return query, notes


class Found(Record):
    """The events a query kept, the notes on how names were read, and a note for people
    (None when there is nothing to say) on events kept because they overlap the dates."""

    events: list[Event]
    notes: list[str]
    overlap: str | None

    def notes_for(self, people: bool) -> list[str]:
        """Return the notes to print: with the overlap note when a person reads a table."""
        return [*self.notes, self.overlap] if people and self.overlap else list(self.notes)


def find(store: Store, wanted: Criteria, fixed: frozenset[str] | None = None) -> Found:
    """Return what ``wanted`` keeps in ``store``, with its notes (see ``Found``).

    Raises UnknownName as ``resolve`` does."""
    query, notes = resolve(store, wanted, fixed)
    events = select(store, query)
    overlap = None
    if n := beyond(query, events):
        if len(events) == 1:
            which = "the one event kept runs"
        else:
            which = f"{n} of the {len(events)} events kept {'runs' if n == 1 else 'run'}"
        overlap = f"{which} past the dates asked for; --within keeps only events wholly inside"
    return Found(events, notes, overlap)
