"""A Frictionless Data Package: the tidy tables of render/tables.py as CSV files, and a
``datapackage.json`` that describes them (a Table Schema each, with primary and foreign
keys), the dataset's licence and the sources of the events.

The CSV is UTF-8, RFC 4180 with CRLF line ends, a header row, an empty cell for a missing
value. Unlike ``timeline export csv``, which is for people and spreadsheets, cells are the
store's values exactly: no ' before a leading = + - @, since the tools that read a Data
Package take values as they are.

With filters, an event may be a part of one that is not selected; its ``part_of`` still
names that event, and the package then declares no foreign key on ``part_of``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from .. import dataset
from ..citing import cite_events
from ..model import Event, Store
from .tables import TABLES, Cell, Table

DESCRIPTOR = "datapackage.json"


def files(evs: Sequence[Event], store: Store, **_: Any) -> Iterator[tuple[str, Iterator[str]]]:
    """Yield the package's files, ``(name, chunks)``: a CSV file per table, then the
    descriptor."""
    for table in TABLES:
        yield f"{table.name}.csv", _csv(table, evs, store)
    yield (
        DESCRIPTOR,
        iter([json.dumps(descriptor(evs, store), ensure_ascii=False, indent=2) + "\n"]),
    )


def _cell(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(table: Table, evs: Sequence[Event], store: Store) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow([c.name for c in table.columns])
    for row in table.rows(evs, store):
        writer.writerow([_cell(v) for v in row])
        if buf.tell() > 1 << 16:
            yield buf.getvalue()
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue()


def descriptor(evs: Sequence[Event], store: Store) -> dict[str, Any]:
    """Return the ``datapackage.json`` of a package of ``evs`` (Data Package v1)."""
    selected = {ev.id for ev in evs}
    whole = all(ev.part_of is None or ev.part_of in selected for ev in evs)
    cited = cite_events(store, evs).sources
    return {
        "profile": "tabular-data-package",
        "name": dataset.NAME,
        "title": dataset.TITLE,
        "description": dataset.DESCRIPTION,
        "version": dataset.VERSION,
        "keywords": list(dataset.KEYWORDS),
        "contributors": [{"title": name, "role": "author"} for name in dataset.AUTHORS],
        "licenses": [
            {
                "name": dataset.DATA_LICENCE,
                "path": dataset.DATA_LICENCE_URL,
                "title": dataset.DATA_LICENCE_TITLE,
            }
        ],
        "sources": [_source(s.title, s.url) for s in cited],
        "resources": [_resource(t, keep_part_of=whole) for t in TABLES],
    }


def _source(title: str, url: str | None) -> dict[str, str]:
    return {"title": title, "path": url} if url else {"title": title}


def _resource(table: Table, *, keep_part_of: bool) -> dict[str, Any]:
    keys = [
        {
            "fields": list(fk.fields) if len(fk.fields) > 1 else fk.fields[0],
            "reference": {
                # A key into the same table names the resource "" (Table Schema v1).
                "resource": "" if fk.table == table.name else fk.table,
                "fields": list(fk.keys) if len(fk.keys) > 1 else fk.keys[0],
            },
        }
        for fk in table.foreign_keys
        if keep_part_of or fk.fields != ("part_of",)
    ]
    schema: dict[str, Any] = {
        "fields": list(_fields(table)),
        "primaryKey": list(table.primary_key),
        "missingValues": [""],
    }
    if keys:
        schema["foreignKeys"] = keys
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


def _fields(table: Table) -> Iterable[dict[str, Any]]:
    for column in table.columns:
        field: dict[str, Any] = {"name": column.name, "type": column.type}
        if column.description:
            field["description"] = column.description
        constraints: dict[str, Any] = {}
        if column.required:
            constraints["required"] = True
        if column.enum:
            constraints["enum"] = list(column.enum)
        if constraints:
            field["constraints"] = constraints
        yield field
