"""Board cadences as RRULEs (core/cadence.py). No Qt.

Expected dates are from the calendar (checked with the standard library's datetime, not dateutil):
    third Tuesday:  17 Nov 2026, 15 Dec 2026, 19 Jan 2027, 16 Feb 2027, 16 Mar 2027, 20 Apr 2027
    second Thursday: 10 Dec 2026, 11 Mar 2027, 10 Jun 2027, 9 Sep 2027
    last Friday:    27 Nov 2026, 25 Dec 2026 (Christmas Day), 29 Jan 2027, 26 Feb 2027
    first Monday:   7 Dec 2026, 4 Jan 2027, 1 Feb 2027
"""

from __future__ import annotations

from datetime import date

import pytest

from bluelight_desktop.core.cadence import (
    Cadence,
    CadenceError,
    cadence_dates,
    describe_cadence,
    parse_cadence,
)

THIRD_TUESDAY = "FREQ=MONTHLY;BYDAY=+3TU"
QUARTERLY_SECOND_THURSDAY = "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=+2TH"


def test_rule_of_a_cadence() -> None:
    assert Cadence(weekday=1, week=3).rule == THIRD_TUESDAY
    assert Cadence(weekday=3, week=2, months=(3, 6, 9, 12)).rule == QUARTERLY_SECOND_THURSDAY
    assert Cadence(weekday=4, week=-1).rule == "FREQ=MONTHLY;BYDAY=-1FR"
    assert Cadence(weekday=0, week=1, months=(7, 1)).rule == "FREQ=MONTHLY;BYMONTH=1,7;BYDAY=+1MO"


@pytest.mark.parametrize(
    "cadence",
    [
        Cadence(weekday=1, week=3),
        Cadence(weekday=3, week=2, months=(3, 6, 9, 12)),
        Cadence(weekday=4, week=-1),
        Cadence(weekday=0, week=1, months=(1, 7)),
        Cadence(weekday=6, week=4, months=(11,)),
        # Months given out of order or twice read back the same, and all twelve are every month.
        Cadence(weekday=2, week=2, months=(12, 3, 3, 9, 6)),
        Cadence(weekday=2, week=2, months=tuple(range(1, 13))),
    ],
)
def test_rule_round_trip(cadence: Cadence) -> None:
    assert parse_cadence(cadence.rule) == cadence
    assert parse_cadence(cadence.rule).rule == cadence.rule  # type: ignore[union-attr]


def test_months_have_one_spelling() -> None:
    assert Cadence(2, 2, (12, 3, 3, 9, 6)).months == (3, 6, 9, 12)
    assert Cadence(2, 2, tuple(range(1, 13))) == Cadence(2, 2)


def test_parse_reads_nth_and_last_weekday() -> None:
    assert parse_cadence(THIRD_TUESDAY) == Cadence(weekday=1, week=3)
    assert parse_cadence("FREQ=MONTHLY;BYDAY=-1FR") == Cadence(weekday=4, week=-1)
    assert parse_cadence(QUARTERLY_SECOND_THURSDAY) == Cadence(weekday=3, week=2, months=(3, 6, 9, 12))
    # The spellings a calendar file may use: lower case, no sign, a RRULE: prefix, INTERVAL=1, WKST.
    assert parse_cadence("freq=monthly;byday=+3tu") == Cadence(1, 3)
    assert parse_cadence("FREQ=MONTHLY;BYDAY=3TU") == Cadence(1, 3)
    assert parse_cadence("RRULE:FREQ=MONTHLY;BYDAY=+3TU") == Cadence(1, 3)
    assert parse_cadence("FREQ=MONTHLY;INTERVAL=1;BYDAY=+3TU;WKST=MO") == Cadence(1, 3)
    assert parse_cadence("  FREQ=MONTHLY;BYDAY=+3TU  ") == Cadence(1, 3)


@pytest.mark.parametrize("rule", ["", "   ", "monthly", "Monthly", "quarterly", "Every third Tuesday"])
def test_no_rule_or_a_legacy_word_is_no_cadence(rule: str) -> None:
    assert parse_cadence(rule) is None
    assert cadence_dates(rule, date(2026, 11, 21), date(2027, 11, 21)) == []


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=FORTNIGHTLY",  # not a frequency
        "FREQ=",
        "FREQ=MONTHLY;BYDAY=+3XX",  # not a weekday
        "FREQ=MONTHLY;BYDAY=+0TU",
        "FREQ=MONTHLY;BYDAY=+3TU;FOO=1",  # not an RRULE part
        "FREQ=WEEKLY;BYDAY=TU",  # not monthly
        "FREQ=MONTHLY;BYDAY=TU",  # every Tuesday of the month, not the nth
        "FREQ=MONTHLY;BYDAY=+5TU",  # the fifth Tuesday: most months have none
        "FREQ=MONTHLY;BYDAY=-2FR",  # second to last
        "FREQ=MONTHLY;BYDAY=+3TU;BYMONTH=13",
        "FREQ=MONTHLY;BYSETPOS=3;BYDAY=TU",
        # Parts that change the dates and that a Cadence cannot hold: reading the rule without them would plan
        # meetings on the wrong dates, so they are refused rather than dropped.
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=+3TU",
        "FREQ=MONTHLY;BYDAY=+1TU,+3TU",
        "FREQ=MONTHLY;BYDAY=TU,+3TU",
        "FREQ=MONTHLY;BYDAY=+3TU;COUNT=3",
        "FREQ=MONTHLY;BYDAY=+3TU;UNTIL=20270101",
        "FREQ=MONTHLY;BYDAY=+3TU;BYMONTHDAY=15",
        "DTSTART:20260101\nRRULE:FREQ=MONTHLY;BYDAY=+3TU",
    ],
)
def test_rules_the_app_cannot_follow_raise(rule: str) -> None:
    with pytest.raises(CadenceError, match="cadence"):
        parse_cadence(rule)
    with pytest.raises(CadenceError):
        cadence_dates(rule, date(2026, 11, 21), date(2027, 11, 21))
    assert describe_cadence(rule) == "Cadence cannot be read"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weekday": 7, "week": 1}, "day of the week"),
        ({"weekday": -1, "week": 1}, "day of the week"),
        ({"weekday": 1, "week": 0}, "which week"),
        ({"weekday": 1, "week": 5}, "which week"),
        ({"weekday": 1, "week": -2}, "which week"),
        ({"weekday": 1, "week": 3, "months": (0,)}, "January to December"),
        ({"weekday": 1, "week": 3, "months": (13,)}, "January to December"),
    ],
)
def test_an_impossible_cadence_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(CadenceError, match=message):
        Cadence(**kwargs)  # type: ignore[arg-type]


def test_cadence_error_is_a_value_error() -> None:
    # Callers that guard input with `except ValueError` catch it too.
    assert issubclass(CadenceError, ValueError)


def test_describe() -> None:
    assert Cadence(1, 3).describe() == "Monthly on the third Tuesday"
    assert Cadence(4, -1).describe() == "Monthly on the last Friday"
    assert Cadence(0, 1).describe() == "Monthly on the first Monday"
    assert Cadence(2, 4).describe() == "Monthly on the fourth Wednesday"
    assert Cadence(3, 2, (3, 6, 9, 12)).describe() == (
        "Quarterly (March, June, September, December) on the second Thursday"
    )
    assert Cadence(3, 2, (1, 4, 7, 10)).describe() == "Quarterly (January, April, July, October) on the second Thursday"
    # Four months that are not three apart are not quarterly.
    assert Cadence(3, 2, (1, 2, 3, 4)).describe() == "In January, February, March, April, on the second Thursday"
    assert Cadence(0, 1, (1, 7)).describe() == "In January, July, on the first Monday"
    assert Cadence(6, 1, (11,)).describe() == "In November, on the first Sunday"
    assert Cadence(1, 3, tuple(range(1, 13))).describe() == "Monthly on the third Tuesday"


def test_describe_cadence_of_stored_text() -> None:
    assert describe_cadence(THIRD_TUESDAY) == "Monthly on the third Tuesday"
    assert describe_cadence(QUARTERLY_SECOND_THURSDAY) == (
        "Quarterly (March, June, September, December) on the second Thursday"
    )
    assert describe_cadence("") == "No regular cadence"
    assert describe_cadence("   ") == "No regular cadence"
    assert describe_cadence("monthly") == "No regular cadence (monthly)"
    assert describe_cadence("FREQ=WEEKLY;BYDAY=TU") == "Cadence cannot be read"


def test_dates_of_the_third_tuesday() -> None:
    # From Sat 21 Nov 2026: 17 Nov has gone.
    assert cadence_dates(THIRD_TUESDAY, date(2026, 11, 21), date(2027, 4, 30)) == [
        date(2026, 12, 15),
        date(2027, 1, 19),
        date(2027, 2, 16),
        date(2027, 3, 16),
        date(2027, 4, 20),
    ]


def test_dates_include_both_ends() -> None:
    assert cadence_dates(THIRD_TUESDAY, date(2026, 12, 15), date(2027, 1, 19)) == [
        date(2026, 12, 15),
        date(2027, 1, 19),
    ]
    assert cadence_dates(THIRD_TUESDAY, date(2026, 12, 16), date(2027, 1, 18)) == []
    assert cadence_dates(THIRD_TUESDAY, date(2026, 12, 15), date(2026, 12, 15)) == [date(2026, 12, 15)]


def test_dates_when_the_end_is_before_the_start() -> None:
    assert cadence_dates(THIRD_TUESDAY, date(2027, 1, 1), date(2026, 1, 1)) == []


def test_dates_of_quarterly_months() -> None:
    assert cadence_dates(QUARTERLY_SECOND_THURSDAY, date(2026, 11, 21), date(2027, 11, 21)) == [
        date(2026, 12, 10),
        date(2027, 3, 11),
        date(2027, 6, 10),
        date(2027, 9, 9),
    ]


def test_dates_of_the_last_weekday() -> None:
    # The last Friday of December 2026 is Christmas Day: the cadence gives it anyway (meeting_clash warns).
    assert cadence_dates("FREQ=MONTHLY;BYDAY=-1FR", date(2026, 11, 1), date(2027, 2, 28)) == [
        date(2026, 11, 27),
        date(2026, 12, 25),
        date(2027, 1, 29),
        date(2027, 2, 26),
    ]


def test_dates_of_the_first_monday_across_a_year_end() -> None:
    assert cadence_dates(Cadence(0, 1).rule, date(2026, 12, 1), date(2027, 2, 1)) == [
        date(2026, 12, 7),
        date(2027, 1, 4),
        date(2027, 2, 1),
    ]
