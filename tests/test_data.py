"""The bundled store: checks that keep it true to its sources."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from mnktimeline.counts import bibliography
from mnktimeline.model import CATEGORIES, Store
from mnktimeline.store import bundled_store, load
from mnktimeline.store.quotes import check_quotes

from .conftest import REPO

SOURCES = REPO.parent / "shared" / "sources"
ARTICLE = "campi-2019-apb457"


@pytest.fixture(scope="module")
def bundled() -> Store:
    return load(bundled_store())


def needs_sources() -> Path:
    if not (SOURCES / f"{ARTICLE}.txt").is_file():
        pytest.skip(
            f"the source texts are not at {SOURCES} (they sit beside the repository, not in it)"
        )
    return SOURCES


def test_every_quotation_is_in_its_source_text(bundled: Store) -> None:
    texts = needs_sources()
    assert check_quotes(bundled, texts) == []
    assert any(ref.quote for ev in bundled.events for ref in ev.sources), "no quotation was checked"


def test_article_locators_name_a_paragraph_that_exists(bundled: Store) -> None:
    text = (needs_sources() / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    for ev in bundled.events:
        for ref in ev.sources:
            if ref.source == ARTICLE:
                m = re.fullmatch(r"paras?\. (\d+)(?:[–-](\d+))?", ref.locator or "")
                assert m, (ev.id, ref.locator)
                assert 1 <= int(m[1]) <= len(paragraphs), (ev.id, ref.locator)


def test_quotations_are_only_from_texts_we_hold(bundled: Store) -> None:
    for ev in bundled.events:
        for ref in ev.sources:
            if ref.quote is not None:
                assert ref.source == ARTICLE, (ev.id, ref.source)
                assert len(ref.quote) <= 200


def test_the_store_spans_1948_to_2024_with_every_article_fact(bundled: Store) -> None:
    years = [ev.date.start.year for ev in bundled.events]
    assert min(years) == 1948 and max(years) == 2024
    assert sum(any(r.source == ARTICLE for r in ev.sources) for ev in bundled.events) >= 20


def test_event_ids_start_with_their_year(bundled: Store) -> None:
    for ev in bundled.events:
        assert ev.id.startswith(str(ev.date.start.year)), ev.id


def test_disagreements_are_notes_with_sources(bundled: Store) -> None:
    disputed = [ev for ev in bundled.events if ev.notes]
    assert len(disputed) >= 19
    for ev in disputed:
        for note in ev.notes:
            assert note.sources, (ev.id, note.text)
    talks = [ev for ev in bundled.events if ev.date.text == "2014-05-23"]
    assert talks and any("21 May" in n.text for ev in talks for n in ev.notes)


def _strip_marks(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def test_names_with_diacritics_have_an_ascii_alias(bundled: Store) -> None:
    for actor in bundled.actors.values():
        spellings = {actor.name, *actor.aliases}
        for name in spellings:
            plain = _strip_marks(name)
            if plain != name and plain.isascii():
                assert plain in spellings, (actor.id, name)


def test_the_article_spellings_resolve(bundled: Store) -> None:
    from mnktimeline.names import resolve_actor

    assert resolve_actor(bundled, "Khalmaa Battulga").exact
    assert resolve_actor(bundled, "Ukhnaa Khürelsükh").exact
    assert (
        resolve_actor(bundled, "khurelsukh").ids
        == resolve_actor(bundled, "Ukhnaagiin Khürelsükh").ids
    )
    assert resolve_actor(bundled, "DPRK").exact


def test_every_source_supports_an_event_an_office_or_coordinates(bundled: Store) -> None:
    for_offices = {o.source for a in bundled.actors.values() for o in a.offices}
    for_places = {p.coordinates.source for p in bundled.places.values() if p.coordinates}
    cited = for_offices | for_places
    unused = [src.id for src, n in bibliography(bundled) if n == 0 and src.id not in cited]
    assert unused == []


def test_each_page_is_one_source_record(bundled: Store) -> None:
    # Two records of one page split its citations and count it twice as a report.
    seen: dict[str, str] = {}
    twice = []
    for src in bundled.sources.values():
        if src.url is None:
            continue
        if src.url in seen:
            twice.append((seen[src.url], src.id))
        seen.setdefault(src.url, src.id)
    assert twice == []


def test_only_cities_and_venues_have_coordinates_each_from_a_page(bundled: Store) -> None:
    mapped = {p.id: p for p in bundled.places.values() if p.coordinates}
    assert mapped, "no place has coordinates: the GeoJSON export would be empty"
    for place in mapped.values():
        assert place.kind in ("city", "venue"), place.id  # an area is not a point
        assert place.coordinates and place.coordinates.source in bundled.sources, place.id
        assert bundled.sources[place.coordinates.source].url, place.id  # a page to check


def test_the_readme_defines_every_category() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, definition in CATEGORIES.items():
        assert f"| `{name}` | {definition} |" in readme, name


Write = Callable[..., Path]


def test_a_quotation_not_in_its_text_is_reported(
    sample_doc: dict[str, Any], tmp_path: Path, write_store: Write
) -> None:
    (tmp_path / "src-a.txt").write_text("The  meeting took\nplace in May.", encoding="utf-8")
    sample_doc = dict(sample_doc)
    events = [dict(e) for e in sample_doc["events"]]
    events[0]["sources"] = [
        {"source": "src-a", "locator": "para. 1", "quote": "meeting took place"}
    ]
    events[1]["sources"] = [{"source": "src-a", "quote": "meeting took place in June"}]
    events[2]["sources"] = [{"source": "src-b", "quote": "anything"}]
    store = load(write_store({**sample_doc, "events": events}))
    problems = [str(p) for p in check_quotes(store, tmp_path)]
    assert problems == [
        "events[1] '1956-kim-visit' sources[0]: field 'quote' is not in src-a.txt: 'meeting took place in June'",
        f"events[2] '2013-elbegdorj-visit' sources[0]: field 'quote' cannot be checked: no src-b.txt in {tmp_path}",
    ]


def test_the_bundled_store_is_of_format_2_and_says_what_each_record_is() -> None:
    import json

    doc = json.loads(bundled_store().read_text(encoding="utf-8"))
    assert doc["format"] == 2
    for source in doc["sources"]:
        assert source.get("kind") and source.get("language"), source["id"]
    for ev in doc["events"]:
        for note in ev.get("notes", []):
            assert note["kind"] in ("disagreement", "uncertainty", "derivation"), ev["id"]
        for place in ev.get("places", []):
            assert isinstance(place, str) or set(place) == {"place", "role"}, ev["id"]
    assert all(p.get("kind") for p in doc["places"])


def test_disputed_lists_only_real_disagreements(bundled: Store) -> None:
    from mnktimeline.query import Query, select

    disputed = select(bundled, Query(disputed=True))
    assert disputed and len(disputed) < sum(bool(ev.notes) for ev in bundled.events)
    for ev in disputed:
        notes = [n for n in ev.notes if n.kind == "disagreement"]
        assert notes, ev.id
        for note in notes:  # a disagreement is not a lone source or a worked-out date
            assert not re.match(
                r"(Known|Reported) only|Derived|Only [A-Z]\w+ (gives|reports)", note.text
            ), (ev.id, note.text)


# The minimums of the 0.2.0 dataset: how many events, how far back, which years.
MIN_EVENTS = 180
MIN_BEFORE_1990 = 45
MIN_NATIVE_SHARE = 0.75
OPEN_QUESTIONS = REPO / "docs" / "open-questions.md"

# The scripts a person's name is written in at home: Mongolian in Cyrillic (or the
# traditional script), Korean in Hangul (or Hanja), Japanese in kanji and kana.
NATIVE_SCRIPTS = {
    "MNG": re.compile("[\u0400-\u04ff\u1800-\u18af]"),
    "PRK": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff]"),
    "KOR": re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff]"),
    "JPN": re.compile("[\u3040-\u30ff\u4e00-\u9fff]"),
}


def years_listed_as_open() -> set[int]:
    """Return the years that open-questions.md lists as having no event, and why."""
    text = OPEN_QUESTIONS.read_text(encoding="utf-8")
    section = text.split("## Years without an event", 1)[1].split("\n## ", 1)[0]
    return {int(y) for y in re.findall(r"^- \*\*(\d{4})\*\*", section, re.M)}


def native_script_share(store: Store) -> float:
    people = [
        a for a in store.actors.values() if a.kind == "person" and a.country in NATIVE_SCRIPTS
    ]
    native = [
        a for a in people if any(NATIVE_SCRIPTS[a.country].search(n) for n in (a.name, *a.aliases))
    ]
    return len(native) / len(people)


def test_the_store_meets_the_dataset_minimums(bundled: Store) -> None:
    assert len(bundled.events) >= MIN_EVENTS
    assert sum(ev.date.start.year < 1990 for ev in bundled.events) >= MIN_BEFORE_1990


def test_every_year_from_1990_has_an_event_or_is_listed_as_open(bundled: Store) -> None:
    covered = {
        year
        for ev in bundled.events
        for year in range(ev.date.start.year, ev.date.end.year + 1)
        if ev.date.end.year - ev.date.start.year <= 1  # a long span does not fill its years
    }
    open_years = years_listed_as_open()
    assert open_years, "open-questions.md lists no years without an event"
    missing = [y for y in range(1990, 2025) if y not in covered and y not in open_years]
    assert missing == []
    assert sorted(open_years & covered) == [], "a year listed as open now has an event"


def test_most_people_carry_their_name_in_their_own_script(bundled: Store) -> None:
    assert native_script_share(bundled) >= MIN_NATIVE_SHARE


def test_the_native_script_share_counts_only_a_persons_own_script() -> None:
    from mnktimeline.model import Actor

    def store(*actors: Actor) -> Store:
        return Store("x", {}, {a.id: a for a in actors}, (), {})

    mongol = Actor("a", "Luvsangiin Erdenechuluun", "person", "MNG", ("에르데추런",))
    korean = Actor("b", "Ri Yong Ho", "person", "PRK", ("리용호",))
    state = Actor("c", "Mongolia", "state", "MNG")
    assert native_script_share(store(mongol, korean, state)) == 0.5


def test_every_note_place_and_source_says_what_it_is(bundled: Store) -> None:
    for ev in bundled.events:
        assert all(n.kind in ("disagreement", "uncertainty", "derivation") for n in ev.notes)
        assert all(ref.place in bundled.places for ref in ev.places), ev.id
    for source in bundled.sources.values():
        assert source.kind and source.language, source.id


def test_the_disagreements_index_is_up_to_date() -> None:
    import importlib.util
    import json

    spec = importlib.util.spec_from_file_location(
        "disagreements", REPO / "docs" / "disagreements.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    doc = json.loads(bundled_store().read_text(encoding="utf-8"))
    index = (REPO / "docs" / "disagreements.md").read_text(encoding="utf-8")
    assert index == module.render(doc), "run python docs/disagreements.py --write"
    notes = sum(n["kind"] == "disagreement" for ev in doc["events"] for n in ev.get("notes", []))
    assert index.count("\n### ") == notes
