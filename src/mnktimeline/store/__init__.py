"""The event store: find it, read it, check it by one rule book, and load it.

``load(path)`` returns a typed ``Store`` or raises ``StoreError``; ``check(path)`` returns
every problem of a file, not only the first, for ``timeline validate``. Each problem names
the file, the record and the field, so that a person editing the JSON by hand can go
straight to it. Modules: ``locate`` (which file), ``decode`` (bytes and JSON), ``schema``
(the declarations), ``validate`` (the rule book, field by field), ``rules`` (the rules
across records), ``document`` (a whole store checked and built), ``accept`` and ``fast``
(a plainly valid store accepted a column at a time; fast decodes large files with msgspec),
``upgrade`` (format 1 read as format 2), ``quotes`` (quotations against source texts),
``snapshot`` (the bundled store as checked when the wheel was built).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Problem, Store
from .locate import ENV_VAR, bundled_store, is_packaged, resolve_path

if TYPE_CHECKING:
    from .decode import StoreError, decode_json, read_bytes, read_json
    from .document import check_document, format_of
    from .schema import MAX_QUOTE

    # The fields of each record kind of the latest format, in canonical order, and which
    # of them must be there.
    FIELDS: dict[str, tuple[str, ...]]
    REQUIRED: dict[str, tuple[str, ...]]
    OPTIONAL: dict[str, tuple[str, ...]]

__all__ = [
    "ENV_VAR",
    "FIELDS",
    "LARGE_STORE_BYTES",
    "MAX_QUOTE",
    "OPTIONAL",
    "REQUIRED",
    "Problem",
    "StoreError",
    "bundled_store",
    "check",
    "check_document",
    "decode_json",
    "format_of",
    "is_packaged",
    "load",
    "load_json",
    "read_bytes",
    "read_json",
    "resolve_path",
]

# Where each name is defined. They are imported when first asked for: a command reading
# the bundled store through its snapshot needs none of the decoding and checking code,
# whose import would add about 2 % to that command's instructions.
_LAZY = {
    "StoreError": "decode",
    "decode_json": "decode",
    "read_bytes": "decode",
    "read_json": "decode",
    "check_document": "document",
    "format_of": "document",
    "MAX_QUOTE": "schema",
}


def __getattr__(name: str) -> Any:
    if name in ("FIELDS", "REQUIRED", "OPTIONAL"):
        from .schema import FIELDS as NAMES
        from .schema import LATEST, SCHEMA

        fields = SCHEMA[LATEST]
        value: Any = {
            "FIELDS": NAMES[LATEST],
            "REQUIRED": {k: tuple(f.name for f in fs if f.required) for k, fs in fields.items()},
            "OPTIONAL": {
                k: tuple(f.name for f in fs if not f.required) for k, fs in fields.items()
            },
        }[name]
    elif name in _LAZY:
        value = getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


# Files at least this large are decoded with msgspec (see fast.py); below it,
# importing msgspec would cost more start-up time than it saves.
LARGE_STORE_BYTES = 1 << 20


def load(path: Path | str) -> Store:
    """Return the validated store at ``path``.

    Raises StoreError (naming file, record and field) if the file is missing,
    unreadable, not JSON, or has any error; warnings do not stop loading.
    """
    if is_packaged(path):
        from . import snapshot

        checked = snapshot.read(path)
        if checked is not None:
            return checked
    return load_json(path)


def load_json(path: Path | str) -> Store:
    """Return the validated store at ``path`` read from its JSON, never from a snapshot
    (``load`` says what it raises)."""
    name = str(path)
    from . import accept
    from .decode import StoreError, decode_json, read_bytes, size
    from .document import check_document

    if size(path) >= LARGE_STORE_BYTES:
        from . import fast

        found = fast.load_file(path)
        if found is not None:
            if found.store is not None:
                return found.store
            errors = [p for p in found.problems if p.severity == "error"]
            raise StoreError(name, errors)
    doc = decode_json(read_bytes(path), name)
    store = accept.build(doc, name)
    if store is not None:
        return store
    store, problems = check_document(doc, name, warnings=False)
    errors = [p for p in problems if p.severity == "error"]
    if store is None or errors:
        raise StoreError(name, errors or problems)
    return store


def check(path: Path | str, *, warnings: bool = True) -> tuple[Store | None, list[Problem]]:
    """Return the store at ``path`` (None if it has errors) and every problem found."""
    from .decode import BOM, StoreError, decode_json, read_file, size
    from .document import check_document

    try:
        if size(path) >= LARGE_STORE_BYTES:
            from . import fast

            found = fast.load_file(path, warnings=warnings, repeated=True)
            if found is not None:
                return found.store, _bom(path, warnings) + found.problems
        data = read_file(path)
        raw = decode_json(data[3:] if data.startswith(BOM) else data, str(path))
    except StoreError as exc:
        return None, exc.problems
    store, problems = check_document(raw, str(path), warnings=warnings)
    return store, _bom(path, warnings, data) + problems


def _bom(path: Path | str, warnings: bool, data: bytes | None = None) -> list[Problem]:
    """Return the warning for a file that starts with a byte-order mark, if it does."""
    from .decode import BOM

    if not warnings:
        return []
    if data is None:
        with open(path, "rb") as f:
            data = f.read(3)
    if not data.startswith(BOM):
        return []
    # We read it, but jq, Python's json.loads and JavaScript's JSON.parse refuse it.
    return [
        Problem(
            "",
            "starts with a UTF-8 byte-order mark, which other JSON tools refuse; "
            "save the file as UTF-8 without BOM",
            "warning",
        )
    ]
