"""What ``timeline validate`` looks for in a large store beyond each event's checks: keys
given twice (``repeats.py``) and the characters its warnings are about.

Neither changes which events are accepted; each only names events for the rule book to
explain. Most of either is a look at the bytes of each chunk of events, which needs no
decoding: how many keys they hold, and whether they may hold such a character. That look
runs apart from the pass over the events (``chunks.py``), on the same mapped file: on a
machine with a second CPU in a forked process (``forked.py``), while the first checks the
events and counts the fields their structs hold, then looks at the last chunks itself;
otherwise here, before it. A child that fails (killed, or out of memory) is not trusted:
the look is made again in this process. Then only the chunks whose counts differ, or
whose bytes may hold such a character, are decoded again and looked at event by event
(``closer``).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable
from typing import Any

from ..record import Record
from ..textsafety import has_control
from . import forked
from .freetext import free_text, not_ascii_warns
from .pages import Pages
from .repeats import given_lists, has_escapes, json_keys, keys_once, may_repeat

# This process's share of the look: the last chunk in KEPT_SHARE. The look costs a little
# more than checking the events, which this process does first, so the two finish nearer
# together when this one also looks at the last chunks.
KEPT_SHARE = 8


class Look(Record):
    """What to look at: the mapped file, msgspec's spans of its top level and events, how
    many events make a chunk, and what to look for."""

    buffer: Any
    top: Any
    chunk: int
    warnings: bool
    repeated: bool


class Seen(Record):
    """What the bytes of each chunk of events say: how many keys they hold (-1 if that
    cannot be counted, ``repeats.json_keys``), and whether they may hold a character a
    warning is about (``freetext.not_ascii_warns``)."""

    keys: list[int]
    warns: list[bool]


def look(job: Look, first: int = 0, stop: int | None = None) -> Seen | None:
    """Return what the bytes of each chunk of events from the ``first``-th event to the
    ``stop``-th (the last if None) say, or None if a key of the top level, a source, an
    actor or a place is given twice (the whole file then goes to the rule book); that is
    looked for only by the look that starts at the first event."""
    seen = Seen([], [])
    if not (job.warnings or job.repeated):
        return seen
    if job.repeated and first == 0 and not keys_once(job.buffer, job.top):
        return None
    raws: list[Any] = job.top.events
    pages = Pages(job.buffer)
    pages.release()  # keys_once read the whole file; each chunk reads its own again
    pages.read(raws[:first])  # the other process looks at those
    for start in range(first, len(raws) if stop is None else stop, job.chunk):
        chunk = raws[start : start + job.chunk]
        blob = b"".join(chunk)
        if job.repeated:
            keys = json_keys(blob)
            seen.keys.append(-1 if keys is None else keys)
        if job.warnings:
            seen.warns.append(has_escapes(blob) or not_ascii_warns(blob))
        pages.read(chunk)
    pages.release()
    return seen


def closer(job: Look, seen: Seen, fields: list[int], decode: Callable[[Any], Any]) -> list[int]:
    """Return the positions of the events to explain: in each chunk whose keys are not
    its events' ``fields`` (-1 where they were not counted), those that may give a key
    twice; in each that may hold a character a warning is about, those that do."""
    raws: list[Any] = job.top.events
    marked: list[int] = []
    for n, start in enumerate(range(0, len(raws), job.chunk)):
        repeats = job.repeated and (seen.keys[n] < 0 or seen.keys[n] != fields[n])
        warns = job.warnings and seen.warns[n]
        if not (repeats or warns):
            continue
        chunk = raws[start : start + job.chunk]
        structs = [_decoded(decode, raw) for raw in chunk]
        given_lists(structs)
        for k, (raw, ev) in enumerate(zip(chunk, structs, strict=True), start):
            if ev is not None and (
                (repeats and may_repeat(raw, ev)) or (warns and has_control(free_text([ev])))
            ):
                marked.append(k)
    return marked


def _decoded(decode: Callable[[Any], Any], raw: Any) -> Any:
    try:
        return decode(raw)
    except Exception:  # refused: the fast pass explains it, warnings and all
        return None


class Aside:
    """The look at a store's bytes, started: ``result()`` waits for it and returns
    ``look``'s answer; ``cancel()`` stops it (the caller failed)."""

    def __init__(self, job: Look) -> None:
        self.job = job
        self.child: forked.Forked | None = None
        self.found: Seen | None = None
        events = len(job.top.events)
        chunks = -(-events // job.chunk)
        self.cut = job.chunk * (chunks - chunks // KEPT_SHARE)  # where this process's share begins
        wanted = job.warnings or job.repeated
        if wanted and forked.second_cpu() and events >= forked.FORK_EVENTS:
            self.child = forked.Forked(lambda: _packed(look(job, 0, self.cut)))
        if self.child is None or not self.child.started:
            self.child = None
            self.found = look(job)

    @property
    def running(self) -> bool:
        """Whether the look runs in a forked process (on the second CPU)."""
        return self.child is not None

    def result(self) -> Seen | None:
        """Return ``look``'s answer: where a child looks, this process first looks at its
        own share, the last chunks, then takes the child's answer for the others."""
        if self.child is None:
            return self.found
        own = look(self.job, self.cut)
        data = self.child.result()
        self.child = None
        whole, found = _unpacked(data) if data is not None else (False, None)
        if not whole:
            return look(self.job)
        if found is None or own is None:
            return None
        return Seen(found.keys + own.keys, found.warns + own.warns)

    def cancel(self) -> None:
        if self.child is not None:
            self.child.cancel()
            self.child = None


def _packed(found: Seen | None) -> bytes:
    if found is None:
        return b"N"
    return b"Y" + array("q", [len(found.keys), *found.keys, *found.warns]).tobytes()


def _unpacked(data: bytes) -> tuple[bool, Seen | None]:
    """Return whether ``data`` is what ``_packed`` writes, whole, and what it wrote."""
    if data == b"N":
        return True, None
    if data[:1] != b"Y" or (len(data) - 1) % 8:
        return False, None
    numbers = array("q", data[1:]).tolist()
    if not numbers or not 0 <= numbers[0] <= len(numbers) - 1:
        return False, None
    cut = 1 + numbers[0]
    return True, Seen(numbers[1:cut], [bool(n) for n in numbers[cut:]])
