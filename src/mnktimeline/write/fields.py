"""``timeline set``'s ``FIELD=VALUE``: what a user types, made the value the store holds.

How a value is read follows the field's type in the schema:

- text: as typed (a ``country`` in capitals); a place (``within``) by name, as ``--place``;
- a date: in any form the filters accept, stored at the precision given (``dates.to_stored``);
- a list of text (``tags``, ``aliases``, an event's ``actors``): items separated by ``;``,
  actors by name as in queries;
- an event's ``places``: names separated by ``;``, a role in brackets (``Beijing (proposed)``);
- a list of records: an event's ``sources`` as ``source-id (locator)``, its ``notes`` as
  ``kind: text [source; source]`` (the CSV export's forms), or any record as JSON;
- one record (``coordinates``, ``repost``): JSON, or one of its fields by a dotted name
  (``coordinates.lat=47.92``).

``FIELD=`` with nothing after it removes an optional field (and empties a list);
``FIELD+=VALUE`` adds to a list, ``FIELD-=VALUE`` takes out of it what matches.
"""

from __future__ import annotations

import re
from typing import Any

from ..csvformat import parse_notes_cell, parse_places_cell, parse_sources_cell, split_list
from ..dates import DateError, to_stored
from ..errors import UsageError
from ..model import Store, category_named
from ..record import Record
from ..store import StoreError, decode_json
from ..store.decode import repeated_key
from ..store.schema import SCHEMA, Field
from ..suggest import did_you_mean
from . import EditError
from .records import resolve_actor_ids, resolve_place_ids

_ASSIGNMENT = re.compile(
    r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(\+=|-=|=)(.*)", re.S
)
EXAMPLE = "title='A new title', date='Sep 2024' or tags+=track-2"
LISTS = ("texts", "links", "records")


class Assignment(Record):
    """One ``FIELD=VALUE`` (or ``+=``, ``-=``): the field's dotted path, the operator, the
    value as typed."""

    path: tuple[str, ...]
    op: str
    value: str

    @property
    def name(self) -> str:
        return ".".join(self.path)


def parse_assignment(text: str) -> Assignment:
    """Return the assignment ``text`` holds; refuses (UsageError) text that is not
    ``FIELD=VALUE``, ``FIELD+=VALUE`` or ``FIELD-=VALUE``."""
    m = _ASSIGNMENT.fullmatch(text.strip())
    if m is None:
        raise UsageError(f"'{text}' is not FIELD=VALUE; for example {EXAMPLE}")
    return Assignment(tuple(m[1].split(".")), m[2], m[3].strip())


def _field(kind: str, version: int, name: str, whole: str) -> Field:
    fields = {f.name: f for f in SCHEMA[version][kind]}
    if name in fields:
        return fields[name]
    hint = did_you_mean(name, fields, 1)
    raise UsageError(
        f"'{whole}' is not a field of {a_kind(kind)}"
        + (hint or f"; its fields are {', '.join(n for n in fields if n != 'id')}")
    )


def a_kind(kind: str) -> str:
    """Return "an event", "a place"."""
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


def apply(
    record: dict[str, Any], kind: str, version: int, a: Assignment, store: Store
) -> dict[str, Any]:
    """Return a copy of ``record`` (of ``kind``) with the assignment made.

    Refuses (UsageError) an unknown field, the id (``timeline mv`` renames), ``+=`` and
    ``-=`` on what is not a list, emptying a required field, and values that cannot be
    read as the field's type; EditError for names that fit nothing and ``-=`` of what is
    not there.
    """
    return _apply(record, kind, version, a, a.path, store)


def _apply(
    record: dict[str, Any],
    kind: str,
    version: int,
    a: Assignment,
    path: tuple[str, ...],
    store: Store,
) -> dict[str, Any]:
    field = _field(kind, version, path[0], a.name)
    if field.name == "id" and kind in ("event", "actor", "source", "place"):
        raise UsageError(
            "an id is changed with 'timeline mv OLD NEW', which also changes what refers to it"
        )
    out = dict(record)
    if len(path) > 1:
        if field.type != "record" or field.of is None:
            raise UsageError(f"'{a.name}': field '{field.name}' has no fields of its own")
        inner = record.get(field.name)
        value: Any = _apply(
            inner if isinstance(inner, dict) else {}, field.of, version, a, path[1:], store
        )
        value = value or None  # a record left without a field goes
    elif a.op == "=":
        value = _whole(field, kind, a, store)
        if value is None and field.required:
            raise UsageError(f"'{a.name}' is required and cannot be emptied; give it a value")
    elif field.type in LISTS:
        value = _listed(field, kind, a, store, list(record.get(field.name) or []))
    else:
        raise UsageError(
            f"'{a.op}' adds to or takes from a list, and '{a.name}' is not one; write {a.name}=VALUE"
        )
    if value is None:
        out.pop(field.name, None)
    else:
        out[field.name] = value
    return out


def _listed(field: Field, kind: str, a: Assignment, store: Store, old: list[Any]) -> Any:
    """Return the list after ``+=`` or ``-=``; None for a list of records left empty."""
    items = _items(field, kind, a, store)
    if a.op == "+=":
        return old + [i for i in items if field.type == "records" or i not in old]
    kept = [o for o in old if not any(_matches(o, i) for i in items)]
    if len(kept) == len(old):
        raise EditError(f"'{a.value}' is not in field '{a.name}'; nothing to take out of it")
    return kept if kept or field.type != "records" else None


def _matches(old: Any, item: Any) -> bool:
    """Return whether a list item is what ``-=`` names: equal, the same place whatever its
    role, or a record whose fields include every field given."""
    if isinstance(old, dict) and isinstance(item, dict):
        return all(old.get(k) == v for k, v in item.items())
    if isinstance(old, dict) and "place" in old:
        return bool(old["place"] == (item["place"] if isinstance(item, dict) else item))
    if isinstance(item, dict) and "place" in item:
        return bool(old == item["place"])
    return bool(old == item)


def _whole(field: Field, kind: str, a: Assignment, store: Store) -> Any:
    """Return the value of ``FIELD=VALUE``; None to remove the field."""
    text = a.value
    if field.type in LISTS:
        if not text:
            return None if field.type == "records" else []
        return _items(field, kind, a, store)
    if not text:
        return None
    if field.type == "date":
        try:
            return to_stored(text)
        except DateError as exc:
            raise UsageError(f"{a.name}: {exc}") from None
    if field.type == "choice":
        return (category_named(text) if field.of == "category" else None) or text.casefold()
    if field.type == "number":
        try:
            return float(text)
        except ValueError:
            raise UsageError(f"{a.name}: '{text}' is not a number") from None
    if field.type == "record":
        return _json(a, dict)
    if field.form == "country":
        return text.upper()
    if field.ref == "places":
        return resolve_place_ids(store, [text])[0]
    return text


def _items(field: Field, kind: str, a: Assignment, store: Store) -> list[Any]:
    """Return the list items ``a.value`` gives for a list field."""
    text = a.value
    if field.type == "texts":
        names = split_list(text)
        if field.ref == "actors":
            return list(resolve_actor_ids(store, names))
        return names
    if field.type == "links":
        if field.ref is None:
            return split_list(text)
        out: list[Any] = []
        for name, role in parse_places_cell(text):
            [ident] = resolve_place_ids(store, [name])
            out.append(ident if role == "venue" else {"place": ident, "role": role})
        return out
    if text[:1] in ("{", "["):
        found = _json(a, (dict, list))
        return found if isinstance(found, list) else [found]
    if field.of == "ref":
        refs, problems = parse_sources_cell(text)
        if problems:
            raise UsageError(f"{a.name}: {problems[0]}, or a JSON object with a quote")
        return refs
    if field.of == "note":
        return parse_notes_cell(text)
    raise UsageError(
        f"{a.name}: give the {field.of} as JSON, such as {a.name}+='{{\"title\": ...}}'"
    )


def _json(a: Assignment, kinds: type | tuple[type, ...]) -> Any:
    try:
        value = decode_json(a.value.encode("utf-8"), a.name)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    if not isinstance(value, kinds):
        raise UsageError(f"{a.name}: '{a.value}' is not a JSON object")
    key = repeated_key(value)
    if key is not None:
        raise UsageError(f"{a.name}: the key '{key}' is given more than once; give it once")
    return value
