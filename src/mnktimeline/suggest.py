"""The one "did you mean": the known values closest to what was typed."""

from __future__ import annotations

from collections.abc import Iterable


def closest(word: str, choices: Iterable[str], n: int = 3, cutoff: float = 0.6) -> list[str]:
    """Return up to ``n`` of ``choices`` most like ``word`` (difflib's ratio), best first.

    Returns [] when none is at least ``cutoff`` alike. difflib is imported only here,
    on the paths that have something to suggest.
    """
    import difflib

    return difflib.get_close_matches(word, list(dict.fromkeys(choices)), n=n, cutoff=cutoff)


def did_you_mean(word: str, choices: Iterable[str], n: int = 3) -> str:
    """Return "; did you mean 'a', 'b'?" for the closest choices, or "" when none is close."""
    found = ", ".join(f"'{c}'" for c in closest(word, choices, n))
    return f"; did you mean {found}?" if found else ""
