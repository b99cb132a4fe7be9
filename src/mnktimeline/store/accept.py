"""Accept a plainly valid store fast, a column at a time, or defer to the rule book.

Every rule declared in ``schema.py`` is checked here over a whole column of records at
once (every title of the store, every actor reference), mostly with iterators that run
in C, and the records are built only if all hold. Nothing here explains: anything not
plainly valid makes ``build`` return None, and the caller runs ``validate.check_document``,
which names the file, record and field. This must never accept what the rule book
refuses (tests/test_store_paths.py holds the paths to the same answers).

Records come as dicts from the json module or msgspec's untyped decoding, or as msgspec
structs (``fast.py``) whose types msgspec has already checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Any

from ..dates import DateError, DateSpan, parse_stored
from ..model import Actor, Event, Note, Office, Source, SourceRef, Store
from .schema import CHOICES, FIELDS, FORMS, ID, SCHEMA, TOP_LEVEL, Field
from .validate import late_start

_NONE = type(None)
_REQUIRED = {k: frozenset(f.name for f in fs if f.required) for k, fs in SCHEMA.items()}
_KNOWN = {k: frozenset(FIELDS[k]) for k in SCHEMA}
# What the json module gives for a field of each type (None: absent or null).
_TYPES: dict[str, set[type]] = {
    "id": {str},
    "text": {str},
    "date": {str},
    "choice": {str},
    "texts": {list},
    "records": {list},
}


class Columns:
    """How to read a field of every record of a list, and whether types still need checking."""

    def __init__(self, typed: bool) -> None:
        self.typed = typed

    def get(self, field: Field) -> Callable[[Any], Any]:
        if self.typed:
            return attrgetter(field.name)
        empty: list[Any] | None = [] if field.type in ("texts", "records") else None
        return methodcaller("get", field.name, empty)


DICTS = Columns(typed=False)
STRUCTS = Columns(typed=True)


def accepts(
    kind: str,
    items: Sequence[Any],
    ids: dict[str, set[str]],
    spans: dict[str, DateSpan],
    columns: Columns = DICTS,
) -> bool:
    """Return whether every record of ``kind`` in ``items`` keeps every rule of the schema.

    ``ids`` holds the ids that references may name, per top-level list; ``spans`` is
    filled with the records' dates, read.
    """
    if not columns.typed and not _shapes(kind, items):
        return False
    for f in SCHEMA[kind]:
        column: list[Any] = list(map(columns.get(f), items))
        if not columns.typed and not set(map(type, column)) <= _allowed(f):
            return False
        if f.type in ("texts", "records"):
            if f.min_items and not all(map(len, column)):
                return False
            column = list(chain.from_iterable(column))
            if f.type == "records":
                assert f.of is not None
                if not accepts(f.of, column, ids, spans, columns):
                    return False
                continue
            if not columns.typed and not set(map(type, column)) <= {str}:
                return False
        elif not f.required:
            column = [v for v in column if v is not None]
        if not _keeps(f, column, ids, spans):
            return False
    return True


def _allowed(f: Field) -> set[type]:
    """Return the types the json module may give for ``f``: an optional text or date may be
    null (which means absent); a list, when present, must be a list."""
    if f.required or f.type in ("texts", "records"):
        return _TYPES[f.type]
    return _TYPES[f.type] | {_NONE}


def _shapes(kind: str, items: Sequence[Any]) -> bool:
    """Return whether every item is a plain object (no key given twice) with every
    required field and no field outside the schema."""
    return (
        set(map(type, items)) <= {dict}
        and all(map(_REQUIRED[kind].issubset, items))
        and _KNOWN[kind].issuperset(chain.from_iterable(items))
    )


def _keeps(
    f: Field, column: list[str], ids: dict[str, set[str]], spans: dict[str, DateSpan]
) -> bool:
    """Return whether a column of strings keeps the rules of field ``f``."""
    if "" in column or any(map(str.isspace, column)):
        return False
    joined = "".join(column)
    if not joined.isascii():
        try:
            joined.encode("utf-8")  # refuses a lone surrogate, in C, faster than a search
        except UnicodeEncodeError:
            return False
    if f.max_length is not None and max(map(len, column), default=0) > f.max_length:
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


def _ids(items: list[Any]) -> set[str]:
    return {item["id"] for item in items}


def build(doc: Any, path: str) -> Store | None:
    """Return the store of a document parsed by the json module, or None if anything
    about it is not plainly valid."""
    if type(doc) is not dict or set(doc) != set(TOP_LEVEL):
        return None
    if not all(type(doc[key]) is list for key in TOP_LEVEL):
        return None
    sources, actors = head(doc["sources"], doc["actors"], path)
    if sources is None or actors is None:
        return None
    ids = {"sources": set(sources), "actors": set(actors)}
    spans: dict[str, DateSpan] = {}
    if not accepts("event", doc["events"], ids, spans):
        return None
    events = events_of(doc["events"], sources, spans, _event_of_dict)
    if events is None:
        return None
    return Store(path=path, sources=sources, actors=actors, events=tuple(events))


def head(
    raw_sources: list[Any], raw_actors: list[Any], path: str
) -> tuple[dict[str, Source] | None, dict[str, Actor] | None]:
    """Return the sources and actors of a store (as parsed dicts), or None for either
    list that is not plainly valid."""
    spans: dict[str, DateSpan] = {}
    if not accepts("source", raw_sources, {}, spans):
        return None, None
    source_ids = _ids(raw_sources)
    if not accepts("actor", raw_actors, {"sources": source_ids}, spans):
        return None, None
    sources = {s.id: s for s in map(lambda o: _source_of_dict(o, spans), raw_sources)}
    actors = {a.id: a for a in map(lambda o: _actor_of_dict(o, spans), raw_actors)}
    return sources, actors


def events_of(
    items: list[Any],
    sources: dict[str, Source],
    spans: dict[str, DateSpan],
    make: Callable[[Any, DateSpan], Event],
    *,
    consume: bool = False,
) -> list[Event] | None:
    """Return the events of accepted records (made by ``make``), or None if one starts
    after the publication of every source it cites. With ``consume``, each record is
    dropped from ``items`` (set to None) as soon as its event is made, which frees a
    large store's decoded structs as it goes (the caller cannot fall back on them)."""
    published: dict[str, date | None] = {
        sid: (src.published.end if src.published is not None else None)
        for sid, src in sources.items()
    }
    out: list[Event] = []
    for i in range(len(items)):
        item = items[i]
        if consume:
            items[i] = None
        ev = make(item, spans[_date_of(item)])
        if late_start(ev.date, [published[r.source] for r in ev.sources]) is not None:
            return None
        out.append(ev)
    return out


def _date_of(item: Any) -> str:
    return item["date"] if type(item) is dict else item.date  # type: ignore[no-any-return]


# tuple.__new__ skips a NamedTuple's Python-level __new__: a third of the time of building
# a large store went there.
new = tuple.__new__


def _event_of_dict(o: dict[str, Any], span: DateSpan) -> Event:
    get = o.get
    refs = tuple(
        [new(SourceRef, (r["source"], r.get("locator"), r.get("quote"))) for r in o["sources"]]
    )
    notes = tuple([new(Note, (n["text"], tuple(n["sources"]))) for n in get("notes", ())])
    return new(
        Event,
        (
            o["id"],
            span,
            o["title"],
            o["summary"],
            o["category"],
            refs,
            tuple(get("actors", ())),
            tuple(get("tags", ())),
            tuple(get("places", ())),
            notes,
        ),
    )


def _source_of_dict(o: dict[str, Any], spans: dict[str, DateSpan]) -> Source:
    published = o.get("published")
    return Source(
        o["id"],
        o["title"],
        o.get("author"),
        o.get("publisher"),
        spans[published] if published is not None else None,
        o.get("url"),
    )


def _actor_of_dict(o: dict[str, Any], spans: dict[str, DateSpan]) -> Actor:
    offices = tuple(
        Office(f["title"], spans[f["date"]] if f.get("date") is not None else None, f.get("source"))
        for f in o.get("offices", ())
    )
    return Actor(
        o["id"], o["name"], o["kind"], o.get("country"), tuple(o.get("aliases", ())), offices
    )
