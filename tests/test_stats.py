"""Counting events for `timeline stats`: pure, on the sample store."""

from __future__ import annotations

import pytest

from mnktimeline.model import Store
from mnktimeline.query import COUNT_KEYS, Query, count_by, select


def counts(store: Store, key: str, **kw: object) -> list[tuple[str, int]]:
    return count_by(store, select(store, Query(**kw)), key)  # type: ignore[arg-type]


def test_by_year_counts_a_span_in_every_year_it_overlaps(sample: Store) -> None:
    rows = dict(counts(sample, "year"))
    # 2015/2016 and 2016-03; Dec 2017 - 2018, Oct 2018 and Dec 2018.
    assert rows["2016"] == 2
    assert rows["2017"] == 1
    assert rows["2018"] == 3
    assert rows["2014"] == 2  # the year-precise event counts once, in its one year


def test_by_year_runs_oldest_first_with_empty_years_as_zero(sample: Store) -> None:
    rows = counts(sample, "year")
    keys = [k for k, _ in rows]
    assert keys == [str(y) for y in range(1948, 2019)]
    assert dict(rows)["1950"] == 0
    newest = count_by(sample, select(sample, Query()), "year", newest_first=True)
    assert newest == rows[::-1]


def test_by_decade(sample: Store) -> None:
    rows = counts(sample, "decade")
    assert rows[0] == ("1940s", 1)
    assert rows[-1] == ("2010s", 9)
    assert dict(rows)["1980s"] == 0
    assert len(rows) == 8


def test_by_category_is_ranked_by_count_then_name(sample: Store) -> None:
    assert counts(sample, "category") == [
        ("diplomacy", 4),
        ("economy", 2),
        ("mediation", 2),
        ("culture", 1),
        ("labour", 1),
        ("sanctions", 1),
    ]


def test_by_actor_uses_names(sample: Store) -> None:
    rows = counts(sample, "actor")
    assert rows[:2] == [("Mongolia", 7), ("North Korea", 6)]
    assert ("Ukhnaagiin Khürelsükh", 1) in rows
    assert "Nobody Inparticular" not in dict(rows)  # takes part in no event


def test_by_country_counts_an_event_once_per_country(sample: Store) -> None:
    # 2013: Elbegdorj (MNG) and North Korea (PRK); Tokyo: three actors, two countries.
    assert counts(sample, "country") == [("MNG", 9), ("PRK", 8), ("JPN", 1)]


def test_by_place(sample: Store) -> None:
    assert counts(sample, "place") == [
        ("Ulaanbaatar", 2),
        ("Pyongyang", 1),
        ("Rajin", 1),
        ("Tōkyō", 1),
    ]


def test_counts_follow_the_filters(sample: Store) -> None:
    assert counts(sample, "category", categories=frozenset({"economy"})) == [("economy", 2)]
    assert counts(sample, "year", text="coal") == [("2015", 1), ("2016", 1)]


@pytest.mark.parametrize("key", COUNT_KEYS)
def test_no_events_no_rows(sample: Store, key: str) -> None:
    assert count_by(sample, [], key) == []


def test_an_unknown_key_is_refused(sample: Store) -> None:
    with pytest.raises(ValueError, match="cannot count by 'month'"):
        count_by(sample, [], "month")
