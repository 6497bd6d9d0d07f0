"""How dates and money read in the app: UK style (21 Nov 2026, £430,000, £1.06m)."""

from __future__ import annotations

from datetime import date


def format_date(value: date | None) -> str:
    return f"{value.day} {value:%b %Y}" if value else ""


def format_pounds(pence: int | None) -> str:
    """Whole pounds with thousands separators: £430,000."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds = (abs(pence) + 50) // 100  # half a pound rounds up, as people expect of money (round() would not)
    return f"{sign}£{pounds:,}"


def format_pounds_short(pence: int) -> str:
    """Compact form for charts and summaries: £1.06m, £430k, £950."""
    pounds = pence / 100
    sign = "-" if pounds < 0 else ""
    pounds = abs(pounds)
    # Choose the unit after rounding, so £999,900 reads £1m rather than £1000k.
    if round(pounds / 1000) >= 1000:
        return f"{sign}£{pounds / 1_000_000:.2f}m".replace(".00m", "m")
    if round(pounds) >= 10_000:
        return f"{sign}£{pounds / 1000:.0f}k"
    return f"{sign}£{pounds:,.0f}"


def financial_year(value: date) -> str:
    """The UK public sector financial year (April to March) holding a date, as 2026/27."""
    start = value.year if value.month >= 4 else value.year - 1
    return f"{start}/{(start + 1) % 100:02d}"
