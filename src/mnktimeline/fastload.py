"""Load large stores fast: msgspec decodes and type-checks the JSON in one pass, in C.

With the standard json module, a store of 100,000 events took longer to load than jq
takes to filter it; msgspec decodes it into typed structs about twice as fast and in a
fraction of the memory of dicts (benchmarks/RESULTS.md has the figures). Importing
msgspec costs more start-up than it saves on small files, so ``store.load`` uses this
module only for large ones.

This path only accepts: ``load_large`` returns None for anything it would have to
explain, and the caller then runs the detailed checks of store.py, which name the file,
record and field. It must never accept a store that those checks refuse (a test holds
the two paths to the same answers, and runs every file of tests/data/bad/ through both).

One difference is known and tested: a key given twice in one object. The json module
path refuses it; msgspec keeps the last value and has no way to report it (msgspec
issue #648), and finding it ourselves would mean a second pass over the bytes. So a
store of 1 MiB or more with a repeated key loads with the last value of that key, and
``timeline validate``, which always reads with the json module, reports it.
"""

from __future__ import annotations

import mmap
import os
from datetime import date
from typing import Annotated, Any

import msgspec

from .dates import DateError, DateSpan, parse_stored
from .model import CATEGORIES, Event, Note, SourceRef, Store

# Length is checked in C; "not only whitespace" and the id pattern are checked below in
# Python, which costs less than msgspec calling back into the re module for each string.
Text = Annotated[str, msgspec.Meta(min_length=1)]


class _Ref(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    source: str
    locator: Text | None = None
    quote: Text | None = None


# Lists of strings decode straight into tuples, the type the model keeps them in, so that
# no second copy is made per event.
class _Note(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    text: Text
    sources: tuple[Text, ...]


class _Event(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: Text
    date: str
    title: Text
    summary: Text
    category: str
    sources: list[_Ref]
    actors: tuple[Text, ...] = ()
    tags: tuple[Text, ...] = ()
    places: tuple[Text, ...] = ()
    notes: list[_Note] = []


class _Document(msgspec.Struct, forbid_unknown_fields=True):
    sources: list[Any]
    actors: list[Any]
    events: list[_Event]


_decoder = msgspec.json.Decoder(_Document)


def load_large(data: bytes, path: str) -> Store | None:
    """Return the store encoded in ``data``, or None if anything about it is not plainly valid."""
    doc = decode(data)
    return None if doc is None else build(doc, path)


def decode_file(path: str | os.PathLike[str]) -> _Document | None:
    """Return the decoded document of a large store file, read through mmap, or None if
    the file cannot be mapped or msgspec refuses it (the caller then reads it the usual way).

    Mapping the file instead of reading it into a bytes object saves copying it and
    zero-filling as much memory again: at a million events (650 MB) reading and decoding
    took 3.3 s, and 1.9 s mapped (benchmarks/RESULTS.md)."""
    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            mm.madvise(mmap.MADV_SEQUENTIAL)
            with memoryview(mm) as view:
                start = 3 if mm[:3] == b"\xef\xbb\xbf" else 0
                with view[start:] as body:
                    return decode(body)
    except (OSError, ValueError):  # not a regular file, empty, or unreadable
        return None


def decode(data: bytes | memoryview) -> _Document | None:
    """Return the decoded, type-checked document, or None if msgspec refuses it.

    The caller may drop ``data`` once this returns: at a million events, the 650 MB of
    bytes would otherwise stay in memory while the events are built."""
    try:
        return _decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
        # msgspec raises UnicodeDecodeError for bytes that are not UTF-8 in a string
        return None


def build(doc: _Document, path: str) -> Store | None:
    """Return the store of a decoded document, or None if anything about it is not plainly
    valid. The document's events are consumed (set to None) as the store is built."""
    from .store import _ID, MAX_QUOTE, _check_actors, _check_sources, _Checker

    ck = _Checker(warnings=False)
    raw = {"sources": doc.sources, "actors": doc.actors}
    sources = _check_sources(ck, raw)
    actors = _check_actors(ck, raw)
    if any(p.severity == "error" for p in ck.problems):
        return None
    published: dict[str, date | None] = {
        sid: (src.published.end if src.published is not None else None)
        for sid, src in sources.items()
    }
    spans: dict[str, DateSpan] = {}
    seen: set[str] = set()
    out: list[Event] = []
    items: list[Any] = doc.events
    # Locals, and checks done in C where they can be (issuperset, map): this loop runs
    # once per event, a million times for the largest stores we measure.
    actor_ids = set(actors)
    blank = str.isspace
    id_ok = _ID.fullmatch
    categories = CATEGORIES
    for i in range(len(items)):
        ev = items[i]
        items[i] = None  # let each struct go as soon as its event is built
        ident = ev.id
        count = len(seen)
        seen.add(ident)
        if len(seen) == count or ev.category not in categories or not ev.sources:
            return None
        if id_ok(ident) is None or ev.title.isspace() or ev.summary.isspace():
            return None
        if any(map(blank, ev.actors)) or any(map(blank, ev.tags)) or any(map(blank, ev.places)):
            return None
        if not actor_ids.issuperset(ev.actors):
            return None
        span = spans.get(ev.date)
        if span is None:
            try:
                span = spans[ev.date] = parse_stored(ev.date)
            except DateError:
                return None
        latest: date | None = date.min
        refs = []
        for r in ev.sources:
            source = r.source
            if source not in published:
                return None
            locator, quote = r.locator, r.quote
            if (locator is not None and locator.isspace()) or (
                quote is not None and (quote.isspace() or len(quote) > MAX_QUOTE)
            ):
                return None
            when = published[source]
            if when is None or latest is None:
                latest = None
            elif when > latest:
                latest = when
            # tuple.__new__ skips the NamedTuple's Python-level __new__: a third of the
            # time of building a large store went there.
            refs.append(_new(SourceRef, (source, locator, quote)))
        if latest is not None and span.start > latest:
            return None
        notes: tuple[Note, ...] = ()
        if ev.notes:
            built = []
            for n in ev.notes:
                if n.text.isspace() or not n.sources or any(map(blank, n.sources)):
                    return None
                if not published.keys() >= set(n.sources):
                    return None
                built.append(Note(n.text, n.sources))
            notes = tuple(built)
        out.append(
            _new(
                Event,
                (
                    ident,
                    span,
                    ev.title,
                    ev.summary,
                    ev.category,
                    tuple(refs),
                    ev.actors,
                    ev.tags,
                    ev.places,
                    notes,
                ),
            )
        )
    return Store(path=path, sources=sources, actors=actors, events=tuple(out))


_new = tuple.__new__
