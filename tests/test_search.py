"""Finding what people mean, through the installed CLI on a store built for it
(tests/data/search.json: names and aliases in Latin, Cyrillic and Hangul, places within
places, words that hold other words). Each query has its exact set of events; the README's
rule for --search explains every one. tests/test_html_browser.py runs the --search
queries of ``QUERIES`` in the exported page too, which must find the same events."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from .conftest import Run

STORE = Path(__file__).parent / "data" / "search.json"

KIM_JONG_UN = {
    "2013-10-28-elbegdorj-visit",  # "under Kim Jong Un" in the summary
    "2015-07-envoy-letter",
    "2018-10-10-battulga-invites",
    "2020-07-11-messages",
    "2022-09-khurelsukh-invites",
}
AT_ULAANBAATAR = {
    "1956-07-kim-il-sung-visit",
    "1988-06-kim-il-sung-returns",
    "1999-embassy-closes",
    "2014-03-10-yokota-reunion",
    "2014-ulaanbaatar-dialogue",
    "2018-06-14-fifth-dialogue",
    "2018-10-06-secret-meeting",
    "2018-10-10-battulga-invites",  # its proposed venue
    "2019-06-16-kono-abductees",
    "2023-10-kimjongilia-show",
    "2024-03-09-vice-minister",
}
AT_PYONGYANG = {
    "2012-11-27-justice-pact",
    "2013-10-28-elbegdorj-visit",
    "2015-07-envoy-letter",
    "2018-02-04-tsogtbaatar-visit",
    "2018-11-23-reception",
    "2019-04-18-mfa-delegation",
    "2019-08-tourists",
}
AT_RAJIN = {"2015-06-19-rajin-coal", "2016-03-shipments-stop"}
BATTULGA = {
    "2014-ulaanbaatar-dialogue",
    "2018-09-11-abe-battulga",
    "2018-10-10-battulga-invites",
    "2020-07-11-messages",
}
TAGGED_ABDUCTIONS = {
    "2014-03-10-yokota-reunion",
    "2014-04-16-abe-thanks",
    "2015-07-envoy-letter",
    "2018-09-11-abe-battulga",
    "2018-12-13-abe-khurelsukh",
    "2019-06-16-kono-abductees",
}
ABDUCTEES = {  # abductee, abductee's, abductees', abducted
    "2014-03-10-yokota-reunion",
    "2015-07-envoy-letter",
    "2018-12-13-abe-khurelsukh",
    "2019-06-16-kono-abductees",
}
VISITS = {  # visit, visits, visiting; tags visit and state-visit (not revisited, visitors)
    "1956-07-kim-il-sung-visit",
    "1988-06-kim-il-sung-returns",
    "2013-10-28-elbegdorj-visit",
    "2018-02-04-tsogtbaatar-visit",
    "2018-10-10-battulga-invites",
    "2019-04-18-mfa-delegation",
    "2022-09-khurelsukh-invites",
    "2024-03-09-vice-minister",
}
KIM_IL_SUNG = {"1956-07-kim-il-sung-visit", "1988-06-kim-il-sung-returns"}
JAPAN = {
    "2014-03-10-yokota-reunion",
    "2014-04-16-abe-thanks",
    "2018-06-14-fifth-dialogue",
    "2018-09-11-abe-battulga",
    "2018-10-06-secret-meeting",
    "2018-12-13-abe-khurelsukh",
    "2019-06-16-kono-abductees",
}

# `timeline list ARGS` and the events it must print, no more and no fewer.
QUERIES: list[tuple[list[str], set[str]]] = [
    # Whole words, not substrings: "un" is not in until, Union, Fund or Sung.
    (
        ["--search", "un"],
        KIM_JONG_UN | {"2009-06-sanctions", "2016-03-shipments-stop", "2017-12-workers-leave"},
    ),
    (["--search", "Sung"], KIM_IL_SUNG | {"2013-10-28-elbegdorj-visit"}),  # Kim Il Sung University
    (["--search", "fund"], {"2010-03-herders-fund"}),
    # Every word somewhere in the event; a quoted phrase as one.
    (["--search", "Kim Jong Un"], KIM_JONG_UN | {"2009-06-sanctions"}),  # Kim Jong Il, and the UN
    (["--search", '"Kim Jong Un"'], KIM_JONG_UN),
    (["--search", "Kim Il Sung"], KIM_IL_SUNG | {"2013-10-28-elbegdorj-visit"}),
    (
        ["--search", '"visit to"'],
        {
            "1988-06-kim-il-sung-returns",
            "2013-10-28-elbegdorj-visit",
            "2018-02-04-tsogtbaatar-visit",
        },
    ),
    (["--search", "security dialogue"], {"2014-ulaanbaatar-dialogue", "2018-06-14-fifth-dialogue"}),
    # Endings of inflection: one word with its plural, past and -ing forms.
    (["--search", "abductee"], ABDUCTEES),
    (["--search", "abductees"], ABDUCTEES),
    (["--search", "Japanese abductees"], {"2015-07-envoy-letter", "2019-06-16-kono-abductees"}),
    (["--search", "abduction"], TAGGED_ABDUCTIONS | {"2018-10-06-secret-meeting"}),  # tag, text
    (["--search", "visit"], VISITS),
    (["--search", "visited"], VISITS),
    (
        ["--search", "talks"],
        {
            "1956-07-kim-il-sung-visit",
            "2015-07-envoy-letter",
            "2018-10-06-secret-meeting",
            "2019-04-18-mfa-delegation",
        },
    ),
    # Tags and categories are searched.
    (
        ["--search", "sanctions"],
        {"2009-06-sanctions", "2016-03-shipments-stop", "2017-12-workers-leave"},
    ),
    (["--search", "letter"], {"2015-07-envoy-letter", "2018-10-10-battulga-invites"}),
    # Actors by every alias in every script; case and diacritics ignored.
    (["--search", "Баттулга"], BATTULGA),
    (["--search", "김정은"], KIM_JONG_UN - {"2013-10-28-elbegdorj-visit"}),
    (["--search", "KHÜRELSÜKH"], {"2018-12-13-abe-khurelsukh", "2022-09-khurelsukh-invites"}),
    (["--search", "Ri Yong Ho"], {"2018-02-04-tsogtbaatar-visit", "2019-04-18-mfa-delegation"}),
    (["--search", "Kimjongilia"], {"2023-10-kimjongilia-show"}),
    # Places by name and alias, with the places within them.
    (["--search", "Ulan Bator"], AT_ULAANBAATAR),
    (["--search", "Улаанбаатар"], AT_ULAANBAATAR),
    (
        ["--search", "Ulaanbaatar"],
        AT_ULAANBAATAR | {"2004-11-refugee-camps", "2015-07-envoy-letter"},
    ),
    (["--search", "평양"], AT_PYONGYANG),
    (["--search", "Rason"], AT_RAJIN | {"2008-rason-pier"}),
    (["--search", "Najin"], AT_RAJIN),
    (["--search", "Dornod"], {"2011-07-choibalsan-builders"}),  # Choibalsan lies in Dornod
    (["--search", "Tōkyō"], {"2014-04-16-abe-thanks", "2018-12-13-abe-khurelsukh"}),
    # --place: names and aliases, places within included, then the starts of words.
    (["--place", "Ulan Bator"], AT_ULAANBAATAR),
    (["--place", "Пхеньян"], AT_PYONGYANG),
    (["--place", "Rason"], AT_RAJIN | {"2008-rason-pier"}),
    (["--place", "Choib"], {"2011-07-choibalsan-builders"}),
    (
        ["--place", "Mongolia"],
        AT_ULAANBAATAR | {"2010-03-herders-fund", "2011-07-choibalsan-builders"},
    ),
    # --tag (any case and punctuation), all of them; --country, any of them.
    (["--tag", "abductions"], TAGGED_ABDUCTIONS),
    (["--tag", "Ulaanbaatar Dialogue"], {"2014-ulaanbaatar-dialogue", "2018-06-14-fifth-dialogue"}),
    (["--tag", "coal", "--tag", "rail"], {"2015-06-19-rajin-coal"}),
    (["--country", "Japan"], JAPAN),
    (
        ["--country", "JPN", "--country", "KOR"],
        JAPAN | {"2004-11-refugee-camps", "2015-06-19-rajin-coal"},
    ),
    # Dates: overlapping, or wholly inside with --within.
    (
        ["--on", "2018-10-10"],
        {"2014-ulaanbaatar-dialogue", "2017-12-workers-leave", "2018-10-10-battulga-invites"},
    ),
    (["--on", "2018-10-10", "--within"], {"2018-10-10-battulga-invites"}),
    (
        ["--since", "2018", "--until", "2018", "--within"],
        {
            "2018-02-04-tsogtbaatar-visit",
            "2018-06-14-fifth-dialogue",
            "2018-09-11-abe-battulga",
            "2018-10-06-secret-meeting",
            "2018-10-10-battulga-invites",
            "2018-11-23-reception",
            "2018-12-13-abe-khurelsukh",
        },
    ),
    # Filters together: each narrows.
    (["--search", "abductee", "--country", "JPN"], ABDUCTEES & JAPAN),
    (
        ["--search", "visit", "--place", "Pyongyang", "--since", "2015"],
        {"2018-02-04-tsogtbaatar-visit", "2019-04-18-mfa-delegation"},
    ),
]

SEARCHES = [args[1] for args, _ in QUERIES if args[0] == "--search" and len(args) == 2]


def ids(proc: Any) -> list[str]:
    assert proc.returncode == 0, proc.stderr
    return [e["id"] for e in json.loads(proc.stdout)]


@pytest.mark.parametrize(("args", "expected"), QUERIES, ids=[" ".join(a) for a, _ in QUERIES])
def test_each_query_finds_exactly_its_events(
    timeline: Run, args: list[str], expected: set[str]
) -> None:
    found = ids(timeline("list", *args, "--json", "--data", str(STORE)))
    assert len(found) == len(set(found))
    assert set(found) == expected


# `timeline actor NAME`: the actors it fits (stderr names them when several) and their events.
ACTORS: list[tuple[str, list[str], set[str]]] = [
    (
        "Kh",
        ["Khaltmaagiin Battulga", "Ukhnaagiin Khürelsükh", "Khishigdemberel Temuujin"],
        BATTULGA
        | {"2012-11-27-justice-pact", "2018-12-13-abe-khurelsukh", "2022-09-khurelsukh-invites"},
    ),
    (
        "Ts",
        ["Yumjaa Tsedenbal", "Tsakhiagiin Elbegdorj", "Damdin Tsogtbaatar", "Suren Tsoggerel"],
        {
            "1956-07-kim-il-sung-visit",
            "2013-10-28-elbegdorj-visit",
            "2014-04-16-abe-thanks",
            "2014-ulaanbaatar-dialogue",
            "2015-07-envoy-letter",
            "2018-02-04-tsogtbaatar-visit",
            "2018-11-23-reception",
            "2019-06-16-kono-abductees",
        },
    ),
    (
        "kim jong",
        ["Kim Jong Il", "Kim Jong Un"],
        (KIM_JONG_UN - {"2013-10-28-elbegdorj-visit"}) | {"2009-06-sanctions"},
    ),
    (
        "Kim",
        ["Kim Il Sung", "Kim Jong Il", "Kim Jong Un", "Mongolian Kimjongilia Association"],
        KIM_IL_SUNG
        | (KIM_JONG_UN - {"2013-10-28-elbegdorj-visit"})
        | {"2009-06-sanctions", "2023-10-kimjongilia-show"},
    ),
    ("Баттулга", ["Khaltmaagiin Battulga"], BATTULGA),  # a word of the alias Халтмаагийн Баттулга
    ("김정은", ["Kim Jong Un"], KIM_JONG_UN - {"2013-10-28-elbegdorj-visit"}),
    ("Battulga", ["Khaltmaagiin Battulga"], BATTULGA),  # an alias, whole: not Kh. Battulga too
]


@pytest.mark.parametrize(("name", "actors", "expected"), ACTORS, ids=[a for a, _, _ in ACTORS])
def test_actor_names_fit_whole_then_by_the_starts_of_words(
    timeline: Run, name: str, actors: list[str], expected: set[str]
) -> None:
    proc = timeline("actor", name, "--json", "--data", str(STORE))
    assert set(ids(proc)) == expected
    if len(actors) > 1:
        assert proc.stderr == (
            f"timeline: '{name}' fits {len(actors)} actors ({', '.join(actors)}); "
            "showing events of any of them\n"
        )
    else:
        assert proc.stderr == ""


def stats(timeline: Run, *args: str) -> list[tuple[str, int]]:
    proc = timeline("stats", *args, "--json", "--data", str(STORE))
    assert proc.returncode == 0, proc.stderr
    return [(row["key"], row["count"]) for row in json.loads(proc.stdout)]


def test_stats_fill_the_range_asked_for_and_top_counts_rows(timeline: Run) -> None:
    assert stats(timeline, "--by", "year", "--since", "1990", "--until", "1995") == [
        (str(y), 1)
        for y in range(1990, 1996)  # the span 1990/1995 in each year
    ]
    assert stats(timeline, "--by", "year", "--since", "1996", "--until", "2000") == [
        ("1996", 0),
        ("1997", 0),
        ("1998", 0),
        ("1999", 1),
        ("2000", 0),
    ]
    assert stats(timeline, "--by", "decade", "--since", "1985", "--until", "2004") == [
        ("1980s", 1),
        ("1990s", 2),
        ("2000s", 1),
    ]
    assert stats(timeline, "--by", "tag", "--top", "3") == [
        ("abductions", 6),
        ("state-visit", 3),
        ("un-sanctions", 3),  # ties alphabetical
    ]
    assert stats(timeline, "--by", "actor", "--top", "2") == [("Mongolia", 14), ("North Korea", 12)]
    assert stats(timeline, "--by", "year", "--top", "1") == [("2018", 9)]


def test_tags_lists_every_tag_with_its_count(timeline: Run) -> None:
    proc = timeline("tags", "--json", "--data", str(STORE))
    rows = json.loads(proc.stdout)
    assert {"tag": "abductions", "events": 6} in rows and len(rows) == 28
    assert [r["tag"] for r in rows] == sorted(r["tag"] for r in rows)
    plain = timeline("tags", "--data", str(STORE)).stdout.splitlines()
    assert "ulaanbaatar-dialogue\t2" in plain


def sources(timeline: Run, *args: str) -> dict[str, int]:
    proc = timeline("sources", *args, "--json", "--data", str(STORE))
    assert proc.returncode == 0, proc.stderr
    return {row["id"]: row["events"] for row in json.loads(proc.stdout)}


def test_sources_take_the_filters_of_list(timeline: Run) -> None:
    assert sources(timeline, "--since", "2014", "--until", "2014") == {
        "article-test": 1,
        "montsame-test": 1,
        "yonhap-test": 2,
    }
    assert sources(timeline, "--tag", "abductions") == {"yonhap-test": 5, "montsame-test": 1}
    assert sources(timeline)["uncited-test"] == 0  # no filter: every source of the store
    assert "uncited-test" not in sources(timeline, "--since", "1900")
    csv = timeline("sources", "--search", "Najin", "--format", "csv", "--data", str(STORE)).stdout
    assert csv.splitlines()[1:] == [
        "yonhap-test,Yonhap dispatches on Mongolia,,Yonhap,,https://example.org/yonhap,2"
    ]
    md = timeline("sources", "--search", "Najin", "--format", "markdown", "--data", str(STORE))
    assert "Yonhap dispatches on Mongolia" in md.stdout and "KCNA" not in md.stdout


MISTAKES = [
    (
        ["list", "--tag", "abduction"],
        1,
        "no event has the tag 'abduction'; did you mean 'abductions'? ('timeline tags' lists them all)",
    ),
    (
        ["list", "--place", "Ulaanbatar"],
        1,
        "no place is called 'Ulaanbatar'; did you mean 'Ulaanbaatar'?",
    ),
    (["list", "--country", "Japn"], 1, "no country 'Japn' in the store; did you mean 'Japan'?"),
    (
        ["list", "--category", "diplomatic"],
        2,
        "'diplomatic' is not a category; did you mean 'diplomacy'?",
    ),
    (
        ["list", "--within"],
        2,
        "--within keeps events wholly inside the dates of --since, --until or --on",
    ),
    (["list", "--search", "!!!"], 2, "--search '!!!' holds no word to look for"),
    (["stats", "--by", "actor", "--limit", "5"], 2, "use --top 5 for the 5 largest rows"),
    (["stats", "--top", "0"], 2, "--top 0 keeps no row; give 1 or more"),
    (["sources", "--tag", "abduction"], 1, "did you mean 'abductions'?"),
    # An empty name is a mistake of usage, as an empty --search is.
    (["list", "--place", ""], 2, "--place '' is empty; give a place's name or alias"),
    (["list", "--actor", " "], 2, "--actor ' ' is empty; give a name or alias"),
    (["list", "--tag", ""], 2, "--tag '' is empty; give a tag"),
    (["stats", "--country", ""], 2, "--country '' is empty; give a code such as MNG"),
    (["actor", ""], 2, "the actor name '' is empty; give a name or alias"),
]


@pytest.mark.parametrize(
    ("args", "code", "fragment"), MISTAKES, ids=[" ".join(a) for a, _, _ in MISTAKES]
)
def test_a_value_that_matches_nothing_known_is_one_sentence(
    timeline: Run, args: list[str], code: int, fragment: str
) -> None:
    proc = timeline(*args, "--data", str(STORE))
    assert (proc.returncode, proc.stdout) == (code, "")
    assert fragment in proc.stderr and len(proc.stderr.splitlines()) == 1


def test_a_table_says_when_events_run_past_the_dates(timeline: Run) -> None:
    proc = timeline("list", "--on", "2018-10-10", "--format", "table", "--data", str(STORE))
    assert proc.stderr == (
        "timeline: 2 of the 3 events kept run past the dates asked for; "
        "--within keeps only events wholly inside\n"
    )
    proc = timeline("list", "--on", "2018-10-10", "--json", "--data", str(STORE))
    assert proc.stderr == ""  # scripts get the data alone
