"""Names people type for actors, places, countries, tags and events, resolved against a
store.

Matching ignores case and diacritics (``fold``). A name fits in two tiers, the first
that finds anything winning: an id, name or alias equal to it, with or without the
breaks between its words (kana is written with and without its middle dot); then every
name or alias with words that begin with its words, in order ("Kh" fits Ukhnaagiin
Khürelsükh and Kh. Battulga; "kim jong" fits Kim Jong Un and Kim Jong Il). A name that
fits nothing is an ``UnknownName`` whose message suggests the closest names.
"""

from __future__ import annotations

from collections.abc import Sequence

from .errors import Error, ExitCode
from .model import Actor, Event, Place, Source, Store
from .record import Record
from .suggest import closest
from .textmatch import fold as fold  # names fold as --search does; re-exported for callers


class UnknownName(Error, LookupError):
    """A name or id that fits nothing (exit 1); ``suggestions`` are the closest names.
    An empty name is a mistake of usage (``usage``: exit 2), as an empty option is."""

    def __init__(self, message: str, suggestions: list[str], *, usage: bool = False) -> None:
        super().__init__(message, code=ExitCode.USAGE if usage else None)
        self.suggestions = suggestions


class ActorMatch(Record):
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


def begins_words(query: Sequence[str], name: Sequence[str]) -> bool:
    """Return whether the words of ``query`` begin consecutive words of ``name`` (both
    folded and split): ["kh"] begins a word of ["ukhnaagiin", "khurelsukh"]."""
    n = len(query)
    return any(
        all(name[i + j].startswith(q) for j, q in enumerate(query))
        for i in range(len(name) - n + 1)
    )


def fit(query: str, ident: str, spellings: Sequence[str]) -> int | None:
    """Return how ``query`` (folded) fits a record: 0 when it equals the id or one of
    ``spellings`` (names, aliases) folded, or does once the breaks between words are
    taken out (ソンイルホ for ソン・イルホ, Kimjongun for Kim Jong Un), 1 when its words
    begin consecutive words of one of the spellings, else None."""
    folded = [fold(s) for s in spellings]
    joined = query.replace(" ", "")
    if query == fold(ident) or any(f.replace(" ", "") == joined for f in folded):
        return 0
    words = query.split()
    return 1 if any(begins_words(words, f.split()) for f in folded) else None


def resolve_actor(store: Store, name: str) -> ActorMatch:
    """Return the actors that ``name`` stands for, ignoring case and diacritics.

    An id, name or alias equal to ``name`` wins; failing that, every actor with a name
    or alias whose words begin with the words of ``name``, in order ("Ts" fits
    Tsogtbaatar, Tsedenbal and Tsoggerel). Raises UnknownName with the closest names
    when nothing fits.
    """
    query = fold(name)
    if not query:
        raise UnknownName(f"the actor name '{name}' is empty; give a name or alias", [], usage=True)
    tiers: list[list[Actor]] = [[], []]
    for actor in store.actors.values():
        rank = fit(query, actor.id, [actor.name, *actor.aliases])
        if rank is not None:
            tiers[rank].append(actor)
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
    raise _unknown_id("event", event_id, [e.id for e in store.events], "timeline list")


def _unknown_id(kind: str, given: str, ids: list[str], lister: str) -> UnknownName:
    """Return the error for an id no record of ``kind`` has, suggesting close ids."""
    close = closest(given, ids)
    close += [i for i in ids if given and given in i and i not in close][:3]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    return UnknownName(f"no {kind} has the id '{given}'{hint} ('{lister}' shows ids)", close[:3])


def find_source(store: Store, source_id: str) -> Source:
    """Return the source with this id; raise UnknownName suggesting close ids if none has it."""
    source = store.sources.get(source_id)
    if source is not None:
        return source
    raise _unknown_id("source", source_id, list(store.sources), "timeline sources")


class PlaceMatch(Record):
    """The places a name stands for, and the ids of those and of every place within them."""

    name: str
    places: tuple[Place, ...]
    ids: frozenset[str]


def _place_names(place: Place) -> list[str]:
    return [place.id, place.name, *place.aliases]


def resolve_place(store: Store, name: str) -> PlaceMatch:
    """Return the places ``name`` stands for (by id, name or alias, case and diacritics
    ignored; failing that, by the starts of words, as for actors), with every place
    within them.

    "Rason" takes in Rajin, which lies within it. Raises UnknownName with the closest
    names when nothing fits.
    """
    query = fold(name)
    if not query:
        raise UnknownName(
            f"the place name '{name}' is empty; give a place's name or alias", [], usage=True
        )
    exact, prefix = [], []
    for place in store.places.values():
        rank = fit(query, place.id, [place.name, *place.aliases])
        if rank == 0:
            exact.append(place)
        elif rank == 1:
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


def tag_spellings(store: Store) -> dict[str, set[str]]:
    """Return every tag of the store, folded, with the spellings events give it."""
    out: dict[str, set[str]] = {}
    for ev in store.events:
        for tag in ev.tags:
            out.setdefault(fold(tag), set()).add(tag)
    return out


def resolve_tag(store: Store, name: str) -> frozenset[str]:
    """Return the spellings of the tag ``name`` in the store (case, diacritics and
    punctuation ignored: "Ulaanbaatar Dialogue" is the tag ulaanbaatar-dialogue).

    Raises UnknownName with the closest tags when no event has it.
    """
    known = tag_spellings(store)
    query = fold(name)
    if query in known:
        return frozenset(known[query])
    by_fold = {folded: min(spellings) for folded, spellings in known.items()}
    suggestions = [by_fold[c] for c in closest(query, by_fold, n=3)]
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    raise UnknownName(
        f"no event has the tag '{name}'{hint} ('timeline tags' lists them all)", suggestions
    )


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
        raise UnknownName("the source is empty; give its id or words of its title", [], usage=True)
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
