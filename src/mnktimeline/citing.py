"""What ``timeline cite`` cites: the sources behind some events, each once, in the order of
a reference list, and the dataset itself with its version and the ids of those events.

The order is that of the author-date reference list (render/citetext.py), so that every
format lists the same items alike: by what the entry shows first (the author as the
source writes it; failing one, the publisher; failing that, the title), then by year
(undated last), then by title. Names are kept as written, never inverted: the store
holds names in several orders ("Jo He-rim" puts the family name first), and inverting
them would misname half of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence

from . import dataset
from .model import Event, Source, Store
from .names import find_event, find_source, fold
from .record import Record
from .store.locate import bundled_store


class Dataset(Record):
    """The dataset as cited: this version, and the events a work used from it."""

    key: str
    title: str
    authors: tuple[str, ...]
    version: str
    year: int
    events: tuple[str, ...]  # ids, in the order they were selected
    store: str | None  # the file name of the store they come from, if not the bundled one

    @property
    def lead(self) -> str:
        return " and ".join(self.authors)


Item = Source | Dataset


class Citations(Record):
    """What to cite, each item once, in reference-list order."""

    items: tuple[Item, ...]

    @property
    def sources(self) -> tuple[Source, ...]:
        return tuple(i for i in self.items if isinstance(i, Source))

    @property
    def dataset(self) -> Dataset | None:
        return next((i for i in self.items if isinstance(i, Dataset)), None)


def authors(source: Source) -> tuple[str, ...]:
    """Return the source's authors as written, split at " and " ("A and B" is two)."""
    if not source.author:
        return ()
    return tuple(name.strip() for name in source.author.split(" and ") if name.strip())


def lead(item: Item) -> str:
    """Return what a reference-list entry shows first: the authors, else the publisher,
    else the title."""
    if isinstance(item, Dataset):
        return item.lead
    return item.author or item.publisher or item.title


def year(item: Item) -> int | None:
    """Return the year an entry is dated by (the first, for a span), or None."""
    if isinstance(item, Dataset):
        return item.year
    return item.published.first.year if item.published else None


def reference_key(item: Item) -> tuple[str, int, int, str, str]:
    """Return the sort key of an entry in the reference list (see the module's doc)."""
    when = year(item)
    title = item.title
    return (
        fold(lead(item).lstrip("[“\"'")),
        0 if when is not None else 1,
        when or 0,
        fold(title.lstrip("[“\"'")),
        item.key if isinstance(item, Dataset) else item.id,
    )


def ordered(items: Iterable[Item]) -> tuple[Item, ...]:
    """Return ``items`` in reference-list order."""
    return tuple(sorted(items, key=reference_key))


def only(store: Store, events: Sequence[Event], ids: Sequence[str]) -> list[Event]:
    """Return those of ``events`` whose id is one of ``ids`` (all of them when ``ids`` is
    empty), in their order. Raises UnknownName, suggesting close ids, for an id that no
    event of the store has."""
    if not ids:
        return list(events)
    wanted = {find_event(store, event_id).id for event_id in ids}
    return [ev for ev in events if ev.id in wanted]


def cite_events(store: Store, events: Sequence[Event]) -> Citations:
    """Return the citations of ``events``: every source they cite, in their sources or
    their notes, once; and the dataset with their ids. None of either for no events."""
    if not events:
        return Citations(())
    cited: dict[str, Source] = {}
    for ev in events:
        for ref in ev.sources:
            cited.setdefault(ref.source, store.sources[ref.source])
        for note in ev.notes:
            for source_id in note.sources:
                cited.setdefault(source_id, store.sources[source_id])
    this = Dataset(
        key=dataset.citation_key(),
        title=dataset.TITLE,
        authors=dataset.AUTHORS,
        version=dataset.VERSION,
        year=dataset.YEAR,
        events=tuple(ev.id for ev in events),
        store=None if _is_bundled(store.path) else os.path.basename(store.path),
    )
    return Citations(ordered([*cited.values(), this]))


def cite_sources(store: Store, ids: Sequence[str]) -> Citations:
    """Return the citations of the sources ``ids`` (each once). Raises UnknownName,
    suggesting close ids, for an id no source has."""
    found = {source.id: source for source in (find_source(store, i) for i in ids)}
    return Citations(ordered(found.values()))


def _is_bundled(path: str) -> bool:
    try:
        return os.path.samefile(path, bundled_store())
    except (OSError, ValueError):
        return False
