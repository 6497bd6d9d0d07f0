"""Working days and paper deadlines.

Papers are published a number of *clear* working days before a meeting: neither the day of publication nor the
day of the meeting counts, and weekends, the nation's bank holidays (from the `holidays` package, which follows
the UK government's announcements, one-off days included) and the register's own closure days are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from .model import Nation


@lru_cache(maxsize=64)
def _bank_holidays(nation: Nation, year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("GB", subdiv=nation.value, years=year).items())


class WorkingCalendar:
    """The working days of one nation, less the register's closure days."""

    def __init__(self, nation: Nation, closures: Iterable[date] = ()) -> None:
        self.nation = nation
        self.closures = frozenset(closures)

    def bank_holiday(self, day: date) -> str | None:
        """The bank holiday's name, or None."""
        return _bank_holidays(self.nation, day.year).get(day)

    def why_closed(self, day: date) -> str | None:
        """Why `day` is not a working day ("Saturday", "Christmas Day", "Closure day"), or None if it is one."""
        if day.weekday() >= 5:
            return day.strftime("%A")
        holiday = self.bank_holiday(day)
        if holiday:
            return holiday
        if day in self.closures:
            return "Closure day"
        return None

    def is_working_day(self, day: date) -> bool:
        return self.why_closed(day) is None

    def paper_deadline(self, meeting_day: date, clear_days: int) -> date:
        """The last working day on which papers can be published and still leave `clear_days` whole working
        days before the meeting."""
        if clear_days < 0:
            raise ValueError("clear_days cannot be negative")
        day = meeting_day
        counted = 0
        while counted < clear_days:
            day -= timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        day -= timedelta(days=1)
        while not self.is_working_day(day):  # publication itself happens on a working day
            day -= timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end is not after start)."""
        count = 0
        day = start
        while day < end:
            day += timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count
