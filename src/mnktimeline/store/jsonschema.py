"""A JSON Schema of the store, made from the declarations of ``schema.py``.

    python -m mnktimeline.store.jsonschema > src/mnktimeline/store/store.schema.json

The file ships in the package and ``timeline schema`` prints it, so that editors and other
tools can check a store as it is written. ``timeline validate`` stays the authority: a
JSON Schema cannot say that a reference names a record of the store, that ids are unique,
that 30 February does not exist or that an event is dated after its sources; everything it
can say, it says as the rule book does (tests/test_jsonschema.py holds the two together,
and checks that the shipped file is the one made here).
"""

from __future__ import annotations

import json
from typing import Any

from .schema import CHOICES, FORMATS, FORMS, ID, LATEST, RECORD_OF_LIST, SCHEMA, TOP_LEVEL, Field

_YEAR = r"(?!0000)[0-9]{4}"
_PART = rf"{_YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?"
DATE_1 = rf"^{_PART}(/{_PART})?$"
_QPART = rf"{_PART}[~?%]?"
DATE_2 = rf"^({_QPART}(/({_QPART}|\.\.))?|\.\./{_QPART})$"


def _def(kind: str, version: int) -> str:
    """Return the name of a record kind's definition: shared when the formats' schemas of
    it agree. Declaring the same fields is not enough: a date field takes each format's
    dates (an office of format 2 may be dated "2010?", one of format 1 may not)."""
    if version == LATEST:
        return kind
    same = all(kind in SCHEMA[v] and _record(kind, v) == _record(kind, LATEST) for v in FORMATS)
    return kind if same else f"{kind}-format-{version}"


def _nullable(schema: dict[str, Any], field: Field) -> dict[str, Any]:
    # An optional scalar may be null, which the rule book reads as absent.
    if field.required:
        return schema
    return {"anyOf": [schema, {"type": "null"}]}


def _field(field: Field, version: int) -> dict[str, Any]:
    text: dict[str, Any] = {"$ref": "#/$defs/text"}
    if field.max_length is not None:
        text = {"allOf": [text, {"maxLength": field.max_length}]}
    if field.form is not None:
        text = {"allOf": [text, {"pattern": f"^(?:{FORMS[field.form][0].pattern})$"}]}
    if field.type == "id":
        return {"$ref": "#/$defs/id"}
    if field.type == "text":
        return _nullable(text, field)
    if field.type == "date":
        return _nullable({"$ref": f"#/$defs/date-format-{version}"}, field)
    if field.type == "choice":
        assert field.of is not None
        return {"enum": list(CHOICES[field.of])}
    if field.type == "number":
        bounds = dict(zip(("minimum", "maximum"), field.bounds or (), strict=False))
        return {"type": "number", **bounds}
    if field.type == "texts":
        items: dict[str, Any] = text
    else:
        assert field.of is not None
        record = {"$ref": f"#/$defs/{_def(field.of, version)}"}
        if field.type == "record":
            return _nullable(record, field)
        items = record if field.type == "records" else {"oneOf": [{"$ref": "#/$defs/id"}, record]}
    out: dict[str, Any] = {"type": "array", "items": items}
    if field.min_items:
        out["minItems"] = field.min_items
    return out


def _record(kind: str, version: int) -> dict[str, Any]:
    fields = SCHEMA[version][kind]
    return {
        "type": "object",
        "properties": {f.name: _field(f, version) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def _store(version: int) -> dict[str, Any]:
    lists = TOP_LEVEL[version]
    properties: dict[str, Any] = {"format": {"const": version}} if version > 1 else {}
    for key in lists:
        properties[key] = {
            "type": "array",
            "items": {"$ref": f"#/$defs/{_def(RECORD_OF_LIST[key], version)}"},
        }
    return {
        "type": "object",
        "properties": properties,
        "required": [*properties],
        "additionalProperties": False,
    }


def json_schema() -> dict[str, Any]:
    """Return the JSON Schema (draft 2020-12) of a store of either format."""
    defs: dict[str, Any] = {
        "id": {"type": "string", "pattern": f"^{ID.pattern}$"},
        "text": {"type": "string", "pattern": r"\S"},
        "date-format-1": {"type": "string", "pattern": DATE_1},
        "date-format-2": {"type": "string", "pattern": DATE_2},
    }
    for version in FORMATS:
        defs[f"store-format-{version}"] = _store(version)
        for kind in SCHEMA[version]:
            defs.setdefault(_def(kind, version), _record(kind, version))
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "mnktimeline event store",
        "description": (
            "A store of events, sources, actors and places, as timeline reads it: "
            'format 2 (with "format": 2), or format 1 (without). '
            "'timeline validate' also checks what a schema cannot: references, unique ids, "
            "real calendar dates, and events dated after their sources."
        ),
        "oneOf": [{"$ref": f"#/$defs/store-format-{v}"} for v in reversed(FORMATS)],
        "$defs": defs,
    }


def text() -> str:
    """Return the JSON Schema as the shipped file holds it."""
    return json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(text(), end="")
