"""Names people type for actors, countries and events, resolved against a store.

Matching ignores case and diacritics (``fold``); a name that fits nothing is an
``UnknownName`` whose message suggests the closest names.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from .errors import Error
from .model import Actor, Event, Place, Source, Store
from .suggest import closest


class UnknownName(Error, LookupError):
    """A name or id that fits nothing (exit 1); ``suggestions`` are the closest names."""

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


class ActorMatch(NamedTuple):
    """The actors a name stands for; ``exact`` is False when it fitted by word or prefix."""

    name: str
    actors: tuple[Actor, ...]
    exact: bool

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(a.id for a in self.actors)

    def note(self) -> str | None:
        """Return the sentence that says a name fitted several actors, or None."""
        if len(self.actors) < 2:
            return None
        names = ", ".join(a.name for a in self.actors)
        return (
            f"'{self.name}' fits {len(self.actors)} actors ({names}); showing events of any of them"
        )


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
    by_fold: dict[str, str] = {}
    for spelling, display in names.items():
        by_fold.setdefault(fold(spelling), display)
    close = closest(query, by_fold, n=10)
    return list(dict.fromkeys(by_fold[c] for c in close))[:3]


def find_event(store: Store, event_id: str) -> Event:
    """Return the event with this id; raise UnknownName suggesting close ids if none has it."""
    event = store.event(event_id)
    if event is not None:
        return event
    ids = [e.id for e in store.events]
    close = closest(event_id, ids)
    close += [i for i in ids if event_id and event_id in i and i not in close][:3]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    raise UnknownName(
        f"no event has the id '{event_id}'{hint} ('timeline list' shows ids)", close[:3]
    )


class PlaceMatch(NamedTuple):
    """The places a name stands for, and the ids of those and of every place within them."""

    name: str
    places: tuple[Place, ...]
    ids: frozenset[str]


def _place_names(place: Place) -> list[str]:
    return [place.id, place.name, *place.aliases]


def resolve_place(store: Store, name: str) -> PlaceMatch:
    """Return the places ``name`` stands for (by id, name or alias, case and diacritics
    ignored; failing that, by the start of a word), with every place within them.

    "Rason" takes in Rajin, which lies within it. Raises UnknownName with the closest
    names when nothing fits.
    """
    query = fold(name)
    if not query:
        raise UnknownName(f"the place name '{name}' is empty", [])
    exact, prefix = [], []
    for place in store.places.values():
        folded = [fold(n) for n in _place_names(place)]
        if query in folded:
            exact.append(place)
        elif any(f" {query}" in f" {f}" for f in folded):
            prefix.append(place)
    found = exact or prefix
    if not found:
        suggestions = _closest_names(
            query, {n: p.name for p in store.places.values() for n in _place_names(p)}
        )
        hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        raise UnknownName(
            f"no place is called '{name}'{hint} ('timeline places' lists them all)", suggestions
        )
    return PlaceMatch(name, tuple(found), within(store, {p.id for p in found}))


def within(store: Store, ids: set[str]) -> frozenset[str]:
    """Return ``ids`` and the ids of every place that lies within one of them, at any depth."""
    out = set(ids)
    grew = True
    while grew:
        inner = {p.id for p in store.places.values() if p.within in out} - out
        out |= inner
        grew = bool(inner)
    return frozenset(out)


def resolve_source(store: Store, text: str) -> str:
    """Return the id of the source ``text`` names: its id, or words of its title (case
    and diacritics ignored) that fit one source only.

    Raises UnknownName listing the sources when the words fit several, and suggesting the
    closest ids and titles when they fit none.
    """
    wanted = text.strip()
    if wanted in store.sources:
        return wanted
    query = fold(wanted)
    if not query:
        raise UnknownName("the source is empty; give its id or words of its title", [])
    fits = _titles_with(store, f" {query} ") or _titles_with(store, f" {query}")
    if len(fits) == 1:
        return fits[0].id
    if fits:
        listed = "; ".join(f"{s.title} ({s.id})" for s in fits[:5])
        more = f" and {len(fits) - 5} more" if len(fits) > 5 else ""
        raise UnknownName(
            f"'{text}' fits {len(fits)} sources: {listed}{more}; give more of the title, or the id",
            [s.id for s in fits],
        )
    spellings = {s.id: s.id for s in store.sources.values()}
    spellings.update({s.title: s.id for s in store.sources.values()})
    close = _closest_names(query, spellings)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise UnknownName(
        f"no source has the id or a title with '{text}'{hint} ('timeline sources' lists them)",
        close,
    )


def _titles_with(store: Store, words: str) -> list[Source]:
    """Return the sources whose folded title, spaced at both ends, holds ``words``."""
    return [s for s in store.sources.values() if words in f" {fold(s.title)} "]
