"""The rule book, field by field: check one record against its declarations in
``schema.py`` and name every problem, not only the first.

``document.py`` runs the ``Checker`` over every record of a store and builds the records;
``accept.py`` checks the same declarations a column at a time and defers here for the
message whenever a store is not plainly valid.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any

from ..dates import DateError, DateSpan, parse_stored
from ..model import Problem
from ..suggest import did_you_mean
from ..textsafety import has_control, has_surrogate
from .decode import Duplicated, kind_of
from .schema import CHOICES, FIELDS, FORMS, ID, RECORD_OF_LIST, SCHEMA, WHY_NOT_EMPTY, Field

SURROGATE_PROBLEM = (
    "holds a lone surrogate, which is not a character (a \\u escape such as \\ud800 "
    "without its pair); write the character itself"
)
CONTROL_PROBLEM = "contains control or bidirectional characters"
LIMITS: dict[str, str] = {"quote": "a quotation is at most {max}, one sentence"}


def label(kind: str, index: int, ident: Any) -> str:
    """Return how a problem names a record: ``events[3] '2014-talks'``, or ``events[3]``."""
    if isinstance(ident, str) and ident:
        return f"{kind}[{index}] '{ident}'"
    return f"{kind}[{index}]"


class Checker:
    """Collects problems while turning one JSON document's records into typed values.

    ``ids`` holds, per top-level list, the ids its records give, valid or not, so that a
    reference to a record that is itself broken is not reported twice. With ``warnings``
    False the searches that can only find warnings (control characters) are skipped.
    """

    def __init__(
        self, ids: dict[str, set[str]], version: int = 2, *, warnings: bool = True
    ) -> None:
        self.problems: list[Problem] = []
        self.warnings = warnings
        self.ids = ids
        self.version = version
        self.plan = _PLAN[version]
        self.seen: dict[str, set[str]] = {kind: set() for kind in SCHEMA[version]}
        self.spans: dict[str, DateSpan] = {}  # many records share a date

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message, "warning"))

    def record(self, kind: str, item: Any, where: str) -> dict[str, Any] | None:
        """Return the checked values of a record by field name (None where absent or
        wrong), or None if it is not an object at all."""
        obj = self._shape(kind, item, where)
        if obj is None:
            return None
        return {f.name: check(self, kind, f, obj, where) for f, check in self.plan[kind]}

    def _shape(self, kind: str, obj: Any, where: str) -> dict[str, Any] | None:
        if (
            type(obj) is dict
            and _REQUIRED[self.version][kind] <= obj.keys() <= _KNOWN[self.version][kind]
        ):
            return obj  # the common case, decided by two set comparisons
        if not isinstance(obj, dict):
            self.error(where, f"must be a JSON object, not {kind_of(obj)}")
            return None
        for key in obj.duplicates if type(obj) is Duplicated else ():
            self.error(
                where,
                f"field '{key}' is given more than once; only the last would be kept, "
                "so merge them into one",
            )
        for field in SCHEMA[self.version][kind]:
            if field.required and field.name not in obj:
                self.error(where, f"field '{field.name}' is missing")
        known = FIELDS[self.version][kind]
        for key in obj:
            if key not in known:
                hint = did_you_mean(key, known, 1)
                self.error(
                    where,
                    f"field '{key}' is not part of the schema"
                    + (hint or f"; known fields: {', '.join(known)}"),
                )
        return obj

    def dangling(self, where: str, field: Field, value: str) -> bool:
        """Report a reference to an id the store does not have; return True if it has it."""
        assert field.ref is not None
        known = self.ids[field.ref]
        if value in known:
            return True
        what = RECORD_OF_LIST[field.ref]
        self.error(
            where,
            f"field '{field.name}' refers to {what} '{value}', which is not in the store"
            + did_you_mean(value, sorted(known), 1),
        )
        return False


def _check_id(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    if field.name not in obj:
        return None  # reported as a missing field
    value = obj[field.name]
    if not isinstance(value, str):
        ck.error(where, f"field '{field.name}' must be text, not {kind_of(value)}")
        return None
    if not ID.fullmatch(value):
        ck.error(
            where,
            f"field '{field.name}' '{value}' may hold only letters, digits and . _ : - "
            "and must start with a letter or digit",
        )
        return None
    if value in ck.seen[kind]:
        ck.error(where, f"duplicate {kind} id '{value}'")
        return None
    ck.seen[kind].add(value)
    return value


def _given(ck: Checker, field: Field, obj: dict[str, Any], where: str, noun: str) -> Any:
    """Return the field's value; None when absent or null (an error if it is required)."""
    value = obj.get(field.name)
    if value is None and field.name in obj and field.required:
        ck.error(where, f"field '{field.name}' must be {noun}, not null")
    return value


def _check_text(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = _given(ck, field, obj, where, "text")
    if value is None:
        return None
    if type(value) is not str:
        ck.error(where, f"field '{field.name}' must be text, not {kind_of(value)}")
        return None
    if not value or value.isspace():
        ck.error(where, f"field '{field.name}' is empty")
        return None
    if not _characters(ck, where, f"field '{field.name}'", value):
        return None
    if field.max_length is not None and len(value) > field.max_length:
        why = LIMITS.get(field.name, "it may have at most {max}").format(max=field.max_length)
        ck.error(where, f"field '{field.name}' has {len(value)} characters; {why}")
        return None
    if field.form is not None:
        pattern, rule = FORMS[field.form]
        if not pattern.fullmatch(value):
            ck.error(where, f"field '{field.name}' '{value}' {rule}")
            return None
    if field.ref is not None and not ck.dangling(where, field, value):
        return None
    return value


def _check_texts(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = obj.get(field.name, [])
    if not isinstance(value, list):
        ck.error(where, f"field '{field.name}' must be a list of text, not {kind_of(value)}")
        return ()
    if not field.min_items and field.ref is None and _plain_texts(value, ck.warnings):
        return tuple(value)  # the common case: no item needs a closer look
    out = [
        item
        for i, item in enumerate(value)
        if _text_item(ck, where, f"field '{field.name}' item {i}", item)
    ]
    if field.min_items and field.name in obj and not out:
        ck.error(where, f"field '{field.name}' is empty; {_why(kind, field)}")
    for ref in out if field.ref is not None else ():
        ck.dangling(where, field, ref)
    return tuple(out)


def _text_item(ck: Checker, where: str, this: str, item: Any) -> bool:
    """Check one item of a list of text; return whether it is good text."""
    if not isinstance(item, str) or not item.strip():
        what = "empty text" if isinstance(item, str) else kind_of(item)
        ck.error(where, f"{this} must be non-empty text, not {what}")
        return False
    return _characters(ck, where, this, item)


def _characters(ck: Checker, where: str, this: str, text: str) -> bool:
    """Refuse a lone surrogate and warn of control characters in ``text``; return whether
    it is text at all."""
    if has_surrogate(text):
        ck.error(where, f"{this} {SURROGATE_PROBLEM}")
        return False
    if ck.warnings and has_control(text):
        ck.warn(where, f"{this} {CONTROL_PROBLEM}")
    return True


def _plain_texts(items: list[Any], warnings: bool) -> bool:
    """Return whether every item is plainly good text (none empty, blank or odd)."""
    for item in items:
        if type(item) is not str or not item or item.isspace():
            return False
        if not item.isascii() and (has_surrogate(item) or (warnings and has_control(item))):
            return False
    return True


def _check_date(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = _given(ck, field, obj, where, "a date")
    if value is None:
        return None
    if not isinstance(value, str):
        ck.error(
            where, f"field '{field.name}' must be a date written as text, not {kind_of(value)}"
        )
        return None
    span = ck.spans.get(value)
    if span is None:
        try:
            span = ck.spans[value] = parse_stored(value, qualified=ck.version > 1)
        except DateError as exc:
            ck.error(where, f"field '{field.name}': {exc}")
            return None
    return span


def _check_choice(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    if field.name not in obj:
        return None
    value = obj[field.name]
    assert field.of is not None
    choices = CHOICES[field.of]
    if not isinstance(value, str):
        ck.error(where, f"field '{field.name}' must be text, not {kind_of(value)}")
        return None
    if value not in choices:
        hint = did_you_mean(value, choices, 1).removeprefix("; ")
        ck.error(
            where,
            f"field '{field.name}' is {json.dumps(value)}; "
            + (f"{hint} " if hint else "")
            + f"use one of: {', '.join(choices)}",
        )
        return None
    return value


def _check_records(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    if field.name not in obj:
        return []
    value = obj[field.name]
    if not isinstance(value, list):
        ck.error(where, f"field '{field.name}' must be a list, not {kind_of(value)}")
        return []
    if field.min_items and not value:
        ck.error(where, f"field '{field.name}' is empty; {_why(kind, field)}")
        return []
    assert field.of is not None
    out = []
    for i, item in enumerate(value):
        values = ck.record(field.of, item, f"{where} {field.name}[{i}]")
        if values is not None:
            out.append(values)
    return out


def _why(kind: str, field: Field) -> str:
    return WHY_NOT_EMPTY.get((kind, field.name), "give at least one")


def _check_number(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = _given(ck, field, obj, where, "a number")
    if value is None:
        return None
    if type(value) not in (int, float) or not math.isfinite(value):
        ck.error(where, f"field '{field.name}' must be a number, not {kind_of(value)}")
        return None
    low, high = field.bounds or (-math.inf, math.inf)
    if not low <= value <= high:
        ck.error(where, f"field '{field.name}' is {value}; it must be from {low:g} to {high:g}")
        return None
    return float(value)


def _check_record(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = _given(ck, field, obj, where, "an object")
    if value is None:
        return None
    assert field.of is not None
    return ck.record(field.of, value, f"{where} {field.name}")


def _check_links(ck: Checker, kind: str, field: Field, obj: dict[str, Any], where: str) -> Any:
    value = obj.get(field.name, [])
    if not isinstance(value, list):
        ck.error(where, f"field '{field.name}' must be a list, not {kind_of(value)}")
        return []
    assert field.of is not None
    out: list[Any] = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            if not item.strip() or has_surrogate(item):
                ck.error(where, f"field '{field.name}' item {i} must be an id, not {item!r}")
            elif ck.dangling(where, field, item):
                out.append(item)
            continue
        values = ck.record(field.of, item, f"{where} {field.name}[{i}]")
        if values is not None:
            out.append(values)
    return out


_CHECKS: dict[str, Callable[[Checker, str, Field, dict[str, Any], str], Any]] = {
    "id": _check_id,
    "text": _check_text,
    "texts": _check_texts,
    "date": _check_date,
    "choice": _check_choice,
    "number": _check_number,
    "record": _check_record,
    "records": _check_records,
    "links": _check_links,
}
# Per format and record kind: each field with its check, and the required and known keys.
_PLAN = {
    v: {kind: [(f, _CHECKS[f.type]) for f in fields] for kind, fields in kinds.items()}
    for v, kinds in SCHEMA.items()
}
_REQUIRED = {
    v: {kind: frozenset(f.name for f in fields if f.required) for kind, fields in kinds.items()}
    for v, kinds in SCHEMA.items()
}
_KNOWN = {v: {kind: frozenset(FIELDS[v][kind]) for kind in kinds} for v, kinds in SCHEMA.items()}
