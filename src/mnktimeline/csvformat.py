"""The CSV dialect of the exports and imports, both ways, in one place.

UTF-8, RFC 4180 quoting, CRLF line ends; a byte-order mark first on request (``BOM``,
which Excel needs to read UTF-8, and which import skips). List fields are joined by "; ";
an event's actors and places are names (a place's role in brackets, "Beijing
(proposed)"), its sources ``source-id (locator)`` with their titles and URLs in the two
columns beside them (which import ignores), its notes ``kind: text [source-id;
source-id]`` joined by " | ". A cell that starts with = + - @ tab or CR gets a leading '
so that spreadsheets do not run it as a formula; ``unguard`` takes that ' off again on
import.

Nothing is lost on the way back: where the short form of a list would not read back as
what it was (a quotation, a tag holding ";", a note holding " | ", a name two actors
share), the cell holds the list as JSON instead, in the store's own shape
(``[{"source": ..., "locator": ..., "quote": ...}]``, actors and places as ``{"id",
"name"}``), and an import reads a cell that is a JSON list as such.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from .model import Note, SourceRef

EVENT_COLUMNS = (
    "id",
    "date",
    "start",
    "end",
    "status",
    "title",
    "summary",
    "category",
    "tags",
    "actors",
    "places",
    "part_of",
    "series",
    "sources",
    # For people, beside the ids: each source's title and URL, in the order of `sources`
    # (an empty item for a source without a URL). Import ignores them.
    "source_titles",
    "source_urls",
    "notes",
)
EVENT_REQUIRED = ("date", "title", "summary", "category", "sources")
ACTOR_COLUMNS = ("id", "name", "aliases", "kind", "country", "offices", "events")
PLACE_COLUMNS = ("id", "name", "aliases", "kind", "within", "country", "lat", "lon", "events")
SOURCE_COLUMNS = ("id", "title", "author", "publisher", "published", "url", "events")

BOM = "\ufeff"
_GUARDED = ("=", "+", "-", "@", "\t", "\r")
LIST_SEPARATOR = "; "
NOTE_SEPARATOR = " | "


def guard(text: str) -> str:
    """Return text safe for a spreadsheet: a leading = + - @ would start a formula.

    Text that already starts with quotes and then one of them is guarded too, so that
    ``unguard`` gives every text back whole."""
    first = text.lstrip("'")[:1]
    return "'" + text if first and first in _GUARDED else text


def unguard(cell: str) -> str:
    """Return a CSV cell without the ' that ``guard`` put before = + - @."""
    if cell[:1] == "'" and guard(cell[1:]) == cell:
        return cell[1:]
    return cell


def rows(header: Sequence[str], records: Iterable[Sequence[str]]) -> Iterator[str]:
    """Yield the CSV text of a header and rows, a row at a time, every cell guarded."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    for row in records:
        writer.writerow([guard(v) for v in row])
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def join_list(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(items)


def split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _json_cell(value: list[Any]) -> str:
    return json.dumps(value, ensure_ascii=False)


def json_list(cell: str) -> list[Any] | None:
    """Return the list a cell holds as JSON (see the module docstring), or None when it
    is a short form."""
    if not cell.lstrip().startswith("["):
        return None
    try:
        value = json.loads(cell)
    except (ValueError, RecursionError):
        return None  # a short form that happens to start with [
    return value if isinstance(value, list) else None


def list_cell(items: Sequence[str]) -> str:
    """Return the cell of a list of text: "a; b", or JSON when that would not read back."""
    short = join_list(items)
    return short if read_list_cell(short) == list(items) else _json_cell(list(items))


def read_list_cell(cell: str) -> list[str]:
    """Return the items of a list cell (see ``list_cell``)."""
    found = json_list(cell)
    if found is not None and all(isinstance(i, str) for i in found):
        return found
    return split_list(cell)


def sources_cell(refs: Sequence[SourceRef]) -> str:
    """Return the cell of an event's sources: ``source-id (locator)`` joined by "; ", or the
    references as JSON when one has a quotation or a locator that would not read back."""
    short = LIST_SEPARATOR.join(
        f"{r.source} ({r.locator})" if r.locator else r.source for r in refs
    )
    as_stored = [{k: v for k, v in r._asdict().items() if v is not None} for r in refs]
    if parse_sources_cell(short) == (as_stored, []):
        return short
    return _json_cell(as_stored)


def notes_cell(notes: Sequence[Note]) -> str:
    """Return the cell of an event's notes, ``kind: text [source; source]`` joined by
    " | ", or the notes as JSON when that would not read back."""
    short = NOTE_SEPARATOR.join(f"{n.kind}: {n.text} [{join_list(n.sources)}]" for n in notes)
    as_stored = [{"kind": n.kind, "text": n.text, "sources": list(n.sources)} for n in notes]
    return short if parse_notes_cell(short) == as_stored else _json_cell(as_stored)


def named_cell(items: Sequence[tuple[str, str, str]], unique: Callable[[str], bool]) -> str:
    """Return the cell of an event's actors or places, ``(id, name, role)`` triples: the
    names (a role other than venue in brackets), or ``{"id", "name", "role"}`` objects as
    JSON when a name is not ``unique`` or would not read back."""
    short = LIST_SEPARATOR.join(
        name if role == "venue" else f"{name} ({role})" for _, name, role in items
    )
    names = [(name, role) for _, name, role in items]
    if all(unique(name) for name in dict(names)) and parse_places_cell(short) == names:
        return short
    return _json_cell(
        [{"id": i, "name": n} | ({} if r == "venue" else {"role": r}) for i, n, r in items]
    )


def read_named_cell(cell: str) -> list[tuple[str, str, bool]]:
    """Return the ``(name or id, role, is_id)`` items of an actors or places cell."""
    found = json_list(cell)
    if found is not None and all(isinstance(i, dict) and "id" in i for i in found):
        return [(str(i["id"]), str(i.get("role", "venue")), True) for i in found]
    return [(name, role, False) for name, role in parse_places_cell(cell)]


_PLACE_ITEM = re.compile(r"(?P<name>.*?)\s*\((?P<role>venue|subject|proposed)\)")


def parse_places_cell(cell: str) -> list[tuple[str, str]]:
    """Return the ``(name, role)`` pairs of a places cell (see ``places_cell``)."""
    out = []
    for item in split_list(cell):
        m = _PLACE_ITEM.fullmatch(item)
        out.append((m["name"], m["role"]) if m else (item, "venue"))
    return out


def _split_top_level(cell: str) -> list[str]:
    """Split at ";" outside parentheses, so a locator may hold "; "."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in cell:
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        if ch == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


_SOURCE_ITEM = re.compile(r"(?P<id>[^\s()]+)(?:\s+\((?P<locator>.*)\))?")
_NOTE_CELL = re.compile(
    r"(?:(?P<kind>disagreement|uncertainty|derivation): )?(?P<text>.*?)\s*\[(?P<sources>[^\[\]]*)\]"
)


def parse_sources_cell(cell: str) -> tuple[list[dict[str, str]], list[str]]:
    """Return the source references of a sources cell, and a problem for each bad item."""
    found = json_list(cell)
    if found is not None:
        bad = [
            f"sources item {i} is not a JSON object"
            for i, r in enumerate(found)
            if not isinstance(r, dict)
        ]
        return [r for r in found if isinstance(r, dict)], bad
    refs: list[dict[str, str]] = []
    problems: list[str] = []
    for item in _split_top_level(cell):
        m = _SOURCE_ITEM.fullmatch(item)
        if m is None:
            problems.append(f"sources item '{item}' is not 'source-id' or 'source-id (locator)'")
            continue
        ref = {"source": m["id"]}
        if m["locator"]:
            ref["locator"] = m["locator"]
        refs.append(ref)
    return refs, problems


def parse_notes_cell(cell: str) -> list[Any]:
    """Return the notes of a notes cell; a note without its [sources] gets none, which
    validation then refuses."""
    found = json_list(cell)
    if found is not None:
        return found
    out: list[Any] = []
    for part in cell.split(NOTE_SEPARATOR):
        text = part.strip()
        if not text:
            continue
        m = _NOTE_CELL.fullmatch(text)
        if m is None:
            out.append({"text": text})
            continue
        note: dict[str, object] = {"text": m["text"], "sources": split_list(m["sources"])}
        if m["kind"]:
            note = {"kind": m["kind"], **note}
        out.append(note)
    return out
