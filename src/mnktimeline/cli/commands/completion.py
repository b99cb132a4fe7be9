"""``timeline completion SHELL``: the shell completion script."""

from typing import Annotated

import typer

from ...errors import UsageError
from .. import completers
from ..complete import SCRIPTS, SHELLS
from ..options import WORD
from ..streams import Result

_shells = completers.fixed(SHELLS)


def completion_command(
    shell: Annotated[
        str,
        typer.Argument(
            click_type=WORD, metavar="SHELL", autocompletion=_shells, help="bash, zsh or fish."
        ),
    ],
) -> Result:
    """Print the shell completion script, which completes commands, options, formats,
    and the store's own actor names, event ids, tags, places and record ids.

    [bold]Examples[/bold]

      timeline completion bash

      timeline completion zsh
    """
    if shell not in SHELLS:
        raise UsageError(
            f"'{shell}' is not a shell timeline completes; use one of: bash, zsh, fish"
        )
    return Result([SCRIPTS[shell]])
