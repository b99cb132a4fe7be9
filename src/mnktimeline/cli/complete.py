"""Shell completion: the scripts ``timeline completion SHELL`` prints, and the answers.

A script calls ``timeline __complete SHELL WORD...`` with the words typed so far, the
last one being completed; ``run`` hands that to ``answer`` before any command is parsed.
Click's own completion machinery (vendored by typer) walks the real commands, so that
commands, options and their values come from the same definitions as ``--help``; the
values of the store (actor names and aliases, event ids, tags, places, record ids) come
from the completers below, attached to the options in ``options.py``, which read the
store named by ``--data`` or ``MNKTIMELINE_DATA``. Only the command being completed is
imported (the whole app only while its name is typed).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any

SHELLS = ("bash", "zsh", "fish")

SCRIPTS = {
    "bash": """\
# timeline completion for bash: add to ~/.bashrc
#   eval "$(timeline completion bash)"
_timeline_complete() {
    local IFS=$'\\n'
    COMPREPLY=($(timeline __complete bash "${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null))
}
complete -o default -F _timeline_complete timeline
""",
    "zsh": """\
#compdef timeline
# timeline completion for zsh: add to ~/.zshrc (after compinit)
#   eval "$(timeline completion zsh)"
_timeline() {
    local -a items
    items=("${(@f)$(timeline __complete zsh "${(@Q)words[2,CURRENT]}" 2>/dev/null)}")
    compadd -- "${items[@]}"
}
compdef _timeline timeline
""",
    "fish": """\
# timeline completion for fish: save as ~/.config/fish/completions/timeline.fish
#   timeline completion fish > ~/.config/fish/completions/timeline.fish
function __timeline_complete
    set -l tokens (commandline -opc) (commandline -ct)
    timeline __complete fish $tokens[2..-1] 2>/dev/null
end
complete -c timeline -f -a '(__timeline_complete)'
""",
}


def _escape_bash(word: str) -> str:
    # bash inserts a completion as typed: what would split or expand it is escaped.
    return "".join("\\" + c if c in " \t'\"\\$`!&;|<>()*?[]{}#~" else c for c in word)


def _unescape_bash(word: str) -> str:
    out, escaped = [], False
    for c in word:
        if escaped or c != "\\":
            out.append(c)
            escaped = False
        else:
            escaped = True
    return "".join(out).strip("'\"")


def answer(args: list[str]) -> int:
    """Write the completions of ``args`` (shell, then the words typed, the last one
    being completed), one a line; return 0. Nothing is written for what cannot be read."""
    if not args or args[0] not in SHELLS:
        return 0
    shell, words = args[0], args[1:] or [""]
    typed, incomplete = words[:-1], words[-1]
    if shell == "bash":
        typed = [_unescape_bash(w) for w in typed]
        incomplete = _unescape_bash(incomplete)
    try:
        found = _completions(typed, incomplete)
    except Exception:  # a completion never prints a traceback into the command line
        return 0
    for value in found:
        sys.stdout.write((_escape_bash(value) if shell == "bash" else value) + "\n")
    return 0


def _completions(typed: list[str], incomplete: str) -> list[str]:
    import typer
    from typer._click.shell_completion import CompletionItem, ShellComplete

    from .app import _app_for

    class Collect(ShellComplete):
        name = "collect"
        source_template = ""

        def source_vars(self) -> dict[str, Any]:
            return {}

        def get_completion_args(self) -> tuple[list[str], str]:
            return typed, incomplete

        def format_completion(self, item: CompletionItem) -> str:
            return str(item.value)

    # The app of the command named, or of all of them while its name is being typed.
    command = typer.main.get_command(_app_for(typed or ["--"]))
    # Typer keeps only the values that start with the word as typed, case and all; a
    # value is asked for with nothing typed and matched here, case ignored (kh finds
    # Khürelsükh). An option's name is matched by click, which needs its dash.
    asked = incomplete if incomplete.startswith("-") else ""
    items = Collect(command, {}, "timeline", "").get_completions(typed, asked)
    values = [str(item.value) for item in items if item.type not in ("dir", "file")]
    return matching(values, incomplete)


def matching(values: Iterable[str], incomplete: str) -> list[str]:
    """Return the distinct ``values`` that start with ``incomplete`` (case ignored), in
    their order."""
    prefix = incomplete.casefold()
    seen: dict[str, None] = {}
    for value in values:
        if value.casefold().startswith(prefix):
            seen.setdefault(value)
    return list(seen)
