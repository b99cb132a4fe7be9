"""Partial dates with honest precision.

A stored date is ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an interval ``START/END``
of those. Every date covers a span of days, and both ends of a span are inclusive:
"2014" runs from 2014-01-01 to 2014-12-31.

This module is the only one that knows about precision. It imports python-dateutil
only when a user types a free form such as "21 May 2014", so the everyday paths
(ISO input, stored dates) never pay for it.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Literal, NamedTuple

from .errors import UsageError

Precision = Literal["year", "month", "day"]

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# ASCII digits only: \d would also take "٢٠١٤" or "２０１４" as a year.
_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
_AMBIGUOUS_NUMERIC = re.compile(r"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}", re.ASCII)


class DateError(UsageError, ValueError):
    """A date that cannot be read; the message is a sentence for the user.

    A usage error when it reaches the command line (a date the user typed); a date in a
    store is reported as a problem of the store instead."""


def days_in_month(year: int, month: int) -> int:
    """Return the number of days of a month in the proleptic Gregorian calendar."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


class PartialDate(NamedTuple):
    """A calendar date known to a year, a month or a day."""

    year: int
    month: int | None = None
    day: int | None = None

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
        """Return the ISO partial form: ``2014``, ``2014-05`` or ``2014-05-21``."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def human(self) -> str:
        """Return the form people read: ``2014``, ``May 2014`` or ``21 May 2014``."""
        if self.month is None:
            return str(self.year)
        if self.day is None:
            return f"{MONTH_ABBR[self.month - 1]} {self.year}"
        return f"{self.day} {MONTH_ABBR[self.month - 1]} {self.year}"


class DateSpan(NamedTuple):
    """A stored date: one partial date, or an interval of two, covering days start..end.

    ``start`` and ``end`` are computed once, when the span is made by ``parse_stored``,
    because every query compares them.
    """

    text: str
    first: PartialDate
    last: PartialDate
    start: date
    end: date

    @property
    def is_interval(self) -> bool:
        return self.first != self.last

    def human(self) -> str:
        """Return the date as people write it, at the precision it has.

        "2015–2016", "28–31 Oct 2013", "28 Jun – 2 Jul 1988", "Dec 2017 – 2018".
        """
        a, b = self.first, self.last
        if not self.is_interval:
            return a.human()
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


def parse_partial(text: str) -> PartialDate:
    """Return the partial date written as ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Refuses any other form, month 13, day 0 and days that do not exist (2014-02-30),
    raising DateError with a sentence that names the value.
    """
    m = _ISO.fullmatch(text)
    if m is None:
        raise DateError(f"'{text}' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
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
    return PartialDate(year, month, day)


def parse_stored(text: str) -> DateSpan:
    """Return the span of a stored date: a partial date or an interval ``START/END``.

    Refuses malformed parts and intervals whose end comes before their start.
    """
    if not isinstance(text, str):
        raise DateError(f"{text!r} is not a date string")
    head, sep, tail = text.partition("/")
    first = parse_partial(head)
    if not sep:
        return DateSpan(text, first, first, first.first_day, first.last_day)
    last = parse_partial(tail)
    start, end = first.first_day, last.last_day
    if end < start:
        raise DateError(f"'{text}' ends before it starts")
    if first == last:
        raise DateError(f"'{text}' has the same start and end; write it once")
    return DateSpan(text, first, last, start, end)


def parse_user_date(text: str) -> PartialDate:
    """Return the partial date a user typed, keeping the precision they gave.

    Accepts the ISO forms (``2013``, ``2014-05``, ``2014-05-21``) and the forms people
    write (``May 2014``, ``21 May 2014``, ``Dec 2018``), which python-dateutil reads.
    A day or month the user left out stays out: dateutil would otherwise fill it from a
    default date (dateutil issues #834 and #325), so the text is parsed against two
    different defaults and any field that differs between them was never given (both
    default years are leap years, so "29 Feb" is refused for its missing year, not its day).
    Refuses text without a year, numeric day/month forms such as 05/06/2014 (which
    people read either way round), impossible dates and unreadable text.
    """
    stripped = " ".join(text.split())
    if _ISO.fullmatch(stripped):
        return parse_partial(stripped)
    if not stripped:
        raise DateError("an empty date was given; write a year such as 2014, or 2014-05-21")
    if _AMBIGUOUS_NUMERIC.fullmatch(stripped):
        raise DateError(f"'{text}' could be read day-first or month-first; write it as YYYY-MM-DD")
    from datetime import datetime

    from dateutil import parser as du_parser

    try:
        one = du_parser.parse(stripped, default=datetime(2000, 1, 1))
        two = du_parser.parse(stripped, default=datetime(2004, 2, 2))
    except (ValueError, OverflowError) as exc:
        message = str(exc)
        if "out of range" in message or "must be in" in message:
            raise DateError(f"'{text}' is not a real date ({message})") from None
        raise DateError(
            f"'{text}' is not a date I can read; try 2014, 2014-05, 2014-05-21, "
            "May 2014 or 21 May 2014"
        ) from None
    if one.year != two.year:
        raise DateError(f"'{text}' has no year; add one, as in '{stripped} 2014'")
    if one.month != two.month:
        if one.day != two.day:
            return PartialDate(one.year)
        raise DateError(f"'{text}' has a day but no month; write it as YYYY-MM-DD")
    if one.day != two.day:
        return PartialDate(one.year, one.month)
    return PartialDate(one.year, one.month, one.day)


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
