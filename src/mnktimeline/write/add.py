"""``timeline add``: one event from what the user gave, checked in its store."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from ..dates import DateError, to_stored
from ..errors import UsageError
from ..model import CATEGORIES, Store, category_named
from ..record import Record
from . import EditError, FieldError
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

# The questions of an interactive ``add``, by option, for the fields a user left out.
ASKED = ("--date", "--title", "--summary", "--category", "--actor", "--source")
# The draft's field of each option that a prompt may ask again, when it is at fault.
_DRAFT_FIELD = {
    "--date": "date",
    "--title": "title",
    "--summary": "summary",
    "--category": "category",
    "--actor": "actors",
    "--source": "source",
    "--new-source": "new_source",
    "--locator": "locator",
    "--quote": "quote",
    "--tag": "tags",
    "--place": "places",
    "--id": "id",
}
_LISTS = ("actors", "tags", "places")


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
    new_source: str | Mapping[str, str] | None = None  # --new-source text, or its fields

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

    def checked(self) -> EventDraft:
        """Return the draft with its date in the stored form ("Sep 2024" is 2024-09);
        raise UsageError for a date or category that cannot be stored."""
        if self.category is not None and category_named(self.category) is None:
            raise UsageError(
                f"'{self.category}' is not a category; use one of: {', '.join(CATEGORIES)}"
            )
        if self.date is None:
            return self
        try:
            return replace(self, date=to_stored(self.date))
        except DateError as exc:
            raise UsageError(f"--date: {exc}, or START/END such as 2015/2016") from None

    def answered(self, answers: Mapping[str, Any]) -> EventDraft:
        """Return the draft with a prompt's answers (by option name, as ``ASKED`` names
        them) filled in: text, lists as names joined by ";", ``--new-source`` as fields."""
        changes: dict[str, Any] = {}
        for option, answer in answers.items():
            name = _DRAFT_FIELD[option]
            if name in _LISTS:
                changes[name] = tuple(n.strip() for n in str(answer).split(";") if n.strip())
            else:
                changes[name] = answer or None
        if "--source" in answers:
            changes["new_source"] = None
        if "--new-source" in answers:
            changes["source"] = None
        return replace(self, **changes)


def missing_message(missing: Sequence[str]) -> str:
    """Return the usage error for options left out of a non-interactive ``add``."""
    return (
        f"missing {', '.join(missing)}; give "
        f"{'them as options' if len(missing) > 1 else 'it as an option'} "
        "(missing fields are asked for only on a terminal)"
    )


class Added(Record):
    """What ``add`` put in the store: the event as stored, and the ids of the actors and
    the source it made for it."""

    event: Doc
    actors: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def created(self) -> list[tuple[str, str]]:
        """Return (kind, id) of every record made, the event first."""
        return [
            ("event", str(self.event["id"])),
            *(("actor", a) for a in self.actors),
            *(("source", s) for s in self.sources),
        ]


def plan_add(doc: Doc, store: Store, draft: EventDraft) -> tuple[Doc, Added]:
    """Return the document with the drafted event (and its new actors and source) added,
    and what was added. ``doc`` is not changed.

    New actors take part in the event even when no ``--actor`` names them. Refuses
    (FieldError, naming the option at fault) an unknown or ambiguous actor or place, an id
    already in the store, two different sources, and an event that does not validate.
    """
    actors_new: list[Doc] = []
    with _at_fault("--new-actor"):
        for spec in draft.new_actors:
            actors_new.append(new_actor(spec, store, [str(a["id"]) for a in actors_new]))
    with _at_fault("--actor"):
        actor_ids = resolve_actor_ids(
            store,
            draft.actors,
            actors_new,
            hint="; or describe a new actor with --new-actor 'name=...,kind=person'",
        )
    actor_ids += [str(a["id"]) for a in actors_new if a["id"] not in actor_ids]
    with _at_fault("--new-source" if draft.new_source else "--source"):
        source_id, new_sources = _source_of(store, draft)
    with _at_fault("--place"):
        places = resolve_place_ids(store, draft.places) if "format" in doc else draft.places
    record = new_event(
        event_id=_event_id(store, draft),
        date_text=str(draft.date),
        title=str(draft.title),
        summary=str(draft.summary),
        category=str(draft.category),
        actors=actor_ids,
        sources=[{"source": source_id, "locator": draft.locator, "quote": draft.quote}],
        tags=draft.tags,
        places=places,
    )
    per_event, other = new_event_problems(
        doc, [record], new_sources=new_sources, new_actors=actors_new
    )
    problems = other + per_event[0]
    if problems:
        more = f" (and {len(problems) - 1} more, listed above)" if len(problems) > 1 else ""
        raise FieldError(
            f"the event was not added to {store.path}: {problems[0]}{more}",
            _option_of(problems[0], bool(other)),
            problems[1:],
        )
    new_doc = {
        **doc,
        "sources": [*doc["sources"], *new_sources],
        "actors": [*doc["actors"], *actors_new],
        "events": [*doc["events"], record],
    }
    added = Added(
        record, tuple(str(a["id"]) for a in actors_new), tuple(str(s["id"]) for s in new_sources)
    )
    return new_doc, added


@contextlib.contextmanager
def _at_fault(option: str) -> Iterator[None]:
    """Turn an EditError raised inside into a FieldError naming ``option``."""
    try:
        yield
    except FieldError:
        raise
    except EditError as exc:
        raise FieldError(str(exc), option, exc.details) from None


# "field 'date' ...", "sources[0]: field 'quote' ...": the field a problem names.
_FIELD = re.compile(r"(?:(\w+)\[\d+\]:? )?field '(\w+)'")
_OPTION_OF_FIELD = {
    "actors": "--actor",
    "tags": "--tag",
    "places": "--place",
    "source": "--source",
    "sources": "--source",
}


def _option_of(problem: str, of_new_record: bool) -> str:
    """Return the option a problem of a new event (or of its new actor or source) is at."""
    if of_new_record:
        return "--new-actor" if problem.startswith("actors[") else "--new-source"
    m = _FIELD.match(problem)
    if m is None:
        return "--date"  # a problem naming no field: the date against the sources
    field = m[2] if m[1] in (None, "sources") else m[1]
    return _OPTION_OF_FIELD.get(field, f"--{field}")


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
            raise FieldError(
                f"an event with the id '{draft.id}' is already in the store; choose another "
                "--id, or leave it out to derive one from the date and title",
                "--id",
            )
        return draft.id
    try:
        return derive_id(str(draft.date), str(draft.title), existing)
    except DateError as exc:
        raise FieldError(f"--date: {exc}", "--date") from None
