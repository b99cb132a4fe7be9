"""Accept a plainly valid store fast, a column at a time, or defer to the rule book.

Every rule declared in ``schema.py`` is checked here over a whole column of records at
once (every title of the store, every actor reference), mostly with iterators that run
in C, and the records are built only if all hold; so are the rules that span records
(``rules.py``). Nothing here explains: anything not plainly valid makes ``build`` return
None, and the caller runs ``document.check_document``, which names the file, record and
field. This must never accept what the rule book refuses (tests/test_store_paths.py holds
the paths to the same answers). Only format 2 is accepted here; a store of format 1 always
goes through the rule book, which reads it as format 2.

Records come as dicts from the json module or msgspec's untyped decoding, or as msgspec
structs (``fast.py``) whose types msgspec has already checked.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from itertools import chain
from operator import attrgetter, methodcaller
from typing import Any

from ..dates import DateError, DateSpan, parse_stored
from ..model import (
    Actor,
    Event,
    Note,
    Place,
    PlaceRef,
    Source,
    SourceRef,
    Store,
)
from .document import MODELS
from .rules import late_start, relation_problems, within_problems
from .schema import CHOICES, FIELDS, FORMS, ID, LATEST, SCHEMA, TOP_LEVEL, Field

_KINDS = SCHEMA[LATEST]
_NONE = type(None)
_REQUIRED = {k: frozenset(f.name for f in fs if f.required) for k, fs in _KINDS.items()}
_KNOWN = {k: frozenset(FIELDS[LATEST][k]) for k in _KINDS}
_LISTS = ("texts", "records", "links")
# What the json module gives for a field of each type.
_TYPES: dict[str, set[type]] = {
    "id": {str},
    "text": {str},
    "date": {str},
    "choice": {str},
    "number": {int, float},
    "record": {dict},
    "texts": {list},
    "records": {list},
    "links": {list},
}


class Columns:
    """How to read a field of every record of a list, and whether types still need checking."""

    def __init__(self, typed: bool, checked: frozenset[str] = frozenset()) -> None:
        self.typed = typed
        self.checked = checked  # the lists whose ids msgspec checked, as Literal types

    def done(self, field: Field) -> bool:
        """Return whether msgspec's types already enforced every rule of ``field``."""
        if not self.typed:
            return False
        return field.type == "choice" or (
            field.type in ("text", "texts", "links") and field.ref in self.checked
        )

    def get(self, field: Field) -> Callable[[Any], Any]:
        if self.typed:
            return attrgetter(field.name)
        empty: list[Any] | None = [] if field.type in _LISTS else None
        return methodcaller("get", field.name, empty)


DICTS = Columns(typed=False)


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
    for f in _KINDS[kind]:
        if columns.done(f):
            continue
        column: list[Any] = list(map(columns.get(f), items))
        if not columns.typed and not set(map(type, column)) <= _allowed(f):
            return False
        if f.type in _LISTS and f.min_items and not all(map(len, column)):
            return False
        if f.type in _LISTS:
            column = list(chain.from_iterable(column))
        elif not f.required:
            column = [v for v in column if v is not None]
        if not _column(f, column, ids, spans, columns):
            return False
    return True


def _column(
    f: Field,
    column: list[Any],
    ids: dict[str, set[str]],
    spans: dict[str, DateSpan],
    columns: Columns,
) -> bool:
    """Return whether the values of field ``f`` (list fields flattened) keep its rules."""
    if f.type in ("record", "records"):
        assert f.of is not None
        return accepts(f.of, column, ids, spans, columns)
    if f.type == "links":
        assert f.of is not None
        linked = [v for v in column if type(v) is str]
        objects = [v for v in column if type(v) is not str]
        return _keeps(f, linked, ids, spans, columns.typed) and accepts(
            f.of, objects, ids, spans, columns
        )
    if f.type == "number":
        return _in_bounds(f, column)
    if f.type == "texts" and not columns.typed and not set(map(type, column)) <= {str}:
        return False
    return _keeps(f, column, ids, spans, columns.typed)


def _allowed(f: Field) -> set[type]:
    """Return the types the json module may give for ``f``: an optional scalar may be null
    (which means absent); a list, when present, must be a list."""
    if f.required or f.type in _LISTS:
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


def _in_bounds(f: Field, column: list[Any]) -> bool:
    low, high = f.bounds or (-math.inf, math.inf)
    return all(map(math.isfinite, column)) and all(low <= v <= high for v in column)


def _keeps(
    f: Field,
    column: list[str],
    ids: dict[str, set[str]],
    spans: dict[str, DateSpan],
    typed: bool = False,
) -> bool:
    """Return whether a column of strings keeps the rules of field ``f``. Strings that
    msgspec decoded (``typed``) are known to be non-empty and to hold no lone surrogate."""
    if any(map(str.isspace, column)) or not (typed or _plain_text(column)):
        return False
    return _values_keep(f, column, ids, typed) and (f.type != "date" or _dates(column, spans))


def _values_keep(f: Field, column: list[str], ids: dict[str, set[str]], typed: bool) -> bool:
    """Return whether the values of a column keep the field's length, pattern, vocabulary
    and reference rules."""
    if f.max_length is not None and max(map(len, column), default=0) > f.max_length:
        return False
    if f.type == "id" and (not all(map(ID.fullmatch, column)) or len(set(column)) < len(column)):
        return False
    if f.type == "choice" and not typed and not set(CHOICES[f.of or ""]).issuperset(column):
        return False  # msgspec checks a choice itself, as a Literal
    if f.form is not None and not all(map(FORMS[f.form][0].fullmatch, column)):
        return False
    return f.ref is None or ids[f.ref].issuperset(column)


def _dates(column: list[str], spans: dict[str, DateSpan]) -> bool:
    """Read the dates of a column into ``spans``; return whether every one could be read."""
    try:
        for text in set(column).difference(spans):
            spans[text] = parse_stored(text)
    except DateError:
        return False
    return True


def _plain_text(column: list[str]) -> bool:
    """Return whether no string is empty and none holds a lone surrogate."""
    if "" in column:
        return False
    joined = "".join(column)
    try:
        joined.isascii() or joined.encode("utf-8")  # refuses a lone surrogate, in C
    except UnicodeEncodeError:
        return False
    return True


def _ids(items: Any, columns: Columns = DICTS) -> set[Any]:
    """Return the ids the records give (a set of whatever they hold; rules check them)."""
    if columns.typed:
        return set(map(attrgetter("id"), items))
    if type(items) is not list:
        return set()
    return {i["id"] for i in items if type(i) is dict and type(i.get("id")) is str}


def build(doc: Any, path: str) -> Store | None:
    """Return the store of a format-2 document parsed by the json module, or None if
    anything about it is not plainly valid (or it is of format 1)."""
    if type(doc) is not dict or doc.get("format") != LATEST or type(doc["format"]) is not int:
        return None
    if set(doc) != {"format", *TOP_LEVEL[LATEST]} or not all(
        type(doc[key]) is list for key in TOP_LEVEL[LATEST]
    ):
        return None
    found = head(doc["sources"], doc["actors"], doc["places"])
    if found is None:
        return None
    sources, actors, places = found
    events = events_of(doc["events"], sources, actors, places, _event_of_dict)
    if events is None:
        return None
    return Store(path, sources, actors, tuple(events), places)


def head(
    raw_sources: list[Any], raw_actors: list[Any], raw_places: list[Any]
) -> tuple[dict[str, Source], dict[str, Actor], dict[str, Place]] | None:
    """Return the sources, actors and places of a store (as parsed dicts), or None if any
    of the lists is not plainly valid."""
    spans: dict[str, DateSpan] = {}
    ids = {"sources": _ids(raw_sources)}
    if not accepts("source", raw_sources, ids, spans):
        return None
    if not accepts("actor", raw_actors, ids, spans):
        return None
    ids["places"] = _ids(raw_places)
    if not accepts("place", raw_places, ids, spans):
        return None
    sources = {o["id"]: record_of("source", o, spans) for o in raw_sources}
    actors = {o["id"]: record_of("actor", o, spans) for o in raw_actors}
    places = {o["id"]: record_of("place", o, spans) for o in raw_places}
    if next(within_problems(places), None) is not None:
        return None
    return sources, actors, places


def events_of(
    items: list[Any],
    sources: dict[str, Source],
    actors: dict[str, Actor],
    places: dict[str, Place],
    make: Callable[[Any, dict[str, DateSpan]], Event],
    columns: Columns = DICTS,
    *,
    consume: bool = False,
) -> list[Event] | None:
    """Return the events of event records (made by ``make`` from a record and the spans of
    its dates), or None if any is not plainly valid. With ``consume``, each record is
    dropped from ``items`` (set to None) as soon as its event is made, which frees a large
    store's decoded structs as it goes (the caller cannot fall back on them)."""
    ids = {
        "sources": set(sources),
        "actors": set(actors),
        "places": set(places),
        "events": _ids(items, columns),
    }
    spans: dict[str, DateSpan] = {}
    if not accepts("event", items, ids, spans, columns):
        return None
    published: dict[str, date | None] = {
        sid: (src.published.end if src.published is not None else None)
        for sid, src in sources.items()
    }
    out: dict[str, Event] = {}
    for i in range(len(items)):
        ev = make(items[i], spans)
        if consume:
            items[i] = None
        dates = [published[r.source] for r in ev.sources]
        if None not in dates and late_start(ev.date, dates) is not None:
            return None
        out[ev.id] = ev
    if next(relation_problems(out), None) is not None:
        return None
    return list(out.values())


# tuple.__new__ skips a NamedTuple's Python-level __new__: a third of the time of building
# a large store went there.
new = tuple.__new__


def _event_of_dict(o: dict[str, Any], spans: dict[str, DateSpan]) -> Event:
    get = o.get
    refs = tuple(
        [new(SourceRef, (r["source"], r.get("locator"), r.get("quote"))) for r in o["sources"]]
    )
    notes = tuple(
        [new(Note, (n["text"], tuple(n["sources"]), n["kind"])) for n in get("notes", ())]
    )
    return new(
        Event,
        (
            o["id"],
            spans[o["date"]],
            o["title"],
            o["summary"],
            o["category"],
            refs,
            tuple(get("actors", ())),
            tuple(get("tags", ())),
            tuple(map(place_ref, get("places", ()))),
            notes,
            get("status") or "happened",
            get("part_of"),
            get("series"),
        ),
    )


def place_ref(link: Any) -> PlaceRef:
    """Return the place reference of an event's place link: an id, or an object."""
    if type(link) is str:
        return new(PlaceRef, (link, "venue"))
    if type(link) is dict:
        return new(PlaceRef, (link["place"], link["role"]))
    return new(PlaceRef, (link.place, link.role))


def record_of(kind: str, o: dict[str, Any], spans: dict[str, DateSpan]) -> Any:
    """Return the record of a plainly valid object of ``kind`` (one of ``MODELS``)."""
    model, plan = _PLANS[kind]
    values: list[Any] = []
    add = values.append
    get = o.get
    for name, how, of in plan:
        value = get(name)
        if value is None:
            add(() if how in _LISTED else None)
        elif how is None or how is _LINKS:
            add(value)
        elif how is _DATE:
            add(spans[value])
        elif how is _LIST:
            add(tuple(value))
        elif how is _NUMBER:
            add(float(value))
        elif how is _RECORD:
            add(record_of(of, value, spans))
        else:
            add(tuple([record_of(of, v, spans) for v in value]))
    return new(model, values)


# How record_of turns each field's value into the record's: worked out once per kind, so
# that loading does not ask each field of each record for its type (a third of the time
# of reading the bundled store's sources, actors and places went there).
_DATE, _LIST, _NUMBER, _RECORD, _RECORDS, _LINKS = (
    "date",
    "list",
    "number",
    "record",
    "records",
    "links",
)
_LISTED = (_LIST, _RECORDS, _LINKS)  # left out: an empty tuple


def _plan(kind: str) -> tuple[type, list[tuple[str, str | None, str]]]:
    model: Any = MODELS[kind]
    fields = _KINDS[kind]
    assert len(fields) == len(model._fields), kind  # new() fills every field
    plan: list[tuple[str, str | None, str]] = []
    for f in fields:
        how: str | None = {
            "date": _DATE,
            "texts": _LIST,
            "number": _NUMBER,
            "record": _RECORD,
            "records": _RECORDS,
            "links": _LINKS,
        }.get(f.type)
        plan.append((f.name, how, f.of or ""))
    return model, plan


_PLANS = {kind: _plan(kind) for kind in MODELS}
