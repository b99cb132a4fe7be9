"""Installed CLI: ``--fields`` on JSON, JSON Lines and CSV, and ``show`` of several ids."""

from __future__ import annotations

import csv
import io
import json

import pytest

from mnktimeline.csvformat import EVENT_COLUMNS
from mnktimeline.render import csv as csv_render
from mnktimeline.render import json as json_render

from .conftest import SAMPLE, Run

KINDS = [
    (["list"], "events"),
    (["actor", "Kim"], "actor"),
    (["actors"], "actors"),
    (["sources"], "sources"),
    (["places"], "places"),
    (["tags"], "tags"),
]


def test_the_json_fields_are_the_keys_of_the_records(timeline: Run) -> None:
    for args, kind in KINDS:
        proc = timeline(*args, "--json", "--data", str(SAMPLE))
        assert proc.returncode == 0, proc.stderr
        assert tuple(json.loads(proc.stdout)[0]) == json_render.FIELDS[kind], kind
    proc = timeline("show", "2014-talks", "--json", "--data", str(SAMPLE))
    assert tuple(json.loads(proc.stdout)) == json_render.FIELDS["event"]
    assert csv_render.FIELDS["events"] == EVENT_COLUMNS


# every kind of output with JSON Lines too has jsonl in its --format choices
CASES = [
    (args, kind, fmt)
    for args, kind in KINDS
    for fmt in ("json", "jsonl", "csv")
    if fmt != "jsonl" or kind in ("events", "actor", "actors")
]


@pytest.mark.parametrize(("args", "kind", "fmt"), CASES)
def test_fields_keeps_those_fields_in_that_order(
    timeline: Run, args: list[str], kind: str, fmt: str
) -> None:
    known = (csv_render.FIELDS if fmt == "csv" else json_render.FIELDS)[kind]
    wanted = [known[-1], known[0]]
    full = timeline(*args, "-f", fmt, "--data", str(SAMPLE))
    some = timeline(*args, "-f", fmt, "--fields", ",".join(wanted), "--data", str(SAMPLE))
    assert some.returncode == 0, some.stderr
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(full.stdout)))
        picked = list(csv.DictReader(io.StringIO(some.stdout)))
        assert list(picked[0]) == wanted
    else:
        if fmt == "json":
            rows, picked = json.loads(full.stdout), json.loads(some.stdout)
        else:
            rows = [json.loads(line) for line in full.stdout.splitlines()]
            picked = [json.loads(line) for line in some.stdout.splitlines()]
        assert list(picked[0]) == wanted
    assert picked == [{name: row[name] for name in wanted} for row in rows]


def test_an_unknown_field_is_one_sentence_listing_the_fields(timeline: Run) -> None:
    proc = timeline("list", "--json", "--fields", "id,titel", "--data", str(SAMPLE))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "timeline: error: 'titel' is not a field of json; the fields are: "
        + ", ".join(json_render.FIELDS["events"])
        + "\n"
    )
    proc = timeline("list", "-f", "csv", "--fields", "display_date", "--data", str(SAMPLE))
    assert proc.returncode == 2
    assert "the fields are: " + ", ".join(EVENT_COLUMNS) in proc.stderr


def test_fields_with_a_format_that_has_none_is_refused(timeline: Run) -> None:
    proc = timeline("list", "-f", "plain", "--fields", "id", "--data", str(SAMPLE))
    assert proc.returncode == 2
    assert proc.stderr == "timeline: error: --fields is for json, jsonl and csv output, not plain\n"


def test_show_takes_several_ids(timeline: Run) -> None:
    one = timeline("show", "2014-talks", "--json", "--data", str(SAMPLE))
    both = timeline("show", "2014-talks", "2015-coal", "--json", "--data", str(SAMPLE))
    listed = timeline("list", "--json", "--data", str(SAMPLE))
    assert both.returncode == 0
    events = {e["id"]: e for e in json.loads(listed.stdout)}
    assert json.loads(both.stdout) == [events["2014-talks"], events["2015-coal"]]
    assert json.loads(one.stdout) == events["2014-talks"]  # one source object everywhere
    plain = timeline("show", "2014-talks", "2015-coal", "-f", "plain", "--data", str(SAMPLE))
    first = timeline("show", "2014-talks", "-f", "plain", "--data", str(SAMPLE)).stdout
    second = timeline("show", "2015-coal", "-f", "plain", "--data", str(SAMPLE)).stdout
    assert plain.stdout == first + "\n" + second
    missing = timeline("show", "2014-talks", "nope", "--data", str(SAMPLE))
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.startswith("timeline: error: no event has the id 'nope'")
