"""The free text of decoded events and the bytes of their JSON: what validate's warnings
are about.

Ids, dates and choices hold no control character, or msgspec would have refused them, so
only titles, summaries, tags, series, locators, quotations and note texts are gathered,
a field at a time over a chunk of events, so that each step runs in C.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain
from operator import attrgetter
from typing import Any

from ..textsafety import has_control


def free_texts(events: list[Any]) -> Iterator[str]:
    """Return the free text of decoded events, string by string."""
    refs = list(chain.from_iterable(map(_SOURCES, events)))
    return chain(
        map(_TITLE, events),
        map(_SUMMARY, events),
        chain.from_iterable(map(_TAGS, events)),
        filter(None, map(_SERIES, events)),
        filter(None, map(_LOCATOR, refs)),
        filter(None, map(_QUOTE, refs)),
        map(_TEXT, chain.from_iterable(map(_NOTES, events))),
    )


def free_text(events: list[Any]) -> str:
    """Return the free text of decoded events, joined: one search then looks at all of it."""
    return "".join(free_texts(events))


def not_ascii_warns(blob: bytes) -> bool:
    """Return whether the JSON of a chunk of events holds, written out, a character
    validate warns about. With no escapes but those ``repeats.has_escapes`` lets by, that
    says whether its text holds one (a no is right): in JSON text only an escape can write
    a C0 control, and the others are DEL or not ASCII. Every ASCII byte deleted, the bytes
    of the other characters are left whole, and make text of their own."""
    return has_control(blob.translate(None, _ABOVE_ASCII).decode("utf-8", "replace"))


_ABOVE_ASCII = bytes(range(0x7F))  # deleted, these leave DEL and what is not ASCII
_SOURCES, _NOTES, _TAGS = attrgetter("sources"), attrgetter("notes"), attrgetter("tags")
_TITLE, _SUMMARY, _SERIES = attrgetter("title"), attrgetter("summary"), attrgetter("series")
_LOCATOR, _QUOTE, _TEXT = attrgetter("locator"), attrgetter("quote"), attrgetter("text")
