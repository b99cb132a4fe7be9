"""The rules that span records: dates against sources, and relations without cycles.

Both ways of reading a store use them on the records they have built: ``document.py``
turns each problem into a message naming the record, and ``accept.py`` defers to it when
any problem is found.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date

from ..dates import DateSpan
from ..model import Event, Place


def late_start(span: DateSpan, published: list[date | None]) -> date | None:
    """Return the latest publication date when an event starts after every one of them.

    A source cannot report what had not yet happened: an event that starts after the last
    day of every cited source's publication is misdated or miscited. Returns None when the
    event is fine, or when some cited source has no date (nothing can be said).
    """
    latest = latest_publication(published)
    return latest if latest is not None and span.start > latest else None


def latest_publication(published: list[date | None]) -> date | None:
    """Return the latest of the publication dates of an event's sources, or None when some
    source has no date or there is none (``late_start`` can then say nothing)."""
    known = [p for p in published if p is not None]
    if not known or len(known) < len(published):
        return None
    return max(known)


def late_message(span: DateSpan, latest: date) -> str:
    """Return the problem of an event that starts after all its sources (``late_start``)."""
    return (
        f"field 'date' {span.text} is after the publication date of every source it cites "
        f"(latest {latest.isoformat()})"
    )


def cycle(start: str, parent: Mapping[str, str | None]) -> list[str] | None:
    """Return the ids of the cycle that following ``parent`` from ``start`` runs into,
    ``start`` first and last, or None if the chain ends."""
    seen = [start]
    here = parent.get(start)
    while here is not None:
        if here == start:
            return [*seen, start]
        if here in seen:
            return None  # a cycle further up, reported from its own members
        seen.append(here)
        here = parent.get(here)
    return None


def relation_problems(events: Mapping[str, Event]) -> Iterator[tuple[str, str]]:
    """Yield ``(event id, message)`` for each event that is part of itself through a chain
    of ``part_of``, or does not lie within the event it is part of."""
    parent = {ev.id: ev.part_of for ev in events.values() if ev.part_of is not None}
    for ev in events.values():
        if ev.part_of is None:
            continue
        loop = cycle(ev.id, parent)
        if loop is not None:
            yield ev.id, f"field 'part_of' makes a cycle: {' → '.join(loop)}"
            continue
        whole = events.get(ev.part_of)
        if whole is not None and not (
            whole.date.start <= ev.date.start and ev.date.end <= whole.date.end
        ):
            yield (
                ev.id,
                f"field 'part_of': this event ({ev.date.text}) does not lie within "
                f"'{whole.id}' ({whole.date.text}), which it is part of",
            )


def within_problems(places: Mapping[str, Place]) -> Iterator[tuple[str, str]]:
    """Yield ``(place id, message)`` for each place that lies within itself through a chain
    of ``within``."""
    parent = {p.id: p.within for p in places.values() if p.within is not None}
    for place in places.values():
        loop = cycle(place.id, parent) if place.within is not None else None
        if loop is not None:
            yield place.id, f"field 'within' makes a cycle: {' → '.join(loop)}"
