"""Partial dates with honest precision.

A stored date is ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an interval ``START/END`` of
those. Every date covers a span of days, and both ends of a span are inclusive: "2014" runs
from 2014-01-01 to 2014-12-31.

Qualifiers follow EDTF level 1: a part may end in ``~`` (approximate: "c. 1956"), ``?``
(uncertain: "21 Dec 2004?") or ``%`` (both); an interval may be open at one end
(``1985-04/..`` from April 1985 on, ``../1985`` up to 1985). Qualifiers change what is
shown, never the span used for filtering: "c. 1956" is still the span of 1956, and an
open interval spans only its known part (``1985-04/..`` is April 1985).

This module is the only one that knows about precision. It imports python-dateutil
only when a user types a free form such as "21 May 2014", so the everyday paths
(ISO input, stored dates) never pay for it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from .errors import UsageError
from .record import Record

Precision = Literal["year", "month", "day"]

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# ASCII digits only: \d would also take "٢٠١٤" or "２０１４" as a year.
# Patterns, compiled by re on first use (and kept in its cache), not on every start of
# the CLI: most commands read dates from the bundled store's snapshot and need none of them.
_ISO = r"(?a)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
_QUALIFIED = r"(?a)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?([~?%]?)"
OPEN = ".."
Qualifier = Literal["", "~", "?", "%"]
_AMBIGUOUS_NUMERIC = r"(?a)\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"
_NUMBERS = r"(?a)\d+"
# A month written in words, as dateutil reads it (English names and their abbreviations).
_MONTH_WORD = r"(?i)(?<![a-z])(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_UNREADABLE = (
    "'{}' is not a date I can read; try 2014, 2014-05, 2014-05-21, May 2014 or 21 May 2014"
)


class DateError(UsageError, ValueError):
    """A date that cannot be read; the message is a sentence for the user.

    A usage error when it reaches the command line (a date the user typed); a date in a
    store is reported as a problem of the store instead."""


def days_in_month(year: int, month: int) -> int:
    """Return the number of days of a month in the proleptic Gregorian calendar."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


class PartialDate(Record):
    """A calendar date known to a year, a month or a day, perhaps approximate or uncertain."""

    year: int
    month: int | None = None
    day: int | None = None
    qualifier: Qualifier = ""

    @property
    def approximate(self) -> bool:
        return self.qualifier in ("~", "%")

    @property
    def uncertain(self) -> bool:
        return self.qualifier in ("?", "%")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        if self.month is None:
            return date(self.year, 12, 31)
        return date(self.year, self.month, self.day or days_in_month(self.year, self.month))

    def iso(self) -> str:
        """Return the ISO partial form: ``2014``, ``2014-05`` or ``2014-05-21`` (no qualifier)."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def plain(self) -> str:
        """Return the form people read, unqualified: ``2014``, ``May 2014``, ``21 May 2014``."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_ABBR[self.month - 1]} {self.year}"
        return f"{self.day} {MONTH_ABBR[self.month - 1]} {self.year}"

    def human(self) -> str:
        """Return the form people read, with its qualifier: ``c. 1956``, ``21 Dec 2004?``."""
        return _marked(self.plain(), self)


class DateSpan(Record):
    """A stored date: one partial date, or an interval of two, covering days start..end.

    ``start`` and ``end`` are computed once, when the span is made by ``parse_stored``,
    because every query compares them.
    """

    text: str
    first: PartialDate
    last: PartialDate
    start: date
    end: date
    open_start: bool = False  # "../1985": the start is not known
    open_end: bool = False  # "1985-04/..": the end is not known

    @property
    def is_interval(self) -> bool:
        return self.first != self.last or self.open_start or self.open_end

    @property
    def approximate(self) -> bool:
        return self.first.approximate or self.last.approximate

    @property
    def uncertain(self) -> bool:
        return self.first.uncertain or self.last.uncertain

    def human(self) -> str:
        """Return the date as people write it, at the precision it has, with its marks.

        "2015–2016", "28–31 Oct 2013", "28 Jun – 2 Jul 1988", "Dec 2017 – 2018",
        "c. 1956", "21–23 Dec 2004?", "from Apr 1985", "until 1985".
        """
        a, b = self.first, self.last
        if self.open_end:
            return f"from {a.human()}"
        if self.open_start:
            return f"until {b.human()}"
        if not self.is_interval:
            return a.human()
        if a.qualifier == b.qualifier and a.qualifier:
            # One mark for the whole span: "21–23 Dec 2004?" rather than "21? – 23 Dec 2004?".
            return _marked(
                DateSpan(
                    self.text,
                    a._replace(qualifier=""),
                    b._replace(qualifier=""),
                    self.start,
                    self.end,
                ).human(),
                a,
            )
        if a.qualifier or b.qualifier:
            return f"{a.human()} – {b.human()}"
        if a.precision == b.precision and a.year == b.year:
            if a.precision == "month":
                return f"{_month(a)}–{_month(b)} {a.year}"
            if a.precision == "day":
                if a.month == b.month:
                    return f"{a.day}–{b.day} {_month(b)} {a.year}"
                return f"{a.day} {_month(a)} – {b.day} {_month(b)} {a.year}"
        if a.precision == b.precision == "year":
            return f"{a.year}–{b.year}"
        return f"{a.human()} – {b.human()}"


def _month(d: PartialDate) -> str:
    return MONTH_ABBR[(d.month or 1) - 1]


def _marked(text: str, d: PartialDate) -> str:
    """Return ``text`` with the marks of ``d``'s qualifier: "c. " before, "?" after."""
    return ("c. " if d.approximate else "") + text + ("?" if d.uncertain else "")


def parse_partial(text: str, *, qualified: bool = False) -> PartialDate:
    """Return the partial date written as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, and
    with ``qualified`` perhaps followed by ``~``, ``?`` or ``%``.

    Refuses any other form, month 13, day 0 and days that do not exist (2014-02-30),
    raising DateError with a sentence that names the value.
    """
    key = (text, qualified)
    found = _PARTS.get(key)
    if found is None:
        found = _PARTS[key] = _parse_partial(text, qualified)
    return found


# The parts already read: a calendar holds few enough days for a store of a million events
# to read each only once, and the spans of a store share their ends.
_PARTS: dict[tuple[str, bool], PartialDate] = {}


def _parse_partial(text: str, qualified: bool) -> PartialDate:
    m = re.fullmatch(_QUALIFIED if qualified else _ISO, text)
    if m is None:
        marks = " (each may end in ~, ? or %)" if qualified else ""
        raise DateError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD{marks}")
    year = int(m[1])
    month = int(m[2]) if m[2] else None
    day = int(m[3]) if m[3] else None
    if year < 1:
        raise DateError(f"'{text}' has year 0000; years start at 0001")
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}' has month {month}; months run from 01 to 12")
    if day is not None:
        assert month is not None
        days = days_in_month(year, month)
        if not 1 <= day <= days:
            raise DateError(
                f"'{text}' does not exist: {MONTH_ABBR[month - 1]} {year} has {days} days"
            )
    qualifier = m[4] if qualified else ""
    # tuple.__new__ skips the NamedTuple's Python-level __new__: stores of 100,000 events
    # parse tens of thousands of dates.
    return _new(PartialDate, (year, month, day, qualifier))


_new = tuple.__new__


def _span(
    text: str,
    first: PartialDate,
    last: PartialDate,
    open_start: bool = False,
    open_end: bool = False,
) -> DateSpan:
    return _new(DateSpan, (text, first, last, first.first_day, last.last_day, open_start, open_end))


def parse_stored(text: str, *, qualified: bool = True) -> DateSpan:
    """Return the span of a stored date: a partial date or an interval ``START/END``,
    each part perhaps qualified (``1956~``), either end perhaps open (``..``); with
    ``qualified`` False (a store of format 1), neither.

    Refuses malformed parts, intervals open at both ends and intervals whose end comes
    before their start.
    """
    if not isinstance(text, str):
        raise DateError(f"{text!r} is not a date string")
    head, sep, tail = text.partition("/")
    if not qualified:
        return _unqualified(text, head, sep, tail)
    if not sep:
        first = parse_partial(head, qualified=True)
        return _span(text, first, first)
    if head == OPEN and tail == OPEN:
        raise DateError(f"'{text}' is open at both ends; give at least one of them")
    if head == OPEN:
        last = parse_partial(tail, qualified=True)
        return _span(text, last, last, open_start=True)
    first = parse_partial(head, qualified=True)
    if tail == OPEN:
        return _span(text, first, first, open_end=True)
    return _interval(text, first, parse_partial(tail, qualified=True))


def _unqualified(text: str, head: str, sep: str, tail: str) -> DateSpan:
    first = parse_partial(head)
    if not sep:
        return _span(text, first, first)
    return _interval(text, first, parse_partial(tail))


def _interval(text: str, first: PartialDate, last: PartialDate) -> DateSpan:
    span = _span(text, first, last)
    if span.end < span.start:
        raise DateError(f"'{text}' ends before it starts")
    if first == last:
        raise DateError(f"'{text}' has the same start and end; write it once")
    return span


def parse_user_date(text: str) -> PartialDate:
    """Return the partial date a user typed, keeping the precision they gave.

    Accepts the ISO forms (``2013``, ``2014-05``, ``2014-05-21``) and the forms people
    write (``May 2014``, ``21 May 2014``, ``Dec 2018``), which python-dateutil reads.
    A day or month the user left out stays out: dateutil would otherwise fill it from a
    default date (dateutil issues #834 and #325), so the text is parsed against two
    different defaults and any field that differs between them was never given (both
    default years are leap years, so "29 Feb" is refused for its missing year, not its day).
    Words around a year alone are allowed (``2014 AD`` is 2014). Refuses text without a
    year, a day and a month as numbers (``05/06/2014``, ``05-06-2014``, ``1 2 2014``: people
    read them either way round), any other date in numbers only that is not ISO
    (``2014.05``, ``-2014``, ``20140521``), impossible dates and unreadable text.
    """
    stripped = " ".join(text.split())
    if re.fullmatch(_ISO, stripped):
        return parse_partial(stripped)
    if not stripped:
        raise DateError("an empty date was given; write a year such as 2014, or 2014-05-21")
    _refuse_numeric_forms(text, stripped)
    from datetime import datetime

    from dateutil import parser as du_parser

    try:
        one = du_parser.parse(stripped, default=datetime(2000, 1, 1))
        two = du_parser.parse(stripped, default=datetime(2004, 2, 2))
    except (ValueError, ArithmeticError) as exc:  # dateutil's Decimal can raise either
        message = str(exc)
        if "out of range" in message or "must be in" in message:
            raise DateError(f"'{text}' is not a real date ({message})") from None
        raise DateError(_UNREADABLE.format(text)) from None
    if one.year != two.year:
        raise DateError(f"'{text}' has no year; add one, as in '{stripped} 2014'")
    if one.month != two.month:
        if one.day != two.day:
            return PartialDate(one.year)
        raise DateError(f"'{text}' has a day but no month; write it as YYYY-MM-DD")
    if one.day != two.day:
        return PartialDate(one.year, one.month)
    return PartialDate(one.year, one.month, one.day)


def _ambiguous(text: str) -> bool:
    """Return whether ``text`` gives a day and a month as two small numbers, with no month
    in words to say which is which (``05-06-2014``, ``1 2 2014``, ``5-6-14``)."""
    numbers = re.findall(_NUMBERS, text)
    small = [n for n in numbers if len(n) <= 2]
    return len(numbers) == 3 and len(small) >= 2 and re.search(_MONTH_WORD, text) is None


def _refuse_numeric_forms(text: str, stripped: str) -> None:
    """Raise DateError for what dateutil would read by guessing: a day and a month that
    could be either way round, and a date in numbers only that is not ISO (``2014.05``
    would be all of 2014, ``-2014`` the year 2014). A date in numbers is ISO or nothing."""
    if _ambiguous(stripped):
        raise DateError(
            f"'{text}' could be read day-first or month-first; write it as YYYY-MM-DD, "
            "or with the month in words as in 21 May 2014"
        )
    if stripped[0] in "-+−" or not any(ch.isalpha() for ch in stripped):
        raise DateError(_UNREADABLE.format(text))


def date_bounds(
    since: str | None, until: str | None, on: str | None
) -> tuple[date | None, date | None]:
    """Return the first and last day a query keeps, from the user's --since/--until/--on.

    ``since`` keeps spans ending on or after its first day; ``until`` keeps spans starting
    on or before its last day; ``on`` is both. Refuses --on together with --since or
    --until, and a range whose start is after its end.
    """
    if on is not None:
        if since is not None or until is not None:
            raise DateError("--on cannot be combined with --since or --until; use one or the other")
        day = parse_user_date(on)
        return day.first_day, day.last_day
    lo = parse_user_date(since).first_day if since is not None else None
    hi = parse_user_date(until).last_day if until is not None else None
    if lo is not None and hi is not None and lo > hi:
        raise DateError(
            f"--since {since} is after --until {until}; the range would hold no day at all"
        )
    return lo, hi


def to_stored(text: str) -> str:
    """Return the stored form of a date a user typed, at the precision they gave.

    A stored date (``2014-05``, ``2015/2016``, ``1956~``, ``1985-04/..``) stays as it is;
    a date as people write it becomes one (``Sep 2024`` → ``2024-09``, ``21 May 2014`` →
    ``2014-05-21``), and so does each end of an interval ``START/END`` of such dates
    (``May 2014/Jun 2014`` → ``2014-05/2014-06``). Refuses what none of them reads, with
    the sentence of the form it comes closest to (DateError).
    """
    stripped = " ".join(text.split())
    try:
        return parse_stored(stripped).text
    except DateError as exc:
        stored_error = exc
    if stripped.count("/") == 1 and not re.fullmatch(_AMBIGUOUS_NUMERIC, stripped):
        head, tail = (part.strip() for part in stripped.split("/"))
        ends = [part if part == OPEN else _user_iso(part) for part in (head, tail)]
        return parse_stored("/".join(ends)).text
    if any(ch.isalpha() for ch in stripped) or _ambiguous(stripped):
        return _user_iso(stripped)
    raise stored_error


def _user_iso(text: str) -> str:
    return parse_user_date(text).iso()
