"""Behaviour that mutation testing found unpinned: boundaries of dates, queries, names and
the store's rule book, each checked exactly (tests/README.md, "Mutation testing")."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.model import Store
from mnktimeline.names import UnknownName, resolve_actor
from mnktimeline.query import Query, beyond, criteria, find, select
from mnktimeline.store import LARGE_STORE_BYTES, MAX_QUOTE, StoreError, accept, check_document
from mnktimeline.store import load as load_store

from .conftest import SAMPLE


def plain_doc() -> dict[str, Any]:
    """The sample store without its one event of hostile text (which only warns)."""
    doc: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc["events"] = [e for e in doc["events"] if e["id"] != "2016-hostile"]
    return doc


def messages(doc: dict[str, Any]) -> list[str]:
    return [str(p) for p in check_document(doc, "s.json")[1]]


# --- the store's rule book ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "item", "kind"),
    [
        ("sources", "oops", "text"),
        ("sources", ["a"], "a list"),
        ("actors", 7, "a number"),
        ("places", None, "null"),
        ("events", True, "true/false"),
    ],
)
def test_a_record_that_is_not_an_object_is_one_exact_problem(
    tmp_path: Path, key: str, item: Any, kind: str
) -> None:
    doc = plain_doc()
    doc[key].append(item)
    where = f"{key}[{len(doc[key]) - 1}]"
    assert messages(doc) == [f"{where}: must be a JSON object, not {kind}"]
    assert accept.build(doc, "s.json") is None
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_store(path)
    assert str(info.value) == f"{path}: {where}: must be a JSON object, not {kind}"


def big(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with events enough to be read by the fast path for large stores."""
    base = plain_doc()["events"][0]
    pad = "x" * 400
    n = LARGE_STORE_BYTES // 500 + 10
    doc["events"] += [
        dict(copy.deepcopy(base), id=f"pad-{i}", title=f"Pad {i}", summary=pad) for i in range(n)
    ]
    return doc


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
def test_a_quotation_one_character_too_long_is_refused_on_every_path(
    tmp_path: Path, large: bool
) -> None:
    doc = plain_doc()
    doc["events"][0]["sources"][0]["quote"] = "q" * (MAX_QUOTE + 1)
    if large:
        doc = big(doc)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert (path.stat().st_size >= LARGE_STORE_BYTES) is large
    expected = (
        "events[0] '1948-recognition' sources[0]: field 'quote' has 201 characters; "
        "a quotation is at most 200, one sentence"
    )
    assert messages(doc) == [expected]
    assert accept.build(doc, "s.json") is None
    with pytest.raises(StoreError) as info:
        load_store(path)
    assert str(info.value) == f"{path}: {expected}"


@pytest.mark.parametrize("large", [False, True], ids=["small", "large"])
def test_a_quotation_of_exactly_the_limit_is_accepted_on_every_path(
    tmp_path: Path, large: bool
) -> None:
    doc = plain_doc()
    doc["events"][0]["sources"][0]["quote"] = "q" * MAX_QUOTE
    if large:
        doc = big(doc)
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert messages(doc) == []
    assert accept.build(doc, "s.json") is not None
    ev = load_store(path).event("1948-recognition")
    assert ev is not None and ev.sources[0].quote == "q" * MAX_QUOTE


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["events"][0].update(date="2014-02-30"),
            "events[0] '1948-recognition': field 'date': '2014-02-30' does not exist: "
            "Feb 2014 has 28 days",
        ),
        (
            lambda d: d["events"][0].update(category="sport"),
            "events[0] '1948-recognition': field 'category' is \"sport\"; use one of: diplomacy, "
            "economy, labour, refugees, security-dialogue, mediation, culture, sanctions, "
            "security, humanitarian",
        ),
        (
            lambda d: d["events"][0].update(actors=["nobody"]),
            "events[0] '1948-recognition': field 'actors' refers to actor 'nobody', which",
        ),
        (
            lambda d: d["events"][0].pop("title"),
            "events[0] '1948-recognition': field 'title' is missing",
        ),
        (
            lambda d: d["events"][0].update(title=""),
            "events[0] '1948-recognition': field 'title' is empty",
        ),
        (
            lambda d: d["events"][0].update(date="2019-03-01"),
            "events[0] '1948-recognition': field 'date' 2019-03-01 is after the publication "
            "date of every source it cites (latest 2019-02-20)",
        ),
    ],
)
def test_single_problem_messages_word_for_word(tmp_path: Path, change: Any, message: str) -> None:
    doc = plain_doc()
    change(doc)
    found = messages(doc)
    assert len(found) == 1 and found[0].startswith(message), found
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_store(path)
    assert str(info.value) == f"{path}: {found[0]}"
    assert "more problem" not in str(info.value)


def test_two_problems_say_how_many_more(tmp_path: Path) -> None:
    doc = plain_doc()
    doc["events"][0]["title"] = ""
    doc["events"][1]["title"] = ""
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(StoreError) as info:
        load_store(path)
    assert str(info.value).endswith(
        f" (and 1 more problem; 'timeline validate {path}' lists them all)"
    )


# --- names: the tiers of actor lookup ---------------------------------------------------------


def test_an_exact_name_wins_over_names_it_begins(sample: Store) -> None:
    match = resolve_actor(sample, "Mongolia")
    assert [a.id for a in match.actors] == ["mongolia"] and match.exact
    assert match.note() is None


def test_words_that_begin_words_are_the_second_tier(sample: Store) -> None:
    match = resolve_actor(sample, "tsakh elb")
    assert [a.id for a in match.actors] == ["elbegdorj"] and not match.exact
    assert resolve_actor(sample, "ELBEG").ids == frozenset({"elbegdorj"})


@pytest.mark.parametrize("name", ["elb tsakh", "sakhiagiin", "tsakhiagiin elbegdorjx"])
def test_words_out_of_order_or_inside_a_word_fit_nothing(sample: Store, name: str) -> None:
    with pytest.raises(UnknownName) as info:
        resolve_actor(sample, name)
    assert str(info.value).startswith(f"no actor is called '{name}'")
    assert str(info.value).endswith("('timeline actors' lists them all)")


def test_a_name_fitting_several_actors_says_so(sample: Store) -> None:
    match = resolve_actor(sample, "north")
    assert len(match.actors) >= 1
    several = resolve_actor(sample, "k")
    if len(several.actors) > 1:
        names = ", ".join(a.name for a in several.actors)
        assert several.note() == (
            f"'k' fits {len(several.actors)} actors ({names}); showing events of any of them"
        )


def test_an_empty_actor_name_is_refused(sample: Store) -> None:
    with pytest.raises(UnknownName, match=r"^the actor name ' ' is empty; give a name or alias$"):
        resolve_actor(sample, " ")


# --- queries: inclusive ends, limits and the note on overlaps -------------------------------


def ids(store: Store, **query: Any) -> list[str]:
    return [e.id for e in select(store, Query(**query))]


VISIT = "2013-elbegdorj-visit"  # 2013-10-28/2013-10-31


@pytest.mark.parametrize(
    ("query", "kept"),
    [
        ({"since": date(2013, 10, 31)}, True),
        ({"since": date(2013, 11, 1)}, False),
        ({"until": date(2013, 10, 28)}, True),
        ({"until": date(2013, 10, 27)}, False),
        ({"since": date(2013, 10, 28), "within": True}, True),
        ({"since": date(2013, 10, 29), "within": True}, False),
        ({"until": date(2013, 10, 31), "within": True}, True),
        ({"until": date(2013, 10, 30), "within": True}, False),
    ],
)
def test_each_end_of_a_range_is_inclusive(sample: Store, query: dict[str, Any], kept: bool) -> None:
    assert (VISIT in ids(sample, **query)) is kept


def test_limit_and_reverse(sample: Store) -> None:
    every = ids(sample)
    assert ids(sample, limit=0) == []
    assert ids(sample, limit=1) == every[:1]
    assert ids(sample, reverse=True) == every[::-1]
    assert ids(sample, reverse=True, limit=2) == every[::-1][:2]


def test_beyond_counts_the_events_that_run_past_either_end(sample: Store) -> None:
    visit = sample.event(VISIT)
    assert visit is not None
    inside = Query(since=date(2013, 10, 28), until=date(2013, 10, 31))
    assert beyond(inside, [visit]) == 0
    assert beyond(Query(since=date(2013, 10, 29)), [visit]) == 1
    assert beyond(Query(until=date(2013, 10, 30)), [visit]) == 1
    assert beyond(Query(since=date(2013, 10, 29), within=True), [visit]) == 0
    assert beyond(Query(), [visit]) == 0


def test_the_note_on_events_past_the_dates(sample: Store) -> None:
    one = find(sample, criteria(on="2013-10-30"))
    assert one.overlap == (
        "the one event kept runs past the dates asked for; --within keeps only events wholly inside"
    )
    assert one.notes_for(True) == [one.overlap] and one.notes_for(False) == []
    several = find(sample, criteria(on="2014-06"))
    n, total = (
        sum(e.date.end.month != 6 or e.date.start.month != 6 for e in several.events),
        len(several.events),
    )
    if total > 1 and n == 1:
        assert several.overlap is not None and several.overlap.startswith(
            f"1 of the {total} events kept runs past"
        )
    assert find(sample, criteria(on="2013-10-30", within=True)).overlap is None


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"limit": -1}, "--limit -1 is negative; give 0 or more"),
        ({"text": "..."}, "--search '...' holds no word to look for; give letters or digits"),
        (
            {"within": True},
            "--within keeps events wholly inside the dates of --since, --until or --on; "
            "give one of them",
        ),
        (
            {"categories": ["Sport"]},
            "'sport' is not a category (use one of: ",
        ),
    ],
)
def test_criteria_refuse_in_one_exact_sentence(options: dict[str, Any], message: str) -> None:
    from mnktimeline.errors import UsageError

    with pytest.raises(UsageError) as info:
        criteria(**options)
    assert str(info.value).startswith(message)
    if not message.endswith(": "):
        assert str(info.value) == message


def test_narrows() -> None:
    assert not criteria().narrows
    assert not criteria(reverse=True).narrows
    assert criteria(limit=0).narrows
    assert criteria(since="2014").narrows


def test_uncertain_and_disputed_keep_only_events_with_such_a_note(tmp_path: Path) -> None:
    doc = plain_doc()
    doc["events"][1]["notes"] = [
        {"kind": "uncertainty", "text": "The day is not known.", "sources": ["src-a"]}
    ]
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    store = load_store(path)
    assert ids(store, uncertain=True) == [doc["events"][1]["id"]]
    assert ids(store, disputed=True) == ["2014-talks"]
    assert ids(store, uncertain=True, disputed=True) == []


def test_places_and_categories_narrow(sample: Store) -> None:
    at = ids(sample, place_groups=(frozenset({"pyongyang"}),))
    assert at == [e.id for e in sample.events if any(r.place == "pyongyang" for r in e.places)]
    assert at and len(at) < len(sample.events)
    assert ids(sample, categories=frozenset({"culture"})) == ["2012-leap"]


@pytest.mark.parametrize(
    "bounds",
    [
        {"since": date(2013, 10, 31)},
        {"until": date(2013, 10, 28)},
        {"since": date(2013, 10, 31), "until": date(2014, 5, 23)},
        {"since": date(2013, 10, 28), "until": date(2013, 10, 31), "within": True},
    ],
    ids=["since", "until", "both", "within"],
)
def test_a_large_store_selects_by_its_index_of_dates_as_a_small_one_does(
    tmp_path: Path, sample: Store, bounds: dict[str, Any]
) -> None:
    path = tmp_path / "big.json"
    doc = plain_doc()
    path.write_text(json.dumps(big(doc)), encoding="utf-8")
    store = load_store(path)
    assert hasattr(store.events, "overlapping")
    small = [i for i in ids(sample, **bounds) if i != "2016-hostile"]
    large = [i for i in ids(store, **bounds) if not i.startswith("pad-")]
    assert large == small and small


def ulaanbaatar(doc: dict[str, Any]) -> dict[str, Any]:
    place: dict[str, Any] = next(p for p in doc["places"] if p["id"] == "ulaanbaatar")
    return place


UB = "places[1] 'ulaanbaatar' coordinates"


@pytest.mark.parametrize(
    ("coordinates", "expected"),
    [
        ({"lat": "x"}, [f"{UB}: field 'lat' must be a number, not text"]),
        ({"lat": True}, [f"{UB}: field 'lat' must be a number, not true/false"]),
        ({"lat": 90.5}, [f"{UB}: field 'lat' is 90.5; it must be from -90 to 90"]),
        ({"lat": -90.01}, [f"{UB}: field 'lat' is -90.01; it must be from -90 to 90"]),
        ({"lon": 180.01}, [f"{UB}: field 'lon' is 180.01; it must be from -180 to 180"]),
        ({"lon": -180.01}, [f"{UB}: field 'lon' is -180.01; it must be from -180 to 180"]),
        ({"lat": -90, "lon": 180}, []),
        ({"lat": 90.0, "lon": -180.0}, []),
    ],
)
def test_coordinates_within_their_bounds(coordinates: dict[str, Any], expected: list[str]) -> None:
    doc = plain_doc()
    ulaanbaatar(doc)["coordinates"].update(coordinates)
    assert messages(doc) == expected
    assert (accept.build(doc, "s.json") is None) is bool(expected)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: ulaanbaatar(d).update(coordinates="47,106"),
            f"{UB}: must be a JSON object, not text",
        ),
        (
            lambda d: d["sources"][1].update(repost=[1]),
            "sources[1] 'src-b' repost: must be a JSON object, not a list",
        ),
        (
            lambda d: d["sources"][1].update(repost={"host": "A blog", "published": "2014-13"}),
            "sources[1] 'src-b' repost: field 'published': '2014-13' has month 13; months run "
            "from 01 to 12",
        ),
    ],
)
def test_a_record_inside_a_record_names_both(change: Any, expected: str) -> None:
    doc = plain_doc()
    change(doc)
    assert messages(doc) == [expected]


def test_an_empty_list_of_a_field_that_needs_one_says_why() -> None:
    doc = plain_doc()
    doc["events"][0]["sources"] = []
    assert messages(doc) == [
        "events[0] '1948-recognition': field 'sources' is empty; "
        "every event needs at least one source"
    ]
    doc = plain_doc()
    talks = next(e for e in doc["events"] if e["id"] == "2014-talks")
    talks["notes"][0]["sources"] = []
    assert messages(doc) == [
        "events[3] '2014-talks' notes[0]: field 'sources' is empty; "
        "a note names the sources behind it"
    ]


def test_warnings_name_their_record() -> None:
    doc = plain_doc()
    doc["events"][0]["title"] = "Title\x1b[31m"
    problems = check_document(doc, "s.json")[1]
    assert [(p.where, p.message, p.severity) for p in problems] == [
        (
            "events[0] '1948-recognition'",
            "field 'title' contains control or bidirectional characters",
            "warning",
        )
    ]


def test_part_of_cycles_and_chains() -> None:
    doc = plain_doc()
    e = doc["events"]
    e[0]["part_of"], e[1]["part_of"] = e[1]["id"], e[0]["id"]
    assert messages(doc) == [
        "events[0] '1948-recognition': field 'part_of' makes a cycle: "
        "1948-recognition → 1956-kim-visit → 1948-recognition",
        "events[1] '1956-kim-visit': field 'part_of' makes a cycle: "
        "1956-kim-visit → 1948-recognition → 1956-kim-visit",
    ]
    doc = plain_doc()
    e = doc["events"]
    for ev in e[2:6]:
        ev["date"] = "2015"
    # 2013-visit → 2014-talks ⇄ 2014-year: only the members of the cycle are reported.
    e[2]["part_of"], e[3]["part_of"], e[4]["part_of"] = e[3]["id"], e[4]["id"], e[3]["id"]
    assert messages(doc) == [
        "events[3] '2014-talks': field 'part_of' makes a cycle: 2014-talks → 2014-year → 2014-talks",
        "events[4] '2014-year': field 'part_of' makes a cycle: 2014-year → 2014-talks → 2014-year",
    ]
    doc = plain_doc()
    e = doc["events"]
    for ev in e[2:5]:
        ev["date"] = "2014-05-23"
    e[2]["part_of"], e[3]["part_of"] = e[3]["id"], e[4]["id"]  # a chain that ends
    e[4]["date"] = "2014"
    assert messages(doc) == []
    e[2]["date"] = "2013-10-29"
    assert messages(doc) == [
        "events[2] '2013-elbegdorj-visit': field 'part_of': this event (2013-10-29) does not "
        "lie within '2014-talks' (2014-05-23), which it is part of"
    ]


def test_criteria_keep_every_filter_as_given() -> None:
    from mnktimeline.query import Criteria
    from mnktimeline.textmatch import terms

    assert criteria() == Criteria()
    given = criteria(
        since="2014",
        until="May 2015",
        actors=["kim"],
        categories=["Culture", "economy"],
        tags=["coal"],
        countries=["MNG"],
        text="coal rail",
        disputed=True,
        limit=3,
        reverse=True,
        places=["rason"],
        uncertain=True,
        within=True,
    )
    assert given == Criteria(
        since=date(2014, 1, 1),
        until=date(2015, 5, 31),
        actors=("kim",),
        categories=frozenset({"culture", "economy"}),
        tags=("coal",),
        countries=("MNG",),
        search=tuple(terms("coal rail")),
        disputed=True,
        limit=3,
        reverse=True,
        places=("rason",),
        uncertain=True,
        within=True,
    )


def test_resolve_turns_every_name_into_ids(sample: Store) -> None:
    from mnktimeline.names import resolve_place, resolve_tag

    wanted = criteria(
        since="2014",
        actors=["kim"],
        categories=["economy"],
        tags=["coal"],
        countries=["Japan"],
        text="coal",
        disputed=True,
        limit=2,
        reverse=True,
        places=["ulaanbaatar"],
        uncertain=True,
    )
    from mnktimeline.query import resolve

    fixed = frozenset({"mongolia"})
    query, notes = resolve(sample, wanted, fixed)
    assert query == Query(
        since=date(2014, 1, 1),
        actor_groups=(fixed, frozenset({"kim-il-sung", "kim-jong-un"})),
        categories=frozenset({"economy"}),
        tag_groups=(resolve_tag(sample, "coal"),),
        countries=frozenset({"JPN"}),
        search=wanted.search,
        disputed=True,
        limit=2,
        reverse=True,
        place_groups=(resolve_place(sample, "ulaanbaatar").ids,),
        uncertain=True,
    )
    assert notes == [
        "'kim' fits 2 actors (Kim Il Sung, Kim Jong Un); showing events of any of them"
    ]
    assert resolve(sample, criteria())[0] == Query()


def test_find_with_a_fixed_actor_and_the_plural_of_the_overlap_note(tmp_path: Path) -> None:
    doc = plain_doc()
    for ev in doc["events"][:3]:
        ev["date"] = "2015"
    doc["events"][3]["date"] = "2015-06-01"
    path = tmp_path / "s.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    store = load_store(path)
    found = find(store, criteria(on="2015-06"))
    n = len(found.events)
    assert found.overlap == (
        f"{n - 1} of the {n} events kept run past the dates asked for; "
        "--within keeps only events wholly inside"
    )
    mine = find(store, criteria(on="2015-06"), frozenset({"kim-il-sung"}))
    assert [e.id for e in mine.events] == ["1956-kim-visit"]
    assert mine.overlap is not None and mine.overlap.startswith("the one event kept runs past")
    doc["events"][0]["date"] = "2015-06"
    path.write_text(json.dumps(doc), encoding="utf-8")
    two = find(load_store(path), criteria(on="2015-06"))
    assert two.overlap is not None and two.overlap.startswith(
        f"{n - 2} of the {n} events kept run past"
    )
    doc["events"][1]["date"] = doc["events"][2]["date"] = "2015-06"
    path.write_text(json.dumps(doc), encoding="utf-8")
    one = find(load_store(path), criteria(on="2015-06"))
    assert one.overlap is not None and one.overlap.startswith(f"1 of the {n} events kept runs past")


def test_a_category_given_twice_or_in_capitals(sample: Store) -> None:
    assert criteria(categories=["CULTURE", "culture"]).categories == frozenset({"culture"})
    with pytest.raises(Exception) as info:
        criteria(categories=["Sportt"])
    assert str(info.value).startswith("'sportt' is not a category")
    assert str(info.value).endswith(
        "(use one of: diplomacy, economy, labour, refugees, security-dialogue, mediation, "
        "culture, sanctions, security, humanitarian)"
    )


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2014/2015", date(2014, 1, 1), date(2015, 12, 31)),
        ("2014-05/2014-06-02", date(2014, 5, 1), date(2014, 6, 2)),
        ("1956", date(1956, 1, 1), date(1956, 12, 31)),
    ],
)
def test_dates_of_format_1_stores(text: str, start: date, end: date) -> None:
    from mnktimeline.dates import DateError, parse_stored

    span = parse_stored(text, qualified=False)
    assert (span.text, span.start, span.end) == (text, start, end)
    assert span.first.iso() == text.split("/")[0] and span.last.iso() == text.split("/")[-1]
    with pytest.raises(DateError):
        parse_stored(text + "~", qualified=False)
    with pytest.raises(DateError, match="'2015/2014' ends before it starts"):
        parse_stored("2015/2014", qualified=False)
    with pytest.raises(DateError, match="'2014/2014' has the same start and end; write it once"):
        parse_stored("2014/2014", qualified=False)


def test_date_bounds_in_exact_sentences() -> None:
    from mnktimeline.dates import DateError, date_bounds

    with pytest.raises(DateError) as info:
        date_bounds("2014", None, "2015")
    assert str(info.value) == (
        "--on cannot be combined with --since or --until; use one or the other"
    )
    assert date_bounds("2014-05-21", "2014-05-21", None) == (date(2014, 5, 21),) * 2
    with pytest.raises(DateError) as info:
        date_bounds("2014-05-22", "2014-05-21", None)
    assert str(info.value) == (
        "--since 2014-05-22 is after --until 2014-05-21; the range would hold no day at all"
    )


def test_an_open_end_typed_in_an_interval_is_kept() -> None:
    from mnktimeline.dates import to_stored

    assert to_stored("May 2014/..") == "2014-05/.."
    assert to_stored("../May 2014") == "../2014-05"


E0 = "events[0] '1948-recognition'"
CATEGORY_LIST = (
    "use one of: diplomacy, economy, labour, refugees, security-dialogue, mediation, culture, "
    "sanctions, security, humanitarian"
)


def _ub(d: dict[str, Any]) -> dict[str, Any]:
    coordinates: dict[str, Any] = ulaanbaatar(d)["coordinates"]
    return coordinates


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["events"][0].update(id=5), "events[0]: field 'id' must be text, not a number"),
        (
            lambda d: d["events"][0].update(id="-bad id"),
            "events[0] '-bad id': field 'id' '-bad id' may hold only letters, digits and "
            ". _ : - and must start with a letter or digit",
        ),
        (
            lambda d: d["events"][0].update(title=None),
            f"{E0}: field 'title' must be text, not null",
        ),
        (
            lambda d: d["events"][0].update(title=3),
            f"{E0}: field 'title' must be text, not a number",
        ),
        (
            lambda d: d["sources"][0].update(url="ftp://x"),
            "sources[0] 'src-a': field 'url' 'ftp://x' must start with http:// or https://",
        ),
        (
            lambda d: d["events"][0].update(date=1948),
            f"{E0}: field 'date' must be a date written as text, not a number",
        ),
        (
            lambda d: d["events"][0].update(date=None),
            f"{E0}: field 'date' must be a date, not null",
        ),
        (
            lambda d: d["events"][0].update(category=1),
            f"{E0}: field 'category' must be text, not a number",
        ),
        (
            lambda d: d["events"][0].update(category="diplomcy"),
            f"{E0}: field 'category' is \"diplomcy\"; did you mean 'diplomacy'? {CATEGORY_LIST}",
        ),
        (
            lambda d: d["events"][0].update(sources="src-a"),
            f"{E0}: field 'sources' must be a list, not text",
        ),
        (
            lambda d: d["events"][0].update(actors=["mongolai"]),
            f"{E0}: field 'actors' refers to actor 'mongolai', which is not in the store; "
            "did you mean 'mongolia'?",
        ),
        (
            lambda d: d["events"][0].update(tags=[""]),
            f"{E0}: field 'tags' item 0 must be non-empty text, not empty text",
        ),
        (
            lambda d: d["events"][0].update(tags=[" "]),
            f"{E0}: field 'tags' item 0 must be non-empty text, not empty text",
        ),
        (
            lambda d: d["events"][0].update(tags=["ok", 3]),
            f"{E0}: field 'tags' item 1 must be non-empty text, not a number",
        ),
        (
            lambda d: d["events"][0].update(tags=["a\ud800"]),
            f"{E0}: field 'tags' item 0 holds a lone surrogate, which is not a character "
            "(a \\u escape such as \\ud800 without its pair); write the character itself",
        ),
        (
            lambda d: d["actors"][0].update(aliases=["ok", ""]),
            "actors[0] 'mongolia': field 'aliases' item 1 must be non-empty text, not empty text",
        ),
        (
            lambda d: _ub(d).update(lat=None),
            "places[1] 'ulaanbaatar' coordinates: field 'lat' must be a number, not null",
        ),
    ],
)
def test_the_rule_book_word_for_word(change: Any, expected: str) -> None:
    doc = plain_doc()
    change(doc)
    assert messages(doc) == [expected]
    assert accept.build(doc, "s.json") is None


def test_controls_in_a_list_of_texts_warn_and_plain_ones_do_not() -> None:
    doc = plain_doc()
    doc["events"][0]["tags"] = ["é\x1b", "plain", "ü"]
    problems = check_document(doc, "s.json")[1]
    assert [(str(p), p.severity) for p in problems] == [
        (f"{E0}: field 'tags' item 0 contains control or bidirectional characters", "warning")
    ]
    assert check_document(doc, "s.json", warnings=False)[1] == []
    doc["events"][0]["tags"] = ["ü", "ß"]
    assert check_document(doc, "s.json")[1] == []


def test_a_store_of_format_1_takes_no_qualifier() -> None:
    doc: dict[str, Any] = json.loads((SAMPLE.parent / "sample-format1.json").read_text("utf-8"))
    doc["events"] = [e for e in doc["events"] if e["id"] != "2016-hostile"]
    assert messages(doc) == []
    doc["events"][0]["date"] = "1956~"
    assert messages(doc) == [
        f"{E0}: field 'date': '1956~' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD"
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("29 Feb", "'29 Feb' has no year; add one, as in '29 Feb 2014'"),
        (
            "5-600-2014",
            "'5-600-2014' is not a date I can read; try 2014, 2014-05, 2014-05-21, May 2014 or "
            "21 May 2014",
        ),
        (
            "2014 May 21 100",
            "'2014 May 21 100' is not a date I can read; try 2014, 2014-05, 2014-05-21, "
            "May 2014 or 21 May 2014",
        ),
        (
            "2014 May 21 25:00",
            "'2014 May 21 25:00' is not a real date (hour must be in 0..23: 2014 May 21 25:00)",
        ),
        ("May 99999", "'May 99999' is not a real date (year 99999 is out of range: May 99999)"),
    ],
)
def test_free_forms_refused_word_for_word(text: str, message: str) -> None:
    from mnktimeline.dates import DateError, parse_user_date

    with pytest.raises(DateError) as info:
        parse_user_date(text)
    assert str(info.value) == message


def test_stored_dates_at_their_edges() -> None:
    from mnktimeline.dates import DateError, parse_stored

    until = parse_stored("../1985~")
    assert until.last.qualifier == "~" and until.human() == "until c. 1985"
    assert until.open_start and not until.open_end
    same_day = parse_stored("2014-05-31/2014-05")  # one day, at two precisions
    assert same_day.start == same_day.end == date(2014, 5, 31)
    with pytest.raises(DateError) as info:
        parse_stored(5)  # type: ignore[arg-type]
    assert str(info.value) == "5 is not a date string"


def test_places_within_places_without_cycles() -> None:
    doc = plain_doc()
    by_id = {p["id"]: p for p in doc["places"]}
    mongolia = by_id["mongolia"]
    mongolia["within"] = "ulaanbaatar"  # ulaanbaatar lies within mongolia
    found = messages(doc)
    assert found == [
        f"places[{doc['places'].index(mongolia)}] 'mongolia': field 'within' makes a cycle: "
        "mongolia → ulaanbaatar → mongolia",
        f"places[{doc['places'].index(by_id['ulaanbaatar'])}] 'ulaanbaatar': field 'within' "
        "makes a cycle: ulaanbaatar → mongolia → ulaanbaatar",
    ]
    assert accept.build(doc, "s.json") is None
    assert messages(plain_doc()) == []


T3 = "events[3] '2014-talks'"


@pytest.mark.parametrize(
    ("places", "expected"),
    [
        ([5], [f"{T3} places[0]: must be a JSON object, not a number"]),
        ([{"role": "venue"}], [f"{T3} places[0]: field 'place' is missing"]),
        (
            [{"place": "ulaanbaatar", "role": "host"}],
            [f"{T3} places[0]: field 'role' is \"host\"; use one of: venue, subject, proposed"],
        ),
        (
            ["ulanbator"],
            [
                f"{T3}: field 'places' refers to place 'ulanbator', which is not in the store; "
                "did you mean 'ulaanbaatar'?"
            ],
        ),
        (
            [{"place": "ulaanbaatr", "role": "venue"}],
            [
                f"{T3} places[0]: field 'place' refers to place 'ulaanbaatr', which is not in "
                "the store; did you mean 'ulaanbaatar'?"
            ],
        ),
        ("ulaanbaatar", [f"{T3}: field 'places' must be a list, not text"]),
        ([""], [f"{T3}: field 'places' item 0 must be an id, not ''"]),
        (
            [{"place": 5, "role": "venue"}],
            [f"{T3} places[0]: field 'place' must be text, not a number"],
        ),
        (
            [{"place": "ulaanbaatar", "role": "venue", "x": 1}],
            [f"{T3} places[0]: field 'x' is not part of the schema; known fields: place, role"],
        ),
        ([{"place": "ulaanbaatar", "role": "subject"}, "pyongyang"], []),
    ],
)
def test_the_places_of_an_event_word_for_word(places: Any, expected: list[str]) -> None:
    doc = plain_doc()
    talks = next(e for e in doc["events"] if e["id"] == "2014-talks")
    talks["places"] = places
    assert messages(doc) == expected
    assert (accept.build(doc, "s.json") is None) is bool(expected)


def test_a_key_given_twice_in_a_record_word_for_word() -> None:
    from mnktimeline.store import decode_json

    text = json.dumps(plain_doc()).replace('"title": ', '"title": "Twice", "title": ', 1)
    assert messages(decode_json(text.encode(), "s.json")) == [
        "sources[0] 'src-a': field 'title' is given more than once; only the last would be kept, "
        "so merge them into one"
    ]
