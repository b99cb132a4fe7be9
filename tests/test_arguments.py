"""Arbitrary text in every option of every command: exit 0, 1 or 2, never a traceback.

Commands and options are read from the Typer app, so a command added later is covered
without a change here. Each example runs ``cli.run`` in-process (a subprocess per example
would take minutes) with stdout and stderr captured; a handful of subprocess runs check
that the installed command behaves the same with arguments that are not UTF-8.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mnktimeline.cli import app as cli
from mnktimeline.counts import COUNT_KEYS
from mnktimeline.model import CATEGORIES
from mnktimeline.render import REGISTRY, formats

from .conftest import SAMPLE, examples, run_in_process, timeline_exe

COMMANDS: dict[str, Any] = dict(typer.main.get_command(cli.full_app()).commands)  # type: ignore[attr-defined]

# Text the OS can pass as an argument: no NUL; no surrogates, except the ones that
# Python makes of bytes that are not UTF-8 (PEP 383), which an argument may well hold.
ARG_CHARS = st.characters(exclude_characters="\x00", exclude_categories=("Cs",)) | st.sampled_from(
    [chr(c) for c in range(0xDC80, 0xDD00)]
)
INTERESTING = st.sampled_from(
    [
        "",
        " ",
        "-",
        "--",
        "-1",
        "0",
        "99999999999999999999999",
        "2014",
        "2014-02-30",
        "0000",
        "May 2014",
        "05/06/2014",
        "9999-12-31",
        "Kim",
        "json",
        "table",
        "csv",
        "html",
        "year",
        "actor",
        "diplomacy",
        "2014-talks",
        "\x1b]0;pwned\x07",
        "[bold]x[/bold]",
        "a\nb",
        "\u202e",
        "x" * 5000,
        ".",
        "/",
        "/dev/null",
    ]
)
TEXT = INTERESTING | st.text(ARG_CHARS, max_size=40)
EXAMPLES = 50  # per command; tests/README.md counts them


def formats_of_all() -> list[str]:
    return sorted({str(f) for table in REGISTRY.values() for f in table})


def check_outcome(argv: list[str], code: int, err: str) -> None:
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err, (argv, err)
    assert "internal error" not in err, (argv, err)
    if code != 0:
        assert err.startswith("timeline"), (argv, err)
        assert err.endswith("\n") and err.count("\n") == 1, (argv, err)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """An empty folder to run in, so that arbitrary paths name nothing of ours; and an
    editor for ``timeline edit`` that saves nothing (``true``), as a user's would when
    they quit."""
    folder = tmp_path_factory.mktemp("args")
    before = os.getcwd()
    saved = {k: os.environ.pop(k, None) for k in ("VISUAL", "EDITOR")}
    os.environ["EDITOR"] = "true"
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)
        del os.environ["EDITOR"]
        os.environ.update({k: v for k, v in saved.items() if v is not None})


# Values a command accepts, mixed with the arbitrary ones so that examples also get past
# the first check and into the query, the store and the renderers.
VALID = st.sampled_from(
    [*formats_of_all(), *COUNT_KEYS, *CATEGORIES, "Kim", "Elbegdorj", "JPN", "2013", "coal"]
)


# Good values of the positional arguments, by name; any other argument draws from VALID.
ARGUMENTS = {
    "fmt": formats("export"),
    "event_ids": ["2014-talks", "2015-coal"],
    "name": ["Kim", "elbegdorj", "North Korea"],
    "event_id": ["2014-talks", "2015-coal"],
    "path": ["store.json"],  # the copy in the working folder (see the test)
}


def argv_for(name: str, data: st.DataObject, outdir: Path) -> list[str]:
    """Return ``name`` with its arguments and up to three of its options, drawn."""
    command = COMMANDS[name]
    argv = [name]
    for param in command.params:
        if param.param_type_name == "argument" and param.name == "folder":
            if data.draw(st.booleans()):  # the folder of export datapackage: in our folder
                argv.append(str(outdir / (data.draw(TEXT).replace("/", "_") or "_")))
            continue
        if param.param_type_name == "argument" and (param.required or data.draw(st.booleans())):
            good = ARGUMENTS.get(param.name, [])
            # Mostly good (three times in four), so that the options after it are reached.
            if good and data.draw(st.integers(0, 3)) < 3:
                argv.append(data.draw(st.sampled_from(good)))
            else:
                argv.append(data.draw(TEXT | VALID))
    options = [p for p in command.params if p.param_type_name == "option"]
    chosen = (
        data.draw(st.lists(st.sampled_from(options), max_size=3, unique_by=id)) if options else []
    )
    for param in chosen:
        flag = data.draw(st.sampled_from(param.opts))
        if getattr(param, "is_flag", False):
            argv.append(flag)
        elif "--output" in param.opts:
            # Into our own folder, whatever the name: no "/" to climb out of it.
            file_name = data.draw(TEXT).replace("/", "_") or "_"
            argv += [flag, data.draw(st.just("-") | st.just(str(outdir / file_name)))]
        elif param.type.name == "int range":
            argv += [flag, data.draw(st.integers(-5, 20).map(str) | TEXT)]
        else:
            argv += [flag, data.draw(TEXT | VALID)]
    if "--data" not in argv:
        argv += ["--data", "store.json"]
    if data.draw(st.integers(0, 19)) == 19:  # hypothesis favours 0
        argv.append(data.draw(TEXT))  # a stray argument
    return argv


@pytest.mark.parametrize("name", sorted(COMMANDS))
@settings(
    max_examples=examples(EXAMPLES),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_any_text_in_any_option_is_exit_0_1_or_2_with_a_message(
    workdir: Path, name: str, data: st.DataObject
) -> None:
    # A fresh copy for every example: the commands that write (add, import, fmt, init)
    # must never touch the sample itself, and each example starts from the same store.
    shutil.copyfile(SAMPLE, workdir / "store.json")
    argv = argv_for(name, data, workdir)
    code, _out, err = run_in_process(argv)
    check_outcome(argv, code, err)


def test_every_command_is_covered() -> None:
    # New commands are picked up from the app; this only notices if none are.
    assert {"list", "actor", "actors", "show", "validate", "sources", "stats", "export"} <= set(
        COMMANDS
    )


# Failures the property tests found, kept as examples.
FOUND = [
    ["validate", "--texts", "x" * 5000, str(SAMPLE)],  # OSError from Path.is_dir
    ["validate", "\udcff.json", "--json"],  # a path that is not UTF-8, in JSON
    ["validate", "\udcff.json"],
    ["show", "\x1b]0;pwned\x07\n", "--data", str(SAMPLE)],  # an escape and a newline
    ["actor", "Kim", "--since", "", "--data", str(SAMPLE)],  # a note, then the error
    # File names over 255 bytes: OSError (ENAMETOOLONG) from Path.exists and is_dir.
    ["init", "a" * 300],
    ["init", "a" * 300 + "/events.json"],
    ["add", "--data", "a" * 300, "--date", "2014", "--title", "t", "--summary", "s"],
    [
        "add",
        "--data",
        "a" * 300 + ".json",
        "--date",
        "2014",
        "--title",
        "t",
        "--summary",
        "s",
        "--actor",
        "Mongolia",
        "--category",
        "diplomacy",
        "--source",
        "campi-2019-apb457",
    ],
    ["import", "a" * 300 + ".csv", "--data", "store.json"],
    ["import", str(SAMPLE), "--data", "a" * 300],
    ["fmt", "--data", "a" * 300],
    ["fmt", "a" * 300],
]


@pytest.mark.parametrize("argv", FOUND)
def test_found_by_the_property_tests(workdir: Path, argv: list[str]) -> None:
    code, _out, err = run_in_process(argv)
    check_outcome(argv, code, err)


NOT_UTF8 = [
    [b"show", b"\xff\xfe", b"--data", str(SAMPLE).encode()],
    [b"validate", b"\xff.json", b"--json"],
    [b"list", b"--search", b"\xc3", b"--data", str(SAMPLE).encode()],
    [b"actor", b"Kim\x1b[2J", b"--data", str(SAMPLE).encode()],
]


@pytest.mark.parametrize("argv", NOT_UTF8)
def test_the_installed_command_with_bytes_that_are_not_utf8(
    tmp_path: Path, argv: list[bytes]
) -> None:
    proc = subprocess.run(
        [timeline_exe().encode(), *argv], capture_output=True, cwd=tmp_path, timeout=60
    )
    err = proc.stderr.decode("utf-8")  # what we write is UTF-8, whatever we were given
    check_outcome([a.decode("utf-8", "surrogateescape") for a in argv], proc.returncode, err)
    assert "\x1b" not in err
    proc.stdout.decode("utf-8")
