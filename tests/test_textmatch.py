"""The matching rule: folding, word endings, query terms, and the fast search of a large
store held to the plain rule (an event's index of stems) by hypothesis."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mnktimeline.model import Store
from mnktimeline.search import fields, index, matching
from mnktimeline.store import load
from mnktimeline.textmatch import contains, fold, forms, scan, stem, terms, words

from .conftest import examples

STORE = Path(__file__).parent / "data" / "search.json"


@pytest.fixture(scope="module")
def store() -> Store:
    return load(STORE)


def test_fold_drops_case_diacritics_and_punctuation() -> None:
    assert fold("Ukhnaagiin Khürelsükh") == "ukhnaagiin khurelsukh"
    assert fold("Ri Yong-ho") == fold("ri yong ho") == "ri yong ho"
    assert fold("Abductee's") == "abductee s"
    assert fold("ΟΔΟΣ") == "οδοσ"  # a final sigma folds as any sigma, alone or in a word
    assert fold("ﬁne ①") == "fine 1"  # compatibility forms
    assert fold("Халтмаагийн Баттулга") == "халтмаагиин баттулга"  # й loses its breve
    assert fold("김정은") == fold("김정은")  # Hangul, as syllables or as jamo
    assert fold("—!?") == ""


@pytest.mark.parametrize(
    ("group", "stemmed"),
    [
        (["visit", "visits", "visited", "visiting"], "visit"),
        (["abductee", "abductees", "abducted", "abducting"], "abduct"),
        (["study", "studies", "studied", "studying"], "study"),
        (["plan", "plans", "planned", "planning"], "plan"),
        (["meet", "meets", "meeting", "meetings"], "meet"),
        (["invite", "invites", "invited", "inviting"], "invit"),
        (["agree", "agrees", "agreed", "agreeing"], "agr"),
    ],
)
def test_inflections_of_a_word_share_its_stem(group: list[str], stemmed: str) -> None:
    assert {stem(w) for w in group} == {stemmed}


@pytest.mark.parametrize(
    ("word", "other"),
    [
        ("un", "until"),
        ("un", "union"),
        ("visit", "visitor"),
        ("visit", "revisit"),
        ("abduction", "abductee"),
        ("new", "news"),
        ("japan", "japanese"),
        ("us", "use"),
        ("address", "addres"),
    ],
)
def test_other_words_keep_apart(word: str, other: str) -> None:
    assert stem(word) != stem(other)


def test_short_words_words_with_digits_and_other_scripts_are_left_whole() -> None:
    for word in ("us", "its", "was", "has", "need", "2014", "1990s", "g7s", "баттулга", "status"):
        assert stem(word) == word


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12))
def test_every_word_is_among_the_forms_of_its_stem(word: str) -> None:
    spelled = forms(stem(word))
    assert word in spelled
    assert all(stem(w) == stem(word) for w in spelled)


def test_a_query_is_words_and_quoted_phrases() -> None:
    assert terms('Kim "Jong Un" Yong-ho “Ulan Bator” abductees "unclosed quote') == [
        ("kim",),
        ("jong", "un"),
        ("yong", "ho"),  # a word that folds into two is a phrase of them
        ("ulan", "bator"),
        ("abduct",),
        ("unclos", "quot"),
    ]
    assert terms("visit visits VISITED") == [("visit",)]
    assert terms(' " !! ') == []


def test_contains_needs_every_term_and_phrases_within_one_field() -> None:
    idx = "battulga invit kim jong un to mongolia | letter | diplomacy | kim jong un"
    assert contains(idx, [("kim", "jong", "un")])
    assert contains(idx, [("letter",), ("mongolia",)])
    assert not contains(idx, [("mongolia", "letter")])  # across two fields
    assert not contains(idx, [("jong", "kim")])  # out of order
    assert not contains(idx, [("mongol",)])  # a part of a word is not a word


def test_index_holds_aliases_in_every_script_and_the_places_around(store: Store) -> None:
    ev = next(e for e in store.events if e.id == "2016-03-shipments-stop")
    texts = fields(store, ev)
    assert "Rajin" in texts and "Najin" in texts and "Rason" in texts and "North Korea" in texts
    assert contains(index(store, ev), terms("라선"))  # Rason's Hangul alias, as Rajin is in it
    letter = next(e for e in store.events if e.id == "2018-10-10-battulga-invites")
    assert contains(index(store, letter), terms("Баттулга 김정은 letter"))


# Texts made of pieces: letters that build words and their endings, words in other
# scripts, marks, punctuation, NUL and odd spaces, so that words meet in every way.
TEXT = st.lists(
    st.sampled_from(
        [
            *"visitedsabuctng ",
            *("VISIT", "Visits", "abductee's", "-", "'", ".", ",", "\x00", "_", "ü", "u\u0308"),
            *("Ü", "Баттулга", "김정은", "Σ", "ς", "ﬁ", "①", "\u00a0", "\u2028", "\t", "İ"),
            "Kim Jong-un",
        ]
    ),
    max_size=30,
).map("".join)
QUERY = st.lists(
    st.sampled_from(
        [
            *("visit", "visited", "abductee", "s", "u", "Баттулга", "김정은", "σ", "fi", "1", "i"),
            *('"visit s"', "kim jong un", '"jong un"', "ab", "ü", "isit", "un", '"visit visit"'),
        ]
    ),
    min_size=1,
    max_size=3,
).map(" ".join)


@settings(max_examples=examples(300))
@given(st.lists(TEXT, max_size=6), QUERY)
def test_the_fast_scan_finds_exactly_what_the_index_holds(texts: list[str], query: str) -> None:
    for term in terms(query):
        expected = {i for i, t in enumerate(texts) if contains(" ".join(words(t)), [term])}
        assert scan(texts, term) == expected


STORE_QUERY = st.lists(
    st.sampled_from(
        [
            *("un", "Kim Jong Un", '"Kim Jong Un"', "abductee", "abductions", "visit", "Rason"),
            *("Najin", "Ulan Bator", "평양", "Баттулга", "김정은", "khurelsukh", "sanctions"),
            *("security dialogue", '"visit to"', "Tōkyō", "letter", "Dornod", "mongolia"),
            *("north", "korea", '"north korea"', "japanese", "dprk", "2018", "Sung", "fund"),
        ]
    ),
    min_size=1,
    max_size=3,
).map(" ".join)


@settings(max_examples=examples(100))
@given(STORE_QUERY)
def test_matching_gives_the_events_whose_index_holds_the_query(query: str) -> None:
    store = load(STORE)
    wanted = terms(query)
    fast = [e.id for e in matching(store, store.events, wanted)]
    plain = [e.id for e in store.events if contains(index(store, e), wanted)]
    assert fast == plain
