"""``timeline init PATH``: a copy of the bundled store to change."""

from pathlib import Path
from typing import Annotated

import typer

from ...render.messages import dry_run, initialised
from ...store import ENV_VAR
from ...write.update import init_store
from ..options import WORD
from ..streams import Result
from ..writing import DryRunOpt


def init_command(
    path: Annotated[
        Path,
        typer.Argument(
            click_type=WORD, metavar="PATH", help="File to create, e.g. my-events.json."
        ),
    ],
    force: Annotated[bool, typer.Option("--force", help="Replace PATH if it exists.")] = False,
    dry_run_: DryRunOpt = False,
) -> Result:
    """Start your own store: write a copy of the bundled store to PATH.

    Then point the other commands at it with --data PATH or MNKTIMELINE_DATA.

    [bold]Example[/bold]

      timeline init my-events.json && export MNKTIMELINE_DATA=my-events.json
    """
    done = init_store(path, force=force, dry_run=dry_run_)
    if dry_run_:
        return Result(done.diff, after=[dry_run(path, True, bool(done.diff), done.created)])
    return Result(after=[initialised(path, done.store, ENV_VAR)])
