"""Keys given twice in one object, found without parsing a large store twice.

msgspec keeps the last value of a key given twice and cannot say so (msgspec issue #648),
so the fast pass of ``fast.py`` looks for them itself when ``timeline validate`` asks:
at the top level and in the sources, actors and places by walking the bytes msgspec kept
(``keys_once``); in the events by counting keys against the fields the decoded structs
hold, a chunk at a time, and event by event only where the counts differ
(``may_repeat``). Every yes goes to the rule book, which says exactly; a no is right.
"""

from __future__ import annotations

import json
import re
from itertools import chain
from operator import attrgetter
from typing import Any

import msgspec

from .schema import CHOICES

_SOURCES, _NOTES = attrgetter("sources"), attrgetter("notes")
_LOCATOR, _QUOTE = attrgetter("locator"), attrgetter("quote")


# A key is a string followed by a colon: no string value is (values end at , ] or }), and
# a quotation mark inside a string is escaped. So the number of '":' in an event is the
# number of its keys, in all its objects, unless a key has space before its colon, or a
# text holds an escaped quotation mark before a colon (both only make the count larger).
_SPACED = re.compile(rb'"\s+:')


_LISTED = ("tags", "actors", "places", "notes")  # the lists an event may leave out
_EMPTY = {"tags": (), "actors": (), "places": None, "notes": None}


def given_lists(events: list[Any]) -> int:
    """Return how many of the optional lists the decoded ``events`` give (None for an event
    msgspec refused), and put an empty list where one was left out."""
    given = 0
    for name in _LISTED:
        values = list(map(attrgetter(name), filter(None, events)))
        absent = values.count(msgspec.UNSET)
        given += len(values) - absent
        if absent:
            empty = _EMPTY[name]
            for ev in filter(None, events):
                if getattr(ev, name) is msgspec.UNSET:
                    setattr(ev, name, [] if empty is None else empty)
    return given


def may_repeat(
    blob: tuple[bytes, bool],
    raws: list[Any],
    structs: list[Any],
    start: int,
    seen: tuple[int, list[str], int],
    colon_ids: bool,
) -> list[int]:
    """Return the positions of the events of a chunk that may give a key twice (the first
    of ``raws`` is the ``start``-th of the store).

    Counted over the whole chunk first: each event has at least as many keys as fields
    set (``_may_repeat``), so if the chunk's JSON holds as many keys as its structs have
    fields, no event gives a key twice. Every key is followed by one colon, written with
    or without space before it, and every other colon is in a string; so the keys are
    the colons of the JSON less those of its strings. Those are the colons of the decoded
    strings (``seen``: how many colons the chunk's free text holds, its ids and how many
    optional lists it gives; no other field may hold a colon, ``_COLONS_ELSEWHERE``; ``colon_ids``: some
    source, actor or place id holds one) when the JSON writes no character as a \\u
    escape, which may stand for a colon the text holds and the bytes do not. Otherwise,
    event by event. ``blob``: the chunk's JSON, the ``raws`` joined, and whether it
    ``has_escapes``.
    """
    text_colons, idents, given = seen
    joined, escaped = blob
    if None not in structs and not _COLONS_ELSEWHERE and not colon_ids and not escaped:
        colons = text_colons + "".join(idents).count(":")
        colons += "".join(filter(None, map(_PART_OF, structs))).count(":")
        if joined.count(b":") - colons == _fields(structs, given):
            return []
    spaced = _SPACED.search(joined) is not None
    return [
        k for k, ev in enumerate(structs, start) if ev and _may_repeat(raws[k - start], ev, spaced)
    ]


# Every escape but \" \\ \/ \n and \t: \u may stand for any character, \b \f and \r for
# control characters. A backslash escaped before a "u" is found too, which only costs time.
_ESCAPES = re.compile(rb'\\[^"\\/nt]')


def has_escapes(blob: bytes) -> bool:
    """Return whether JSON text may hold an escape other than those of quotation marks,
    backslashes, slashes, newlines and tabs."""
    return _ESCAPES.search(blob) is not None


_PART_OF = attrgetter("part_of")
# Choices are fixed words: should one ever hold a colon, chunks are looked at one by one.
_COLONS_ELSEWHERE = any(":" in c for words in CHOICES.values() for c in words)


def _fields(events: list[Any], given: int) -> int:
    """Return how many fields the decoded ``events`` have set (``given``: how many of the
    optional lists they give), which is how many keys their JSON holds if none is given
    twice and no null is written out."""
    refs = list(chain.from_iterable(map(_SOURCES, events)))
    notes = sum(map(len, map(_NOTES, events)))
    fields = 6 * len(events) + 3 * len(refs) + 3 * notes + given
    fields -= list(map(_LOCATOR, refs)).count(None) + list(map(_QUOTE, refs)).count(None)
    for name in ("status", "part_of", "series"):
        fields += len(events) - list(map(attrgetter(name), events)).count(None)
    places = chain.from_iterable(map(_PLACES, events))
    return fields + 2 * sum(type(p) is not str for p in places)


_PLACES = attrgetter("places")


def _may_repeat(raw: Any, ev: Any, spaced: bool) -> bool:
    """Return whether an event's JSON may give some key twice in one object: it has more
    keys than the decoded struct has fields set. A null written out also counts, so a yes
    may be wrong (the json module then says); a no is right. ``spaced``: the file has
    keys with space before their colon, which this count cannot see."""
    data = bytes(raw)
    if spaced and _SPACED.search(data):
        return True  # look closer
    keys = data.count(b'":')
    refs = ev.sources
    fields = 6 + 3 * len(refs) - [r.locator for r in refs].count(None)
    fields -= [r.quote for r in refs].count(None)
    fields += (ev.status is not None) + (ev.part_of is not None) + (ev.series is not None)
    fields += (b'"tags":' in data) + (b'"actors":' in data) + (b'"places":' in data)
    fields += (b'"notes":' in data) + 3 * len(ev.notes)
    fields += 2 * sum(type(p) is not str for p in ev.places)
    return keys > fields


_KEY = re.compile(rb'\s*"(format|sources|actors|places|events)"\s*:\s*')
_COMMA = re.compile(rb"\s*,")
_WHITE = b" \t\r\n"


# Complexity 20 by radon: a walk over the bytes, where each check that fails returns at
# once (a no sends the file to the rule book); the checks are the proof in the docstring,
# in its order.
def keys_once(buffer: Any, top: Any) -> bool:
    """Return whether no key of the top level or of a source, actor or place is given twice
    (msgspec keeps the last value unseen). A no may be wrong: the caller then has the rule
    book check the whole file, which says exactly.

    Walked from the start: each key of the head must be followed by the very bytes msgspec
    kept for it, then the events come last. Since no record below the top level has a key
    named "events", the file holds '"events":' once, and its value must begin with the
    first event msgspec kept and the file end with the last, so that no key follows the
    events. (Not seen: a second events key after the first, written with an escape, as
    "event\\u0073", over an array whose first event is the same.)
    """
    if not hasattr(buffer, "find"):
        buffer = bytes(buffer)  # a mapped file after its byte-order mark
    pos = 0
    while pos < len(buffer) and buffer[pos] in _WHITE:
        pos += 1
    if buffer[pos : pos + 1] != b"{":
        return False
    pos += 1
    seen: set[str] = set()
    while True:
        key = _KEY.match(buffer, pos)
        if key is None or key.group(1).decode() in seen:
            return False
        name = key.group(1).decode()
        seen.add(name)
        pos = key.end()
        if name == "events":
            break
        value = bytes(getattr(top, name))
        comma = _COMMA.match(buffer, pos + len(value))
        if buffer[pos : pos + len(value)] != value or comma is None:
            return False
        pos = comma.end()
    if any(map(_repeats, (top.sources, top.actors, top.places))):
        return False
    first = buffer.find(b'"events":')
    if len(seen) != 5 or first < 0 or buffer.find(b'"events":', first + 1) >= 0:
        return False
    opening = re.compile(rb"\[\s*" + re.escape(bytes(top.events[0]) if top.events else b"]"))
    if not opening.match(buffer, pos):
        return False
    last = bytes(top.events[-1]) if top.events else b"["
    tail = bytes(buffer[max(pos, len(buffer) - len(last) - (1 << 16)) :]).rstrip(_WHITE)
    if not tail.endswith(b"}"):
        return False
    tail = tail[:-1].rstrip(_WHITE)
    if not tail.endswith(b"]"):
        return False
    return tail[:-1].rstrip(_WHITE).endswith(last)


def _repeats(raw: Any) -> bool:
    """Return whether some object in ``raw`` (the JSON of the sources, actors or places: a
    small part of a store) gives a key twice."""
    found = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal found
        found = found or len({k for k, _ in items}) < len(items)
        return dict(items)

    try:
        json.loads(bytes(raw), object_pairs_hook=pairs)
    except (ValueError, RecursionError):
        return True  # the rule book says what
    return found
