"""Write a synthetic event store of N events in the real schema (format 2), the same for
a given seed.

    python benchmarks/generate.py 100000 --seed 1 -o /tmp/store-100k.json

Text lengths follow the bundled store (titles of 30-70 characters, summaries of one or
two sentences); dates mix year, month and day precision and about one in six is a span;
every actor and source an event names exists, so the file validates.
"""

from __future__ import annotations

import argparse
import json
import random
import sys

WORDS = [
    "Mongolia",
    "North",
    "Korea",
    "delegation",
    "visit",
    "talks",
    "agreement",
    "railway",
    "coal",
    "port",
    "Rajin",
    "Ulaanbaatar",
    "Pyongyang",
    "minister",
    "president",
    "embassy",
    "workers",
    "sanctions",
    "dialogue",
    "security",
    "anniversary",
    "letter",
    "exchange",
    "cooperation",
    "trade",
    "culture",
    "refugees",
    "mediation",
    "Japan",
    "abductees",
    "conference",
    "treaty",
    "friendship",
    "investment",
    "refinery",
    "health",
    "education",
    "sport",
    "humanitarian",
    "aid",
]
CATEGORIES = (
    "diplomacy",
    "economy",
    "labour",
    "refugees",
    "security-dialogue",
    "mediation",
    "culture",
    "sanctions",
    "security",
    "humanitarian",
)
COUNTRIES = ("MNG", "PRK", "JPN", "KOR", "USA", "CHN", "RUS")
PLACES = [
    {"id": "mongolia", "name": "Mongolia", "kind": "country", "country": "MNG"},
    {"id": "ulaanbaatar", "name": "Ulaanbaatar", "kind": "city", "within": "mongolia"},
    {"id": "pyongyang", "name": "Pyongyang", "kind": "city", "country": "PRK"},
    {"id": "tokyo", "name": "Tokyo", "kind": "city", "country": "JPN"},
    {"id": "rason", "name": "Rason", "kind": "region", "country": "PRK"},
    {"id": "rajin", "name": "Rajin", "kind": "city", "within": "rason"},
]
NOTE_KINDS = ("disagreement", "uncertainty", "derivation")


def _words(rng: random.Random, low: int, high: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))


def _partial(rng: random.Random, year: int) -> str:
    kind = rng.random()
    if kind < 0.2:
        return f"{year}"
    month = rng.randint(1, 12)
    if kind < 0.45:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def _date(rng: random.Random) -> str:
    year = rng.randint(1948, 2024)
    start = _partial(rng, year)
    if rng.random() < 1 / 6:
        end_year = min(2025, year + rng.randint(1, 3))
        return f"{start}/{_partial(rng, end_year)}"
    return start


def build(n: int, seed: int) -> dict[str, object]:
    """Return a store document with ``n`` events, about n/200 actors and n/100 sources."""
    rng = random.Random(seed)
    n_actors = max(20, n // 200)
    n_sources = max(10, n // 100)
    sources = [
        {
            "id": f"src-{i}",
            "title": _words(rng, 4, 12).capitalize(),
            "publisher": _words(rng, 1, 3).title(),
            "url": f"https://example.org/{i}/{_words(rng, 2, 5).replace(' ', '-')}",
        }
        for i in range(n_sources)
    ]
    actors = [
        {
            "id": f"actor-{i}",
            "name": _words(rng, 2, 3).title(),
            "kind": rng.choice(("person", "person", "person", "state", "organisation")),
            "country": rng.choice(COUNTRIES),
            "aliases": [_words(rng, 1, 2).title() for _ in range(rng.randint(0, 3))],
        }
        for i in range(n_actors)
    ]
    events = []
    for i in range(n):
        date = _date(rng)
        refs = [
            {"source": f"src-{rng.randrange(n_sources)}", "locator": f"para. {rng.randint(1, 12)}"}
            for _ in range(rng.randint(1, 3))
        ]
        event: dict[str, object] = {
            "id": f"ev-{i:07d}",
            "date": date,
            "title": _words(rng, 5, 10).capitalize(),
            "summary": _words(rng, 20, 45).capitalize() + ".",
            "category": rng.choice(CATEGORIES),
            "tags": sorted({rng.choice(WORDS).lower() for _ in range(rng.randint(0, 3))}),
            "actors": sorted(
                {f"actor-{rng.randrange(n_actors)}" for _ in range(rng.randint(1, 4))}
            ),
            "places": [rng.choice(("ulaanbaatar", "pyongyang", "tokyo", "rajin"))]
            if rng.random() < 0.7
            else [],
            "sources": refs,
        }
        if rng.random() < 0.05:
            event["notes"] = [
                {
                    "kind": rng.choice(NOTE_KINDS),
                    "text": _words(rng, 10, 25).capitalize() + ".",
                    "sources": [refs[0]["source"]],
                }
            ]
        events.append(event)
    return {"format": 2, "sources": sources, "actors": actors, "places": PLACES, "events": events}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, help="number of events")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-", help="file to write (default: stdout)")
    args = parser.parse_args()
    doc = build(args.n, args.seed)
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")  # noqa: SIM115
    with out:
        json.dump(doc, out, ensure_ascii=False)
        out.write("\n")


if __name__ == "__main__":
    main()
