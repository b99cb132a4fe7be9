"""RIS, the tagged format that Zotero, EndNote, Mendeley and most library catalogues
import: one record per item, ``TAG  - value`` lines, ``ER`` closing each.

A date is ``DA  - YYYY/MM/DD/other`` with only the parts known (``2014/05//``); a span or
a qualified date keeps the year of its start in ``PY`` and says the rest in the "other"
part (``2015///2015–2016``, ``1956///c. 1956``). ``Y2`` is the access date, when the store
records when the page was read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..citing import Citations, Dataset, authors
from ..dates import DateSpan
from ..model import Source
from ..textsafety import inert
from .words import copy_words, events_words

# source kind -> (RIS type, the tag that names the publisher)
RIS_TYPES = {
    "state-media": ("NEWS", "T2"),
    "wire": ("NEWS", "T2"),
    "newspaper": ("NEWS", "T2"),
    "scholarly": ("RPRT", "PB"),
    "archive-document": ("GOVDOC", "PB"),
    "official-statement": ("GOVDOC", "PB"),
    "blog": ("BLOG", "T2"),
    "reference": ("ENCYC", "T2"),
}
_OTHER = ("ELEC", "T2")


def citations(cited: Citations, **_: Any) -> Iterator[str]:
    """Yield one record per item, a blank line between them."""
    for n, item in enumerate(cited.items):
        lines = dataset_lines(item) if isinstance(item, Dataset) else source_lines(item)
        body = "".join(f"{tag}  - {inert(value)}\n" for tag, value in lines)
        yield ("\n" if n else "") + body + "ER  - \n"


def date_value(span: DateSpan) -> str:
    """Return ``YYYY/MM/DD/other``: the parts of the first day known, and the date as
    people read it in "other" when it is a span or qualified."""
    d = span.first
    month = f"{d.month:02d}" if d.month else ""
    day = f"{d.day:02d}" if d.day else ""
    plain = not span.is_interval and not d.qualifier
    return f"{d.year:04d}/{month}/{day}/{'' if plain else span.human()}"


def source_lines(source: Source) -> list[tuple[str, str]]:
    """Return the tagged lines of a source, TY first."""
    kind, where = RIS_TYPES.get(source.kind or "", _OTHER)
    lines = [("TY", kind), ("ID", source.id), ("TI", source.title)]
    lines += [("AU", name) for name in authors(source)]
    if source.publisher:
        lines.append((where, source.publisher))
    if source.published is not None:
        lines.append(("PY", f"{source.published.first.year:04d}"))
        lines.append(("DA", date_value(source.published)))
    if source.url:
        lines.append(("UR", source.url))
    if source.accessed is not None:
        lines.append(("Y2", date_value(source.accessed)))
    if source.language:
        lines.append(("LA", source.language))
    copy = copy_words(source)
    if copy is not None:
        lines.append(("N1", copy))
    return lines


def dataset_lines(ds: Dataset) -> list[tuple[str, str]]:
    """Return the tagged lines of the dataset, with the events used."""
    return [
        ("TY", "DATA"),
        ("ID", ds.key),
        ("TI", ds.title),
        *(("AU", name) for name in ds.authors),
        ("PY", str(ds.year)),
        ("ET", ds.version),
        ("N1", events_words(ds)),
    ]
