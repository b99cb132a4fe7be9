"""``timeline validate``: every problem of a store file, not only the first."""

import os
from pathlib import Path
from typing import Annotated

import typer

from ...errors import ExitCode, UsageError
from ...render import Format, render
from ...render.messages import not_a_texts_folder, validated
from ...store import check, resolve_path
from ...store.quotes import check_quotes
from ..options import WORD, DataOpt, JsonOpt, format_option, pick_format
from ..streams import Result, terminal


def validate_command(
    path: Annotated[
        Path | None,
        typer.Argument(
            click_type=WORD,
            metavar="[PATH]",
            help="Store file to check; default: --data, $MNKTIMELINE_DATA or the bundled store.",
        ),
    ] = None,
    texts: Annotated[
        Path | None,
        typer.Option(
            "--texts",
            metavar="DIR",
            help="Folder of source texts named <source id>.txt: every quotation must be found "
            "in its source's text (whitespace aside).",
        ),
    ] = None,
    fmt: Annotated[str | None, format_option("problems")] = None,
    as_json: JsonOpt = False,
    data: DataOpt = None,
) -> Result:
    """Check a store and list every problem, not only the first. Exit 1 if any is an error.

    Refuses what loading refuses (bad JSON, missing or mistyped fields, unknown keys,
    duplicate ids, references to records that are not there, impossible dates, spans that
    end before they start, unknown categories, kinds and roles, events without a source or
    dated after every source they cite, relations that run in a circle), and with --texts,
    quotations not found in their source. Warns about control characters, which print
    inert but may be a mistake.

    [bold]Examples[/bold]

      timeline validate my-events.json

      timeline validate my-events.json --texts sources/
    """
    chosen = pick_format("problems", fmt, as_json)
    target = path if path is not None else resolve_path(data)
    if texts is not None and not os.path.isdir(texts):
        raise UsageError(not_a_texts_folder(texts))
    store, problems = check(target)
    if store is not None and texts is not None:
        problems += check_quotes(store, texts)
        if any(p.severity == "error" for p in problems):
            store = None
    error, summary = validated(target, store, problems, texts is not None)
    output = render("problems", chosen, problems, str(target), opts=terminal().options)
    if error is not None:
        return Result(output, error=error, code=ExitCode.FAILURE)
    return Result(output, after=[summary] if summary and chosen is Format.plain else [])
