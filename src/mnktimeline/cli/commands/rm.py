"""``timeline rm ID``: remove one record, and with --force what refers to it."""

from typing import Annotated

import typer

from ...render.messages import removed
from ...write.change import check_kind, plan_remove
from ...write.update import store_to_change
from ..options import KindOpt, RecordIdArg, WriteDataOpt
from ..streams import Result
from ..writing import DryRunOpt, change_store


def rm_command(
    ident: RecordIdArg,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Also remove every reference to it, and the records that cannot stand "
            "without it (an event whose only source it is); each is listed.",
        ),
    ] = False,
    kind: KindOpt = None,
    dry_run_: DryRunOpt = False,
    data: WriteDataOpt = None,
) -> Result:
    """Remove one record; refused, naming them, while other records refer to it.

    [bold]Examples[/bold]

      timeline rm 2014-05-23-ri-yong-ho-us-experts --data my-events.json

      timeline rm robert-einhorn --force --dry-run --data my-events.json
    """
    path = store_to_change(data, "rm")
    chosen = check_kind(kind)
    done, diff, note = change_store(
        path, lambda d, s: plan_remove(d, s, ident, chosen, force=force), dry_run_
    )
    cut = (len(done.hits), done.referring)
    return Result(diff, after=[note or removed(done.kind, ident, cut, done.gone, path)])
