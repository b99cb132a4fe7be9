"""``timeline show ID``: one event in full."""

from typing import Annotated

import typer

from ...names import find_event
from ...render import pick_fields, render_shown
from ...store import load, resolve_path
from .. import completers
from ..options import WORD, DataOpt, FieldsOpt, JsonOpt, format_option, pick_format
from ..streams import Result, terminal


def show_command(
    event_ids: Annotated[
        list[str],
        typer.Argument(
            click_type=WORD,
            metavar="ID...",
            autocompletion=completers.event_ids,
            help="Event ids, as in the last column of 'timeline list'.",
        ),
    ],
    fmt: Annotated[str | None, format_option("event")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    data: DataOpt = None,
) -> Result:
    """Print events in full, with their sources, quotations and notes.

    With several ids, each in turn; in JSON an object for one id, an array for several.

    [bold]Examples[/bold]

      timeline show 2014-05-23-ri-yong-ho-us-experts

      timeline show 2018-02-04-tsogtbaatar-pyongyang 2018-12-08-ri-yong-ho-visits-mongolia
    """
    chosen = pick_format("event", fmt, as_json)
    picked = pick_fields("event", chosen, fields)
    store = load(resolve_path(data))
    events = [find_event(store, event_id) for event_id in event_ids]
    return Result(render_shown(chosen, events, store, fields=picked, opts=terminal().options))
