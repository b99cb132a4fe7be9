"""The CSV dialect of the exports and imports, both ways, in one place.

UTF-8, RFC 4180 quoting, CRLF line ends; a byte-order mark first on request (``BOM``,
which Excel needs to read UTF-8, and which import skips). List fields are joined by "; ";
an event's sources are ``source-id (locator)``, with their titles and URLs beside them; its notes are ``text [source-id; source-id]`` joined
by " | ". A cell that starts with = + - @ tab or CR gets a leading ' so that spreadsheets
do not run it as a formula; ``unguard`` takes that ' off again on import.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence

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
    """Return text safe for a spreadsheet: a leading = + - @ would start a formula."""
    return "'" + text if text[:1] in _GUARDED else text


def unguard(cell: str) -> str:
    """Return a CSV cell without the ' that ``guard`` put before = + - @."""
    if cell[:1] == "'" and cell[1:2] in _GUARDED and cell[1:2] != "":
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


def sources_cell(refs: Iterable[SourceRef]) -> str:
    return LIST_SEPARATOR.join(f"{r.source} ({r.locator})" if r.locator else r.source for r in refs)


def notes_cell(notes: Iterable[Note]) -> str:
    """Return the cell of an event's notes: ``kind: text [source; source]`` joined by " | "."""
    return NOTE_SEPARATOR.join(f"{n.kind}: {n.text} [{join_list(n.sources)}]" for n in notes)


def places_cell(places: Iterable[tuple[str, str]]) -> str:
    """Return the cell of an event's places, ``(name, role)`` pairs: a role other than
    venue in brackets, "Beijing; Ulaanbaatar (proposed)"."""
    return LIST_SEPARATOR.join(
        name if role == "venue" else f"{name} ({role})" for name, role in places
    )


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


def parse_notes_cell(cell: str) -> list[dict[str, object]]:
    """Return the notes of a notes cell; a note without its [sources] gets none, which
    validation then refuses."""
    out: list[dict[str, object]] = []
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
