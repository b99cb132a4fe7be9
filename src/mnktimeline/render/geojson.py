"""GeoJSON (RFC 7946): the events on a map, for QGIS, geojson.io or a GitHub preview.

One Feature per event and place that has coordinates of its own (a place is never put at
the coordinates of the place it lies within: Rajin is not at Rason's). The geometry is a
Point, longitude first as GeoJSON wants; the properties are the event as
``timeline list --json`` gives it, and ``place``: the place's ``id``, ``name`` and
``role`` (``venue``, ``subject`` or ``proposed``), with the source of its coordinates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..model import Event, Store
from ..relations import Relations
from .json import event_record, source_record


def features(evs: Sequence[Event], store: Store) -> Iterator[dict[str, Any]]:
    """Yield the Features of ``evs``, in their order, each place in the event's order."""
    relations = Relations(store, evs)
    shared: dict[str, dict[str, Any]] = {}
    for ev in evs:
        located = [
            (ref, place)
            for ref in ev.places
            if (place := store.places[ref.place]).coordinates is not None
        ]
        if not located:
            continue
        record = event_record(ev, store, relations, shared)
        for ref, place in located:
            c = place.coordinates
            assert c is not None
            yield {
                "type": "Feature",
                "id": f"{ev.id}/{place.id}",
                "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
                "properties": {
                    **record,
                    "place": {
                        "id": place.id,
                        "name": place.name,
                        "role": ref.role,
                        "coordinates_source": source_record(store.sources[c.source]),
                    },
                },
            }


def events(evs: Sequence[Event], store: Store, **_: Any) -> Iterator[str]:
    """Yield a FeatureCollection, one Feature a line."""
    yield '{"type": "FeatureCollection", "features": ['
    first = True
    for feature in features(evs, store):
        yield ("\n" if first else ",\n") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}\n" if first else "\n]}\n"
