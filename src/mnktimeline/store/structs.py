"""The msgspec types of a large store, and its events kept as bytes until asked for.

The types are made from the declarations of ``schema.py``; ``Events`` is the sequence a
loaded large store holds, each event decoded again from its bytes in the mapped file
when a query or an output needs it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from typing import Annotated, Any, Literal, overload

import msgspec

from ..dates import DateSpan
from ..model import Event, Note, PlaceRef, SourceRef
from .accept import new
from .schema import CHOICES, LATEST, SCHEMA


def _struct(kind: str, structs: dict[str, type], ids: dict[str, tuple[str, ...]]) -> type:
    """Return the msgspec struct of a record kind, its field types made from the schema.

    A reference to a list of ``ids`` is a Literal of those ids: msgspec checks it in C, and
    every reference to one id is then the one string. Lists of strings decode straight
    into tuples, the type the records keep them in, so that no second copy is made.
    """
    fields: list[tuple[str, Any] | tuple[str, Any, Any]] = []
    for f in SCHEMA[LATEST][kind]:
        text: Any = Annotated[str, msgspec.Meta(min_length=1, max_length=f.max_length)]
        if f.ref is not None and ids.get(f.ref):
            text = Literal[ids[f.ref]]
        kind_type: Any
        default: Any
        if f.type == "texts":
            kind_type, default = tuple[text, ...], ()
        elif f.type in ("records", "links"):
            assert f.of is not None
            record: Any = structs[f.of]
            item: Any = text | record if f.type == "links" else record
            kind_type, default = list[item], []
        elif f.type == "choice":
            assert f.of is not None
            kind_type, default = Literal[CHOICES[f.of]], None  # checked in C, one string each
        else:
            kind_type, default = text, None
        if f.required:
            fields.append((f.name, kind_type))
        elif kind == "event" and f.type in ("texts", "records", "links"):
            # Absent, not empty: the look for keys given twice counts the keys given
            # (``repeats.given_lists``, which then fills in the empty list).
            fields.append((f.name, kind_type | msgspec.UnsetType, msgspec.UNSET))
        else:
            fields.append((f.name, kind_type | None if default is None else kind_type, default))
    return msgspec.defstruct(
        f"_{kind.capitalize()}", fields, forbid_unknown_fields=True, gc=False, kw_only=True
    )


def event_type(ids: dict[str, tuple[str, ...]]) -> Any:
    """Return the msgspec struct of an event, references checked against ``ids``."""
    structs: dict[str, type] = {}
    for kind in ("ref", "note", "placeref", "event"):
        structs[kind] = _struct(kind, structs, ids)
    return structs["event"]


def event_of_struct(ev: Any, span: DateSpan) -> Event:
    """Return the event record of a decoded event struct whose date is ``span``."""
    refs = tuple([new(SourceRef, (r.source, r.locator, r.quote)) for r in ev.sources])
    notes = tuple([new(Note, (n.text, n.sources, n.kind)) for n in ev.notes]) if ev.notes else ()
    places = (
        tuple(
            [
                new(PlaceRef, (p, "venue")) if type(p) is str else new(PlaceRef, (p.place, p.role))
                for p in ev.places
            ]
        )
        if ev.places
        else ()
    )
    return new(
        Event,
        (
            ev.id,
            span,
            ev.title,
            ev.summary,
            ev.category,
            refs,
            ev.actors or (),  # or left out (msgspec.UNSET, which is false)
            ev.tags or (),
            places,
            notes,
            ev.status or "happened",
            ev.part_of,
            ev.series,
        ),
    )


# What ``--search`` looks in (search.py), decoded without the rest of an event: the
# sources, notes and quotations, most of an event's bytes, are skipped, not built.
_Placed = msgspec.defstruct("_Placed", [("place", str), ("role", str, "venue")], gc=False)
_Searched = msgspec.defstruct(
    "_Searched",
    [
        ("title", str),
        ("summary", str),
        ("category", str),
        ("tags", tuple[str, ...], ()),
        ("series", str | None, None),
        ("actors", tuple[str, ...], ()),
        ("places", list[str | _Placed], []),  # type: ignore[valid-type]
        ("position", int, -1),  # where the event is in the store, set when decoded
    ],
    gc=False,
)
_searched = msgspec.json.Decoder(_Searched)


class Events(Sequence[Event]):
    """The events of a large store, in file order: the bytes of each in the mapped file,
    with its date and id; an event is decoded when it is asked for."""

    def __init__(
        self,
        decode: Any,
        buffer: Any,
        raws: list[Any],
        spans: list[DateSpan],
        ids: list[str],
        linked: list[int],
        link: dict[int, tuple[str | None, str | None]],
    ) -> None:
        self._decode = decode  # the store's own event decoder (its ids as Literal types)
        self._buffer = buffer  # keeps the mapping open while the raws point into it
        self._raws = raws
        self._spans = spans
        self._ids = ids
        self._linked = linked
        self._link = link
        self._positions: dict[str, int] | None = None
        self.quotations = 0  # how many quotations the events hold, counted as they were read

    def __len__(self) -> int:
        return len(self._raws)

    @overload
    def __getitem__(self, i: int) -> Event: ...
    @overload
    def __getitem__(self, i: slice) -> list[Event]: ...
    def __getitem__(self, i: int | slice) -> Event | list[Event]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        return event_of_struct(self._decode(self._raws[i]), self._spans[i])

    def __iter__(self) -> Iterator[Event]:
        raws, spans, decode = self._raws, self._spans, self._decode
        for k in range(len(raws)):
            yield event_of_struct(decode(raws[k]), spans[k])

    def find(self, ident: str) -> Event | None:
        """Return the event with this id, or None."""
        k = self.position(ident)
        return None if k is None else self[k]

    def position(self, ident: str) -> int | None:
        """Return where the event with this id is in the store, or None."""
        if self._positions is None:
            self._positions = dict(zip(self._ids, range(len(self._ids)), strict=True))
            self._positions.pop("", None)  # the events refused (none, in a loaded store)
        return self._positions.get(ident)

    def overlapping(self, since: date | None, until: date | None) -> list[Event]:
        """Return the events whose span overlaps since..until, decoding only those."""
        return self.at(self.positions(since, until))

    def positions(self, since: date | None, until: date | None, within: bool = False) -> list[int]:
        """Return where the events are whose span overlaps since..until (lies wholly in
        it, with ``within``), in file order, without decoding any."""
        spans = self._spans
        if within:
            return [
                k
                for k in range(len(spans))
                if (since is None or spans[k].start >= since)
                and (until is None or spans[k].end <= until)
            ]
        return [
            k
            for k in range(len(spans))
            if (since is None or spans[k].end >= since)
            and (until is None or spans[k].start <= until)
        ]

    def at(self, positions: Iterable[int]) -> list[Event]:
        """Return the events at ``positions``, decoded."""
        return [self[k] for k in positions]

    def searchable(self, positions: Iterable[int]) -> list[Any]:
        """Return, for the events at ``positions``, what ``--search`` looks in (title,
        summary, tags, category, series, actors and places), each knowing its position:
        a search then decodes in full only the events it keeps."""
        decode, raws = _searched.decode, self._raws
        out = []
        for k in positions:
            found: Any = decode(raws[k])
            found.position = k
            out.append(found)
        return out

    def links(self) -> list[tuple[tuple[date, date, str], str | None, str | None]]:
        """Return, for each event part of another or of a series, its place in the
        chronology, what it is part of and its series, without decoding it."""
        return [
            ((self._spans[k].start, self._spans[k].end, self._ids[k]), *self._link[k])
            for k in self._linked
        ]
