"""``timeline edit``: one record as the JSON the store holds, judged when it comes back.

The CLI writes ``edit_text`` to a file, runs the user's editor on it, and hands what was
saved to ``judge``; an invalid record goes back into the editor with its problems at the
top (``edit_text`` again), as ``kubectl edit`` does, until it is valid or left unchanged.
``plan_replace`` then puts the record in the freshly read store under its lock.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Literal

from ..model import Store
from ..record import Record
from ..store import StoreError, check_document, decode_json
from ..store.decode import repeated_key
from ..store.document import label
from . import EditError
from .canonical import Doc, ordered
from .change import Done, Found, find_record, version_of

COMMENT = "//"


def record_json(record: Any) -> str:
    """Return a record as the store file holds it: two-space indent, UTF-8, a final newline."""
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def edit_text(kind: str, ident: str, path: str, body: str, problems: Sequence[str]) -> str:
    """Return the text of the file to edit: a header of ``//`` lines (the problems of the
    last save, if any), then ``body``, the record's JSON."""
    head = [
        f"Edit the {kind} '{ident}' of {path} below and save to change it.",
        "Lines starting with // are ignored. To change nothing, quit without saving, or",
        "save an empty file. If what you save has errors, this file opens again with them.",
    ]
    if problems:
        head += ["", "What you saved was not stored, because of these errors:"]
        head += [f"- {p}" for p in problems]
    comment = "".join(f"{COMMENT} {line}".rstrip() + "\n" for line in head)
    return comment + body


def strip_header(text: str) -> str:
    """Return ``text`` with its leading ``//`` lines made blank (so that a JSON error's
    line number is the line of the file)."""
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if not line.lstrip().startswith(COMMENT):
            break
        lines[i] = "\n"
    return "".join(lines)


class Verdict(Record):
    """What a save holds: ``empty``, ``unchanged``, ``invalid`` (with its problems and the
    body to edit again) or ``valid`` (with the record)."""

    outcome: Literal["empty", "unchanged", "invalid", "valid"]
    record: Any = None
    problems: tuple[str, ...] = ()
    body: str = ""


def judge(doc: Doc, found: Found, saved: str, path: str) -> Verdict:
    """Return what the saved text of the record at ``found`` amounts to, checked with the
    whole store ``doc``: every error of the store with it in place is a problem."""
    original = found.record(doc)
    ident = str(original["id"])
    text = strip_header(saved)
    body = text.lstrip("\n")
    if not text.strip():
        return Verdict("empty")
    try:
        record = decode_json(body.encode("utf-8"), path)
    except StoreError as exc:
        where = f"the {found.kind} (lines counted from its first line, after the // lines)"
        problems = [f"{where} {p}" for p in exc.problems]
        return Verdict("invalid", problems=tuple(problems), body=body)
    if not isinstance(record, dict):
        return Verdict(
            "invalid", problems=(f"the {found.kind} must be one JSON object",), body=body
        )
    key = repeated_key(record)
    if key is not None:
        problem = f"the key '{key}' is given more than once; give it once"
        return Verdict("invalid", problems=(problem,), body=body)
    if record.get("id") != ident:
        problem = (
            f"the id is changed with 'timeline mv {ident} NEW', which also changes what "
            f'refers to it; save this with "id": "{ident}"'
        )
        return Verdict("invalid", problems=(problem,), body=body)
    if record == original:
        return Verdict("unchanged")
    records = list(doc[found.list])
    records[found.position] = record
    _, found_problems = check_document({**doc, found.list: records}, path, warnings=False)
    own = label(found.list, found.position, ident)
    errors = [
        str(p)[len(own) :].lstrip(" :") if str(p).startswith(own) else str(p)
        for p in found_problems
        if p.severity == "error"
    ]
    if errors:
        return Verdict("invalid", problems=tuple(errors), body=body)
    return Verdict("valid", record=record)


def plan_replace(
    doc: Doc, store: Store, found: Found, original: Any, record: Any, kept: str
) -> tuple[Doc, Done]:
    """Return the document with the record at ``found`` replaced by ``record``, if it is
    still ``original`` in this (freshly read) document.

    Refuses (EditError) a record another command changed or removed meanwhile: ``kept``
    names the file that holds the edited version.
    """
    ident = str(original["id"])
    try:
        now = find_record(doc, ident, found.kind)
    except EditError:
        now = None
    if now is None or now.record(doc) != original:
        raise EditError(
            f"the {found.kind} '{ident}' was changed by another command while you edited it, "
            f"so your version was not stored; it is kept in {kept}"
        )
    records = list(doc[now.list])
    records[now.position] = ordered(record, found.kind, version_of(doc))
    return {**doc, now.list: records}, Done(found.kind, ident)
