"""What text from the store may hold that a terminal must not receive, and how to show it.

Text in the store comes from many hands and may hold ANSI or OSC escape sequences, other
C0/C1 control characters, or bidirectional overrides that make text print as something it
is not. ``inert`` shows each such character as an escape; every output meant for a person
passes store text through it, and ``timeline validate`` warns about them.

The characters: C0 and C1 controls (escape sequences start with ESC or the C1 CSI and OSC),
the bidirectional marks, embeddings, overrides and isolates, line and paragraph separators
(a record that breaks into two lines), and invisible characters that can hide text:
zero-width space, word joiner and invisible operators, deprecated format controls, a
byte-order mark inside text and interlinear annotations. Zero-width joiner and non-joiner
(U+200C, U+200D) are left alone: scripts and emoji need them, and they can do no harm; so
are the tag characters (U+E0000 to U+E007F) of flag emoji, since one range beyond U+FFFF
makes the search a third slower. Tab and newline are fine in a summary (no warning), but
``inert`` escapes them too, so that one field stays one cell or line.
"""

from __future__ import annotations

import re

_UNSAFE_ABOVE_C0 = "\x7f-\x9f\u061c\u200b\u200e\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
UNSAFE_CHARACTERS = "\x00-\x1f" + _UNSAFE_ABOVE_C0
# What validate warns about (tab and newline aside); a lone surrogate, what a JSON escape
# such as "\\ud800" without its pair decodes to, or what Python makes of an argument's
# bytes that are not UTF-8 (PEP 383): not a character, and no UTF-8 output can hold it;
# and everything inert() escapes.
_SOURCES = {
    "control": f"[\x00-\x08\x0b-\x1f{_UNSAFE_ABOVE_C0}]",
    "surrogate": "[\ud800-\udfff]",
    "unsafe": f"[{UNSAFE_CHARACTERS}\ud800-\udfff]",
    # what a terminal must not receive from a stream of lines: everything above but tab
    # and the line ends, a carriage return only where it ends a line (CSV's \r\n)
    "stream": f"[\x00-\x08\x0b\x0c\x0e-\x1f{_UNSAFE_ABOVE_C0}]|\r(?!\n)",
}
_compiled: dict[str, re.Pattern[str]] = {}


def _pattern(name: str) -> re.Pattern[str]:
    # Compiled on first use: these character classes take milliseconds to compile, and
    # most runs meet only ASCII text.
    found = _compiled.get(name)
    if found is None:
        found = _compiled[name] = re.compile(_SOURCES[name])
    return found


def has_control(text: str) -> bool:
    """Return whether ``text`` holds a character ``validate`` warns about (not tab or newline)."""
    if text.isprintable():  # every character validate warns about is not printable
        return False
    return _pattern("control").search(text) is not None


def has_surrogate(text: str) -> bool:
    """Return whether ``text`` holds a lone surrogate."""
    return not text.isascii() and _pattern("surrogate").search(text) is not None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def inert(text: str) -> str:
    """Return ``text`` with every control, bidi and invisible character shown as an escape.

    Tabs and newlines are escaped too, so one field stays one cell or one line.
    """
    if text.isascii() and text.isprintable():
        return text
    return _pattern("unsafe").sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def terminal_safe(text: str) -> str:
    """Return ``text`` (JSON, CSV, any output made of lines) safe to write to a terminal.

    Every character ``inert`` escapes but tab and newline (and a carriage return before
    a newline) is written as a JSON escape, ``\\u001b``: in JSON the same data, elsewhere
    visible. A file or pipe gets the text itself; this is for a terminal only.
    """
    if text.isascii() and text.isprintable():
        return text
    return _pattern("stream").sub(_json_escape, text)
