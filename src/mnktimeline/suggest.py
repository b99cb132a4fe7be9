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


# What users of git log, grep and head type for the options we name otherwise.
OTHER_TOOLS = {
    "--after": "--since",
    "--before": "--until",
    "--grep": "--search",
    "--head": "--limit",
    "-n": "--limit",
    "--max-count": "--limit",
    "--author": "--actor",
}


def option_for(typed: str, ours: Iterable[str]) -> list[str]:
    """Return the options of ``ours`` meant by ``typed``: our name for another tool's
    option (``--before``: ``--until``), then the closest by spelling, best first."""
    known = list(ours)
    name = typed.partition("=")[0]
    mapped = [OTHER_TOOLS[name]] if OTHER_TOOLS.get(name) in known else []
    return mapped + [c for c in closest(name, known, cutoff=0.8) if c not in mapped]
