"""The JSON that TimelineJS3 reads, for a slide-show timeline of the events.

The format, as documented by Knight Lab ("TimelineJS3 JSON data format",
https://timeline.knightlab.com/docs/json-format.html, and website/templates/docs/
json-format.html in NUKnightLab/TimelineJS3):

- the document is an object with ``events`` (a list of slides, required) and ``title``
  (a slide without dates);
- a slide has ``start_date`` (a date object, required except for the title), ``end_date``
  (optional), ``text`` (``headline`` and ``text``, both "HTML markup is OK"), ``group``
  ("any text"; slides with the same group share a row) and ``display_date`` (a string);
- a date object has ``year`` (a number, required), ``month`` (a number 1-12) and ``day``
  (a number), each optional below the year.

``unique_id`` is the slide id TimelineJS3 keeps, slugified, for bookmarks and its API
(src/js/core/TimelineConfig.js ``_assignID``; API.md ``goToId``). Since headline and text
are read as HTML, store text is escaped so that markup in a title shows as text.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from ..dates import PartialDate
from ..model import Event, Store
from .htmltext import TITLE, actor_names, coverage, esc, source_items
from .words import place_names, when


def date_object(d: PartialDate) -> dict[str, int]:
    """Return a TimelineJS date object with only the parts ``d`` really has."""
    out = {"year": d.year}
    if d.month is not None:
        out["month"] = d.month
    if d.day is not None:
        out["day"] = d.day
    return out


def _text(ev: Event, store: Store) -> str:
    parts = [f"<p>{esc(ev.summary)}</p>"]
    if ev.actors:
        parts.append(f"<p>Actors: {actor_names(store, ev)}</p>")
    if ev.places:
        parts.append(f"<p>Places: {', '.join(esc(p) for p in place_names(store, ev))}</p>")
    if ev.sources:
        parts.append(f"<p>Sources:</p><ol>{source_items(store, ev)}</ol>")
    for note in ev.notes:
        parts.append(f"<p><em>{esc(note.kind.capitalize())}: {esc(note.text)}</em></p>")
    return "".join(parts)


def slide(ev: Event, store: Store) -> dict[str, Any]:
    """Return the TimelineJS slide of one event."""
    out: dict[str, Any] = {"start_date": date_object(ev.date.first)}
    if ev.date.is_interval:
        out["end_date"] = date_object(ev.date.last)
    out["display_date"] = when(ev)
    out["text"] = {"headline": esc(ev.title), "text": _text(ev, store)}
    out["group"] = ev.category
    out["unique_id"] = ev.id
    return out


def export(evs: Sequence[Event], store: Store, **_: Any) -> Iterator[str]:
    """Yield one TimelineJS3 document: a title slide and a slide per event."""
    doc = {
        "title": {
            "text": {
                "headline": esc(TITLE),
                "text": f"<p>{esc(coverage(evs))}. Dates at the precision the sources give.</p>",
            }
        },
        "events": [slide(ev, store) for ev in evs],
    }
    yield json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
