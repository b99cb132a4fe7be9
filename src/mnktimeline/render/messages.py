"""The sentences the CLI writes to stderr about a result (not errors, which say
themselves). One place, so that commands only translate and say the same thing alike."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..model import Problem, Store, quotations

NO_MATCH = "no events match these filters"
NO_MATCH_EXPORT = "no events match these filters; the export holds none"
NO_MATCH_CITE = "no events match these filters; there is nothing to cite"
SOURCES_ALONE = (
    "--source cites sources by their ids, and cannot be combined with event ids or "
    "filters; give either --source ID or the events"
)


def no_features(events: int) -> str:
    """Return the note for a GeoJSON export of events none of which has coordinates."""
    return (
        f"no place of the {plural(events, 'event')} selected has coordinates; the export "
        "holds no features (coordinates are a place's 'coordinates' in the store)"
    )


def plural(n: int, word: str, many: str | None = None) -> str:
    """Return "1 event", "2 events" (or ``many`` for the plural)."""
    return f"{n} {word if n == 1 else many or word + 's'}"


def validated(
    target: Path | str, store: Store | None, problems: Sequence[Problem], texts_given: bool
) -> tuple[str | None, str | None]:
    """Return the closing error of ``timeline validate`` (None if the store is valid) and
    its summary note (None if it is not)."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    if errors or store is None:
        return f"{target}: {plural(errors, 'error')}, {plural(warnings, 'warning')}", None
    quotes = quotations(store)
    unchecked = (
        f"; its {quotes} quotation{'s were' if quotes != 1 else ' was'} not checked "
        "(give --texts DIR, the folder of the sources' texts)"
        if quotes and not texts_given
        else ""
    )
    counts = (
        f"{plural(len(store.events), 'event')}, {plural(len(store.actors), 'actor')}, "
        f"{plural(len(store.sources), 'source')}, {plural(len(store.places), 'place')}"
    )
    if store.format < 2:
        counts += f" (format {store.format}: 'timeline fmt --upgrade' rewrites it in format 2)"
    also = f", {plural(warnings, 'warning')}" if warnings else ""
    return None, f"{target}: valid: {counts}{also}{unchecked}"


def initialised(path: Path | str, store: Store, env_var: str) -> str:
    return (
        f"wrote {plural(len(store.events), 'event')}, {plural(len(store.actors), 'actor')} and "
        f"{plural(len(store.sources), 'source')} to {path}; use it with --data {path} "
        f"or export {env_var}={path}"
    )


def added(event_id: str, path: Path | str) -> str:
    return f"added {event_id} to {path}"


def would_add(path: Path | str, extra: Sequence[str]) -> str:
    also = f" and {', '.join(extra)}" if extra else ""
    return f"dry run: {path} was not changed; this event{also} would be added"


def imported(count: int, path: Path | str) -> str:
    return f"imported {plural(count, 'event')} into {path}"


def nothing_to_import(name: str, path: Path | str) -> str:
    return f"{name} holds no events; {path} was not changed"
