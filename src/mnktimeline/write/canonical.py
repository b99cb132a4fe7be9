"""The canonical layout of a store file, so that its git diffs show only real changes.

Sources and actors keep their file order (it is the order people curate them in, and
sorting would turn a first ``fmt`` into a diff of the whole file); events are sorted by
start date, end date, then id, as the chronology is (``model.chronological``). Keys follow
the schema's field order; fields present in the file stay, absent ones are not added;
two-space indent, UTF-8 without escapes, a final newline.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from datetime import date
from json.encoder import encode_basestring
from typing import Any

from ..dates import DateError, DateSpan, parse_stored
from ..model import chronological
from ..store import format_of
from ..store.schema import FIELDS, LATEST, RECORD_OF_LIST, SCHEMA, TOP_LEVEL

Doc = dict[str, Any]


def ordered(obj: Any, kind: str, version: int = LATEST) -> Any:
    """Return a copy of a record with its keys, and those of the records it holds, in the
    schema's field order (keys the schema does not know last, as they were)."""
    if not isinstance(obj, dict):
        return obj
    order = FIELDS[version][kind]
    out = {k: obj[k] for k in order if k in obj}
    out.update((k, v) for k, v in obj.items() if k not in order)
    for field in SCHEMA[version][kind]:
        value = out.get(field.name)
        if field.of is None or field.type == "choice" or value is None:
            continue
        if field.type == "record":
            out[field.name] = ordered(value, field.of, version)
        elif isinstance(value, list):
            out[field.name] = [ordered(item, field.of, version) for item in value]
    return out


def lists(doc: Doc) -> tuple[str, ...]:
    """Return the top-level lists of a store document's format, in canonical order."""
    return TOP_LEVEL[format_of(doc) or LATEST]


def event_sort_key(record: Any) -> tuple[date, date, str]:
    """Return the canonical sort key of an event record: start, end, id.

    Records whose date cannot be read sort last (a store with them does not validate,
    so they are never written; the key only has to be total).
    """
    if not isinstance(record, dict):
        return chronological(None, "")
    ident = record.get("id")
    when = record.get("date")
    return chronological(
        _span(when) if isinstance(when, str) else None, ident if isinstance(ident, str) else ""
    )


@functools.lru_cache(maxsize=8192)
def _span(text: str) -> DateSpan | None:
    # Cached: a store of 20,000 events is sorted on every write, and dates repeat.
    try:
        return parse_stored(text)
    except DateError:
        return None


def canonical_document(doc: Doc) -> Doc:
    """Return a copy of a store document in canonical order; ``doc`` is not changed.

    Sources, actors and places keep their order; events are sorted by ``event_sort_key``.
    """
    version = format_of(doc) or LATEST
    order = FIELDS[version]["store"]
    out = {k: doc[k] for k in order if k in doc}
    out.update((k, v) for k, v in doc.items() if k not in order)
    for key in TOP_LEVEL[version]:
        if isinstance(out.get(key), list):
            records = [ordered(r, RECORD_OF_LIST[key], version) for r in out[key]]
            out[key] = sorted(records, key=event_sort_key) if key == "events" else records
    return out


def canonical_text(doc: Doc) -> str:
    """Return the canonical text of a store document (see the module docstring).

    Equal to ``json.dumps(canonical_document(doc), ensure_ascii=False, indent=2) + "\\n"``,
    written by hand because json's indenting encoder is pure Python and three times
    slower on a store of 20,000 events.
    """
    return "".join(canonical_chunks(doc))


def canonical_chunks(doc: Doc, block: int = 4096) -> Iterator[str]:
    """Return the canonical text of ``doc`` in pieces of about ``block`` JSON tokens each.

    The records of each top-level list are written one by one, so a large store streams
    to its file instead of being built whole in memory first.
    """
    canon = canonical_document(doc)
    if not canon:
        yield "{}\n"
        return
    out: list[str] = []
    sep = "{\n  "
    for key, value in canon.items():
        out.append(sep + encode_basestring(key) + ": ")
        sep = ",\n  "
        if not isinstance(value, list) or not value:
            _emit(value, "  ", out)
            continue
        item_sep = "[\n    "
        for item in value:
            out.append(item_sep)
            item_sep = ",\n    "
            _emit(item, "    ", out)
            if len(out) >= block:
                yield "".join(out)
                out.clear()
        out.append("\n  ]")
    out.append("\n}\n")
    yield "".join(out)


def _emit(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, dict | list):
        pairs: Iterable[tuple[str | None, Any]]
        if isinstance(value, dict):
            opening, closing, pairs = "{", "}", value.items()
        else:
            opening, closing, pairs = "[", "]", ((None, v) for v in value)
        if not value:
            out.append(opening + closing)
            return
        inner = indent + "  "
        sep = opening + "\n" + inner
        for key, item in pairs:
            out.append(sep if key is None else sep + encode_basestring(key) + ": ")
            sep = ",\n" + inner
            _emit(item, inner, out)
        out.append("\n" + indent + closing)
    else:
        out.append(json.dumps(value))


def first_difference(old: str, new: str) -> int:
    """Return the 1-based number of the first line where ``old`` and ``new`` differ."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1):
        if a != b:
            return number
    return min(old.count("\n"), new.count("\n")) + 1
