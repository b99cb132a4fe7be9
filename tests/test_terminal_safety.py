"""Hostile text in the store: markup, escape sequences, C0/C1 controls, bidi overrides.

Such a store loads (a page copied from the web may hold any of it) and `timeline
validate` warns about it. Table, plain and Markdown output show it inert, in a pipe and on
a real pseudo-terminal; JSON and JSON Lines keep it exactly; CSV keeps it too, except that
a cell a spreadsheet would run as a formula gets a leading apostrophe.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import os
import pty
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.citing import cite_events
from mnktimeline.counts import bibliography, count_by, event_counts, place_rows, tag_rows
from mnktimeline.csvformat import guard as cell
from mnktimeline.query import Query, select
from mnktimeline.render import FOLDER_FORMATS, REGISTRY, Format, Options, renderer
from mnktimeline.store import check, load

from .conftest import Run, read_until_closed, timeline_exe

MARKUP = "[bold]B[/bold] [link=https://evil.example/]L[/link] :smile:"
ESCAPES = (
    "\x1b[31mSGR\x1b[0m"  # colour
    "\x1b]8;;https://evil.example/\x1b\\OSC8\x1b]8;;\x1b\\"  # hyperlink
    "\x1b]0;pwned\x07"  # window title
    "\x9b2J\x9d0;c1\x9c"  # the same as C1 controls: clear screen, OSC
    "\u202eRLO\u202c\u2066LRI\u2069"  # bidi override and isolate
    "line\u2028sep\x08\r\x00\x07\x7f"  # line separator, backspace, CR, NUL, BEL, DEL
)


def hostile(label: str) -> str:
    return f"{label} {MARKUP} {ESCAPES}"


# What no table, plain or Markdown output may hold: C0 controls but newline and tab,
# DEL and C1, bidi controls, line and paragraph separators.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
# rich's own colours on a terminal: Select Graphic Rendition only.
SGR = re.compile(r"\x1b\[[0-9;]*m")

FORMULAS = {
    # field -> text a spreadsheet would run as a formula
    "title": '=HYPERLINK("https://evil.example/","x")',
    "summary": "+1+cmd|' /C calc'!A0",
    "tags": ["-2+3", "@SUM(A1:A9)"],
    "places": ["\tTAB=1"],
    "notes": "\r=1+1",
    "name": "@Abe",
    "aliases": ["=1+1"],
    "office": "-President",
    "source title": "-10",
    "author": "=AUTHOR()",
    "publisher": "+PUB",
}


def hostile_doc(sample_doc: dict[str, Any]) -> dict[str, Any]:
    """The sample store with hostile text in every kind of text field of every record."""
    doc = copy.deepcopy(sample_doc)
    ev = next(e for e in doc["events"] if e["id"] == "2014-talks")
    ev.update(
        title=hostile("title"),
        summary=hostile("summary"),
        tags=[hostile("tag")],
        places=["hostile-place"],
        actors=["north-korea", "mongolia", "kim-jong-un"],
        notes=[{"kind": "uncertainty", "text": hostile("note"), "sources": ["src-a"]}],
        series=hostile("series"),
    )
    doc["places"] += [
        {
            "id": "hostile-place",
            "name": hostile("place"),
            "aliases": [hostile("place alias")],
            "coordinates": {"lat": 47.9, "lon": 106.9, "source": "src-b"},  # on a map too
        },
        {"id": "formula-place", "name": FORMULAS["places"][0]},
    ]
    ev["sources"][0].update(locator=hostile("locator"), quote=hostile("quote"))
    actors = {a["id"]: a for a in doc["actors"]}
    actors["kim-jong-un"].update(
        name="Kim " + hostile("name"),
        aliases=[hostile("alias")],
        offices=[{"title": hostile("office"), "date": "2011/2024", "source": "src-a"}],
    )
    sources = {s["id"]: s for s in doc["sources"]}
    sources["src-b"].update(
        title=hostile("source"),
        author=hostile("author"),
        publisher=hostile("publisher"),
        url="https://example.org/b" + ESCAPES.replace(" ", ""),
    )
    coal = next(e for e in doc["events"] if e["id"] == "2015-coal")
    coal.update(
        title=FORMULAS["title"],
        summary=FORMULAS["summary"],
        tags=FORMULAS["tags"],
        places=["formula-place"],
        notes=[{"kind": "uncertainty", "text": FORMULAS["notes"], "sources": ["src-a"]}],
    )
    actors["abe"].update(
        name=FORMULAS["name"],
        aliases=FORMULAS["aliases"],
        offices=[{"title": FORMULAS["office"]}],
    )
    sources["src-old"].update(
        title=FORMULAS["source title"],
        author=FORMULAS["author"],
        publisher=FORMULAS["publisher"],
    )
    return doc


@pytest.fixture
def hostile_store(sample_doc: dict[str, Any], write_store: Callable[[Any], Path]) -> Path:
    return write_store(hostile_doc(sample_doc))


# Our own hyperlinks (OSC 8), where colour is on: to a URL of printable ASCII only.
OSC8 = re.compile(r"\x1b\]8;(id=\d+)?;(https?://[\x21-\x7e]*)?\x1b\\")


def assert_inert(out: str, *, colour: bool = False) -> None:
    text = OSC8.sub("", SGR.sub("", out)) if colour else out
    assert "\x1b" not in text, _around(text, "\x1b")
    found = UNSAFE.search(text.replace("\r\n", "\n"))
    assert found is None, _around(text, found.group())
    assert "\x1b[31mSGR" not in out  # the store's own colour, even among rich's


def _around(text: str, needle: str) -> str:
    i = text.find(needle)
    return repr(text[max(0, i - 60) : i + 60])


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    return []


# --- loading and validate -----------------------------------------------------------------


def test_such_a_store_loads_and_validate_warns(hostile_store: Path) -> None:
    store, problems = check(hostile_store)
    assert store is not None
    assert {p.severity for p in problems} == {"warning"}
    warned = {p.where + " " + p.message.split(" contains")[0] for p in problems}
    for expected in (
        "events[3] '2014-talks' field 'title'",
        "events[3] '2014-talks' field 'summary'",
        "events[3] '2014-talks' field 'tags' item 0",
        "events[3] '2014-talks' sources[0] field 'quote'",
        "events[3] '2014-talks' notes[0] field 'text'",
        "actors[6] 'kim-jong-un' field 'name'",
        "actors[6] 'kim-jong-un' offices[0] field 'title'",
        "sources[1] 'src-b' field 'url'",
    ):
        assert expected in warned, (expected, sorted(warned))


# --- every renderer, in-process -----------------------------------------------------------


def _render_all(kind: str, fmt: Format, store: Any, opts: Options) -> list[str]:
    """Return the outputs of one renderer for the whole hostile store."""
    fn = renderer(kind, fmt)
    events = select(store, Query())
    if kind == "export" and fmt in FOLDER_FORMATS:
        return ["".join(chunks) for _name, chunks in fn(events, store, opts=opts)]
    if kind in ("events", "export"):
        return ["".join(fn(events, store, opts=opts))]
    if kind == "citations":
        return ["".join(fn(cite_events(store, events), opts=opts))]
    if kind == "actor":
        return ["".join(fn(events, store, actors=list(store.actors.values()), opts=opts))]
    if kind == "record":
        raw = json.loads(Path(store.path).read_text(encoding="utf-8"))
        return ["".join(fn(next(e for e in raw["events"] if e["id"] == "2014-talks"), opts=opts))]
    if kind == "event":
        return ["".join(fn(store.event("2014-talks"), store, opts=opts))]
    if kind == "profile":
        return ["".join(fn(list(store.actors.values()), opts=opts))]
    if kind == "actors":
        counts = event_counts(store)
        return ["".join(fn([(a, counts[a.id]) for a in store.actors.values()], opts=opts))]
    if kind == "sources":
        return ["".join(fn(bibliography(store), opts=opts))]
    if kind == "places":
        return ["".join(fn(place_rows(store), opts=opts))]
    if kind == "tags":
        return ["".join(fn(tag_rows(store), opts=opts))]
    if kind == "stats":
        return [
            "".join(fn(count_by(store, events, by), by=by, total=len(events), opts=opts))
            for by in ("actor", "place", "year")
        ]
    assert kind == "problems"
    _, problems = check(store.path)
    return ["".join(fn(problems, store.path, opts=opts))]


CASES = [(kind, fmt) for kind, table in REGISTRY.items() for fmt in table]


@pytest.mark.parametrize(("kind", "fmt"), CASES, ids=[f"{k}-{f}" for k, f in CASES])
def test_every_renderer_keeps_hostile_text_in_its_place(
    hostile_store: Path, kind: str, fmt: Format
) -> None:
    store = load(hostile_store)
    for colour in (False, True) if fmt is Format.table else (False,):
        outputs = _render_all(kind, fmt, store, Options(width=100, color=colour))
        if fmt is Format.datapackage:
            check_package(outputs)
            continue
        check_output(kind, fmt, "".join(outputs) if fmt is not Format.json else outputs[0], colour)


# The outputs for people and for their tools' text formats, which go through inert().
INERT_FORMATS = (
    Format.table,
    Format.plain,
    Format.markdown,
    Format.html,
    Format.text,
    Format.bibtex,
    Format.ris,
)


def check_output(kind: str, fmt: Format, out: str, colour: bool) -> None:
    if fmt in INERT_FORMATS:
        assert_inert(out, colour=colour)
    if kind == "citations":
        if fmt in (Format.text, Format.bibtex, Format.ris):
            assert "[bold]B[/bold]" in out  # markup, as written
        else:
            found = set(strings(json.loads(out)))
            assert hostile("source") in found and hostile("publisher") in found
        return
    if fmt is Format.geojson:
        found = set(strings(json.loads(out)))
        assert hostile("title") in found and hostile("quote") in found
        return
    if kind not in ("problems", "stats"):
        # Markup shows as written (a table may fold a long cell, so look for short parts).
        if fmt in (Format.table, Format.plain):
            assert "[bold]B[/bold]" in out and "[link=" in out and ":smile:" in out
        if fmt is Format.markdown:
            assert "\\[bold\\]B\\[/bold\\]" in out
    if fmt in (Format.json, Format.jsonl):
        # JSON Lines records end at "\n" only: U+2028 and U+0085 are text
        records = out.split("\n")[:-1] if fmt is Format.jsonl else [out]
        found = set(strings([json.loads(r) for r in records]))
        if kind in ("events", "event", "actor", "record"):
            assert hostile("title") in found and hostile("quote") in found
        if kind == "actors":
            assert "Kim " + hostile("name") in found and hostile("office") in found
        if kind == "sources":
            assert hostile("publisher") in found
        if kind == "places":
            assert hostile("place") in found and hostile("place alias") in found
        if kind == "tags":
            assert hostile("tag") in found
    if fmt is Format.csv:
        check_csv(out, kind)


def check_package(outputs: list[str]) -> None:
    """A Data Package keeps the text exactly, formulas too: its readers are tools."""
    *tables, descriptor = outputs
    assert json.loads(descriptor)["resources"]
    cells = {
        v for table in tables for row in csv.reader(io.StringIO(table, newline="")) for v in row
    }
    assert hostile("title") in cells and hostile("quote") in cells and hostile("note") in cells
    assert FORMULAS["title"] in cells and FORMULAS["name"] in cells


def check_csv(out: str, kind: str) -> None:
    rows = list(csv.reader(io.StringIO(out, newline="")))
    for row in rows[1:]:
        for value in row:
            assert value[:1] not in ("=", "+", "-", "@", "\t", "\r"), (kind, value)
    cells = {v for row in rows[1:] for v in row}
    if kind in ("events", "export"):
        for field in ("title", "summary"):
            assert "'" + FORMULAS[field] in cells
        assert "'-2+3; @SUM(A1:A9)" in cells
        # A place named with a leading tab would lose it as a plain name: the cell holds
        # the places as JSON, which starts with [ and is no formula.
        assert any(c.startswith("[") and "\\tTAB=1" in c for c in cells)
        assert any(c.startswith("uncertainty: \r=1+1 [") for c in cells)  # a note, kind and sources
        assert hostile("title") in cells  # other text is kept exactly, controls and all
    if kind == "actors":
        assert {"'@Abe", "'=1+1", "'-President"} <= cells
    if kind == "sources":
        assert {"'-10", "'=AUTHOR()", "'+PUB", hostile("publisher")} <= cells
    if kind == "tags":
        assert {"'-2+3", "'@SUM(A1:A9)", hostile("tag")} <= cells


def test_cell_defuses_only_the_leading_character() -> None:
    # "'=1" is guarded too, so that the import, which takes the guard off, gives it back.
    for text in ("=1", "+1", "-1", "@1", "\t=1", "\r=1", "'=1"):
        assert cell(text) == "'" + text
    for text in ("1-2", "a=b", " =1", "", "'a", "'", "Khürelsükh"):
        assert cell(text) == text


def test_markdown_autolinks_hold_no_escapes_or_angle_brackets() -> None:
    from mnktimeline.model import Source
    from mnktimeline.render.markdown import citation

    src = Source("s", "T", None, None, None, "https://x.example/a b<c>\x1b]0;t\x07")
    assert citation(src, None).endswith("<https://x.example/a%20b%3Cc%3E\\x1b]0;t\\x07>")


# --- the installed CLI, in a pipe ----------------------------------------------------------

PIPE_RUNS = [
    ["list"],
    ["list", "-f", "table"],
    ["list", "-f", "markdown"],
    ["actor", "Kim"],
    ["actor", "Kim", "-f", "table"],
    ["actors"],
    ["actors", "-f", "table"],
    ["show", "2014-talks"],
    ["show", "2014-talks", "-f", "table"],
    ["sources"],
    ["sources", "-f", "table"],
    ["sources", "-f", "markdown"],
    ["stats", "--by", "place"],
    ["stats", "--by", "actor", "-f", "table"],
    ["validate"],
    ["cite"],
    ["cite", "-f", "bibtex"],
    ["cite", "-f", "ris"],
]


@pytest.mark.parametrize("args", PIPE_RUNS, ids=[" ".join(a) for a in PIPE_RUNS])
def test_in_a_pipe_text_is_inert_and_markup_literal(
    timeline: Run, hostile_store: Path, args: list[str]
) -> None:
    proc = timeline(*args, "--data", str(hostile_store), env={"COLUMNS": "120"})
    assert proc.returncode == 0, proc.stderr
    assert_inert(proc.stdout)
    assert_inert(proc.stderr)
    if args[0] not in ("stats", "validate"):
        markup = "\\[bold\\]B\\[/bold\\]" if "markdown" in args else "[bold]B[/bold]"
        assert markup in proc.stdout
    if args[0] == "actor":  # 'Kim' fits two actors: the note names them, inert
        assert "fits 2 actors (Kim Il Sung, Kim name [bold]B[/bold]" in proc.stderr
    if args[0] == "validate":
        assert "contains control or bidirectional characters" in proc.stdout


def test_json_and_jsonl_keep_the_text_exactly(timeline: Run, hostile_store: Path) -> None:
    data = json.loads(timeline("show", "2014-talks", "--json", "--data", str(hostile_store)).stdout)
    assert data["title"] == hostile("title")
    assert data["sources"][0]["quote"] == hostile("quote")
    assert data["sources"][1]["publisher"] == hostile("publisher")
    lines = raw(timeline_exe(), "list", "-f", "jsonl", "--data", str(hostile_store)).split("\n")
    talks = next(json.loads(line) for line in lines if '"2014-talks"' in line)
    assert talks["notes"][0]["text"] == hostile("note")
    assert "Kim " + hostile("name") in {a["name"] for a in talks["actors"]}


CSV_COMMANDS = ["list", "actors", "sources"]


@pytest.mark.parametrize("command", CSV_COMMANDS)
def test_csv_keeps_text_and_defuses_formulas(
    timeline: Run, hostile_store: Path, command: str
) -> None:
    out = raw(timeline_exe(), command, "-f", "csv", "--data", str(hostile_store))
    check_csv(out, "events" if command == "list" else command)


def raw(*argv: str) -> str:
    """Return the stdout of a command as it was written: no newline translation."""
    proc = subprocess.run(argv, capture_output=True, check=True, timeout=60)
    return proc.stdout.decode("utf-8")


# --- the installed CLI, on a real terminal ----------------------------------------------------


def on_pty(*args: str) -> tuple[int, str]:
    """Run the installed timeline with stdout and stderr on a pseudo-terminal."""
    master, slave = pty.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "MNKTIMELINE_DATA")}
    env.update(COLUMNS="120", LINES="40", TERM="xterm-256color", MNKTIMELINE_PAGER="")
    proc = subprocess.Popen(
        [timeline_exe(), *args], stdin=subprocess.DEVNULL, stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    out = read_until_closed(master)
    code = proc.wait(timeout=30)
    return code, out.decode("utf-8")


PTY_RUNS = [
    ["list"],  # the default on a terminal: a table, in colour
    ["list", "-f", "plain"],
    ["actor", "Kim"],
    ["actors"],
    ["show", "2014-talks"],
    ["sources"],
    ["stats", "--by", "place"],
    ["validate"],
]


@pytest.mark.parametrize("args", PTY_RUNS, ids=[" ".join(a) for a in PTY_RUNS])
def test_on_a_terminal_only_our_own_colours_are_escapes(
    hostile_store: Path, args: list[str]
) -> None:
    code, out = on_pty(*args, "--data", str(hostile_store))
    assert code == 0, out
    assert out.strip()
    assert_inert(out.replace("\r\n", "\n"), colour=True)
    if args[0] not in ("stats", "validate"):
        assert "[bold]B[/bold]" in out
    if args == ["list"]:
        assert SGR.search(out), "a terminal gets colour"


MACHINE_ON_PTY = [
    ["list", "--json"],
    ["list", "-f", "jsonl"],
    ["show", "2014-talks", "--json"],
    ["actors", "--json"],
    ["sources", "--json"],
    ["list", "-f", "csv"],
    ["export", "csv"],
    ["export", "geojson"],
    ["cite", "2014-talks", "-f", "ris"],
]


@pytest.mark.parametrize("args", MACHINE_ON_PTY, ids=[" ".join(a) for a in MACHINE_ON_PTY])
def test_json_and_csv_on_a_terminal_are_inert(hostile_store: Path, args: list[str]) -> None:
    code, out = on_pty(*args, "--data", str(hostile_store))
    assert code == 0, out
    assert_inert(out.replace("\r\n", "\n"))


def test_json_on_a_terminal_is_still_the_exact_data(hostile_store: Path) -> None:
    piped = json.loads(
        raw(timeline_exe(), "show", "2014-talks", "--json", "--data", str(hostile_store))
    )
    code, out = on_pty("show", "2014-talks", "--json", "--data", str(hostile_store))
    assert code == 0
    assert json.loads(out.replace("\r\n", "\n")) == piped
    assert piped["title"] == hostile("title")
