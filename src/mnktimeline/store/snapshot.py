"""The bundled store, checked once when the wheel is built and read back as records.

Every ``timeline`` command without ``--data`` loads the store that ships with the package.
Decoding its JSON and checking it by the rule book was the largest part of the start-up
after importing typer, and gives the same answer each time, so the wheel carries that
answer beside the JSON: ``events.snapshot``, the validated ``Store`` pickled (see ``hatch_build.py``).

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

import os
import zlib
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
    from _pickle import UnpicklingError, load
except ImportError:  # an interpreter without it
    from pickle import UnpicklingError, load

NAME = "events.snapshot"
FORMAT = 1
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


def write(store: Store, data: bytes, out: IO[bytes]) -> None:
    """Write the snapshot of ``store``, loaded and checked from the JSON bytes ``data``."""
    import pickle

    class Records(pickle.Pickler):
        """Pickles each record as ``tuple.__new__(cls, fields)``: built in C when read
        back, where a NamedTuple's own ``__new__`` is a Python function called per record."""

        def reducer_override(self, obj: Any) -> Any:
            if type(obj) in _RECORDS:
                return (tuple.__new__, (type(obj), tuple(obj)))
            return NotImplemented

    out.write(pickle.dumps(_key(data), protocol=pickle.HIGHEST_PROTOCOL))
    Records(out, protocol=pickle.HIGHEST_PROTOCOL).dump(store)


def read(store: Path | str) -> Store | None:
    """Return the store at ``store`` from the snapshot beside it, or None if there is none
    or it was not made from these very bytes (then load the JSON)."""
    try:
        with open(store, "rb") as f:
            data = f.read()
        with open(path_beside(store), "rb") as f:
            if load(f) != _key(data):
                return None
            found = load(f)
    except (OSError, UnpicklingError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(found, Store):
        return None
    return found._replace(path=str(store))


def make(store: Path | str, out: IO[bytes]) -> None:
    """Check the store at ``store`` by the whole rule book and write its snapshot to
    ``out``; raise StoreError, writing nothing, if it has any error."""
    from .decode import StoreError, decode_json, read_file
    from .document import check_document

    name = str(store)
    data = read_file(store)
    checked, problems = check_document(decode_json(data, name), name, warnings=False)
    errors = [p for p in problems if p.severity == "error"]
    if checked is None or errors:
        raise StoreError(name, errors or problems)
    write(checked, data, out)
