"""``timeline stats``: counts by year, decade, category, actor, country, place or tag."""

from typing import Annotated

import typer

from ...counts import COUNT_KEYS, check_top, count_by, count_key
from ...query import find
from ...render import Format, render
from ...render.messages import NO_MATCH
from ...store import load, resolve_path
from ..options import OUTPUT, DataOpt, Filters, JsonOpt, format_option, pick_format, with_filters
from ..streams import Result, terminal

ByOpt = Annotated[
    str,
    typer.Option(
        "--by",
        metavar="KEY",
        help=f"What to count: {', '.join(COUNT_KEYS)}. By year, an event that spans "
        "several years counts once in each year it overlaps (by decade, in each decade), "
        "so the counts can add up to more than the events.",
        rich_help_panel=OUTPUT,
    ),
]
TopOpt = Annotated[
    int | None,
    typer.Option(
        "--top",
        metavar="N",
        help="Keep the N rows with the most events, most first (by year: the N busiest years).",
        rich_help_panel=OUTPUT,
    ),
]


@with_filters
def stats_command(
    filters: Filters,
    by: ByOpt = "year",
    top: TopOpt = None,
    fmt: Annotated[str | None, format_option("stats")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> Result:
    """Count the events by year, decade, category, actor, country, place or tag,
    with a bar each.

    Years and decades run oldest first (newest first with --reverse), empty
    ones as 0, from --since to --until when they are given (both ends
    included), else from the first event to the last; the other keys run from
    the most events to the fewest. Actors count by name, countries by the ISO
    codes of the actors taking part. --top N keeps the N largest rows;
    --limit, which keeps the first N events, is refused here.

    In a pipe each row is a line [italic]key<TAB>count[/italic]; --json gives
    [{"key": "2014", "count": 3}, ...], every key a string.

    [bold]Examples[/bold]

      timeline stats --by year

      timeline stats --by category --since 2010

      timeline stats --by actor --top 5

      timeline stats --by decade --json | jq -r '.[] | "\\(.key) \\(.count)"'
    """
    key = count_key(by)
    chosen = pick_format("stats", fmt, as_json)
    wanted = filters.criteria()
    check_top(top, wanted.limit)
    store = load(resolve_path(data))
    events, notes, _ = find(store, wanted)
    rows = count_by(
        store,
        events,
        key,
        newest_first=wanted.reverse,
        since=wanted.since,
        until=wanted.until,
        top=top,
    )
    if not rows and chosen is Format.table:
        return Result(notes=[*notes, NO_MATCH])
    output = render("stats", chosen, rows, by=key, total=len(events), opts=terminal().options)
    return Result(output, notes)
