"""Where the store is: ``--data``, else $MNKTIMELINE_DATA, else the one bundled with us."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "MNKTIMELINE_DATA"


def _packaged() -> str:
    return os.path.join(
        os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "data", "events.json"
    )


def bundled_store() -> Path:
    """Return the path of the store that ships with the package.

    In a wheel it sits at ``mnktimeline/data/events.json``; in a source checkout
    (an editable install) it is the repository's ``data/events.json``.
    """
    packaged = _packaged()
    if os.path.isfile(packaged):
        return Path(packaged)
    return Path(packaged).parents[3] / "data" / "events.json"


def is_packaged(path: Path | str) -> bool:
    """Return whether ``path`` is the store inside the installed package, which is never
    written. The repository's ``data/events.json`` of a source checkout is not."""
    try:
        return os.path.samefile(path, _packaged())
    except (OSError, ValueError):  # either is missing, or a name the system refuses
        return False


def resolve_path(option: str | None) -> Path:
    """Return the store to use: ``--data``, else $MNKTIMELINE_DATA, else the bundled one."""
    if option:
        return Path(option)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return bundled_store()
