"""``timeline actor NAME``: everything one person, state or organisation took part in."""

from typing import Annotated

import typer

from ...names import resolve_actor
from ...query import find
from ...render import Format, pick_fields, render
from ...render.messages import NO_MATCH
from ...store import load, resolve_path
from .. import completers
from ..options import (
    WORD,
    DataOpt,
    FieldsOpt,
    Filters,
    JsonOpt,
    format_option,
    pick_format,
    with_filters,
)
from ..streams import Result, terminal


@with_filters
def actor_command(
    name: Annotated[
        str,
        typer.Argument(
            click_type=WORD,
            metavar="NAME",
            autocompletion=completers.actors,
            help="A name, alias or id, e.g. Elbegdorj, 'North Korea', Kim.",
        ),
    ],
    filters: Filters,
    fmt: Annotated[str | None, format_option("actor")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    data: DataOpt = None,
) -> Result:
    """Print everything one person, state or organisation took part in.

    NAME is looked up in two tiers, and the first that finds anyone wins: an
    id, name or alias equal to NAME; then every actor with a name or alias
    whose words begin with the words of NAME, in order ([italic]Ts[/italic]
    finds Tsogtbaatar, Tsedenbal and Tsoggerel; [italic]kim jong[/italic]
    finds Kim Jong Un and Kim Jong Il). Aliases in every script count
    ([italic]Баттулга[/italic], [italic]김정은[/italic]); case and diacritics are
    ignored ([italic]khurelsukh[/italic] finds Ukhnaagiin Khürelsükh). A name
    that fits several actors shows the events of all of them and says who on
    stderr.

    [bold]Examples[/bold]

      timeline actor Elbegdorj

      timeline actor 'North Korea' --since 2018 --json
    """
    chosen = pick_format("actor", fmt, as_json)
    picked = pick_fields("actor", chosen, fields)
    wanted = filters.criteria()
    store = load(resolve_path(data))
    match = resolve_actor(store, name)
    found = find(store, wanted, fixed=match.ids)
    events = found.events
    notes = [n for n in (match.note(),) if n] + found.notes_for(chosen is Format.table)
    output = render(
        "actor", chosen, events, store, actors=match.actors, fields=picked, opts=terminal().options
    )
    return Result(output, notes, [NO_MATCH] if not events and chosen is Format.table else [])
