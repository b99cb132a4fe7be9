"""The query layer: pure selection, ordering, and name resolution."""

from __future__ import annotations

import copy
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mnktimeline.counts import event_counts
from mnktimeline.model import Store
from mnktimeline.names import UnknownName, fold, resolve_actor, resolve_country, resolve_tag
from mnktimeline.query import Query, select
from mnktimeline.textmatch import Term, terms


def find(text: str) -> tuple[Term, ...]:
    return tuple(terms(text))


def ids(store: Store, **kw: object) -> list[str]:
    return [e.id for e in select(store, Query(**kw))]  # type: ignore[arg-type]


def test_results_run_oldest_first_by_start_then_end_then_id(sample: Store) -> None:
    got = ids(sample)
    assert got[:3] == ["1948-recognition", "1956-kim-visit", "2012-leap"]
    # 2014 (a year) starts before 23 May 2014, so it comes first.
    assert got.index("2014-year") < got.index("2014-talks")
    # Same start (1 Dec 2018 vs 10 Oct 2018): start decides; Dec 2018 last.
    assert got[-1] == "2018-12-tokyo"
    keys = [(e.date.start, e.date.end, e.id) for e in select(sample, Query())]
    assert keys == sorted(keys)


def test_reverse_gives_newest_first_and_limit_keeps_the_first_n(sample: Store) -> None:
    assert ids(sample, reverse=True) == list(reversed(ids(sample)))
    assert ids(sample, limit=2) == ["1948-recognition", "1956-kim-visit"]
    assert ids(sample, limit=2, reverse=True) == ["2018-12-tokyo", "2018-10-letter"]
    assert ids(sample, limit=0) == []


def test_since_keeps_spans_ending_on_or_after_its_first_day(sample: Store) -> None:
    got = ids(sample, since=date(2016, 1, 1))
    assert "2015-coal" in got  # 2015/2016 ends 31 Dec 2016
    assert "2014-year" not in got


def test_until_keeps_spans_starting_on_or_before_its_last_day(sample: Store) -> None:
    got = ids(sample, until=date(2018, 12, 31))
    assert "2018-12-tokyo" in got  # "--until 2018" keeps an event of December 2018
    got = ids(sample, until=date(2018, 11, 30))
    assert "2018-12-tokyo" not in got
    assert "2017-workers" in got  # Dec 2017 – 2018 started before


def test_on_keeps_everything_that_overlaps(sample: Store) -> None:
    got = ids(sample, since=date(2018, 1, 1), until=date(2018, 12, 31))
    assert got == ["2017-workers", "2018-10-letter", "2018-12-tokyo"]


def test_categories_match_any_and_tags_match_all(sample: Store) -> None:
    assert ids(sample, categories=frozenset({"labour", "culture"})) == ["2012-leap", "2017-workers"]
    coal, rail = resolve_tag(sample, "coal"), resolve_tag(sample, "rail")
    assert ids(sample, tag_groups=(coal,)) == ["2014-year", "2015-coal"]
    assert ids(sample, tag_groups=(coal, rail)) == ["2014-year"]
    assert resolve_tag(sample, "COAL") == coal


def test_actor_groups_must_all_take_part(sample: Store) -> None:
    mongolia, dprk = frozenset({"mongolia"}), frozenset({"north-korea"})
    both = ids(sample, actor_groups=(mongolia, dprk))
    assert both == ["1948-recognition", "2014-talks", "2015-coal"]
    either = ids(sample, actor_groups=(mongolia | dprk,))
    assert set(both) < set(either)


def test_country_matches_any_actor_of_that_country(sample: Store) -> None:
    assert ids(sample, countries=frozenset({"JPN"})) == ["2018-12-tokyo"]


def test_search_ignores_case_and_diacritics_across_fields(sample: Store) -> None:
    assert ids(sample, search=find("KHURELSUKH")) == ["2018-12-tokyo"]  # title, with ü
    assert ids(sample, search=find("tokyo")) == ["2018-12-tokyo"]  # place stored as Tōkyō
    assert ids(sample, search=find("elbegdorj")) == ["2013-elbegdorj-visit"]
    assert ids(sample, search=find("abe")) == ["2018-12-tokyo"]  # actor name
    assert ids(sample, search=find("rajin coal")) == ["2015-coal"]  # every word
    assert ids(sample, search=find("rajin whale")) == []


def test_disputed_keeps_only_events_with_notes(sample: Store) -> None:
    assert ids(sample, disputed=True) == ["2014-talks"]


def test_select_never_changes_the_store(sample: Store) -> None:
    before = copy.deepcopy(sample)
    select(sample, Query(reverse=True, limit=1, search=find("coal"), disputed=False))
    assert sample == before


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Ukhnaagiin Khürelsükh", "ukhnaagiin khurelsukh"),
        ("Ri Yong-ho", "ri yong ho"),
        ("  A  B ", "a b"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("khurelsukh", {"khurelsukh"}),
        ("Khürelsükh", {"khurelsukh"}),
        ("UKHNAAGIIN KHURELSUKH", {"khurelsukh"}),
        ("elbegdorj", {"elbegdorj"}),
        ("Elbeg", {"elbegdorj"}),
        ("DPRK", {"north-korea"}),
        ("north-korea", {"north-korea"}),
        ("Kim Jong-un", {"kim-jong-un"}),
        ("jong un", {"kim-jong-un"}),
        # the breaks between words do not count: kana is written with and without its dot
        ("Kimjongun", {"kim-jong-un"}),
        ("Kim Jongun", {"kim-jong-un"}),
    ],
)
def test_actor_names_resolve_against_ids_names_and_aliases(
    sample: Store, name: str, expected: set[str]
) -> None:
    assert resolve_actor(sample, name).ids == expected


def test_a_name_that_fits_several_actors_selects_all_of_them(sample: Store) -> None:
    match = resolve_actor(sample, "Kim")
    assert match.ids == {"kim-il-sung", "kim-jong-un"}
    assert not match.exact


def test_an_exact_name_wins_over_partial_ones(sample: Store) -> None:
    # "Japan" is a state's name; no other actor's name contains it as a word.
    assert resolve_actor(sample, "Mongolia").ids == {"mongolia"}
    assert resolve_actor(sample, "Mongolia").exact


def test_a_name_that_fits_none_suggests_the_closest(sample: Store) -> None:
    with pytest.raises(UnknownName) as err:
        resolve_actor(sample, "Elbegdorg")
    assert err.value.suggestions == ["Tsakhiagiin Elbegdorj"]
    assert "did you mean 'Tsakhiagiin Elbegdorj'?" in str(err.value)
    with pytest.raises(UnknownName, match="timeline actors"):
        resolve_actor(sample, "zzzzzz")


def test_countries_resolve_from_codes_and_state_names(sample: Store) -> None:
    assert resolve_country(sample, "jpn") == "JPN"
    assert resolve_country(sample, "DPRK") == "PRK"
    assert resolve_country(sample, "Mongolian People's Republic") == "MNG"
    with pytest.raises(UnknownName, match="did you mean 'Japan'"):
        resolve_country(sample, "Japn")


def test_event_counts(sample: Store) -> None:
    counts = event_counts(sample)
    assert counts["mongolia"] == 7
    assert counts["uncited"] == 0


@given(st.text(max_size=30))
def test_any_name_either_resolves_or_raises_unknown_name(sample: Store, name: str) -> None:
    try:
        match = resolve_actor(sample, name)
    except UnknownName as exc:
        assert str(exc)
    else:
        assert match.actors
