"""``timeline cite``: the sources of some events, and the dataset, for a reference manager."""

from typing import Annotated

import typer

from ...citing import cite_events, cite_sources, only
from ...errors import UsageError
from ...query import find
from ...render import formats, parse_format, render
from ...render.messages import NO_MATCH_CITE, SOURCES_ALONE
from ...store import load, resolve_path
from .. import completers
from ..options import OUTPUT, WORD, DataOpt, Filters, OutputOpt, with_filters
from ..streams import Result


# Long only by its options and their help; the body is a dozen lines that translate.
@with_filters
def cite_command(
    event_ids: Annotated[
        list[str] | None,
        typer.Argument(
            click_type=WORD,
            metavar="[ID]...",
            autocompletion=completers.event_ids,
            help="Event ids to cite (the last column of 'timeline list'); without any, "
            "the events the filters keep.",
            show_default=False,
        ),
    ] = None,
    *,
    filters: Filters,
    source: Annotated[
        list[str] | None,
        typer.Option(
            "--source",
            metavar="ID",
            help="Cite this source itself, by its id ('timeline sources' lists them); repeat "
            "for more. Not with event ids or filters.",
        ),
    ] = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help=f"One of: {', '.join(formats('citations'))}. Default: text.",
            rich_help_panel=OUTPUT,
        ),
    ] = None,
    output: OutputOpt = None,
    data: DataOpt = None,
) -> Result:
    """Cite the sources of events, and the dataset, in the formats reference managers read.

    The sources of the events given by id or kept by the filters (and of their notes), each once, and the dataset itself with its version and the ids of those events, so that a paper can say exactly what it used.

    [bold]csl-json[/bold]: CSL-JSON, for Zotero, pandoc and citeproc.
    [bold]bibtex[/bold]: biblatex entries (@article, @report, @online, @dataset).
    [bold]ris[/bold]: RIS, for Zotero, EndNote and Mendeley.
    [bold]text[/bold]: a reference list to paste, one entry a line, in an author-date style: Lead. Year. “Title.” Publisher, date. URL. Ordered by the lead (the author, else the publisher, else the title), then year, then title; 2014a, 2014b where a lead has several works in a year.

    Takes the filters of [italic]timeline list[/italic].

    [bold]Examples[/bold]

      timeline cite --since 2014 --until 2014 --format text

      timeline cite 2014-05-23-ri-yong-ho-us-experts --format bibtex -o refs.bib

      timeline cite --actor Battulga --format csl-json > battulga.json

      timeline cite --source campi-2019-apb457 --format ris
    """
    chosen = parse_format("citations", fmt or "text")
    ids = event_ids or []
    if source and (ids or filters != Filters()):
        raise UsageError(SOURCES_ALONE)
    wanted = filters.criteria()
    store = load(resolve_path(data))
    if source:
        return Result(render("citations", chosen, cite_sources(store, source)), target=output)
    events, notes, _ = find(store, wanted)
    events = only(store, events, ids)
    after = [NO_MATCH_CITE] if not events else []
    return Result(render("citations", chosen, cite_events(store, events)), notes, after, output)
