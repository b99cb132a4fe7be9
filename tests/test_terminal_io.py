"""The installed CLI on a pseudo-terminal of 60, 80 and 200 columns, and in pipes: the
pager, the colour precedence, and JSON indented on a terminal and compact in a pipe."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from mnktimeline.store import bundled_store, load

from .conftest import SAMPLE, Run, read_until_closed, timeline_exe

WIDTHS = [60, 80, 200]
SGR = re.compile(r"\x1b\[[0-9;]*m")
# Variables of the machine running the tests that would change what is measured.
CLEARED = (
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "MNKTIMELINE_DATA",
    "MNKTIMELINE_PAGER",
    "PAGER",
    "LESS",
    "COLUMNS",
    "LINES",
)


def on_pty(
    *args: str, env: dict[str, str] | None = None, cols: int = 80, rows: int = 24
) -> tuple[int, str]:
    """Run the installed timeline on a pseudo-terminal of ``cols`` x ``rows``; return
    its exit code and all it wrote to the terminal (stdout and stderr), newlines as \\n."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    full = {k: v for k, v in os.environ.items() if k not in CLEARED}
    full.update(TERM="xterm-256color")
    full.update(env or {})
    proc = subprocess.Popen(
        [timeline_exe(), *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=full,
        start_new_session=True,
    )
    os.close(slave)
    chunks = read_until_closed(master)
    code = proc.wait(timeout=30)
    return code, chunks.decode("utf-8").replace("\r\n", "\n")


def piped(timeline: Run, *args: str, env: dict[str, str] | None = None) -> Run:
    """Run the installed timeline in a pipe; an empty variable counts as unset."""
    unset = dict.fromkeys(("FORCE_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "LINES"), "")
    return timeline(*args, env={**unset, **(env or {})})  # type: ignore[return-value]


MARK = "sed s/^/PAGED:/"  # a pager that shows it was used, line by line


# --- the pager -------------------------------------------------------------------------------


@pytest.mark.parametrize("cols", WIDTHS)
def test_output_longer_than_the_screen_goes_through_the_pager(cols: int) -> None:
    code, out = on_pty("list", env={"MNKTIMELINE_PAGER": MARK}, cols=cols)
    assert code == 0
    lines = out.rstrip("\n").split("\n")
    assert len(lines) > 24
    assert all(line.startswith("PAGED:") for line in lines), lines[:3]
    assert f"{len(load(bundled_store()).events)} events" in out


@pytest.mark.parametrize("cols", WIDTHS)
def test_output_that_fits_the_screen_is_written_directly(cols: int) -> None:
    code, out = on_pty(
        "stats", "--by", "decade", "--data", str(SAMPLE), env={"PAGER": MARK}, cols=cols
    )
    assert code == 0
    assert "PAGED:" not in out
    assert "2010s" in out


def test_the_pager_counts_a_wide_character_as_two_columns() -> None:
    # Hangul, kana and Hanja take two columns each, a combining mark none: a line of
    # fifty Hangul syllables wraps at 80 columns, as fifty Latin letters do not.
    from mnktimeline.cli.pager import _rows

    assert _rows("한" * 50 + "\n", 80) == 2
    assert _rows("a" * 50 + "\n", 80) == 1
    assert _rows("e\u0301" * 80 + "\n", 80) == 1


def test_pager_comes_from_mnktimeline_pager_then_pager() -> None:
    code, out = on_pty("list", env={"MNKTIMELINE_PAGER": MARK, "PAGER": "sed s/^/OTHER:/"})
    assert code == 0 and out.startswith("PAGED:")
    code, out = on_pty("list", env={"PAGER": "sed s/^/OTHER:/"})
    assert code == 0 and out.startswith("OTHER:")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--no-pager", "list"], {"PAGER": MARK}),
        (["list", "--no-pager"], {"PAGER": MARK}),
        (["list"], {"MNKTIMELINE_PAGER": "", "PAGER": MARK}),
        (["list"], {"PAGER": ""}),
        (["list"], {"PAGER": "cat"}),
    ],
    ids=["--no-pager first", "--no-pager after", "empty MNKTIMELINE_PAGER", "empty PAGER", "cat"],
)
def test_paging_turned_off(args: list[str], env: dict[str, str]) -> None:
    code, out = on_pty(*args, env=env)
    assert code == 0
    assert "PAGED:" not in out
    assert len(out.split("\n")) > 24


def test_the_default_pager_is_less_frx(tmp_path: Path) -> None:
    # A "less" first on PATH that records its arguments and the LESS it was given.
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "less").write_text(
        f'#!/bin/sh\necho "$@ LESS=$LESS" > {tmp_path}/called\ncat > /dev/null\n'
    )
    (fake / "less").chmod(0o755)
    code, _ = on_pty("list", env={"PATH": f"{fake}:{os.environ['PATH']}"})
    assert code == 0
    assert (tmp_path / "called").read_text().strip() == "-FRX LESS=FRX"


def test_a_pager_quitting_early_is_a_clean_exit() -> None:
    code, out = on_pty("list", env={"MNKTIMELINE_PAGER": "head -n 2"})
    assert code == 0, out
    assert len(out.strip().split("\n")) == 2
    assert "error" not in out


def test_no_pager_in_a_pipe(timeline: Run, tmp_path: Path) -> None:
    marker = tmp_path / "paged"
    proc = piped(timeline, "list", env={"MNKTIMELINE_PAGER": f"touch {marker}; cat"})
    assert proc.returncode == 0
    assert len(proc.stdout.splitlines()) > 100
    assert not marker.exists()


def test_a_pager_that_cannot_run_leaves_one_sentence() -> None:
    code, out = on_pty("list", env={"MNKTIMELINE_PAGER": "no-such-pager-anywhere"})
    # The shell says it cannot find the command; timeline does not crash.
    assert "Traceback" not in out and "internal error" not in out
    assert code == 0


def test_the_pager_is_imported_only_when_used() -> None:
    script = (
        "import sys\nfrom mnktimeline.cli.app import run\n"
        f"code = run(['list', '--json', '--data', {str(SAMPLE)!r}])\n"
        "sys.stderr.write(repr('mnktimeline.cli.pager' in sys.modules))\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert proc.stderr.endswith("False")


# --- colour ----------------------------------------------------------------------------------

COLOUR_IN_A_PIPE = [
    ([], {}, False),
    (["--color", "always"], {}, True),
    (["--color=always"], {"NO_COLOR": "1"}, True),
    ([], {"FORCE_COLOR": "1"}, True),
    ([], {"CLICOLOR_FORCE": "1"}, True),
    ([], {"CLICOLOR_FORCE": "0"}, False),
    ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    (["--color", "never"], {"FORCE_COLOR": "1"}, False),
    (["--color", "auto"], {"FORCE_COLOR": "1"}, True),
]


@pytest.mark.parametrize(("args", "env", "colour"), COLOUR_IN_A_PIPE)
def test_colour_in_a_pipe_follows_the_precedence(
    timeline: Run, args: list[str], env: dict[str, str], colour: bool
) -> None:
    proc = piped(timeline, "list", "-f", "table", "--data", str(SAMPLE), *args, env=env)
    assert proc.returncode == 0, proc.stderr
    assert bool(SGR.search(proc.stdout)) is colour


COLOUR_ON_A_TERMINAL = [
    ([], {}, True),
    ([], {"NO_COLOR": "1"}, False),
    ([], {"NO_COLOR": ""}, True),  # set but empty: no-color.org says it does nothing
    ([], {"TERM": "dumb"}, False),
    ([], {"CLICOLOR": "0"}, False),
    (["--color", "never"], {}, False),
    (["--color", "always"], {"NO_COLOR": "1", "TERM": "dumb"}, True),
]


@pytest.mark.parametrize("cols", WIDTHS)
@pytest.mark.parametrize(("args", "env", "colour"), COLOUR_ON_A_TERMINAL)
def test_colour_on_a_terminal_follows_the_precedence(
    args: list[str], env: dict[str, str], colour: bool, cols: int
) -> None:
    code, out = on_pty("list", "--data", str(SAMPLE), "--no-pager", *args, env=env, cols=cols)
    assert code == 0, out
    assert bool(SGR.search(out)) is colour


def test_a_colour_that_is_not_one_of_three_is_a_usage_error(timeline: Run) -> None:
    proc = timeline("list", "--color", "sometimes")
    assert proc.returncode == 2
    assert proc.stderr == (
        "timeline: error: --color takes auto, always or never, not 'sometimes' "
        "(see 'timeline --help')\n"
    )


# --- JSON: indented for a person, compact for a program ------------------------------------


@pytest.mark.parametrize("cols", WIDTHS)
def test_json_is_indented_on_a_terminal(cols: int) -> None:
    code, out = on_pty("list", "--json", "--data", str(SAMPLE), "--no-pager", cols=cols)
    assert code == 0
    assert '\n    "id": "1948-recognition",\n' in out
    assert json.loads(out)[0]["id"] == "1948-recognition"
    code, out = on_pty(
        "show", "2014-talks", "--json", "--data", str(SAMPLE), "--no-pager", cols=cols
    )
    assert code == 0
    assert '\n  "id": "2014-talks",\n' in out
    assert json.loads(out)["id"] == "2014-talks"


def test_json_is_compact_in_a_pipe(timeline: Run) -> None:
    proc = piped(timeline, "list", "--json", "--data", str(SAMPLE))
    lines = proc.stdout.splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert all(line.startswith('{"id":') for line in lines[1:-1])
    assert len(lines) == 2 + len(json.loads(proc.stdout))
    proc = piped(timeline, "show", "2014-talks", "--json", "--data", str(SAMPLE))
    assert proc.stdout.count("\n") == 1
    assert json.loads(proc.stdout)["id"] == "2014-talks"


# --- links and ids, whole at every width ----------------------------------------------------

OSC8 = re.compile(r"\x1b\]8;[^;\x1b]*;([^\x1b]*)\x1b\\")


def _text(out: str) -> str:
    return OSC8.sub("", SGR.sub("", out))


def _bundled() -> dict[str, list[dict[str, str]]]:
    """The bundled store the installed CLI reads, as JSON."""
    from mnktimeline.store.locate import bundled_store

    data: dict[str, list[dict[str, str]]] = json.loads(bundled_store().read_text("utf-8"))
    return data


@pytest.mark.parametrize("cols", WIDTHS)
def test_event_and_actor_ids_are_never_cut_or_broken(cols: int) -> None:
    store = _bundled()
    code, out = on_pty("list", "--no-pager", cols=cols)
    assert code == 0
    lines = set(_text(out).split("\n"))
    words = {word for line in lines for word in line.split()}
    missing = [e["id"] for e in store["events"] if e["id"] not in words]
    assert not missing, missing[:5]
    code, out = on_pty("actors", "--no-pager", cols=cols)
    assert code == 0
    words = {word for line in _text(out).split("\n") for word in line.split()}
    missing = [a["id"] for a in store["actors"] if a["id"] not in words]
    assert not missing, missing[:5]
    assert "…" not in out


@pytest.mark.parametrize("cols", WIDTHS)
def test_urls_are_whole_on_one_line_and_hyperlinks(cols: int) -> None:
    store = _bundled()
    urls = {s["id"]: s["url"] for s in store["sources"] if s.get("url")}
    code, out = on_pty("sources", "--no-pager", cols=cols)
    assert code == 0
    lines = {line.strip() for line in _text(out).split("\n")}
    assert set(urls.values()) <= lines
    assert set(urls.values()) <= set(OSC8.findall(out)) | {""}
    event = next(e for e in store["events"] if len(e["sources"]) > 2)
    code, out = on_pty("show", event["id"], "--no-pager", cols=cols)
    assert code == 0
    lines = {line.strip() for line in _text(out).split("\n")}
    for ref in event["sources"]:
        if ref["source"] in urls:
            assert urls[ref["source"]] in lines
            assert urls[ref["source"]] in OSC8.findall(out)


def test_no_hyperlinks_without_colour(timeline: Run) -> None:
    proc = piped(timeline, "sources", "-f", "table")
    assert proc.returncode == 0
    assert "\x1b" not in proc.stdout
    assert "https://" in proc.stdout
