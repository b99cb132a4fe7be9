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
from ..store import FIELDS

Doc = dict[str, Any]
KEY_ORDER = FIELDS  # the canonical key order is the schema's field order


def ordered(obj: Any, kind: str) -> Any:
    if not isinstance(obj, dict):
        return obj
    order = KEY_ORDER[kind]
    keys = [k for k in order if k in obj] + [k for k in obj if k not in order]
    out = {k: obj[k] for k in keys}
    if kind == "actor" and isinstance(out.get("offices"), list):
        out["offices"] = [ordered(o, "office") for o in out["offices"]]
    if kind == "event":
        if isinstance(out.get("sources"), list):
            out["sources"] = [ordered(r, "ref") for r in out["sources"]]
        if isinstance(out.get("notes"), list):
            out["notes"] = [ordered(n, "note") for n in out["notes"]]
    return out


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

    Sources and actors keep their order; events are sorted by ``event_sort_key``.
    """
    out = ordered(doc, "store")
    if isinstance(out.get("sources"), list):
        out["sources"] = [ordered(s, "source") for s in out["sources"]]
    if isinstance(out.get("actors"), list):
        out["actors"] = [ordered(a, "actor") for a in out["actors"]]
    if isinstance(out.get("events"), list):
        out["events"] = sorted((ordered(e, "event") for e in out["events"]), key=event_sort_key)
    return out  # type: ignore[no-any-return]


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
