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
from collections.abc import Sequence
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Annotated, Any

import msgspec

from ..dates import DateError, DateSpan, parse_stored
from ..model import Event, Note, SourceRef, Store
from .schema import CHOICES, FORMS, ID, SCHEMA, Field
from .validate import check_document, late_start


def _struct(kind: str, structs: dict[str, type]) -> type:
    """Return the msgspec struct of a record kind, its field types made from the schema.

    Lists of strings decode straight into tuples, the type the records keep them in, so
    that no second copy is made per event.
    """
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for f in SCHEMA[kind]:
        text: Any = Annotated[str, msgspec.Meta(min_length=1, max_length=f.max_length)]
        kind_type: Any
        default: Any
        if f.type == "texts":
            kind_type, default = tuple[text, ...], ()
        elif f.type == "records":
            assert f.of is not None
            record: Any = structs[f.of]
            kind_type, default = list[record], []
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
for _kind in ("ref", "note", "event"):
    _STRUCTS[_kind] = _struct(_kind, _STRUCTS)

_EventStruct: Any = _STRUCTS["event"]
_Document = msgspec.defstruct(
    "_Document",
    [("sources", list[Any]), ("actors", list[Any]), ("events", list[_EventStruct])],
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


def _accepts(
    kind: str, items: Sequence[Any], ids: dict[str, set[str]], spans: dict[str, DateSpan]
) -> bool:
    """Return whether records of ``kind`` (decoded structs) keep every rule of the schema
    that their msgspec type did not already enforce. Fills ``spans`` with their dates."""
    for f in SCHEMA[kind]:
        column: list[Any] = list(map(attrgetter(f.name), items))
        if f.type == "records":
            if f.min_items and not all(map(len, column)):
                return False
            assert f.of is not None
            if not _accepts(f.of, list(chain.from_iterable(column)), ids, spans):
                return False
            continue
        if f.type == "texts":
            if f.min_items and not all(map(len, column)):
                return False
            column = list(chain.from_iterable(column))
        elif not f.required:
            column = [v for v in column if v is not None]
        if not _column_keeps(f, column, ids, spans):
            return False
    return True


def _column_keeps(
    f: Field, column: list[str], ids: dict[str, set[str]], spans: dict[str, DateSpan]
) -> bool:
    if any(map(str.isspace, column)):
        return False
    if f.type == "id" and (not all(map(ID.fullmatch, column)) or len(set(column)) < len(column)):
        return False
    if f.type == "choice" and f.of is not None and not set(CHOICES[f.of]).issuperset(column):
        return False
    if f.form is not None and not all(map(FORMS[f.form][0].fullmatch, column)):
        return False
    if f.ref is not None and not ids[f.ref].issuperset(column):
        return False
    if f.type == "date":
        try:
            for text in set(column).difference(spans):
                spans[text] = parse_stored(text)
        except DateError:
            return False
    return True


def build(doc: Any, path: str) -> Store | None:
    """Return the store of a decoded document, or None if anything about it is not plainly
    valid. The document's events are consumed (set to None) as the store is built."""
    small, _ = check_document(
        {"sources": doc.sources, "actors": doc.actors, "events": []}, path, warnings=False
    )
    if small is None:
        return None
    ids = {"sources": set(small.sources), "actors": set(small.actors)}
    spans: dict[str, DateSpan] = {}
    items: list[Any] = doc.events
    if not _accepts("event", items, ids, spans):
        return None
    published: dict[str, date | None] = {
        sid: (src.published.end if src.published is not None else None)
        for sid, src in small.sources.items()
    }
    out: list[Event] = []
    for i in range(len(items)):
        ev = items[i]
        items[i] = None  # let each struct go as soon as its event is built
        span = spans[ev.date]
        # tuple.__new__ skips the NamedTuple's Python-level __new__: a third of the time
        # of building a large store went there.
        refs = tuple([_new(SourceRef, (r.source, r.locator, r.quote)) for r in ev.sources])
        if late_start(span, [published[r.source] for r in refs]) is not None:
            return None
        notes = tuple([_new(Note, (n.text, n.sources)) for n in ev.notes]) if ev.notes else ()
        out.append(
            _new(
                Event,
                (
                    ev.id,
                    span,
                    ev.title,
                    ev.summary,
                    ev.category,
                    refs,
                    ev.actors,
                    ev.tags,
                    ev.places,
                    notes,
                ),
            )
        )
    return Store(path=path, sources=small.sources, actors=small.actors, events=tuple(out))


_new = tuple.__new__
