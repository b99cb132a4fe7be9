"""What every command that changes a store shares: ``--dry-run``, and the change made
under the store's lock or shown as a diff."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from ..model import Store
from ..render.messages import dry_run
from ..write.canonical import Doc
from ..write.update import locked_update, preview

T = TypeVar("T")

DryRunOpt = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Print what would change, as a diff of the store's text; change nothing.",
    ),
]


def change_store(
    path: Path, change: Callable[[Doc, Store], tuple[Doc, T]], dry: bool
) -> tuple[T, list[str], str | None]:
    """Make ``change`` to the store at ``path`` under its lock, or with ``dry`` show it:
    return its result, the lines of the diff (none when not dry), and the dry run's note."""
    if not dry:
        return locked_update(path, change), [], None
    result, shown = preview(path, change)
    return result, shown.diff, dry_run(path, shown.canonical, bool(shown.diff))
