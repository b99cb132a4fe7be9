"""Read a large store of format 2 a record at a time, keeping only what queries need.

With the standard json module, a store of 100,000 events took longer to load than jq
takes to filter it, and held every record in memory. Here the file is mapped, not read;
msgspec finds where each event's JSON begins and ends without building it; then the
events are decoded a chunk at a time into typed structs (``structs.py``), checked a column at a time by ``accept.py``, and dropped.
What is kept of each event is where its bytes are, its date and its id: ``Events``
decodes an event again when a query or an output needs it, and a date-only query needs
none but those it keeps. Pages of the mapped file are handed back to the kernel as the
events in them are checked (``pages.py``). Where a second CPU is free, a forked process
checks the later half of the chunks while this one checks the first (``forked.py``);
what it found is taken in only if it answered whole and saw no id this one saw, and
otherwise its half is checked here, so that either way the answer is one pass's.

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
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any, Literal

import msgspec

from ..dates import DateSpan, parse_stored
from ..model import Problem, Source, Store
from ..record import Record
from . import forked
from .accept import Columns, accepts, head
from .aside import Aside, Look, closer
from .decode import BOM, decode_json
from .document import explain_events
from .pages import Pages
from .repeats import fields, given_lists
from .rules import latest_publication, relation_problems
from .structs import Events, event_type

CHUNK = 4096  # events decoded at a time: enough to check in C, few enough to hold


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


class _Pass:
    """What one pass over the events found: the index of the accepted ones, and which
    events must be explained (refused, or holding what a warning is about)."""

    def __init__(self, n: int) -> None:
        self.spans: list[DateSpan] = [None] * n  # type: ignore[list-item]
        self.ids: list[str] = [""] * n
        self.linked: list[int] = []
        self.explain: list[int] = []
        self.refused = False
        self.seen: set[str] = set()
        self.part_of: dict[str, str] = {}
        self.link: dict[int, tuple[str | None, str | None]] = {}
        self.ids_of_head: dict[str, set[str]] = {}
        self.fields: list[int] | None = None  # of each chunk's structs, -1 if not all decoded
        self.marked: set[int] = set()  # named by the look aside: the rule book explains them
        self.quotes = 0
        self.only_late: dict[int, tuple[Any, DateSpan]] = {}  # events wrong by their date alone
        self.published: dict[str, date | None] = {}
        self.dates: dict[str, DateSpan] = {}  # each date of the store read once


def _events(
    found: _Pass,
    raws: list[Any],
    reader: tuple[Any, Columns],
    ids: dict[str, set[str]],
    latest: _Latest,
    pages: Pages,
    *,
    spare: bool,
) -> None:
    """Decode and check every event, a chunk at a time; where a second CPU is ``spare``
    (validate's look aside is not running on it), the later half of the chunks in a
    forked process (``forked.py``) while this one does the first."""
    middle = _middle(len(raws)) if spare else len(raws)
    other = None
    if middle < len(raws):
        other = forked.Forked(lambda: _rest(found, raws, middle, reader, ids, latest, pages))
    try:
        _chunks(found, raws, range(0, middle, CHUNK), reader, ids, latest, pages)
        answer = other.result() if other is not None else None
    except BaseException:
        if other is not None:
            other.cancel()
        raise
    if middle < len(raws) and not _merged(found, answer, raws, middle, reader[0]):
        _chunks(found, raws, range(middle, len(raws), CHUNK), reader, ids, latest, pages)


def _middle(n: int) -> int:
    """Return where the events left to a second CPU begin (a chunk's start), n if none."""
    chunks = -(-n // CHUNK)
    if n < forked.FORK_EVENTS or chunks < 2 or not forked.second_cpu():
        return n
    return CHUNK * (chunks // 2)


def _chunks(
    found: _Pass,
    raws: list[Any],
    starts: range,
    reader: tuple[Any, Columns],
    ids: dict[str, set[str]],
    latest: _Latest,
    pages: Pages,
) -> None:
    for start in starts:
        chunk = raws[start : start + CHUNK]
        _chunk(found, chunk, start, reader, ids, latest)
        pages.read(chunk)


def _rest(
    found: _Pass,
    raws: list[Any],
    middle: int,
    reader: tuple[Any, Columns],
    ids: dict[str, set[str]],
    latest: _Latest,
    pages: Pages,
) -> bytes:
    """In the forked process: check the events from ``middle`` on, from a pass that has
    seen none yet, and return what ``_merged`` takes in."""
    import pickle

    pages.read(raws[:middle])  # the other process reads those
    _chunks(found, raws, range(middle, len(raws), CHUNK), reader, ids, latest, pages)
    texts = [None if span is None else span.text for span in found.spans[middle:]]
    answer = (
        found.ids[middle:],
        texts,
        found.linked,
        found.link,
        found.part_of,
        found.explain,
        found.refused,
        found.quotes,
        list(found.only_late),
        list(found.seen),
        found.fields,
    )
    return pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)


def _merged(found: _Pass, answer: bytes | None, raws: list[Any], middle: int, decode: Any) -> bool:
    """Take in what the forked process found of the events from ``middle`` on; return
    False if there is nothing to take (it failed), or if an id it saw was seen here too:
    which of the two is refused, and the order of the problems, need one pass."""
    if answer is None:
        return False
    import pickle

    ids, texts, linked, link, part_of, explain, refused, quotes, late, seen, fields = pickle.loads(
        answer
    )
    if not found.seen.isdisjoint(seen):
        return False
    dates = found.dates
    for text in set(texts).difference(dates, [None]):
        dates[text] = parse_stored(text)
    spans = [None if text is None else dates[text] for text in texts]
    found.spans[middle:] = spans  # type: ignore[assignment]  # None where refused, as in _take
    found.ids[middle:] = ids
    found.linked += linked
    found.link.update(link)
    found.part_of.update(part_of)
    found.explain += explain
    found.refused |= refused
    found.quotes += quotes
    found.seen.update(seen)
    for k in late:  # the struct is needed to explain it: decoded again, here
        ev = decode(raws[k])
        if ev.date not in dates:
            dates[ev.date] = parse_stored(ev.date)
        found.only_late[k] = (ev, dates[ev.date])
    if found.fields is not None:
        found.fields += fields
    return True


def _chunk(
    found: _Pass,
    raws: list[Any],
    start: int,
    reader: tuple[Any, Columns],
    ids: dict[str, set[str]],
    latest: _Latest,
) -> None:
    """Decode and check the events ``raws`` (the first is the ``start``-th of the store)."""
    decode, columns = reader
    try:
        structs: list[Any] = list(map(decode, raws))
    except _DECODE_ERRORS:
        structs = [_decoded(found, decode, raw, k) for k, raw in enumerate(raws, start)]
    given = given_lists(structs)
    spans = found.dates
    decoded = [s for s in structs if s is not None]
    idents = list(map(_ID, decoded))
    whole = len(decoded) == len(raws)
    if found.fields is not None:  # for the look for keys given twice
        found.fields.append(fields(decoded, given) if whole else -1)
    if whole and accepts("event", decoded, ids, spans, columns) and found.seen.isdisjoint(idents):
        linked = _take(found, decoded, idents, start, latest)
    else:
        linked = [
            k
            for k, ev in enumerate(structs, start)
            if ev and _one(found, ev, k, columns, ids, spans, latest)
        ]
    for k in linked:
        ev = structs[k - start]
        found.linked.append(k)
        found.link[k] = (ev.part_of, ev.series)
        if ev.part_of is not None:
            found.part_of[ev.id] = ev.part_of


def _take(
    found: _Pass, decoded: list[Any], idents: list[str], start: int, latest: _Latest
) -> list[int]:
    """Index a chunk whose events are all plainly valid, a column at a time, but for their
    dates against their sources, which are checked here; return the positions of those
    part of another event or of a series."""
    found.seen.update(idents)
    dated = list(map(found.dates.__getitem__, map(_DATE, decoded)))
    lasts = list(map(latest.__getitem__, map(_cited, decoded)))
    late = [
        k
        for k, (span, last) in enumerate(zip(dated, lasts, strict=True), start)
        if last is not None and span.start > last
    ]
    for k in late:  # plainly valid but for the date: the rule book would say just this
        found.only_late[k] = (decoded[k - start], dated[k - start])
    refs = list(chain.from_iterable(map(_SOURCES, decoded)))
    found.quotes += len(refs) - list(map(_QUOTE, refs)).count(None)
    found.spans[start : start + len(decoded)] = dated
    found.ids[start : start + len(decoded)] = idents
    for k in late:
        found.spans[k], found.ids[k] = None, ""  # type: ignore[call-overload]
    found.explain += late
    found.refused |= bool(late)
    return [k for k, ev in enumerate(decoded, start) if ev.part_of or ev.series]


_ID, _DATE = attrgetter("id"), attrgetter("date")
_SOURCES, _QUOTE = attrgetter("sources"), attrgetter("quote")


def _decoded(found: _Pass, decode: Any, raw: Any, k: int) -> Any:
    """Return the struct of one event, or None (and the event to explain) if msgspec refuses
    it; the id of a refused event still counts for the ids that follow."""
    try:
        return decode(raw)
    except _DECODE_ERRORS:
        found.explain.append(k)
        found.refused = True
        ident = _id_of(raw)
        if ident is not None:
            found.seen.add(ident)
        return None


class _Latest(dict[tuple[str, ...], date | None]):
    """The latest publication date of each set of sources events cite (None when some
    source has no date: nothing can be said), found once per set (``rules.late_start``)."""

    def __init__(self, published: dict[str, date | None]) -> None:
        super().__init__()
        self.published = published

    def __missing__(self, cited: tuple[str, ...]) -> date | None:
        self[cited] = last = latest_publication([self.published[s] for s in cited])
        return last


def _cited(ev: Any) -> tuple[str, ...]:
    return tuple([r.source for r in ev.sources])


def _late(ev: Any, span: DateSpan, latest: _Latest) -> bool:
    """Return whether an event starts after the publication of every source it cites."""
    last = latest[_cited(ev)]
    return last is not None and span.start > last


def _one(
    found: _Pass,
    ev: Any,
    k: int,
    columns: Columns,
    ids: dict[str, set[str]],
    spans: dict[str, DateSpan],
    latest: _Latest,
) -> bool:
    """Check one event of a chunk that was not plainly valid as a whole; record it in the
    index if it is valid, for explanation if not. Return whether it is valid and linked."""
    ok = accepts("event", [ev], ids, spans, columns) and ev.id not in found.seen
    found.seen.add(ev.id)
    ok = ok and not _late(ev, spans[ev.date], latest)
    if not ok:
        found.explain.append(k)
        found.refused = True
    if ok:
        found.spans[k], found.ids[k] = spans[ev.date], ev.id
        found.quotes += sum(r.quote is not None for r in ev.sources)
    return ok and bool(ev.part_of or ev.series)


def _id_of(raw: Any) -> str | None:
    try:
        item = decode_json(bytes(raw), "")
    except Exception:
        return None
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) else None


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
    found = _Pass(len(raws))
    found.ids_of_head = {k: v for k, v in ids.items() if k != "events"}
    found.published = published
    latest = _Latest(published)
    known = {"sources": tuple(sources), "actors": tuple(actors), "places": tuple(places)}
    decode = msgspec.json.Decoder(event_type(known)).decode
    reader = (decode, Columns(typed=True, checked=frozenset(k for k, v in known.items() if v)))
    pages = Pages(buffer)
    pages.release()  # the first decoding read every page; each chunk reads its own again
    job = Look(buffer, top, CHUNK, warnings, repeated)
    found.fields = [] if repeated else None
    aside = Aside(job)
    try:
        _events(found, raws, reader, ids, latest, pages, spare=not aside.running)
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
    found: _Pass, raws: list[Any], sources: dict[str, Source], warnings: bool
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


def _dangling(found: _Pass) -> None:
    """Mark for explanation the events that are part of an event the store does not have
    (its ids known only now): the rule book names each where it is."""
    dangling = [ident for ident, whole in found.part_of.items() if whole not in found.seen]
    if dangling:
        positions = dict(zip(found.ids, range(len(found.ids)), strict=True))
        found.explain += [positions[ident] for ident in dangling]
        found.refused = True


def _relations(events: Events, found: _Pass) -> list[Problem]:
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
