"""``timeline places``: every place, with what lies within it and number of events."""

from typing import Annotated

from ...counts import place_rows
from ...render import pick_fields, render
from ...store import load, resolve_path
from ..options import DataOpt, FieldsOpt, JsonOpt, format_option, pick_format
from ..streams import Result, terminal


def places_command(
    fmt: Annotated[str | None, format_option("places")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    data: DataOpt = None,
) -> Result:
    """Print every place with its kind, country, aliases and number of events.

    --place NAME on the other commands matches these names and aliases, and
    takes in the places that lie within the one named.

    [bold]Example[/bold]

      timeline places --json | jq -r '.[].name'
    """
    chosen = pick_format("places", fmt, as_json)
    picked = pick_fields("places", chosen, fields)
    store = load(resolve_path(data))
    return Result(
        render("places", chosen, place_rows(store), fields=picked, opts=terminal().options)
    )
