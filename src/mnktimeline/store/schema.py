"""The store's schema, declared once: every record kind, its fields, their types and rules.

This table is the rule book's vocabulary. ``validate.py`` walks it to check a parsed
document and name every problem; ``accept.py`` and ``fast.py`` check the same rules a
column at a time to accept a plainly valid store fast; ``jsonschema.py`` turns it into a
JSON Schema; ``timeline fmt`` takes its key order from it. A field added here is checked,
decoded, described and laid out by all of them.

Two formats are declared. Format 2 (``"format": 2`` at the top) adds place records, kinds
of notes, event status and relations, and what a source is; format 1 (no ``format`` key)
is what ``timeline init`` wrote before, and still loads (``upgrade.py`` reads it as format 2).

Field types:

- ``id``: text matching ``ID`` (letters, digits and ``. _ : -``), unique in its list;
- ``text``: a non-blank string (``max_length`` characters at most, if given);
- ``texts``: a list of such strings;
- ``date``: a stored date (``dates.parse_stored``);
- ``choice``: one of a closed vocabulary (``CHOICES[of]``);
- ``number``: a JSON number within ``bounds``;
- ``record``: one object of the kind ``of``; ``records``: a list of them;
- ``links``: a list whose items are each an id of the list ``ref`` or an object of the
  kind ``of`` (a place of an event: ``"ulaanbaatar"`` or ``{"place": ..., "role": ...}``);
- ``ref`` (on ``text`` and ``texts``): each value must be the id of a record in the
  top-level list named by ``ref``;
- ``form`` (on ``text``): a further rule on the value, from ``FORMS``.
"""

from __future__ import annotations

import re
from typing import Literal

from ..model import (
    ACTOR_KINDS,
    CATEGORIES,
    NOTE_KINDS,
    PLACE_KINDS,
    PLACE_ROLES,
    SOURCE_KINDS,
    STATUSES,
)
from ..record import Record

FieldType = Literal["id", "text", "texts", "date", "choice", "number", "record", "records", "links"]


class Field(Record):
    name: str
    type: FieldType
    required: bool = False
    of: str | None = None  # the record kind of record(s)/links, the vocabulary of choice
    ref: str | None = None  # the top-level list whose ids the values must be
    max_length: int | None = None  # characters, for text
    min_items: int = 0  # for texts, records and links
    form: str | None = None  # a key of FORMS, for text
    bounds: tuple[float, float] | None = None  # for number


MAX_QUOTE = 200  # characters: a quotation backs an event, it does not reproduce the source
FORMATS = (1, 2)
LATEST = 2

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")

# Further rules on a text value: the pattern it must match, and what to say when it does not.
FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "url": (re.compile(r"https?://.*", re.DOTALL), "must start with http:// or https://"),
    "country": (re.compile(r"[A-Z]{3}"), "must be an ISO 3166-1 alpha-3 code such as MNG or PRK"),
    "language": (
        re.compile(r"[a-z]{2,3}"),
        "must be an ISO 639 language code in lower case, such as en, ko, mn, ru or ja",
    ),
}

CHOICES: dict[str, tuple[str, ...]] = {
    "actor kind": ACTOR_KINDS,
    "category": tuple(CATEGORIES),
    "note kind": NOTE_KINDS,
    "place kind": PLACE_KINDS,
    "place role": PLACE_ROLES,
    "source kind": SOURCE_KINDS,
    "status": STATUSES,
}

# Why a list may not be empty, said when it is.
WHY_NOT_EMPTY: dict[tuple[str, str], str] = {
    ("event", "sources"): "every event needs at least one source",
    ("note", "sources"): "a note names the sources behind it",
}

# The top-level lists of each format, in canonical order, and the record kind of each.
TOP_LEVEL: dict[int, tuple[str, ...]] = {
    1: ("sources", "actors", "events"),
    2: ("sources", "actors", "places", "events"),
}
RECORD_OF_LIST = {"sources": "source", "actors": "actor", "places": "place", "events": "event"}

_SOURCE_1 = (
    Field("id", "id", required=True),
    Field("title", "text", required=True),
    Field("author", "text"),
    Field("publisher", "text"),
    Field("published", "date"),
    Field("url", "text", form="url"),
)
_ACTOR = (
    Field("id", "id", required=True),
    Field("name", "text", required=True),
    Field("kind", "choice", required=True, of="actor kind"),
    Field("country", "text", form="country"),
    Field("aliases", "texts"),
    Field("offices", "records", of="office"),
)
_OFFICE = (
    Field("title", "text", required=True),
    Field("date", "date"),
    Field("source", "text", ref="sources"),
)
_REF = (
    Field("source", "text", required=True, ref="sources"),
    Field("locator", "text"),
    Field("quote", "text", max_length=MAX_QUOTE),
)
_EVENT_HEAD = (
    Field("id", "id", required=True),
    Field("date", "date", required=True),
)
_EVENT_TEXT = (
    Field("title", "text", required=True),
    Field("summary", "text", required=True),
    Field("category", "choice", required=True, of="category"),
    Field("tags", "texts"),
    Field("actors", "texts", ref="actors"),
)

SCHEMA: dict[int, dict[str, tuple[Field, ...]]] = {
    1: {
        "source": _SOURCE_1,
        "actor": _ACTOR,
        "office": _OFFICE,
        "event": (
            *_EVENT_HEAD,
            *_EVENT_TEXT,
            Field("places", "texts"),
            Field("sources", "records", required=True, of="ref", min_items=1),
            Field("notes", "records", of="note"),
        ),
        "ref": _REF,
        "note": (
            Field("text", "text", required=True),
            Field("sources", "texts", required=True, ref="sources", min_items=1),
        ),
    },
    2: {
        "source": (
            *_SOURCE_1,
            Field("kind", "choice", of="source kind"),
            Field("language", "text", form="language"),
            Field("repost", "record", of="repost"),
            Field("accessed", "date"),
        ),
        "repost": (
            Field("host", "text", required=True),
            Field("published", "date"),
        ),
        "actor": _ACTOR,
        "office": _OFFICE,
        "place": (
            Field("id", "id", required=True),
            Field("name", "text", required=True),
            Field("kind", "choice", of="place kind"),
            Field("aliases", "texts"),
            Field("within", "text", ref="places"),
            Field("country", "text", form="country"),
            Field("coordinates", "record", of="coordinates"),
        ),
        "coordinates": (
            Field("lat", "number", required=True, bounds=(-90.0, 90.0)),
            Field("lon", "number", required=True, bounds=(-180.0, 180.0)),
            Field("source", "text", required=True, ref="sources"),
        ),
        "event": (
            *_EVENT_HEAD,
            Field("status", "choice", of="status"),
            *_EVENT_TEXT,
            Field("places", "links", ref="places", of="placeref"),
            Field("part_of", "text", ref="events"),
            Field("series", "text"),
            Field("sources", "records", required=True, of="ref", min_items=1),
            Field("notes", "records", of="note"),
        ),
        "placeref": (
            Field("place", "text", required=True, ref="places"),
            Field("role", "choice", required=True, of="place role"),
        ),
        "ref": _REF,
        "note": (
            Field("kind", "choice", required=True, of="note kind"),
            Field("text", "text", required=True),
            Field("sources", "texts", required=True, ref="sources", min_items=1),
        ),
    },
}

# Each record's fields in their canonical order (the order `timeline fmt` writes), per format.
FIELDS: dict[int, dict[str, tuple[str, ...]]] = {
    version: {
        "store": (("format",) if version > 1 else ()) + TOP_LEVEL[version],
        **{kind: tuple(f.name for f in fields) for kind, fields in kinds.items()},
    }
    for version, kinds in SCHEMA.items()
}
