"""Plain text: one tab-separated line per record, no colour, no header, nothing cut off."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from ..model import Actor, Event, Place, Problem, Source, Store
from ..relations import Relations
from ..textsafety import inert
from .words import RELATION_WORDS, place_names


def _names(ev: Event, store: Store) -> str:
    return "; ".join(inert(store.actors[a].name) for a in ev.actors)


def events(evs: Sequence[Event], store: Store, **_: Any) -> Iterator[str]:
    """Yield ``date<TAB>title<TAB>actors<TAB>category<TAB>id<TAB>status`` lines, the date
    as stored (qualifiers included)."""
    for ev in evs:
        yield (
            f"{ev.date.text}\t{inert(ev.title)}\t{_names(ev, store)}\t{ev.category}\t{ev.id}"
            f"\t{ev.status}\n"
        )


def event(ev: Event, store: Store, **_: Any) -> Iterator[str]:
    """Yield the event as labelled lines, sources and notes last."""
    yield f"id: {ev.id}\n"
    yield f"date: {ev.date.text} ({ev.date.human()})\n"
    if ev.status != "happened":
        yield f"status: {ev.status}\n"
    yield f"title: {inert(ev.title)}\n"
    yield f"summary: {inert(ev.summary)}\n"
    yield f"category: {ev.category}\n"
    if ev.tags:
        yield f"tags: {'; '.join(inert(t) for t in ev.tags)}\n"
    if ev.actors:
        yield f"actors: {_names(ev, store)}\n"
    if ev.places:
        yield f"places: {'; '.join(inert(p) for p in place_names(store, ev))}\n"
    if ev.series:
        yield f"series: {inert(ev.series)}\n"
    for rel in Relations(store).of(ev):
        yield f"{RELATION_WORDS[rel.relation]}: {inert(rel.event.title)} [{rel.event.id}]\n"
    for ref in ev.sources:
        source = store.sources[ref.source]
        where = f", {inert(ref.locator)}" if ref.locator else ""
        url = f" <{inert(source.url)}>" if source.url else ""
        yield f"source: {inert(source.title)}{where}{url}\n"
        if ref.quote:
            yield f"  quote: “{inert(ref.quote)}”\n"
    for note in ev.notes:
        cited = f" [{'; '.join(note.sources)}]" if note.sources else ""
        yield f"note ({note.kind}): {inert(note.text)}{cited}\n"


def actors(rows: Sequence[tuple[Actor, int]], **_: Any) -> Iterator[str]:
    """Yield ``name<TAB>kind<TAB>country<TAB>events<TAB>aliases<TAB>id`` lines."""
    for a, n in rows:
        aliases = "; ".join(inert(x) for x in a.aliases)
        yield f"{inert(a.name)}\t{a.kind}\t{a.country or ''}\t{n}\t{aliases}\t{a.id}\n"


def problems(items: Sequence[Problem], path: str, **_: Any) -> Iterator[str]:
    """Yield one line per problem, as ``file: record field: message``."""
    for p in items:
        tag = "warning: " if p.severity == "warning" else ""
        yield f"{inert(path)}: {tag}{inert(str(p))}\n"


def stats(rows: Sequence[tuple[str, int]], **_: Any) -> Iterator[str]:
    """Yield ``key<TAB>count`` lines, in the order of the rows."""
    for key, count in rows:
        yield f"{inert(key)}\t{count}\n"


def sources(rows: Sequence[tuple[Source, int]], **_: Any) -> Iterator[str]:
    """Yield ``id<TAB>events<TAB>title<TAB>publisher<TAB>published<TAB>url`` lines."""
    for s, n in rows:
        published = s.published.text if s.published else ""
        yield (
            f"{s.id}\t{n}\t{inert(s.title)}\t{inert(s.publisher or '')}\t{published}"
            f"\t{inert(s.url or '')}\n"
        )


def places(rows: Sequence[tuple[Place, int]], **_: Any) -> Iterator[str]:
    """Yield ``name<TAB>kind<TAB>country<TAB>events<TAB>aliases<TAB>within<TAB>id`` lines."""
    for p, n in rows:
        aliases = "; ".join(inert(x) for x in p.aliases)
        yield (
            f"{inert(p.name)}\t{p.kind or ''}\t{p.country or ''}\t{n}\t{aliases}"
            f"\t{p.within or ''}\t{p.id}\n"
        )


def tags(rows: Sequence[tuple[str, int]], **_: Any) -> Iterator[str]:
    """Yield ``tag<TAB>events`` lines."""
    for tag, n in rows:
        yield f"{inert(tag)}\t{n}\n"
