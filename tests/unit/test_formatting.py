"""UK dates and money as the app shows them (DESIGN.md: dates like 21 Nov 2026, money like £1.06m or
£430,000). Pure domain, no Qt."""

from __future__ import annotations

from datetime import date

import pytest

from bluelight_desktop.core.formatting import financial_year, format_date, format_pounds, format_pounds_short


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (date(2026, 11, 21), "21 Nov 2026"),
        (date(2026, 1, 5), "5 Jan 2026"),  # no leading zero on the day
        (date(2027, 3, 31), "31 Mar 2027"),
        (date(2024, 2, 29), "29 Feb 2024"),
        (None, ""),
    ],
)
def test_format_date(value: date | None, text: str) -> None:
    assert format_date(value) == text


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (43_000_000, "£430,000"),
        (106_000_000, "£1,060,000"),
        (0, "£0"),
        (99, "£1"),  # rounded to whole pounds
        (149, "£1"),
        (-43_000_000, "-£430,000"),
        (None, ""),
    ],
)
def test_format_pounds(pence: int | None, text: str) -> None:
    assert format_pounds(pence) == text


def test_format_pounds_rounds_half_pounds_up() -> None:
    assert format_pounds(350) == "£4"
    assert format_pounds(250) == "£3"


@pytest.mark.parametrize(
    ("pence", "text"),
    [
        (106_000_000, "£1.06m"),
        (100_000_000, "£1m"),
        (250_000_000, "£2.50m"),
        (43_000_000, "£430k"),
        (1_000_000, "£10k"),
        (950_000, "£9,500"),
        (95_000, "£950"),
        (0, "£0"),
        (-106_000_000, "-£1.06m"),
        (-43_000_000, "-£430k"),
    ],
)
def test_format_pounds_short(pence: int, text: str) -> None:
    assert format_pounds_short(pence) == text


def test_format_pounds_short_never_shows_a_thousand_k() -> None:
    assert format_pounds_short(99_990_000) == "£1m"


@pytest.mark.parametrize(
    ("value", "year"),
    [
        (date(2026, 4, 1), "2026/27"),  # the year starts on 1 April
        (date(2026, 3, 31), "2025/26"),
        (date(2027, 3, 31), "2026/27"),
        (date(2026, 12, 25), "2026/27"),
        (date(1999, 6, 1), "1999/00"),  # the century rolls over with two digits
        (date(2009, 1, 1), "2008/09"),
    ],
)
def test_financial_year_runs_april_to_march(value: date, year: str) -> None:
    assert financial_year(value) == year
