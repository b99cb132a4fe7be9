"""``timeline mv OLD NEW``: rename an id, and every reference to it."""

from typing import Annotated

import typer

from ...render.messages import renamed
from ...write.change import check_kind, plan_rename
from ...write.update import store_to_change
from .. import completers
from ..options import WORD, KindOpt, WriteDataOpt
from ..streams import Result
from ..writing import DryRunOpt, change_store


def mv_command(
    old: Annotated[
        str,
        typer.Argument(
            click_type=WORD,
            metavar="OLD",
            autocompletion=completers.record_ids,
            help="The id of an event, actor, source or place.",
        ),
    ],
    new: Annotated[str, typer.Argument(click_type=WORD, metavar="NEW", help="Its new id.")],
    kind: KindOpt = None,
    dry_run_: DryRunOpt = False,
    data: WriteDataOpt = None,
) -> Result:
    """Rename a record's id, and change every reference to it in the store.

    [bold]Examples[/bold]

      timeline mv 2014-05-23-ri-yong-ho-us-experts 2014-05-23-ri-yong-ho-meets-us-experts --data my-events.json

      timeline mv robert-einhorn einhorn-robert --dry-run --data my-events.json
    """
    path = store_to_change(data, "mv")
    chosen = check_kind(kind)
    done, diff, note = change_store(
        path, lambda d, s: plan_rename(d, s, old, new, chosen), dry_run_
    )
    said = renamed(done.kind, old, new, len(done.hits), done.referring, path)
    return Result(diff, after=[note or said])
