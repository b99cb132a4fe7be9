"""The shared options: the filter group given to a command as one value, formats in any
case, and options checked before any store is read."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
import typer

from mnktimeline.cli.app import app_with
from mnktimeline.cli.options import Filters, with_filters

from .conftest import SAMPLE, run_in_process, timeline_exe


@pytest.mark.parametrize("command", ["list", "actor", "stats", "export"])
def test_typer_reads_every_filter_option_from_the_signature(command: str) -> None:
    click_command = typer.main.get_command(app_with([command])).commands[command]  # type: ignore[attr-defined]
    names = {p.name for p in click_command.params}
    assert set(Filters._fields) <= names
    assert "filters" not in names


def test_typer_finds_no_annotation_text_to_evaluate() -> None:
    """Typer evaluates text annotations of each command, callback and completer every time
    it builds the app (at every start): they are written as objects."""
    import inspect

    from mnktimeline.cli import app, completers

    functions = [app._root, app._version, completers.actors, completers.categories]
    for command in app.full_app().registered_commands:
        functions.append(inspect.unwrap(command.callback))  # type: ignore[arg-type]
    for func in functions:
        text = {k: v for k, v in inspect.get_annotations(func).items() if isinstance(v, str)}
        assert not text, (func.__qualname__, text)


def test_a_command_receives_the_filters_as_one_value() -> None:
    seen: dict[str, Filters] = {}

    @with_filters
    def probe(filters: Filters, fmt: str | None = None) -> None:
        seen["filters"] = filters

    app = typer.Typer()
    app.command()(probe)
    app.callback()(lambda: None)
    args = ["probe", "--since", "2014", "--actor", "a", "--actor", "b", "--reverse"]
    typer.main.get_command(app).main(args, standalone_mode=False)
    assert seen["filters"] == Filters(since="2014", actor=["a", "b"], reverse=True)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--since", "20014-13"],
        ["list", "--category", "diplomcy"],
        ["stats", "--by", "yeer"],
        ["export", "htm"],
        ["actor", "Kim", "--until", "May 20x4"],
        ["list", "--format", "tabel"],
    ],
)
def test_options_that_need_no_store_are_checked_before_it_is_read(
    tmp_path: Path, args: list[str]
) -> None:
    # A FIFO with no writer: reading it would block, so a prompt answer shows the store
    # was never opened.
    fifo = tmp_path / "store.fifo"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [timeline_exe(), *args, "--data", str(fifo)], capture_output=True, text=True, timeout=20
    )
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "JSON"],
        ["list", "-f", "Plain"],
        ["actors", "--format", "CSV"],
        ["export", "HTML"],
        ["stats", "--by", "Decade"],
        ["list", "--category", "Diplomacy"],
    ],
)
def test_closed_choices_accept_any_case(args: list[str]) -> None:
    code, out, err = run_in_process([*args, "--data", str(SAMPLE)])
    assert code == 0, err
    assert out
