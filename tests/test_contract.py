"""The JSON contract that scripts depend on. Changing it breaks users: change it on purpose."""

from __future__ import annotations

import json
from typing import Any

from mnktimeline.model import Store
from mnktimeline.query import Query, select
from mnktimeline.render import Format, Options, renderer

EVENT_KEYS: dict[str, type | tuple[type, ...]] = {
    "id": str,
    "date": str,
    "start": str,
    "end": str,
    "display_date": str,
    "approximate": bool,
    "uncertain": bool,
    "status": str,
    "title": str,
    "summary": str,
    "category": str,
    "tags": list,
    "actors": list,
    "places": list,
    "part_of": (str, type(None)),
    "series": (str, type(None)),
    "related": list,
    "sources": list,
    "notes": list,
}
SOURCE_KEYS = {
    "id",
    "title",
    "author",
    "publisher",
    "published",
    "url",
    "kind",
    "language",
    "repost",
    "accessed",
}


def events_json(store: Store) -> list[dict[str, Any]]:
    out = "".join(renderer("events", Format.json)(select(store, Query()), store, opts=Options()))
    data: list[dict[str, Any]] = json.loads(out)
    return data


def test_each_event_has_the_pinned_keys_and_types(sample: Store) -> None:
    for ev in events_json(sample):
        assert set(ev) == set(EVENT_KEYS), ev["id"]
        for key, kind in EVENT_KEYS.items():
            assert isinstance(ev[key], kind), (ev["id"], key)
        for actor in ev["actors"]:
            assert set(actor) == {"id", "name"}
        for place in ev["places"]:
            assert set(place) == {"id", "name", "role"}
        for rel in ev["related"]:
            assert set(rel) == {"id", "title", "relation"}
        for src in ev["sources"]:
            assert set(src) == SOURCE_KEYS | {"locator", "quote"}
        for note in ev["notes"]:
            assert set(note) == {"kind", "text", "sources"}


def test_dates_keep_the_stored_form_and_give_iso_days(sample: Store) -> None:
    by_id = {e["id"]: e for e in events_json(sample)}
    assert by_id["2015-coal"]["date"] == "2015/2016"
    assert (by_id["2015-coal"]["start"], by_id["2015-coal"]["end"]) == ("2015-01-01", "2016-12-31")
    assert (by_id["2018-12-tokyo"]["start"], by_id["2018-12-tokyo"]["end"]) == (
        "2018-12-01",
        "2018-12-31",
    )
    talks = by_id["2014-talks"]
    assert talks["sources"][0] == {
        "id": "src-a",
        "title": "Article A",
        "author": "A. Author",
        "publisher": "Pub A",
        "published": "2019-02-20",
        "url": "https://example.org/a",
        "kind": "scholarly",
        "language": "en",
        "repost": None,
        "accessed": None,
        "locator": "para. 3",
        "quote": None,
    }
    assert talks["notes"] == [
        {"kind": "disagreement", "text": "The article says 21 May.", "sources": ["src-a"]}
    ]
    assert talks["places"] == [{"id": "ulaanbaatar", "name": "Ulaanbaatar", "role": "venue"}]
    assert (talks["status"], talks["display_date"], talks["approximate"]) == (
        "happened",
        "23 May 2014",
        False,
    )


def test_actors_json_shape(sample: Store) -> None:
    from mnktimeline.counts import event_counts

    counts = event_counts(sample)
    rows = [(a, counts[a.id]) for a in sample.actors.values()]
    data = json.loads("".join(renderer("actors", Format.json)(rows, opts=Options())))
    elbeg = next(a for a in data if a["id"] == "elbegdorj")
    assert elbeg == {
        "id": "elbegdorj",
        "name": "Tsakhiagiin Elbegdorj",
        "aliases": ["Elbegdorj"],
        "kind": "person",
        "country": "MNG",
        "offices": [
            {"title": "President of Mongolia", "date": "2009-06-18/2017-07-10", "source": "src-a"}
        ],
        "events": 1,
    }
