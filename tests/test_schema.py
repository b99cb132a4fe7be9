"""Format 2 of the store: kinds of notes, date qualifiers and status, place records,
relations between events, what a source is; format 1 read and upgraded; the JSON Schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mnktimeline.names import resolve_place
from mnktimeline.query import Query, criteria, resolve, select
from mnktimeline.store import bundled_store, check_document, load
from mnktimeline.store.jsonschema import json_schema, text
from mnktimeline.store.upgrade import note_kind, upgrade

from .conftest import HERE, REPO, SAMPLE, Run

FORMAT_1 = HERE / "data" / "sample-format1.json"
SHIPPED = REPO / "src" / "mnktimeline" / "store" / "store.schema.json"


def errors(doc: Any) -> list[str]:
    _, problems = check_document(doc, "x.json")
    return [str(p) for p in problems if p.severity == "error"]


def event(doc: dict[str, Any], ident: str) -> dict[str, Any]:
    return next(e for e in doc["events"] if e["id"] == ident)


# --- one clear sentence for each new rule -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: event(d, "2014-talks")["notes"][0].update(kind="dispute"),
            "events[3] '2014-talks' notes[0]: field 'kind' is \"dispute\"; use one of: "
            "disagreement, uncertainty, derivation",
        ),
        (
            lambda d: event(d, "2014-talks")["notes"][0].pop("kind"),
            "events[3] '2014-talks' notes[0]: field 'kind' is missing",
        ),
        (
            lambda d: event(d, "2014-talks").update(places=["ulanbaatar"]),
            "events[3] '2014-talks': field 'places' refers to place 'ulanbaatar', which is not "
            "in the store; did you mean 'ulaanbaatar'?",
        ),
        (
            lambda d: event(d, "2014-talks").update(places=[{"place": "rajin", "role": "host"}]),
            "events[3] '2014-talks' places[0]: field 'role' is \"host\"; use one of: venue, "
            "subject, proposed",
        ),
        (
            lambda d: event(d, "2014-talks").update(part_of="2014-tlaks"),
            "events[3] '2014-talks': field 'part_of' refers to event '2014-tlaks', which is not "
            "in the store; did you mean '2014-talks'?",
        ),
        (
            lambda d: event(d, "2014-talks").update(part_of="2014-talks"),
            "events[3] '2014-talks': field 'part_of' makes a cycle: 2014-talks → 2014-talks",
        ),
        (
            lambda d: event(d, "2014-talks").update(part_of="2013-elbegdorj-visit"),
            "events[3] '2014-talks': field 'part_of': this event (2014-05-23) does not lie "
            "within '2013-elbegdorj-visit' (2013-10-28/2013-10-31), which it is part of",
        ),
        (
            lambda d: d["sources"][0].update(kind="blog post"),
            "sources[0] 'src-a': field 'kind' is \"blog post\"; did you mean 'blog'? use one "
            "of: archive-document, official-statement, state-media, wire, newspaper, blog, "
            "reference, scholarly",
        ),
        (
            lambda d: d["sources"][0].update(language="English"),
            "sources[0] 'src-a': field 'language' 'English' must be an ISO 639 language code",
        ),
        (
            lambda d: d["places"][0].update(within="rajn"),
            "places[0] 'mongolia': field 'within' refers to place 'rajn', which is not in the "
            "store; did you mean 'rajin'?",
        ),
        (
            lambda d: d["places"][3].update(within="rajin"),
            "places[3] 'rason': field 'within' makes a cycle: rason → rajin → rason",
        ),
        (
            lambda d: d["places"][1]["coordinates"].update(lat=91),
            "places[1] 'ulaanbaatar' coordinates: field 'lat' is 91; it must be from -90 to 90",
        ),
        (
            lambda d: event(d, "2014-talks").update(date="2014-02-30?"),
            "events[3] '2014-talks': field 'date': '2014-02-30?' does not exist",
        ),
        (
            lambda d: event(d, "2014-talks").update(status="postponed"),
            "events[3] '2014-talks': field 'status' is \"postponed\"; use one of: happened, "
            "planned, announced, cancelled",
        ),
        (
            lambda d: d.update(format=3),
            "top-level key 'format' is 3; this version of timeline reads format 2",
        ),
    ],
)
def test_a_broken_store_of_format_2_gets_one_clear_sentence(
    sample_doc: dict[str, Any], change: Any, expected: str
) -> None:
    doc = copy.deepcopy(sample_doc)
    change(doc)
    found = errors(doc)
    assert any(expected in e for e in found), found


def test_qualified_dates_status_and_relations_load(sample_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(sample_doc)
    event(doc, "2014-year").update(date="2014~", status="announced")
    event(doc, "2014-talks").update(part_of="2014-year", series="Talks")
    event(doc, "2014-year")["series"] = "Talks"
    store, problems = check_document(doc, "x.json")
    assert store is not None, problems
    year = store.event("2014-year")
    assert year is not None and year.status == "announced" and year.date.human() == "c. 2014"
    talks = store.event("2014-talks")
    assert talks is not None and talks.part_of == "2014-year"


# --- the query layer ----------------------------------------------------------------------


def ids(store: Any, **filters: Any) -> list[str]:
    query, _ = resolve(store, criteria(**filters))
    return [e.id for e in select(store, query)]


def test_disputed_keeps_disagreements_and_uncertain_keeps_uncertainties() -> None:
    store = load(bundled_store())
    disputed = select(store, Query(disputed=True))
    assert disputed and all(e.noted("disagreement") for e in disputed)
    uncertain = select(store, Query(uncertain=True))
    assert uncertain and all(e.noted("uncertainty") for e in uncertain)
    with_notes = [e for e in store.events if e.notes]
    assert len(disputed) < len(with_notes)


def test_a_place_takes_in_the_places_within_it_and_answers_to_its_aliases() -> None:
    store = load(SAMPLE)
    assert resolve_place(store, "Rason").ids == {"rason", "rajin"}
    assert ids(store, places=["Rason"]) == ids(store, places=["Najin"]) == ["2015-coal"]
    assert ids(store, places=["Ulan Bator"]) == ids(store, places=["ulaanbaatar"])
    assert ids(store, places=["Улаанбаатар"]) == ids(store, places=["ulaanbaatar"])
    assert set(ids(store, places=["Mongolia"])) >= set(ids(store, places=["Ulaanbaatar"]))


# --- format 1 -----------------------------------------------------------------------------


def test_a_store_of_format_1_loads_as_format_2() -> None:
    store = load(FORMAT_1)
    assert store.format == 1
    talks = store.event("2014-talks")
    assert talks is not None
    assert [store.places[p.place].name for p in talks.places] == ["Ulaanbaatar"]
    assert {n.kind for e in store.events for n in e.notes} <= {
        "disagreement",
        "uncertainty",
        "derivation",
    }


@pytest.mark.parametrize(
    ("text", "sources", "kind"),
    [
        ("Derived date: 'on Thursday' in a report of 7 June.", ["a"], "derivation"),
        ("The article gives 2008, while Yonhap gives 2007.", ["a", "b"], "disagreement"),
        ("Known only from KCNA.", ["a"], "uncertainty"),
        ("One source, but no other report.", ["a"], "uncertainty"),
    ],
)
def test_an_upgrade_gives_a_note_a_kind_by_its_wording(
    text: str, sources: list[str], kind: str
) -> None:
    assert note_kind(text, sources) == kind


def test_upgrade_keeps_every_value() -> None:
    doc = json.loads(FORMAT_1.read_text(encoding="utf-8"))
    new = upgrade(copy.deepcopy(doc))
    assert new["format"] == 2
    assert new["sources"] == doc["sources"] and new["actors"] == doc["actors"]
    names = {p["id"]: p["name"] for p in new["places"]}
    for old, up in zip(doc["events"], new["events"], strict=True):
        assert [names[p] for p in up.get("places", [])] == old.get("places", [])
        for a, b in zip(old.get("notes", []), up.get("notes", []), strict=True):
            assert {k: v for k, v in b.items() if k != "kind"} == a
        rest = {k for k in old if k not in ("places", "notes")}
        assert {k: up[k] for k in rest} == {k: old[k] for k in rest}


def test_fmt_upgrade_rewrites_a_store_and_what_it_exports_is_kept(
    timeline: Run, tmp_path: Path
) -> None:
    path = tmp_path / "old.json"
    path.write_bytes(FORMAT_1.read_bytes())
    before = json.loads(timeline("list", "--json", "--data", str(path)).stdout)
    proc = timeline("fmt", "--upgrade", str(path))
    assert proc.returncode == 0, proc.stderr
    assert "upgraded" in proc.stderr and "place records" in proc.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["format"] == 2
    assert json.loads(timeline("list", "--json", "--data", str(path)).stdout) == before
    assert timeline("fmt", "--check", str(path)).returncode == 0
    again = timeline("fmt", "--upgrade", str(path))
    assert again.returncode == 1 and "already of format 2" in again.stderr


# --- the JSON Schema ----------------------------------------------------------------------


def test_the_shipped_schema_is_the_one_the_declarations_make() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == text()


def test_timeline_schema_prints_a_schema_the_stores_keep(timeline: Run) -> None:
    proc = timeline("schema")
    assert proc.returncode == 0
    schema = json.loads(proc.stdout)
    assert schema == json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in (bundled_store(), SAMPLE, FORMAT_1):
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        assert list(validator.iter_errors(doc)) == [], path


# What a JSON Schema cannot say, which `timeline validate` checks: each broken store of the
# corpus that the schema lets through, and why it cannot tell.
BEYOND_A_SCHEMA = {
    "bidi-in-reference.json": "a reference names a record that is not there",
    "dangling-actor.json": "a reference names a record that is not there",
    "dangling-note-source.json": "a reference names a record that is not there",
    "dangling-office-source.json": "a reference names a record that is not there",
    "dangling-source.json": "a reference names a record that is not there",
    "date-feb-29-2015.json": "a day that the calendar does not have",
    "date-feb-30.json": "a day that the calendar does not have",
    "office-span-backwards.json": "a span that ends before it starts",
    "span-ends-before-start.json": "a span that ends before it starts",
    "span-same-start-and-end.json": "a span with the same start and end",
    "duplicate-actor-id.json": "ids unique in their list",
    "duplicate-event-id.json": "ids unique in their list",
    "duplicate-source-id.json": "ids unique in their list",
    "event-after-sources.json": "an event dated after every source it cites",
    "repeated-events.json": "a key given twice (JSON parsers keep one value)",
    "repeated-ref-key.json": "a key given twice (JSON parsers keep one value)",
    "repeated-title.json": "a key given twice (JSON parsers keep one value)",
    "surrogate-alias.json": "a lone surrogate (JSON parsers decode it as text)",
    "surrogate-quote.json": "a lone surrogate (JSON parsers decode it as text)",
    "surrogate-title.json": "a lone surrogate (JSON parsers decode it as text)",
}


def test_the_schema_and_the_rule_book_agree_on_every_broken_store() -> None:
    from .test_hostile_stores import BAD, CASES, FORMAT_2, as_format_2

    validator = jsonschema.Draft202012Validator(json_schema())
    let_through: set[str] = set()
    for name, case in CASES.items():
        if "generated" in case:
            continue
        for version in (1, 2) if name in FORMAT_2 else (1,):
            data = (BAD / name).read_bytes()
            try:
                doc = json.loads((as_format_2(data) if version == 2 else data).decode("utf-8-sig"))
            except ValueError:
                continue  # not JSON: nothing for a schema to look at
            schema_ok = not list(validator.iter_errors(doc))
            assert schema_ok or case["exit"] != 0, f"the schema refuses {name}, validate does not"
            if schema_ok and case["exit"] != 0:
                let_through.add(name)
    assert let_through == set(BEYOND_A_SCHEMA)


def test_the_schema_takes_each_formats_dates_in_records_both_formats_declare() -> None:
    """An office is declared alike in both formats, but a store of format 2 may date it
    as format 2 dates anything ("2010?"), which the rule book accepts; format 1 may not."""
    from mnktimeline.store import check_document

    validator = jsonschema.Draft202012Validator(json_schema())
    for version, date, valid in ((2, "2010?", True), (2, "2010", True), (1, "2010?", False)):
        doc = json.loads(Path(SAMPLE if version == 2 else FORMAT_1).read_text(encoding="utf-8"))
        actor = next(a for a in doc["actors"] if a.get("kind", "person") == "person")
        actor["offices"] = [{"title": "Minister", "date": date}]
        _, problems = check_document(doc, "store.json")
        assert (not [p for p in problems if p.severity == "error"]) is valid, (version, date)
        assert (not list(validator.iter_errors(doc))) is valid, (version, date)
