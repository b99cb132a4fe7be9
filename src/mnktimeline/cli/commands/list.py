"""``timeline list``: the chronology."""

from typing import Annotated

from ...query import find
from ...render import Format, pick_fields, render
from ...render.messages import NO_MATCH
from ...store import load, resolve_path
from ..options import DataOpt, FieldsOpt, Filters, JsonOpt, format_option, pick_format, with_filters
from ..streams import Result, terminal


@with_filters
def list_command(
    filters: Filters,
    fmt: Annotated[str | None, format_option("events")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    data: DataOpt = None,
) -> Result:
    """Print the chronology, oldest first.

    [bold]Examples[/bold]

      timeline list --since 2013 --until 2018

      timeline list --actor Battulga --category mediation --reverse

      timeline list --search abductee --json | jq -r '.[].date'
    """
    chosen = pick_format("events", fmt, as_json)
    picked = pick_fields("events", chosen, fields)
    wanted = filters.criteria()
    store = load(resolve_path(data))
    found = find(store, wanted)
    events, notes = found.events, found.notes_for(chosen is Format.table)
    if not events and chosen is Format.table:
        return Result(notes=[*notes, NO_MATCH])
    return Result(
        render("events", chosen, events, store, fields=picked, opts=terminal().options), notes
    )
