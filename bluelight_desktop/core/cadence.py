"""When a board meets: its cadence as an iCalendar RRULE, read and expanded by python-dateutil.

A cadence is stored as the RRULE text itself (FREQ=MONTHLY;BYDAY=+3TU), so a calendar file can carry it and
dateutil does the recurrence. The app offers the shapes boards use: every month, or in chosen months, on the
nth (or last) weekday of the month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.rrule import MONTHLY, rrule, rrulestr, weekday

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
ORDINALS = {1: "first", 2: "second", 3: "third", 4: "fourth", -1: "last"}
MONTH_NAMES = ("January February March April May June July August September October November December").split()
QUARTERLY = (3, 6, 9, 12)


class CadenceError(ValueError):
    """A cadence the app cannot use, in plain words."""


@dataclass(frozen=True)
class Cadence:
    """The nth weekday of every month, or of chosen months. week: 1-4, or -1 for the last."""

    weekday: int  # 0 Monday ... 6 Sunday
    week: int
    months: tuple[int, ...] = ()  # empty: every month

    def __post_init__(self) -> None:
        if self.weekday not in range(7):
            raise CadenceError("Choose the day of the week the board meets on.")
        if self.week not in ORDINALS:
            raise CadenceError("Choose which week of the month: first to fourth, or last.")
        if any(m not in range(1, 13) for m in self.months):
            raise CadenceError("Months run from January to December.")
        # One spelling per cadence, so that a rule read back equals the Cadence that wrote it: months in order,
        # once each, and all twelve the same as none.
        months = tuple(sorted(set(self.months)))
        object.__setattr__(self, "months", () if len(months) == 12 else months)

    @property
    def rule(self) -> str:
        parts = ["FREQ=MONTHLY"]
        if self.months:
            parts.append("BYMONTH=" + ",".join(str(m) for m in self.months))
        parts.append(f"BYDAY={self.week:+d}{WEEKDAY_CODES[self.weekday]}")
        return ";".join(parts)

    def describe(self) -> str:
        """'Monthly on the third Tuesday'; 'Quarterly (March, June, September, December) on the second Thursday'."""
        day = f"on the {ORDINALS[self.week]} {WEEKDAY_NAMES[self.weekday]}"
        months = self.months
        if not months:
            return f"Monthly {day}"
        names = ", ".join(MONTH_NAMES[m - 1] for m in months)
        if len(months) == 4 and all((b - a) == 3 for a, b in zip(months, months[1:], strict=False)):
            return f"Quarterly ({names}) {day}"
        return f"In {names}, {day}"


# The parts of an RRULE that a Cadence holds. Anything else (INTERVAL=2, COUNT, UNTIL, BYMONTHDAY, BYSETPOS, a
# second BYDAY) changes which dates the rule gives, and reading the rule without it would plan the wrong meetings.
_RULE_PARTS = {"FREQ", "BYDAY", "BYMONTH", "WKST", "INTERVAL"}


def _unsupported_parts(rule: str) -> bool:
    body = rule[len("RRULE:") :] if rule.upper().startswith("RRULE:") else rule
    if "\n" in body or ":" in body:
        return True  # DTSTART or other properties: not a bare rule
    parts: dict[str, str] = {}
    for part in body.split(";"):
        if part.strip():
            key, _, value = part.partition("=")
            parts[key.strip().upper()] = value.strip()
    return bool(set(parts) - _RULE_PARTS) or parts.get("INTERVAL", "1") != "1" or "," in parts.get("BYDAY", "")


def parse_cadence(rule: str) -> Cadence | None:
    """The Cadence of a stored rule, or None when the board has no cadence (or one from before cadences were
    rules, such as the word "monthly"). Raises CadenceError for a rule this app cannot follow."""
    rule = (rule or "").strip()
    if not rule or "FREQ=" not in rule.upper():
        return None
    try:
        parsed = rrulestr(rule, dtstart=datetime(2000, 1, 1))
    except (ValueError, TypeError, KeyError) as exc:
        raise CadenceError(f"The cadence '{rule}' cannot be read.") from exc
    unfollowable = CadenceError(
        f"The cadence '{rule}' is not one this app can follow: the first to fourth or last weekday of every "
        "month or of chosen months."
    )
    if (
        not isinstance(parsed, rrule)
        or parsed._freq != MONTHLY  # noqa: SLF001
        or not parsed._bynweekday  # noqa: SLF001
        or parsed._byweekday  # noqa: SLF001
        or _unsupported_parts(rule)
    ):
        raise unfollowable
    day, week = parsed._bynweekday[0]  # noqa: SLF001
    months = tuple(parsed._bymonth or ())  # noqa: SLF001
    try:
        return Cadence(weekday=day, week=week, months=months)
    except CadenceError as exc:  # the fifth or second-to-last weekday, say
        raise unfollowable from exc


def describe_cadence(rule: str) -> str:
    try:
        cadence = parse_cadence(rule)
    except CadenceError:
        return "Cadence cannot be read"
    if cadence is None:
        return f"No regular cadence ({rule})" if rule.strip() else "No regular cadence"
    return cadence.describe()


def cadence_dates(rule: str, start: date, end: date) -> list[date]:
    """The dates the cadence gives from `start` to `end`, both included."""
    cadence = parse_cadence(rule)
    if cadence is None or end < start:
        return []
    recurrence = rrule(
        MONTHLY,
        dtstart=datetime(start.year, start.month, 1),
        until=datetime(end.year, end.month, end.day),
        byweekday=weekday(cadence.weekday, cadence.week),
        bymonth=cadence.months or None,
    )
    return [moment.date() for moment in recurrence if moment.date() >= start]
