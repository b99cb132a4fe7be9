"""``timeline edit ID``: one record in your editor, checked with the whole store."""

from ...render.messages import edited, kept_after
from ...write import EditError
from ...write.change import check_kind, find_record
from ...write.editing import plan_replace
from ...write.update import read_store, store_to_change
from ..editor import edit_file, keep, kept_name, session
from ..options import KindOpt, RecordIdArg, WriteDataOpt
from ..streams import Result
from ..writing import DryRunOpt, change_store


def edit_command(
    ident: RecordIdArg,
    kind: KindOpt = None,
    dry_run_: DryRunOpt = False,
    data: WriteDataOpt = None,
) -> Result:
    """Edit one record in $VISUAL or $EDITOR, as the JSON the store holds.

    What you save is checked with the whole store; if it has errors, the
    editor opens again with them at the top, until it is valid or you quit
    without a change, which changes nothing.

    [bold]Examples[/bold]

      timeline edit 2014-05-23-ri-yong-ho-us-experts --data my-events.json

      timeline edit mongolia --kind place --data my-events.json
    """
    path = store_to_change(data, "edit")
    chosen = check_kind(kind)
    doc, _ = read_store(path)
    found = find_record(doc, ident, chosen)
    with edit_file(found, ident) as file:
        outcome = session(doc, found, str(path), file)
        if outcome.record is None:
            return Result(after=[edited(found.kind, ident, False, path)])
        try:
            _, diff, note = change_store(
                path,
                lambda d, s: plan_replace(
                    d, s, found, outcome.original, outcome.record, kept_name(file)
                ),
                dry_run_,
            )
        except EditError as exc:
            raise EditError(kept_after(str(exc), keep(file)), exc.details) from None
    return Result(diff, after=[note or edited(found.kind, ident, True, path)])
