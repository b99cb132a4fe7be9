"""Read a large store of format 2 a record at a time, keeping only what queries need.

With the standard json module, a store of 100,000 events took longer to load than jq
takes to filter it, and held every record in memory. Here the file is mapped, not read;
msgspec finds where each event's JSON begins and ends without building it; then the
events are decoded a chunk at a time into typed structs (``structs.py``), checked a
column at a time by ``accept.py``, and dropped (``chunks.py``, on a second CPU for half
of them where one is free). What is kept of each event is where its bytes are, its date
and its id: ``Events`` decodes an event again when a query or an output needs it, and a
date-only query needs none but those it keeps. Pages of the mapped file are handed back
to the kernel as the events in them are checked (``pages.py``).

Only what the rule book refuses is explained, and by the rule book: the events the fast
pass does not accept are parsed again with the json module, from their own bytes, and
checked by ``document.explain_events``, so that each problem is named as
``check_document`` names it and in the same order. Anything about the top level or the
sources, actors and places that is not plainly valid makes ``scan`` return None, and the
caller reads the whole file the usual way.

A key given twice in one object is invisible to msgspec (it keeps the last value; msgspec
issue #648). Loading accepts such a store with the last value; ``timeline validate``
asks for ``repeated=True``, and ``repeats.py`` finds them without a second parse: every
event it cannot clear is explained by the rule book, which names the key. That look, and
the one for the characters warnings are about, run aside from this pass (``aside.py``).

Importing msgspec costs more start-up than it saves on small files, so ``store.load``
comes here only for large ones.
"""

from __future__ import annotations

import mmap
import os
from typing import Any, Literal

import msgspec

from ..model import Problem, Source, Store
from ..record import Record
from . import chunks
from .accept import Columns, head
from .aside import Aside, Look, closer
from .decode import BOM, decode_json
from .document import explain_events
from .pages import Pages
from .rules import relation_problems
from .structs import Events, event_type

# Format 2 only (``format`` must be 2): a store of format 1 goes through the rule book.
# The head (format, sources, actors, places) is kept as its bytes too, for the look for
# keys given twice (``repeats.keys_once``).
_Top = msgspec.defstruct(
    "_Top",
    [
        ("format", msgspec.Raw),
        ("sources", msgspec.Raw),
        ("actors", msgspec.Raw),
        ("places", msgspec.Raw),
        ("events", list[msgspec.Raw]),
    ],
    forbid_unknown_fields=True,
)
_top = msgspec.json.Decoder(_Top)
_format = msgspec.json.Decoder(Literal[2])
_records = msgspec.json.Decoder(list[dict[str, Any]])
_HEAD = ("format", "sources", "actors", "places")
_DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError)


class Scanned(Record):
    """What a scan found: the store (None if it has errors) and every problem of its events."""

    store: Store | None
    problems: list[Problem]


# Complexity 19 by radon: the steps of one pass in the order they run, each of the early
# returns a reason to hand the file to the rule book; split, they would pass a dozen
# values from one part to the next.
def scan(
    buffer: Any, path: str, *, warnings: bool = False, repeated: bool = False
) -> Scanned | None:
    """Return the store in ``buffer`` (bytes or a mapped file) and the problems of its
    events, or None if its top level, sources, actors or places are not plainly valid
    (the caller then checks the whole file with the rule book).

    ``warnings`` also explains the events holding control characters; ``repeated`` also
    finds keys given twice (see the module docstring)."""
    try:
        top: Any = _top.decode(buffer)
        _format.decode(top.format)
        lists = [_records.decode(top.sources), _records.decode(top.actors)]
        lists.append(_records.decode(top.places))
    except _DECODE_ERRORS:
        return None
    found_head = head(*lists)
    if found_head is None:
        return None
    sources, actors, places = found_head
    raws: list[Any] = top.events
    ids = {"sources": set(sources), "actors": set(actors), "places": set(places), "events": _ANY}
    published = {s: (v.published.end if v.published else None) for s, v in sources.items()}
    found = chunks.Pass(len(raws))
    found.ids_of_head = {k: v for k, v in ids.items() if k != "events"}
    found.published = published
    latest = chunks.Latest(published)
    known = {"sources": tuple(sources), "actors": tuple(actors), "places": tuple(places)}
    decode = msgspec.json.Decoder(event_type(known)).decode
    reader = (decode, Columns(typed=True, checked=frozenset(k for k, v in known.items() if v)))
    pages = Pages(buffer)
    pages.release()  # the first decoding read every page; each chunk reads its own again
    job = Look(buffer, top, chunks.CHUNK, warnings, repeated)
    found.fields = [] if repeated else None
    aside = Aside(job)
    try:
        work = chunks.Work(raws, reader, ids, latest, pages)
        chunks.check_events(found, work, spare=not aside.running)
    except BaseException:
        aside.cancel()
        raise
    seen = aside.result()
    if seen is None:
        return None  # a key of the head given twice: the rule book finds it, and explains
    found.marked = set(closer(job, seen, found.fields or [], decode))
    found.explain += found.marked
    _dangling(found)
    found.explain = sorted(set(found.explain))
    pages.release()
    problems = _head_warnings(top, path) if warnings else []
    problems += _explained(found, raws, sources, warnings) if found.explain else []
    if found.refused or any(p.severity == "error" for p in problems):
        return Scanned(None, problems)
    events = Events(decode, buffer, raws, found.spans, found.ids, found.linked, found.link)
    events.quotations = found.quotes
    broken = _relations(events, found)
    if broken:
        return Scanned(None, problems + broken)
    return Scanned(Store(path, sources, actors, events, places), problems)


def _head_warnings(top: Any, path: str) -> list[Problem]:
    """Return the warnings of the sources, actors and places (a small part of a store,
    accepted already: checking them again with the rule book costs little)."""
    from .document import check_document

    sources, actors, places = (
        _records.decode(raw) for raw in (top.sources, top.actors, top.places)
    )
    head_only = {"format": 2, "sources": sources, "actors": actors, "places": places}
    _, problems = check_document({**head_only, "events": []}, path)
    return problems


class _Everything:
    """Stands for the ids of the events while they are being read: ``part_of`` is checked
    once all of them are known."""

    def issuperset(self, _: Any) -> bool:
        return True


_ANY: Any = _Everything()


def _explained(
    found: chunks.Pass, raws: list[Any], sources: dict[str, Source], warnings: bool
) -> list[Problem]:
    """Return the problems of the events the pass could not accept, and their warnings."""
    items: list[tuple[int, Any, list[str]]] = []
    previous = 0
    all_ids = {i for i in found.ids if i} | found.seen
    for k in found.explain:
        item: Any = None if k in found.marked else found.only_late.get(k)
        if item is not None:
            ev, span = item
            dates = [found.published[r.source] for r in ev.sources]
            item = (ev.id, span, max(d for d in dates if d is not None))
        else:
            try:
                item = decode_json(bytes(raws[k]), "")
            except Exception:
                item = None
        items.append((k, item, [i for i in found.ids[previous:k] if i]))
        previous = k + 1
    ids = {**found.ids_of_head, "events": all_ids}
    return explain_events(items, ids, sources, warnings=warnings)


def _dangling(found: chunks.Pass) -> None:
    """Mark for explanation the events that are part of an event the store does not have
    (its ids known only now): the rule book names each where it is."""
    dangling = [ident for ident, whole in found.part_of.items() if whole not in found.seen]
    if dangling:
        positions = dict(zip(found.ids, range(len(found.ids)), strict=True))
        found.explain += [positions[ident] for ident in dangling]
        found.refused = True


def _relations(events: Events, found: chunks.Pass) -> list[Problem]:
    """Return the problems of ``part_of`` that span events: a cycle, a part outside its
    whole (every whole is there: ``_dangling`` saw to that)."""
    from .document import label

    if not found.part_of:
        return []
    position: Any = events.position
    linked = {ident: events[position(ident)] for ident in found.part_of}
    for whole in set(found.part_of.values()) - set(linked):
        linked[whole] = events[position(whole)]
    return [
        Problem(label("events", position(ident), ident), message)
        for ident, message in relation_problems(linked)
    ]


def load_file(
    path: str | os.PathLike[str], *, warnings: bool = False, repeated: bool = False
) -> Scanned | None:
    """Return ``scan`` of the file at ``path``, mapped; None if it cannot be mapped."""
    try:
        with open(path, "rb") as f:
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):  # not a regular file, empty, or unreadable
        return None
    mm.madvise(mmap.MADV_SEQUENTIAL)
    if mm[:3] == BOM:
        return scan(memoryview(mm)[3:], str(path), warnings=warnings, repeated=repeated)
    return scan(mm, str(path), warnings=warnings, repeated=repeated)


def load_large(data: bytes, path: str) -> Store | None:
    """Return the store encoded in ``data``, or None if anything about it is not plainly
    valid (for tests, which compare this path with the rule book)."""
    found = scan(data, path)
    return None if found is None else found.store
