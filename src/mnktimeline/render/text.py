"""Make store text inert for terminals: control characters become visible escapes.

Text in the store comes from many hands and may hold ANSI or OSC escape sequences,
other C0/C1 control characters, or bidirectional overrides that make text print as
something it is not. Table and plain output pass every store string through ``inert``.
The characters are those of ``store.UNSAFE_CHARACTERS`` (store.py says which and why),
and lone surrogates, which a path or argument of undecodable bytes holds.
"""

from __future__ import annotations

import re

from ..store import UNSAFE_CHARACTERS

_UNSAFE = re.compile(f"[{UNSAFE_CHARACTERS}\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(text: str) -> str:
    """Return ``text`` with every control, bidi and invisible character shown as an escape.

    Tabs and newlines are escaped too, so one field stays one cell or one line.
    """
    return _UNSAFE.sub(_escape, text)
