"""Read a store of format 1 as format 2, keeping every value.

Format 1 is what ``timeline init`` wrote before format 2: no place records (an event's
places are names), notes without a kind, and nothing said of what a source is. The upgrade:

- adds ``"format": 2``;
- makes a place record of each distinct place name (its id a slug of the name), and has
  the events refer to them;
- gives each note a kind by its wording (``note_kind``), which a person should check:
  ``timeline list --disputed`` and ``--uncertain`` list what was decided;
- leaves sources and actors as they are (their new fields are optional).

``upgrade`` is pure: it returns a new document and changes nothing it was given.
"""

from __future__ import annotations

import re
from typing import Any

from ..slugs import slugify, unique_id

_DERIVED = re.compile(r"\bderiv|\bworked out\b|\bcounted (?:from|back)\b|\bcalculated\b", re.I)
_DISAGREES = re.compile(
    r"\bdisagree|\bdiffer|\bcontradict|\bconflict|\bwhile\b|\bwhereas\b|\binstead\b"
    r"|\brather than\b|\bbut\b|\bagainst\b|\bother (?:sources?|reports?)\b",
    re.I,
)


def note_kind(text: str, sources: list[Any]) -> str:
    """Return the kind a format-1 note most likely has, from its wording.

    ``derivation`` if it says a value was derived or worked out; ``disagreement`` if it
    contrasts what two or more sources say ("while", "but", "rather than", "differ");
    otherwise ``uncertainty``.
    """
    if _DERIVED.search(text):
        return "derivation"
    if _DISAGREES.search(text) and len(sources) >= 2:
        return "disagreement"
    return "uncertainty"


def upgrade(doc: dict[str, Any]) -> dict[str, Any]:
    """Return the format-2 document of a valid format-1 document."""
    ids: dict[str, str] = {}
    places: list[dict[str, Any]] = []
    for event in doc["events"]:
        for name in event.get("places", ()):
            if name not in ids:
                ids[name] = unique_id(slugify(name, 40) or "place", set(ids.values()))
                places.append({"id": ids[name], "name": name})
    events = []
    for event in doc["events"]:
        new = dict(event)
        if "places" in event:
            new["places"] = [ids[name] for name in event["places"]]
        if "notes" in event:
            new["notes"] = [
                {"kind": note_kind(n["text"], n["sources"]), **n} for n in event["notes"]
            ]
        events.append(new)
    return {
        "format": 2,
        "sources": doc["sources"],
        "actors": doc["actors"],
        "places": places,
        "events": events,
    }
