"""A reference list to paste into a paper: one author-date style, one entry per line.

The style, after the author-date system of the Chicago Manual of Style:

    Lead. Year. “Title.” Publisher, full date. Copy on Host, date. URL. Accessed date.

- Lead: the authors as the source writes them (names are never inverted); failing an
  author, the publisher; failing that, the title. Entries are ordered by it, then by year
  (undated last), then by title, so the list reads in the order it is sorted.
- Year: of publication (of the original, for a copy), "2015–2016" for a span, "c. 1956"
  when approximate, "1956?" when uncertain, "n.d." when unknown; a letter follows when
  one lead has several works in a year (2014a, 2014b), so that "(Yonhap 2014b)" is
  unambiguous in the text.
- Title: in quotation marks; a description of an untitled page stays in its [brackets].
  Left out when it is the lead.
- Publisher (unless it is the lead), and the full date when it says more than the year.
- Copy on Host: the site whose copy the URL points to, with the date of the copy.
- Accessed: the day the page was read, when the store records it.

The dataset itself is an entry too: its authors, year, title, version and the ids of the
events the work used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from string import ascii_lowercase
from typing import Any

from ..citing import Citations, Dataset, Item, lead
from ..dates import DateSpan
from ..model import Source
from ..names import fold
from ..textsafety import inert
from .words import copy_words, events_words

Escape = Callable[[str], str]


def citations(cited: Citations, **_: Any) -> Iterator[str]:
    """Yield the reference list, one entry a line, each once."""
    seen: set[str] = set()
    for line in entries(cited.items, inert, inert):
        if line not in seen:
            seen.add(line)
            yield line + "\n"


def entries(items: Sequence[Item], esc: Escape, link: Escape) -> list[str]:
    """Return the entries of ``items`` (already in reference-list order); ``esc`` makes
    store text safe for the output, ``link`` a URL."""
    labels = [year_label(item) for item in items]
    groups = Counter((fold(lead(item)), label) for item, label in zip(items, labels, strict=True))
    used: Counter[tuple[str, str]] = Counter()
    out = []
    for item, label in zip(items, labels, strict=True):
        group = (fold(lead(item)), label)
        if groups[group] > 1 and label != "n.d.":
            label += ascii_lowercase[used[group] % 26]
            used[group] += 1
        out.append(_entry(item, label, esc, link))
    return out


def year_label(item: Item) -> str:
    """Return the year an entry shows: "2019", "2015–2016", "c. 1956", "1956?", "n.d."."""
    if isinstance(item, Dataset):
        return str(item.year)
    span = item.published
    if span is None:
        return "n.d."
    a, b = span.first, span.last
    if span.open_end:
        return f"from {a.year}"
    if span.open_start:
        return f"until {b.year}"
    years = str(a.year) if a.year == b.year else f"{a.year}–{b.year}"
    return ("c. " if span.approximate else "") + years + ("?" if span.uncertain else "")


def sentence(text: str) -> str:
    """Return ``text`` ending as a sentence: a full stop unless it ends in . ? or !."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _entry(item: Item, label: str, esc: Escape, link: Escape) -> str:
    if isinstance(item, Dataset):
        return _dataset_entry(item, label, esc)
    if lead(item) == item.title:  # an untitled lead: the title, as a title, comes first
        parts = [_title(item, esc), sentence(label)]
    else:
        parts = [sentence(esc(lead(item))), sentence(label), _title(item, esc)]
    detail = _detail(item, label)
    if detail:
        parts.append(sentence(esc(detail)))
    copy = copy_words(item)
    if copy is not None:
        parts.append(sentence(esc(copy)))
    if item.url:
        parts.append(sentence(link(item.url)))
    if item.accessed is not None:
        parts.append(f"Accessed {item.accessed.human()}.")
    return " ".join(parts)


def _title(source: Source, esc: Escape) -> str:
    title = esc(source.title)
    if source.title_is_supplied:
        return sentence(title)
    # The full stop goes inside the quotation marks, unless the title ends in ? or !.
    return f"“{sentence(title)}”"


def _detail(source: Source, label: str) -> str:
    """Return "Publisher, 20 Feb 2019": the publisher unless it is the lead, and the full
    date when it says more than the year label."""
    bits = []
    if source.publisher and lead(source) != source.publisher:
        bits.append(source.publisher)
    if source.published is not None and _more_than_year(source.published, label):
        bits.append(source.published.human())
    return ", ".join(bits)


def _more_than_year(span: DateSpan, label: str) -> bool:
    return span.human() not in (label, label.rstrip(ascii_lowercase))


def _dataset_entry(item: Dataset, label: str, esc: Escape) -> str:
    return (
        f"{sentence(esc(item.lead))} {label}. {sentence(esc(item.title))} "
        f"Dataset, version {esc(item.version)}. {sentence(esc(events_words(item)))}"
    )
