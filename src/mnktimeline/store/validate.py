"""The rule book: check a parsed store document and name every problem in it.

``check_document`` walks the declarations of ``schema.py`` over every record, so that each
problem names the file, the record and the field, and it finds all of them, not only the
first. ``fast.py`` accepts plainly valid large stores by the same declarations and the same
record rules (``late_start``), and hands anything else here for the message.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from ..dates import DateError, DateSpan, parse_stored
from ..model import Actor, Event, Note, Office, Problem, Source, SourceRef, Store
from ..suggest import did_you_mean
from ..textsafety import has_control, has_surrogate
from .decode import Duplicated, kind_of
from .schema import (
    CHOICES,
    FIELDS,
    FORMS,
    ID,
    RECORD_OF_LIST,
    SCHEMA,
    TOP_LEVEL,
    WHY_NOT_EMPTY,
    Field,
)

SURROGATE_PROBLEM = (
    "holds a lone surrogate, which is not a character (a \\u escape such as \\ud800 "
    "without its pair); write the character itself"
)
CONTROL_PROBLEM = "contains control or bidirectional characters"
LIMITS: dict[str, str] = {"quote": "a quotation is at most {max}, one sentence"}


def label(kind: str, index: int, ident: Any) -> str:
    """Return how a problem names a record: ``events[3] '2014-talks'``, or ``events[3]``."""
    if isinstance(ident, str) and ident:
        return f"{kind}[{index}] '{ident}'"
    return f"{kind}[{index}]"


def late_start(span: DateSpan, published: list[date | None]) -> date | None:
    """Return the latest publication date when an event starts after every one of them.

    A source cannot report what had not yet happened: an event that starts after the last
    day of every cited source's publication is misdated or miscited. Returns None when the
    event is fine, or when some cited source has no date (nothing can be said).
    """
    known = [p for p in published if p is not None]
    if not known or len(known) < len(published):
        return None
    latest = max(known)
    return latest if span.start > latest else None


class Checker:
    """Collects problems while turning one JSON document's records into typed values.

    ``ids`` holds, per top-level list, the ids its records give, valid or not, so that a
    reference to a record that is itself broken is not reported twice. With ``warnings``
    False the searches that can only find warnings (control characters) are skipped.
    """

    def __init__(self, ids: dict[str, set[str]], *, warnings: bool = True) -> None:
        self.problems: list[Problem] = []
        self.warnings = warnings
        self.ids = ids
        self.seen: dict[str, set[str]] = {kind: set() for kind in SCHEMA}
        self.spans: dict[str, DateSpan] = {}  # many records share a date

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message, "warning"))

    def record(self, kind: str, item: Any, where: str) -> dict[str, Any] | None:
        """Return the checked values of a record by field name (None where absent or
        wrong), or None if it is not an object at all."""
        obj = self._shape(kind, item, where)
        if obj is None:
            return None
        return {f.name: check(self, kind, f, obj, where) for f, check in _PLAN[kind]}

    def _shape(self, kind: str, obj: Any, where: str) -> dict[str, Any] | None:
        if type(obj) is dict and _REQUIRED[kind] <= obj.keys() <= _KNOWN[kind]:
            return obj  # the common case, decided by two set comparisons
        if not isinstance(obj, dict):
            self.error(where, f"must be a JSON object, not {kind_of(obj)}")
            return None
        for key in obj.duplicates if type(obj) is Duplicated else ():
            self.error(
                where,
                f"field '{key}' is given more than once; only the last would be kept, "
                "so merge them into one",
            )
        for field in SCHEMA[kind]:
            if field.required and field.name not in obj:
                self.error(where, f"field '{field.name}' is missing")
        known = FIELDS[kind]
        for key in obj:
            if key not in known:
                hint = did_you_mean(key, known, 1)
                self.error(
                    where,
                    f"field '{key}' is not part of the schema"
                    + (hint or f"; known fields: {', '.join(known)}"),
                )
        return obj

    def dangling(self, where: str, field: Field, value: str) -> bool:
        """Report a reference to an id the store does not have; return True if it has it."""
        assert field.ref is not None
        known = self.ids[field.ref]
        if value in known:
            return True
        what = RECORD_OF_LIST[field.ref]
        self.error(
            where,
            f"field '{field.name}' refers to {what} '{value}', which is not in the store"
            + did_you_mean(value, sorted(known), 1),
        )
        return False


def _check_id(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    if field.name not in obj:
        return None  # reported as a missing field
    value = obj[field.name]
    if not isinstance(value, str):
        ck.error(where, f"field '{field.name}' must be text, not {kind_of(value)}")
        return None
    if not ID.fullmatch(value):
        ck.error(
            where,
            f"field '{field.name}' '{value}' may hold only letters, digits and . _ : - "
            "and must start with a letter or digit",
        )
        return None
    if value in ck.seen[kind]:
        ck.error(where, f"duplicate {kind} id '{value}'")
        return None
    ck.seen[kind].add(value)
    return value


def _given(ck: Checker, field: Field, obj: dict[str, Any], where: str, noun: str) -> Any:
    """Return the field's value; None when absent or null (an error if it is required)."""
    value = obj.get(field.name)
    if value is None and field.name in obj and field.required:
        ck.error(where, f"field '{field.name}' must be {noun}, not null")
    return value


def _check_text(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = _given(ck, field, obj, where, "text")
    if value is None:
        return None
    if type(value) is not str:
        ck.error(where, f"field '{field.name}' must be text, not {kind_of(value)}")
        return None
    if not value or value.isspace():
        ck.error(where, f"field '{field.name}' is empty")
        return None
    if has_surrogate(value):
        ck.error(where, f"field '{field.name}' {SURROGATE_PROBLEM}")
        return None
    if ck.warnings and has_control(value):
        ck.warn(where, f"field '{field.name}' {CONTROL_PROBLEM}")
    if field.max_length is not None and len(value) > field.max_length:
        why = LIMITS.get(field.name, "it may have at most {max}").format(max=field.max_length)
        ck.error(where, f"field '{field.name}' has {len(value)} characters; {why}")
        return None
    if field.form is not None:
        pattern, rule = FORMS[field.form]
        if not pattern.fullmatch(value):
            ck.error(where, f"field '{field.name}' '{value}' {rule}")
            return None
    if field.ref is not None and not ck.dangling(where, field, value):
        return None
    return value


def _check_texts(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = obj.get(field.name, [])
    if not isinstance(value, list):
        ck.error(where, f"field '{field.name}' must be a list of text, not {kind_of(value)}")
        return ()
    if not field.min_items and field.ref is None and _plain_texts(value, ck.warnings):
        return tuple(value)  # the common case: no item needs a closer look
    out: list[str] = []
    for i, item in enumerate(value):
        this = f"field '{field.name}' item {i}"
        if not isinstance(item, str) or not item.strip():
            what = "empty text" if isinstance(item, str) else kind_of(item)
            ck.error(where, f"{this} must be non-empty text, not {what}")
            continue
        if has_surrogate(item):
            ck.error(where, f"{this} {SURROGATE_PROBLEM}")
            continue
        if ck.warnings and has_control(item):
            ck.warn(where, f"{this} {CONTROL_PROBLEM}")
        out.append(item)
    if field.min_items and field.name in obj and not out:
        ck.error(where, f"field '{field.name}' is empty; {_why(kind, field)}")
    for ref in out if field.ref is not None else ():
        ck.dangling(where, field, ref)
    return tuple(out)


def _plain_texts(items: list[Any], warnings: bool) -> bool:
    """Return whether every item is plainly good text (none empty, blank or odd)."""
    for item in items:
        if type(item) is not str or not item or item.isspace():
            return False
        if not item.isascii() and (has_surrogate(item) or (warnings and has_control(item))):
            return False
    return True


def _check_date(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = _given(ck, field, obj, where, "a date")
    if value is None:
        return None
    if not isinstance(value, str):
        ck.error(
            where, f"field '{field.name}' must be a date written as text, not {kind_of(value)}"
        )
        return None
    span = ck.spans.get(value)
    if span is None:
        try:
            span = ck.spans[value] = parse_stored(value)
        except DateError as exc:
            ck.error(where, f"field '{field.name}': {exc}")
            return None
    return span


def _check_choice(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    if field.name not in obj:
        return None
    value = obj[field.name]
    assert field.of is not None
    choices = CHOICES[field.of]
    if not isinstance(value, str):
        ck.error(where, f"field '{field.name}' must be text, not {kind_of(value)}")
        return None
    if value not in choices:
        hint = did_you_mean(value, choices, 1).removeprefix("; ")
        ck.error(
            where,
            f"field '{field.name}' is {json.dumps(value)}; "
            + (f"{hint} " if hint else "")
            + f"use one of: {', '.join(choices)}",
        )
        return None
    return value


def _check_records(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    if field.name not in obj:
        return []
    value = obj[field.name]
    if not isinstance(value, list):
        ck.error(where, f"field '{field.name}' must be a list, not {kind_of(value)}")
        return []
    if field.min_items and not value:
        ck.error(where, f"field '{field.name}' is empty; {_why(kind, field)}")
        return []
    assert field.of is not None
    out = []
    for i, item in enumerate(value):
        values = ck.record(field.of, item, f"{where} {field.name}[{i}]")
        if values is not None:
            out.append(values)
    return out


def _why(kind: str, field: Field) -> str:
    return WHY_NOT_EMPTY.get((kind, field.name), "give at least one")


_CHECKS: dict[str, Callable[[Checker, str, Field, dict[str, Any], str], Any]] = {
    "id": _check_id,
    "text": _check_text,
    "texts": _check_texts,
    "date": _check_date,
    "choice": _check_choice,
    "records": _check_records,
}
# Per record kind: each field with its check, and the sets of required and known keys.
_PLAN = {kind: [(f, _CHECKS[f.type]) for f in fields] for kind, fields in SCHEMA.items()}
_REQUIRED = {
    kind: frozenset(f.name for f in fields if f.required) for kind, fields in SCHEMA.items()
}
_KNOWN = {kind: frozenset(FIELDS[kind]) for kind in SCHEMA}


# --- from checked values to records ---------------------------------------------------


def _complete(values: dict[str, Any], kind: str) -> bool:
    return all(values[f.name] is not None for f in SCHEMA[kind] if f.required)


def _source(values: dict[str, Any]) -> Source | None:
    if not _complete(values, "source"):
        return None
    v = values
    return Source(v["id"], v["title"], v["author"], v["publisher"], v["published"], v["url"])


def _actor(values: dict[str, Any]) -> Actor | None:
    if not _complete(values, "actor"):
        return None
    offices = tuple(
        Office(o["title"], o["date"], o["source"]) for o in values["offices"] if o["title"]
    )
    v = values
    return Actor(v["id"], v["name"], v["kind"], v["country"], v["aliases"], offices)


def _event(
    ck: Checker, values: dict[str, Any], sources: dict[str, Source], where: str
) -> Event | None:
    refs = tuple(
        SourceRef(r["source"], r["locator"], r["quote"]) for r in values["sources"] if r["source"]
    )
    notes = tuple(Note(n["text"], n["sources"]) for n in values["notes"] if n["text"])
    span = values["date"]
    if span is not None and refs:
        published = [
            s.published.end if (s := sources.get(r.source)) and s.published else None
            for r in refs
            if r.source in sources
        ]
        latest = late_start(span, published)
        if latest is not None:
            ck.error(
                where,
                f"field 'date' {span.text} is after the publication date of every source it "
                f"cites (latest {latest.isoformat()})",
            )
            return None
    if not _complete(values, "event") or not refs:
        return None
    v = values
    return Event(
        v["id"],
        span,
        v["title"],
        v["summary"],
        v["category"],
        refs,
        v["actors"],
        v["tags"],
        v["places"],
        notes,
    )


# --- the document -----------------------------------------------------------------------


def ids_in(doc: dict[str, Any]) -> dict[str, set[str]]:
    """Return, per top-level list, the ids its records give (valid or not)."""
    out: dict[str, set[str]] = {}
    for key in TOP_LEVEL:
        items = doc.get(key)
        out[key] = (
            {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}
            if isinstance(items, list)
            else set()
        )
    return out


def _records(ck: Checker, doc: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield the label and checked values of each record of a top-level list."""
    items = doc.get(key)
    if items is None:
        ck.error("", f"the top-level list '{key}' is missing")
        return
    if not isinstance(items, list):
        ck.error(key, f"must be a list, not {kind_of(items)}")
        return
    for i, item in enumerate(items):
        where = label(key, i, item.get("id") if isinstance(item, dict) else None)
        values = ck.record(RECORD_OF_LIST[key], item, where)
        if values is not None:
            yield where, values


def _top_level(ck: Checker, doc: Any) -> bool:
    if not isinstance(doc, dict):
        ck.error(
            "",
            "the top level must be a JSON object with 'sources', 'actors' and 'events', "
            f"not {kind_of(doc)}",
        )
        return False
    for key in doc:
        if key not in TOP_LEVEL:
            ck.error(
                "", f"top-level key '{key}' is not part of the schema (sources, actors, events)"
            )
    for key in doc.duplicates if type(doc) is Duplicated else ():
        ck.error(
            "",
            f"top-level key '{key}' is given more than once; only the last would be kept, "
            "so merge them into one",
        )
    return True


def check_document(
    doc: Any, path: str = "<store>", *, warnings: bool = True
) -> tuple[Store | None, list[Problem]]:
    """Return the store built from a parsed JSON document and every problem in it.

    The store is None when any problem is an error; warnings (control characters in
    text, for instance) still give a store. ``warnings`` False skips looking for them.
    """
    ck = Checker(ids_in(doc) if isinstance(doc, dict) else {}, warnings=warnings)
    if not _top_level(ck, doc):
        return None, ck.problems
    sources: dict[str, Source] = {}
    for _, values in _records(ck, doc, "sources"):
        if (source := _source(values)) is not None:
            sources[source.id] = source
    actors: dict[str, Actor] = {}
    for _, values in _records(ck, doc, "actors"):
        if (actor := _actor(values)) is not None:
            actors[actor.id] = actor
    events = [
        ev
        for where, values in _records(ck, doc, "events")
        if (ev := _event(ck, values, sources, where)) is not None
    ]
    if any(p.severity == "error" for p in ck.problems):
        return None, ck.problems
    return Store(path=path, sources=sources, actors=actors, events=tuple(events)), ck.problems
