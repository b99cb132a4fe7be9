"""Check quotations against the texts of their sources."""

from __future__ import annotations

from pathlib import Path

from ..model import Problem, Store
from .document import label


def check_quotes(store: Store, texts: Path | str) -> list[Problem]:
    """Return a problem for each quotation not found in its source's text.

    ``texts`` is a folder of source texts named ``<source id>.txt``; a quotation is found
    when it occurs in that text with runs of whitespace counted as one space. Quotations
    of sources without a text in the folder are reported too, since nothing backs them.
    """
    folder = Path(texts)
    cache: dict[str, str | None] = {}
    problems: list[Problem] = []
    for i, ev in enumerate(store.events):
        for j, ref in enumerate(ev.sources):
            if ref.quote is None:
                continue
            if ref.source not in cache:
                try:
                    raw = (folder / f"{ref.source}.txt").read_text(encoding="utf-8")
                    cache[ref.source] = " ".join(raw.split())
                except OSError:
                    cache[ref.source] = None
            where = f"{label('events', i, ev.id)} sources[{j}]"
            text = cache[ref.source]
            if text is None:
                problems.append(
                    Problem(
                        where, f"field 'quote' cannot be checked: no {ref.source}.txt in {folder}"
                    )
                )
            elif " ".join(ref.quote.split()) not in text:
                problems.append(
                    Problem(where, f"field 'quote' is not in {ref.source}.txt: {ref.quote!r}")
                )
    return problems
