"""``timeline import``: events from a CSV file in the export's dialect, or from JSON
(a list of events in the store's shape or that of ``list --json``, or a store file)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..csvformat import (
    EVENT_COLUMNS,
    EVENT_REQUIRED,
    parse_notes_cell,
    parse_sources_cell,
    read_list_cell,
    read_named_cell,
    unguard,
)
from ..dates import DateError, parse_stored
from ..model import Store
from ..store import StoreError, decode_json
from ..store.decode import Duplicated, repeated_key
from . import EditError
from .canonical import Doc, ordered
from .ids import derive_id
from .records import new_event_problems, resolve_actor_ids, resolve_place_ids

Named = tuple[str, str, bool]  # a name or id in a CSV cell, its role, whether it is an id


@dataclass(slots=True)
class ImportRow:
    """One row of an import file: where it is, the event it holds, what is wrong.

    ``actor_names`` and ``place_names`` are set for CSV rows, whose actors and places are
    names still to resolve, or ids (``(name or id, role, is_id)``).
    """

    where: str  # "line 3" or "item 0"
    record: Doc
    actor_names: tuple[Named, ...] | None = None
    problems: list[str] = field(default_factory=list)
    place_names: tuple[Named, ...] | None = None


def read_import_file(file: str, stdin: BinaryIO | None = None) -> tuple[str, str]:
    """Return the name to show and the text of an import file (``stdin`` when given).

    Raises EditError for a file that is missing, a folder, unreadable or not UTF-8.
    """
    name = "<stdin>" if stdin is not None else file
    try:
        raw = stdin.read() if stdin is not None else Path(file).read_bytes()
    except FileNotFoundError:
        raise EditError(f"{file}: no such file") from None
    except IsADirectoryError:
        raise EditError(f"{file} is a folder; give a CSV or JSON file") from None
    except OSError as exc:
        raise EditError(f"{file} cannot be read ({exc.strerror})") from None
    try:
        return name, raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise EditError(
            f"{name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
            "save it as UTF-8 ('CSV UTF-8' in spreadsheets)"
        ) from None


def read_import(text: str, name: str) -> list[ImportRow]:
    """Return the rows of an import file's text, CSV or JSON (told apart by ``name``'s
    suffix, else by the first character). JSON is a list of events, or an object with an
    ``events`` list (a store file: only its events are read). Refuses (EditError) a file
    that is neither, a CSV file without the export's header, and other JSON.
    """
    suffix = Path(name).suffix.casefold()
    stripped = text.lstrip("\ufeff \t\r\n")
    if suffix == ".json" or (suffix != ".csv" and stripped[:1] in ("[", "{")):
        return _read_json_rows(stripped, name)
    return _read_csv_rows(text.lstrip("\ufeff"), name)


def _read_json_rows(text: str, name: str) -> list[ImportRow]:
    # The store's own decoder: a key given twice is marked, not silently dropped, and a
    # number of thousands of digits is a number, not an internal error.
    try:
        data = decode_json(text.encode("utf-8", "surrogatepass"), name)
    except StoreError as exc:
        problem = str(exc.problems[0]).replace("is not a store: its", "its")
        raise EditError(f"{name} {problem}") from None
    if type(data) is Duplicated:
        raise EditError(
            f"{name}: the key '{data.duplicates[0]}' is given more than once at the top; "
            "give it once"
        )
    if isinstance(data, dict):
        # A whole store file is fine, but only its events are imported: its sources and
        # actors must already be in the store (a row citing others is rejected, by name).
        extra = sorted(
            k for k in data if k not in ("events", "sources", "actors", "places", "format")
        )
        if "events" not in data or extra:
            raise EditError(
                f"{name}: a JSON object to import needs an 'events' list"
                + (f" and no {', '.join(repr(k) for k in extra)}" if extra else "")
                + "; give a list of events or a store file"
            )
        data = data["events"]
    if not isinstance(data, list):
        raise EditError(
            f"{name}: JSON to import must be a list of events, not {type(data).__name__}"
        )
    rows = []
    for i, item in enumerate(data):
        row = ImportRow(f"item {i}", {})
        if not isinstance(item, dict):
            row.problems.append("must be a JSON object in the store's event shape")
        elif (key := repeated_key(item)) is not None:
            row.problems.append(f"the key '{key}' is given more than once; give it once")
        else:
            row.record = _from_export_shape(item, row.problems)
        rows.append(row)
    return rows


def _from_export_shape(item: Doc, problems: list[str]) -> Doc:
    """Return an event in the store's shape from either that shape or ``list --json``'s.

    The export gives actors as ``{"id", "name"}``, sources as ``{"id", "title", "url",
    "locator", "quote"}`` and adds start and end; those are read back (start and end
    must agree with the date).
    """
    record = {k: v for k, v in item.items() if k not in _DERIVED_KEYS}
    places = record.get("places")
    if isinstance(places, list):
        record["places"] = [_place_link(p) for p in places]
    actors = record.get("actors")
    if isinstance(actors, list):
        record["actors"] = [a["id"] if isinstance(a, dict) and "id" in a else a for a in actors]
    sources = record.get("sources")
    if isinstance(sources, list):
        record["sources"] = [_source_ref(s) for s in sources]
    _check_bounds(record.get("date"), item.get("start"), item.get("end"), problems)
    return record


def _source_ref(source: Any) -> Any:
    """Return the store's reference to a source from the export's source object."""
    if not (isinstance(source, dict) and "id" in source and "source" not in source):
        return source
    pairs = (
        ("source", source["id"]),
        ("locator", source.get("locator")),
        ("quote", source.get("quote")),
    )
    return {k: v for k, v in pairs if v is not None}


# What ``list --json`` adds to an event that the store does not hold.
_DERIVED_KEYS = ("start", "end", "display_date", "approximate", "uncertain", "related")


def _place_link(place: Any) -> Any:
    """Return the store's link to a place from the export's ``{"id", "name", "role"}``."""
    if not (isinstance(place, dict) and "id" in place and "place" not in place):
        return place
    role = place.get("role", "venue")
    return place["id"] if role == "venue" else {"place": place["id"], "role": role}


def _check_bounds(date_text: Any, start: Any, end: Any, problems: list[str]) -> None:
    if not start and not end:
        return
    try:
        span = parse_stored(date_text)
    except (DateError, TypeError):
        return  # the date's own error is reported by validation
    for label, given, actual in (("start", start, span.start), ("end", end, span.end)):
        if given and given != actual.isoformat():
            problems.append(
                f"{label} {given} does not match date {span.text} (which {label}s on "
                f"{actual.isoformat()}); correct the date, or empty the {label} column"
            )


def _read_csv_rows(text: str, name: str) -> list[ImportRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise EditError(f"{name} is not CSV that can be read: {exc}") from None
    if header is None:
        return []
    header = _check_header([h.strip() for h in header], name)
    rows: list[ImportRow] = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise EditError(f"{name}: line {line}: not CSV that can be read ({exc})") from None
        start_line, line = line, reader.line_num + 1
        if cells and any(c.strip() for c in cells):
            rows.append(_csv_row(header, cells, f"line {start_line}"))
    return rows


def _check_header(header: list[str], name: str) -> list[str]:
    unknown = [h for h in header if h not in EVENT_COLUMNS]
    missing = [c for c in EVENT_REQUIRED if c not in header]
    if unknown or missing:
        what = (
            f"column '{unknown[0]}' is not one of the export's"
            if unknown
            else f"the header has no '{missing[0]}' column"
        )
        raise EditError(
            f"{name}: line 1: {what}; the header of 'timeline list -f csv' is "
            f"{','.join(EVENT_COLUMNS)} (only date, title, summary, category and sources are needed)"
        )
    return header


def _csv_row(header: list[str], cells: list[str], where: str) -> ImportRow:
    row = ImportRow(where, {})
    if len(cells) != len(header):
        row.problems.append(f"has {len(cells)} cells where the header has {len(header)}")
        return row
    values = {h: unguard(c) for h, c in zip(header, cells, strict=True)}
    row.record, row.actor_names = _csv_record(values, row.problems)
    row.place_names = _csv_places(values)
    return row


def _csv_record(values: dict[str, str], problems: list[str]) -> tuple[Doc, tuple[Named, ...]]:
    refs, bad = parse_sources_cell(values.get("sources", ""))
    problems.extend(bad)
    record: Doc = {
        "id": values.get("id", "").strip(),
        "date": values.get("date", "").strip(),
        "title": values.get("title", ""),
        "summary": values.get("summary", ""),
        "category": values.get("category", "").strip(),
        "tags": read_list_cell(values.get("tags", "")),
        "actors": [],
        "places": [],
        "sources": refs,
    }
    for key in ("status", "part_of", "series"):
        if values.get(key, "").strip():
            # A series is a name, kept as written; the others are a word and an id.
            record[key] = values[key] if key == "series" else values[key].strip()
    if record.get("status") == "happened":
        # The default, which an export writes out in every row and a store leaves out: a
        # store read back from its own export is then the same file.
        del record["status"]
    notes = parse_notes_cell(values.get("notes", ""))
    if notes:
        record["notes"] = notes
    _check_bounds(
        record["date"], values.get("start", "").strip(), values.get("end", "").strip(), problems
    )
    return record, tuple(read_named_cell(values.get("actors", "")))


def _csv_places(values: dict[str, str]) -> tuple[Named, ...]:
    return tuple(read_named_cell(values.get("places", "")))


def plan_import(
    doc: Doc, store: Store, rows: Sequence[ImportRow], name: str
) -> tuple[Doc, list[Doc]]:
    """Return the document with every row's event added, and those events.

    All or nothing: if any row is wrong, raises EditError whose details name every
    rejected row (``NAME: line 3: reason``) and whose message says nothing was imported.
    Ids left empty are derived from date and title; an id already in the store, or used
    twice in the file, rejects the row. ``doc`` is not changed.
    """
    ids = _Ids({e.id for e in store.events})
    resolved: dict[tuple[Named, ...], list[str] | EditError] = {}  # rows repeat actors
    records: list[Doc] = []
    row_problems: list[list[str]] = []
    for row in rows:
        problems = list(row.problems)
        record = _resolved(doc, store, row, resolved, problems)
        ids.assign(record, row.where, problems)
        records.append(record)
        row_problems.append(problems)
    checked = [(i, r) for i, r in enumerate(records) if r]
    per_event, _ = new_event_problems(doc, [r for _, r in checked])
    for (i, _), problems in zip(checked, per_event, strict=True):
        row_problems[i].extend(problems)
    rejected = sum(bool(problems) for problems in row_problems)
    if rejected:
        details = [
            f"{name}: {row.where}: {p}"
            for row, problems in zip(rows, row_problems, strict=True)
            for p in problems
        ]
        raise EditError(
            f"{name}: {rejected} of {len(rows)} row{'s' if len(rows) != 1 else ''} rejected "
            f"(listed above); nothing was imported into {store.path}",
            details,
        )
    accepted = [ordered(r, "event") for r in records]
    return {**doc, "events": [*doc["events"], *accepted]}, accepted


def _resolved(
    doc: Doc,
    store: Store,
    row: ImportRow,
    resolved: dict[tuple[Named, ...], list[str] | EditError],
    problems: list[str],
) -> Doc:
    """Return a row's event with the names of its actors and places (CSV) made ids."""
    record = dict(row.record)
    if row.actor_names is not None:
        found = _actors(store, row.actor_names, resolved)
        if isinstance(found, EditError):
            problems.append(str(found))
        else:
            record["actors"] = found
    if row.place_names is not None:
        record["places"] = _places(store, row.place_names, "format" in doc, problems)
    return record


def _actors(
    store: Store, names: tuple[Named, ...], resolved: dict[tuple[Named, ...], list[str] | EditError]
) -> list[str] | EditError:
    """Return the actor ids of a row's names and ids (or the error that says why not),
    once per distinct list."""
    if names not in resolved:
        try:
            resolved[names] = [
                n if is_id else resolve_actor_ids(store, [n])[0] for n, _, is_id in names
            ]
        except EditError as exc:
            resolved[names] = exc
    found = resolved[names]
    return found if isinstance(found, EditError) else list(found)


def _places(store: Store, names: tuple[Named, ...], linked: bool, problems: list[str]) -> list[Any]:
    """Return a row's places as the store holds them: names in a store of format 1,
    links to place records (resolved by name, or given by id) in format 2."""
    if not linked:
        return [name for name, _, _ in names]
    out: list[Any] = []
    for name, role, is_id in names:
        try:
            ident = name if is_id else resolve_place_ids(store, [name])[0]
        except EditError as exc:
            problems.append(str(exc))
            continue
        out.append(ident if role == "venue" else {"place": ident, "role": role})
    return out


class _Ids:
    """The ids of an import: the store's, then the file's so far, with where each was used."""

    def __init__(self, in_store: set[str]) -> None:
        self.in_store = frozenset(in_store)
        self.used = set(in_store)
        self.first_use: dict[str, str] = {}

    def assign(self, record: Doc, where: str, problems: list[str]) -> None:
        """Give ``record`` an id if it has none; add a problem if its id is taken."""
        ident = record.get("id")
        if ident is None or ident == "":
            try:
                ident = derive_id(record.get("date"), str(record.get("title") or ""), self.used)  # type: ignore[arg-type]
            except (DateError, TypeError):
                ident = None  # the date's own error comes from validation
            record["id"] = ident or "row"
        elif isinstance(ident, str) and ident in self.in_store:
            problems.append(f"an event with the id '{ident}' is already in the store")
        elif isinstance(ident, str) and ident in self.first_use:
            problems.append(f"the id '{ident}' is also used by {self.first_use[ident]}")
        if isinstance(ident, str) and ident:
            self.first_use.setdefault(ident, where)
            self.used.add(ident)
