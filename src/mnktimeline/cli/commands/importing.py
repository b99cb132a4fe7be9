"""``timeline import FILE``: every event of a CSV or JSON file, or none."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from ...render.messages import imported, nothing_to_import
from ...write.importing import plan_import, read_import, read_import_file
from ...write.update import locked_update, store_to_change
from ..options import WriteDataOpt
from ..streams import Result


def import_command(
    file: Annotated[
        str,
        typer.Argument(
            metavar="FILE",
            help="CSV with the columns of 'timeline list -f csv', or JSON: a list of events "
            "in the store's shape or that of 'timeline list --json'. - reads standard input.",
        ),
    ],
    data: WriteDataOpt = None,
) -> Result:
    """Add every event of a CSV or JSON file, or none: each bad row is listed with its line.

    Ids left empty are made from date and title; an id already in the store rejects the row.

    [bold]Examples[/bold]

      timeline import new-events.csv --data my-events.json

      timeline import new-events.json --data my-events.json
    """
    path = store_to_change(data, "import")
    name, text = read_import_file(file, sys.stdin.buffer if file == "-" else None)
    rows = read_import(text, name)
    if not rows:
        return Result(notes=[nothing_to_import(name, path)])
    added = locked_update(path, lambda d, s: plan_import(d, s, rows, name))
    return Result(notes=[imported(len(added), path)])
