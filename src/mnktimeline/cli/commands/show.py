"""``timeline show ID``: one event in full."""

from __future__ import annotations

from typing import Annotated

import typer

from ...names import find_event
from ...render import render
from ...store import load, resolve_path
from ..options import DataOpt, JsonOpt, format_option, pick_format
from ..streams import Result, terminal


def show_command(
    event_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="An event id, as in the last column of 'timeline list'."),
    ],
    fmt: Annotated[str | None, format_option("event")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> Result:
    """Print one event in full, with its sources, quotations and notes.

    [bold]Example[/bold]

      timeline show 2014-05-23-ri-yong-ho-us-experts
    """
    chosen = pick_format("event", fmt, as_json)
    store = load(resolve_path(data))
    event = find_event(store, event_id)
    return Result(render("event", chosen, event, store, opts=terminal().options))
