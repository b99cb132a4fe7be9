"""Accept a plainly valid large store fast, or defer to the rule book; never explain.

With the standard json module, a store of 100,000 events took longer to load than jq takes
to filter it. Here msgspec decodes the events into typed structs, in C, with types made
from the declarations of ``schema.py``; then each declared rule is checked a column at a
time (every title of the store, every actor reference), with iterators that run in C.
Sources and actors, a small part of any store, go through the rule book itself
(``validate.check_document``). Importing msgspec costs more start-up than it saves on
small files, so ``store.load`` comes here only for large ones.

``load_large`` returns None for anything it would have to explain, and the caller then
runs ``validate.check_document``, which names the file, record and field. It must never
accept a store that the rule book refuses (tests/test_store_paths.py holds the two paths
to the same answers, and runs every file of tests/data/bad/ through both).

One difference is known and tested: a key given twice in one object. The json module
path refuses it; msgspec keeps the last value and has no way to report it (msgspec
issue #648), and finding it ourselves would mean a second pass over the bytes. So a
store of 1 MiB or more with a repeated key loads with the last value of that key, and
``timeline validate``, which always reads with the json module, reports it.
"""

from __future__ import annotations

import mmap
import os
from typing import Annotated, Any, Literal

import msgspec

from ..dates import DateSpan
from ..model import Event, Note, PlaceRef, SourceRef, Store
from .accept import STRUCTS, events_of, head, new
from .schema import CHOICES, LATEST, SCHEMA


def _struct(kind: str, structs: dict[str, type]) -> type:
    """Return the msgspec struct of a record kind, its field types made from the schema.

    Lists of strings decode straight into tuples, the type the records keep them in, so
    that no second copy is made per event.
    """
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for f in SCHEMA[LATEST][kind]:
        text: Any = Annotated[str, msgspec.Meta(min_length=1, max_length=f.max_length)]
        kind_type: Any
        default: Any
        if f.type == "texts":
            kind_type, default = tuple[text, ...], ()
        elif f.type in ("records", "links"):
            assert f.of is not None
            record: Any = structs[f.of]
            item: Any = text | record if f.type == "links" else record
            kind_type, default = list[item], []
        elif f.type == "choice":
            assert f.of is not None
            kind_type, default = Literal[CHOICES[f.of]], None  # checked in C, one string each
        else:
            kind_type, default = text, None
        if f.required:
            fields.append((f.name, kind_type))
        else:
            fields.append((f.name, kind_type | None if default is None else kind_type, default))
    return msgspec.defstruct(
        f"_{kind.capitalize()}", fields, forbid_unknown_fields=True, gc=False, kw_only=True
    )


_STRUCTS: dict[str, type] = {}
for _kind in ("ref", "note", "placeref", "event"):
    _STRUCTS[_kind] = _struct(_kind, _STRUCTS)

_EventStruct: Any = _STRUCTS["event"]
# Format 2 only (``format`` must be 2): a store of format 1 goes through the rule book.
_Document = msgspec.defstruct(
    "_Document",
    [
        ("format", Literal[2]),
        ("sources", list[Any]),
        ("actors", list[Any]),
        ("places", list[Any]),
        ("events", list[_EventStruct]),
    ],
    forbid_unknown_fields=True,
)
_decoder = msgspec.json.Decoder(_Document)


def decode_file(path: str | os.PathLike[str]) -> Any | None:
    """Return the decoded document of a large store file, read through mmap, or None if
    the file cannot be mapped or msgspec refuses it (the caller then reads it the usual way).

    Mapping the file instead of reading it into a bytes object saves copying it and
    zero-filling as much memory again (benchmarks/RESULTS.md)."""
    try:
        with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as mm:
            mm.madvise(mmap.MADV_SEQUENTIAL)
            with memoryview(mm) as view:
                start = 3 if mm[:3] == b"\xef\xbb\xbf" else 0
                with view[start:] as body:
                    return decode(body)
    except (OSError, ValueError):  # not a regular file, empty, or unreadable
        return None


def decode(data: bytes | memoryview) -> Any | None:
    """Return the decoded, type-checked document, or None if msgspec refuses it."""
    try:
        return _decoder.decode(data)
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError):
        # msgspec raises UnicodeDecodeError for bytes that are not UTF-8 in a string
        return None


def load_large(data: bytes, path: str) -> Store | None:
    """Return the store encoded in ``data``, or None if anything about it is not plainly valid."""
    doc = decode(data)
    return None if doc is None else build(doc, path)


def build(doc: Any, path: str) -> Store | None:
    """Return the store of a decoded document, or None if anything about it is not plainly
    valid. The document's events are consumed (set to None) as the store is built."""
    found = head(doc.sources, doc.actors, doc.places)
    if found is None:
        return None
    sources, actors, places = found
    events = events_of(doc.events, sources, actors, places, _event_of_struct, STRUCTS, consume=True)
    if events is None:
        return None
    return Store(path, sources, actors, tuple(events), places)


def _event_of_struct(ev: Any, spans: dict[str, DateSpan]) -> Event:
    refs = tuple([new(SourceRef, (r.source, r.locator, r.quote)) for r in ev.sources])
    notes = tuple([new(Note, (n.text, n.sources, n.kind)) for n in ev.notes]) if ev.notes else ()
    places = (
        tuple(
            [
                new(PlaceRef, (p, "venue")) if type(p) is str else new(PlaceRef, (p.place, p.role))
                for p in ev.places
            ]
        )
        if ev.places
        else ()
    )
    return new(
        Event,
        (
            ev.id,
            spans[ev.date],
            ev.title,
            ev.summary,
            ev.category,
            refs,
            ev.actors,
            ev.tags,
            places,
            notes,
            ev.status or "happened",
            ev.part_of,
            ev.series,
        ),
    )
