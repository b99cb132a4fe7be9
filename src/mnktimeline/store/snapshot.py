"""The bundled store, checked once when the wheel is built and read back as records.

Every ``timeline`` command without ``--data`` loads the store that ships with the package.
Decoding its JSON and checking it by the rule book was the largest part of the start-up
after importing typer, and gives the same answer each time, so the wheel carries that
answer beside the JSON: ``events.snapshot``, the validated ``Store`` pickled (see
``hatch_build.py``), then each event's record as ``--json`` prints it, which is read only
by the commands that print them (``Store.encoded``).

A snapshot is used only for the installed package's own store, and only while it still
matches that file: its header holds the size and CRC-32 of the JSON it was made from, the
package version and the layout of every record type, and ``read`` returns None (the caller
then loads the JSON as usual) when any of these differ. CRC-32 catches an accidental change
to the file (an edit, a truncation) but for one chance in four billion; it is no defence
against someone who can write into the package, who could as well change its code. It is
a cache of our own file, made by our own code; a store the user points at is never read
this way.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import IO, Any

from .. import __version__
from ..dates import DateSpan, PartialDate
from ..model import (
    Actor,
    Coordinates,
    Event,
    Note,
    Office,
    Place,
    PlaceRef,
    Repost,
    Source,
    SourceRef,
    Store,
)

try:  # the C unpickler alone: importing pickle.py as well would double what reading costs
    from _pickle import UnpicklingError, load, loads
except ImportError:  # an interpreter without it
    from pickle import UnpicklingError, load, loads

NAME = "events.snapshot"
FORMAT = 2  # 2: the store's maps pickled apart, read when first used
_RECORDS = (
    Store,
    Event,
    Source,
    Repost,
    Actor,
    Office,
    Place,
    Coordinates,
    PlaceRef,
    SourceRef,
    Note,
    DateSpan,
    PartialDate,
)


def path_beside(store: Path | str) -> str:
    """Return where the snapshot of the store at ``store`` sits."""
    return os.path.join(os.path.dirname(store), NAME)


def _key(data: bytes) -> tuple[Any, ...]:
    layout = tuple((cls.__name__, cls._fields) for cls in _RECORDS)
    return (FORMAT, __version__, len(data), zlib.crc32(data), layout)


# The store's maps, each pickled on its own after the rest of the store and read when a
# command first asks for it: listing events in JSON needs none of them, the table only
# the actors, and the sources are the largest part of the snapshot.
_SECTIONS = ("sources", "actors", "places")


def write(
    store: Store, data: bytes, out: IO[bytes], encoded: Mapping[str, str] | None = None
) -> None:
    """Write the snapshot of ``store``, loaded and checked from the JSON bytes ``data``:
    the key, the lengths of the parts, the store without its maps, each map, and
    ``encoded``, its events' JSON (the maps and ``encoded`` are read only when asked for)."""
    import pickle

    class Records(pickle.Pickler):
        """Pickles each record as ``tuple.__new__(cls, fields)``: built in C when read
        back, where a NamedTuple's own ``__new__`` is a Python function called per record."""

        def reducer_override(self, obj: Any) -> Any:
            if type(obj) in _RECORDS:
                return (tuple.__new__, (type(obj), tuple(obj)))
            return NotImplemented

    def dumped(obj: Any) -> bytes:
        buffer = io.BytesIO()
        Records(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(obj)
        return buffer.getvalue()

    rest = store._replace(sources={}, actors={}, places={}, encoded=None)
    parts = [dumped(_shared(rest, {}))]
    parts += [dumped(_shared(dict(getattr(store, name)), {})) for name in _SECTIONS]
    parts.append(dumped(None if encoded is None else dict(encoded)))
    out.write(pickle.dumps(_key(data), protocol=pickle.HIGHEST_PROTOCOL))
    out.write(pickle.dumps(tuple(map(len, parts)), protocol=pickle.HIGHEST_PROTOCOL))
    for part in parts:
        out.write(part)


def _shared(obj: Any, seen: dict[Any, Any]) -> Any:
    """Return ``obj`` with every repeated string, date, number and record in it one object.

    The pickle then writes each once and refers back to it, so reading builds each once:
    the same actor id in forty events, the same dates in many spans. Records and tuples
    are shared only when their parts are the very same objects, so that 1, 1.0 and True,
    which are equal, stay apart.
    """
    kind = type(obj)
    if kind in (str, int, date):
        return seen.setdefault((kind, obj), obj)
    if kind is dict:
        return {_shared(k, seen): _shared(v, seen) for k, v in obj.items()}
    if isinstance(obj, tuple):
        parts = tuple(_shared(part, seen) for part in obj)
        made = parts if kind is tuple else tuple.__new__(kind, parts)
        return seen.setdefault((kind, *map(id, parts)), made)
    return obj


def read(store: Path | str) -> Store | None:
    """Return the store at ``store`` from the snapshot beside it, or None if there is none
    or it was not made from these very bytes (then load the JSON)."""
    try:
        with open(store, "rb") as f:
            data = f.read()
        with open(path_beside(store), "rb") as f:
            whole = f.read()
        head = io.BytesIO(whole)
        if load(head) != _key(data):
            return None
        lengths = load(head)
        offset = head.tell()
        blobs = []
        for length in lengths:
            blobs.append(memoryview(whole)[offset : offset + length])
            offset += length
        found = loads(blobs[0])
    except (OSError, UnpicklingError, EOFError, ValueError, TypeError, IndexError):
        return None
    if not isinstance(found, Store) or len(blobs) != len(_SECTIONS) + 2:
        return None
    sources, actors, places = (
        _Section(blob, store, name) for name, blob in zip(_SECTIONS, blobs[1:4], strict=True)
    )
    return found._replace(
        path=str(store),
        sources=sources,
        actors=actors,
        places=places,
        encoded=lambda: _encoded(blobs[-1]),
    )


class _Section(Mapping[str, Any]):
    """A map of the store (its sources, actors or places), unpickled when first used.

    Should its bytes not read back (a damaged package), the map is taken from the store's
    JSON instead, so a command never fails on what is only a cache."""

    def __init__(self, blob: memoryview, store: Path | str, name: str) -> None:
        self._blob: memoryview | None = blob
        self._store, self._name = store, name
        self._map: Mapping[str, Any] | None = None

    def _loaded(self) -> Mapping[str, Any]:
        if self._map is None:
            try:
                found = loads(self._blob) if self._blob is not None else None
            except (UnpicklingError, EOFError, ValueError, TypeError):
                found = None
            if not isinstance(found, dict):
                from . import load_json

                found = getattr(load_json(self._store), self._name)
            self._map, self._blob = found, None
        return self._map

    def __getitem__(self, key: str) -> Any:
        return self._loaded()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._loaded()

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())

    def __repr__(self) -> str:
        return repr(self._loaded())


def _encoded(blob: memoryview) -> Mapping[str, str] | None:
    """Return the events' JSON kept in the snapshot, or None."""
    try:
        found = loads(blob)
    except (UnpicklingError, EOFError, ValueError, TypeError):
        return None
    return found if isinstance(found, dict) else None


def make(
    store: Path | str,
    out: IO[bytes],
    encode: Callable[[Store], Mapping[str, str]] | None = None,
) -> None:
    """Check the store at ``store`` by the whole rule book and write its snapshot to
    ``out``; raise StoreError, writing nothing, if it has any error.

    ``encode`` (``render.json.encoded``, which this layer may not import) gives each
    event's JSON, kept in the snapshot as the store's ``encoded``: printing the events is
    then a join of strings made once, at wheel build."""
    from .decode import StoreError, decode_json, read_file
    from .document import check_document

    name = str(store)
    data = read_file(store)
    checked, problems = check_document(decode_json(data, name), name, warnings=False)
    errors = [p for p in problems if p.severity == "error"]
    if checked is None or errors:
        raise StoreError(name, errors or problems)
    write(checked, data, out, None if encode is None else encode(checked))
