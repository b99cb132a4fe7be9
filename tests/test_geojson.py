"""`timeline export geojson`: the events with coordinates, read back by the `geojson`
library (what QGIS plugins and geojson.io's tooling are built on in Python)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import geojson
import pytest

from .conftest import SAMPLE, Run


@pytest.fixture
def mapped(doc: dict[str, Any], write_store: Callable[[Any], Path]) -> Path:
    """The sample store with Pyongyang on the map too, and an event that names a place as
    its subject. Ulaanbaatar has coordinates; Rajin has none and lies within Rason."""
    places = {p["id"]: p for p in doc["places"]}
    places["pyongyang"]["coordinates"] = {"lat": 39.02, "lon": 125.75, "source": "src-b"}
    talks = next(e for e in doc["events"] if e["id"] == "2014-talks")
    talks["places"] = ["ulaanbaatar", {"place": "pyongyang", "role": "subject"}]
    return write_store(doc)


def test_one_feature_per_event_and_place_with_coordinates(timeline: Run, mapped: Path) -> None:
    proc = timeline("export", "geojson", "--data", str(mapped))
    assert proc.returncode == 0 and proc.stderr == ""
    collection = geojson.loads(proc.stdout)
    assert isinstance(collection, geojson.FeatureCollection)
    assert collection.is_valid, collection.errors()
    assert [f["id"] for f in collection["features"]] == [
        "1956-kim-visit/ulaanbaatar",
        "2013-elbegdorj-visit/pyongyang",
        "2014-talks/ulaanbaatar",
        "2014-talks/pyongyang",
    ]  # 2015-coal is at Rajin, which has no coordinates of its own: not put at Rason's
    first = collection["features"][0]
    assert first["geometry"] == {"type": "Point", "coordinates": [106.92, 47.92]}  # lon, lat
    talks = collection["features"][3]
    assert talks["properties"]["place"]["role"] == "subject"
    assert talks["properties"]["place"]["coordinates_source"]["id"] == "src-b"


def test_properties_are_the_events_of_list_json(timeline: Run, mapped: Path) -> None:
    features = json.loads(timeline("export", "geojson", "--data", str(mapped)).stdout)["features"]
    events = {
        e["id"]: e for e in json.loads(timeline("list", "--json", "--data", str(mapped)).stdout)
    }
    for feature in features:
        properties = dict(feature["properties"])
        place = properties.pop("place")
        assert properties == events[properties["id"]]
        assert {"id": place["id"], "name": place["name"], "role": place["role"]} in properties[
            "places"
        ]


def test_geojson_takes_the_filters_and_a_file(timeline: Run, mapped: Path, tmp_path: Path) -> None:
    target = tmp_path / "map.geojson"
    proc = timeline(
        "export", "geojson", "--since", "2014", "-o", str(target), "--data", str(mapped)
    )
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")
    collection = geojson.loads(target.read_text(encoding="utf-8"))
    assert collection.is_valid
    assert {f["properties"]["id"] for f in collection["features"]} == {"2014-talks"}


def test_events_without_coordinates_give_an_empty_collection_and_say_so(
    timeline: Run, doc: dict[str, Any], write_store: Callable[[Any], Path]
) -> None:
    for place in doc["places"]:
        place.pop("coordinates", None)
    proc = timeline("export", "geojson", "--data", str(write_store(doc)))
    assert proc.returncode == 0
    collection = geojson.loads(proc.stdout)
    assert collection.is_valid and collection["features"] == []
    assert proc.stderr == (
        "timeline: no place of the 11 events selected has coordinates; the export holds no "
        "features (coordinates are a place's 'coordinates' in the store)\n"
    )
    proc = timeline("export", "geojson", "--since", "2090", "--data", str(SAMPLE))
    assert json.loads(proc.stdout) == {"type": "FeatureCollection", "features": []}
    assert "no events match these filters" in proc.stderr
