"""biblatex entries, for LaTeX with biber (and Zotero, JabRef and pandoc, which read them).

Each source is ``@article`` (news: a newspaper, a wire, state media; the outlet in
``journaltitle``), ``@report`` (scholarly, archival and official documents; the body in
``institution``) or ``@online`` (blogs, reference works, other pages), with its ``url``,
and ``urldate`` when the store records when the page was read. Dates are biblatex's
ISO 8601-2 forms: only the parts known (``2014-05``), a span (``2015/2016``), ``~`` for
approximate and ``?`` for uncertain. Names are in double braces, so that they are printed
and sorted as written, not split into given and family names by guesswork.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..citing import Citations, Dataset, authors
from ..dates import DateSpan
from ..model import Source
from ..textsafety import UNSAFE_CHARACTERS, inert
from .words import copy_words, events_words

# source kind -> (entry type, the field that names the publisher)
ENTRY_TYPES = {
    "state-media": ("article", "journaltitle"),
    "wire": ("article", "journaltitle"),
    "newspaper": ("article", "journaltitle"),
    "scholarly": ("report", "institution"),
    "archive-document": ("report", "institution"),
    "official-statement": ("report", "institution"),
    "blog": ("online", "organization"),
    "reference": ("online", "organization"),
}
_OTHER = ("online", "organization")
# ISO 639-1 codes -> the babel language names biblatex's langid takes
LANGIDS = {
    "de": "german",
    "en": "english",
    "fr": "french",
    "ja": "japanese",
    "ko": "korean",
    "mn": "mongolian",
    "ru": "russian",
    "zh": "chinese",
}

_SPECIAL = {
    "\\": r"\textbackslash{}",
    # BibTeX counts every brace, escaped or not: these keep a value's braces balanced.
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _SPECIAL))
# What a URL may not hold in a .bib file, percent-encoded: braces and backslashes (which
# would end or escape the value), spaces, and what inert() would escape in other text.
_URL_UNSAFE = re.compile(f"[{{}}\\\\\\s{UNSAFE_CHARACTERS}]")


def latex(text: str) -> str:
    """Return store text as a biblatex value: TeX's special characters escaped, controls
    shown as escapes (``inert``), one line."""
    return _SPECIAL_RE.sub(lambda m: _SPECIAL[m.group()], inert(text))


def url_value(url: str) -> str:
    """Return a URL for a verbatim ``url`` field: what would break the value percent-encoded."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), url)


def date_value(span: DateSpan) -> str:
    """Return a stored date in biblatex's form: an open end is empty ("1985-04/")."""
    if span.open_end:
        return f"{_part(span, first=True)}/"
    if span.open_start:
        return f"../{_part(span, first=False)}"
    return span.text


def _part(span: DateSpan, *, first: bool) -> str:
    head, _, tail = span.text.partition("/")
    return head if first else tail


def citations(cited: Citations, **_: Any) -> Iterator[str]:
    """Yield one entry per item, a blank line between them."""
    for n, item in enumerate(cited.items):
        fields = dataset_fields(item) if isinstance(item, Dataset) else source_fields(item)
        kind, key, values = fields
        body = "".join(f"  {name} = {{{value}}},\n" for name, value in values)
        yield ("\n" if n else "") + f"@{kind}{{{key},\n{body}}}\n"


def _names(names: tuple[str, ...]) -> str:
    return " and ".join(f"{{{latex(n)}}}" for n in names)


def source_fields(source: Source) -> tuple[str, str, list[tuple[str, str]]]:
    """Return the entry type, key and fields of a source."""
    kind, where = ENTRY_TYPES.get(source.kind or "", _OTHER)
    values: list[tuple[str, str]] = []
    if source.author:
        values.append(("author", _names(authors(source))))
    values.append(("title", latex(source.title)))
    if source.publisher:
        values.append((where, latex(source.publisher)))
    if kind == "article":
        values.append(("entrysubtype", "newspaper"))
    if source.published is not None:
        values.append(("date", date_value(source.published)))
    if source.url:
        values.append(("url", url_value(source.url)))
    if source.accessed is not None:
        values.append(("urldate", date_value(source.accessed)))
    if source.language in LANGIDS:
        values.append(("langid", LANGIDS[source.language]))
    copy = copy_words(source)
    if copy is not None:
        values.append(("note", latex(copy)))
    return kind, source.id, values


def dataset_fields(ds: Dataset) -> tuple[str, str, list[tuple[str, str]]]:
    """Return the entry type, key and fields of the dataset, with the events used."""
    return (
        "dataset",
        ds.key,
        [
            ("author", _names(ds.authors)),
            ("title", latex(ds.title)),
            ("version", latex(ds.version)),
            ("date", str(ds.year)),
            ("note", latex(events_words(ds))),
        ],
    )
