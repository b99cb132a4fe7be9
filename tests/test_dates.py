"""Partial dates: precision, spans, user input, and the bounds a query keeps."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mnktimeline.dates import (
    DateError,
    PartialDate,
    date_bounds,
    parse_partial,
    parse_stored,
    parse_user_date,
)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("2014", date(2014, 1, 1), date(2014, 12, 31), "year"),
        ("2014-05", date(2014, 5, 1), date(2014, 5, 31), "month"),
        ("2014-02", date(2014, 2, 1), date(2014, 2, 28), "month"),
        ("2012-02", date(2012, 2, 1), date(2012, 2, 29), "month"),
        ("2000-02", date(2000, 2, 1), date(2000, 2, 29), "month"),
        ("1900-02", date(1900, 2, 1), date(1900, 2, 28), "month"),
        ("2014-04", date(2014, 4, 1), date(2014, 4, 30), "month"),
        ("2014-12", date(2014, 12, 1), date(2014, 12, 31), "month"),
        ("2014-05-21", date(2014, 5, 21), date(2014, 5, 21), "day"),
        ("2012-02-29", date(2012, 2, 29), date(2012, 2, 29), "day"),
    ],
)
def test_a_partial_date_covers_a_span_of_days(
    text: str, start: date, end: date, precision: str
) -> None:
    d = parse_partial(text)
    assert (d.first_day, d.last_day, d.precision) == (start, end, precision)
    assert d.iso() == text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2014-02-30", "Feb 2014 has 28 days"),
        ("2013-02-29", "Feb 2013 has 28 days"),
        ("1900-02-29", "Feb 1900 has 28 days"),
        ("2014-13", "month 13"),
        ("2014-00", "month 0"),
        ("2014-04-31", "Apr 2014 has 30 days"),
        ("2014-05-00", "May 2014 has 31 days"),
        ("0000", "year 0000"),
        ("14", "not a date"),
        ("2014-5-1", "not a date"),
        ("2014/05/01", "not a date"),
        ("May 2014", "not a date"),
        ("", "not a date"),
    ],
)
def test_stored_dates_refuse_what_does_not_exist(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        parse_stored(text)


def test_intervals_span_from_the_first_day_of_start_to_the_last_day_of_end() -> None:
    span = parse_stored("2015/2016")
    assert (span.start, span.end) == (date(2015, 1, 1), date(2016, 12, 31))
    span = parse_stored("2017-12/2018")
    assert (span.start, span.end) == (date(2017, 12, 1), date(2018, 12, 31))
    span = parse_stored("1988-06-28/1988-07-02")
    assert (span.start, span.end) == (date(1988, 6, 28), date(1988, 7, 2))
    assert span.is_interval


@pytest.mark.parametrize("text", ["2016/2015", "2014-05-21/2014-05-20", "2014-06/2014-05-31"])
def test_an_interval_that_ends_before_it_starts_is_refused(text: str) -> None:
    with pytest.raises(DateError, match="ends before it starts"):
        parse_stored(text)


def test_an_interval_inside_one_month_may_mix_precisions() -> None:
    # 2014-05 runs to 31 May, so an end of 2014-05-10 is before that but after the start.
    span = parse_stored("2014-05/2014-05-10")
    assert (span.start, span.end) == (date(2014, 5, 1), date(2014, 5, 10))


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2014", "2014"),
        ("2014-05", "May 2014"),
        ("2014-05-21", "21 May 2014"),
        ("2015/2016", "2015–2016"),
        ("2013-10-28/2013-10-31", "28–31 Oct 2013"),
        ("1988-06-28/1988-07-02", "28 Jun – 2 Jul 1988"),
        ("2014-03/2014-05", "Mar–May 2014"),
        ("2017-12/2018", "Dec 2017 – 2018"),
        ("2018-12-30/2019-01-02", "30 Dec 2018 – 2 Jan 2019"),
    ],
)
def test_dates_print_at_their_own_precision(text: str, human: str) -> None:
    assert parse_stored(text).human() == human


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2013", PartialDate(2013)),
        ("2014-05", PartialDate(2014, 5)),
        ("2014-05-21", PartialDate(2014, 5, 21)),
        ("May 2014", PartialDate(2014, 5)),
        ("may 2014", PartialDate(2014, 5)),
        ("21 May 2014", PartialDate(2014, 5, 21)),
        ("May 21, 2014", PartialDate(2014, 5, 21)),
        ("Dec 2018", PartialDate(2018, 12)),
        ("December 2018", PartialDate(2018, 12)),
        ("  Dec   2018 ", PartialDate(2018, 12)),
        ("29 Feb 2012", PartialDate(2012, 2, 29)),
        ("31 Dec 2018", PartialDate(2018, 12, 31)),
    ],
)
def test_users_may_type_iso_and_written_forms(text: str, expected: PartialDate) -> None:
    assert parse_user_date(text) == expected


def test_a_missing_day_or_month_is_never_filled_in_from_today() -> None:
    # dateutil fills missing fields from a default (today) unless told otherwise.
    assert parse_user_date("Dec 2018").day is None
    assert parse_user_date("Dec 2018").last_day == date(2018, 12, 31)
    assert parse_user_date("2018").month is None


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2014-02-30", "Feb 2014 has 28 days"),
        ("30 Feb 2014", "not a real date"),
        ("29 Feb 2013", "not a real date"),
        ("not-a-date", "not a date I can read"),
        ("May", "has no year"),
        ("21 May", "has no year"),
        ("05/06/2014", "day-first or month-first"),
        ("", "empty date"),
        ("   ", "empty date"),
        # Found by the fuzzer: dateutil's Decimal raised InvalidOperation on it.
        ("1" + "3" * 66 + "95M4", "not a date I can read"),
    ],
)
def test_impossible_and_unreadable_user_dates_are_refused(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=fragment):
        parse_user_date(text)


AMBIGUOUS = (
    "could be read day-first or month-first; write it as YYYY-MM-DD, "
    "or with the month in words as in 21 May 2014"
)
UNREADABLE = "is not a date I can read; try 2014, 2014-05, 2014-05-21, May 2014 or 21 May 2014"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("05-06-2014", f"'05-06-2014' {AMBIGUOUS}"),
        ("05 06 2014", f"'05 06 2014' {AMBIGUOUS}"),
        ("5-6-14", f"'5-6-14' {AMBIGUOUS}"),
        ("1 2 2014", f"'1 2 2014' {AMBIGUOUS}"),
        ("1 2 2014 AD", f"'1 2 2014 AD' {AMBIGUOUS}"),
        ("05/06/2014", f"'05/06/2014' {AMBIGUOUS}"),
        ("5.6.2014", f"'5.6.2014' {AMBIGUOUS}"),
        ("2014.05", f"'2014.05' {UNREADABLE}"),
        ("2014/05", f"'2014/05' {UNREADABLE}"),
        ("2014-5", f"'2014-5' {UNREADABLE}"),
        ("12 2014", f"'12 2014' {UNREADABLE}"),
        ("20140521", f"'20140521' {UNREADABLE}"),
        ("-2014", f"'-2014' {UNREADABLE}"),
        ("+2014", f"'+2014' {UNREADABLE}"),
        ("−2014", f"'−2014' {UNREADABLE}"),
        ("-2014 AD", f"'-2014 AD' {UNREADABLE}"),
        ("soon", f"'soon' {UNREADABLE}"),
        ("May", "'May' has no year; add one, as in 'May 2014'"),
        ("2014-02-30", "'2014-02-30' does not exist: Feb 2014 has 28 days"),
        ("2014-13", "'2014-13' has month 13; months run from 01 to 12"),
        ("0000", "'0000' has year 0000; years start at 0001"),
        ("", "an empty date was given; write a year such as 2014, or 2014-05-21"),
    ],
)
def test_dates_the_docs_refuse_get_one_exact_sentence(text: str, message: str) -> None:
    with pytest.raises(DateError) as info:
        parse_user_date(text)
    assert str(info.value) == message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2014 AD", PartialDate(2014)),
        ("AD 2014", PartialDate(2014)),
        ("0001", PartialDate(1)),
        ("9999-12-31", PartialDate(9999, 12, 31)),
        ("29 Feb 2000", PartialDate(2000, 2, 29)),
        ("2014 May 21", PartialDate(2014, 5, 21)),
        ("June 5 2014", PartialDate(2014, 6, 5)),
        ("Sept 2014", PartialDate(2014, 9)),
    ],
)
def test_free_forms_keep_the_precision_they_give(text: str, expected: PartialDate) -> None:
    assert parse_user_date(text) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("05-06-2014", f"'05-06-2014' {AMBIGUOUS}"),
        ("1 2 2014", f"'1 2 2014' {AMBIGUOUS}"),
        (
            "2014.05",
            "'2014.05' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (each may end in ~, ? or %)",
        ),
        (
            "-2014",
            "'-2014' is not a date; write YYYY, YYYY-MM or YYYY-MM-DD (each may end in ~, ? or %)",
        ),
    ],
)
def test_the_same_dates_cannot_be_stored(typed: str, message: str) -> None:
    from mnktimeline.dates import to_stored

    with pytest.raises(DateError) as info:
        to_stored(typed)
    assert str(info.value) == message


def test_since_until_and_on_give_inclusive_day_bounds() -> None:
    assert date_bounds("2013", None, None) == (date(2013, 1, 1), None)
    assert date_bounds(None, "2018", None) == (None, date(2018, 12, 31))
    assert date_bounds(None, "Feb 2016", None) == (None, date(2016, 2, 29))
    assert date_bounds(None, None, "May 2014") == (date(2014, 5, 1), date(2014, 5, 31))
    assert date_bounds("2014", "2014", None) == (date(2014, 1, 1), date(2014, 12, 31))


def test_a_range_that_starts_after_it_ends_is_refused() -> None:
    with pytest.raises(DateError, match="after --until"):
        date_bounds("2019", "2018", None)
    with pytest.raises(DateError, match="cannot be combined"):
        date_bounds("2019", None, "2018")


@given(st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
def test_every_real_day_round_trips(day: date) -> None:
    text = day.isoformat()
    assert parse_partial(text).first_day == day
    assert parse_user_date(text) == PartialDate(day.year, day.month, day.day)


@given(st.text(max_size=40))
def test_any_text_either_parses_or_raises_a_date_error(text: str) -> None:
    try:
        result = parse_user_date(text)
    except DateError as exc:
        assert str(exc)
    else:
        assert result.first_day <= result.last_day


# --- qualifiers and open ends (EDTF level 1) ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "human", "start", "end", "approximate", "uncertain"),
    [
        ("1956~", "c. 1956", "1956-01-01", "1956-12-31", True, False),
        ("2004-12-21?", "21 Dec 2004?", "2004-12-21", "2004-12-21", False, True),
        ("2004-12-21?/2004-12-23?", "21–23 Dec 2004?", "2004-12-21", "2004-12-23", False, True),
        ("1956%", "c. 1956?", "1956-01-01", "1956-12-31", True, True),
        ("2015~/2016", "c. 2015 – 2016", "2015-01-01", "2016-12-31", True, False),
        ("1985-04/..", "from Apr 1985", "1985-04-01", "1985-04-30", False, False),
        ("../1985", "until 1985", "1985-01-01", "1985-12-31", False, False),
    ],
)
def test_qualifiers_change_what_is_shown_never_the_span(
    text: str, human: str, start: str, end: str, approximate: bool, uncertain: bool
) -> None:
    span = parse_stored(text)
    assert span.human() == human
    assert (span.start.isoformat(), span.end.isoformat()) == (start, end)
    assert (span.approximate, span.uncertain) == (approximate, uncertain)
    assert span.text == text


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("2014-02-30?", "does not exist: Feb 2014 has 28 days"),
        ("2014~~", "is not a date"),
        ("~2014", "is not a date"),
        ("../..", "open at both ends"),
        ("2016?/2015", "ends before it starts"),
    ],
)
def test_a_qualifier_does_not_excuse_an_impossible_date(text: str, fragment: str) -> None:
    with pytest.raises(DateError, match=re.escape(fragment)):
        parse_stored(text)


def test_a_store_of_format_1_knows_no_qualifiers() -> None:
    with pytest.raises(DateError, match=r"is not a date; write YYYY, YYYY-MM or YYYY-MM-DD$"):
        parse_stored("1956~", qualified=False)
    assert parse_stored("1956", qualified=False).human() == "1956"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Sep 2024", "2024-09"),
        ("21 May 2014", "2014-05-21"),
        ("2014", "2014"),
        ("  2014-05 ", "2014-05"),
        ("2015/2016", "2015/2016"),
        ("1956~", "1956~"),
        ("1985-04/..", "1985-04/.."),
        ("May 2014/Jun 2014", "2014-05/2014-06"),
        ("Dec 2017 / 2018", "2017-12/2018"),
    ],
)
def test_dates_typed_as_the_filters_take_them_are_stored_at_their_precision(
    typed: str, stored: str
) -> None:
    from mnktimeline.dates import to_stored

    assert to_stored(typed) == stored


@pytest.mark.parametrize(
    ("typed", "fragment"),
    [
        ("05/06/2014", "could be read day-first or month-first"),
        ("2014-13", "has month 13"),
        ("31 Feb 2014", "is not a real date"),
        ("June", "has no year"),
        ("2016/2015", "ends before it starts"),
        ("soon", "is not a date I can read"),
    ],
)
def test_dates_that_cannot_be_stored(typed: str, fragment: str) -> None:
    from mnktimeline.dates import to_stored

    with pytest.raises(DateError, match=fragment):
        to_stored(typed)
