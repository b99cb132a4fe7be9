"""How events relate: a stop within a visit (``part_of``), sessions of one series."""

from __future__ import annotations

from collections import defaultdict
from typing import Literal, NamedTuple

from .model import Event, Store, order_key

Relation = Literal["part_of", "part", "series"]


class Related(NamedTuple):
    """Another event and how it relates to this one: this is a part of it (``part_of``),
    it is a part of this (``part``), or both belong to one series (``series``)."""

    event: Event
    relation: Relation


class Relations:
    """The relations of every event of a store, found once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.parts: dict[str, list[Event]] = defaultdict(list)
        self.series: dict[str, list[Event]] = defaultdict(list)
        self._sorted: set[str] = set()
        self._position: dict[str, int] = {}  # an event's place in its sorted series
        for ev in store.events:
            if ev.part_of is not None:
                self.parts[ev.part_of].append(ev)
            if ev.series is not None:
                self.series[ev.series].append(ev)

    def ordered_series(self, name: str) -> list[Event]:
        """Return the events of a series in chronological order (sorted once)."""
        members = self.series[name]
        if name not in self._sorted:
            members.sort(key=order_key)
            self._sorted.add(name)
            self._position.update((m.id, i) for i, m in enumerate(members))
        return members

    def of(self, ev: Event) -> list[Related]:
        """Return the events related to ``ev``: what it is part of, its parts, then the
        events before and after it in its series, in chronological order, each once."""
        out: list[Related] = []
        whole = self.store.event(ev.part_of) if ev.part_of is not None else None
        if whole is not None:
            out.append(Related(whole, "part_of"))
        out += [Related(p, "part") for p in sorted(self.parts.get(ev.id, ()), key=order_key)]
        if ev.series is not None:
            # Only the neighbours in the series, the one before and the one after: a series
            # of thousands of sessions would otherwise put all of them in every one.
            members = self.ordered_series(ev.series)
            i = self._position[ev.id]
            listed = {ev.id, *(r.event.id for r in out)}
            neighbours = members[max(0, i - 1) : i] + members[i + 1 : i + 2]
            out += [Related(m, "series") for m in neighbours if m.id not in listed]
        return out
