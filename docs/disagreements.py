"""Write, or check, docs/disagreements.md: the index of every disagreement note in the store.

    python docs/disagreements.py          # exit 1 if docs/disagreements.md is stale
    python docs/disagreements.py --write  # rewrite docs/disagreements.md

The index is made from data/events.json alone: one entry per note of kind
"disagreement", in the store's order (by date), giving the event's id, date and title,
the note's text (what differs, and which source says what) and the sources it cites.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "data" / "events.json"
INDEX = ROOT / "docs" / "disagreements.md"

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def _md(text: str) -> str:
    """Return ``text`` with the characters Markdown would read as markup escaped."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _source_line(source: dict[str, Any]) -> str:
    """Return one list item naming a source: who published it, its title, date and kind."""
    who = ", ".join(source[k] for k in ("author", "publisher") if source.get(k))
    title = _md(source["title"])
    if source.get("url"):
        title = f"[{title}](<{source['url']}>)"
    parts = [f"{_md(who)}: {title}" if who else title]
    details = [source[k] for k in ("published",) if source.get(k)]
    details += [source.get("kind") or "", source.get("language") or ""]
    repost = source.get("repost")
    if repost:
        when = f" on {repost['published']}" if repost.get("published") else ""
        details.append(f"reposted on {repost['host']}{when}")
    parts.append(f"({', '.join(_md(d) for d in details if d)})")
    return f"- `{source['id']}`: " + " ".join(parts)


def render(doc: dict[str, Any]) -> str:
    """Return the text of docs/disagreements.md for the store ``doc``."""
    sources = {s["id"]: s for s in doc["sources"]}
    entries: list[str] = []
    events = 0
    for ev in doc["events"]:
        notes = [n for n in ev.get("notes", []) if n.get("kind") == "disagreement"]
        if not notes:
            continue
        events += 1
        for note in notes:
            lines = [
                f"### {ev['date']} · `{ev['id']}`",
                "",
                f"*{_md(ev['title'])}*",
                "",
                f"**What differs.** {_md(note['text'])}",
                "",
                "Sources cited by the note:",
                "",
                *(_source_line(sources[sid]) for sid in note["sources"]),
            ]
            entries.append("\n".join(lines))
    head = [
        "# Disagreements between sources",
        "",
        "Every note of kind `disagreement` in the event store (`data/events.json`): where",
        "sources give different values for the same fact (a date, a number, a name, who took",
        "part), the event gives the value the editorial rules prefer and such a note names",
        "every value and the sources on each side. This index lists the notes",
        "in the store's order, with the event's date and id, the note's text and the sources",
        "it cites; the text says which source holds which value.",
        "",
        "This file is generated from the store by `docs/disagreements.py`; do not edit it by",
        "hand. After changing the store, run `python docs/disagreements.py --write`.",
        "",
        f"{len(entries)} disagreement notes in {events} events.",
        "",
    ]
    return "\n".join(head) + "\n" + "\n\n".join(entries) + "\n"


def main(argv: list[str]) -> int:
    doc = json.loads(STORE.read_text(encoding="utf-8"))
    text = render(doc)
    if argv == ["--write"]:
        INDEX.write_text(text, encoding="utf-8")
        return 0
    if argv:
        print("usage: python docs/disagreements.py [--write]", file=sys.stderr)
        return 2
    current = INDEX.read_text(encoding="utf-8") if INDEX.is_file() else ""
    if current != text:
        print(
            "docs/disagreements.md is stale: run python docs/disagreements.py --write",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
