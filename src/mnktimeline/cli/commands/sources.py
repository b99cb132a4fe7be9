"""``timeline sources``: the bibliography."""

from __future__ import annotations

from typing import Annotated

from ...counts import bibliography
from ...render import render
from ...store import load, resolve_path
from ..options import DataOpt, JsonOpt, format_option, pick_format
from ..streams import Result, terminal


def sources_command(
    fmt: Annotated[str | None, format_option("sources")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> Result:
    """Print the bibliography: every source with the number of events it supports.

    --format markdown gives a reference list to paste into a paper.

    [bold]Examples[/bold]

      timeline sources

      timeline sources --format markdown > references.md
    """
    chosen = pick_format("sources", fmt, as_json)
    store = load(resolve_path(data))
    return Result(render("sources", chosen, bibliography(store), opts=terminal().options))
