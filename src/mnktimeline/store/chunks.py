"""One pass over the events of a large store (``fast.py``): decoded a chunk at a time
into typed structs, checked a column at a time by ``accept.py``, and indexed.

A chunk whose events are all plainly valid is indexed a column at a time; one that is not
is checked event by event, and the events it refuses are left to the rule book to
explain. Where a second CPU is free, a forked process checks the later half of the
chunks while this one checks the first (``forked.py``); what it found is taken in only if
it answered whole and saw no id this one saw, and otherwise its half is checked here, so
that either way the answer is one pass's.
"""

from __future__ import annotations

from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any

import msgspec

from ..dates import DateSpan, parse_stored
from ..record import Record
from . import forked
from .accept import Columns, accepts
from .decode import decode_json
from .pages import Pages
from .repeats import fields, given_lists
from .rules import latest_publication

CHUNK = 4096  # events decoded at a time: enough to check in C, few enough to hold

_DECODE_ERRORS = (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError)


class Pass:
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


class Work(Record):
    """What each chunk of one pass is checked with: the events' spans in the file, the
    store's event decoder and its columns, the ids references may name, the sources'
    latest dates, and the pages of the file."""

    raws: list[Any]
    reader: tuple[Any, Columns]
    ids: dict[str, set[str]]
    latest: Latest
    pages: Pages


def check_events(found: Pass, work: Work, *, spare: bool) -> None:
    """Decode and check every event, a chunk at a time; where a second CPU is ``spare``
    (validate's look aside is not running on it), the later half of the chunks in a
    forked process (``forked.py``) while this one does the first."""
    n = len(work.raws)
    middle = _middle(n) if spare else n
    other = forked.Forked(lambda: _rest(found, work, middle)) if middle < n else None
    try:
        _chunks(found, work, range(0, middle, CHUNK))
        answer = other.result() if other is not None else None
    except BaseException:
        if other is not None:
            other.cancel()
        raise
    if middle < n and not _merged(found, answer, work, middle):
        _chunks(found, work, range(middle, n, CHUNK))


def _middle(n: int) -> int:
    """Return where the events left to a second CPU begin (a chunk's start), n if none."""
    chunks = -(-n // CHUNK)
    if n < forked.FORK_EVENTS or chunks < 2 or not forked.second_cpu():
        return n
    return CHUNK * (chunks // 2)


def _chunks(found: Pass, work: Work, starts: range) -> None:
    for start in starts:
        chunk = work.raws[start : start + CHUNK]
        _chunk(found, chunk, start, work.reader, work.ids, work.latest)
        work.pages.read(chunk)


def _rest(found: Pass, work: Work, middle: int) -> bytes:
    """In the forked process: check the events from ``middle`` on, from a pass that has
    seen none yet, and return what ``_merged`` takes in."""
    import pickle

    work.pages.read(work.raws[:middle])  # the other process reads those
    _chunks(found, work, range(middle, len(work.raws), CHUNK))
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


def _merged(found: Pass, answer: bytes | None, work: Work, middle: int) -> bool:
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
    decode = work.reader[0]
    for k in late:  # the struct is needed to explain it: decoded again, here
        ev = decode(work.raws[k])
        if ev.date not in dates:
            dates[ev.date] = parse_stored(ev.date)
        found.only_late[k] = (ev, dates[ev.date])
    if found.fields is not None:
        found.fields += fields
    return True


def _chunk(
    found: Pass,
    raws: list[Any],
    start: int,
    reader: tuple[Any, Columns],
    ids: dict[str, set[str]],
    latest: Latest,
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
    found: Pass, decoded: list[Any], idents: list[str], start: int, latest: Latest
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


def _decoded(found: Pass, decode: Any, raw: Any, k: int) -> Any:
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


class Latest(dict[tuple[str, ...], date | None]):
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


def _late(ev: Any, span: DateSpan, latest: Latest) -> bool:
    """Return whether an event starts after the publication of every source it cites."""
    last = latest[_cited(ev)]
    return last is not None and span.start > last


def _one(
    found: Pass,
    ev: Any,
    k: int,
    columns: Columns,
    ids: dict[str, set[str]],
    spans: dict[str, DateSpan],
    latest: Latest,
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
