"""A CSV export imports back whole: every field of every event, quotations and notes
included, through the installed CLI, for the bundled store and for one whose text holds
every separator the CSV's short forms use."""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mnktimeline.csvformat import guard, list_cell, read_list_cell, unguard
from mnktimeline.store import bundled_store, check_document, load

from .conftest import SAMPLE, examples, timeline_exe


def round_trip(source: Path, tmp_path: Path) -> Path:
    """Export ``source`` as CSV and import it into a copy of it without events."""
    exported = subprocess.run(
        [timeline_exe(), "export", "csv", "--data", str(source)],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    (tmp_path / "events.csv").write_bytes(exported)
    doc = json.loads(source.read_text(encoding="utf-8"))
    doc["events"] = []
    target = tmp_path / "target.json"
    target.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    proc = subprocess.run(
        [timeline_exe(), "import", str(tmp_path / "events.csv"), "--data", str(target)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    return target


def same_events(a: Path, b: Path) -> None:
    left = {e.id: e for e in load(a).events}
    right = {e.id: e for e in load(b).events}
    assert left.keys() == right.keys()
    for ident, event in left.items():
        assert right[ident] == event, ident


def test_the_bundled_store_survives_export_and_import(tmp_path: Path) -> None:
    quoted = sum(r.quote is not None for e in load(bundled_store()).events for r in e.sources)
    assert quoted > 0  # the store has quotations to lose
    target = round_trip(bundled_store(), tmp_path)
    same_events(bundled_store(), target)
    # Not only the same events: the same records, so that a round trip leaves no diff
    # (no default written out, such as the status "happened" every exported row holds).
    written = json.loads(target.read_text(encoding="utf-8"))["events"]
    assert written == json.loads(bundled_store().read_text(encoding="utf-8"))["events"]


def hostile_doc() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["actors"].append({"id": "mongolia-2", "name": "Mongolia", "kind": "state"})  # a name twice
    doc["places"].append({"id": "odd", "name": "Camp (subject)", "kind": "venue"})
    talks = next(e for e in doc["events"] if e["id"] == "2014-talks")
    talks.update(
        title="'=quoted; (not a formula) | [x]",
        series="  Lake talks ",
        status="announced",
        tags=["a;b", "[c]", " padded"],
        actors=["mongolia", "mongolia-2", "north-korea"],
        places=["odd", {"place": "pyongyang", "role": "proposed"}],
        sources=[
            {"source": "src-a", "locator": "p. 1 (fn. 2", "quote": 'They said "yes"; then | left.'},
            {"source": "src-b"},
        ],
        notes=[
            {"kind": "disagreement", "text": "One | two [three]", "sources": ["src-a", "src-b"]},
            {"kind": "derivation", "text": "Counted back from a Friday.", "sources": ["src-b"]},
        ],
    )
    visit = next(e for e in doc["events"] if e["id"] == "2013-elbegdorj-visit")
    part = copy.deepcopy(visit)
    part.update(id="2013-stop", date="2013-10-29", part_of="2013-elbegdorj-visit")
    doc["events"].append(part)
    return doc


def test_every_separator_in_the_text_survives(tmp_path: Path) -> None:
    doc = hostile_doc()
    store, problems = check_document(doc)
    assert store is not None, problems
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    target = round_trip(source, tmp_path)
    same_events(source, target)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "events.csv").read_text(encoding="utf-8"))))
    # Where the short forms read back, they are used: names, "id (locator)".
    plain = next(r for r in rows if r["id"] == "2018-12-tokyo")
    assert plain["actors"] == "Ukhnaagiin Khürelsükh; Shinzo Abe; Japan"
    assert plain["sources"].startswith("src-a") and not plain["sources"].startswith("[")


@settings(max_examples=examples(200))
@given(st.lists(st.text(min_size=1, max_size=8).filter(lambda t: t.strip()), max_size=4))
def test_a_list_cell_reads_back_as_it_was(items: list[str]) -> None:
    assert read_list_cell(unguard(guard(list_cell(items)))) == items


@pytest.mark.parametrize("text", ["'=1", "''=1", "'", "=", "'a", "@x", "-"])
def test_the_spreadsheet_guard_comes_off_whole(text: str) -> None:
    assert unguard(guard(text)) == text
