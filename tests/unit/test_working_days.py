"""Working days and paper deadlines (core/working_days.py). No Qt.

Every expected date below was worked out by hand from the calendar and the nation's bank holidays, then checked
against a brute-force count over the `holidays` package (latest working day P with at least N working days
strictly between P and the meeting). The holidays the cases cross:

    England 2026: Good Friday Fri 3 Apr, Easter Monday Mon 6 Apr, early May Mon 4 May, spring Mon 25 May,
                  Christmas Fri 25 Dec, Boxing Day Sat 26 Dec (observed Mon 28 Dec)
    England 2027: New Year Fri 1 Jan, Good Friday Fri 26 Mar, Easter Monday Mon 29 Mar, early May Mon 3 May,
                  spring Mon 31 May
    Scotland:     the same less Easter Monday, plus St Andrew's Day Mon 30 Nov 2026 and the 2 January holiday,
                  a Saturday in 2027, observed Mon 4 Jan 2027
"""

from __future__ import annotations

from datetime import date

import pytest

from bluelight_desktop.core.model import Nation
from bluelight_desktop.core.working_days import WorkingCalendar

ENG = WorkingCalendar(Nation.ENGLAND)
SCT = WorkingCalendar(Nation.SCOTLAND)


def test_an_ordinary_week() -> None:
    # Tue 15 Dec 2026. Clear days: Mon 14, Fri 11, Thu 10, Wed 9, Tue 8 -> publish Mon 7 Dec.
    assert ENG.paper_deadline(date(2026, 12, 15), 5) == date(2026, 12, 7)
    assert SCT.paper_deadline(date(2026, 12, 15), 5) == date(2026, 12, 7)


@pytest.mark.parametrize(
    ("calendar", "expected"),
    [
        # Tue 5 Jan 2027. England: clear Mon 4 Jan, Thu 31, Wed 30, Tue 29, Thu 24 Dec (Fri 1 Jan New Year,
        # Mon 28 Dec Boxing Day observed, Fri 25 Christmas skipped) -> publish Wed 23 Dec 2026.
        (ENG, date(2026, 12, 23)),
        # Scotland: Mon 4 Jan is the 2 January holiday observed, so clear Thu 31, Wed 30, Tue 29, Thu 24, Wed 23
        # -> publish Tue 22 Dec 2026.
        (SCT, date(2026, 12, 22)),
    ],
    ids=["England", "Scotland"],
)
def test_christmas_and_new_year(calendar: WorkingCalendar, expected: date) -> None:
    assert calendar.paper_deadline(date(2027, 1, 5), 5) == expected


@pytest.mark.parametrize(
    ("calendar", "meeting", "expected"),
    [
        # Thu 9 Apr 2026. England: clear Wed 8, Tue 7, (Mon 6 Easter Monday, Fri 3 Good Friday), Thu 2, Wed 1 Apr,
        # Tue 31 Mar -> publish Mon 30 Mar 2026.
        (ENG, date(2026, 4, 9), date(2026, 3, 30)),
        # Scotland keeps Easter Monday as a working day: clear Wed 8, Tue 7, Mon 6, Thu 2, Wed 1 -> Tue 31 Mar.
        (SCT, date(2026, 4, 9), date(2026, 3, 31)),
        # Thu 1 Apr 2027. England: clear Wed 31, Tue 30, (Mon 29 Easter Monday, Fri 26 Good Friday), Thu 25,
        # Wed 24, Tue 23 -> publish Mon 22 Mar 2027.
        (ENG, date(2027, 4, 1), date(2027, 3, 22)),
        # Scotland: clear Wed 31, Tue 30, Mon 29, Thu 25, Wed 24 -> publish Tue 23 Mar 2027.
        (SCT, date(2027, 4, 1), date(2027, 3, 23)),
    ],
    ids=["2026-England", "2026-Scotland", "2027-England", "2027-Scotland"],
)
def test_easter(calendar: WorkingCalendar, meeting: date, expected: date) -> None:
    assert calendar.paper_deadline(meeting, 5) == expected


@pytest.mark.parametrize("calendar", [ENG, SCT], ids=["England", "Scotland"])
@pytest.mark.parametrize(
    ("meeting", "expected"),
    [
        # Tue 12 May 2026: clear Mon 11, Fri 8, Thu 7, Wed 6, Tue 5. The day before is Mon 4 May, the early May
        # bank holiday, so publication itself falls back over the weekend to Fri 1 May 2026.
        (date(2026, 5, 12), date(2026, 5, 1)),
        # Thu 28 May 2026: clear Wed 27, Tue 26, (Mon 25 spring bank holiday), Fri 22, Thu 21, Wed 20 -> Tue 19 May.
        (date(2026, 5, 28), date(2026, 5, 19)),
        # Mon 10 May 2027 (a Monday meeting): clear Fri 7, Thu 6, Wed 5, Tue 4, (Mon 3 early May), Fri 30 Apr
        # -> publish Thu 29 Apr 2027.
        (date(2027, 5, 10), date(2027, 4, 29)),
        # Wed 2 Jun 2027: clear Tue 1 Jun, (Mon 31 May spring), Fri 28, Thu 27, Wed 26, Tue 25 -> Mon 24 May 2027.
        (date(2027, 6, 2), date(2027, 5, 24)),
    ],
    ids=["early-May-2026", "spring-2026", "early-May-2027", "spring-2027"],
)
def test_may_bank_holidays(calendar: WorkingCalendar, meeting: date, expected: date) -> None:
    assert calendar.paper_deadline(meeting, 5) == expected


def test_a_meeting_on_a_monday() -> None:
    # Mon 14 Dec 2026: clear Fri 11, Thu 10, Wed 9, Tue 8, Mon 7 -> publish Fri 4 Dec (the weekend is skipped).
    assert ENG.paper_deadline(date(2026, 12, 14), 5) == date(2026, 12, 4)
    # Mon 4 Jan 2027: clear Thu 31, Wed 30, Tue 29, Thu 24, Wed 23 -> Tue 22 Dec 2026 in both nations (the
    # meeting day itself never counts, so Scotland's holiday on 4 Jan changes nothing).
    assert ENG.paper_deadline(date(2027, 1, 4), 5) == date(2026, 12, 22)
    assert SCT.paper_deadline(date(2027, 1, 4), 5) == date(2026, 12, 22)


def test_closure_days_are_skipped() -> None:
    # A closure on Thu 10 Dec: clear Mon 14, Fri 11, Wed 9, Tue 8, Mon 7 -> publish Fri 4 Dec.
    closed = WorkingCalendar(Nation.ENGLAND, [date(2026, 12, 10)])
    assert closed.paper_deadline(date(2026, 12, 15), 5) == date(2026, 12, 4)
    # A closure on the day papers would go out (Mon 7 Dec): clear days unchanged, publish Fri 4 Dec.
    closed = WorkingCalendar(Nation.ENGLAND, [date(2026, 12, 7)])
    assert closed.paper_deadline(date(2026, 12, 15), 5) == date(2026, 12, 4)
    # The shared-services shutdown 29 to 31 Dec 2026, meeting Tue 5 Jan 2027: clear Mon 4 Jan, Thu 24, Wed 23,
    # Tue 22, Mon 21 Dec -> publish Fri 18 Dec 2026.
    shutdown = WorkingCalendar(Nation.ENGLAND, [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)])
    assert shutdown.paper_deadline(date(2027, 1, 5), 5) == date(2026, 12, 18)


def test_closures_can_be_any_iterable() -> None:
    closed = WorkingCalendar(Nation.ENGLAND, (d for d in [date(2026, 12, 10)]))
    assert closed.closures == frozenset({date(2026, 12, 10)})
    assert not closed.is_working_day(date(2026, 12, 10))


def test_lead_time_zero_is_the_working_day_before() -> None:
    # No clear days: papers go out on the last working day before the meeting.
    assert ENG.paper_deadline(date(2026, 12, 15), 0) == date(2026, 12, 14)  # Tue -> Mon
    assert ENG.paper_deadline(date(2026, 12, 14), 0) == date(2026, 12, 11)  # Mon -> Fri
    # Tue 29 Dec 2026: Mon 28 is Boxing Day observed, the weekend and Fri 25 Christmas -> Thu 24 Dec.
    assert ENG.paper_deadline(date(2026, 12, 29), 0) == date(2026, 12, 24)


@pytest.mark.parametrize(
    ("calendar", "meeting", "expected"),
    [
        # Tue 15 Dec 2026, 10 clear: 14, 11, 10, 9, 8, 7, 4, 3, 2, 1 Dec -> publish Mon 30 Nov 2026 in England ...
        (ENG, date(2026, 12, 15), date(2026, 11, 30)),
        # ... but Mon 30 Nov is St Andrew's Day in Scotland -> Fri 27 Nov 2026.
        (SCT, date(2026, 12, 15), date(2026, 11, 27)),
        # Tue 12 Jan 2027, 10 clear. England: 11, 8, 7, 6, 5, 4 Jan, 31, 30, 29, 24 Dec -> Wed 23 Dec 2026.
        (ENG, date(2027, 1, 12), date(2026, 12, 23)),
        # Scotland (no 4 Jan): 11, 8, 7, 6, 5 Jan, 31, 30, 29, 24, 23 Dec -> Tue 22 Dec 2026.
        (SCT, date(2027, 1, 12), date(2026, 12, 22)),
    ],
    ids=["Dec-England", "Dec-Scotland", "Jan-England", "Jan-Scotland"],
)
def test_lead_time_ten(calendar: WorkingCalendar, meeting: date, expected: date) -> None:
    assert calendar.paper_deadline(meeting, 10) == expected


def test_the_deadline_leaves_exactly_the_clear_days() -> None:
    # Whatever the calendar, publication is a working day and exactly `lead` working days lie strictly between
    # it and the meeting (so no later working day would leave enough).
    for calendar in (ENG, SCT, WorkingCalendar(Nation.ENGLAND, [date(2026, 12, 29), date(2026, 12, 30)])):
        for meeting in (date(2026, 12, 15), date(2027, 1, 4), date(2027, 1, 5), date(2026, 4, 9), date(2027, 4, 1)):
            for lead in (0, 1, 5, 10):
                deadline = calendar.paper_deadline(meeting, lead)
                assert calendar.is_working_day(deadline)
                # working_days_between counts (deadline, meeting]; the meeting day itself is not a clear day.
                between = calendar.working_days_between(deadline, meeting) - calendar.is_working_day(meeting)
                assert between == lead, (calendar.nation, meeting, lead)


def test_negative_lead_time_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        ENG.paper_deadline(date(2026, 12, 15), -1)


def test_why_closed_names_the_reason() -> None:
    assert ENG.why_closed(date(2026, 12, 19)) == "Saturday"
    assert ENG.why_closed(date(2026, 12, 20)) == "Sunday"
    assert ENG.why_closed(date(2026, 12, 25)) == "Christmas Day"
    assert ENG.why_closed(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert ENG.why_closed(date(2026, 4, 6)) == "Easter Monday"
    assert SCT.why_closed(date(2026, 4, 6)) is None
    assert ENG.why_closed(date(2027, 1, 4)) is None
    assert SCT.why_closed(date(2027, 1, 4)) == "New Year Holiday (observed)"
    assert SCT.why_closed(date(2026, 11, 30)) == "Saint Andrew's Day"
    assert ENG.why_closed(date(2026, 12, 15)) is None
    closed = WorkingCalendar(Nation.ENGLAND, [date(2026, 12, 29), date(2026, 12, 28)])
    assert closed.why_closed(date(2026, 12, 29)) == "Closure day"
    # A bank holiday that is also a closure day is named as the bank holiday.
    assert closed.why_closed(date(2026, 12, 28)) == "Boxing Day (observed)"
    assert ENG.bank_holiday(date(2027, 3, 26)) == "Good Friday"
    assert ENG.bank_holiday(date(2027, 3, 25)) is None


def test_wales_and_northern_ireland_have_their_own_holidays() -> None:
    wales = WorkingCalendar(Nation.WALES)
    northern_ireland = WorkingCalendar(Nation.NORTHERN_IRELAND)
    assert wales.why_closed(date(2026, 4, 6)) == "Easter Monday"
    # St Patrick's Day, Tue 17 Mar 2026, is a bank holiday in Northern Ireland only.
    assert northern_ireland.bank_holiday(date(2026, 3, 17)) is not None
    assert ENG.bank_holiday(date(2026, 3, 17)) is None


def test_working_days_between() -> None:
    # After Fri 18 Dec 2026 up to and including Tue 5 Jan 2027. England: 21, 22, 23, 24, 29, 30, 31 Dec, 4, 5 Jan.
    assert ENG.working_days_between(date(2026, 12, 18), date(2027, 1, 5)) == 9
    assert SCT.working_days_between(date(2026, 12, 18), date(2027, 1, 5)) == 8  # less Mon 4 Jan
    assert ENG.working_days_between(date(2026, 12, 15), date(2026, 12, 15)) == 0
    assert ENG.working_days_between(date(2026, 12, 16), date(2026, 12, 15)) == 0
    # From a Friday to the Monday after: one working day.
    assert ENG.working_days_between(date(2026, 12, 11), date(2026, 12, 14)) == 1
