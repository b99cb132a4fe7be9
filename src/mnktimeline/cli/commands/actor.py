"""``timeline actor NAME``: everything one person, state or organisation took part in."""

from __future__ import annotations

from typing import Annotated

import typer

from ...names import resolve_actor
from ...query import resolve, select
from ...render import Format, render
from ...render.messages import NO_MATCH
from ...store import load, resolve_path
from ..options import DataOpt, Filters, JsonOpt, format_option, pick_format, with_filters
from ..streams import Result, terminal


@with_filters
def actor_command(
    name: Annotated[
        str, typer.Argument(help="A name, alias or id, e.g. Elbegdorj, 'North Korea', Kim.")
    ],
    filters: Filters,
    fmt: Annotated[str | None, format_option("actor")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> Result:
    """Print everything one person, state or organisation took part in.

    Case and diacritics are ignored: [italic]khurelsukh[/italic] finds Ukhnaagiin Khürelsükh.
    A name that fits several actors ([italic]Kim[/italic]) shows the events of all of them.

    [bold]Examples[/bold]

      timeline actor Elbegdorj

      timeline actor 'North Korea' --since 2018 --json
    """
    chosen = pick_format("actor", fmt, as_json)
    wanted = filters.criteria()
    store = load(resolve_path(data))
    match = resolve_actor(store, name)
    query, notes = resolve(store, wanted, fixed=match.ids)
    notes = [n for n in (match.note(),) if n] + notes
    events = select(store, query)
    output = render("actor", chosen, events, store, actors=match.actors, opts=terminal().options)
    return Result(output, notes, [NO_MATCH] if not events and chosen is Format.table else [])
