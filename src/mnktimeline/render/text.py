"""Make store text inert for terminals: control characters become visible escapes.

Text in the store comes from many hands and may hold ANSI or OSC escape sequences,
other C0/C1 control characters, or bidirectional overrides that make text print as
something it is not. Table and plain output pass every store string through ``inert``.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def inert(text: str) -> str:
    """Return ``text`` with every control and bidi-override character shown as an escape.

    Tabs and newlines are escaped too, so one field stays one cell or one line.
    """
    return _UNSAFE.sub(_escape, text)
