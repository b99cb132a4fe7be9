"""The library behind the writing commands: canonical layout, ids, new records, imports,
and locked updates that never write an invalid store."""

from __future__ import annotations

import copy
import fcntl
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mnktimeline.csvformat import guard, unguard
from mnktimeline.model import Store
from mnktimeline.query import Query, select
from mnktimeline.render import csv as csv_render
from mnktimeline.render import json as json_render
from mnktimeline.slugs import slugify
from mnktimeline.store import StoreError, check_document, load
from mnktimeline.write import EditError, LockTimeout
from mnktimeline.write.add import EventDraft, plan_add
from mnktimeline.write.canonical import canonical_chunks, canonical_document, canonical_text
from mnktimeline.write.ids import derive_id
from mnktimeline.write.importing import plan_import, read_import
from mnktimeline.write.records import new_actor, new_source, parse_fields, resolve_actor_ids
from mnktimeline.write.update import check_canonical, locked_update, read_store

from .conftest import SAMPLE

# --- canonical layout ------------------------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=8,
)


@given(
    st.dictionaries(st.sampled_from(["sources", "actors", "x"]), json_values, max_size=3),
    st.integers(1, 5),
)
def test_the_canonical_text_is_what_json_dumps_would_write(doc: dict[str, Any], block: int) -> None:
    expected = json.dumps(canonical_document(doc), ensure_ascii=False, indent=2) + "\n"
    assert canonical_text(doc) == expected
    assert "".join(canonical_chunks(doc, block)) == expected


def test_canonical_layout_of_the_sample(sample_doc: dict[str, Any]) -> None:
    text = canonical_text(sample_doc)
    doc = json.loads(text)
    assert list(doc) == ["format", "sources", "actors", "places", "events"]
    assert [s["id"] for s in doc["sources"]] == [s["id"] for s in sample_doc["sources"]]
    assert [a["id"] for a in doc["actors"]] == [a["id"] for a in sample_doc["actors"]]
    store = load(SAMPLE)
    assert [e["id"] for e in doc["events"]] == [e.id for e in select(store, Query())]
    assert list(doc["events"][0]) == [
        "id",
        "date",
        "title",
        "summary",
        "category",
        "tags",
        "actors",
        "places",
        "sources",
    ]
    assert "Khürelsükh" in text and "\\u00fc" not in text  # UTF-8, not escapes
    assert text.endswith("}\n") and not text.endswith("\n\n")
    assert '\n  "sources": [\n    {\n      "id": "src-a",' in text  # two-space indent
    assert canonical_text(json.loads(text)) == text


def test_keys_are_put_in_order_and_nothing_is_dropped(sample_doc: dict[str, Any]) -> None:
    doc = copy.deepcopy(sample_doc)
    doc["events"][3] = dict(reversed(list(doc["events"][3].items())))
    doc["events"][3]["sources"][0] = {"locator": "p. 1", "source": "src-a", "quote": "q"}
    doc["actors"][3] = dict(reversed(list(doc["actors"][3].items())))
    out = canonical_document({"events": doc["events"], "actors": doc["actors"], "sources": []})
    talks = next(e for e in out["events"] if e["id"] == "2014-talks")
    assert list(talks)[:3] == ["id", "date", "title"] and list(talks)[-1] == "notes"
    assert list(talks["sources"][0]) == ["source", "locator", "quote"]
    assert talks["sources"][1] == {"source": "src-b", "locator": None}  # a null stays
    assert list(out["actors"][3]) == ["id", "name", "kind", "country", "aliases", "offices"]
    assert list(out) == ["sources", "actors", "events"]
    assert doc["events"][3]["id"] == "2014-talks"  # the input is not changed


def test_events_sort_by_start_then_end_then_id() -> None:
    events = [
        {"id": "b", "date": "2014"},
        {"id": "a", "date": "2014-01-01"},
        {"id": "c", "date": "2014"},
        {"id": "z", "date": "2013-12/2014"},
    ]
    out = canonical_document({"events": events})
    assert [e["id"] for e in out["events"]] == ["z", "a", "b", "c"]


# --- ids -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("when", "title", "expected"),
    [
        (
            "2014-05-23",
            "Ri Yong-ho meets US experts in Ulaanbaatar",
            "2014-05-23-ri-yong-ho-meets-us-experts-ulaanbaatar",
        ),
        ("2015/2016", "Coal test to Rajin", "2015-coal-test-rajin"),
        ("2018-12", "Khürelsükh in Tōkyō", "2018-12-khurelsukh-tokyo"),
        ("2013-10", "Elbegdorj's state visit", "2013-10-elbegdorjs-state-visit"),
        ("1948", "Монгол улс БНАСАУ-ыг хүлээн зөвшөөрөв", "1948-event"),
        ("1948", "The", "1948-the"),
    ],
)
def test_derived_ids(when: str, title: str, expected: str) -> None:
    assert derive_id(when, title, set()) == expected


def test_derived_ids_avoid_existing_ones() -> None:
    taken = {"2014-talks", "2014-talks-2"}
    assert derive_id("2014", "Talks", taken) == "2014-talks-3"


def test_slugs_are_short_at_a_word_boundary() -> None:
    slug = slugify("Mongolia and the DPRK sign an agreement on cooperation in education science")
    assert len(slug) <= 48 and not slug.endswith("-")
    assert slug == "mongolia-dprk-sign-agreement-cooperation"


@given(st.text())
def test_slugs_are_lowercase_ascii_words(text: str) -> None:
    slug = slugify(text)
    assert len(slug) <= 48
    assert slug == "" or all(part and part.isascii() and part.isalnum() for part in slug.split("-"))
    assert slug == slug.lower()


# --- new records -----------------------------------------------------------------------


def test_fields_may_hold_commas() -> None:
    spec = "title=Mongolia, the DPRK and Japan,url=https://example.org/x,published=2019"
    assert parse_fields(spec, ("id", "title", "url", "published"), "--new-source") == {
        "title": ["Mongolia, the DPRK and Japan"],
        "url": ["https://example.org/x"],
        "published": ["2019"],
    }
    with pytest.raises(EditError, match="'colour=red' is not KEY=VALUE"):
        parse_fields("colour=red,name=X", ("name",), "--new-actor")
    with pytest.raises(EditError, match="'contry' is not a key; use name, country"):
        parse_fields("name=X,contry=PRK", ("name", "country"), "--new-actor")


def test_a_new_actor_gets_an_id_from_its_name(sample: Store) -> None:
    actor = new_actor("name=Ri Yong-ho,kind=person,country=prk,alias=Ri,alias=Yong-ho", sample)
    assert actor == {
        "id": "ri-yong-ho",
        "name": "Ri Yong-ho",
        "kind": "person",
        "country": "PRK",
        "aliases": ["Ri", "Yong-ho"],
    }
    with pytest.raises(EditError, match="already in the store as Kim Jong Un"):
        new_actor("name=kim jong-un,kind=person", sample)
    with pytest.raises(EditError, match="has no kind"):
        new_actor("name=Someone", sample)


def test_a_new_source_is_refused_when_its_url_is_known(sample: Store) -> None:
    source = new_source("title=A new report, with a comma,published=2020", sample)
    assert source == {
        "id": "new-report-comma",
        "title": "A new report, with a comma",
        "published": "2020",
    }
    named = new_source("title=T,author=A. Author,publisher=P,published=2019-02", sample)
    assert named["id"] == "author-2019-02"
    with pytest.raises(EditError, match="already in the store as source 'src-a'"):
        new_source("title=Again,url=https://example.org/a", sample)


def test_actor_names_resolve_as_in_queries_but_must_fit_one(sample: Store) -> None:
    assert resolve_actor_ids(sample, ["elbeg", "Mongolia", "mongolia"]) == ["elbegdorj", "mongolia"]
    with pytest.raises(
        EditError, match=r"'Kim' fits 2 actors: Kim Il Sung \(kim-il-sung\), Kim Jong Un"
    ):
        resolve_actor_ids(sample, ["Kim"])
    with pytest.raises(EditError, match=r"no actor is called 'Nobody Else'.*; try this"):
        resolve_actor_ids(sample, ["Nobody Else"], hint="; try this")
    fresh = [{"id": "ri", "name": "Ri Yong-ho", "kind": "person"}]
    assert resolve_actor_ids(sample, ["ri yong ho"], fresh) == ["ri"]


def draft(**changes: Any) -> EventDraft:
    fields: dict[str, Any] = {
        "date": "2014-05-23",
        "title": "Ri Yong-ho meets US experts",
        "summary": "They talk in Ulaanbaatar.",
        "category": "mediation",
        "actors": ("North Korea",),
        "source": "src-a",
        "locator": "para. 4",
    }
    fields.update(changes)
    return EventDraft(**fields)


def test_plan_add_appends_a_valid_event_and_leaves_the_input_alone(
    doc: dict[str, Any], sample: Store
) -> None:
    before = copy.deepcopy(doc)
    new_doc, added = plan_add(doc, sample, draft(tags=("track-2",)))
    assert doc == before
    assert added.created() == [("event", "2014-05-23-ri-yong-ho-meets-us-experts")]
    assert added.event == {
        "id": "2014-05-23-ri-yong-ho-meets-us-experts",
        "date": "2014-05-23",
        "title": "Ri Yong-ho meets US experts",
        "summary": "They talk in Ulaanbaatar.",
        "category": "mediation",
        "tags": ["track-2"],
        "actors": ["north-korea"],
        "places": [],
        "sources": [{"source": "src-a", "locator": "para. 4"}],
    }
    store, problems = check_document(new_doc)
    assert store is not None and len(store.events) == 12, problems


def test_plan_add_with_a_new_actor_and_source(doc: dict[str, Any], sample: Store) -> None:
    new_doc, added = plan_add(
        doc,
        sample,
        draft(
            actors=("Ri Yong-ho", "Mongolia"),
            source=None,
            new_actors=("name=Ri Yong-ho,kind=person,country=PRK",),
            new_source="title=Yonhap report,published=2014-05-26,url=https://example.org/y",
        ),
    )
    record = added.event
    assert record["actors"] == ["ri-yong-ho", "mongolia"]
    assert record["sources"] == [{"source": "yonhap-report", "locator": "para. 4"}]
    assert added.created()[1:] == [("actor", "ri-yong-ho"), ("source", "yonhap-report")]
    assert new_doc["actors"][-1]["id"] == "ri-yong-ho"
    assert new_doc["sources"][-1]["id"] == "yonhap-report"
    assert check_document(new_doc)[0] is not None


@pytest.mark.parametrize(
    ("changes", "fragment"),
    [
        ({"source": "src-q"}, "sources[0]: field 'source' refers to source 'src-q'"),
        ({"date": "2020-01-01", "source": "src-b"}, "is after the publication date"),
        ({"id": "2014-talks"}, "an event with the id '2014-talks' is already in the store"),
        ({"id": "bad id"}, "field 'id' 'bad id' may hold only"),
        ({"actors": ("Kim",)}, "'Kim' fits 2 actors"),
        ({"actors": ("Zzyzx",)}, "describe a new actor with --new-actor"),
        ({"category": "sport"}, "field 'category' is \"sport\""),
        ({"new_actors": ("name=X,kind=robot",)}, "field 'kind' is \"robot\""),
    ],
)
def test_plan_add_refuses_what_would_not_validate(
    doc: dict[str, Any], sample: Store, changes: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(EditError) as err:
        plan_add(doc, sample, draft(**changes))
    assert fragment in str(err.value) + " ".join(err.value.details)


# --- import ----------------------------------------------------------------------------


@given(st.text(max_size=20))
def test_unguard_undoes_the_spreadsheet_guard(text: str) -> None:
    assert unguard(guard(text)) == text


def empty_events(doc: dict[str, Any]) -> tuple[dict[str, Any], Store]:
    doc = dict(doc, events=[])
    store, _ = check_document(doc)
    assert store is not None
    return doc, store


def test_the_csv_export_imports_back(doc: dict[str, Any], sample: Store) -> None:
    sample_doc = copy.deepcopy(doc)
    sample_doc["events"][0]["summary"] = "-5% trade, =SUM(A1) and @everyone"
    sample_store = check_document(sample_doc)[0]
    assert sample_store is not None
    exported = "".join(csv_render.events(list(sample_store.events), sample_store))
    target_doc, target = empty_events(doc)
    rows = read_import(exported, "x.csv")
    assert [r.where for r in rows][:2] == ["line 2", "line 3"]
    new_doc, added = plan_import(target_doc, target, rows, "x.csv")
    assert len(added) == 11
    back = check_document(new_doc)[0]
    assert back is not None
    for ev in sample_store.events:
        got = back.event(ev.id)
        assert got is not None
        # CSV carries notes with their sources ("text [id; id]"), but not quotations.
        assert got.notes == ev.notes
        assert (got.date, got.title, got.summary, got.category) == (
            ev.date,
            ev.title,
            ev.summary,
            ev.category,
        )
        assert (got.tags, got.actors, got.places, got.sources) == (
            ev.tags,
            ev.actors,
            ev.places,
            ev.sources,
        )


def test_the_json_export_and_the_store_shape_import(doc: dict[str, Any], sample: Store) -> None:
    exported = "".join(json_render.events(list(sample.events), sample))
    target_doc, target = empty_events(doc)
    for text in (exported, json.dumps({"events": doc["events"]})):
        new_doc, _ = plan_import(target_doc, target, read_import(text, "x.json"), "x.json")
        back = check_document(new_doc)[0]
        assert back is not None
        assert sorted(back.events, key=lambda e: e.id) == sorted(sample.events, key=lambda e: e.id)


def test_every_bad_row_is_reported_and_nothing_is_imported(
    doc: dict[str, Any], sample: Store
) -> None:
    text = (
        "id,date,title,summary,category,actors,sources\r\n"
        "ok-1,2014,Fine,Fine.,economy,Mongolia,src-a\r\n"  # line 2
        "2014-talks,2014,Taken,Taken.,economy,Mongolia,src-a\r\n"  # line 3
        ',2014-13,"Two\nlines",Bad date.,economy,Mongolia,src-a\r\n'  # lines 4-5
        "ok-1,2014,Again,Again.,sport,Kim,src-z (p. 1)\r\n"  # line 6
        "\r\n"
        "short,2014\r\n"  # line 8
    )
    rows = read_import(text, "bad.csv")
    with pytest.raises(EditError) as err:
        plan_import(doc, sample, rows, "bad.csv")
    details = err.value.details
    assert str(err.value).startswith("bad.csv: 4 of 5 rows rejected (listed above); nothing")
    assert "bad.csv: line 3: an event with the id '2014-talks' is already in the store" in details
    assert any(
        d.startswith("bad.csv: line 4: field 'date': '2014-13' has month 13") for d in details
    )
    assert "bad.csv: line 6: the id 'ok-1' is also used by line 2" in details
    assert any(d.startswith("bad.csv: line 6: 'Kim' fits 2 actors") for d in details)
    assert any(d.startswith("bad.csv: line 6: field 'category' is \"sport\"") for d in details)
    assert any(
        d.startswith("bad.csv: line 6: sources[0]: field 'source' refers to source 'src-z'")
        for d in details
    )
    assert "bad.csv: line 8: has 2 cells where the header has 7" in details
    assert not any("line 2:" in d for d in details)


def test_csv_start_and_end_must_agree_with_the_date(doc: dict[str, Any]) -> None:
    target_doc, target = empty_events(doc)
    text = "date,start,end,title,summary,category,sources\n2014,2014-01-01,2014-06-30,T,S.,economy,src-a\n"
    with pytest.raises(EditError) as err:
        plan_import(target_doc, target, read_import(text, "x.csv"), "x.csv")
    assert err.value.details == [
        "x.csv: line 2: end 2014-06-30 does not match date 2014 (which ends on 2014-12-31); "
        "correct the date, or empty the end column"
    ]


@pytest.mark.parametrize(
    ("text", "name", "fragment"),
    [
        ("id,when,title\n", "x.csv", "column 'when' is not one of the export's"),
        ("id,title\n", "x.csv", "the header has no 'date' column"),
        ("[1, 2", "x.json", "x.json is not valid JSON"),
        ('{"events": [], "events": []}', "x.json", "the key 'events' is given more than once"),
        ('{"events": [], "notes": []}', "x.json", "needs an 'events' list and no 'notes'"),
        ('{"sources": []}', "x.json", "needs an 'events' list"),
        ('"text"', "x.json", "must be a list of events"),
    ],
)
def test_files_that_are_not_imports(text: str, name: str, fragment: str) -> None:
    with pytest.raises(EditError, match=fragment):
        read_import(text, name)


def test_a_locator_may_hold_semicolons_inside_its_parentheses(doc: dict[str, Any]) -> None:
    target_doc, target = empty_events(doc)
    text = (
        'date,title,summary,category,sources\n2014,T,S.,economy,"src-a (p. 1; fn. 2 (b)); src-b"\n'
    )
    _, added = plan_import(target_doc, target, read_import(text, "x.csv"), "x.csv")
    assert added[0]["sources"] == [
        {"source": "src-a", "locator": "p. 1; fn. 2 (b)"},
        {"source": "src-b"},
    ]
    assert added[0]["id"] == "2014-t"


# --- locked updates --------------------------------------------------------------------


@pytest.fixture
def store_file(tmp_path: Path, sample_doc: dict[str, Any]) -> Path:
    path = tmp_path / "events.json"
    path.write_text(json.dumps(sample_doc, ensure_ascii=False, indent=4), encoding="utf-8")
    return path


def add_one(doc: dict[str, Any], store: Store) -> tuple[dict[str, Any], str]:
    new_doc, added = plan_add(doc, store, draft())
    return new_doc, str(added.event["id"])


def test_locked_update_writes_canonical_text(store_file: Path) -> None:
    assert check_canonical(store_file) is not None
    ident = locked_update(store_file, add_one)
    assert check_canonical(store_file) is None
    assert load(store_file).event(ident) is not None
    assert sorted(p.name for p in store_file.parent.iterdir()) == ["events.json"]


def test_a_result_that_does_not_validate_is_not_written(store_file: Path) -> None:
    before = store_file.read_bytes()

    def break_it(doc: dict[str, Any], store: Store) -> tuple[dict[str, Any], None]:
        events = [*doc["events"], dict(doc["events"][0])]  # a duplicate id
        return {**doc, "events": events}, None

    with pytest.raises(EditError, match="was not changed: the result would not validate"):
        locked_update(store_file, break_it)
    assert store_file.read_bytes() == before


def test_a_store_that_does_not_validate_is_not_written(store_file: Path) -> None:
    doc = json.loads(store_file.read_text(encoding="utf-8"))
    doc["events"][0]["date"] = "2014-13"
    store_file.write_text(json.dumps(doc), encoding="utf-8")
    before = store_file.read_bytes()
    with pytest.raises(StoreError, match="'2014-13' has month 13"):
        locked_update(store_file, add_one)
    assert store_file.read_bytes() == before


def test_a_held_lock_times_out_with_a_clear_message(store_file: Path) -> None:
    fd = os.open(store_file, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(LockTimeout, match="being changed by another timeline command"):
            locked_update(store_file, add_one, timeout=0.2)
    finally:
        os.close(fd)
    locked_update(store_file, add_one)


def test_stale_temporary_files_are_removed_under_the_lock(store_file: Path) -> None:
    stale = store_file.parent / ".events.json.abc12_yz.tmp"
    stale.write_text('{"half": ')
    other = store_file.parent / ".other.json.abc12_yz.tmp"
    other.write_text("not ours")
    assert read_store(store_file)[1] is not None  # a stray temporary does not stop reading
    locked_update(store_file, add_one)
    assert not stale.exists()
    assert other.exists()


@pytest.mark.parametrize("how", ["read-only", "folder"])
def test_files_that_cannot_be_written(store_file: Path, how: str) -> None:
    if how == "read-only":
        store_file.chmod(0o444)
        fragment = "the file is read-only"
    else:
        store_file.unlink()
        store_file.mkdir()
        fragment = "it is a folder"
    with pytest.raises(EditError, match=fragment):
        locked_update(store_file, add_one)
    assert [p.name for p in store_file.parent.iterdir()] == ["events.json"]


@pytest.mark.parametrize(
    "change",
    [
        {"events": {"id": "1948-recognition"}},  # a clash with an old id
        {"events": {"date": "2014-13"}},
        {"events": {"actors": ["nobody"]}},
        {"actors": {"id": "mongolia", "name": "Again", "kind": "state"}},
        {"sources": {"id": "src-new", "title": "New", "url": "ftp://x"}},
        {"events": {"id": "fine-new"}},
    ],
)
def test_checking_only_what_was_appended_gives_the_whole_verdict(
    sample_doc: dict[str, Any], sample: Store, change: dict[str, dict[str, Any]]
) -> None:
    from mnktimeline.write.update import result_problems

    new = dict(sample_doc)
    for key, fields in change.items():
        base = sample_doc[key][3] if key == "events" else {}
        new[key] = [*sample_doc[key], {**base, **fields}]
    whole = [str(p) for p in check_document(new)[1] if p.severity == "error"]
    appended = [str(p) for p in result_problems(sample_doc, sample, new, "<store>")]
    assert bool(whole) == bool(appended)
    assert set(appended) <= set(whole) | {
        "events[11] '1948-recognition': duplicate event id '1948-recognition'"
    }


def test_a_change_that_does_more_than_append_is_checked_whole(
    sample_doc: dict[str, Any], sample: Store
) -> None:
    from mnktimeline.write.update import result_problems

    broken = dict(sample_doc["events"][0], date="2014-13")
    new = dict(sample_doc, events=[broken, *sample_doc["events"][1:]])
    assert [str(p) for p in result_problems(sample_doc, sample, new, "x")] == [
        "events[0] '1948-recognition': field 'date': '2014-13' has month 13; months run from 01 to 12"
    ]


def test_a_missing_store_is_an_error_and_leaves_no_lock_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        locked_update(tmp_path / "missing.json", add_one)
    assert list(tmp_path.iterdir()) == []


def test_a_symlinked_store_stays_a_link_to_the_changed_file(store_file: Path) -> None:
    link = store_file.parent / "link.json"
    link.symlink_to(store_file.name)
    ident = locked_update(link, add_one)
    assert link.is_symlink()
    assert load(store_file).event(ident) is not None
    assert sorted(p.name for p in store_file.parent.iterdir()) == ["events.json", "link.json"]


def test_the_store_inside_an_installed_package_is_refused(
    monkeypatch: pytest.MonkeyPatch, store_file: Path
) -> None:
    from mnktimeline.store import locate
    from mnktimeline.write import update as edit

    monkeypatch.setattr(locate, "_packaged", lambda: str(store_file))
    with pytest.raises(EditError, match="bundled inside the installed package"):
        edit.refuse_packaged(str(store_file.parent / "." / store_file.name))
    edit.refuse_packaged(store_file.parent / "other.json")


def test_a_writer_that_waited_locks_the_store_that_replaced_the_one_it_waited_for(
    store_file: Path,
) -> None:
    import shutil
    import threading
    import time

    old = os.open(store_file, os.O_RDONLY)
    fcntl.flock(old, fcntl.LOCK_EX)
    done: list[str] = []
    waiter = threading.Thread(target=lambda: done.append(locked_update(store_file, add_one)))
    waiter.start()
    time.sleep(0.2)
    # Another writer replaces the store, holding the new file's lock as replace_file does.
    fresh = store_file.with_name("fresh.json")
    shutil.copy(store_file, fresh)
    new = os.open(fresh, os.O_RDONLY)
    fcntl.flock(new, fcntl.LOCK_EX)
    os.replace(fresh, store_file)
    before = store_file.read_bytes()
    os.close(old)  # the file the waiter waited for is free, but it is no longer the store
    time.sleep(0.3)
    assert waiter.is_alive() and store_file.read_bytes() == before
    os.close(new)
    waiter.join(timeout=10)
    assert done and load(store_file).event(done[0]) is not None


def test_a_lock_dies_with_the_process_that_held_it(store_file: Path) -> None:
    import signal
    import subprocess
    import sys
    import time

    holder = subprocess.Popen(
        [sys.executable, "-c", "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); "
         "fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(600)",
         str(store_file)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout is not None and holder.stdout.readline() == "held\n"
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    locked_update(store_file, add_one, timeout=1)
    assert time.monotonic() - started < 1
    assert sorted(p.name for p in store_file.parent.iterdir()) == ["events.json"]
