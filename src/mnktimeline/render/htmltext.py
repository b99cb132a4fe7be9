"""HTML text shared by the formats that write HTML (the page and TimelineJS's slides):
escaping, safe links, citations and the line that says what a selection covers."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import urlsplit

from ..model import Event, SourceRef, Store
from ..textsafety import inert

TITLE = "Mongolia and North Korea: a timeline"


def esc(text: str) -> str:
    """Return store text safe as HTML text or attribute value: inert, then escaped."""
    return html.escape(inert(text), quote=True)


def web_url(url: str | None) -> str | None:
    """Return ``url`` if it is an http(s) address, else None (no javascript: or file: links)."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def source_html(store: Store, ref: SourceRef) -> str:
    """Return one citation as HTML: author, linked title, publisher, date, locator, quote."""
    source = store.sources[ref.source]
    title = esc(source.title) if source.title_is_supplied else f"“{esc(source.title)}”"
    url = web_url(source.url)
    if url:
        title = f'<a href="{esc(url)}" rel="noopener noreferrer">{title}</a>'
    parts = [esc(source.author)] if source.author else []
    parts.append(title)
    if source.publisher:
        parts.append(esc(source.publisher))
    if source.published:
        parts.append(esc(source.published.human()))
    if ref.locator:
        parts.append(esc(ref.locator))
    text = ", ".join(parts)
    if ref.quote:
        text += f": <q>{esc(ref.quote)}</q>"
    return text


def actor_names(store: Store, ev: Event) -> str:
    """Return the names of the event's actors, escaped, joined by commas."""
    return ", ".join(esc(store.actors[a].name) for a in ev.actors)


def source_items(store: Store, ev: Event) -> str:
    """Return the event's citations as HTML list items."""
    return "".join(f"<li>{source_html(store, ref)}</li>" for ref in ev.sources)


def coverage(evs: Sequence[Event]) -> str:
    """Return "11 events, 1948–2018": how many events and the years they cover."""
    n = f"{len(evs)} event{'s' if len(evs) != 1 else ''}"
    if not evs:
        return n
    first = min(ev.date.start.year for ev in evs)
    last = max(ev.date.end.year for ev in evs)
    return n + (f", {first}" if first == last else f", {first}–{last}")
