"""Write a realistic store of N events: the bundled store's own events, cycled.

    python benchmarks/realistic.py 100000 --seed 1 -o /tmp/real-100k.json
    python benchmarks/realistic.py 100000 --seed 1 --late 0.06 -o /tmp/late-100k.json

Every event keeps its real text, actors, places, sources, notes and quotations; each copy
gets a new id and a date redrawn at the same precision (a year stays a year, a span keeps
its length) between 1948 and the latest publication of the sources it cites, so that the
store validates. With ``--late F``, a fraction F of the events is instead dated after all
of its sources, which ``timeline validate`` reports: a broken store of the same size.
Written with two-space indentation, as ``timeline fmt`` writes a store. The same seed
gives the same file.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
FIRST = date(1948, 1, 1)


def _published(doc: dict[str, Any]) -> dict[str, date | None]:
    sys.path.insert(0, str(REPO / "src"))
    from mnktimeline.dates import parse_stored

    return {
        s["id"]: parse_stored(s["published"]).end if s.get("published") else None
        for s in doc["sources"]
    }


def _moved(text: str, rng: random.Random, low: date, high: date) -> str:
    """Return the stored date ``text`` moved by whole years so that it starts in the years
    of low..high, at the same precision and with the same months and days (by a multiple
    of four years, so that 29 February stays a day); qualifiers and open ends are dropped,
    as they do not change the span."""
    from mnktimeline.dates import parse_stored

    span = parse_stored(text)
    first, last = span.first, span.last
    target = rng.randint(low.year, max(low.year, high.year))
    shift = (target - first.year) // 4 * 4
    if first.year + shift < low.year:
        shift += 4
    whole = span.is_interval and not (span.open_start or span.open_end)
    parts = []
    for part in (first, last) if whole else (first,):
        year = part.year + shift
        text_part = f"{year:04d}"
        if part.month is not None:
            text_part += f"-{part.month:02d}"
        if part.day is not None:
            text_part += f"-{part.day:02d}"
        parts.append(text_part)
    return "/".join(parts)


def build(n: int, seed: int, late: float = 0.0) -> dict[str, Any]:
    """Return the document of a realistic store of ``n`` events (see the module docstring)."""
    doc = json.loads((REPO / "data" / "events.json").read_text(encoding="utf-8"))
    published = _published(doc)
    rng = random.Random(seed)
    base = doc["events"]
    events = []
    for i in range(n):
        ev = dict(base[i % len(base)])
        ev["id"] = f"{ev['id']}-{i:07d}"
        ev.pop("part_of", None)  # the copy's whole is not copied with it
        dates = [published[r["source"]] for r in ev["sources"]]
        latest = max((d for d in dates if d), default=date(2024, 6, 30))
        if all(dates) and rng.random() < late:
            low, high = latest + timedelta(days=400), latest + timedelta(days=2000)
        else:
            low, high = FIRST, latest - timedelta(days=400)
        ev["date"] = _moved(ev["date"], rng, low, max(high, low + timedelta(days=1)))
        events.append(ev)
    return {**doc, "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--late", type=float, default=0.0, help="share of events after their sources"
    )
    parser.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    args = parser.parse_args()
    doc = build(args.n, args.seed, args.late)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    with out:
        json.dump(doc, out, ensure_ascii=False, indent=2)
        out.write("\n")


if __name__ == "__main__":
    main()
