"""The values a shell completes for options and arguments, from the store being used.

Each function is a typer ``autocompletion``: it gets the click context (whose ``data``
is ``--data`` or ``MNKTIMELINE_DATA``) and the word typed so far, and returns the values
that start with it. They run only while completing (``complete.py``); a store that
cannot be read completes nothing.

Their annotations are objects, not text (no ``from __future__ import annotations``):
typer reads the signature of every completer of a command each time it builds one, and
text would be evaluated again each time.
"""

from collections.abc import Callable, Iterable
from typing import Any

from ..model import CATEGORIES, Store


def _store(ctx: Any) -> Store | None:
    from ..errors import Error
    from ..store import load, resolve_path

    try:
        return load(resolve_path(ctx.params.get("data")))
    except (Error, OSError):
        return None


def _from_store(values: Callable[[Store], Iterable[str]]) -> Callable[..., list[str]]:
    def complete(ctx: Any, incomplete: str) -> list[str]:
        from .complete import matching

        store = _store(ctx)
        return [] if store is None else matching(values(store), incomplete)

    return complete


def fixed(values: Iterable[str]) -> Callable[..., list[str]]:
    """Return the completer of a fixed list of values."""
    choices = list(values)

    def complete(incomplete: str) -> list[str]:
        from .complete import matching

        return matching(choices, incomplete)

    return complete


actors = _from_store(lambda s: (n for a in s.actors.values() for n in (a.name, *a.aliases)))
places = _from_store(lambda s: (n for p in s.places.values() for n in (p.name, *p.aliases)))
tags = _from_store(lambda s: sorted({t for e in s.events for t in e.tags}))
event_ids = _from_store(lambda s: (e.id for e in s.events))
record_ids = _from_store(lambda s: [*(e.id for e in s.events), *s.actors, *s.sources, *s.places])
countries = _from_store(lambda s: sorted({a.country for a in s.actors.values() if a.country}))
categories = fixed(CATEGORIES)
kinds = fixed(("event", "actor", "source", "place"))


def formats_of(kind: str) -> Callable[..., list[str]]:
    """Return the completer of the formats of a kind of output (the registry's)."""
    from ..render import formats

    return fixed(formats(kind))
