"""Questions on the terminal for ``timeline add``: the fields a user left out, and again
each field the store's checks refuse, keeping every other answer."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer

from ..dates import DateError, to_stored
from ..model import CATEGORIES, Store, category_named
from ..names import UnknownName, resolve_source
from ..write import EditError, FieldError
from ..write.add import EventDraft, plan_add
from ..write.records import resolve_actor_ids
from ..write.update import read_store
from . import streams

NEW = "new"  # the answer to the source question that describes a new source
# The options a prompt can ask for (again); a new actor's fields are not asked for.
ASKABLE = (
    "--date", "--title", "--summary", "--category", "--actor", "--source", "--new-source",
    "--locator", "--quote", "--tag", "--place", "--id",
)  # fmt: skip


def _date(text: str) -> str:
    try:
        return to_stored(text)
    except DateError as exc:
        raise typer.BadParameter(str(exc)) from None


def _optional_date(text: str) -> str:
    return _date(text) if text.strip() else ""


def _category(text: str) -> str:
    category = category_named(text)
    if category is None:
        raise typer.BadParameter(f"'{text}' is not a category; use one of: {', '.join(CATEGORIES)}")
    return category


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.split(";") if n.strip()]


def _ask(label: str, check: Callable[[str], Any] = str.strip, *, optional: bool = False) -> Any:
    if optional:
        return typer.prompt(label, default="", show_default=False, value_proc=check)
    return typer.prompt(label, value_proc=check)


def _new_source() -> dict[str, str]:
    streams.say("timeline: describe the new source (only its title is required)")
    fields = {"title": str(_ask("  Title"))}
    for key, label in (("author", "  Author"), ("publisher", "  Publisher")):
        fields[key] = str(_ask(label, optional=True))
    fields["published"] = str(_ask("  Published (a date)", _optional_date, optional=True))
    fields["url"] = str(_ask("  URL (https://...)", optional=True))
    return fields


def ask(option: str, store: Store) -> dict[str, Any]:
    """Ask for the field of ``option`` until the answer can be read; return the answers by
    option name (a new source as ``--new-source`` with its fields)."""

    def actors(text: str) -> str:
        try:
            resolve_actor_ids(store, _names(text))
        except EditError as exc:
            raise typer.BadParameter(str(exc)) from None
        return "; ".join(_names(text))

    def source(text: str) -> str:
        if text.strip().casefold() == NEW:
            return NEW
        try:
            return resolve_source(store, text)
        except UnknownName as exc:
            raise typer.BadParameter(str(exc)) from None

    questions: dict[str, tuple[str, Callable[[str], Any], bool]] = {
        "--date": (
            "Date (2014, 2014-05, 2014-05-23, May 2014, 23 May 2014 or START/END)",
            _date,
            False,
        ),
        "--title": ("Title", str.strip, False),
        "--summary": ("Summary", str.strip, False),
        "--category": (f"Category ({', '.join(CATEGORIES)})", _category, False),
        "--actor": ("Actors (names or ids, separated by ;)", actors, False),
        "--source": (
            f"Source (its id, or words of its title; '{NEW}' to describe one)",
            source,
            False,
        ),
        "--locator": ("Where in the source (p. 12, para. 3; blank for none)", str.strip, True),
        "--quote": ("Quotation (at most 200 characters; blank for none)", str.strip, True),
        "--tag": ("Tags (separated by ;, blank for none)", str.strip, True),
        "--place": ("Places (names separated by ;, blank for none)", str.strip, True),
        "--id": ("Id (blank to make one from the date and title)", str.strip, True),
    }
    asked = "--source" if option == "--new-source" else option
    label, check, optional = questions[asked]
    answer = _ask(label, check, optional=optional)
    if asked == "--source" and answer == NEW:
        return {"--new-source": _new_source()}
    return {asked: answer}


def complete(draft: EventDraft, missing: list[str], path: Path) -> EventDraft:
    """Return the draft with the missing fields asked for, and asked again for as long as
    the store's checks refuse one of them: only the field at fault is asked again, and
    every other answer is kept."""
    doc, store = read_store(path)
    for option in missing:
        draft = draft.answered(ask(option, store))
    while True:
        try:
            plan_add(doc, store, draft)
            return draft
        except FieldError as exc:
            if exc.option not in ASKABLE:
                raise
            streams.details(exc.details)
            streams.say(f"timeline: {exc}")
            draft = draft.answered(ask(exc.option, store))
