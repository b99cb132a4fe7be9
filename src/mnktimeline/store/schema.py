"""The store's schema, declared once: every record kind, its fields, their types and rules.

This table is the rule book's vocabulary. ``validate.py`` walks it to check a parsed
document and name every problem; ``fast.py`` turns it into msgspec types and column checks
that accept a plainly valid large store without explaining anything; ``timeline fmt``
takes its key order from it. A field added here is checked, decoded and laid out by all
of them.

Field types:

- ``id``: text matching ``ID`` (letters, digits and ``. _ : -``), unique in its list;
- ``text``: a non-blank string (``max_length`` characters at most, if given);
- ``texts``: a list of such strings;
- ``date``: a stored date (``dates.parse_stored``);
- ``choice``: one of a closed vocabulary (``CHOICES[of]``);
- ``records``: a list of records of the kind ``of``;
- ``ref`` (on ``text`` and ``texts``): each value must be the id of a record in the
  top-level list named by ``ref``;
- ``form`` (on ``text``): a further rule on the value, from ``FORMS``.
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from ..model import ACTOR_KINDS, CATEGORIES

FieldType = Literal["id", "text", "texts", "date", "choice", "records"]


class Field(NamedTuple):
    name: str
    type: FieldType
    required: bool = False
    of: str | None = None  # the record kind of ``records``, the vocabulary of ``choice``
    ref: str | None = None  # the top-level list whose ids the values must be
    max_length: int | None = None  # characters, for ``text``
    min_items: int = 0  # for ``texts`` and ``records``
    form: str | None = None  # a key of FORMS, for ``text``


MAX_QUOTE = 200  # characters: a quotation backs an event, it does not reproduce the source

ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")

# Further rules on a text value: the pattern it must match, and what to say when it does not.
FORMS: dict[str, tuple[re.Pattern[str], str]] = {
    "url": (re.compile(r"https?://.*", re.DOTALL), "must start with http:// or https://"),
    "country": (re.compile(r"[A-Z]{3}"), "must be an ISO 3166-1 alpha-3 code such as MNG or PRK"),
}

CHOICES: dict[str, tuple[str, ...]] = {
    "actor kind": ACTOR_KINDS,
    "category": tuple(CATEGORIES),
}

# Why a list may not be empty, said when it is.
WHY_NOT_EMPTY: dict[tuple[str, str], str] = {
    ("event", "sources"): "every event needs at least one source",
    ("note", "sources"): "a note names the sources behind it",
}

TOP_LEVEL = ("sources", "actors", "events")  # the lists of a store, in canonical order
RECORD_OF_LIST = {"sources": "source", "actors": "actor", "events": "event"}

SCHEMA: dict[str, tuple[Field, ...]] = {
    "source": (
        Field("id", "id", required=True),
        Field("title", "text", required=True),
        Field("author", "text"),
        Field("publisher", "text"),
        Field("published", "date"),
        Field("url", "text", form="url"),
    ),
    "actor": (
        Field("id", "id", required=True),
        Field("name", "text", required=True),
        Field("kind", "choice", required=True, of="actor kind"),
        Field("country", "text", form="country"),
        Field("aliases", "texts"),
        Field("offices", "records", of="office"),
    ),
    "office": (
        Field("title", "text", required=True),
        Field("date", "date"),
        Field("source", "text", ref="sources"),
    ),
    "event": (
        Field("id", "id", required=True),
        Field("date", "date", required=True),
        Field("title", "text", required=True),
        Field("summary", "text", required=True),
        Field("category", "choice", required=True, of="category"),
        Field("tags", "texts"),
        Field("actors", "texts", ref="actors"),
        Field("places", "texts"),
        Field("sources", "records", required=True, of="ref", min_items=1),
        Field("notes", "records", of="note"),
    ),
    "ref": (
        Field("source", "text", required=True, ref="sources"),
        Field("locator", "text"),
        Field("quote", "text", max_length=MAX_QUOTE),
    ),
    "note": (
        Field("text", "text", required=True),
        Field("sources", "texts", required=True, ref="sources", min_items=1),
    ),
}

# Each record's fields in their canonical order (the order `timeline fmt` writes), and
# which of them must be there.
FIELDS: dict[str, tuple[str, ...]] = {
    "store": TOP_LEVEL,
    **{kind: tuple(f.name for f in fields) for kind, fields in SCHEMA.items()},
}
REQUIRED: dict[str, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields if f.required) for kind, fields in SCHEMA.items()
}
OPTIONAL: dict[str, tuple[str, ...]] = {
    kind: tuple(f.name for f in fields if not f.required) for kind, fields in SCHEMA.items()
}
