"""Keys given twice in one object, found without parsing a large store twice.

msgspec keeps the last value of a key given twice and cannot say so (msgspec issue #648),
so a large store's look for them (``aside.py``, for ``timeline validate``) is made here:
at the top level and in the sources, actors and places by walking the bytes msgspec kept
(``keys_once``); in the events by counting the keys of a chunk's JSON (``json_keys``)
against the fields its decoded structs hold (``fields``), and event by event only where
the counts differ (``may_repeat``). Every yes goes to the rule book, which says exactly;
a no is right.
"""

from __future__ import annotations

import json
import re
from itertools import chain
from operator import attrgetter
from typing import Any

import msgspec

_SOURCES, _NOTES = attrgetter("sources"), attrgetter("notes")
_LOCATOR, _QUOTE = attrgetter("locator"), attrgetter("quote")

_SPACED = re.compile(rb'"\s+:')


def json_keys(blob: bytes) -> int | None:
    """Return how many keys the JSON of whole events holds, if msgspec decoded each of
    them, or None if some key may have space before its colon (which this cannot count).

    A key ends with '":'. A quotation mark in a string is escaped, so '":' in a string is
    '\\":', and a key never ends with a backslash: the names of an event's keys are
    known, or msgspec would have refused it. Escapes elsewhere change neither count."""
    if _SPACED.search(blob) is not None:
        return None
    return blob.count(b'":') - blob.count(b'\\":')


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


def fields(events: list[Any], given: int) -> int:
    """Return how many fields the decoded ``events`` have set (``given``: how many of the
    optional lists they give), which is how many keys their JSON holds if none is given
    twice and no null is written out."""
    refs = list(chain.from_iterable(map(_SOURCES, events)))
    notes = sum(map(len, map(_NOTES, events)))
    count = 6 * len(events) + 3 * len(refs) + 3 * notes + given
    count -= list(map(_LOCATOR, refs)).count(None) + list(map(_QUOTE, refs)).count(None)
    for name in ("status", "part_of", "series"):
        count += len(events) - list(map(attrgetter(name), events)).count(None)
    places = list(map(type, chain.from_iterable(map(_PLACES, events))))
    return count + 2 * (len(places) - places.count(str))


_PLACES = attrgetter("places")
_GIVEN = tuple(b'"%s":' % name.encode() for name in _LISTED)


def may_repeat(raw: Any, ev: Any) -> bool:
    """Return whether an event's JSON may give some key twice in one object: it has more
    keys than the decoded struct has fields set, or keys this cannot count. A null written
    out also counts, so a yes may be wrong (the json module then says); a no is right."""
    data = bytes(raw)
    keys = json_keys(data)
    given = sum(name in data for name in _GIVEN)  # the struct's lists are filled in
    return keys is None or keys > fields([ev], given)


# Every escape but \" \\ \/ \n and \t: \u may stand for any character, \b \f and \r for
# control characters. A backslash escaped before a "u" is found too, which only costs time.
_ESCAPES = re.compile(rb'\\[^"\\/nt]')


def has_escapes(blob: bytes) -> bool:
    """Return whether JSON text may hold an escape other than those of quotation marks,
    backslashes, slashes, newlines and tabs."""
    return _ESCAPES.search(blob) is not None


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
