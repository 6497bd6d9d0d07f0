"""Benefits realisation: an opportunity's benefit and cost lines, partner shares, and the sums the board asks
for (planned against actual by financial year and partner, the pipeline, realisation by workstream, the
quadrants over time, and a paper's financial implications). No Qt: the dashboard, the register table and the
pack all draw from these.

Amounts are whole hundredths of their unit (pence for pounds) and shares whole hundredths of a percent, so sums
are exact; a partner's part of a line is rounded to the penny only once, at the end of each sum.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from .edits import Edit, RecordChange
from .formatting import format_pounds
from .model import (
    BenefitKind,
    BenefitLine,
    CostKind,
    CostLine,
    Opportunity,
    RegisterData,
    Stage,
    Unit,
)
from .quadrant import Quadrant, Thresholds, quadrant_for

WHOLE = 10_000  # 100% in hundredths of a percent
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
# Kinds whose pounds the board counts as money in the bank or money not spent.
MONEY_KINDS = frozenset(
    {
        BenefitKind.CASHABLE_SAVING,
        BenefitKind.CAPITAL_RECEIPT,
        BenefitKind.COST_AVOIDANCE,
        BenefitKind.NON_CASHABLE_SAVING,
    }
)
# Kinds that must be counted in pounds, and the units each kind may use.
_UNITS_ALLOWED: dict[BenefitKind, frozenset[Unit]] = {
    BenefitKind.CASHABLE_SAVING: frozenset({Unit.POUNDS}),
    BenefitKind.CAPITAL_RECEIPT: frozenset({Unit.POUNDS}),
    BenefitKind.COST_AVOIDANCE: frozenset({Unit.POUNDS}),
    BenefitKind.NON_CASHABLE_SAVING: frozenset(Unit),
    BenefitKind.HOURS_RELEASED: frozenset({Unit.HOURS}),
    BenefitKind.OUTCOME_MEASURE: frozenset({Unit.COUNT, Unit.PERCENT}),
}


class BenefitError(ValueError):
    """A benefit or cost that cannot be recorded; the message says why in plain words."""


# ------------------------------------------------------------------------------------------------ years


def year_of(day: date) -> int:
    """The financial year (April to March) holding a day, by the year it starts in: 21 Nov 2026 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def year_label(year: int) -> str:
    """2026 reads 2026/27."""
    return f"{year}/{(year + 1) % 100:02d}"


_YEAR = re.compile(r"(?:fy\s*)?(\d{4})(?:\s*[/\-–]\s*(\d{2}|\d{4}))?")


def parse_year(text: str) -> int:
    """A financial year as people write it: 2026/27, 2026-27, 2026/2027 or 2026. Raises BenefitError."""
    match = _YEAR.fullmatch(text.strip().casefold())
    if match is None:
        raise BenefitError(f"“{text.strip()}” is not a financial year: write it as 2026/27.")
    start = int(match[1])
    if match[2] is not None:
        end = int(match[2])
        if (len(match[2]) == 2 and end != (start + 1) % 100) or (len(match[2]) == 4 and end != start + 1):
            raise BenefitError(f"“{text.strip()}” is not a financial year: it runs April to March, as 2026/27.")
    if not EARLIEST_YEAR <= start <= LATEST_YEAR:
        raise BenefitError(
            f"{year_label(start)} is outside the years a register covers ({EARLIEST_YEAR} to {LATEST_YEAR})."
        )
    return start


# ------------------------------------------------------------------------------------------------ amounts


def format_amount(unit: Unit, hundredths: int | None) -> str:
    """An amount as people read it: £430,000, 138 hours, 355, 4%."""
    if hundredths is None:
        return ""
    if unit is Unit.POUNDS:
        return format_pounds(hundredths)
    value = Decimal(hundredths) / 100
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit is Unit.HOURS:
        return "1 hour" if value == 1 else f"{text} hours"
    if unit is Unit.PERCENT:
        return f"{text}%"
    return text


def parse_amount(unit: Unit, text: str) -> int | None:
    """An amount typed in the unit's own words, as hundredths; None when blank. Pounds accept £430,000, 430k
    and £1.7m. Raises BenefitError for anything else, negative amounts included."""
    text = text.strip()
    if not text:
        return None
    if unit is Unit.POUNDS:
        from .spreadsheet_import import parse_money  # the one money reader; imported here, as it is large

        try:
            return parse_money(text)
        except ValueError as exc:
            raise BenefitError(f"{str(exc)[0].upper()}{str(exc)[1:]}.") from exc
    words = {Unit.HOURS: ("hours", "hour", "hrs", "hr", "h"), Unit.PERCENT: ("%", "percent", "per cent")}
    squashed = text.casefold().replace(",", "")
    for word in words.get(unit, ()):
        squashed = squashed.removesuffix(word).strip()
    try:
        value = Decimal(squashed)
    except InvalidOperation:
        raise BenefitError(f"“{text}” is not a number of {unit.value}: give one figure, such as 138.") from None
    if not value.is_finite() or value < 0:
        raise BenefitError(f"“{text}” cannot be recorded: give a figure of nought or more.")
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# ------------------------------------------------------------------------------------------------ shares


def partners_of(opportunity: Opportunity) -> list[str]:
    """The organisations that share an opportunity's benefits and costs: its lead, then its partners."""
    lead = [opportunity.lead_organisation_id] if opportunity.lead_organisation_id else []
    return list(dict.fromkeys([*lead, *opportunity.partner_ids]))


def equal_shares(organisation_ids: Sequence[str]) -> dict[str, int]:
    """100% split evenly, in hundredths of a percent; the first partners take any hundredth left over."""
    if not organisation_ids:
        return {}
    part, left = divmod(WHOLE, len(organisation_ids))
    return {org: part + (1 if n < left else 0) for n, org in enumerate(organisation_ids)}


def effective_shares(shares: Mapping[str, int], opportunity: Opportunity) -> dict[str, int]:
    """A line's shares as recorded, or equal shares among the opportunity's lead and partners."""
    return dict(shares) if shares else equal_shares(partners_of(opportunity))


def format_share(hundredths: int) -> str:
    return f"{Decimal(hundredths) / 100:.2f}".rstrip("0").rstrip(".") + "%"


def parse_share(text: str) -> int:
    """A percentage typed by a person (40, 40%, 33.33) as hundredths of a percent. Raises BenefitError."""
    squashed = text.strip().removesuffix("%").strip()
    try:
        value = Decimal(squashed or "0")
    except InvalidOperation:
        raise BenefitError(f"“{text.strip()}” is not a percentage: give a figure such as 40.") from None
    if not value.is_finite() or not 0 <= value <= 100:
        raise BenefitError(f"“{text.strip()}” is not a share: each partner's share is between 0% and 100%.")
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def check_shares(shares: Mapping[str, int], organisation_names: Mapping[str, str]) -> None:
    """Refuse shares that do not add up to exactly 100%, or name an organisation the register does not hold.
    Empty shares mean equal shares and are always fine."""
    if not shares:
        return
    unknown = [org for org in shares if org not in organisation_names]
    if unknown:
        raise BenefitError(
            "A share is given to an organisation this register no longer holds; choose the partners again."
        )
    negative = [org for org, share in shares.items() if not 0 <= share <= WHOLE]
    if negative:
        name = organisation_names[negative[0]]
        raise BenefitError(f"{name}'s share must be between 0% and 100%.")
    total = sum(shares.values())
    if total != WHOLE:
        listed = ", ".join(f"{organisation_names[org]} {format_share(share)}" for org, share in shares.items())
        raise BenefitError(
            f"The partners' shares add up to {format_share(total)} ({listed}); they must add up to 100%."
        )


# ------------------------------------------------------------------------------------------------ lines


def check_benefit_line(line: BenefitLine, data: RegisterData) -> list[str]:
    """Every reason `line` cannot be recorded, in plain words (an empty list: it can)."""
    problems: list[str] = []
    if line.opportunity_id not in data.opportunities:
        problems.append("The opportunity this benefit belongs to is no longer in the register.")
    if line.unit not in _UNITS_ALLOWED[line.kind]:
        allowed = " or ".join(sorted(unit.value for unit in _UNITS_ALLOWED[line.kind]))
        problems.append(f"A {line.kind.value} is counted in {allowed}, not {line.unit.value}.")
    problems.extend(_common_problems(line.year, line.planned, line.actual, line.shares, data))
    return problems


def check_cost_line(line: CostLine, data: RegisterData) -> list[str]:
    problems: list[str] = []
    if line.opportunity_id not in data.opportunities:
        problems.append("The opportunity this cost belongs to is no longer in the register.")
    problems.extend(_common_problems(line.year, line.planned, line.actual, line.shares, data))
    return problems


def _common_problems(
    year: int, planned: int, actual: int | None, shares: Mapping[str, int], data: RegisterData
) -> list[str]:
    problems = []
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        problems.append(
            f"The financial year must be between {year_label(EARLIEST_YEAR)} and {year_label(LATEST_YEAR)}."
        )
    if planned < 0 or (actual is not None and actual < 0):
        problems.append("Planned and actual figures cannot be negative.")
    names = {org_id: org.short_name or org.name for org_id, org in data.organisations.items()}
    try:
        check_shares(shares, names)
    except BenefitError as exc:
        problems.append(str(exc))
    return problems


def save_line(data: RegisterData, line: BenefitLine | CostLine) -> Edit:
    """The edit that adds or changes a benefit or cost line, after checking it. Raises BenefitError."""
    problems = check_benefit_line(line, data) if isinstance(line, BenefitLine) else check_cost_line(line, data)
    if problems:
        raise BenefitError(" ".join(problems))
    store: Mapping[str, Any] = data.benefit_lines if isinstance(line, BenefitLine) else data.cost_lines
    before = store.get(line.id)
    opportunity = data.opportunities[line.opportunity_id]
    what = "benefit" if isinstance(line, BenefitLine) else "cost"
    verb = "Change" if before is not None else "Add"
    return Edit(
        f"{verb} {what} of {opportunity.reference} for {year_label(line.year)}",
        [RecordChange(copy.deepcopy(before), copy.deepcopy(line))],
    )


def remove_line(data: RegisterData, line_id: str) -> Edit:
    line: BenefitLine | CostLine = data.benefit_lines.get(line_id) or data.cost_lines[line_id]
    opportunity = data.opportunities[line.opportunity_id]
    what = "benefit" if isinstance(line, BenefitLine) else "cost"
    return Edit(
        f"Remove {what} of {opportunity.reference} for {year_label(line.year)}",
        [RecordChange(copy.deepcopy(line), None)],
    )


def lines_of(data: RegisterData, opportunity_id: str) -> tuple[list[BenefitLine], list[CostLine]]:
    """An opportunity's benefit and cost lines, by year."""
    benefits = sorted(
        (b for b in data.benefit_lines.values() if b.opportunity_id == opportunity_id),
        key=lambda b: (b.year, list(BenefitKind).index(b.kind)),
    )
    costs = sorted(
        (c for c in data.cost_lines.values() if c.opportunity_id == opportunity_id),
        key=lambda c: (c.year, list(CostKind).index(c.kind)),
    )
    return benefits, costs


# ------------------------------------------------------------------------------------------------ sums


@dataclass
class Totals:
    """Planned and actual, in hundredths of the unit (pence for money). `measured` is how much of `planned`
    has an actual recorded against it."""

    planned: int = 0
    actual: int = 0
    measured: int = 0

    def add(self, planned: int, actual: int | None) -> None:
        self.planned += planned
        if actual is not None:
            self.actual += actual
            self.measured += planned

    @property
    def realisation(self) -> float | None:
        """Actual as a percentage of planned (None when nothing was planned)."""
        return None if self.planned == 0 else 100 * self.actual / self.planned


def opportunity_savings(data: RegisterData) -> dict[str, Totals]:
    """Each opportunity's cashable savings, planned and actual over all years (the register table's totals)."""
    totals: dict[str, Totals] = {}
    for line in data.benefit_lines.values():
        if line.kind is BenefitKind.CASHABLE_SAVING:
            totals.setdefault(line.opportunity_id, Totals()).add(line.planned, line.actual)
    return totals


@dataclass(frozen=True)
class YearPartnerFigure:
    """One bar segment: a partner's share of the savings in one financial year, and the opportunities behind it."""

    year: int
    organisation_id: str
    planned: int  # pence
    actual: int
    opportunity_ids: frozenset[str]


def savings_by_year(
    data: RegisterData,
    opportunity_ids: Iterable[str] | None = None,
    kinds: Iterable[BenefitKind] = (BenefitKind.CASHABLE_SAVING,),
) -> list[YearPartnerFigure]:
    """Planned and actual savings by financial year and partner organisation, each line split by its shares;
    for the opportunities given (all when None). Sorted by year, then by partner name."""
    wanted = set(kinds)
    chosen = None if opportunity_ids is None else set(opportunity_ids)
    # Sums of amount x share, in ten-thousandths of a penny: exact in whole numbers, rounded once at the end.
    planned: dict[tuple[int, str], int] = {}
    actual: dict[tuple[int, str], int] = {}
    behind: dict[tuple[int, str], set[str]] = {}
    shares_cache: dict[str, dict[str, int]] = {}
    for line in data.benefit_lines.values():
        if line.kind not in wanted or line.unit is not Unit.POUNDS:
            continue
        if chosen is not None and line.opportunity_id not in chosen:
            continue
        opportunity = data.opportunities.get(line.opportunity_id)
        if opportunity is None:
            continue
        if line.shares:
            shares = line.shares
        else:
            shares = shares_cache.get(opportunity.id) or shares_cache.setdefault(
                opportunity.id, equal_shares(partners_of(opportunity))
            )
        for org, share in shares.items():
            key = (line.year, org)
            planned[key] = planned.get(key, 0) + line.planned * share
            if line.actual is not None:
                actual[key] = actual.get(key, 0) + line.actual * share
            behind.setdefault(key, set()).add(opportunity.id)
    names = {org_id: org.name for org_id, org in data.organisations.items()}
    figures = [
        YearPartnerFigure(year, org, _round(planned[(year, org)]), _round(actual.get((year, org), 0)), frozenset(ids))
        for (year, org), ids in behind.items()
    ]
    return sorted(figures, key=lambda f: (f.year, names.get(f.organisation_id, "~"), f.organisation_id))


def _round(value: int) -> int:
    """A sum of amount x share back to whole pence, half a penny up, as money is rounded (amounts are never
    negative)."""
    return (value + WHOLE // 2) // WHOLE


@dataclass(frozen=True)
class PipelineCell:
    stage: Stage
    workstream_id: str | None
    count: int
    opportunity_ids: frozenset[str]


def pipeline(data: RegisterData, opportunity_ids: Iterable[str] | None = None) -> list[PipelineCell]:
    """Opportunities by stage (in stage order) and workstream."""
    chosen = data.opportunities.keys() if opportunity_ids is None else opportunity_ids
    cells: dict[tuple[Stage, str | None], set[str]] = {}
    for opportunity_id in chosen:
        opportunity = data.opportunities.get(opportunity_id)
        if opportunity is not None:
            cells.setdefault((opportunity.stage, opportunity.workstream_id), set()).add(opportunity_id)
    order = {stage: n for n, stage in enumerate(Stage)}
    names = {ws_id: ws.name for ws_id, ws in data.workstreams.items()}
    return [
        PipelineCell(stage, workstream, len(ids), frozenset(ids))
        for (stage, workstream), ids in sorted(
            cells.items(), key=lambda item: (order[item[0][0]], names.get(item[0][1] or "", "~"))
        )
    ]


@dataclass(frozen=True)
class Realisation:
    workstream_id: str | None
    planned: int  # pence, for the years realised so far
    actual: int
    opportunity_ids: frozenset[str]

    @property
    def percent(self) -> float | None:
        return None if self.planned == 0 else 100 * self.actual / self.planned


def realisation_by_workstream(
    data: RegisterData, today: date, opportunity_ids: Iterable[str] | None = None
) -> list[Realisation]:
    """Benefits in pounds realised so far, per workstream: actual against planned over the financial years that
    have ended, and any later year whose actual is already recorded. A past year with no actual recorded counts
    as nothing realised, so a shortfall shows rather than hides."""
    this_year = year_of(today)
    chosen = None if opportunity_ids is None else set(opportunity_ids)
    sums: dict[str | None, Totals] = {}
    behind: dict[str | None, set[str]] = {}
    for line in data.benefit_lines.values():
        if line.kind not in MONEY_KINDS or line.unit is not Unit.POUNDS:
            continue
        if chosen is not None and line.opportunity_id not in chosen:
            continue
        opportunity = data.opportunities.get(line.opportunity_id)
        if opportunity is None or (line.year >= this_year and line.actual is None):
            continue
        sums.setdefault(opportunity.workstream_id, Totals()).add(line.planned, line.actual or 0)
        behind.setdefault(opportunity.workstream_id, set()).add(opportunity.id)
    names = {ws_id: ws.name for ws_id, ws in data.workstreams.items()}
    return [
        Realisation(ws, totals.planned, totals.actual, frozenset(behind[ws]))
        for ws, totals in sorted(sums.items(), key=lambda item: names.get(item[0] or "", "~"))
    ]


@dataclass(frozen=True)
class QuadrantCount:
    month: date  # the first of the month; counts are as they stood at its end
    counts: dict[Quadrant, int] = field(default_factory=dict)


def quadrant_counts_over_time(
    data: RegisterData,
    placement_history: Sequence[Mapping[str, Any]],
    thresholds: Thresholds,
    months: Sequence[date],
    opportunity_ids: Iterable[str] | None = None,
) -> list[QuadrantCount]:
    """How many opportunities stood in each quadrant at the end of each month, replayed from the change log.

    `placement_history` holds the change log rows of opportunities' effort, benefit and deletion, oldest first
    (Register.placement_history): record_id, field, new_value, changed_at. Opportunities are counted from their
    first placement and only while not deleted."""
    chosen = set(data.opportunities if opportunity_ids is None else opportunity_ids)
    effort: dict[str, int | None] = {}
    benefit: dict[str, int | None] = {}
    deleted: set[str] = set()
    rows = iter(placement_history)
    pending = next(rows, None)
    result = []
    for month in months:
        end = _month_end_stamp(month)
        while pending is not None and str(pending["changed_at"]) < end:
            record = str(pending["record_id"])
            name, value = pending["field"], pending["new_value"]
            if name == "effort":
                effort[record] = int(value) if value is not None else None
            elif name == "benefit":
                benefit[record] = int(value) if value is not None else None
            elif name == "deleted":
                deleted.add(record)
            elif name == "restored":
                deleted.discard(record)
            pending = next(rows, None)
        counts = dict.fromkeys((q for q in Quadrant if q is not Quadrant.NOT_PLACED), 0)
        for record in chosen:
            if record in deleted:
                continue
            quadrant = quadrant_for(effort.get(record), benefit.get(record), thresholds)
            if quadrant is not Quadrant.NOT_PLACED:
                counts[quadrant] += 1
        result.append(QuadrantCount(month, counts))
    return result


def _month_end_stamp(month: date) -> str:
    following = date(month.year + (month.month == 12), month.month % 12 + 1, 1)
    return f"{following.isoformat()}T00:00:00Z"


def months_back(today: date, count: int) -> list[date]:
    """The first days of the `count` months ending with today's, oldest first."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


# ------------------------------------------------------------------------------------------------ in words


def financial_implications(data: RegisterData, opportunity: Opportunity) -> str:
    """A paper's Financial implications, drafted from the opportunity's benefit and cost lines: totals of what
    is planned and realised, year by year, and how partners share it."""
    benefits, costs = lines_of(data, opportunity.id)
    if not benefits and not costs:
        return ""
    names = {org_id: org.short_name or org.name for org_id, org in data.organisations.items()}
    paragraphs: list[str] = []
    money = [b for b in benefits if b.unit is Unit.POUNDS]
    for kind in BenefitKind:
        of_kind = [b for b in money if b.kind is kind]
        if not of_kind:
            continue
        totals = Totals()
        for line in of_kind:
            totals.add(line.planned, line.actual)
        years = ", ".join(
            f"{year_label(b.year)} {format_pounds(b.planned)}"
            + (f" (actual {format_pounds(b.actual)})" if b.actual is not None else "")
            for b in of_kind
        )
        sentence = f"{kind.label}: {format_pounds(totals.planned)} planned ({years})"
        if totals.measured:
            sentence += (
                f"; {format_pounds(totals.actual)} realised so far against {format_pounds(totals.measured)} "
                "planned for those years"
            )
        paragraphs.append(sentence + ".")
    for line in benefits:
        if line.unit is not Unit.POUNDS:
            actual = f", actual {format_amount(line.unit, line.actual)}" if line.actual is not None else ""
            note = f" ({line.evidence.strip()})" if line.evidence.strip() else ""
            planned = format_amount(line.unit, line.planned)
            paragraphs.append(f"{line.kind.label} in {year_label(line.year)}: {planned} planned{actual}{note}.")
    for kind in CostKind:
        of_kind = [c for c in costs if c.kind is kind]
        if of_kind:
            total = sum(c.planned for c in of_kind)
            years = ", ".join(f"{year_label(c.year)} {format_pounds(c.planned)}" for c in of_kind)
            paragraphs.append(f"{kind.label} costs: {format_pounds(total)} ({years}).")
    order = {org: n for n, org in enumerate(partners_of(opportunity))}
    shared = {
        tuple(sorted(effective_shares(line.shares, opportunity).items(), key=lambda s: (order.get(s[0], 99), s[0])))
        for line in [*benefits, *costs]
    }
    if len(shared) == 1:
        (shares,) = shared
        parts = [f"{names.get(org, 'a partner')} {format_share(share)}" for org, share in shares if share]
        if len(parts) > 1:
            paragraphs.append(f"Benefits and costs are shared {', '.join(parts[:-1])} and {parts[-1]}.")
    elif shared:
        paragraphs.append("Partners' shares differ from line to line; the benefits register gives each.")
    return "\n\n".join(paragraphs)
