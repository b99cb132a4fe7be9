"""New records in the store's shape: events, and actors and sources described on the
command line; and the problems of new events in the context of a store."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence

from ..dates import DateError, parse_stored, to_stored
from ..model import Actor, Place, Store
from ..names import UnknownName, fold, resolve_actor, resolve_place
from ..slugs import slugify, unique_id
from ..store import check_document
from . import EditError
from .canonical import Doc, ordered

_EVENT_INDEX = re.compile(r"events\[(\d+)\]")


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
    places: Sequence[str | Doc] = (),
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
            ordered({k: v for k, v in ref.items() if v is not None}, "ref") for ref in sources
        ],
    }
    if notes:
        record["notes"] = [ordered(n, "note") for n in notes]
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


def new_source(spec: str | Mapping[str, str], store: Store) -> Doc:
    """Return a source record from ``--new-source`` text (see ``parse_fields``), or from
    its fields as a prompt asked for them (blank ones left out).

    Keys: title is required; id, when absent, is made of author (or publisher) and
    published, else of the title; author, publisher, published (a date in any form the
    filters accept, stored at its precision) and url are optional. Refuses a missing
    title and a url that a source of ``store`` has.
    """
    option = "--new-source"
    if isinstance(spec, str):
        fields = parse_fields(spec, NEW_SOURCE_KEYS, option)
    else:
        fields = {k: [v.strip()] for k, v in spec.items() if k in NEW_SOURCE_KEYS and v.strip()}
        spec = ",".join(f"{k}={v[0]}" for k, v in fields.items())
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
            record[key] = _stored_date(value) if key == "published" else value
    if url is not None:
        record["url"] = url
    if record["id"] is None:
        record["id"] = unique_id(_source_slug(record), set(store.sources))
    return record


def _stored_date(text: str) -> str:
    try:
        return to_stored(text)
    except DateError:
        return text  # validation says what is wrong with it, naming the field


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


def resolve_place_ids(store: Store, names: Sequence[str]) -> list[str]:
    """Return the place ids that ``names`` stand for, in order, without repeats.

    A name is matched as ``--place`` matches it (id, name or alias); refuses a name that
    fits no place, or several, naming them.
    """
    out: list[str] = []
    exact = _exact_names(store.places.values())
    for name in names:
        if name in exact:
            out.extend(i for i in [exact[name]] if i not in out)
            continue
        try:
            match = resolve_place(store, name)
        except UnknownName as exc:
            raise EditError(str(exc)) from None
        if len(match.places) > 1:
            listed = ", ".join(f"{p.name} ({p.id})" for p in match.places)
            raise EditError(
                f"'{name}' fits {len(match.places)} places: {listed}; give the id of one"
            )
        if match.places[0].id not in out:
            out.append(match.places[0].id)
    return out


def resolve_actor_ids(
    store: Store, names: Sequence[str], new_actors: Sequence[Doc] = (), *, hint: str = ""
) -> list[str]:
    """Return the actor ids that ``names`` stand for, in order, without repeats.

    A name fits a new actor (by id, name or alias), an actor's name written exactly, or is
    resolved as in queries (``names.resolve_actor``). Refuses a name that fits nothing
    (its message ends with ``hint``) and a name that fits several actors, listing them.
    """
    out: list[str] = []
    exact = _exact_names(store.actors.values())
    for name in names:
        ident = _fresh_actor(name, new_actors) or exact.get(name) or _actor(store, name, hint)
        if ident not in out:
            out.append(ident)
    return out


def _fresh_actor(name: str, new_actors: Sequence[Doc]) -> str | None:
    """Return the id of the first new actor that ``name`` fits, by id, name or alias."""
    folded = fold(name)
    for a in new_actors:
        if folded in {fold(str(n)) for n in (a["id"], a["name"], *a.get("aliases", []))}:
            return str(a["id"])
    return None


def _actor(store: Store, name: str, hint: str) -> str:
    try:
        match = resolve_actor(store, name)
    except UnknownName as exc:
        raise EditError(f"{exc}{hint}") from None
    if len(match.actors) > 1:
        listed = ", ".join(f"{a.name} ({a.id})" for a in match.actors)
        raise EditError(
            f"'{name}' fits {len(match.actors)} actors: {listed}; give the full name or the id of one"
        )
    return match.actors[0].id


def _exact_names(records: Iterable[Actor | Place]) -> dict[str, str]:
    """Return the id of each record by its name, for the names that one record has: a
    name written exactly as the store writes it (as a CSV export does) fits that record,
    even when an alias of another folds alike."""
    ids: dict[str, str | None] = {}
    for r in records:
        ids[r.name] = None if r.name in ids else r.id
    return {name: ident for name, ident in ids.items() if ident is not None}


def _context(
    doc: Doc,
    records: Sequence[Doc],
    *,
    new_sources: Sequence[Doc] = (),
    new_actors: Sequence[Doc] = (),
    new_places: Sequence[Doc] = (),
) -> Doc:
    """Return a store document to check new events in: the store's sources, actors and
    places with the new ones, and the new events; the store's own events before them when
    a new event is part of another, so that the relation can be checked."""
    context: Doc = {
        "sources": [*doc.get("sources", []), *new_sources],
        "actors": [*doc.get("actors", []), *new_actors],
        "events": list(records),
    }
    if "format" in doc:
        context = {
            "format": doc["format"],
            **context,
            "places": [*doc.get("places", []), *new_places],
        }
    if any(isinstance(r, dict) and "part_of" in r for r in records):
        context["events"] = [*doc.get("events", []), *records]
    return context


def new_event_problems(
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
    context = _context(doc, records, new_sources=new_sources, new_actors=new_actors)
    offset = len(context["events"]) - len(records)  # the store's own events come first
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
        if p.message.startswith("duplicate event id") or int(m[1]) < offset:
            continue
        i = int(m[1]) - offset
        ident = records[i].get("id")
        n = i + offset
        label = f"events[{n}] '{ident}'" if isinstance(ident, str) and ident else f"events[{n}]"
        where = p.where[len(label) :].strip() if p.where.startswith(label) else p.where
        per_event[i].append(f"{where}: {p.message}" if where else p.message)
    return per_event, other
