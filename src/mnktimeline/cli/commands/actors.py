"""``timeline actors``: every actor, with aliases and number of events."""

from typing import Annotated

from ...counts import actor_rows
from ...render import pick_fields, render
from ...store import load, resolve_path
from ..options import DataOpt, FieldsOpt, JsonOpt, format_option, pick_format
from ..streams import Result, terminal


def actors_command(
    fmt: Annotated[str | None, format_option("actors")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    data: DataOpt = None,
) -> Result:
    """Print every actor with aliases and the number of events each took part in.

    [bold]Example[/bold]

      timeline actors --format csv > actors.csv
    """
    chosen = pick_format("actors", fmt, as_json)
    picked = pick_fields("actors", chosen, fields)
    store = load(resolve_path(data))
    return Result(
        render("actors", chosen, actor_rows(store), fields=picked, opts=terminal().options)
    )
