"""``timeline fmt``: rewrite a store in the canonical layout."""

from pathlib import Path
from typing import Annotated

import typer

from ...errors import UsageError
from ...write.update import format_store, store_to_change, upgrade_store
from ..options import WORD, WriteDataOpt
from ..streams import Result
from ..writing import DryRunOpt


def fmt_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            click_type=WORD, help="Store file to format; default: --data or $MNKTIMELINE_DATA."
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Change nothing; exit 1 if the file is not in the canonical layout."
        ),
    ] = False,
    upgrade: Annotated[
        bool,
        typer.Option(
            "--upgrade",
            help="Rewrite a store of format 1 in format 2: place records made from the "
            "events' place names, each note given a kind by its wording; every value kept.",
        ),
    ] = False,
    dry_run_: DryRunOpt = False,
    data: WriteDataOpt = None,
) -> Result:
    """Rewrite a store in the canonical layout, so that its git diffs show only real changes.

    Events sorted by date then id, keys in a fixed order, two-space indent, UTF-8 text,
    a final newline. Every command that writes leaves this layout.

    [bold]Examples[/bold]

      timeline fmt my-events.json

      timeline fmt --check my-events.json

      timeline fmt --upgrade my-old-events.json
    """
    target = path if path is not None else store_to_change(data, "fmt")
    if upgrade:
        if check:
            raise UsageError("--upgrade changes the file and --check changes nothing; give one")
        outcome = upgrade_store(target, dry_run=dry_run_)
    else:
        outcome = format_store(target, check_only=check, dry_run=dry_run_)
    return Result(outcome.diff, after=[outcome.sentence])
