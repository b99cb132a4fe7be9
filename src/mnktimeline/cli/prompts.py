"""Questions on the terminal for the fields a user left out of ``timeline add``."""

from __future__ import annotations

from collections.abc import Callable

import typer

from ..dates import DateError, parse_stored
from ..model import CATEGORIES, Store, category_named
from ..write import EditError
from ..write.records import resolve_actor_ids


def ask_missing(missing: list[str], store: Store) -> dict[str, str]:
    """Prompt for each missing field until its answer is valid; return the answers by
    option name (actors as names joined by "; ")."""

    def date_answer(text: str) -> str:
        try:
            parse_stored(text.strip())
        except DateError as exc:
            raise typer.BadParameter(str(exc)) from None
        return text.strip()

    def category_answer(text: str) -> str:
        category = category_named(text)
        if category is None:
            raise typer.BadParameter(
                f"'{text}' is not a category; use one of: {', '.join(CATEGORIES)}"
            )
        return category

    def actors_answer(text: str) -> str:
        names = [n.strip() for n in text.split(";") if n.strip()]
        try:
            resolve_actor_ids(store, names)
        except EditError as exc:
            raise typer.BadParameter(str(exc)) from None
        return "; ".join(names)

    def source_answer(text: str) -> str:
        if text.strip() not in store.sources:
            raise typer.BadParameter(f"no source has the id '{text.strip()}'")
        return text.strip()

    ids = list(store.sources)
    known = ", ".join(ids[:5]) + (f" and {len(ids) - 5} more" if len(ids) > 5 else "")
    questions: dict[str, tuple[str, Callable[[str], str]]] = {
        "--date": ("Date (YYYY, YYYY-MM, YYYY-MM-DD or START/END)", date_answer),
        "--title": ("Title", str.strip),
        "--summary": ("Summary", str.strip),
        "--category": (f"Category ({', '.join(CATEGORIES)})", category_answer),
        "--actor": ("Actors (names or ids, separated by ;)", actors_answer),
        "--source": (f"Source id ({known})", source_answer),
    }
    answers: dict[str, str] = {}
    for name in missing:
        label, check = questions[name]
        answers[name] = str(typer.prompt(label, value_proc=check))
    return answers
