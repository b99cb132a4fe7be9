"""Pipes and signals, through the installed CLI: a reader that stops after one byte, a
closed stdout, a full disk, and Ctrl-C while a large store loads or while it prints.

tests/test_cli.py covers `| head -c 1` for the formats of `list`; here every other
command and format gets it too, on a store made wide enough that each output is larger
than a pipe's buffer, so that the writer really meets a closed pipe.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.render import formats

from .conftest import REPO, SAMPLE, run_in_process, timeline_exe

sys.path.insert(0, str(REPO / "benchmarks"))
from generate import build

PIPE_BUFFER = 1 << 16


@pytest.fixture(scope="module")
def wide_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """600 sources, actors, places, events and tags with long names, one event with a 70 KB summary.

    Each actor name and source title holds a BEL, so that `validate` has 1,200 warnings
    to list; actor a-0 takes part in every event.
    """
    n = 600
    word = "Ulaanbaatar Pyongyang delegation railway "
    doc: dict[str, Any] = {
        "format": 2,
        "sources": [
            {"id": f"src-{i}", "title": f"Source {i} {word * 4}\x07", "publisher": f"Pub {i}"}
            for i in range(n)
        ],
        "actors": [
            {
                "id": f"a-{i}",
                "name": f"Actor {i} {word * 4}\x07",
                "kind": "person",
                "country": "MNG",
            }
            for i in range(n)
        ],
        "places": [  # with coordinates, so that the GeoJSON export is as long
            {
                "id": f"place-{i}",
                "name": f"Place {i}",
                "coordinates": {"lat": i % 90, "lon": i % 180, "source": f"src-{i}"},
            }
            for i in range(n)
        ],
        "events": [
            {
                "id": f"ev-{i}",
                "date": f"{1948 + i % 77}",
                "title": f"Event {i} {word}",
                "summary": f"Summary {i} {word * 3}",
                "category": "diplomacy",
                "actors": [f"a-{i}", "a-0"] if i else ["a-0"],
                "places": [f"place-{i}"],
                "tags": [f"tag-{i}-{word.strip().replace(' ', '-') * 3}"],
                "sources": [{"source": f"src-{i}"}],
            }
            for i in range(n)
        ],
    }
    doc["events"][0]["summary"] = word * 1800
    path = tmp_path_factory.mktemp("wide") / "wide.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def command_formats() -> list[tuple[str, ...]]:
    runs: list[tuple[str, ...]] = []
    for fmt in formats("actors"):
        runs.append(("actors", "-f", fmt))
    for fmt in formats("sources"):
        runs.append(("sources", "-f", fmt))
    for fmt in formats("tags"):
        runs.append(("tags", "-f", fmt))
    for fmt in formats("stats"):
        runs.append(("stats", "--by", "actor", "-f", fmt))
    for fmt in formats("event"):
        runs.append(("show", "ev-0", "-f", fmt))
    for fmt in formats("problems"):
        runs.append(("validate", "-f", fmt))
    for fmt in formats("export"):
        if fmt != "datapackage":  # a folder of files, never stdout
            runs.append(("export", fmt))
    for fmt in formats("citations"):
        runs.append(("cite", "-f", fmt))
    runs.append(("actor", "a-0", "-f", "table"))
    return runs


@pytest.mark.parametrize("args", command_formats(), ids=" ".join)
def test_every_command_and_format_is_quiet_when_the_reader_stops(
    wide_store: Path, args: tuple[str, ...]
) -> None:
    exe = timeline_exe()
    if "table" not in args:  # (a table is longer than the plain text of the same rows)
        code, out, err = run_in_process([*args, "--data", str(wide_store)])
        assert code == 0, err
        assert len(out) > PIPE_BUFFER  # so the writer does meet the closed pipe
    command = " ".join(f"'{a}'" for a in (exe, *args, "--data", str(wide_store)))
    proc = subprocess.run(
        f"{command} | head -c 1 >/dev/null; echo ${{PIPESTATUS[0]}} >&2",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.stderr.strip() in {"0", "141"}, proc.stderr


ONE_PER_COMMAND = [
    ("list",),
    ("actor", "Kim"),
    ("actors",),
    ("show", "2014-talks"),
    ("sources",),
    ("tags",),
    ("stats",),
    ("validate",),
    ("export", "csv"),
    ("cite",),
]


@pytest.mark.parametrize("args", ONE_PER_COMMAND, ids=" ".join)
def test_a_full_disk_is_one_short_message(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [timeline_exe(), *args, "--data", str(SAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[-1] == "timeline: error: cannot write the output (No space left on device)"
    assert len(lines) == (2 if args[0] == "actor" else 1), proc.stderr  # + "'Kim' fits 2"


@pytest.mark.parametrize("args", ONE_PER_COMMAND, ids=" ".join)
def test_a_closed_stdout_is_one_short_message(args: tuple[str, ...]) -> None:
    command = " ".join(f"'{a}'" for a in (timeline_exe(), *args, "--data", str(SAMPLE)))
    proc = subprocess.run(
        f"{command} >&-",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    lines = proc.stderr.splitlines()
    assert lines[-1] == "timeline: error: cannot write the output: standard output is closed"
    assert len(lines) == (2 if args[0] == "actor" else 1), proc.stderr


# --- Ctrl-C ------------------------------------------------------------------------------------

EVENTS = 100_000


@pytest.fixture(scope="module")
def big_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 100,000 events: benchmarks/generate.py's 2,000, repeated with new ids.

    Building all 100,000 with build() takes seconds; tiling its JSON takes a fraction.
    """
    doc = build(2_000, seed=5)
    events = [json.dumps(e) for e in doc["events"]]
    parts = []
    for i in range(EVENTS):
        k = i % len(events)
        parts.append(events[k].replace(f'"id": "ev-{k:07d}"', f'"id": "ev-{i:07d}"', 1))
    head = json.dumps({k: doc[k] for k in ("format", "sources", "actors", "places")})[:-1]
    path = tmp_path_factory.mktemp("big") / "big.json"
    path.write_text(head + ', "events": [' + ", ".join(parts) + "]}\n", encoding="utf-8")
    return path


def wait_until_open(pid: int, path: Path, timeout: float = 30) -> None:
    """Wait until process ``pid`` has ``path`` open: it has started to load the store."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            for fd in os.listdir(f"/proc/{pid}/fd"):
                if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
                    return
        except OSError:
            pass
        time.sleep(0.01)
    pytest.fail("the store was never opened")


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc to see the load start")
def test_ctrl_c_while_a_large_store_loads(big_store: Path) -> None:
    proc = subprocess.Popen(
        [timeline_exe(), "list", "--data", str(big_store), "--format", "plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    wait_until_open(proc.pid, big_store)
    time.sleep(0.2)  # inside msgspec's decoding, which takes most of a second
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err == b"timeline: interrupted\n"
    assert out == b""  # it was still loading: a 100,000-event store takes about a second


def test_ctrl_c_while_the_listing_prints(big_store: Path) -> None:
    proc = subprocess.Popen(
        [timeline_exe(), "list", "--data", str(big_store), "--format", "plain"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(1)  # the listing has begun
    assert first
    time.sleep(0.3)  # the pipe fills and the writer blocks
    proc.send_signal(signal.SIGINT)
    rest = proc.stdout.read()
    err = proc.stderr.read()
    assert proc.wait(timeout=60) == 130, err
    assert err == b"timeline: interrupted\n"
    lines = (first + rest).decode("utf-8").split("\n")
    assert 1 < len(lines) < EVENTS  # stopped part way
