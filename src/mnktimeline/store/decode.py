"""Read a store file and parse its JSON, saying exactly what keeps it from being read.

Nothing here knows the schema: ``validate.py`` checks what the JSON holds.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from ..errors import Error
from ..model import Problem

BOM = b"\xef\xbb\xbf"


class StoreError(Error):
    """A store that cannot be read or does not validate; ``problems`` lists why."""

    def __init__(self, path: str, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems
        first = problems[0]
        more = len([p for p in problems if p.severity == "error"]) - 1
        text = f"{path}: {first}"
        if more > 0:
            text += f" (and {more} more problem{'s' if more > 1 else ''}; "
            text += f"'timeline validate {path}' lists them all)"
        super().__init__(text)


def failure(path: Path | str, message: str) -> StoreError:
    """Return the StoreError of a file that cannot be read at all."""
    return StoreError(str(path), [Problem("", message)])


def size(path: Path | str) -> int:
    """Return the size of the file at ``path`` in bytes, or 0 if it cannot be looked at."""
    try:
        return os.stat(path).st_size
    except (OSError, ValueError):
        return 0  # read_file says what is wrong with it


# A store read from a pipe (--data /dev/stdin) has no size to trust: at most this much is
# read, a bound well above the largest store measured (649 MB for a million events).
MAX_STREAM_BYTES = 1 << 31


def read_file(path: Path | str, limit: int = MAX_STREAM_BYTES) -> bytes:
    """Return the bytes of a store file, byte-order mark included.

    A FIFO or socket is read up to ``limit`` bytes, and no further than its first block
    when that cannot begin a JSON document (a stream of zeros or of ``yes``). Raises
    StoreError if the file is missing, a folder, a device (``/dev/zero`` would never
    end), unreadable, or a stream longer than ``limit``.
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        mode = 0  # open() below says what is wrong
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        what = "character" if stat.S_ISCHR(mode) else "block"
        raise failure(path, f"is a {what} device, not a store file")
    try:
        with open(path, "rb") as f:
            if stat.S_ISREG(mode) or stat.S_ISDIR(mode) or not mode:
                return f.read()
            return _read_stream(f, path, limit)
    except FileNotFoundError:
        raise failure(path, "no such file") from None
    except IsADirectoryError:
        raise failure(path, "is a folder, not a store file") from None
    except OSError as exc:
        raise failure(path, f"cannot be read ({exc.strerror})") from None


def _read_stream(f: Any, path: Path | str, limit: int) -> bytes:
    """Return what a FIFO holds, refusing more than ``limit`` bytes and a first block
    that no JSON document starts with."""
    parts: list[bytes] = []
    size = 0
    while chunk := f.read1(1 << 16):
        if not parts and not _may_start_json(chunk):
            parts.append(chunk)
            break  # decoding says what is wrong with it, from this much
        parts.append(chunk)
        size += len(chunk)
        if size > limit:
            raise failure(path, f"holds more than {limit / (1 << 20):g} MiB, more than a store may")
    return b"".join(parts)


def _may_start_json(chunk: bytes) -> bool:
    first = chunk.removeprefix(BOM).lstrip(b" \t\r\n")[:1]
    return first in (b"", b"{", b"[", b'"') or first.isdigit() or first in (b"-", b"t", b"f", b"n")


def read_bytes(path: Path | str) -> bytes:
    """Return the content of a store file, without a UTF-8 byte-order mark.

    Raises StoreError if the file is missing, a folder or unreadable.
    """
    data = read_file(path)
    return data[3:] if data.startswith(BOM) else data


def read_json(path: Path | str) -> Any:
    """Return the parsed JSON document at ``path``; raise StoreError if it cannot be read."""
    return decode_json(read_bytes(path), str(path))


def decode_json(data: bytes, name: str) -> Any:
    """Return the JSON document in ``data``; raise StoreError naming the line if it is not JSON."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        utf16 = " (it looks like UTF-16)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise failure(
            name,
            f"is not UTF-8 text: byte 0x{data[exc.start]:02x} at line {line}, "
            f"column {column}{utf16}; save the file as UTF-8",
        ) from None
    if not text.strip():
        raise failure(name, "is empty; a store is a JSON object") from None
    try:
        return json.loads(text, object_pairs_hook=_pairs, parse_int=_parse_int)
    except json.JSONDecodeError as exc:
        # Some of the json module's messages end in "at" ("Invalid control character at").
        what = exc.msg.removesuffix(" at")
        hint = _syntax_hint(text, exc.pos)
        raise failure(
            name, f"is not valid JSON: {what} at line {exc.lineno}, column {exc.colno}{hint}"
        ) from None
    except RecursionError:
        raise failure(name, "is not a store: its JSON is nested too deeply") from None


def _syntax_hint(text: str, pos: int) -> str:
    """Return a hint for the mistakes of people who write JavaScript or Python, or ""."""
    if text.startswith(("//", "/*", "#"), pos):
        return "; JSON has no comments"
    if text.startswith(("]", "}"), pos) and text[:pos].rstrip().endswith(","):
        return "; JSON allows no comma before ] or }"
    if text.startswith("'", pos):
        return "; JSON strings and keys take double quotes"
    return ""


class Duplicated(dict[str, Any]):
    """A JSON object that names a key more than once; ``duplicates`` lists those keys.

    The json module keeps the last value of a repeated key and drops the others without
    a word: a store merged by hand with two "events" lists would lose every event of the
    first. Such objects are refused, naming the record and the key.
    """

    duplicates: list[str]


def repeated_key(value: Any) -> str | None:
    """Return the first key given twice in one object anywhere in a parsed JSON value
    (as ``decode_json`` parses it), or None."""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is Duplicated:
            return item.duplicates[0]
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # As fast as the json module's own dicts (measured on the bundled store): the C
    # scanner hands over the pairs it has built anyway.
    obj = dict(pairs)
    if len(obj) == len(pairs):
        return obj
    dup = Duplicated(obj)
    dup.duplicates = []
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen and key not in dup.duplicates:
            dup.duplicates.append(key)
        seen.add(key)
    return dup


def _parse_int(digits: str) -> int | float:
    # int() refuses more than 4,300 digits (a ValueError the json module lets through);
    # a store holds no numbers at all, so such a one only has to be reported as a number.
    return int(digits) if len(digits) <= 4000 else float(digits)


def kind_of(value: Any) -> str:
    """Return what a JSON value is, as a message says it: "text", "a number", "null"..."""
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "an object",
        Duplicated: "an object",
    }.get(type(value), type(value).__name__)
