"""One self-contained HTML page: the events on a time axis, filterable without a server.

Everything is inline (style, script, data), so the page opens offline and can be mailed.
Every store string is made inert and HTML-escaped; the data for the page's script sits in
a ``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as ``\\u003c``
and so on, so a ``</script>`` in a title cannot end the element. Only http(s) URLs become
links.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from typing import Any

from .. import __version__
from ..model import CATEGORIES, Event, Store
from ..search import index
from ..textmatch import PAGE_SCRIPT, page_rules
from .htmltext import TITLE, actor_names, coverage, esc, source_items
from .words import place_names, when

# Tableau 10: distinct hues that stay apart for the common colour-vision deficiencies.
PALETTE = (
    "#4e79a7",
    "#f28e2b",
    "#e15759",
    "#76b7b2",
    "#59a14f",
    "#edc948",
    "#b07aa1",
    "#ff9da7",
    "#9c755f",
    "#bab0ac",
)
COLOURS: dict[str, str] = dict(zip(CATEGORIES, PALETTE, strict=True))
OTHER_COLOUR = "#767676"


# --- the time axis ------------------------------------------------------------------------


def _axis(evs: Sequence[Event]) -> tuple[date, date, list[int]]:
    """Return the first day, the day after the last, and the labelled years of the axis.

    The axis starts and ends on a labelled year, with at most eight labels, so the
    gridlines between labels are evenly spaced.
    """
    first = min(ev.date.start.year for ev in evs)
    last = max(ev.date.end.year for ev in evs)
    step = next((s for s in (1, 2, 5, 10, 20, 25, 50) if (last - first + 1) / s <= 8), 100)
    lo = first // step * step
    hi = (last // step + 1) * step
    return date(lo, 1, 1), date(hi, 1, 1), list(range(lo, hi + 1, step))


def _pct(day: date, lo: date, days: int) -> float:
    return round((day - lo).days / days * 100, 3)


def _mark(ev: Event, lo: date, days: int) -> str:
    left = _pct(ev.date.start, lo, days)
    width = round(_pct(ev.date.end + timedelta(days=1), lo, days) - left, 3)
    if ev.date.is_interval:
        kind, what = "span", "a span"
    elif ev.date.first.precision == "day":
        kind, what = "point", "a day"
    else:
        kind, what = "vague", f"sometime in {ev.date.human()}"
    return (
        f'<span class="mark {kind}" style="left:{left}%;width:{width}%" '
        f'title="{esc(ev.date.human())}: {what}"></span>'
    )


# --- the page -----------------------------------------------------------------------------


def _when(ev: Event) -> str:
    human = esc(when(ev))
    if ev.date.is_interval:  # <time> holds one date, not a range
        return f'<span class="date">{human}</span>'
    return f'<time datetime="{ev.date.first.iso()}">{human}</time>'


def _event(ev: Event, store: Store, lo: date, days: int) -> str:
    colour = COLOURS.get(ev.category, OTHER_COLOUR)
    out = [
        f'<li class="event" id="event-{esc(ev.id)}" data-id="{esc(ev.id)}" '
        f'data-category="{esc(ev.category)}" style="--c:{colour}">',
        f'<div class="track" aria-hidden="true"><div class="scale">{_mark(ev, lo, days)}'
        "</div></div>",
        '<div class="card">',
        f'<p class="when">{_when(ev)} <span class="cat">{esc(ev.category)}</span></p>',
        f'<h3 class="title">{esc(ev.title)}</h3>',
        f'<p class="summary">{esc(ev.summary)}</p>',
    ]
    if ev.actors:
        out.append(f'<p class="who"><span class="label">Actors</span> {actor_names(store, ev)}</p>')
    if ev.places:
        places = ", ".join(esc(p) for p in place_names(store, ev))
        out.append(f'<p class="where"><span class="label">Places</span> {places}</p>')
    if ev.sources:
        out.append(f'<ol class="sources" aria-label="Sources">{source_items(store, ev)}</ol>')
    for note in ev.notes:
        out.append(
            f'<p class="note {esc(note.kind)}"><span class="label">{esc(note.kind.capitalize())}</span> '
            f"{esc(note.text)}</p>"
        )
    out.append(f'<p class="id">{esc(ev.id)}</p></div></li>')
    return "".join(out)


def _script_json(obj: Any) -> str:
    """Return JSON that is safe inside a <script> element: no <, > or & appears raw."""
    text = json.dumps(obj, ensure_ascii=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def _chips(evs: Sequence[Event]) -> str:
    counts: dict[str, int] = {}
    for ev in evs:
        counts[ev.category] = counts.get(ev.category, 0) + 1
    order = [c for c in CATEGORIES if c in counts] + sorted(set(counts) - CATEGORIES.keys())
    return "".join(
        f'<button type="button" class="chip" data-category="{esc(c)}" aria-pressed="true" '
        f'style="--c:{COLOURS.get(c, OTHER_COLOUR)}"><span class="swatch"></span>{esc(c)} '
        f'<span class="n">{counts[c]}</span></button>'
        for c in order
    )


def export(evs: Sequence[Event], store: Store, **_: Any) -> Iterator[str]:
    """Yield the page: header with legend and filters, the axis, then the events by year."""
    yield (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="mnktimeline {esc(__version__)}">\n'
        f"<title>{esc(TITLE)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f'<header class="top">\n<h1>{esc(TITLE)}</h1>\n'
        f'<p class="sub">{esc(coverage(evs))}. Dates are shown at the precision the sources '
        "give: a year, a month or a day.</p>\n"
        '<div class="controls">\n'
        '<input type="search" id="search" placeholder="Search words or &quot;a phrase&quot;: titles, summaries, tags, actors, places"'
        ' aria-label="Search the events" hidden>\n'
        f'<div class="chips" role="group" aria-label="Categories (click to hide or show)">'
        f"{_chips(evs)}</div>\n"
        '<p class="keys" aria-hidden="true"><span class="key point"></span> a day '
        '<span class="key vague"></span> a month or year, day unknown '
        '<span class="key span"></span> a span</p>\n'
        f'<p id="count" aria-live="polite">Showing {len(evs)} of {len(evs)} events</p>\n'
        "</div>\n</header>\n<main>\n"
    )
    if not evs:
        yield '<p class="empty">No events match these filters.</p>\n'
    else:
        lo, hi, years = _axis(evs)
        days = (hi - lo).days
        ticks = "".join(
            f'<span class="tick{" odd" if i % 2 else ""}" style="left:{_pct(date(y, 1, 1), lo, days)}%">'
            f"{y}</span>"
            for i, y in enumerate(years)
        )
        yield (
            f'<div class="timeline" style="--n:{len(years) - 1}">\n'
            f'<div class="axis" aria-hidden="true"><div class="scale">{ticks}</div></div>\n'
        )
        year: int | None = None
        for ev in evs:
            if ev.date.start.year != year:
                if year is not None:
                    yield "</ol></section>\n"
                year = ev.date.start.year
                yield f'<section class="year" data-year="{year}"><h2>{year}</h2><ol class="events">\n'
            yield _event(ev, store, lo, days) + "\n"
        yield "</ol></section>\n</div>\n"
    data = {
        # The rule `timeline list --search` follows, read by PAGE_SCRIPT, and each event's
        # fields as the stems that rule compares.
        "rules": page_rules(),
        "events": [{"id": ev.id, "category": ev.category, "words": index(store, ev)} for ev in evs],
    }
    yield (
        "</main>\n"
        f"<footer><p>Made with mnktimeline {esc(__version__)}. Each event cites its sources; "
        "where they disagree, a note says so.</p></footer>\n"
        f'<script type="application/json" id="timeline-data">{_script_json(data)}</script>\n'
        f"<script>{PAGE_SCRIPT}{SCRIPT}</script>\n</body>\n</html>\n"
    )


STYLE = """
:root{--ink:#1d1d1f;--muted:#5f6368;--line:#d9dce1;--bg:#fff;--grid:#eceef1;
--font:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 var(--font);color:var(--ink);background:var(--bg)}
header.top,main,footer{max-width:72rem;margin:0 auto;padding:0 1rem}
h1{font-size:1.5rem;margin:1rem 0 .25rem}
.sub,#count,footer,.id,.label,.cat{color:var(--muted)}
.sub{margin:0 0 .75rem}
.controls{display:flex;flex-direction:column;gap:.5rem;margin-bottom:.5rem}
#search{font:inherit;padding:.4rem .6rem;border:1px solid var(--line);border-radius:.4rem;
max-width:28rem;width:100%}
.chips{display:flex;flex-wrap:wrap;gap:.35rem}
.chip{font:inherit;font-size:.85rem;display:inline-flex;align-items:center;gap:.35rem;
padding:.15rem .6rem;border:1px solid var(--line);border-radius:1rem;background:#fff;
cursor:pointer;color:var(--ink)}
.chip[aria-pressed=false]{opacity:.45;text-decoration:line-through}
.chip .n{color:var(--muted)}
.swatch{width:.8rem;height:.8rem;border-radius:50%;background:var(--c)}
.keys{margin:0;font-size:.8rem;color:var(--muted)}
.key{display:inline-block;vertical-align:middle;margin-left:.6rem;background:var(--muted)}
.key.point{width:.6rem;height:.6rem;border-radius:50%}
.key.vague{width:1.4rem;height:.5rem;opacity:.45}
.key.span{width:1.4rem;height:.5rem;border-radius:.25rem}
#count{margin:0;font-size:.85rem}
.timeline{--cols:minmax(0,5fr) minmax(0,7fr)}
.axis{position:sticky;top:0;z-index:1;background:var(--bg);height:1.8rem;
border-bottom:1px solid var(--line);display:grid;grid-template-columns:var(--cols)}
.scale{position:relative;height:100%;margin:0 1rem}
.tick{position:absolute;bottom:.2rem;transform:translateX(-50%);font-size:.75rem;
color:var(--muted);white-space:nowrap}
.year>h2{font-size:1.1rem;margin:.9rem 0 .2rem;padding-bottom:.1rem;border-bottom:1px solid var(--line)}
.events{list-style:none;margin:0;padding:0}
.event{display:grid;grid-template-columns:var(--cols);gap:0 1rem;padding:.5rem 0;
border-bottom:1px solid var(--grid)}
.track{position:relative;min-height:1.4rem}
.track .scale{height:1.4rem;border-left:1px solid var(--grid);border-right:1px solid var(--grid);
background:repeating-linear-gradient(to right,var(--grid) 0 1px,transparent 1px calc(100% / var(--n)))}
.mark{position:absolute;top:50%;transform:translateY(-50%);background:var(--c);min-width:3px}
.mark.span{height:.6rem;border-radius:.3rem}
.mark.vague{height:.6rem;opacity:.45;min-width:5px}
.mark.point{width:.7rem!important;height:.7rem;border-radius:50%;
transform:translate(-50%,-50%);box-shadow:0 0 0 2px #fff}
.card{border-left:4px solid var(--c);padding-left:.75rem;min-width:0}
.card p{margin:.1rem 0}
.when{font-weight:600}
.cat{font-weight:400;font-size:.8rem;margin-left:.4rem}
.title{font-size:1rem;margin:.1rem 0}
.label{font-size:.8rem;margin-right:.3rem}
.sources{margin:.25rem 0 0;padding-left:1.3rem;font-size:.85rem}
.note{font-size:.85rem;font-style:italic}
.id{font-size:.75rem;font-family:ui-monospace,monospace}
.card,.sources{overflow-wrap:anywhere}
a{color:#1a5fb4}
footer{font-size:.8rem;margin:2rem auto 1rem}
.empty{margin:2rem 0}
[hidden]{display:none!important}
@media (max-width:700px){
.timeline{--cols:minmax(0,1fr)}
.event{gap:.35rem}
.axis .scale,.track .scale{margin:0 .75rem}
}
@media (max-width:900px){.tick.odd{display:none}}
@media print{
body{font-size:10pt}
#search,.keys{display:none!important}
.chip{border:none;padding:0 .4rem 0 0}
.axis{position:static}
.event,.year>h2{break-inside:avoid}
.year>h2{break-after:avoid}
.mark,.swatch,.card,.key{print-color-adjust:exact;-webkit-print-color-adjust:exact}
a{color:inherit}
.sources a[href]::after{content:" <" attr(href) ">";font-size:.85em;word-break:break-all}
}
"""

SCRIPT = """
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("timeline-data").textContent);
  const match = textmatch(data.rules);
  const items = data.events.map((e) => ({
    el: document.getElementById("event-" + e.id), category: e.category, words: e.words,
  }));
  const search = document.getElementById("search");
  const chips = Array.from(document.querySelectorAll(".chip"));
  const count = document.getElementById("count");
  const hiddenCategories = new Set();
  function apply() {
    const wanted = match.terms(search.value);
    let shown = 0;
    for (const it of items) {
      const ok = !hiddenCategories.has(it.category) && match.contains(it.words, wanted);
      it.el.hidden = !ok;
      if (ok) shown += 1;
    }
    for (const year of document.querySelectorAll(".year")) {
      year.hidden = !year.querySelector(".event:not([hidden])");
    }
    count.textContent = "Showing " + shown + " of " + items.length + " events";
  }
  for (const chip of chips) {
    chip.addEventListener("click", () => {
      const c = chip.dataset.category;
      const off = !hiddenCategories.has(c);
      if (off) hiddenCategories.add(c); else hiddenCategories.delete(c);
      chip.setAttribute("aria-pressed", String(!off));
      apply();
    });
  }
  search.hidden = false;
  search.addEventListener("input", apply);
  apply();
})();
"""
