"""How events relate: a stop within a visit (``part_of``), sessions of one series."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

from .model import Event, Store, order_key
from .record import Record

Relation = Literal["part_of", "part", "series"]


class Related(Record):
    """Another event and how it relates to this one: this is a part of it (``part_of``),
    it is a part of this (``part``), or both belong to one series (``series``)."""

    event: Event
    relation: Relation


Key = tuple[date, date, str]  # an event's place in the chronology: start, end, id


class Relations:
    """The relations of every event of a store, found once from each event's links (what it
    is part of, its series); the related events themselves are looked up when asked for,
    among the events ``shown`` first."""

    def __init__(self, store: Store, shown: Sequence[Event] = ()) -> None:
        links = getattr(store.events, "links", None)  # a large store keeps them in its index
        found = (
            links()
            if links is not None
            else ((order_key(e), e.part_of, e.series) for e in store.events)
        )
        self.parts: dict[str, list[Key]] = defaultdict(list)
        self.series: dict[str, list[Key]] = defaultdict(list)
        for key, part_of, series in found:
            if part_of is not None:
                self.parts[part_of].append(key)
            if series is not None:
                self.series[series].append(key)
        for members in (*self.parts.values(), *self.series.values()):
            members.sort()
        self._position = {
            key[2]: i for members in self.series.values() for i, key in enumerate(members)
        }
        find = getattr(store.events, "find", None)
        self._find: Callable[[str], Event | None]
        if find is None:
            self._find = {e.id: e for e in store.events}.get
        else:
            # A large store decodes an event to find it: the events being shown (the
            # neighbours of most of them) are decoded already.
            decoded = {e.id: e for e in shown}
            self._find = lambda ident: decoded.get(ident) or find(ident)

    def _related(self, keys: list[Key], relation: Relation) -> list[Related]:
        return [Related(ev, relation) for k in keys if (ev := self._find(k[2])) is not None]

    def of(self, ev: Event) -> list[Related]:
        """Return the events related to ``ev``: what it is part of, its parts, then the
        events before and after it in its series, in chronological order, each once."""
        whole = self._find(ev.part_of) if ev.part_of is not None else None
        out = [Related(whole, "part_of")] if whole is not None else []
        out += self._related(self.parts.get(ev.id, []), "part")
        if ev.series is not None:
            # Only the neighbours in the series, the one before and the one after: a series
            # of thousands of sessions would otherwise put all of them in every one.
            members = self.series[ev.series]
            i = self._position[ev.id]
            listed = {ev.id, *(r.event.id for r in out)}
            neighbours = [
                k for k in members[max(0, i - 1) : i] + members[i + 1 : i + 2] if k[2] not in listed
            ]
            out += self._related(neighbours, "series")
        return out
