"""CSL-JSON: the Citation Style Language's input format, which Zotero, pandoc and every
citeproc read (the CSL 1.0 input schema, kept in tests/data, checks it).

Dates hold only the parts the store knows (``[[2014, 5]]`` for May 2014), a span gives
both ends, and an approximate or uncertain date has ``circa`` (CSL has no separate mark
for uncertain). Names are ``literal``: kept as the source writes them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..citing import Citations, Dataset, authors
from ..dates import DateSpan, PartialDate
from ..model import Source
from .words import copy_words, events_words

# source kind -> CSL item type; a source without a kind is a web page
CSL_TYPES = {
    "archive-document": "document",
    "official-statement": "document",
    "state-media": "article-newspaper",
    "wire": "article-newspaper",
    "newspaper": "article-newspaper",
    "blog": "post-weblog",
    "reference": "entry-encyclopedia",
    "scholarly": "report",
}
# The types whose publisher is the container (a newspaper, a blog, an encyclopedia) rather
# than the body that issued the item.
_CONTAINED = frozenset({"article-newspaper", "post-weblog", "entry-encyclopedia", "webpage"})


def citations(cited: Citations, **_: Any) -> Iterator[str]:
    """Yield a CSL-JSON array of the items, one per line."""
    records = [dataset_item(i) if isinstance(i, Dataset) else item(i) for i in cited.items]
    if not records:
        yield "[]\n"
        return
    yield "[\n"
    yield ",\n".join(json.dumps(r, ensure_ascii=False) for r in records)
    yield "\n]\n"


def item(source: Source) -> dict[str, Any]:
    """Return the CSL item of a source."""
    kind = CSL_TYPES.get(source.kind or "", "webpage")
    out: dict[str, Any] = {"id": source.id, "type": kind, "title": source.title}
    if source.author:
        out["author"] = [{"literal": name} for name in authors(source)]
    if source.publisher:
        out["container-title" if kind in _CONTAINED else "publisher"] = source.publisher
    if source.published is not None:
        out["issued"] = date_variable(source.published)
    if source.url:
        out["URL"] = source.url
    if source.accessed is not None:
        out["accessed"] = date_variable(source.accessed)
    if source.language:
        out["language"] = source.language
    copy = copy_words(source)
    if copy is not None:
        out["note"] = copy
    return out


def dataset_item(ds: Dataset) -> dict[str, Any]:
    """Return the CSL item of the dataset, with the ids of the events used."""
    return {
        "id": ds.key,
        "type": "dataset",
        "title": ds.title,
        "author": [{"literal": name} for name in ds.authors],
        "version": ds.version,
        "issued": {"date-parts": [[ds.year]]},
        "note": events_words(ds),
        "custom": {"events": list(ds.events)},
    }


def date_variable(span: DateSpan) -> dict[str, Any]:
    """Return a CSL date: the parts known, both ends of a span, ``circa`` if not certain.

    A span open at one end gives its known end, and says the rest in ``literal``
    ("from Apr 1985"), which CSL processors print as it is.
    """
    ends = [span.first] if not span.is_interval or span.open_start or span.open_end else []
    if not ends:
        ends = [span.first, span.last]
    out: dict[str, Any] = {"date-parts": [_parts(d) for d in ends]}
    if span.approximate or span.uncertain:
        out["circa"] = True
    if span.open_start or span.open_end:
        out["literal"] = span.human()
    return out


def _parts(d: PartialDate) -> list[int]:
    return [p for p in (d.year, d.month, d.day) if p is not None]
