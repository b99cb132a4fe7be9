"""How a record is put in words by every renderer for people: places with their roles,
dates with their status, notes with their kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..model import Event, Source, Store

if TYPE_CHECKING:
    from ..citing import Dataset

ROLE_WORDS = {"venue": "", "subject": "subject", "proposed": "proposed venue"}
STATUS_WORDS = {
    "happened": "",
    "planned": "planned",
    "announced": "announced",
    "cancelled": "cancelled",
}
RELATION_WORDS = {"part_of": "part of", "part": "includes", "series": "same series"}


def place_names(store: Store, ev: Event) -> list[str]:
    """Return the names of the event's places, a role other than venue in brackets:
    ["Beijing", "Ulaanbaatar (proposed venue)"]."""
    out = []
    for ref in ev.places:
        place = store.places.get(ref.place)
        name = place.name if place is not None else ref.place
        role = ROLE_WORDS.get(ref.role, ref.role)
        out.append(f"{name} ({role})" if role else name)
    return out


def when(ev: Event) -> str:
    """Return the event's date as people read it, with its status when it did not (yet)
    happen: "21–23 Dec 2004?", "Jun 2019 (planned)"."""
    status = STATUS_WORDS.get(ev.status, ev.status)
    return f"{ev.date.human()} ({status})" if status else ev.date.human()


def copy_words(source: Source) -> str | None:
    """Return where the URL's copy of a source is, "Copy on Host, May 2014", or None for
    a source read where it was published."""
    if source.repost is None:
        return None
    copy = f"Copy on {source.repost.host}"
    if source.repost.published is not None:
        copy += f", {source.repost.published.human()}"
    return copy


def events_words(ds: Dataset) -> str:
    """Return which events of the dataset a work used: "Events cited: a, b", naming the
    store file when it is not the bundled one."""
    origin = f" (from the store file {ds.store})" if ds.store else ""
    return f"Events cited{origin}: {', '.join(ds.events)}"
