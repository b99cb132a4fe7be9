"""Loading and validating store files: every problem named by file, record and field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.store import StoreError, bundled_store, check, check_document, load

from .conftest import SAMPLE

Write = Callable[..., Path]


def messages(doc: Any) -> list[str]:
    _, problems = check_document(doc, "x.json")
    return [str(p) for p in problems if p.severity == "error"]


def test_the_sample_store_loads_into_typed_records() -> None:
    store = load(SAMPLE)
    assert len(store.events) == 11
    ev = store.event("2014-talks")
    assert ev is not None
    assert ev.date.text == "2014-05-23"
    assert ev.sources[0].source == "src-a"
    assert ev.sources[0].locator == "para. 3"
    assert ev.notes[0].text == "The article says 21 May."
    assert store.actors["elbegdorj"].offices[0].date is not None


def test_the_bundled_store_validates() -> None:
    store, problems = check(bundled_store())
    assert store is not None, [str(p) for p in problems]
    assert [p for p in problems if p.severity == "error"] == []
    assert len(store.events) > 0


def test_a_missing_field_is_named_with_its_record(doc: dict[str, Any]) -> None:
    del doc["events"][2]["title"]
    assert messages(doc) == ["events[2] '2013-elbegdorj-visit': field 'title' is missing"]


def test_wrong_types_are_named(doc: dict[str, Any]) -> None:
    doc["events"][0]["title"] = 12
    doc["events"][1]["tags"] = "state-visit"
    doc["actors"][0]["aliases"] = [None]
    doc["sources"][0]["title"] = ["x"]
    found = messages(doc)
    assert "events[0] '1948-recognition': field 'title' must be text, not a number" in found
    assert "events[1] '1956-kim-visit': field 'tags' must be a list of text, not text" in found
    assert "actors[0] 'mongolia': field 'aliases' item 0 must be non-empty text, not null" in found
    assert "sources[0] 'src-a': field 'title' must be text, not a list" in found


def test_every_problem_is_listed_not_only_the_first(doc: dict[str, Any]) -> None:
    doc["events"][0]["date"] = "2014-02-30"
    doc["events"][1]["category"] = "diplomcy"
    doc["events"][2]["actors"] = ["elbegdorg"]
    doc["events"][3]["sources"] = [{"source": "src-z"}]
    doc["events"][4]["id"] = "1948-recognition"
    doc["events"][5]["title"] = "   "
    found = messages(doc)
    assert len(found) == 6, found
    assert any("'2014-02-30' does not exist" in m for m in found)
    assert any("did you mean 'diplomacy'?" in m for m in found)
    assert any(
        "actor 'elbegdorg', which is not in the store; did you mean 'elbegdorj'?" in m
        for m in found
    )
    assert any("sources[0]: field 'source' refers to source 'src-z'" in m for m in found)
    assert any("duplicate event id '1948-recognition'" in m for m in found)
    assert any("field 'title' is empty" in m for m in found)


def test_duplicate_actor_and_source_ids(doc: dict[str, Any]) -> None:
    doc["actors"].append(dict(doc["actors"][0]))
    doc["sources"].append(dict(doc["sources"][0]))
    found = messages(doc)
    assert "actors[9] 'mongolia': duplicate actor id 'mongolia'" in found
    assert "sources[3] 'src-a': duplicate source id 'src-a'" in found


def test_unknown_keys_are_refused_with_a_hint(doc: dict[str, Any]) -> None:
    doc["events"][0]["summmary"] = doc["events"][0].pop("summary")
    found = messages(doc)
    assert (
        "events[0] '1948-recognition': field 'summmary' is not part of the schema; did you mean 'summary'?"
        in found
    )
    assert "events[0] '1948-recognition': field 'summary' is missing" in found


def test_an_event_needs_a_source(doc: dict[str, Any]) -> None:
    doc["events"][0]["sources"] = []
    assert messages(doc) == [
        "events[0] '1948-recognition': field 'sources' is empty; every event needs at least one source"
    ]


def test_an_event_cannot_postdate_every_source_it_cites(doc: dict[str, Any]) -> None:
    doc["events"][3]["sources"] = [{"source": "src-b"}]  # published 2014-05
    doc["events"][3]["date"] = "2014-06-01"
    found = messages(doc)
    assert found == [
        "events[3] '2014-talks': field 'date' 2014-06-01 is after the publication date of every "
        "source it cites (latest 2014-05-31)"
    ]


def test_an_undated_source_never_makes_an_event_too_late(doc: dict[str, Any]) -> None:
    doc["events"][3]["sources"] = [{"source": "src-old"}]
    doc["events"][3]["date"] = "2024-06-01"
    assert messages(doc) == []


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ([], "top level must be a JSON object"),
        ({"sources": [], "actors": []}, "the top-level list 'events' is missing"),
        ({"sources": [], "actors": [], "events": {}}, "events: must be a list, not an object"),
        ({"sources": [], "actors": [], "events": [], "extra": 1}, "top-level key 'extra'"),
        (
            {"sources": [], "actors": [], "events": ["x"]},
            "events[0]: must be a JSON object, not text",
        ),
    ],
)
def test_shape_errors(doc: Any, fragment: str) -> None:
    assert any(fragment in m for m in messages(doc)), messages(doc)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "is empty"),
        (
            "{",
            "is not valid JSON: Expecting property name enclosed in double quotes at line 1, column 2",
        ),
        ('{"sources": [],\n "actors": [],\n "events": [],}', "at line 3, column 15"),
        ("// comment\n{}", "is not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ],
)
def test_unreadable_files_name_the_file_and_the_line(
    write_store: Write, text: str, fragment: str
) -> None:
    path = write_store(text)
    with pytest.raises(StoreError) as err:
        load(path)
    assert str(path) in str(err.value)
    assert fragment in str(err.value)


def test_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(
        '{"sources": [], "actors": [], "events": [], "x": "Kh\u00fcrels\u00fckh"}'.encode("latin-1")
    )
    with pytest.raises(
        StoreError,
        match="is not UTF-8 text: byte 0xfc at line 1, column 53; save the file as UTF-8",
    ):
        load(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        load(tmp_path / "nope.json")


def test_the_load_error_counts_the_other_problems(write_store: Write, doc: dict[str, Any]) -> None:
    doc["events"][0]["date"] = "2014-13"
    doc["events"][1]["date"] = "2014-14"
    path = write_store(doc)
    with pytest.raises(StoreError) as err:
        load(path)
    assert "and 1 more problem;" in str(err.value)
    assert f"'timeline validate {path}' lists them all" in str(err.value)


def test_control_characters_load_with_a_warning(sample_doc: dict[str, Any]) -> None:
    store, problems = check_document(sample_doc)
    assert store is not None
    assert [p.severity for p in problems] == ["warning", "warning"]
    assert "control or bidirectional" in problems[0].message


def test_a_quotation_is_at_most_200_characters(doc: dict[str, Any]) -> None:
    doc["events"][0]["sources"][0]["quote"] = "x" * 201
    assert messages(doc) == [
        "events[0] '1948-recognition' sources[0]: field 'quote' has 201 characters; "
        "a quotation is at most 200, one sentence"
    ]


def test_a_note_names_its_sources(doc: dict[str, Any]) -> None:
    doc["events"][3]["notes"] = [{"text": "Sources differ.", "sources": []}]
    doc["events"][4]["notes"] = [{"text": "Sources differ."}]
    found = messages(doc)
    assert (
        "events[3] '2014-talks' notes[0]: field 'sources' is empty; a note names the sources behind it"
        in found
    )
    assert "events[4] '2014-year' notes[0]: field 'sources' is missing" in found


def test_a_lone_surrogate_is_refused_on_every_path(write_store: Write, doc: dict[str, Any]) -> None:
    import json

    from mnktimeline.store.fast import load_large

    doc["events"][5]["title"] = "Coal \ud800 test"
    doc["actors"][0]["aliases"] = ["MPR \udfff"]
    # json.dumps writes the lone surrogates as \ud800 escapes, as a broken file would.
    text = json.dumps(doc)
    assert "\\ud800" in text
    path = write_store(text)
    with pytest.raises(StoreError) as err:
        load(path)
    message = str(err.value)
    assert "actors[0] 'mongolia': field 'aliases' item 0 holds a lone surrogate" in message
    assert "and 1 more problem" in message
    found = messages(json.loads(text))
    assert (
        "events[5] '2015-coal': field 'title' holds a lone surrogate, which is not a character"
        in found[1]
    )
    fast, problems = check_document(json.loads(text), "x.json", warnings=False)
    assert fast is None and len([p for p in problems if p.severity == "error"]) == 2
    assert load_large(text.encode(), "x.json") is None


def test_a_surrogate_pair_written_as_escapes_is_one_character(
    write_store: Write, doc: dict[str, Any]
) -> None:
    doc["events"][5]["title"] = "Coal \U0001f682 test"
    path = write_store(__import__("json").dumps(doc))  # ensure_ascii: "\ud83d\ude82"
    assert "\\ud83d" in path.read_text(encoding="utf-8")
    assert load(path).events[5].title == "Coal \U0001f682 test"


@pytest.mark.parametrize(
    "number", ["NaN", "Infinity", "-Infinity", "1e999", "1" * 5000, "-" + "9" * 4301]
)
def test_numbers_json_accepts_are_still_not_text(write_store: Write, number: str) -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace('"Coal test to Rajin"', number)
    with pytest.raises(StoreError) as err:
        load(write_store(text))
    assert "events[5] '2015-coal': field 'title' must be text, not a number" in str(err.value)


def test_a_key_given_twice_is_refused_not_silently_dropped(write_store: Write) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    twice = text.replace(
        '"title": "Coal test to Rajin"', '"title": "A", "title": "Coal test to Rajin"'
    )
    with pytest.raises(StoreError) as err:
        load(write_store(twice))
    assert (
        "events[5] '2015-coal': field 'title' is given more than once; only the last would be kept"
        in str(err.value)
    )
    body = text.strip()[1:-1]
    merged = "{" + body + ', "events": []}'
    _, problems = check(write_store(merged, "merged.json"))
    assert [str(p) for p in problems if p.severity == "error"] == [
        "top-level key 'events' is given more than once; only the last would be kept, "
        "so merge them into one"
    ]


def test_dates_are_written_in_ascii_digits(doc: dict[str, Any]) -> None:
    doc["events"][4]["date"] = "\u0662\u0660\u0661\u0664"  # 2014 in Arabic-Indic digits
    assert messages(doc) == [
        "events[4] '2014-year': field 'date': '\u0662\u0660\u0661\u0664' is not a date; "
        "write YYYY, YYYY-MM or YYYY-MM-DD (each may end in ~, ? or %)"
    ]


def test_a_byte_order_mark_loads_and_validate_warns(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert len(load(path).events) == 11
    store, problems = check(path)
    assert store is not None
    assert "starts with a UTF-8 byte-order mark" in str(problems[0])
    assert problems[0].severity == "warning"


def test_utf16_is_named(tmp_path: Path) -> None:
    path = tmp_path / "utf16.json"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("utf-16"))
    with pytest.raises(StoreError, match=r"byte 0xff at line 1, column 1 \(it looks like UTF-16\)"):
        load(path)


def test_a_store_from_a_fifo_is_read_with_a_bound(tmp_path: Path) -> None:
    import os
    import threading

    from mnktimeline.store.decode import read_file

    fifo = tmp_path / "endless.json"
    os.mkfifo(fifo)

    def write() -> None:
        import contextlib

        with contextlib.suppress(BrokenPipeError), open(fifo, "wb") as out:
            out.write(b"{" + b" " * (1 << 20))  # the reader stops before the end

    writer = threading.Thread(target=write)
    writer.start()
    with pytest.raises(StoreError, match=r"holds more than 0\.25 MiB, more than a store may"):
        read_file(fifo, limit=1 << 18)
    writer.join(timeout=10)
