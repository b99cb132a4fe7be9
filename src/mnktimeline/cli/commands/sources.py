"""``timeline sources``: the bibliography, of the whole store or of the events that match."""

from typing import Annotated

from ...counts import bibliography
from ...query import find
from ...render import Format, pick_fields, render
from ...render.messages import NO_MATCH
from ...store import load, resolve_path
from ..options import DataOpt, FieldsOpt, Filters, JsonOpt, format_option, pick_format, with_filters
from ..streams import Result, terminal


@with_filters
def sources_command(
    filters: Filters,
    fmt: Annotated[str | None, format_option("sources")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    data: DataOpt = None,
) -> Result:
    """Print the bibliography: every source with the number of events it supports.

    With filters (those of [italic]timeline list[/italic]), only the sources
    of the events that match, each with the number of those events that cite
    it. Without, every source of the store, including any that no event cites.

    --format markdown gives a reference list to paste into a paper.

    [bold]Examples[/bold]

      timeline sources

      timeline sources --since 2014 --until 2015 --format markdown > references.md

      timeline sources --actor Battulga --json | jq -r '.[].url'
    """
    chosen = pick_format("sources", fmt, as_json)
    picked = pick_fields("sources", chosen, fields)
    wanted = filters.criteria()
    store = load(resolve_path(data))
    found = find(store, wanted)
    events, notes = found.events, found.notes_for(chosen is Format.table)
    rows = bibliography(store, events if wanted.narrows else None)
    if not rows and chosen is Format.table:
        return Result(notes=[*notes, NO_MATCH])
    return Result(render("sources", chosen, rows, fields=picked, opts=terminal().options), notes)
