"""What the page's script draws, worked out from the store: each event's place on the axis,
its lanes, the terms of office behind it and the groups it belongs to.

Days are proleptic Gregorian ordinals (``date.toordinal``), so the script does arithmetic
on plain numbers and no date outside 0001..9999 is ever built.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from ..model import CATEGORIES, Event, Store
from ..record import Record

# Tableau 10: distinct hues that stay apart for the common colour-vision deficiencies.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
COLOURS: dict[str, str] = dict(zip(CATEGORIES, PALETTE, strict=True))
OTHER_COLOUR = "#767676"

# Offices that make their holder head of state or of government, read from the titles the
# store gives (a vice-chairman, a deputy or an adviser "to the President" is neither).
_HEAD_OF_STATE = re.compile(
    r"^(?:President of (?:Mongolia|the DPRK)\b|Head of state\b|Chairman of the Presidium\b"
    r"|Chairman of the State Affairs Commission\b|Chairman of the Standing Committee of the "
    r"Supreme People's Assembly\b|General Secretary\b.* and President of the DPRK\b)"
)
_HEAD_OF_GOVERNMENT = re.compile(
    r"^(?:Prime Minister of|Premier of|Chairman of the Council of Ministers\b"
    r"|First Secretary\b.*Chairman of the MPR Council of Ministers\b)"
)


class Range(Record):
    """The days the selection covers, first and last inclusive, as ordinals."""

    first: int
    last: int

    def years(self) -> str:
        """Return "2018" or "1948–2024": the years of the range."""
        a, b = date.fromordinal(self.first).year, date.fromordinal(self.last).year
        return str(a) if a == b else f"{a}–{b}"


def selection_range(
    evs: Sequence[Event], since: date | None = None, until: date | None = None
) -> Range | None:
    """Return the days the events cover, cut to ``since``..``until`` (the filters' dates),
    or None when there are no events."""
    if not evs:
        return None
    first = min(ev.date.start for ev in evs)
    last = max(ev.date.end for ev in evs)
    if since is not None and since > first:
        first = since
    if until is not None and until < last:
        last = until
    return Range(first.toordinal(), max(first, last).toordinal())


def countries(store: Store, ev: Event) -> list[str]:
    """Return the country codes of the event's actors, in the order they are named (what
    ``--country`` matches)."""
    out: list[str] = []
    for a in ev.actors:
        code = store.actors[a].country
        if code and code not in out:
            out.append(code)
    return out


def country_names(store: Store) -> dict[str, str]:
    """Return each country code's name: that of the store's state with that code, else the
    code."""
    names = {a.country: a.country for a in store.actors.values() if a.country}
    names.update(
        {a.country: a.name for a in store.actors.values() if a.country and a.kind == "state"}
    )
    return names


def _kind(ev: Event) -> str:
    if ev.date.is_interval:
        return "span"
    return ev.date.first.precision  # day, month or year


def event_data(store: Store, ev: Event, words: str, group: str | None) -> dict[str, Any]:
    """Return what the script knows of one event (short keys: 2,000 events are one page)."""
    return {
        "id": ev.id,
        "category": ev.category,
        "words": words,
        "s": ev.date.start.toordinal(),
        "e": ev.date.end.toordinal(),
        "k": _kind(ev),
        "a": ev.date.approximate,
        "u": ev.date.uncertain,
        "st": ev.status,
        "d": ev.noted("disagreement"),
        "c": countries(store, ev),
        "g": group,
    }


def groups(store: Store, evs: Sequence[Event]) -> dict[str, str]:
    """Return the series and ``part_of`` groups of the events with their labels: a series by
    its name, a visit by its parent's title. A parent in the selection is in its group."""
    out: dict[str, str] = {}
    for ev in evs:
        if ev.series:
            out[ev.series] = ev.series
        elif ev.part_of:
            parent = store.event(ev.part_of)
            out[ev.part_of] = parent.title if parent else ev.part_of
    return out


def group_of(ev: Event, known: dict[str, str]) -> str | None:
    """Return the group an event is drawn with: its own, or the one it is the parent of."""
    return ev.series or ev.part_of or (ev.id if ev.id in known else None)


def bands(store: Store, span: Range) -> list[dict[str, Any]]:
    """Return the terms of office of heads of state and government that overlap ``span``
    (offices dated by an interval): one row per country and role, each term with its
    holder, title and days."""
    rows: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for actor in store.actors.values():
        for office in actor.offices:
            # A single date says when the office was held (as a source attests it), not
            # the term: only an interval is drawn as a term.
            if office.date is None or not office.date.is_interval:
                continue
            if _HEAD_OF_STATE.search(office.title):
                role = "head of state"
            elif _HEAD_OF_GOVERNMENT.search(office.title):
                role = "head of government"
            else:
                continue
            s, e = office.date.start.toordinal(), office.date.end.toordinal()
            if e < span.first or s > span.last:
                continue
            key = (actor.country or "", role)
            rows.setdefault(key, []).append(
                {
                    "name": actor.name,
                    "title": office.title,
                    "s": s,
                    "e": e,
                    "when": office.date.human(),
                }
            )
    names = country_names(store)
    return [
        {
            "label": f"{names.get(country, country or 'Other')}: {role}",
            "terms": sorted(terms, key=lambda t: (t["s"], t["e"])),
        }
        for (country, role), terms in sorted(
            rows.items(), key=lambda kv: (kv[0][0] != "MNG", kv[0])
        )
    ]


def lanes(store: Store, evs: Sequence[Event]) -> dict[str, list[dict[str, str]]]:
    """Return the lanes of each kind, in order: categories as the legend lists them,
    countries by how many events name them, then the events with no country."""
    present = {ev.category for ev in evs}
    cats = [c for c in CATEGORIES if c in present] + sorted(present - CATEGORIES.keys())
    counts: dict[str, int] = {}
    for ev in evs:
        for code in countries(store, ev):
            counts[code] = counts.get(code, 0) + 1
    names = country_names(store)
    by_country = [
        {"key": code, "label": names.get(code, code)}
        for code in sorted(counts, key=lambda c: (-counts[c], c))
    ]
    return {
        "category": [{"key": c, "label": c, "colour": COLOURS.get(c, OTHER_COLOUR)} for c in cats],
        "country": by_country,
    }
