"""The register table's Planned savings and Actual savings columns (core.register_view, no Qt): each
opportunity's cashable savings over all financial years from the benefits register, how they read and sort, and
that a build works them out once for the whole register."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bluelight_desktop.core import register_view
from bluelight_desktop.core.benefits import opportunity_savings
from bluelight_desktop.core.model import (
    BenefitKind,
    BenefitLine,
    Opportunity,
    RegisterData,
    RegisterSettings,
    Unit,
)
from bluelight_desktop.core.register_view import (
    ACTUAL_SAVINGS_COLUMN,
    COLUMN_TIPS,
    COLUMNS,
    MONEY_COLUMNS,
    PLANNED_SAVINGS_COLUMN,
    RegisterRow,
    build_rows,
    sorted_rows,
)
from bluelight_desktop.storage.register import open_register


@pytest.fixture
def sample(sample_path: Path) -> Iterator[RegisterData]:
    register = open_register(sample_path)
    try:
        yield register.load()
    finally:
        register.close()


def by_reference(rows: list[RegisterRow]) -> dict[str, RegisterRow]:
    return {row.cells[0]: row for row in rows}


def empty_register(*opportunities: Opportunity) -> RegisterData:
    return RegisterData(
        settings=RegisterSettings(),
        organisations={},
        workstreams={},
        opportunities={o.id: o for o in opportunities},
        boards={},
        meetings={},
    )


def test_the_columns_come_after_the_yearly_estimate_with_tips() -> None:
    assert COLUMNS[-3:] == ("Saving a year", "Planned savings", "Actual savings")
    assert MONEY_COLUMNS == {len(COLUMNS) - 3, PLANNED_SAVINGS_COLUMN, ACTUAL_SAVINGS_COLUMN}
    assert "all financial years" in COLUMN_TIPS[PLANNED_SAVINGS_COLUMN]
    assert "blank: none measured yet" in COLUMN_TIPS[ACTUAL_SAVINGS_COLUMN]


def test_sample_totals(sample: RegisterData) -> None:
    rows = by_reference(build_rows(sample))
    shown = {
        ref: (row.cells[PLANNED_SAVINGS_COLUMN], row.cells[ACTUAL_SAVINGS_COLUMN])
        for ref, row in rows.items()
        if row.cells[PLANNED_SAVINGS_COLUMN]
    }
    assert shown == {
        "LAN-001": ("£15,000", ""),
        "LAN-005": ("£60,000", ""),
        "LAN-009": ("£150,000", ""),
        "LAN-015": ("£18,000", ""),
        "LAN-020": ("£27,000", "£9,500"),
        "LAN-033": ("£210,000", "£105,300"),
        "LAN-034": ("£540,000", "£275,000"),
        "LAN-035": ("£125,000", "£71,000"),
        "LAN-036": ("£80,000", "£59,000"),
    }
    site = rows["LAN-033"]
    assert (site.planned_savings_pence, site.actual_savings_pence, site.measured_savings_pence) == (
        21_000_000,
        10_530_000,
        10_500_000,
    )
    # Only cashable savings count: Site Sharing's capital receipt (£290,000) is not in its total.
    assert site.planned_savings_pence == sum(
        b.planned
        for b in sample.benefit_lines.values()
        if b.opportunity_id == site.id and b.kind is BenefitKind.CASHABLE_SAVING
    )
    untouched = rows["LAN-022"]
    assert (untouched.planned_savings_pence, untouched.actual_savings_pence) == (0, None)
    # The figures are searched like every other cell.
    assert "£105,300" in site.search_text


def test_sorting_by_planned_and_actual(sample: RegisterData) -> None:
    rows = build_rows(sample)
    planned = [r.cells[0] for r in sorted_rows(rows, PLANNED_SAVINGS_COLUMN, descending=True)]
    assert planned[:3] == ["LAN-034", "LAN-033", "LAN-009"]
    actual = sorted_rows(rows, ACTUAL_SAVINGS_COLUMN)
    # Not measured sorts below a measured £0, then by reference; the largest actual comes last.
    assert [r.cells[0] for r in actual[-5:]] == ["LAN-020", "LAN-036", "LAN-035", "LAN-033", "LAN-034"]
    assert all(r.actual_savings_pence is None for r in actual[:-5])


def test_a_measured_nought_is_shown_and_sorts_above_unmeasured() -> None:
    measured, unmeasured = Opportunity(title="A", reference="T-001"), Opportunity(title="B", reference="T-002")
    data = empty_register(measured, unmeasured)
    for opportunity, actual in ((measured, 0), (unmeasured, None)):
        line = BenefitLine(opportunity.id, BenefitKind.CASHABLE_SAVING, 2025, Unit.POUNDS, 500_000, actual)
        data.benefit_lines[line.id] = line
    hours = BenefitLine(measured.id, BenefitKind.HOURS_RELEASED, 2025, Unit.HOURS, 13_800, 12_000)
    data.benefit_lines[hours.id] = hours
    rows = by_reference(build_rows(data))
    assert rows["T-001"].cells[PLANNED_SAVINGS_COLUMN:] == ("£5,000", "£0")
    assert rows["T-002"].cells[PLANNED_SAVINGS_COLUMN:] == ("£5,000", "")
    assert [r.cells[0] for r in sorted_rows(list(rows.values()), ACTUAL_SAVINGS_COLUMN)] == ["T-002", "T-001"]


def test_totals_are_worked_out_once_per_build(monkeypatch: pytest.MonkeyPatch) -> None:
    """One pass over the benefit lines for the whole register, not one per opportunity: at 10,000
    opportunities and 50,000 lines a per-row scan would take minutes."""
    opportunities = [Opportunity(title=f"Opportunity {n}", reference=f"T-{n:05d}") for n in range(2_000)]
    data = empty_register(*opportunities)
    for n in range(10_000):
        opportunity = opportunities[n % len(opportunities)]
        line = BenefitLine(opportunity.id, BenefitKind.CASHABLE_SAVING, 2020 + n % 8, Unit.POUNDS, 100_000, None)
        data.benefit_lines[line.id] = line
    calls = []

    def counted(register: RegisterData) -> dict:
        calls.append(register)
        return opportunity_savings(register)

    monkeypatch.setattr(register_view, "opportunity_savings", counted)
    rows = build_rows(data)
    assert len(calls) == 1
    assert {row.planned_savings_pence for row in rows} == {500_000}
    assert {row.cells[PLANNED_SAVINGS_COLUMN] for row in rows} == {"£5,000"}
