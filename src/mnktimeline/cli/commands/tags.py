"""``timeline tags``: every tag, with the number of events that have it."""

from typing import Annotated

from ...counts import tag_rows
from ...render import pick_fields, render
from ...store import load, resolve_path
from ..options import DataOpt, FieldsOpt, JsonOpt, format_option, pick_format
from ..streams import Result, terminal


def tags_command(
    fmt: Annotated[str | None, format_option("tags")] = None,
    as_json: JsonOpt = False,
    fields: FieldsOpt = None,
    data: DataOpt = None,
) -> Result:
    """Print every tag with the number of events that have it, in alphabetical order.

    --tag TAG on the other commands takes these names (case and punctuation
    ignored: 'Ulaanbaatar Dialogue' is ulaanbaatar-dialogue); stats --by tag
    ranks them.

    [bold]Examples[/bold]

      timeline tags

      timeline tags --json | jq -r '.[] | select(.events > 5) | .tag'
    """
    chosen = pick_format("tags", fmt, as_json)
    picked = pick_fields("tags", chosen, fields)
    store = load(resolve_path(data))
    return Result(render("tags", chosen, tag_rows(store), fields=picked, opts=terminal().options))
