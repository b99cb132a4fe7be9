"""``timeline set ID FIELD=VALUE ...``: change fields of one record, for scripts."""

from typing import Annotated

import typer

from ...render.messages import set_fields
from ...write.change import check_kind, plan_set
from ...write.fields import parse_assignment
from ...write.update import store_to_change
from ..options import WORD, KindOpt, RecordIdArg, WriteDataOpt
from ..streams import Result
from ..writing import DryRunOpt, change_store


def set_command(
    ident: RecordIdArg,
    assignments: Annotated[
        list[str],
        typer.Argument(
            click_type=WORD,
            metavar="FIELD=VALUE...",
            help="FIELD=VALUE sets (FIELD= empties), FIELD+=VALUE adds to a list, "
            "FIELD-=VALUE takes out of one; dates in any form the filters accept.",
            show_default=False,
        ),
    ],
    kind: KindOpt = None,
    dry_run_: DryRunOpt = False,
    data: WriteDataOpt = None,
) -> Result:
    r"""Change fields of one record, with the checks of the whole store.

    Lists take items separated by ';' (actors and places by name, as
    queries take them); an event's sources are 'source-id (locator)', its
    notes 'kind: text \[source; source]', and any record may be JSON.
    A nested field has a dotted name: coordinates.lat=47.92.

    [bold]Examples[/bold]

      timeline set 2014-05-23-ri-yong-ho-us-experts --data my-events.json title='Ri Yong-ho meets US experts' date='23 May 2014'

      timeline set 2014-05-23-ri-yong-ho-us-experts --data my-events.json tags+=nuclear 'actors-=Robert Einhorn'

      timeline set ri-yong-ho --data my-events.json --dry-run 'aliases+=Ri Yong Ho'
    """
    path = store_to_change(data, "set")
    parsed = [parse_assignment(a) for a in assignments]
    chosen = check_kind(kind)
    done, diff, note = change_store(
        path, lambda d, s: plan_set(d, s, ident, chosen, parsed), dry_run_
    )
    return Result(
        diff, after=[note or set_fields(done.kind, ident, done.fields, done.changed, path)]
    )
