"""``timeline import FILE``: every event of a CSV or JSON file, or none."""

import sys
from typing import Annotated

import typer

from ...render.messages import imported, nothing_to_import
from ...write.importing import plan_import, read_import, read_import_file
from ...write.update import store_to_change
from ..options import WORD, WriteDataOpt
from ..streams import Result
from ..writing import DryRunOpt, change_store


def import_command(
    file: Annotated[
        str,
        typer.Argument(
            click_type=WORD,
            metavar="FILE",
            help="CSV with the columns of 'timeline list -f csv', or JSON: a list of events "
            "in the store's shape or that of 'timeline list --json'. - reads standard input.",
        ),
    ],
    dry_run_: DryRunOpt = False,
    data: WriteDataOpt = None,
) -> Result:
    """Add every event of a CSV or JSON file, or none: each bad row is listed with its line.

    Ids left empty are made from date and title; an id already in the store rejects the
    row. The id of each event imported is printed, one a line.

    [bold]Examples[/bold]

      timeline import new-events.csv --data my-events.json

      timeline import new-events.json --data my-events.json
    """
    path = store_to_change(data, "import")
    name, text = read_import_file(file, sys.stdin.buffer if file == "-" else None)
    rows = read_import(text, name)
    if not rows:
        return Result(notes=[nothing_to_import(name, path)])
    added, diff, note = change_store(path, lambda d, s: plan_import(d, s, rows, name), dry_run_)
    ids = [] if dry_run_ else [f"{record['id']}\n" for record in added]
    return Result(diff or ids, after=[note or imported(len(added), path)])
