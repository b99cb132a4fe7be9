"""Change a store file safely: canonical layout, new records, imports, locked writes.

Nothing here imports typer or rich; ``cli.py`` turns options into the values these
functions take. Every change goes through ``locked_update``, which

- takes an advisory lock on a sidecar file ``PATH.lock`` (the store itself is replaced
  by a rename on every write, so a lock on it would guard a file that is about to go);
- re-reads and validates the store under the lock, so two writers never both change
  the same old version and an invalid store is never written to;
- applies the change, validates the result with ``store.check_document`` (only the new
  records when the change just appends, see ``result_problems``), and writes the
  canonical text with ``atomic.write_atomic`` (temporary file, fsync, rename).

The canonical layout keeps ``sources`` and ``actors`` in their file order (it is the
order people curate them in, and sorting would turn a first ``fmt`` into a diff of the
whole file) and sorts ``events`` by start date, end date, then id, as ``query.order_key``
does. Keys follow the fixed order of ``KEY_ORDER``; fields present in the file stay,
absent ones are not added; two-space indent, UTF-8 without escapes, a final newline.

A writer killed mid-write (SIGKILL, power loss) may leave its temporary file
``.NAME.*.tmp`` next to the store. The next writer removes such files once it holds the
lock: every writer here takes the lock first, so a temporary file seen under the lock
belongs to nobody.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import os
import re
import stat
import time
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any, TypeVar

from .atomic import WriteError, write_atomic
from .dates import DateError, parse_stored
from .model import Store
from .query import UnknownName, fold, resolve_actor
from .render.csv import EVENT_COLUMNS
from .store import FIELDS, Problem, StoreError, bundled_store, check_document, read_json

LOCK_TIMEOUT = 5.0  # seconds a writer waits for another before giving up

T = TypeVar("T")
Doc = dict[str, Any]

# --- canonical layout -------------------------------------------------------------------

KEY_ORDER = FIELDS  # the canonical key order is the schema's field order


class EditError(Exception):
    """A change that was not made. The message is one sentence; ``details`` are extra
    lines (every rejected row, every problem) to print before it."""

    def __init__(self, message: str, details: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.details = list(details)


class LockTimeout(EditError):
    """Another command held the store's lock for longer than the timeout."""


def _ordered(obj: Any, kind: str) -> Any:
    if not isinstance(obj, dict):
        return obj
    order = KEY_ORDER[kind]
    keys = [k for k in order if k in obj] + [k for k in obj if k not in order]
    out = {k: obj[k] for k in keys}
    if kind == "actor" and isinstance(out.get("offices"), list):
        out["offices"] = [_ordered(o, "office") for o in out["offices"]]
    if kind == "event":
        if isinstance(out.get("sources"), list):
            out["sources"] = [_ordered(r, "ref") for r in out["sources"]]
        if isinstance(out.get("notes"), list):
            out["notes"] = [_ordered(n, "note") for n in out["notes"]]
    return out


_FAR = date.max


def event_sort_key(record: Any) -> tuple[date, date, str]:
    """Return the canonical sort key of an event record: start, end, id.

    Records whose date cannot be read sort last (a store with them does not validate,
    so they are never written; the key only has to be total).
    """
    if not isinstance(record, dict):
        return (_FAR, _FAR, "")
    ident = record.get("id")
    key_id = ident if isinstance(ident, str) else ""
    when = record.get("date")
    start, end = _bounds(when) if isinstance(when, str) else (_FAR, _FAR)
    return (start, end, key_id)


@functools.lru_cache(maxsize=8192)
def _bounds(text: str) -> tuple[date, date]:
    # Cached: a store of 20,000 events is sorted on every write, and dates repeat.
    try:
        span = parse_stored(text)
    except DateError:
        return (_FAR, _FAR)
    return (span.start, span.end)


def canonical_document(doc: Doc) -> Doc:
    """Return a copy of a store document in canonical order; ``doc`` is not changed.

    Sources and actors keep their order; events are sorted by ``event_sort_key``.
    """
    out = _ordered(doc, "store")
    if isinstance(out.get("sources"), list):
        out["sources"] = [_ordered(s, "source") for s in out["sources"]]
    if isinstance(out.get("actors"), list):
        out["actors"] = [_ordered(a, "actor") for a in out["actors"]]
    if isinstance(out.get("events"), list):
        out["events"] = sorted((_ordered(e, "event") for e in out["events"]), key=event_sort_key)
    return out  # type: ignore[no-any-return]


def canonical_text(doc: Doc) -> str:
    """Return the canonical text of a store document (see the module docstring).

    Equal to ``json.dumps(canonical_document(doc), ensure_ascii=False, indent=2) + "\\n"``,
    written by hand because json's indenting encoder is pure Python and three times
    slower on a store of 20,000 events.
    """
    return "".join(canonical_chunks(doc))


def canonical_chunks(doc: Doc, block: int = 4096) -> Iterator[str]:
    """Return the canonical text of ``doc`` in pieces of about ``block`` JSON tokens each.

    The records of each top-level list are written one by one, so a large store streams
    to its file instead of being built whole in memory first.
    """
    canon = canonical_document(doc)
    if not canon:
        yield "{}\n"
        return
    out: list[str] = []
    sep = "{\n  "
    for key, value in canon.items():
        out.append(sep + encode_basestring(key) + ": ")
        sep = ",\n  "
        if not isinstance(value, list) or not value:
            _emit(value, "  ", out)
            continue
        item_sep = "[\n    "
        for item in value:
            out.append(item_sep)
            item_sep = ",\n    "
            _emit(item, "    ", out)
            if len(out) >= block:
                yield "".join(out)
                out.clear()
        out.append("\n  ]")
    out.append("\n}\n")
    yield "".join(out)


def _emit(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(encode_basestring(value))
    elif isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        sep = "{\n" + inner
        for key, item in value.items():
            out.append(sep + encode_basestring(key) + ": ")
            sep = ",\n" + inner
            _emit(item, inner, out)
        out.append("\n" + indent + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        inner = indent + "  "
        sep = "[\n" + inner
        for item in value:
            out.append(sep)
            sep = ",\n" + inner
            _emit(item, inner, out)
        out.append("\n" + indent + "]")
    else:
        out.append(json.dumps(value))


def first_difference(old: str, new: str) -> int:
    """Return the 1-based number of the first line where ``old`` and ``new`` differ."""
    for number, (a, b) in enumerate(zip(old.splitlines(), new.splitlines(), strict=False), 1):
        if a != b:
            return number
    return min(old.count("\n"), new.count("\n")) + 1


# --- reading a store to change it -----------------------------------------------------


def read_store(path: Path | str) -> tuple[Doc, Store]:
    """Return the parsed document at ``path`` and the validated store built from it.

    Raises StoreError (with every problem) if the file cannot be read or has errors.
    """
    doc = read_json(path)
    store, problems = check_document(doc, str(path))
    if store is None:
        errors = [p for p in problems if p.severity == "error"]
        raise StoreError(str(path), errors or problems)
    return doc, store


def packaged_store() -> Path:
    """Return where the store sits inside an installed package (it may not exist)."""
    return Path(__file__).resolve().parent / "data" / "events.json"


def refuse_packaged(path: Path | str) -> None:
    """Raise EditError if ``path`` is the store inside the installed package.

    The repository's ``data/events.json`` of a source checkout is an ordinary file and
    is not refused.
    """
    packaged = packaged_store()
    if _exists(packaged) and _exists(path) and Path(path).resolve() == packaged.resolve():
        raise EditError(
            f"{path} is the store bundled inside the installed package and is never "
            "changed; start your own copy with 'timeline init my-events.json'"
        )


def _exists(path: Path | str) -> bool:
    """Return whether ``path`` names something; False for a name the system refuses
    (over 255 bytes, for one), which the read or write that follows reports."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


# --- the lock and the write -----------------------------------------------------------


def lock_path(path: Path) -> Path:
    """Return the sidecar lock file of a store: ``PATH.lock`` in the same folder."""
    return path.with_name(path.name + ".lock")


def _writable_target(path: Path) -> Path:
    """Return the real path to write (symlinks followed); refuse what cannot be written."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        if not os.path.isdir(target.parent):
            raise EditError(
                f"cannot write {path}: the folder {target.parent} does not exist"
            ) from None
        return target
    except OSError as exc:  # a name too long for the file system, for one
        raise EditError(f"cannot write {path}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise EditError(f"cannot write {path}: it is a folder, not a store file")
    # As atomic.write_atomic does: no write bit means its owner marked it read-only,
    # even for root. Checked before taking the lock so no lock file is left behind.
    if mode & 0o222 == 0 or not os.access(target, os.W_OK):
        raise EditError(
            f"cannot write {path}: the file is read-only; make it writable (chmod u+w) "
            "or work on a copy"
        )
    return target


@contextlib.contextmanager
def locked(path: Path | str, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the advisory lock of the store at ``path``; yield the real path to write.

    Waits up to ``timeout`` seconds for another writer, then raises LockTimeout.
    Refuses folders, read-only files and missing folders (EditError). Removes the
    temporary files that killed writers left next to the store.
    """
    import fcntl

    target = _writable_target(Path(path))
    lock_file = lock_path(target)
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise EditError(
            f"cannot lock {path}: the lock file {lock_file} cannot be opened ({exc.strerror})"
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{path} is being changed by another timeline command and its lock "
                        f"({lock_file}) was not free within {timeout:g} seconds; try again "
                        "when that command has finished"
                    ) from None
                time.sleep(0.01)
        _remove_stale_temporaries(target)
        yield target
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _remove_stale_temporaries(target: Path) -> None:
    # atomic.write_atomic names its temporary files ".NAME.<8 random characters>.tmp".
    for stale in target.parent.glob(f".{glob_escape(target.name)}.????????.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def glob_escape(name: str) -> str:
    """Return ``name`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


def locked_update(
    path: Path | str,
    change: Callable[[Doc, Store], tuple[Doc, T]],
    *,
    timeout: float = LOCK_TIMEOUT,
) -> T:
    """Apply ``change`` to the store at ``path`` under its lock; return what it returns.

    ``change`` gets the freshly read document and its validated store and returns the new
    document (it must not mutate the one it got) and a result. Refuses, writing nothing:
    a store that does not validate (StoreError), a result that does not validate
    (EditError listing its problems), a lock not had in time (LockTimeout), a file that
    cannot be written (EditError). A change that returns the very document it got (as
    ``fmt`` does) writes only if the file is not already canonical.
    """
    if not os.path.exists(path):
        read_store(path)  # raises StoreError for what is missing, before a lock file is made
    with locked(path, timeout) as target:
        doc, store = read_store(path)
        new_doc, result = change(doc, store)
        errors = [str(p) for p in result_problems(doc, store, new_doc, str(path))]
        if errors:
            raise EditError(
                f"{path} was not changed: the result would not validate "
                f"({len(errors)} problem{'s' if len(errors) != 1 else ''}: {errors[0]})",
                errors[1:],
            )
        try:
            if new_doc is not doc:
                write_atomic(target, canonical_chunks(new_doc))
            elif (text := canonical_text(doc)).encode("utf-8") != target.read_bytes():
                write_atomic(target, [text])
        except WriteError as exc:
            raise EditError(str(exc)) from None
        except OSError as exc:
            raise EditError(f"cannot write {path}: {exc.strerror or exc}") from None
        return result


def _appended(old: Doc, new: Doc) -> dict[str, list[Any]] | None:
    """Return the records ``new`` appends to ``old``'s lists, or None if it does more."""
    if new.keys() != old.keys():
        return None
    out: dict[str, list[Any]] = {}
    for key in KEY_ORDER["store"]:
        before, after = old.get(key), new.get(key)
        if not isinstance(before, list) or not isinstance(after, list):
            return None
        if len(after) < len(before) or any(a is not b for a, b in zip(before, after, strict=False)):
            return None
        out[key] = after[len(before) :]
    return out


_EVENT_INDEX = re.compile(r"events\[(\d+)\]")


def result_problems(old: Doc, old_store: Store, new: Doc, path: str) -> list[Problem]:
    """Return the errors of the document ``new`` that a change made of ``old``.

    ``old`` must have validated into ``old_store``. When ``new`` only appends records
    (its lists start with the very same objects as ``old``'s), the old records cannot have
    gained an error except by a clash of ids, so ``store.check_document`` checks the
    sources, the actors and only the appended events, and their ids are checked against
    the old ones: the same verdict as checking the whole, at a fraction of the cost on a
    large store. Any other change is checked whole.
    """
    added = _appended(old, new)
    if added is None:
        _, problems = check_document(new, path)
        return [p for p in problems if p.severity == "error"]
    if not any(added.values()):
        return []
    offset = len(old["events"])
    context = {"sources": new["sources"], "actors": new["actors"], "events": added["events"]}
    _, problems = check_document(context, path)
    errors = [
        Problem(
            _EVENT_INDEX.sub(lambda m: f"events[{int(m[1]) + offset}]", p.where, count=1),
            p.message,
        )
        for p in problems
        if p.severity == "error"
    ]
    old_ids = {e.id for e in old_store.events}
    for i, record in enumerate(added["events"]):
        ident = record.get("id") if isinstance(record, dict) else None
        if isinstance(ident, str) and ident in old_ids:
            errors.append(
                Problem(f"events[{i + offset}] '{ident}'", f"duplicate event id '{ident}'")
            )
    return errors


def check_canonical(path: Path | str) -> int | None:
    """Return None if the store at ``path`` is in the canonical layout, else the first
    line that differs. Raises StoreError if it cannot be read or does not validate."""
    doc, _ = read_store(path)
    text = canonical_text(doc)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise StoreError(str(path), [Problem("", f"cannot be read ({exc.strerror})")]) from None
    if raw == text.encode("utf-8"):
        return None
    return first_difference(raw.decode("utf-8", errors="replace"), text)


def init_store(path: Path | str, *, force: bool = False) -> Store:
    """Write the bundled store, in canonical layout, to ``path``; return it.

    Refuses an existing file unless ``force`` (EditError), a folder, a missing folder,
    and the bundled store itself.
    """
    doc, store = read_store(bundled_store())
    refuse_packaged(path)
    with locked(path) as target:
        if _exists(target) and not force:
            raise EditError(
                f"{path} already exists; give --force to replace it with the bundled store, "
                "or choose another file name"
            )
        try:
            write_atomic(target, [canonical_text(doc)])
        except WriteError as exc:
            raise EditError(str(exc)) from None
    return store


# --- ids ---------------------------------------------------------------------------------

# Words a slug can do without: "Ri Yong-ho meets US experts in Ulaanbaatar" becomes
# "ri-yong-ho-meets-us-experts-ulaanbaatar".
_STOP_WORDS = frozenset(
    {"a", "an", "the", "of", "in", "on", "at", "to", "for", "and", "or", "with", "by"}
    | {"from", "as", "is", "are", "was", "were", "its"}
)
SLUG_LENGTH = 48


def slugify(text: str, max_length: int = SLUG_LENGTH) -> str:
    """Return lowercase ASCII words of ``text`` joined by hyphens, at most ``max_length``.

    Diacritics are dropped (Khürelsükh → khurelsukh), apostrophes vanish (Kim's → kims),
    common English little words are left out, and the slug is cut at a word boundary.
    Returns "" for text without any Latin letter or digit (Cyrillic, Hangul).
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"['’‘`]", "", plain.casefold())
    words = re.findall(r"[a-z0-9]+", plain)
    kept = [w for w in words if w not in _STOP_WORDS] or words
    slug = ""
    for word in kept:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_length:
            if not slug:
                slug = word[:max_length]
            break
        slug = candidate
    return slug


def unique_id(base: str, existing: Collection[str]) -> str:
    """Return ``base``, or ``base-2``, ``base-3``… the first not in ``existing``."""
    candidate, n = base, 2
    while candidate in existing:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def derive_id(date_text: str, title: str, existing_ids: Collection[str]) -> str:
    """Return an event id: the stored date's start, then a slug of the title.

    ``2014-05-23`` and "Ri Yong-ho meets US experts" give
    ``2014-05-23-ri-yong-ho-meets-us-experts``; ``2015/2016`` starts with ``2015``; a
    title without Latin letters gives ``…-event``; ``-2``, ``-3``… avoid ``existing_ids``.
    Raises DateError if the date is not a stored date.
    """
    start = parse_stored(date_text).first.iso()
    slug = slugify(title) or "event"
    return unique_id(f"{start}-{slug}", existing_ids)


# --- new records ----------------------------------------------------------------------


def new_event(
    *,
    event_id: str,
    date_text: str,
    title: str,
    summary: str,
    category: str,
    actors: Sequence[str] = (),
    sources: Sequence[Doc] = (),
    tags: Sequence[str] = (),
    places: Sequence[str] = (),
    notes: Sequence[Doc] = (),
) -> Doc:
    """Return an event record in the store's shape and canonical key order.

    ``actors`` are actor ids; ``sources`` are ``{"source", "locator"?, "quote"?}``.
    Optional fields left empty are left out, except tags, actors and places, which
    are always written (as the bundled store does). Nothing is validated here.
    """
    record: Doc = {
        "id": event_id,
        "date": date_text,
        "title": title,
        "summary": summary,
        "category": category,
        "tags": list(tags),
        "actors": list(actors),
        "places": list(places),
        "sources": [
            _ordered({k: v for k, v in ref.items() if v is not None}, "ref") for ref in sources
        ],
    }
    if notes:
        record["notes"] = [_ordered(n, "note") for n in notes]
    return record


NEW_ACTOR_KEYS = ("id", "name", "kind", "country", "alias")
NEW_SOURCE_KEYS = ("id", "title", "author", "publisher", "published", "url")


def parse_fields(spec: str, keys: Sequence[str], option: str) -> dict[str, list[str]]:
    """Return the ``key=value`` pairs of ``spec`` such as ``name=Ri Yong-ho,kind=person``.

    A comma starts a new pair only when a known key and ``=`` follow it, so values may
    hold commas ("title=Mongolia, the DPRK and Japan,url=https://…"). Keys may repeat
    (``alias=…``). Refuses text that does not start with a known key, and unknown keys
    after a comma (except inside a url, whose query may hold ``,b=2``).
    """
    alternatives = "|".join(re.escape(k) for k in keys)
    parts = re.split(rf",\s*(?=(?:{alternatives})\s*=)", spec.strip())
    out: dict[str, list[str]] = {}
    for part in parts:
        key, sep, value = part.partition("=")
        key = key.strip()
        if not sep or key not in keys:
            raise EditError(
                f"{option} '{spec}': '{part}' is not KEY=VALUE with a key among "
                f"{', '.join(keys)}; for example {option} '{_FIELD_EXAMPLES[option]}'"
            )
        stray = _STRAY_KEY.search(value)
        if stray is not None and key != "url":
            raise EditError(f"{option} '{spec}': '{stray[1]}' is not a key; use {', '.join(keys)}")
        out.setdefault(key, []).append(value.strip())
    return out


# A typo such as "contry=PRK" would otherwise end up inside the value before it.
_STRAY_KEY = re.compile(r",\s*([A-Za-z_]+)\s*=")


_FIELD_EXAMPLES = {
    "--new-actor": "name=Ri Yong-ho,kind=person,country=PRK",
    "--new-source": "title=Mongolian president visits N. Korea,publisher=Yonhap,"
    "published=2013-10-28,url=https://example.org/a",
}


def _one(fields: dict[str, list[str]], key: str, option: str) -> str | None:
    values = fields.get(key)
    if not values:
        return None
    if len(values) > 1:
        raise EditError(f"{option} gives '{key}' {len(values)} times; give it once")
    return values[0] or None


def new_actor(spec: str, store: Store, taken: Collection[str] = ()) -> Doc:
    """Return an actor record from ``--new-actor`` text (see ``parse_fields``).

    Keys: name and kind (person, state or organisation) are required; id is derived from
    the name when absent; country is an ISO alpha-3 code; alias may repeat. Refuses a
    missing name or kind, and a name already used by an actor of ``store``.
    """
    option = "--new-actor"
    fields = parse_fields(spec, NEW_ACTOR_KEYS, option)
    name = _one(fields, "name", option)
    kind = _one(fields, "kind", option)
    if name is None or kind is None:
        missing = " and ".join(k for k, v in (("name", name), ("kind", kind)) if v is None)
        raise EditError(
            f"{option} '{spec}' has no {missing}; for example {option} '{_FIELD_EXAMPLES[option]}'"
        )
    folded = fold(name)
    for actor in store.actors.values():
        if folded in {fold(n) for n in (actor.id, actor.name, *actor.aliases)}:
            raise EditError(
                f"{option}: '{name}' is already in the store as {actor.name} ({actor.id}); "
                f"use --actor '{actor.id}' instead"
            )
    ident = _one(fields, "id", option) or unique_id(
        slugify(name) or "actor", {*store.actors, *taken}
    )
    record: Doc = {"id": ident, "name": name, "kind": kind}
    country = _one(fields, "country", option)
    if country is not None:
        record["country"] = country.upper()
    aliases = [a for a in fields.get("alias", []) if a]
    if aliases:
        record["aliases"] = aliases
    return record


def new_source(spec: str, store: Store) -> Doc:
    """Return a source record from ``--new-source`` text (see ``parse_fields``).

    Keys: title is required; id, when absent, is made of author (or publisher) and
    published, else of the title; author, publisher, published (a stored date) and url
    are optional. Refuses a missing title and a url that a source of ``store`` has.
    """
    option = "--new-source"
    fields = parse_fields(spec, NEW_SOURCE_KEYS, option)
    title = _one(fields, "title", option)
    if title is None:
        raise EditError(
            f"{option} '{spec}' has no title; for example {option} '{_FIELD_EXAMPLES[option]}'"
        )
    url = _one(fields, "url", option)
    for source in store.sources.values():
        if url is not None and source.url == url:
            raise EditError(
                f"{option}: {url} is already in the store as source '{source.id}'; "
                f"use --source {source.id} instead"
            )
    record: Doc = {"id": _one(fields, "id", option), "title": title}
    for key in ("author", "publisher", "published"):
        value = _one(fields, key, option)
        if value is not None:
            record[key] = value
    if url is not None:
        record["url"] = url
    if record["id"] is None:
        record["id"] = unique_id(_source_slug(record), set(store.sources))
    return record


def _source_slug(record: Doc) -> str:
    """Return the base of a source id as the bundled store writes them: who, then when
    (``yonhap-2014-05-26``); failing either, words of the title."""
    who = record.get("author") or record.get("publisher")
    try:
        when = parse_stored(record["published"]).first.iso() if "published" in record else ""
    except DateError:
        when = ""  # the date's own error comes from validation
    if who and when and slugify(who, 20):
        return f"{slugify(who, 20)}-{when}"
    return slugify(record["title"], 32) or "source"


def resolve_actor_ids(
    store: Store, names: Sequence[str], new_actors: Sequence[Doc] = (), *, hint: str = ""
) -> list[str]:
    """Return the actor ids that ``names`` stand for, in order, without repeats.

    A name fits a new actor (by id, name or alias) or is resolved as in queries
    (``query.resolve_actor``). Refuses a name that fits nothing (its message ends with
    ``hint``) and a name that fits several actors, listing them.
    """
    out: list[str] = []
    for name in names:
        folded = fold(name)
        fresh = [
            a
            for a in new_actors
            if folded in {fold(str(n)) for n in (a["id"], a["name"], *a.get("aliases", []))}
        ]
        if fresh:
            ids = [str(fresh[0]["id"])]
        else:
            try:
                match = resolve_actor(store, name)
            except UnknownName as exc:
                raise EditError(f"{exc}{hint}") from None
            if len(match.actors) > 1:
                listed = ", ".join(f"{a.name} ({a.id})" for a in match.actors)
                raise EditError(
                    f"'{name}' fits {len(match.actors)} actors: {listed}; "
                    "give the full name or the id of one"
                )
            ids = [match.actors[0].id]
        out.extend(i for i in ids if i not in out)
    return out


# --- checking new events in the context of a store ------------------------------------


def _new_event_problems(
    doc: Doc,
    records: Sequence[Doc],
    *,
    new_sources: Sequence[Doc] = (),
    new_actors: Sequence[Doc] = (),
) -> tuple[list[list[str]], list[str]]:
    """Return the errors of new events in the context of a valid store document ``doc``.

    One ``store.check_document`` over the store's sources and actors, the new ones, and
    the new events: returns the errors of each event (naming the field at fault, without
    the record's position, which means nothing for a record not yet stored) and those of
    the new actors and sources. Clashes of ids are left to the caller, who can say which
    line an id clashes with.
    """
    context = {
        "sources": [*doc.get("sources", []), *new_sources],
        "actors": [*doc.get("actors", []), *new_actors],
        "events": list(records),
    }
    _, problems = check_document(context, "<new>")
    per_event: list[list[str]] = [[] for _ in records]
    other: list[str] = []
    for p in problems:
        if p.severity != "error":
            continue
        m = _EVENT_INDEX.match(p.where)
        if m is None:
            other.append(str(p))
            continue
        if p.message.startswith("duplicate event id"):
            continue
        i = int(m[1])
        ident = records[i].get("id")
        label = f"events[{i}] '{ident}'" if isinstance(ident, str) and ident else f"events[{i}]"
        where = p.where[len(label) :].strip() if p.where.startswith(label) else p.where
        per_event[i].append(f"{where}: {p.message}" if where else p.message)
    return per_event, other


@dataclass(frozen=True, slots=True)
class EventDraft:
    """What ``timeline add`` was told: names as typed, not yet resolved."""

    date: str
    title: str
    summary: str
    category: str
    actors: tuple[str, ...] = ()
    source: str | None = None
    locator: str | None = None
    quote: str | None = None
    tags: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    id: str | None = None
    new_actors: tuple[str, ...] = ()  # --new-actor texts
    new_source: str | None = None  # --new-source text


def plan_add(doc: Doc, store: Store, draft: EventDraft) -> tuple[Doc, Doc]:
    """Return the document with the drafted event (and its new actors and source) added,
    and the event record as stored. ``doc`` is not changed.

    New actors take part in the event even when no ``--actor`` names them. Refuses
    (EditError) an unknown or ambiguous actor, an id already in the store, two
    different sources, and an event that does not validate, naming what is wrong.
    """
    actors_new: list[Doc] = []
    for spec in draft.new_actors:
        actors_new.append(new_actor(spec, store, [str(a["id"]) for a in actors_new]))
    source_new = new_source(draft.new_source, store) if draft.new_source else None
    actor_ids = resolve_actor_ids(
        store,
        draft.actors,
        actors_new,
        hint="; or describe a new actor with --new-actor 'name=...,kind=person'",
    )
    actor_ids += [str(a["id"]) for a in actors_new if a["id"] not in actor_ids]
    if source_new is not None and draft.source not in (None, source_new["id"]):
        raise EditError(
            f"--source {draft.source} and --new-source name different sources; an event "
            "added here cites one (add more by editing the store or with 'timeline import')"
        )
    source_id = draft.source or (str(source_new["id"]) if source_new else None)
    if source_id is None:
        raise EditError("the event has no source; give --source ID or --new-source '...'")
    existing = {e.id for e in store.events}
    if draft.id is not None:
        if draft.id in existing:
            raise EditError(
                f"an event with the id '{draft.id}' is already in the store; choose another "
                "--id, or leave it out to derive one from the date and title"
            )
        event_id = draft.id
    else:
        try:
            event_id = derive_id(draft.date, draft.title, existing)
        except DateError as exc:
            raise EditError(f"--date: {exc}") from None
    record = new_event(
        event_id=event_id,
        date_text=draft.date,
        title=draft.title,
        summary=draft.summary,
        category=draft.category,
        actors=actor_ids,
        sources=[{"source": source_id, "locator": draft.locator, "quote": draft.quote}],
        tags=draft.tags,
        places=draft.places,
    )
    new_sources = [source_new] if source_new else []
    per_event, other = _new_event_problems(
        doc, [record], new_sources=new_sources, new_actors=actors_new
    )
    problems = other + per_event[0]
    if problems:
        more = f" (and {len(problems) - 1} more, listed above)" if len(problems) > 1 else ""
        raise EditError(
            f"the event was not added to {store.path}: {problems[0]}{more}", problems[1:]
        )
    new_doc = {
        **doc,
        "sources": [*doc["sources"], *new_sources],
        "actors": [*doc["actors"], *actors_new],
        "events": [*doc["events"], record],
    }
    return new_doc, record


# --- import ------------------------------------------------------------------------------

CSV_COLUMNS = EVENT_COLUMNS  # an import reads what the CSV export writes
CSV_REQUIRED = ("date", "title", "summary", "category", "sources")


@dataclass(slots=True)
class ImportRow:
    """One row of an import file: where it is, the event it holds, what is wrong.

    ``actor_names`` is set for CSV rows, whose actors are names still to resolve.
    """

    where: str  # "line 3" or "item 0"
    record: Doc
    actor_names: tuple[str, ...] | None = None
    problems: list[str] = field(default_factory=list)


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
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EditError(
            f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}"
        ) from None
    except RecursionError:
        raise EditError(f"{name}: its JSON is nested too deeply") from None
    if isinstance(data, dict):
        # A whole store file is fine, but only its events are imported: its sources and
        # actors must already be in the store (a row citing others is rejected, by name).
        extra = sorted(k for k in data if k not in ("events", "sources", "actors"))
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
    record = {k: v for k, v in item.items() if k not in ("start", "end")}
    actors = record.get("actors")
    if isinstance(actors, list):
        record["actors"] = [a["id"] if isinstance(a, dict) and "id" in a else a for a in actors]
    sources = record.get("sources")
    if isinstance(sources, list):
        record["sources"] = [
            {
                k: v
                for k, v in (
                    ("source", s["id"]),
                    ("locator", s.get("locator")),
                    ("quote", s.get("quote")),
                )
                if v is not None
            }
            if isinstance(s, dict) and "id" in s and "source" not in s
            else s
            for s in sources
        ]
    _check_bounds(record.get("date"), item.get("start"), item.get("end"), problems)
    return record


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


# render/csv.py writes a leading ' before these so spreadsheets do not run formulas.
_CSV_GUARDED = ("=", "+", "-", "@", "\t", "\r")


def unguard(cell: str) -> str:
    """Return a CSV cell without the ' that the CSV export puts before = + - @."""
    if cell[:1] == "'" and cell[1:2] in _CSV_GUARDED and cell[1:2] != "":
        return cell[1:]
    return cell


def _split_list(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def _split_top_level(cell: str) -> list[str]:
    """Split at "; " outside parentheses, so a locator may hold "; "."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    i = 0
    while i < len(cell):
        ch = cell[i]
        if ch == "(":
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
        if ch == ";" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
        i += 1
    parts.append("".join(current))
    return [p.strip() for p in parts if p.strip()]


_SOURCE_ITEM = re.compile(r"(?P<id>[^\s()]+)(?:\s+\((?P<locator>.*)\))?")


def _read_csv_rows(text: str, name: str) -> list[ImportRow]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise EditError(f"{name} is not CSV that can be read: {exc}") from None
    if header is None:
        return []
    header = [h.strip() for h in header]
    unknown = [h for h in header if h not in CSV_COLUMNS]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if unknown or missing:
        what = (
            f"column '{unknown[0]}' is not one of the export's"
            if unknown
            else f"the header has no '{missing[0]}' column"
        )
        raise EditError(
            f"{name}: line 1: {what}; the header of 'timeline list -f csv' is "
            f"{','.join(CSV_COLUMNS)} (id, start, end, tags, actors, places and notes may be left out)"
        )
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
        if not cells or all(not c.strip() for c in cells):
            continue
        row = ImportRow(f"line {start_line}", {})
        if len(cells) != len(header):
            row.problems.append(f"has {len(cells)} cells where the header has {len(header)}")
            rows.append(row)
            continue
        values = {h: unguard(c) for h, c in zip(header, cells, strict=True)}
        row.record, row.actor_names = _csv_record(values, row.problems)
        rows.append(row)
    return rows


def _csv_record(values: dict[str, str], problems: list[str]) -> tuple[Doc, tuple[str, ...]]:
    refs: list[Doc] = []
    for item in _split_top_level(values.get("sources", "")):
        m = _SOURCE_ITEM.fullmatch(item)
        if m is None:
            problems.append(f"sources item '{item}' is not 'source-id' or 'source-id (locator)'")
            continue
        ref: Doc = {"source": m["id"]}
        if m["locator"]:
            ref["locator"] = m["locator"]
        refs.append(ref)
    record: Doc = {
        "id": values.get("id", "").strip(),
        "date": values.get("date", "").strip(),
        "title": values.get("title", ""),
        "summary": values.get("summary", ""),
        "category": values.get("category", "").strip(),
        "tags": _split_list(values.get("tags", "")),
        "actors": [],
        "places": _split_list(values.get("places", "")),
        "sources": refs,
    }
    notes = [n.strip() for n in values.get("notes", "").split(" | ") if n.strip()]
    if notes:
        record["notes"] = [_note_from_cell(n) for n in notes]
    _check_bounds(
        record["date"], values.get("start", "").strip(), values.get("end", "").strip(), problems
    )
    return record, tuple(_split_list(values.get("actors", "")))


_NOTE_CELL = re.compile(r"(?P<text>.*?)\s*\[(?P<sources>[^\[\]]*)\]")


def _note_from_cell(cell: str) -> Doc:
    """Return a note from the CSV form ``text [source-id; source-id]`` (see render/csv.py);
    without the bracket the note has no sources, which validation then refuses."""
    m = _NOTE_CELL.fullmatch(cell)
    if m is None:
        return {"text": cell}
    return {"text": m["text"], "sources": _split_list(m["sources"])}


def plan_import(
    doc: Doc, store: Store, rows: Sequence[ImportRow], name: str
) -> tuple[Doc, list[Doc]]:
    """Return the document with every row's event added, and those events.

    All or nothing: if any row is wrong, raises EditError whose details name every
    rejected row (``NAME: line 3: reason``) and whose message says nothing was imported.
    Ids left empty are derived from date and title; an id already in the store, or used
    twice in the file, rejects the row. ``doc`` is not changed.
    """
    used = {e.id for e in store.events}  # the store's ids, then the file's so far
    in_store = frozenset(used)
    first_use: dict[str, str] = {}
    resolved: dict[tuple[str, ...], list[str] | EditError] = {}  # rows repeat actors
    records: list[Doc] = []
    row_problems: list[list[str]] = []
    for row in rows:
        problems = list(row.problems)
        record = dict(row.record)
        if row.actor_names is not None:
            if row.actor_names not in resolved:
                try:
                    resolved[row.actor_names] = resolve_actor_ids(store, row.actor_names)
                except EditError as exc:
                    resolved[row.actor_names] = exc
            found = resolved[row.actor_names]
            if isinstance(found, EditError):
                problems.append(str(found))
            else:
                record["actors"] = list(found)
        ident = record.get("id")
        if ident is None or ident == "":
            try:
                ident = derive_id(record.get("date"), str(record.get("title") or ""), used)  # type: ignore[arg-type]
            except (DateError, TypeError):
                ident = None  # the date's own error comes from validation
            record["id"] = ident or "row"
        elif isinstance(ident, str) and ident in in_store:
            problems.append(f"an event with the id '{ident}' is already in the store")
        elif isinstance(ident, str) and ident in first_use:
            problems.append(f"the id '{ident}' is also used by {first_use[ident]}")
        if isinstance(ident, str) and ident:
            first_use.setdefault(ident, row.where)
            used.add(ident)
        records.append(record)
        row_problems.append(problems)
    checked = [(i, r) for i, r in enumerate(records) if r]
    per_event, _ = _new_event_problems(doc, [r for _, r in checked])
    for (i, _), problems in zip(checked, per_event, strict=True):
        row_problems[i].extend(problems)
    details = [
        f"{name}: {row.where}: {p}"
        for row, problems in zip(rows, row_problems, strict=True)
        for p in problems
    ]
    rejected = sum(bool(problems) for problems in row_problems)
    accepted = [
        _ordered(r, "event")
        for r, problems in zip(records, row_problems, strict=True)
        if not problems
    ]
    if rejected:
        raise EditError(
            f"{name}: {rejected} of {len(rows)} row{'s' if len(rows) != 1 else ''} rejected "
            f"(listed above); nothing was imported into {store.path}",
            details,
        )
    return {**doc, "events": [*doc["events"], *accepted]}, accepted
