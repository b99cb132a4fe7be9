"""One self-contained HTML page: an overview axis with lanes and a brush over the list of
events, filterable without a server.

Everything is inline (style, script, data), so the page opens offline and can be mailed;
the style and script are package files (``page.css``, ``page.js``) read at export time.
Every store string is made inert and HTML-escaped; the data for the page's script sits in
a ``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as ``\\u003c``
and so on, so a ``</script>`` in a title cannot end the element. Only http(s) URLs become
links. The script draws store text with ``textContent`` only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from functools import cache
from importlib.resources import files
from typing import Any

from .. import __version__
from ..model import CATEGORIES, Event, Store
from ..search import index
from ..textmatch import PAGE_SCRIPT, page_rules
from ..textsafety import inert
from . import htmldata
from .htmldata import COLOURS, OTHER_COLOUR, Range
from .htmltext import TITLE, actor_names, esc, source_items
from .words import place_names, when


@cache
def asset(name: str) -> str:
    """Return one of the page's package files (``page.css``, ``page.js``) as text."""
    return files(__package__).joinpath(name).read_text(encoding="utf-8")


# --- one event ----------------------------------------------------------------------------

_PRECISION = {
    "day": "a day",
    "month": "day unknown: the month",
    "year": "day unknown: the year",
    "span": "a span",
}
_STATUS = {
    "planned": "planned",
    "announced": "announced, not reported as held",
    "cancelled": "cancelled",
}


def _when(ev: Event) -> str:
    human = esc(when(ev))
    if ev.date.is_interval:  # <time> holds one date, not a range
        return f'<span class="date">{human}</span>'
    return f'<time datetime="{ev.date.first.iso()}">{human}</time>'


def _badges(ev: Event) -> str:
    kind = "span" if ev.date.is_interval else ev.date.first.precision
    out = [f'<span class="badge prec-{kind}">{_PRECISION[kind]}</span>']
    if ev.date.approximate:
        out.append('<span class="badge qual">approximate</span>')
    if ev.date.uncertain:
        out.append('<span class="badge qual">uncertain</span>')
    if ev.status in _STATUS:
        out.append(f'<span class="badge status {esc(ev.status)}">{_STATUS[ev.status]}</span>')
    return "".join(out)


def _notes(ev: Event) -> str:
    out = []
    disputes = [n for n in ev.notes if n.kind == "disagreement"]
    if disputes:
        texts = "".join(f"<p>{esc(n.text)}</p>" for n in disputes)
        n = len(disputes)
        out.append(
            f'<details class="dispute"><summary><span class="flag" aria-hidden="true">⚑</span> '
            f"Sources disagree ({n} note{'s' if n != 1 else ''})</summary>{texts}</details>"
        )
    for note in ev.notes:
        if note.kind != "disagreement":
            out.append(
                f'<p class="note {esc(note.kind)}"><span class="label">'
                f"{esc(note.kind.capitalize())}</span> {esc(note.text)}</p>"
            )
    return "".join(out)


def _relation(ev: Event, store: Store) -> str:
    if ev.series:
        return f'<p class="rel"><span class="label">Series</span> {esc(ev.series)}</p>'
    if ev.part_of:
        parent = store.event(ev.part_of)
        name = esc(parent.title if parent else ev.part_of)
        return f'<p class="rel"><span class="label">Part of</span> <a href="#{esc(ev.part_of)}">{name}</a></p>'
    return ""


def _event(ev: Event, store: Store) -> str:
    colour = COLOURS.get(ev.category, OTHER_COLOUR)
    out = [
        f'<li class="event" id="event-{esc(ev.id)}" data-id="{esc(ev.id)}" '
        f'data-category="{esc(ev.category)}" style="--c:{colour}" tabindex="-1">',
        f'<article class="card" aria-labelledby="t-{esc(ev.id)}">',
        f'<p class="when">{_when(ev)} <span class="cat">{esc(ev.category)}</span></p>',
        f'<p class="badges">{_badges(ev)}</p>',
        f'<h3 class="title" id="t-{esc(ev.id)}">{esc(ev.title)}</h3>',
        f'<p class="summary">{esc(ev.summary)}</p>',
        _relation(ev, store),
    ]
    if ev.actors:
        out.append(f'<p class="who"><span class="label">Actors</span> {actor_names(store, ev)}</p>')
    if ev.places:
        places = ", ".join(esc(p) for p in place_names(store, ev))
        out.append(f'<p class="where"><span class="label">Places</span> {places}</p>')
    if ev.sources:
        out.append(f'<ol class="sources" aria-label="Sources">{source_items(store, ev)}</ol>')
    out.append(_notes(ev))
    out.append(
        f'<p class="id"><a class="link" href="#{esc(ev.id)}" aria-label="Link to this event">'
        f"{esc(ev.id)}</a></p></article></li>"
    )
    return "".join(out)


# --- the page -----------------------------------------------------------------------------


def _inert(obj: Any) -> Any:
    """Return ``obj`` with every string in it made inert, as the page's text is (an event's
    id then matches its element's, which ``esc`` made inert too)."""
    if isinstance(obj, str):
        return inert(obj)
    if isinstance(obj, dict):
        return {inert(k): _inert(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_inert(v) for v in obj]
    return obj


def _script_json(obj: Any) -> str:
    """Return JSON that is safe inside a <script> element: no <, > or & appears raw, and no
    control, bidi or invisible character of the store's text."""
    text = json.dumps(_inert(obj), ensure_ascii=False, separators=(",", ":"))
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _chips(kind: str, counted: Mapping[str, int], labels: Mapping[str, str]) -> str:
    return "".join(
        f'<button type="button" class="chip" data-{kind}="{esc(key)}" aria-pressed="true" '
        f'style="--c:{COLOURS.get(key, OTHER_COLOUR) if kind == "category" else "#5f6368"}">'
        f'<span class="swatch" aria-hidden="true"></span>{esc(labels.get(key, key))} '
        f'<span class="n">{n}</span></button>'
        for key, n in counted.items()
    )


def _counts(evs: Sequence[Event], store: Store) -> tuple[dict[str, int], dict[str, int]]:
    cats: dict[str, int] = {}
    lands: dict[str, int] = {}
    for ev in evs:
        cats[ev.category] = cats.get(ev.category, 0) + 1
        for code in htmldata.countries(store, ev):
            lands[code] = lands.get(code, 0) + 1
    order = [c for c in CATEGORIES if c in cats] + sorted(set(cats) - CATEGORIES.keys())
    return {c: cats[c] for c in order}, dict(sorted(lands.items(), key=lambda kv: (-kv[1], kv[0])))


def filters_text(filters: Mapping[str, Any]) -> str:
    """Return the filters as they would be typed ("--since 2018 --category diplomacy"),
    or "none" when there were none."""
    parts: list[str] = []
    for name, value in filters.items():
        option = "--" + name.replace("_", "-")
        if value is None or value is False or value == []:
            continue
        if value is True:
            parts.append(option)
        elif isinstance(value, list | tuple):
            parts.extend(
                f"{option} {json.dumps(v, ensure_ascii=False) if ' ' in str(v) else v}"
                for v in value
            )
        else:
            text = str(value)
            parts.append(
                f"{option} {json.dumps(text, ensure_ascii=False) if ' ' in text else text}"
            )
    return " ".join(parts) or "none"


def _header(
    evs: Sequence[Event], store: Store, title: str, subtitle: str | None, span: Range | None
) -> str:
    n = f"{len(evs)} event{'s' if len(evs) != 1 else ''}"
    sub = (
        esc(subtitle)
        if subtitle
        else "Dates are drawn at the precision the sources give: a day, a month, a year or a span."
    )
    cats, lands = _counts(evs, store)
    names = htmldata.country_names(store)
    return (
        '<header class="top">\n'
        f'<h1>{esc(title)}<span class="range">{esc(span.years()) if span else ""}</span></h1>\n'
        f'<p class="sub">{n}{", " + esc(span.years()) if span else ""}. {sub}</p>\n'
        '<div class="controls">\n'
        '<input type="search" id="search" placeholder="Search words or &quot;a phrase&quot;" '
        'aria-label="Search titles, summaries, tags, actors and places" hidden>\n'
        '<div class="chips" role="group" aria-label="Categories (press to hide or show)">'
        f"{_chips('category', cats, {})}</div>\n"
        '<div class="chips countries" role="group" aria-label="Countries (press to hide or show)">'
        f"{_chips('country', lands, names)}</div>\n"
        "</div>\n</header>\n"
    )


def _overview() -> str:
    # Empty until the script draws it; without the script, the list is the whole page.
    return (
        '<section class="overview" id="overview" aria-label="Overview of the time axis" hidden>\n'
        '<div class="bar">'
        '<fieldset class="lanes-choice"><legend>Lanes</legend>'
        '<label><input type="radio" name="lanes" value="category" checked> category</label>'
        '<label><input type="radio" name="lanes" value="country"> country</label></fieldset>'
        '<form class="years" id="years"><label>From <input id="from" type="number" inputmode="numeric"></label> '
        '<label>to <input id="to" type="number" inputmode="numeric"></label> '
        '<button type="submit">Show</button> <button type="button" id="all">All years</button></form>'
        '<label class="behind">Behind the lanes <select id="behind"><option value="">nothing'
        "</option></select></label>"
        '<span class="shown">Shown: <strong id="shown-years"></strong></span>'
        "</div>\n"
        '<div class="strip" id="strip" tabindex="0" role="slider" aria-label="Years shown: drag '
        'to choose, arrow keys move, + and − zoom, 0 shows all" aria-valuetext=""></div>\n'
        '<div class="lanes" id="lanes" aria-hidden="true"></div>\n'
        '<p class="keys"><span class="key day"></span> a day '
        '<span class="key vague"></span> a month or year, day unknown '
        '<span class="key span"></span> a span '
        '<span class="key approx"></span> approximate or uncertain '
        '<span class="key planned"></span> planned or announced '
        '<span class="key cancelled"></span> cancelled '
        '<span class="key flag">⚑</span> sources disagree</p>\n'
        "</section>\n"
    )


def _footer(filters: Mapping[str, Any], today: date | None) -> str:
    exported = f", exported on {today.isoformat()}" if today else ""
    return (
        f"<footer><p>Made with mnktimeline {esc(__version__)}{exported}. Filters: "
        f'<code class="filters">{esc(filters_text(filters))}</code>. Each event cites its '
        "sources; where they disagree, a note says so.</p></footer>\n"
    )


def export(
    evs: Sequence[Event],
    store: Store,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    since: date | None = None,
    until: date | None = None,
    filters: Mapping[str, Any] | None = None,
    today: date | None = None,
    **_: Any,
) -> Iterator[str]:
    """Yield the page: heading, chips, the overview the script draws, the events by year,
    and a footer with the version, ``today`` and the ``filters`` as typed. The range in
    the heading is the events' own, cut to ``since``..``until``."""
    heading = title if title is not None else TITLE
    span = htmldata.selection_range(evs, since, until)
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="mnktimeline {esc(__version__)}">\n'
        f"<title>{esc(heading)}</title>\n<style>{asset('page.css')}</style>\n</head>\n<body>\n"
        + _header(evs, store, heading, subtitle, span)
        + "<main>\n"
        + _overview()
        + f'<p id="count" aria-live="polite">Showing {len(evs)} of {len(evs)} events</p>\n'
    )
    if not evs:
        yield '<p class="empty">No events match these filters.</p>\n'
    year: int | None = None
    for ev in evs:
        if ev.date.start.year != year:
            if year is not None:
                yield "</ol></section>\n"
            year = ev.date.start.year
            yield f'<section class="year" data-year="{year}"><h2>{year}</h2><ol class="events">\n'
        yield _event(ev, store) + "\n"
    if year is not None:
        yield "</ol></section>\n"
    yield "</main>\n" + _footer(filters or {}, today)
    known = htmldata.groups(store, evs)
    data = {
        # The rule `timeline list --search` follows, read by PAGE_SCRIPT, and each event's
        # fields as the stems that rule compares.
        "rules": page_rules(),
        "range": list(span) if span else None,
        "events": [
            htmldata.event_data(store, ev, index(store, ev), htmldata.group_of(ev, known))
            for ev in evs
        ],
        "lanes": htmldata.lanes(store, evs),
        "bands": htmldata.bands(store, span) if span else [],
        "groups": known,
    }
    yield (
        f'<script type="application/json" id="timeline-data">{_script_json(data)}</script>\n'
        f"<script>{PAGE_SCRIPT}{asset('page.js')}</script>\n</body>\n</html>\n"
    )
