"""Installed CLI on stores at the edges: events in years 0001 and 9999, 29 February, the
inclusive ends of every range, an empty store and a store of one event, through every
command and format."""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import SAMPLE, Run

EDGE_IDS = ["0001-first", "0001-open", "0001-span", "9999-span", "9999-open", "9999-last"]


def edge_doc() -> dict[str, Any]:
    """The sample store without its hostile event, plus events at the first and last days
    the calendar holds, an office spanning all of it and sources published in 0001 and 9999
    (a source published in 9999 lets an event of 9999 cite one it does not postdate)."""
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["events"] = [e for e in doc["events"] if e["id"] != "2016-hostile"]
    doc["sources"].append(
        {
            "id": "src-far",
            "title": "Far future",
            "publisher": "Pub F",
            "published": "9999-12-31",
            "url": "https://example.org/far",
            "kind": "wire",
            "language": "en",
            "repost": {"host": "Old blog", "published": "0001"},
            "accessed": "9999-12-31",
        }
    )
    doc["sources"].append(
        {
            "id": "src-first",
            "title": "First",
            "publisher": "Pub 1",
            "published": "0001-01-01",
            "url": "https://example.org/first",
            "kind": "wire",
            "language": "en",
        }
    )
    elbegdorj = next(a for a in doc["actors"] if a["id"] == "elbegdorj")
    elbegdorj["offices"].append(
        {"title": "Eternal office", "date": "0001-01-01/9999-12-31", "source": "src-far"}
    )
    base = doc["events"][0]
    dates = ["0001-01-01", "../0001", "0001/0002", "9998/9999", "9999-12/..", "9999-12-31"]
    for ident, when in zip(EDGE_IDS, dates, strict=True):
        ev = copy.deepcopy(base)
        ev.update(id=ident, date=when, title=f"Edge {ident}", actors=["mongolia", "elbegdorj"])
        ev["sources"] = [{"source": "src-far", "locator": "p. 1"}, {"source": "src-first"}]
        doc["events"].append(ev)
    return doc


@pytest.fixture
def edges(tmp_path: Path) -> Path:
    path = tmp_path / "edges.json"
    path.write_text(json.dumps(edge_doc(), ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def ok(run: Run, *args: str, env: dict[str, str] | None = None) -> str:
    """Run the CLI; return its stdout after checking it succeeded with no internal error."""
    done = run(*args, env=env)
    assert done.returncode == 0, (args, done.stderr)
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    return done.stdout


def test_the_edge_store_is_valid(timeline: Run, edges: Path) -> None:
    done = timeline("validate", str(edges))
    assert done.returncode == 0, done.stderr
    assert "valid: 16 events" in done.stderr


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "jsonl", "csv", "markdown"])
@pytest.mark.parametrize("command", [["list"], ["actor", "elbegdorj"]])
def test_list_and_actor_show_the_first_and_last_years(
    timeline: Run, edges: Path, command: list[str], fmt: str
) -> None:
    out = ok(timeline, *command, "--format", fmt, "--data", str(edges), env={"COLUMNS": "200"})
    if fmt == "json":
        events = json.loads(out)
        assert [e["id"] for e in events][:3] == EDGE_IDS[:3]
        assert {e["id"]: e["end"] for e in events}["9999-last"] == "9999-12-31"
        assert {e["id"]: e["start"] for e in events}["0001-first"] == "0001-01-01"
    elif fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in out.splitlines()]
        assert set(EDGE_IDS) <= set(ids)
    elif fmt == "csv":
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
        assert rows["0001-open"]["start"] == "0001-01-01"
        assert rows["9999-open"]["end"] == "9999-12-31"
    else:
        for ident in EDGE_IDS:
            assert f"Edge {ident}" in out


@pytest.mark.parametrize("ident", EDGE_IDS)
def test_show_each_edge_event(timeline: Run, edges: Path, ident: str) -> None:
    text = ok(timeline, "show", ident, "--data", str(edges))
    assert f"id: {ident}" in text
    shown = json.loads(ok(timeline, "show", ident, "--json", "--data", str(edges)))
    assert shown["id"] == ident


@pytest.mark.parametrize("fmt", ["table", "plain", "json"])
@pytest.mark.parametrize("by", ["year", "decade", "actor", "category", "country", "tag"])
def test_stats_over_the_whole_calendar(timeline: Run, edges: Path, by: str, fmt: str) -> None:
    out = ok(timeline, "stats", "--by", by, "--format", fmt, "--data", str(edges))
    if fmt == "json" and by in ("year", "decade"):
        rows = json.loads(out)
        first, last = ("0s", "9990s") if by == "decade" else ("1", "9999")
        assert rows[0] == {"key": first, "count": 3} and rows[-1] == {"key": last, "count": 3}


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "csv", "markdown"])
def test_sources_published_in_0001_and_9999(timeline: Run, edges: Path, fmt: str) -> None:
    out = ok(timeline, "sources", "--format", fmt, "--data", str(edges))
    assert "Far future" in out and "First" in out
    ok(timeline, "sources", "--since", "9999", "--format", fmt, "--data", str(edges))


@pytest.mark.parametrize("fmt", ["csl-json", "bibtex", "ris", "text"])
def test_cite_the_edge_events(timeline: Run, edges: Path, fmt: str) -> None:
    out = ok(timeline, "cite", "9999-last", "0001-first", "--format", fmt, "--data", str(edges))
    assert "Far future" in out
    ok(timeline, "cite", "--format", fmt, "--data", str(edges))


@pytest.mark.parametrize("fmt", ["timelinejs", "markdown", "csv", "geojson"])
def test_export_the_edge_events(timeline: Run, edges: Path, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"out.{fmt}"
    ok(timeline, "export", fmt, "-o", str(target), "--data", str(edges))
    text = target.read_text(encoding="utf-8")
    if fmt == "timelinejs":
        years = [e["start_date"]["year"] for e in json.loads(text)["events"]]
        assert min(years) == 1 and max(years) >= 9998
    elif fmt != "geojson":  # the edge events have no place, so no feature
        assert "Edge 9999-last" in text and "Edge 0001-first" in text


def test_export_datapackage_of_the_edge_events(timeline: Run, edges: Path, tmp_path: Path) -> None:
    folder = tmp_path / "dp"
    ok(timeline, "export", "datapackage", str(folder), "--data", str(edges))
    rows = {
        r["id"]: r
        for r in csv.DictReader(io.StringIO((folder / "events.csv").read_text(encoding="utf-8")))
    }
    assert rows["0001-first"]["start"] == "0001-01-01"
    assert rows["9999-last"]["end"] == "9999-12-31"


def test_export_html_of_the_edge_events(timeline: Run, edges: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.html"
    ok(timeline, "export", "html", "-o", str(target), "--data", str(edges))
    text = target.read_text(encoding="utf-8")
    assert "Edge 9999-last" in text and "Edge 0001-first" in text


# --- every command and format on an empty store and on a store of one event ---------------

READING = [
    *(["list", "--format", f] for f in ("table", "plain", "json", "jsonl", "csv", "markdown")),
    *(["actors", "--format", f] for f in ("table", "plain", "json", "jsonl", "csv")),
    *(["places", "--format", f] for f in ("table", "plain", "json", "csv")),
    *(["tags", "--format", f] for f in ("table", "plain", "json", "csv")),
    *(
        ["stats", "--by", by, "--format", f]
        for by in ("year", "decade", "category", "actor", "country", "place", "tag")
        for f in ("table", "plain", "json")
    ),
    *(["sources", "--format", f] for f in ("table", "plain", "json", "csv", "markdown")),
    *(["cite", "--format", f] for f in ("csl-json", "bibtex", "ris", "text")),
    *(["export", f] for f in ("timelinejs", "markdown", "csv", "geojson")),
]


def empty_doc() -> dict[str, Any]:
    return {"format": 2, "sources": [], "actors": [], "places": [], "events": []}


def one_event_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["events"] = [e for e in doc["events"] if e["id"] == "2012-leap"]
    return doc


@pytest.mark.parametrize("args", READING, ids=" ".join)
@pytest.mark.parametrize("which", ["empty", "one event"])
def test_every_command_and_format_on_an_empty_and_a_one_event_store(
    timeline: Run, tmp_path: Path, which: str, args: list[str]
) -> None:
    path = tmp_path / "store.json"
    doc = empty_doc() if which == "empty" else one_event_doc()
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    out = ok(timeline, *args, "--data", str(path), env={"COLUMNS": "120"})
    if args[0] == "list" and args[-1] == "json":
        assert [e["id"] for e in json.loads(out)] == ([] if which == "empty" else ["2012-leap"])
    if args[0] == "stats" and args[-1] == "json":
        one = {
            "year": "2012",
            "decade": "2010s",
            "category": "culture",
            "actor": "Mongolia",
            "country": "MNG",
        }
        rows = json.loads(out)
        key = one.get(args[2])
        assert rows == ([] if which == "empty" or key is None else [{"key": key, "count": 1}])
    if which == "one event" and args[0] in ("list", "export") and args[-1] != "geojson":
        assert "A leap-day event" in out or args[0] == "export"


def test_show_and_export_datapackage_of_one_event(timeline: Run, tmp_path: Path) -> None:
    path = tmp_path / "store.json"
    path.write_text(json.dumps(one_event_doc(), ensure_ascii=False), encoding="utf-8")
    shown = json.loads(ok(timeline, "show", "2012-leap", "--json", "--data", str(path)))
    assert (shown["start"], shown["end"]) == ("2012-02-29", "2012-02-29")
    for doc, name in ((one_event_doc(), "one"), (empty_doc(), "empty")):
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        ok(timeline, "export", "datapackage", str(tmp_path / name), "--data", str(path))
        events = (tmp_path / name / "events.csv").read_text(encoding="utf-8").splitlines()
        assert len(events) == (2 if name == "one" else 1)


# --- 29 February and the inclusive ends of every range ------------------------------------

# The sample's 2013-elbegdorj-visit runs 2013-10-28/2013-10-31; 2012-leap is 2012-02-29.
RANGES = [
    (["--since", "2013-10-31", "--until", "2013-10-31"], True),  # ends on the --since day
    (["--since", "2013-10-28", "--until", "2013-10-28"], True),  # starts on the --until day
    (["--on", "2013-10-30"], True),  # one day inside
    (["--since", "2013-11-01", "--until", "2013-12-31"], False),  # the day after its end
    (["--since", "2013-01-01", "--until", "2013-10-27"], False),  # the day before its start
    (["--since", "2013-10-28", "--until", "2013-10-31", "--within"], True),  # exactly inside
    (["--since", "2013-10-29", "--until", "2013-10-31", "--within"], False),
    (["--since", "2013-10-28", "--until", "2013-10-30", "--within"], False),
    (["--on", "Oct 2013", "--within"], True),
    (["--until", "28 Oct 2013"], True),
    (["--since", "31 Oct 2013"], True),
]


@pytest.fixture
def visit_store(tmp_path: Path) -> Path:
    """The sample store with the visit of 2013 as the only event citing ``src-old``."""
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    visit = next(e for e in doc["events"] if e["id"] == "2013-elbegdorj-visit")
    visit["sources"] = [{"source": "src-old"}]
    path = tmp_path / "visit.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def range_outputs(run: Run, store: Path, filters: list[str]) -> dict[str, str]:
    d = ("--data", str(store))
    return {
        "list": ok(run, "list", *filters, "--json", *d),
        "actor": ok(run, "actor", "elbegdorj", *filters, "--json", *d),
        "sources": ok(run, "sources", *filters, "--json", *d),
        "stats": ok(run, "stats", "--by", "actor", *filters, "--json", *d),
        "cite": ok(run, "cite", *filters, "--format", "csl-json", *d),
        "export": ok(run, "export", "csv", *filters, *d),
    }


@pytest.mark.parametrize(("filters", "kept"), RANGES, ids=[" ".join(f) for f, _ in RANGES])
def test_the_ends_of_a_range_are_inclusive_in_every_command(
    timeline: Run, visit_store: Path, filters: list[str], kept: bool
) -> None:
    out = range_outputs(timeline, visit_store, filters)
    ident = "2013-elbegdorj-visit"
    assert (ident in [e["id"] for e in json.loads(out["list"])]) is kept
    assert (ident in [e["id"] for e in json.loads(out["actor"])]) is kept
    assert ({"key": "Tsakhiagiin Elbegdorj", "count": 1} in json.loads(out["stats"])) is kept
    assert (ident in out["export"]) is kept
    cited = json.loads(out["cite"])
    assert any(item.get("title") == "Undated page" for item in cited) is kept
    assert ("src-old" in [s["id"] for s in json.loads(out["sources"])]) is kept


@pytest.mark.parametrize(
    ("filters", "kept"),
    [
        (["--on", "2012-02-29"], True),
        (["--on", "29 Feb 2012"], True),
        (["--on", "Feb 2012"], True),
        (["--until", "2012-02-28"], False),
        (["--since", "2012-03-01"], False),
        (["--since", "2012-02-29", "--until", "2012-02-29", "--within"], True),
        (["--until", "Feb 2012", "--within"], True),
    ],
)
def test_29_february(timeline: Run, filters: list[str], kept: bool) -> None:
    out = ok(timeline, "list", *filters, "--json", "--data", str(SAMPLE))
    assert ("2012-leap" in [e["id"] for e in json.loads(out)]) is kept


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("29 Feb 2013", "'29 Feb 2013' is not a real date (day is out of range for month"),
        ("2013-02-29", "'2013-02-29' does not exist: Feb 2013 has 28 days"),
        ("1900-02-29", "'1900-02-29' does not exist: Feb 1900 has 28 days"),
        ("0000", "'0000' has year 0000; years start at 0001"),
        ("10000", "'10000' is not a date I can read"),
    ],
)
def test_days_that_do_not_exist_are_one_sentence(timeline: Run, when: str, message: str) -> None:
    done = timeline("list", "--on", when, "--data", str(SAMPLE))
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"timeline: error: {message}")
    assert done.stderr.count("\n") == 1


def test_the_edges_of_the_calendar_as_filters(timeline: Run, edges: Path) -> None:
    def ids(*filters: str) -> list[str]:
        out = ok(timeline, "list", *filters, "--json", "--data", str(edges))
        return [e["id"] for e in json.loads(out)]

    assert ids("--until", "0001") == EDGE_IDS[:3]
    assert ids("--on", "0001-01-01") == EDGE_IDS[:3]
    assert ids("--on", "0001-01-01", "--within") == ["0001-first"]
    assert ids("--since", "9999-12-31") == EDGE_IDS[3:]
    assert ids("--since", "9999", "--within") == ["9999-open", "9999-last"]
    assert len(ids("--since", "0001-01-01", "--until", "9999-12-31", "--within")) == 16
