"""Stores of 1 MiB and more, read a record at a time (store/fast.py): the same store, the
same answers and the same problems, in the same order, as the rule book gives."""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mnktimeline import store as store_module
from mnktimeline.query import Query, select
from mnktimeline.store import LARGE_STORE_BYTES, StoreError, check, load

from .conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))
from realistic import build


@pytest.fixture(scope="module")
def doc() -> dict[str, Any]:
    return build(2500, seed=3)


@pytest.fixture(autouse=True, params=["in one process", "on a second CPU"])
def aside(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with the work a second CPU can take (validate's look at the bytes,
    ``store/aside.py``, and the later half of the events, ``store/chunks.py``) made in this
    process, and made by a forked child: the answers must not differ."""
    from mnktimeline.store import chunks, forked

    if request.param == "on a second CPU":
        if not hasattr(os, "fork"):
            pytest.skip("no fork here")
        monkeypatch.setattr(forked, "FORK_EVENTS", 0)
        monkeypatch.setattr(forked, "second_cpu", lambda: True)
        monkeypatch.setattr(chunks, "CHUNK", 300)  # so that the test stores have halves
    else:
        monkeypatch.setattr(forked, "FORK_EVENTS", 1 << 40)
    return str(request.param)


def write(tmp_path: Path, doc: dict[str, Any], name: str = "big.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    assert path.stat().st_size >= LARGE_STORE_BYTES
    return path


def detailed(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str]]:
    with monkeypatch.context() as m:
        m.setattr(store_module, "LARGE_STORE_BYTES", 1 << 40)
        store, problems = check(path)
    return store, [f"{p.severity} {p}" for p in problems]


def assert_key_twice_found(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Check that validate refuses the large store at ``path``, naming the same problems in
    the same order as the rule book, which finds a key given twice; return them."""
    store, problems = check(path)
    expected_store, expected = detailed(path, monkeypatch)
    assert store is None and expected_store is None
    assert [f"{p.severity} {p}" for p in problems] == expected
    assert any("given more than once" in p for p in expected)
    return expected


def test_a_valid_large_store_is_the_same_store(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path, doc)
    large = load(path)
    small, problems = detailed(path, monkeypatch)
    assert small is not None and problems == []
    assert list(large.events) == list(small.events)
    assert (large.sources, large.actors, large.places) == (
        small.sources,
        small.actors,
        small.places,
    )
    for query in (
        Query(),
        Query(since=small.events[0].date.start),
        Query(categories=frozenset({"labour"})),
    ):
        assert select(large, query) == select(small, query)
    some = small.events[1234]
    assert large.event(some.id) == some


@pytest.mark.parametrize(
    "words", ["visit", "kim jong", '"north korea"', "rason", "khurelsukh", "김정일", "zzzz"]
)
def test_a_search_of_a_large_store_keeps_what_the_rule_book_s_store_keeps(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch, words: str
) -> None:
    """The search of a large store reads only the fields it looks in (structs.py,
    ``Events.searchable``), alone or with dates; with other filters it reads whole events."""
    from mnktimeline.textmatch import terms

    path = write(tmp_path, doc)
    large = load(path)
    small, _ = detailed(path, monkeypatch)
    middle = small.events[len(small.events) // 2].date.start
    search = tuple(terms(words))
    for query in (
        Query(search=search),
        Query(search=search, since=middle),
        Query(search=search, until=middle, within=True, reverse=True, limit=7),
        Query(search=search, categories=frozenset({"diplomacy"})),
    ):
        assert select(large, query) == select(small, query)
    assert select(large, Query(search=search)) or words == "zzzz"


def _break(doc: dict[str, Any]) -> str:
    """Return the JSON of ``doc`` with one of each kind of problem among its events."""
    events = doc["events"]
    events[10]["date"] = "2030-01-01"  # after every source it cites
    events[20]["id"] = events[19]["id"]  # a repeated id
    events[40]["title"] = "   "
    events[50]["summary"] += " \x1b[31mred\x1b[0m"  # a warning only
    events[60]["actors"] = [*events[60].get("actors", []), "nobody-at-all"]
    events[70]["part_of"] = "no-such-event"
    events[80]["date"] = "2014-02-30"
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    # A key given twice, which msgspec cannot see: written into the JSON of event 30.
    marker = f'"id": "{events[30]["id"]}",'
    return text.replace(marker, marker + ' "title": "first",', 1)


def test_a_broken_large_store_gets_every_problem_in_the_order_of_the_rule_book(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "broken.json"
    path.write_text(_break(json.loads(json.dumps(doc))), encoding="utf-8")
    expected = assert_key_twice_found(path, monkeypatch)
    assert any(p.startswith("warning ") for p in expected)
    with pytest.raises(StoreError) as large:
        load(path)
    with monkeypatch.context() as m, pytest.raises(StoreError) as small:
        m.setattr(store_module, "LARGE_STORE_BYTES", 1 << 40)
        load(path)
    # Loading names the same first problem; it does not look for keys given twice (msgspec
    # keeps the last value, see store/fast.py), so it counts one problem fewer.
    assert str(large.value).split(" (and ")[0] == str(small.value).split(" (and ")[0]
    assert len(large.value.problems) == len(small.value.problems) - 1


def test_a_large_store_with_only_warnings_loads_and_validate_warns(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = json.loads(json.dumps(doc))
    broken["events"][5]["title"] += " \u202eRLO"
    path = write(tmp_path, broken)
    store, problems = check(path)
    assert store is not None
    assert [f"{p.severity} {p}" for p in problems] == detailed(path, monkeypatch)[1]
    assert problems and all(p.severity == "warning" for p in problems)


@pytest.mark.parametrize(
    ("where", "given_twice"),
    [
        ('"title": ', '"title": "first", '),  # in the event
        ('"source": ', '"source": "{source}", '),  # in a source reference
        ('"kind": ', '"kind": "derivation", '),  # in a note
    ],
)
def test_a_key_given_twice_in_an_otherwise_valid_large_store_is_found(
    tmp_path: Path,
    doc: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
    where: str,
    given_twice: str,
) -> None:
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    # Into the 2000th event's JSON (a chunk of plainly valid events otherwise).
    start = text.index(f'"id": "{doc["events"][2000]["id"]}"')
    at = text.index(where, start)
    path = tmp_path / "twice.json"
    source = doc["events"][2000]["sources"][0]["source"]
    path.write_text(text[:at] + given_twice.format(source=source) + text[at:], encoding="utf-8")
    assert_key_twice_found(path, monkeypatch)
    assert load(path).events[2000].id == doc["events"][2000]["id"]  # loading keeps the last


def test_keys_given_twice_and_warnings_are_found_in_either_share_of_the_look(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Near the start (the child's share of the look, on a second CPU) and in the last
    events (this process's share)."""
    changed = json.loads(json.dumps(doc))
    for k in (100, len(changed["events"]) - 20):
        changed["events"][k + 1]["summary"] += " \x1b[31mred\x1b[0m"
    text = json.dumps(changed, ensure_ascii=False, indent=2)
    for k in (100, len(changed["events"]) - 20):
        marker = f'"id": "{changed["events"][k]["id"]}",'
        text = text.replace(marker, marker + ' "title": "first",', 1)
    path = tmp_path / "twice.json"
    path.write_text(text, encoding="utf-8")
    expected = assert_key_twice_found(path, monkeypatch)
    assert sum("given more than once" in p for p in expected) == 2
    assert sum(p.startswith("warning ") for p in expected) == 2


def _twice_in_head(text: str) -> str:
    return text.replace('"name": ', '"name": "Someone", "name": ', 1)  # the first actor


def _format_twice(text: str) -> str:
    return text.replace('"format": 2,', '"format": 2, "format": 2,', 1)


def _places_after_events(text: str) -> str:
    places = text[text.index('"places": [') : text.index('"events": [')].rstrip().rstrip(",")
    return text.rstrip().removesuffix("}") + ", " + places + "}"


def _events_twice(text: str) -> str:
    events = text[text.index('"events": [') :].rstrip().removesuffix("}")
    return text.rstrip().removesuffix("}") + ", " + events + "}"


@pytest.mark.parametrize(
    "change", [_twice_in_head, _format_twice, _places_after_events, _events_twice]
)
def test_a_key_given_twice_at_the_top_or_in_the_head_of_a_large_store_is_found(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch, change: Any
) -> None:
    path = tmp_path / "twice.json"
    path.write_text(change(json.dumps(doc, ensure_ascii=False, indent=2)), encoding="utf-8")
    assert_key_twice_found(path, monkeypatch)


def test_a_key_given_twice_in_a_store_written_with_space_before_colons_is_found(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = json.dumps(doc, ensure_ascii=False, indent=2, separators=(",", " : "))
    marker = f'"id" : "{doc["events"][1500]["id"]}",'
    path = tmp_path / "spaced.json"
    path.write_text(text.replace(marker, marker + ' "title" : "first",', 1), encoding="utf-8")
    assert_key_twice_found(path, monkeypatch)


def test_pages_are_handed_back_only_behind_the_events_read(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the events are checked a chunk at a time, the pages of the mapped file that
    are handed back all lie before the end of the events read so far; the store read is
    the same."""
    import mmap

    from mnktimeline.store import chunks, fast, forked, pages

    path = write(tmp_path, doc)
    data = path.read_bytes()
    starts = [data.index(b'"id": "%s"' % e["id"].encode()) for e in doc["events"]]
    advised: list[tuple[int, int, int]] = []  # (start, length, events read by then)
    read = 0
    real_chunk = chunks._chunk

    def chunk(found: Any, raws: list[Any], *args: Any) -> None:
        nonlocal read
        real_chunk(found, raws, *args)
        read += len(raws)

    class Recorded(mmap.mmap):
        def madvise(self, option: int, start: int = 0, length: int = 0) -> None:
            if option == mmap.MADV_DONTNEED:
                advised.append((start, length, read))
            super().madvise(option, start, length)

    monkeypatch.setattr(chunks, "CHUNK", 200)
    monkeypatch.setattr(forked, "FORK_EVENTS", 1 << 40)  # this process reads them all
    monkeypatch.setattr(pages, "RELEASE_STEP", 1 << 12)
    monkeypatch.setattr(chunks, "_chunk", chunk)
    monkeypatch.setattr(fast.mmap, "mmap", Recorded)
    scanned = fast.load_file(path)
    assert scanned is not None and scanned.store is not None
    progressive = [(s, n, k) for s, n, k in advised if 0 < k < len(starts)]
    assert len(progressive) >= 5
    for start, length, k in progressive:
        assert start + length <= starts[k]  # nothing of an event not yet read
    assert list(scanned.store.events) == list(load(path).events)


def test_a_key_given_twice_is_found_when_an_escaped_colon_hides_its_spaced_colon(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One key written with space before its colon, given twice, and one colon written as
    an escape in a text: counted by their bytes, the colons still add up."""
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    event = doc["events"][1500]
    marker = f'"id": "{event["id"]}",'
    summary = json.dumps(event["summary"], ensure_ascii=False)
    assert text.count(summary) >= 1 and ":" not in event["id"]
    escaped = summary[:-1] + '\\u003a"'
    start = text.index(marker)
    end = text.index(summary, start) + len(summary)
    text = (
        text[:start]
        + marker
        + ' "title" : "first",'
        + text[start + len(marker) : end - len(summary)]
        + escaped
        + text[end:]
    )
    path = tmp_path / "escaped.json"
    path.write_text(text, encoding="utf-8")
    assert_key_twice_found(path, monkeypatch)


def _dated(doc: dict[str, Any]) -> list[tuple[dict[str, Any], int]]:
    """Return the events of ``doc`` after the first whose sources all have a publication
    date, with the year of the latest, where the year after it is past: each can be
    dated after all its sources and be wrong by that alone."""
    published = {s["id"]: s.get("published") for s in doc["sources"]}
    dated = []
    for ev in doc["events"][1:]:
        days = [published[r["source"]] for r in ev["sources"]]
        if all(days):
            last = max(int(day[:4]) for day in days)
            if last + 1 < date.today().year:
                dated.append((ev, last))
    return dated


def test_an_event_both_late_and_giving_a_key_twice_is_explained_by_the_rule_book(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An event wrong by its date alone is explained without the rule book; one that also
    gives a key twice must still be explained by it, which names the key."""
    broken = json.loads(json.dumps(doc))
    event, last = _dated(broken)[0]
    event["date"] = f"{last + 1}-06-01"  # after every source it cites, and past
    text = json.dumps(broken, ensure_ascii=False, indent=2)
    marker = f'"id": "{event["id"]}",'
    path = tmp_path / "late-twice.json"
    path.write_text(text.replace(marker, marker + ' "title": "first",', 1), encoding="utf-8")
    assert_key_twice_found(path, monkeypatch)


def test_dates_against_their_sources_are_judged_as_the_rule_book_judges_them(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fast pass judges an event's date against its sources as ``rules.late_start``
    does: after all of them is late; in the year of the latest is not; after the dated
    ones, when one source has no date, cannot be said."""
    broken = json.loads(json.dumps(doc))
    undated = next(s["id"] for s in broken["sources"] if not s.get("published"))
    (late, late_year), (same_year, year), (unknowable, unknown_year) = _dated(broken)[:3]
    late["date"] = f"{late_year + 1}-06-01"
    same_year["date"] = str(year)
    unknowable["sources"].append({"source": undated})
    unknowable["date"] = f"{unknown_year + 1}-06-01"
    path = write(tmp_path, broken, "dates.json")
    store, problems = check(path)
    expected_store, expected = detailed(path, monkeypatch)
    assert store is None and expected_store is None
    assert [f"{p.severity} {p}" for p in problems] == expected
    assert len(expected) == 1
    assert late["id"] in expected[0] and "after the publication date" in expected[0]


def _load_problems(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], list[str]]:
    """Return the problems loading names on a large store and on the same store read by
    the rule book."""
    found = []
    for threshold in (store_module.LARGE_STORE_BYTES, 1 << 40):
        with monkeypatch.context() as m, pytest.raises(StoreError) as error:
            m.setattr(store_module, "LARGE_STORE_BYTES", threshold)
            load(path)
        found.append([f"{p.severity} {p}" for p in error.value.problems])
    return found[0], found[1]


def test_problems_in_both_halves_of_a_large_store_come_in_the_order_of_the_rule_book(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems of every kind on either side of where a second CPU's half begins, and an
    id given in one half and again in the other."""
    broken = json.loads(json.dumps(doc))
    events = broken["events"]
    for k in (10, 1300, 2400):
        events[k]["date"] = "2030-01-01"  # after every source it cites
        events[k + 1]["actors"] = [*events[k + 1].get("actors", []), "nobody-at-all"]
        events[k + 2]["part_of"] = "no-such-event"
    events[1800]["id"] = events[5]["id"]
    path = write(tmp_path, broken)
    large, small = _load_problems(path, monkeypatch)
    assert large == small
    # An event that cites a source with no date cannot be said to be late, and which of
    # the bundled events the copies at 10, 1300 and 2400 are follows the bundled store.
    dated = {s["id"] for s in broken["sources"] if s.get("published")}
    late = sum(all(r["source"] in dated for r in events[k]["sources"]) for k in (10, 1300, 2400))
    assert late, "no copy at 10, 1300 or 2400 cites only dated sources: pick others"
    assert len(large) == 7 + late and any(events[5]["id"] in p for p in large[3:])


def _answers(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record, for each pass that left half of its events to a second CPU, whether an
    answer came back."""
    from mnktimeline.store import chunks

    answered: list[bool] = []
    merged = chunks._merged

    def spy(found: Any, answer: bytes | None, *args: Any) -> bool:
        answered.append(answer is not None)
        return merged(found, answer, *args)

    monkeypatch.setattr(chunks, "_merged", spy)
    return answered


def test_a_late_event_in_the_later_half_is_explained_as_the_rule_book_does(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch, aside: str
) -> None:
    """An event wrong by its date alone, past the half: the second CPU only names it."""
    answered = _answers(monkeypatch)
    broken = json.loads(json.dumps(doc))
    published = {s["id"]: s.get("published") for s in broken["sources"]}
    late = next(
        ev
        for ev in broken["events"][2000:]
        if all(published[ref["source"]] for ref in ev["sources"])
    )
    late["date"] = "2030-01-01"
    path = write(tmp_path, broken)
    large, small = _load_problems(path, monkeypatch)
    assert large == small and len(large) == 1
    assert answered == ([True] if aside == "on a second CPU" else [])


def _dies(*_: Any) -> bytes:
    """Stands for the work of a child that runs out of memory before it answers."""
    raise MemoryError


def _needs_a_child(aside: str) -> None:
    """Skip a test about a forked child when this run makes no child."""
    if aside != "on a second CPU":
        pytest.skip("no child is forked in this run")


def _no_child_left() -> None:
    """Check that every child this process forked has been waited for."""
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)


def test_a_failed_half_is_not_trusted_and_is_checked_again(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch, aside: str
) -> None:
    from mnktimeline.store import chunks

    _needs_a_child(aside)
    path = write(tmp_path, doc)
    expected = list(load(path).events)
    monkeypatch.setattr(chunks, "_rest", _dies)
    answered = _answers(monkeypatch)
    assert list(load(path).events) == expected
    assert answered == [False]
    _no_child_left()


def test_a_child_that_fails_is_not_trusted_and_the_look_is_made_again(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch, aside: str
) -> None:
    from mnktimeline.store import aside as module

    _needs_a_child(aside)
    path = tmp_path / "broken.json"
    path.write_text(_break(json.loads(json.dumps(doc))), encoding="utf-8")
    expected = [f"{p.severity} {p}" for p in check(path)[1]]
    monkeypatch.setattr(module, "_packed", _dies)
    assert [f"{p.severity} {p}" for p in check(path)[1]] == expected
    _no_child_left()


def test_a_failing_pass_stops_its_child(
    tmp_path: Path, doc: dict[str, Any], monkeypatch: pytest.MonkeyPatch, aside: str
) -> None:
    from mnktimeline.store import chunks

    _needs_a_child(aside)
    path = write(tmp_path, doc)

    def broken(*_: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(chunks, "_chunk", broken)
    with pytest.raises(KeyboardInterrupt):
        check(path)
    _no_child_left()
