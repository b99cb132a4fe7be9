"""Load and validate the JSON event store.

``load(path)`` returns a typed ``Store`` or raises ``StoreError``; ``check(path)`` returns
every problem of a file, not only the first, for ``timeline validate``. Each problem names
the file, the record and the field, so that a person editing the JSON by hand can go
straight to it.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, Literal, NamedTuple

from .dates import DateError, DateSpan, parse_stored
from .model import ACTOR_KINDS, CATEGORIES, Actor, Event, Note, Office, Source, SourceRef, Store

ENV_VAR = "MNKTIMELINE_DATA"
MAX_QUOTE = 200  # characters: a quotation backs an event, it does not reproduce the source

# The schema in one place: each record's fields in their canonical order (the order
# `timeline fmt` writes), and which of them must be there. fastload.py declares the same
# fields as msgspec structs; tests/test_store_paths.py holds the two to the same answers.
FIELDS: dict[str, tuple[str, ...]] = {
    "store": ("sources", "actors", "events"),
    "source": ("id", "title", "author", "publisher", "published", "url"),
    "actor": ("id", "name", "kind", "country", "aliases", "offices"),
    "office": ("title", "date", "source"),
    "event": (
        "id",
        "date",
        "title",
        "summary",
        "category",
        "tags",
        "actors",
        "places",
        "sources",
        "notes",
    ),
    "ref": ("source", "locator", "quote"),
    "note": ("text", "sources"),
}
REQUIRED: dict[str, tuple[str, ...]] = {
    "source": ("id", "title"),
    "actor": ("id", "name", "kind"),
    "office": ("title",),
    "event": ("id", "date", "title", "summary", "category", "sources"),
    "ref": ("source",),
    "note": ("text", "sources"),
}


OPTIONAL: dict[str, tuple[str, ...]] = {
    kind: tuple(f for f in fields if f not in REQUIRED[kind])
    for kind, fields in FIELDS.items()
    if kind in REQUIRED
}


_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
_COUNTRY = re.compile(r"[A-Z]{3}")


class Problem(NamedTuple):
    """One thing wrong with a store file; ``where`` names the record and field."""

    where: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class StoreError(Exception):
    """A store that cannot be read or does not validate."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0]
        more = len([p for p in problems if p.severity == "error"]) - 1
        text = f"{path}: {first}"
        if more > 0:
            text += f" (and {more} more problem{'s' if more > 1 else ''}; "
            text += f"'timeline validate {path}' lists them all)"
        super().__init__(text)


def bundled_store() -> Path:
    """Return the path of the store that ships with the package.

    In a wheel it sits at ``mnktimeline/data/events.json``; in a source checkout
    (an editable install) it is the repository's ``data/events.json``.
    """
    here = os.path.dirname(os.path.abspath(__file__))
    packaged = os.path.join(here, "data", "events.json")
    if os.path.isfile(packaged):
        return Path(packaged)
    return Path(here).parents[1] / "data" / "events.json"


def resolve_path(option: str | None) -> Path:
    """Return the store to use: ``--data``, else $MNKTIMELINE_DATA, else the bundled one."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return bundled_store()


# Files at least this large are decoded with msgspec (see fastload.py); below it,
# importing msgspec would cost more start-up time than it saves.
LARGE_STORE_BYTES = 1 << 20


def load(path: Path | str) -> Store:
    """Return the validated store at ``path``.

    Raises StoreError (naming file, record and field) if the file is missing,
    unreadable, not JSON, or has any error; warnings do not stop loading.
    """
    name = str(path)
    if _size(path) >= LARGE_STORE_BYTES:
        from . import fastload

        doc = fastload.decode_file(path)
        if doc is not None:
            fast = fastload.build(doc, name)
            if fast is not None:
                return fast
    # Small stores, and large ones the fast path did not accept: the detailed checks
    # read the file again and say what is wrong.
    data = read_bytes(path)
    store, problems = check_document(decode_json(data, name), name, warnings=False)
    errors = [p for p in problems if p.severity == "error"]
    if store is None or errors:
        raise StoreError(name, errors or problems)
    return store


_BOM = b"\xef\xbb\xbf"


def _size(path: Path | str) -> int:
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0  # read_bytes says what is wrong with it


def read_bytes(path: Path | str) -> bytes:
    """Return the content of a store file, without a UTF-8 byte-order mark.

    Raises StoreError if the file is missing, a folder or unreadable.
    """
    data = _read_file(path)
    return data[3:] if data.startswith(_BOM) else data


def _read_file(path: Path | str) -> bytes:
    name = str(path)
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        raise StoreError(name, [Problem("", "no such file")]) from None
    except IsADirectoryError:
        raise StoreError(name, [Problem("", "is a folder, not a store file")]) from None
    except OSError as exc:
        raise StoreError(name, [Problem("", f"cannot be read ({exc.strerror})")]) from None


def read_json(path: Path | str) -> Any:
    """Return the parsed JSON document at ``path``; raise StoreError if it cannot be read."""
    return decode_json(read_bytes(path), str(path))


def decode_json(data: bytes, name: str) -> Any:
    """Return the JSON document in ``data``; raise StoreError naming the line if it is not JSON."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        utf16 = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise StoreError(
            name,
            [
                Problem(
                    "",
                    f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, "
                    f"column {column}{utf16}; save the file as UTF-8",
                )
            ],
        ) from None
    if not text.strip():
        raise StoreError(name, [Problem("", "is empty; a store is a JSON object")]) from None
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        # Some of the json module's messages end in "at" ("Invalid control character at").
        what = exc.msg.removesuffix(" at")
        hint = _syntax_hint(text, exc.pos)
        raise StoreError(
            name,
            [
                Problem(
                    "",
                    f"is not valid JSON: {what} at line {exc.lineno}, column {exc.colno}{hint}",
                )
            ],
        ) from None
    except RecursionError:
        raise StoreError(
            name, [Problem("", "is not a store: its JSON is nested too deeply")]
        ) from None


def _syntax_hint(text: str, pos: int) -> str:
    """Return a hint for the mistakes of people who write JavaScript or Python, or ""."""
    if text.startswith(("//", "/*", "#"), pos):
        return "; JSON has no comments"
    if text.startswith(("]", "}"), pos) and text[:pos].rstrip().endswith(","):
        return "; JSON allows no comma before ] or }"
    if text.startswith("'", pos):
        return "; JSON strings and keys take double quotes"
    return ""


class _Duplicated(dict[str, Any]):
    """A JSON object that names a key more than once; ``duplicates`` lists those keys.

    The json module keeps the last value of a repeated key and drops the others without
    a word: a store merged by hand with two "events" lists would lose every event of the
    first. Such objects are refused, naming the record and the key.
    """

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # As fast as the json module's own dicts (measured on the bundled store): the C
    # scanner hands over the pairs it has built anyway.
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    dup = _Duplicated(obj)
    dup.duplicates = []
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen and key not in dup.duplicates:
            dup.duplicates.append(key)
        seen.add(key)
    return dup


def _parse_int(digits: str) -> int | float:
    # int() refuses more than 4,300 digits (a ValueError the json module lets through);
    # a store holds no numbers at all, so such a one only has to be reported as a number.
    return int(digits) if len(digits) <= 4000 else float(digits)


def check(path: Path | str, *, warnings: bool = True) -> tuple[Store | None, list[Problem]]:
    """Return the store at ``path`` (None if it has errors) and every problem found.

    With ``warnings`` False, records that are plainly valid skip the per-field checks
    that only find warnings (control characters), which is what ``load`` wants.
    """
    try:
        data = _read_file(path)
        bom = data.startswith(_BOM)
        raw = decode_json(data[3:] if bom else data, str(path))
    except StoreError as exc:
        return None, exc.problems
    store, problems = check_document(raw, str(path), warnings=warnings)
    if bom and warnings:
        # We read it, but jq, Python's json.loads and JavaScript's JSON.parse refuse it.
        problems.insert(
            0,
            Problem(
                "",
                "starts with a UTF-8 byte-order mark, which other JSON tools refuse; "
                "save the file as UTF-8 without BOM",
                "warning",
            ),
        )
    return store, problems


# --- field checking ------------------------------------------------------------------


class _Checker:
    """Collects problems while turning one JSON document into records.

    With ``warnings`` False it skips the searches that can only find warnings (control
    characters), which loading does not report; errors are found all the same.
    """

    def __init__(self, *, warnings: bool = True) -> None:
        self.problems: list[Problem] = []
        self.warnings = warnings
        self.spans: dict[str, DateSpan] = {}  # many records share a date

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message, "warning"))

    def fields(
        self, obj: Any, where: str, required: tuple[str, ...], optional: tuple[str, ...]
    ) -> dict[str, Any] | None:
        if not isinstance(obj, dict):
            self.error(where, f"must be a JSON object, not {_kind(obj)}")
            return None
        self.duplicates(obj, where)
        for key in required:
            if key not in obj:
                self.error(where, f"field '{key}' is missing")
        known = required + optional
        for key in obj:
            if key not in known:
                hint = _closest(key, known)
                self.error(
                    where,
                    f"field '{key}' is not part of the schema"
                    + (
                        f"; did you mean '{hint}'?"
                        if hint
                        else f"; known fields: {', '.join(known)}"
                    ),
                )
        return obj

    def duplicates(self, obj: dict[str, Any], where: str) -> None:
        if type(obj) is not _Duplicated:
            return
        for key in obj.duplicates:
            self.error(
                where,
                f"field '{key}' is given more than once; only the last would be kept, "
                "so merge them into one",
            )

    def text(
        self, obj: dict[str, Any], key: str, where: str, *, required: bool = True
    ) -> str | None:
        value = obj.get(key)
        if value is None:
            if key in obj and required:
                self.error(where, f"field '{key}' must be text, not null")
            return None
        if not isinstance(value, str):
            self.error(where, f"field '{key}' must be text, not {_kind(value)}")
            return None
        if not value.strip():
            self.error(where, f"field '{key}' is empty")
            return None
        if _has_surrogate(value):
            self.error(where, f"field '{key}' {_SURROGATE_PROBLEM}")
            return None
        if self.warnings and _has_control(value):
            self.warn(where, f"field '{key}' contains control or bidirectional characters")
        return value

    def text_list(self, obj: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = obj.get(key, [])
        if not isinstance(value, list):
            self.error(where, f"field '{key}' must be a list of text, not {_kind(value)}")
            return ()
        out: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                what = "empty text" if isinstance(item, str) else _kind(item)
                self.error(where, f"field '{key}' item {i} must be non-empty text, not {what}")
                continue
            if _has_surrogate(item):
                self.error(where, f"field '{key}' item {i} {_SURROGATE_PROBLEM}")
                continue
            if self.warnings and _has_control(item):
                self.warn(
                    where, f"field '{key}' item {i} contains control or bidirectional characters"
                )
            out.append(item)
        return tuple(out)

    def date(
        self, obj: dict[str, Any], key: str, where: str, *, required: bool = True
    ) -> DateSpan | None:
        value = obj.get(key)
        if value is None:
            if key in obj and required:
                self.error(where, f"field '{key}' must be a date, not null")
            return None
        if not isinstance(value, str):
            self.error(where, f"field '{key}' must be a date written as text, not {_kind(value)}")
            return None
        span = self.spans.get(value)
        if span is not None:
            return span
        try:
            span = self.spans[value] = parse_stored(value)
        except DateError as exc:
            self.error(where, f"field '{key}': {exc}")
            return None
        return span

    def ident(self, obj: dict[str, Any], where: str, seen: set[str], what: str) -> str | None:
        if "id" not in obj:
            return None  # reported as a missing field
        value = obj["id"]
        if not isinstance(value, str):
            self.error(where, f"field 'id' must be text, not {_kind(value)}")
            return None
        if not _ID.fullmatch(value):
            self.error(
                where,
                f"field 'id' '{value}' may hold only letters, digits and . _ : - "
                "and must start with a letter or digit",
            )
            return None
        if value in seen:
            self.error(where, f"duplicate {what} id '{value}'")
            return None
        seen.add(value)
        return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
        _Duplicated: "an object",
    }.get(type(value), type(value).__name__)


def _closest(word: str, choices: tuple[str, ...] | list[str]) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return found[0] if found else None


# Characters that text from the web may carry and a terminal must not receive as they
# are: C0 and C1 controls (escape sequences start with ESC or the C1 CSI and OSC), the
# bidirectional marks, embeddings, overrides and isolates (text that prints as something
# it is not), line and paragraph separators (a record that breaks into two lines), and
# invisible characters that can hide text: zero-width space, word joiner and invisible
# operators, deprecated format controls, byte-order mark inside text and interlinear
# annotations. Zero-width joiner and non-joiner (U+200C, U+200D) are left alone: scripts
# and emoji need them, and they can do no harm; so are the tag characters (U+E0000 to
# U+E007F) of flag emoji, since one range beyond U+FFFF makes the search a third slower.
# `timeline validate` warns about them (tab and newline aside, which are fine in a
# summary); render/text.py shows each of them as an escape, tab and newline too, so that
# one field stays one cell or line.
_UNSAFE_ABOVE_C0 = "\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
UNSAFE_CHARACTERS = "\x00-\x1f" + _UNSAFE_ABOVE_C0
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f{_UNSAFE_ABOVE_C0}]")
# A lone surrogate is what a JSON escape such as "\\ud800" without its pair decodes to:
# not a character, and no UTF-8 output can hold it.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PROBLEM = (
    "holds a lone surrogate, which is not a character (a \\u escape such as \\ud800 "
    "without its pair); write the character itself"
)


def _has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def _has_surrogate(text: str) -> bool:
    return not text.isascii() and _SURROGATE.search(text) is not None


def _label(kind: str, index: int, ident: Any) -> str:
    if isinstance(ident, str) and ident:
        return f"{kind}[{index}] '{ident}'"
    return f"{kind}[{index}]"


def _records(ck: _Checker, doc: dict[str, Any], key: str) -> Iterator[tuple[int, str, Any]]:
    items = doc.get(key)
    if items is None:
        ck.error("", f"the top-level list '{key}' is missing")
        return
    if not isinstance(items, list):
        ck.error(key, f"must be a list, not {_kind(items)}")
        return
    for i, item in enumerate(items):
        ident = item.get("id") if isinstance(item, dict) else None
        yield i, _label(key, i, ident), item


def check_document(
    doc: Any, path: str = "<store>", *, warnings: bool = True
) -> tuple[Store | None, list[Problem]]:
    """Return the store built from a parsed JSON document and every problem in it.

    The store is None when any problem is an error; warnings (control characters in
    text, for instance) still give a store. With ``warnings`` False, events are first
    tried on a fast path that accepts only plainly valid records; any record it does
    not accept goes through the detailed checks, so errors are found and named alike.
    """
    ck = _Checker(warnings=warnings)
    if not isinstance(doc, dict):
        ck.error(
            "",
            f"the top level must be a JSON object with 'sources', 'actors' and 'events', not {_kind(doc)}",
        )
        return None, ck.problems
    for key in doc:
        if key not in FIELDS["store"]:
            ck.error(
                "", f"top-level key '{key}' is not part of the schema (sources, actors, events)"
            )
    for key in doc.duplicates if type(doc) is _Duplicated else ():
        ck.error(
            "",
            f"top-level key '{key}' is given more than once; only the last would be kept, "
            "so merge them into one",
        )

    sources = _check_sources(ck, doc)
    actors = _check_actors(ck, doc)
    events = _check_events(ck, doc, sources, actors, fast=not warnings)
    if any(p.severity == "error" for p in ck.problems):
        return None, ck.problems
    return Store(path=path, sources=sources, actors=actors, events=tuple(events)), ck.problems


def _check_sources(ck: _Checker, doc: dict[str, Any]) -> dict[str, Source]:
    out: dict[str, Source] = {}
    seen: set[str] = set()
    for _, where, item in _records(ck, doc, "sources"):
        obj = ck.fields(item, where, REQUIRED["source"], OPTIONAL["source"])
        if obj is None:
            continue
        ident = ck.ident(obj, where, seen, "source")
        title = ck.text(obj, "title", where)
        author = ck.text(obj, "author", where, required=False)
        publisher = ck.text(obj, "publisher", where, required=False)
        published = ck.date(obj, "published", where, required=False)
        url = ck.text(obj, "url", where, required=False)
        if url is not None and not url.startswith(("http://", "https://")):
            ck.error(where, f"field 'url' '{url}' must start with http:// or https://")
        if ident and title:
            out[ident] = Source(ident, title, author, publisher, published, url)
    return out


def _check_actors(ck: _Checker, doc: dict[str, Any]) -> dict[str, Actor]:
    out: dict[str, Actor] = {}
    seen: set[str] = set()
    source_ids = _ids_in(doc, "sources")
    for _, where, item in _records(ck, doc, "actors"):
        obj = ck.fields(item, where, REQUIRED["actor"], OPTIONAL["actor"])
        if obj is None:
            continue
        ident = ck.ident(obj, where, seen, "actor")
        name = ck.text(obj, "name", where)
        kind = obj.get("kind")
        if "kind" in obj and kind not in ACTOR_KINDS:
            ck.error(
                where, f"field 'kind' is {json.dumps(kind)}; use one of: {', '.join(ACTOR_KINDS)}"
            )
        country = ck.text(obj, "country", where, required=False)
        if country is not None and not _COUNTRY.fullmatch(country):
            ck.error(
                where,
                f"field 'country' '{country}' must be an ISO 3166-1 alpha-3 code such as MNG or PRK",
            )
        aliases = ck.text_list(obj, "aliases", where)
        offices = _check_offices(ck, obj, where, source_ids)
        if ident and name and kind in ACTOR_KINDS:
            out[ident] = Actor(ident, name, kind, country, aliases, offices)
    return out


def _check_offices(
    ck: _Checker, obj: dict[str, Any], where: str, source_ids: set[str]
) -> tuple[Office, ...]:
    value = obj.get("offices", [])
    if not isinstance(value, list):
        ck.error(where, f"field 'offices' must be a list, not {_kind(value)}")
        return ()
    out: list[Office] = []
    for i, item in enumerate(value):
        sub = f"{where} offices[{i}]"
        office = ck.fields(item, sub, REQUIRED["office"], OPTIONAL["office"])
        if office is None:
            continue
        title = ck.text(office, "title", sub)
        when = ck.date(office, "date", sub, required=False)
        source = ck.text(office, "source", sub, required=False)
        if source is not None and source not in source_ids:
            _dangling(ck, sub, "source", source, "source", source_ids)
        if title:
            out.append(Office(title, when, source))
    return tuple(out)


def _check_events(
    ck: _Checker,
    doc: dict[str, Any],
    sources: dict[str, Source],
    actors: dict[str, Actor],
    *,
    fast: bool,
) -> list[Event]:
    items = doc.get("events")
    if items is None:
        ck.error("", "the top-level list 'events' is missing")
        return []
    if not isinstance(items, list):
        ck.error("events", f"must be a list, not {_kind(items)}")
        return []
    out: list[Event] = []
    seen: set[str] = set()
    source_ids = _ids_in(doc, "sources")
    actor_ids = _ids_in(doc, "actors")
    published = {
        sid: (src.published.end if src.published is not None else None)
        for sid, src in sources.items()
    }
    spans: dict[str, DateSpan] = {}
    for i, item in enumerate(items):
        if fast:
            ev = _fast_event(item, actor_ids, published, spans)
            if ev is not None and ev.id not in seen:
                seen.add(ev.id)
                out.append(ev)
                continue
        ident = item.get("id") if isinstance(item, dict) else None
        checked = _check_event(
            ck, _label("events", i, ident), item, seen, source_ids, actor_ids, sources
        )
        if checked is not None:
            out.append(checked)
    return out


_EVENT_REQUIRED = frozenset(REQUIRED["event"])
_EVENT_KEYS = frozenset(FIELDS["event"])
_REF_KEYS = frozenset(FIELDS["ref"])
_NOTE_KEYS = frozenset(FIELDS["note"])


def _fast_event(
    item: Any,
    actor_ids: set[str],
    published: dict[str, date | None],
    spans: dict[str, DateSpan],
) -> Event | None:
    """Return the event if ``item`` is plainly valid, else None (then the detailed
    checks run and name what is wrong). Must accept nothing that they would refuse."""
    try:
        if type(item) is not dict:
            return None
        keys = item.keys()
        if not (keys >= _EVENT_REQUIRED and keys <= _EVENT_KEYS):
            return None
        ident = item["id"]
        title = item["title"]
        summary = item["summary"]
        category = item["category"]
        if not (_ok_text(title) and _ok_text(summary) and category in CATEGORIES):
            return None
        if type(ident) is not str or _ID.fullmatch(ident) is None:
            return None
        text = item["date"]
        span = spans.get(text)
        if span is None:
            if type(text) is not str:
                return None
            span = spans[text] = parse_stored(text)
        tags = item.get("tags", ())
        places = item.get("places", ())
        actors = item.get("actors", ())
        if not (_ok_list(tags) and _ok_list(places) and _ok_list(actors)):
            return None
        for ref in actors:
            if ref not in actor_ids:
                return None
        raw_refs = item["sources"]
        if type(raw_refs) is not list or not raw_refs:
            return None
        refs = []
        latest: date | None = date.min
        for raw in raw_refs:
            if type(raw) is not dict or not raw.keys() <= _REF_KEYS:
                return None
            source = raw["source"]
            locator = raw.get("locator")
            quote = raw.get("quote")
            if source not in published:
                return None
            if not (
                (locator is None or _ok_text(locator))
                and (quote is None or (_ok_text(quote) and len(quote) <= MAX_QUOTE))
            ):
                return None
            when = published[source]
            latest = None if when is None or latest is None else max(latest, when)
            refs.append(SourceRef(source, locator, quote))
        if latest is not None and span.start > latest:
            return None
        notes: tuple[Note, ...] = ()
        if "notes" in keys:
            raw_notes = item["notes"]
            if type(raw_notes) is not list:
                return None
            built = []
            for raw in raw_notes:
                if type(raw) is not dict or not raw.keys() <= _NOTE_KEYS:
                    return None
                note_sources = raw["sources"]
                if not (_ok_text(raw["text"]) and note_sources and _ok_list(note_sources)):
                    return None
                if any(ref not in published for ref in note_sources):
                    return None
                built.append(Note(raw["text"], tuple(note_sources)))
            notes = tuple(built)
        return Event(
            ident,
            span,
            title,
            summary,
            category,
            tuple(refs),
            tuple(actors),
            tuple(tags),
            tuple(places),
            notes,
        )
    except (KeyError, TypeError, DateError):
        return None


def _ok_text(value: Any) -> bool:
    return (
        type(value) is str
        and value != ""
        and not value.isspace()
        and (value.isascii() or _SURROGATE.search(value) is None)
    )


def _ok_list(value: Any) -> bool:
    if type(value) is tuple and not value:
        return True  # the default for a missing optional list
    if type(value) is not list:
        return False
    return all(
        type(item) is str
        and item != ""
        and not item.isspace()
        and (item.isascii() or _SURROGATE.search(item) is None)
        for item in value
    )


def _check_event(
    ck: _Checker,
    where: str,
    item: Any,
    seen: set[str],
    source_ids: set[str],
    actor_ids: set[str],
    sources: dict[str, Source],
) -> Event | None:
    obj = ck.fields(item, where, REQUIRED["event"], OPTIONAL["event"])
    if obj is None:
        return None
    ident = ck.ident(obj, where, seen, "event")
    when = ck.date(obj, "date", where)
    title = ck.text(obj, "title", where)
    summary = ck.text(obj, "summary", where)
    category = obj.get("category")
    if "category" in obj and not isinstance(category, str):
        ck.error(where, f"field 'category' must be text, not {_kind(category)}")
        category = None
    elif "category" in obj and category not in CATEGORIES:
        hint = _closest(str(category), list(CATEGORIES))
        ck.error(
            where,
            f"field 'category' is {json.dumps(category)}; "
            + (f"did you mean '{hint}'? " if hint else "")
            + f"use one of: {', '.join(CATEGORIES)}",
        )
    tags = ck.text_list(obj, "tags", where)
    places = ck.text_list(obj, "places", where)
    actor_refs = ck.text_list(obj, "actors", where)
    for ref in actor_refs:
        if ref not in actor_ids:
            _dangling(ck, where, "actors", ref, "actor", actor_ids)
    refs = _check_source_refs(ck, obj, where, source_ids)
    notes = _check_notes(ck, obj, where, source_ids)
    if when is not None and refs:
        _check_not_after_sources(ck, where, when, refs, sources)
    if ident and when and title and summary and category in CATEGORIES and refs:
        return Event(
            ident, when, title, summary, str(category), refs, actor_refs, tags, places, notes
        )
    return None


def _ids_in(doc: dict[str, Any], key: str) -> set[str]:
    items = doc.get(key)
    if not isinstance(items, list):
        return set()
    return {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}


def _dangling(
    ck: _Checker, where: str, field_name: str, ref: str, what: str, known: set[str]
) -> None:
    hint = _closest(ref, sorted(known))
    ck.error(
        where,
        f"field '{field_name}' refers to {what} '{ref}', which is not in the store"
        + (f"; did you mean '{hint}'?" if hint else ""),
    )


def _check_source_refs(
    ck: _Checker, obj: dict[str, Any], where: str, source_ids: set[str]
) -> tuple[SourceRef, ...]:
    if "sources" not in obj:
        return ()  # reported as a missing field
    value = obj["sources"]
    if not isinstance(value, list):
        ck.error(where, f"field 'sources' must be a list, not {_kind(value)}")
        return ()
    if not value:
        ck.error(where, "field 'sources' is empty; every event needs at least one source")
        return ()
    out: list[SourceRef] = []
    for i, item in enumerate(value):
        sub = f"{where} sources[{i}]"
        ref = ck.fields(item, sub, REQUIRED["ref"], OPTIONAL["ref"])
        if ref is None:
            continue
        source = ck.text(ref, "source", sub)
        locator = ck.text(ref, "locator", sub, required=False)
        quote = ck.text(ref, "quote", sub, required=False)
        if quote is not None and len(quote) > MAX_QUOTE:
            ck.error(
                sub,
                f"field 'quote' has {len(quote)} characters; a quotation is at most {MAX_QUOTE}, "
                "one sentence",
            )
            quote = None
        if source is not None and source not in source_ids:
            _dangling(ck, sub, "source", source, "source", source_ids)
            continue
        if source is not None:
            out.append(SourceRef(source, locator, quote))
    return tuple(out)


def _check_notes(
    ck: _Checker, obj: dict[str, Any], where: str, source_ids: set[str]
) -> tuple[Note, ...]:
    value = obj.get("notes", [])
    if not isinstance(value, list):
        ck.error(where, f"field 'notes' must be a list, not {_kind(value)}")
        return ()
    out: list[Note] = []
    for i, item in enumerate(value):
        sub = f"{where} notes[{i}]"
        note = ck.fields(item, sub, REQUIRED["note"], OPTIONAL["note"])
        if note is None:
            continue
        text = ck.text(note, "text", sub)
        refs = ck.text_list(note, "sources", sub)
        if "sources" in note and not refs and isinstance(note["sources"], list):
            ck.error(sub, "field 'sources' is empty; a note names the sources behind it")
        for ref in refs:
            if ref not in source_ids:
                _dangling(ck, sub, "sources", ref, "source", source_ids)
        if text:
            out.append(Note(text, refs))
    return tuple(out)


def _check_not_after_sources(
    ck: _Checker,
    where: str,
    when: DateSpan,
    refs: tuple[SourceRef, ...],
    sources: dict[str, Source],
) -> None:
    # A source cannot report what had not yet happened: an event that starts after the
    # last day of every cited source's publication date is misdated or miscited.
    published = [sources[r.source].published for r in refs if r.source in sources]
    if not published or any(p is None for p in published):
        return
    latest = max(p.end for p in published if p is not None)
    if when.start > latest:
        ck.error(
            where,
            f"field 'date' {when.text} is after the publication date of every source it cites "
            f"(latest {latest.isoformat()})",
        )


def check_quotes(store: Store, texts: Path | str) -> list[Problem]:
    """Return a problem for each quotation not found in its source's text.

    ``texts`` is a folder of source texts named ``<source id>.txt``; a quotation is found
    when it occurs in that text with runs of whitespace counted as one space. Quotations
    of sources without a text in the folder are reported too, since nothing backs them.
    """
    folder = Path(texts)
    cache: dict[str, str | None] = {}
    problems: list[Problem] = []
    for i, ev in enumerate(store.events):
        for j, ref in enumerate(ev.sources):
            if ref.quote is None:
                continue
            if ref.source not in cache:
                try:
                    raw = (folder / f"{ref.source}.txt").read_text(encoding="utf-8")
                    cache[ref.source] = " ".join(raw.split())
                except OSError:
                    cache[ref.source] = None
            where = f"{_label('events', i, ev.id)} sources[{j}]"
            text = cache[ref.source]
            if text is None:
                problems.append(
                    Problem(
                        where, f"field 'quote' cannot be checked: no {ref.source}.txt in {folder}"
                    )
                )
            elif " ".join(ref.quote.split()) not in text:
                problems.append(
                    Problem(where, f"field 'quote' is not in {ref.source}.txt: {ref.quote!r}")
                )
    return problems
