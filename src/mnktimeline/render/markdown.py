"""Markdown: a chronology grouped by year, one bullet per event, sources as footnotes;
under each event its places, what it is part of, its series and its notes."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from ..model import Event, Source, Store
from ..relations import Relations
from ..textsafety import inert
from .words import place_names, when

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def escape(text: str) -> str:
    """Return store text that Markdown shows literally (no emphasis, links or HTML)."""
    return _SPECIAL.sub(r"\\\1", inert(text))


def citation(source: Source, locator: str | None) -> str:
    """Return a reference-list entry: author, title, publisher, date, locator, URL."""
    parts = []
    if source.author:
        parts.append(escape(source.author))
    title = escape(source.title)
    parts.append(title if source.title_is_supplied else f"“{title}”")
    if source.publisher:
        parts.append(escape(source.publisher))
    if source.published:
        parts.append(source.published.human())
    if locator:
        parts.append(escape(locator))
    text = ", ".join(parts) + "."
    if source.url:
        text += f" <{_autolink(source.url)}>"
    return text


def _autolink(url: str) -> str:
    # An autolink ends at the first space, < or >, and a terminal must not get the
    # URL's control characters.
    return inert(url).replace(" ", "%20").replace("<", "%3C").replace(">", "%3E")


def events(evs: Sequence[Event], store: Store, **_: Any) -> Iterator[str]:
    """Yield a chronology document; each (source, locator) pair gets one footnote."""
    notes: dict[tuple[str, str | None], int] = {}
    year: int | None = None

    def marks(refs: Sequence[tuple[str, str | None]]) -> str:
        return "".join(f"[^{notes.setdefault(key, len(notes) + 1)}]" for key in refs)

    relations = Relations(store, evs)
    yield "# Chronology\n"
    for ev in evs:
        if ev.date.start.year != year:
            year = ev.date.start.year
            yield f"\n## {year}\n\n"
        cited = marks([(ref.source, ref.locator) for ref in ev.sources])
        yield f"- **{escape(when(ev))}**: {escape(ev.title)}. {escape(ev.summary)}{cited}\n"
        yield from _details(ev, store, relations, marks)
    if notes:
        yield "\n"
    for (source_id, locator), number in notes.items():
        yield f"[^{number}]: {citation(store.sources[source_id], locator)}\n"


def _details(
    ev: Event,
    store: Store,
    relations: Relations,
    marks: Callable[[Sequence[tuple[str, str | None]]], str],
) -> Iterator[str]:
    """Yield the sub-bullets of an event: where, part of, series, and each note with its
    kind and the footnotes of the sources it names."""
    if ev.places:
        yield f"  - Where: {escape('; '.join(place_names(store, ev)))}\n"
    for whole in (r.event for r in relations.of(ev) if r.relation == "part_of"):
        yield f"  - Part of: {escape(whole.title)} (`{inert(whole.id)}`)\n"
    if ev.series is not None:
        yield f"  - Series: {escape(ev.series)}\n"
    for note in ev.notes:
        kind = note.kind.capitalize()
        yield f"  - {kind}: {escape(note.text)}{marks([(s, None) for s in note.sources])}\n"


def sources(rows: Sequence[tuple[Source, int]], **_: Any) -> Iterator[str]:
    """Yield a reference list in the author-date style of ``timeline cite --format text``,
    one bullet per source, in the order of ``rows`` (which is that style's)."""
    from .citetext import entries

    yield "# Sources\n\n"
    for entry in entries([s for s, _n in rows], escape, lambda url: f"<{_autolink(url)}>"):
        yield f"- {entry}\n"
