"""``timeline add``: one event from what the user gave, checked in its store."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..dates import DateError, parse_stored
from ..errors import UsageError
from ..model import CATEGORIES, Store, category_named
from . import EditError
from .canonical import Doc
from .ids import derive_id
from .records import (
    new_actor,
    new_event,
    new_event_problems,
    new_source,
    resolve_actor_ids,
    resolve_place_ids,
)
from .update import read_store

# The questions of an interactive ``add``, by option, for the fields a user left out.
ASKED = ("--date", "--title", "--summary", "--category", "--actor", "--source")


def _blank(value: str | None) -> str | None:
    return value.strip() if value is not None and value.strip() else None


@dataclass(frozen=True, slots=True)
class EventDraft:
    """What ``timeline add`` was told: names as typed, not yet resolved; blanks as None.

    ``plan_add`` needs date, title, summary and category (``missing`` says which are not
    there yet), an actor or a new one, and a source or a new one.
    """

    date: str | None = None
    title: str | None = None
    summary: str | None = None
    category: str | None = None
    actors: tuple[str, ...] = ()
    source: str | None = None
    locator: str | None = None
    quote: str | None = None
    tags: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    id: str | None = None
    new_actors: tuple[str, ...] = ()  # --new-actor texts
    new_source: str | None = None  # --new-source text

    @classmethod
    def of(cls, **given: str | Sequence[str] | None) -> EventDraft:
        """Return the draft of what options hold: text stripped, blanks as None, lists
        as tuples, a known category in its canonical case."""
        out: dict[str, object] = {}
        for key, value in given.items():
            if isinstance(value, str) or value is None:
                out[key] = _blank(value)
            else:
                out[key] = tuple(v.strip() for v in value if v.strip())
        draft = cls(**out)  # type: ignore[arg-type]
        category = category_named(draft.category) if draft.category else None
        return replace(draft, category=category or draft.category)

    def missing(self) -> list[str]:
        """Return the options a user must still give (as ``--date`` and so on)."""
        gaps = {
            "--date": self.date is None,
            "--title": self.title is None,
            "--summary": self.summary is None,
            "--category": self.category is None,
            "--actor": not self.actors and not self.new_actors,
            "--source": self.source is None and self.new_source is None,
        }
        return [name for name, gap in gaps.items() if gap]

    def check(self) -> None:
        """Raise UsageError for a date or category that cannot be stored as given."""
        if self.date is not None:
            try:
                parse_stored(self.date)
            except DateError as exc:
                raise UsageError(f"--date: {exc}, or START/END such as 2015/2016") from None
        if self.category is not None and category_named(self.category) is None:
            raise UsageError(
                f"'{self.category}' is not a category; use one of: {', '.join(CATEGORIES)}"
            )

    def answered(self, answers: Mapping[str, str]) -> EventDraft:
        """Return the draft with a prompt's answers (by option name) filled in."""
        actors = answers.get("--actor")
        return replace(
            self,
            date=answers.get("--date", self.date),
            title=answers.get("--title", self.title),
            summary=answers.get("--summary", self.summary),
            category=answers.get("--category", self.category),
            source=answers.get("--source", self.source),
            actors=tuple(n.strip() for n in actors.split(";") if n.strip())
            if actors is not None
            else self.actors,
        )


def missing_message(missing: Sequence[str]) -> str:
    """Return the usage error for options left out of a non-interactive ``add``."""
    return (
        f"missing {', '.join(missing)}; give "
        f"{'them as options' if len(missing) > 1 else 'it as an option'} "
        "(missing fields are asked for only on a terminal)"
    )


def plan_add(doc: Doc, store: Store, draft: EventDraft) -> tuple[Doc, Doc]:
    """Return the document with the drafted event (and its new actors and source) added,
    and the event record as stored. ``doc`` is not changed.

    New actors take part in the event even when no ``--actor`` names them. Refuses
    (EditError) an unknown or ambiguous actor, an id already in the store, two
    different sources, and an event that does not validate, naming what is wrong.
    """
    actors_new: list[Doc] = []
    for spec in draft.new_actors:
        actors_new.append(new_actor(spec, store, [str(a["id"]) for a in actors_new]))
    actor_ids = resolve_actor_ids(
        store,
        draft.actors,
        actors_new,
        hint="; or describe a new actor with --new-actor 'name=...,kind=person'",
    )
    actor_ids += [str(a["id"]) for a in actors_new if a["id"] not in actor_ids]
    source_id, new_sources = _source_of(store, draft)
    record = new_event(
        event_id=_event_id(store, draft),
        date_text=str(draft.date),
        title=str(draft.title),
        summary=str(draft.summary),
        category=str(draft.category),
        actors=actor_ids,
        sources=[{"source": source_id, "locator": draft.locator, "quote": draft.quote}],
        tags=draft.tags,
        places=resolve_place_ids(store, draft.places) if "format" in doc else draft.places,
    )
    per_event, other = new_event_problems(
        doc, [record], new_sources=new_sources, new_actors=actors_new
    )
    problems = other + per_event[0]
    if problems:
        more = f" (and {len(problems) - 1} more, listed above)" if len(problems) > 1 else ""
        raise EditError(
            f"the event was not added to {store.path}: {problems[0]}{more}", problems[1:]
        )
    new_doc = {
        **doc,
        "sources": [*doc["sources"], *new_sources],
        "actors": [*doc["actors"], *actors_new],
        "events": [*doc["events"], record],
    }
    return new_doc, record


def _source_of(store: Store, draft: EventDraft) -> tuple[str, list[Doc]]:
    """Return the id of the source the event cites, and the new source record, if any."""
    source_new = new_source(draft.new_source, store) if draft.new_source else None
    if source_new is not None and draft.source not in (None, source_new["id"]):
        raise EditError(
            f"--source {draft.source} and --new-source name different sources; an event "
            "added here cites one (add more by editing the store or with 'timeline import')"
        )
    source_id = draft.source or (str(source_new["id"]) if source_new else None)
    if source_id is None:
        raise EditError("the event has no source; give --source ID or --new-source '...'")
    return source_id, [source_new] if source_new else []


def _event_id(store: Store, draft: EventDraft) -> str:
    """Return the id the draft gives, or one made of its date and title."""
    existing = {e.id for e in store.events}
    if draft.id is not None:
        if draft.id in existing:
            raise EditError(
                f"an event with the id '{draft.id}' is already in the store; choose another "
                "--id, or leave it out to derive one from the date and title"
            )
        return draft.id
    try:
        return derive_id(str(draft.date), str(draft.title), existing)
    except DateError as exc:
        raise EditError(f"--date: {exc}") from None


def dry_run(path: Path | str, draft: EventDraft) -> tuple[Doc, list[str]]:
    """Return the event ``timeline add`` would store, and the new actors and source it
    would add with it ("actor 'x'"), without changing anything."""
    doc, store = read_store(path)
    new_doc, record = plan_add(doc, store, draft)
    extra = [
        *(f"actor '{a['id']}'" for a in new_doc["actors"][len(doc["actors"]) :]),
        *(f"source '{s['id']}'" for s in new_doc["sources"][len(doc["sources"]) :]),
    ]
    return record, extra
