"""The README's claims, checked: its quick start is what CI runs."""

from __future__ import annotations

import re

from .conftest import REPO


def quick_start() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\n+```sh\n(.*?)```", text, re.S)
    assert block, "README.md has no '## Quick start' sh block"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_the_quick_start_is_exactly_two_commands() -> None:
    first, second = quick_start()
    assert "pip install ." in first and first.endswith("timeline list --since 2013")
    assert "'.[test]'" in second and second.endswith("pytest")


def test_ci_runs_the_readme_test_command_verbatim() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert quick_start()[1] in ci


def test_every_example_shows_its_real_output() -> None:
    import shutil
    import sys

    import pytest

    sys.path.insert(0, str(REPO / "docs"))
    import readme_examples

    found = readme_examples.examples((REPO / "README.md").read_text(encoding="utf-8"))
    assert len(found) >= 4
    for command, shown in found:
        if "jq" in command and shutil.which("jq") is None:
            pytest.skip("jq is not installed")
        assert readme_examples.run(command) == shown, command


WRITE_CASES = (
    "test_a_read_only_store",
    "test_a_store_replaced_by_a_folder",
    "test_a_store_that_does_not_validate_is_not_written",
    "test_a_write_cut_short_leaves_the_store_as_it_was",
    "test_a_store_on_a_full_disk_is_an_error_and_stays_as_it_was",
)


def test_the_hostile_input_table_counts_what_the_tests_hold() -> None:
    from collections import Counter

    from . import test_arguments as arguments
    from . import test_cli_write as writes
    from . import test_hostile_stores as stores
    from . import test_pipes_and_signals as pipes
    from . import test_terminal_safety as terminal

    n_commands = len(arguments.COMMANDS)
    expected = {
        f"Store: {cls}": n for cls, n in Counter(c["class"] for c in stores.CASES.values()).items()
    }
    expected.update(
        {
            "Terminal: every renderer of the registry, on a hostile store": len(terminal.CASES),
            "Terminal: the installed CLI in a pipe": len(terminal.PIPE_RUNS),
            "Terminal: the installed CLI on a pseudo-terminal": len(terminal.PTY_RUNS),
            "Terminal: JSON and CSV through the installed CLI": 1 + len(terminal.CSV_COMMANDS),
            "Terminal: JSON, CSV and other formats on a pseudo-terminal": 1
            + len(terminal.MACHINE_ON_PTY),
            f"Arguments: hypothesis examples ({n_commands} commands, {arguments.EXAMPLES} each)": (
                n_commands * arguments.EXAMPLES
            ),
            "Arguments: kept examples of failures found": len(arguments.FOUND),
            "Arguments: bytes that are not UTF-8, installed CLI": len(arguments.NOT_UTF8),
            "Pipes: `head -c 1` on every command and format but `list`'s": len(
                pipes.command_formats()
            ),
            "Pipes: `/dev/full`, one per command": len(pipes.ONE_PER_COMMAND),
            "Pipes: closed stdout, one per command": len(pipes.ONE_PER_COMMAND),
            "Signals: Ctrl-C on 100,000 events, while loading and while printing": len(
                [name for name in dir(pipes) if name.startswith("test_ctrl_c")]
            ),
            "Writes: a read-only store, a folder, an invalid store, a write cut short, a full disk": len(
                [name for name in WRITE_CASES if hasattr(writes, name)]
            ),
        }
    )
    text = (REPO / "tests" / "README.md").read_text(encoding="utf-8")
    table = text.split("| Class of input | Cases |")[1].split("\n\n")[0]
    rows = re.findall(r"^\| (.+?) \| (\d+) \|$", table, re.M)
    assert {label: int(n) for label, n in rows} == expected
