"""Counting events for `timeline stats`: pure, on the sample store."""

from __future__ import annotations

import json

import pytest

from mnktimeline.counts import COUNT_KEYS, count_by
from mnktimeline.model import Store
from mnktimeline.query import Query, select
from mnktimeline.render import Format, Options, formats, renderer
from mnktimeline.render.table import bar
from mnktimeline.textmatch import terms

from .conftest import SAMPLE, Run


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
    # "coal" is the tag of 2014-year and in the summary of 2015-coal (2015/2016)
    assert counts(sample, "year", search=tuple(terms("coal"))) == [
        ("2014", 1),
        ("2015", 1),
        ("2016", 1),
    ]


@pytest.mark.parametrize("key", COUNT_KEYS)
def test_no_events_no_rows(sample: Store, key: str) -> None:
    assert count_by(sample, [], key) == []


def test_an_unknown_key_is_refused(sample: Store) -> None:
    with pytest.raises(ValueError, match="cannot count by 'month'"):
        count_by(sample, [], "month")


# --- rendering ----------------------------------------------------------------------------


def render(fmt: Format, rows: list[tuple[str, int]], by: str, width: int = 60) -> str:
    return "".join(
        renderer("stats", fmt)(rows, by=by, total=11, opts=Options(width=width, color=False))
    )


def test_stats_formats() -> None:
    assert formats("stats") == ["table", "plain", "json"]


def test_bar_is_proportional_in_eighths_and_never_hides_a_small_count() -> None:
    assert bar(4, 4, 10) == "█" * 10
    assert bar(2, 4, 10) == "█" * 5
    assert bar(1, 8, 3) == "▍"  # 3/8 of a cell
    assert bar(1, 1000, 10) == "▏"
    assert bar(0, 4, 10) == ""


def test_table_has_a_bar_per_row_within_the_width(sample: Store) -> None:
    rows = count_by(sample, select(sample, Query()), "category")
    out = render(Format.table, rows, "category", width=60)
    lines = out.splitlines()
    assert lines[0].split() == ["Category", "Events"]
    diplomacy = next(line for line in lines if line.startswith("diplomacy"))
    culture = next(line for line in lines if line.startswith("culture"))
    assert diplomacy.split()[1] == "4" and culture.split()[1] == "1"
    assert culture.split()[2] == bar(1, 4, len(diplomacy.split()[2]))
    assert all(len(line) <= 60 for line in lines)
    assert "\x1b" not in out
    assert lines[-1].strip() == "11 events"


def test_table_by_year_says_that_spans_count_in_each_year(sample: Store) -> None:
    rows = count_by(sample, select(sample, Query()), "year")
    out = render(Format.table, rows, "year", width=80)
    assert "spans several years counts in each of them" in out
    assert [line.split()[0] for line in out.splitlines()[2:5]] == ["1948", "1949", "1950"]


def test_table_keeps_store_text_inert() -> None:
    out = render(Format.table, [("Evil\x1b[31m", 1)], "place")
    assert "\x1b" not in out and "\\x1b[31m" in out


def test_plain_and_json(sample: Store) -> None:
    rows = count_by(sample, select(sample, Query()), "country")
    assert render(Format.plain, rows, "country") == "MNG\t9\nPRK\t8\nJPN\t1\n"
    assert json.loads(render(Format.json, rows, "country")) == [
        {"key": "MNG", "count": 9},
        {"key": "PRK", "count": 8},
        {"key": "JPN", "count": 1},
    ]
    assert json.loads(render(Format.json, [], "country")) == []


# --- the installed command ----------------------------------------------------------------


def test_stats_in_a_pipe_is_key_tab_count(timeline: Run) -> None:
    proc = timeline("stats", "--by", "decade", "--data", str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0] == "1940s\t1"
    assert proc.stdout.splitlines()[-1] == "2010s\t9"
    assert proc.stderr == ""


def test_stats_takes_the_filters_of_list(timeline: Run) -> None:
    d = ("--data", str(SAMPLE))
    proc = timeline("stats", "--by", "year", "--since", "2015", "--category", "economy", *d)
    assert proc.stdout == "2015\t1\n2016\t1\n"
    proc = timeline("stats", "--by", "YEAR", "--since", "2017", "--reverse", "--json", *d)
    assert [r["key"] for r in json.loads(proc.stdout)] == ["2018", "2017"]
    proc = timeline("stats", "--by", "place", "--actor", "Mongolia", "--json", *d)
    assert json.loads(proc.stdout) == [
        {"key": "Ulaanbaatar", "count": 2},
        {"key": "Rajin", "count": 1},
    ]


def test_stats_table_on_request(timeline: Run) -> None:
    proc = timeline(
        "stats", "--by", "actor", "-f", "table", "--data", str(SAMPLE), env={"COLUMNS": "72"}
    )
    assert proc.returncode == 0
    assert "Mongolia" in proc.stdout and "█" in proc.stdout
    assert max(len(line) for line in proc.stdout.splitlines()) <= 72
    assert "\x1b" not in proc.stdout


def test_stats_help_says_how_spans_count(timeline: Run) -> None:
    proc = timeline("stats", "--help", env={"COLUMNS": "200"})
    assert "counts once in each year it overlaps" in proc.stdout


@pytest.mark.parametrize(
    ("args", "code", "fragment"),
    [
        (["--by", "month"], 2, "'month' is not something to count by; use one of: year, decade"),
        (["--format", "csv"], 2, "'csv' is not a format here; use one of: table, plain, json"),
        (["--since", "2019", "--until", "2018"], 2, "--since 2019 is after --until 2018"),
        (["--actor", "zzzz"], 1, "no actor is called 'zzzz'"),
    ],
)
def test_stats_mistakes(timeline: Run, args: list[str], code: int, fragment: str) -> None:
    proc = timeline("stats", *args, "--data", str(SAMPLE))
    assert proc.returncode == code
    assert "Traceback" not in proc.stderr
    assert fragment in proc.stderr.strip()
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stdout == ""


def test_nothing_matching_is_an_empty_array(timeline: Run) -> None:
    proc = timeline("stats", "--by", "actor", "--since", "2090", "--json", "--data", str(SAMPLE))
    assert (proc.returncode, proc.stdout) == (0, "[]\n")
    # Years fill the range asked for, even with no event in it.
    proc = timeline("stats", "--since", "2090", "--until", "2091", "--json", "--data", str(SAMPLE))
    assert json.loads(proc.stdout) == [{"key": "2090", "count": 0}, {"key": "2091", "count": 0}]
