"""Benefits realisation without Qt: years, amounts, partner shares, the dashboard's sums and the paper's words."""

from __future__ import annotations

from datetime import date

import pytest

from bluelight_desktop.core import benefits
from bluelight_desktop.core.benefits import BenefitError, Totals
from bluelight_desktop.core.edits import delete_opportunity
from bluelight_desktop.core.model import (
    BenefitKind,
    BenefitLine,
    CostKind,
    CostLine,
    Opportunity,
    Organisation,
    OrganisationKind,
    RegisterData,
    RegisterSettings,
    Stage,
    Unit,
    Workstream,
)
from bluelight_desktop.core.quadrant import Quadrant, Thresholds

TODAY = date(2026, 11, 21)


def programme() -> RegisterData:
    """Fire and police share a control room 40/60; a second opportunity has three partners in equal shares."""
    fire = Organisation("Fire", "LFRS", OrganisationKind.FIRE, id="fire")
    police = Organisation("Police", "LC", OrganisationKind.POLICE, id="police")
    ambulance = Organisation("Ambulance", "NWAS", OrganisationKind.AMBULANCE, id="ambulance")
    support = Workstream("Shared Support Services", id="sss")
    response = Workstream("Response", id="resp")
    control = Opportunity(
        "Joint control room",
        "LAN-001",
        workstream_id="sss",
        lead_organisation_id="fire",
        partner_ids=["police"],
        stage=Stage.LIVE,
        id="control",
    )
    drones = Opportunity(
        "Shared drones",
        "LAN-002",
        workstream_id="resp",
        lead_organisation_id="police",
        partner_ids=["fire", "ambulance"],
        stage=Stage.IMPLEMENTATION,
        id="drones",
    )
    data = RegisterData(
        RegisterSettings(),
        {o.id: o for o in (fire, police, ambulance)},
        {w.id: w for w in (support, response)},
        {o.id: o for o in (control, drones)},
        {},
        {},
    )
    forty_sixty = {"fire": 4000, "police": 6000}
    lines = [
        BenefitLine(
            "control", BenefitKind.CASHABLE_SAVING, 2024, planned=100_000_00, actual=90_000_00, shares=forty_sixty
        ),
        BenefitLine(
            "control", BenefitKind.CASHABLE_SAVING, 2025, planned=100_000_00, actual=110_000_00, shares=forty_sixty
        ),
        BenefitLine("control", BenefitKind.CASHABLE_SAVING, 2026, planned=100_000_00, shares=forty_sixty),
        BenefitLine("drones", BenefitKind.CASHABLE_SAVING, 2025, planned=10_000_00),  # equal thirds
        BenefitLine("drones", BenefitKind.HOURS_RELEASED, 2025, Unit.HOURS, planned=138_00, actual=120_00),
        BenefitLine("drones", BenefitKind.CAPITAL_RECEIPT, 2025, planned=2_900_000_00, actual=2_900_000_00),
    ]
    data.benefit_lines = {line.id: line for line in lines}
    costs = [CostLine("control", CostKind.ONE_OFF, 2024, planned=50_000_00, actual=52_000_00, shares=forty_sixty)]
    data.cost_lines = {line.id: line for line in costs}
    return data


# ------------------------------------------------------------------------------------------------ words


@pytest.mark.parametrize(
    ("text", "year"),
    [("2026/27", 2026), ("2026-27", 2026), ("2026/2027", 2026), ("2026", 2026), (" FY2025/26 ", 2025)],
)
def test_financial_years_read_as_people_write_them(text: str, year: int) -> None:
    assert benefits.parse_year(text) == year
    assert benefits.year_label(year) == f"{year}/{(year + 1) % 100:02d}"


@pytest.mark.parametrize("text", ["2026/28", "2026/2028", "next year", "1899", ""])
def test_a_year_that_is_not_a_financial_year_is_refused_in_words(text: str) -> None:
    with pytest.raises(BenefitError, match="financial year|outside the years"):
        benefits.parse_year(text)


def test_the_financial_year_runs_april_to_march() -> None:
    assert benefits.year_of(date(2027, 3, 31)) == 2026
    assert benefits.year_of(date(2027, 4, 1)) == 2027
    assert benefits.year_label(benefits.year_of(TODAY)) == "2026/27"
    assert benefits.year_label(2099) == "2099/00"


@pytest.mark.parametrize(
    ("unit", "text", "hundredths", "shown"),
    [
        (Unit.POUNDS, "£1.058m", 105_800_000, "£1,058,000"),
        (Unit.POUNDS, "430,000", 43_000_000, "£430,000"),
        (Unit.HOURS, "138 hours", 13_800, "138 hours"),
        (Unit.HOURS, "1", 100, "1 hour"),
        (Unit.HOURS, "7.5h", 750, "7.5 hours"),
        (Unit.COUNT, "355", 35_500, "355"),
        (Unit.COUNT, "1,250", 125_000, "1,250"),
        (Unit.PERCENT, "4%", 400, "4%"),
    ],
)
def test_amounts_read_and_print_in_their_unit(unit: Unit, text: str, hundredths: int, shown: str) -> None:
    assert benefits.parse_amount(unit, text) == hundredths
    assert benefits.format_amount(unit, hundredths) == shown


def test_a_blank_amount_is_none_and_a_bad_one_is_refused() -> None:
    assert benefits.parse_amount(Unit.POUNDS, "  ") is None
    with pytest.raises(BenefitError, match="not a number of hours"):
        benefits.parse_amount(Unit.HOURS, "lots")
    with pytest.raises(BenefitError, match="nought or more"):
        benefits.parse_amount(Unit.COUNT, "-3")
    with pytest.raises(BenefitError, match="negative"):
        benefits.parse_amount(Unit.POUNDS, "-£5,000")


# ------------------------------------------------------------------------------------------------ shares


def test_shares_default_to_equal_among_lead_and_partners() -> None:
    data = programme()
    drones = data.opportunities["drones"]
    assert benefits.partners_of(drones) == ["police", "fire", "ambulance"]
    shares = benefits.effective_shares({}, drones)
    assert shares == {"police": 3334, "fire": 3333, "ambulance": 3333}
    assert sum(shares.values()) == benefits.WHOLE
    assert benefits.effective_shares({"fire": 4000, "police": 6000}, drones) == {"fire": 4000, "police": 6000}


def test_shares_that_do_not_add_to_100_are_refused_with_a_clear_message() -> None:
    names = {"fire": "LFRS", "police": "LC"}
    benefits.check_shares({"fire": 4000, "police": 6000}, names)
    benefits.check_shares({}, names)  # equal shares
    with pytest.raises(BenefitError) as refused:
        benefits.check_shares({"fire": 4000, "police": 5000}, names)
    assert str(refused.value) == "The partners' shares add up to 90% (LFRS 40%, LC 50%); they must add up to 100%."
    with pytest.raises(BenefitError, match="add up to 100.5%"):
        benefits.check_shares({"fire": 4050, "police": 6000}, names)
    with pytest.raises(BenefitError, match="no longer holds"):
        benefits.check_shares({"gone": 10000}, names)


def test_a_line_whose_shares_do_not_add_up_cannot_be_saved() -> None:
    data = programme()
    line = BenefitLine("control", BenefitKind.CASHABLE_SAVING, 2027, planned=1_000_00, shares={"fire": 5000})
    with pytest.raises(BenefitError, match="add up to 50%"):
        benefits.save_line(data, line)
    line.shares = {"fire": 5000, "police": 5000}
    edit = benefits.save_line(data, line)
    assert edit.description == "Add benefit of LAN-001 for 2027/28"
    assert edit.changes[0].after == line


@pytest.mark.parametrize(
    ("text", "hundredths"), [("40", 4000), ("40%", 4000), ("33.33", 3333), ("0", 0), ("100 %", 10000)]
)
def test_shares_read_as_percentages(text: str, hundredths: int) -> None:
    assert benefits.parse_share(text) == hundredths
    assert benefits.format_share(hundredths) == text.replace(" ", "").removesuffix("%") + "%"


@pytest.mark.parametrize("text", ["120", "-5", "forty"])
def test_a_share_outside_0_to_100_is_refused(text: str) -> None:
    with pytest.raises(BenefitError):
        benefits.parse_share(text)


def test_a_line_in_the_wrong_unit_or_year_is_refused_with_each_reason() -> None:
    data = programme()
    line = BenefitLine("control", BenefitKind.CASHABLE_SAVING, 1990, Unit.HOURS, planned=-1)
    problems = benefits.check_benefit_line(line, data)
    assert problems == [
        "A cashable saving is counted in pounds, not hours.",
        "The financial year must be between 2000/01 and 2100/01.",
        "Planned and actual figures cannot be negative.",
    ]
    outcome = BenefitLine("control", BenefitKind.OUTCOME_MEASURE, 2026, Unit.COUNT, planned=35_500)
    assert benefits.check_benefit_line(outcome, data) == []


# ------------------------------------------------------------------------------------------------ sums


def test_savings_by_year_split_each_line_by_its_partners_shares() -> None:
    data = programme()
    figures = {(f.year, f.organisation_id): f for f in benefits.savings_by_year(data)}
    # 2024/25: £100,000 planned 40/60, £90,000 actual.
    assert (figures[(2024, "fire")].planned, figures[(2024, "fire")].actual) == (40_000_00, 36_000_00)
    assert (figures[(2024, "police")].planned, figures[(2024, "police")].actual) == (60_000_00, 54_000_00)
    # 2025/26: the control room (40/60) and the drones' £10,000 in equal thirds, exactly, rounded once.
    assert figures[(2025, "fire")].planned == 40_000_00 + 3_333_00
    assert figures[(2025, "police")].planned == 60_000_00 + 3_334_00
    assert figures[(2025, "ambulance")].planned == 3_333_00
    assert sum(f.planned for f in figures.values() if f.year == 2025) == 110_000_00
    assert figures[(2025, "ambulance")].opportunity_ids == {"drones"}
    assert figures[(2025, "police")].opportunity_ids == {"control", "drones"}
    # Not yet measured: no actual.
    assert figures[(2026, "fire")].actual == 0
    # Hours and capital receipts are not cashable savings.
    assert sum(f.planned for f in figures.values()) == 310_000_00
    # Order: by year, then partner name.
    assert [(f.year, f.organisation_id) for f in benefits.savings_by_year(data)][:3] == [
        (2024, "fire"),
        (2024, "police"),
        (2025, "ambulance"),
    ]


def test_savings_follow_the_opportunities_given() -> None:
    data = programme()
    only_drones = benefits.savings_by_year(data, ["drones"])
    assert {f.organisation_id for f in only_drones} == {"fire", "police", "ambulance"}
    assert sum(f.planned for f in only_drones) == 10_000_00
    kinds = benefits.savings_by_year(data, kinds=[BenefitKind.CAPITAL_RECEIPT])
    assert sum(f.actual for f in kinds) == 2_900_000_00


def test_realisation_per_workstream_counts_years_ended_and_actuals_recorded() -> None:
    data = programme()
    by_workstream = {r.workstream_id: r for r in benefits.realisation_by_workstream(data, TODAY)}
    support = by_workstream["sss"]
    # 2024/25 and 2025/26 have ended: £200,000 planned, £200,000 actual; 2026/27 has no actual yet.
    assert (support.planned, support.actual, support.percent) == (200_000_00, 200_000_00, 100.0)
    response = by_workstream["resp"]
    # The drones' 2025/26 saving has no actual: a shortfall, not a gap. The capital receipt was met in full.
    assert response.planned == 10_000_00 + 2_900_000_00
    assert response.actual == 2_900_000_00
    assert response.percent == pytest.approx(99.66, abs=0.01)
    assert response.opportunity_ids == {"drones"}


def test_realisation_of_nothing_planned_is_not_a_percentage() -> None:
    assert Totals().realisation is None
    totals = Totals()
    totals.add(200, 150)
    totals.add(100, None)
    assert (totals.planned, totals.actual, totals.measured, totals.realisation) == (300, 150, 200, 50.0)


def test_opportunity_savings_total_cashable_lines_only() -> None:
    totals = benefits.opportunity_savings(programme())
    assert (totals["control"].planned, totals["control"].actual) == (300_000_00, 200_000_00)
    assert (totals["drones"].planned, totals["drones"].actual) == (10_000_00, 0)


def test_pipeline_counts_by_stage_then_workstream() -> None:
    data = programme()
    data.opportunities["third"] = Opportunity("Third", "LAN-003", workstream_id="sss", stage=Stage.LIVE, id="third")
    cells = benefits.pipeline(data)
    assert [(c.stage, c.workstream_id, c.count) for c in cells] == [
        (Stage.IMPLEMENTATION, "resp", 1),
        (Stage.LIVE, "sss", 2),
    ]
    assert cells[1].opportunity_ids == {"control", "third"}
    assert [c.count for c in benefits.pipeline(data, ["third"])] == [1]


def test_quadrant_counts_replay_the_change_log_month_by_month() -> None:
    data = programme()
    history = [
        {"record_id": "control", "field": "effort", "new_value": "20", "changed_at": "2026-06-03T09:00:00Z"},
        {"record_id": "control", "field": "benefit", "new_value": "80", "changed_at": "2026-06-03T09:00:00Z"},
        {"record_id": "drones", "field": "effort", "new_value": "70", "changed_at": "2026-07-10T09:00:00Z"},
        {"record_id": "drones", "field": "benefit", "new_value": "70", "changed_at": "2026-07-10T09:00:00Z"},
        {"record_id": "control", "field": "benefit", "new_value": "30", "changed_at": "2026-09-15T12:00:00Z"},
        {"record_id": "drones", "field": "deleted", "new_value": "x", "changed_at": "2026-10-01T12:00:00Z"},
    ]
    months = benefits.months_back(date(2026, 10, 21), 5)
    assert months[0] == date(2026, 6, 1) and months[-1] == date(2026, 10, 1)
    counts = benefits.quadrant_counts_over_time(data, history, Thresholds(), months)
    table = [(c.month.month, c.counts[Quadrant.QUICK_WIN], c.counts[Quadrant.MAJOR_PROJECT]) for c in counts]
    assert table == [(6, 1, 0), (7, 1, 1), (8, 1, 1), (9, 0, 1), (10, 0, 0)]
    assert counts[3].counts[Quadrant.BUSINESS_AS_USUAL] == 1
    only_control = benefits.quadrant_counts_over_time(data, history, Thresholds(), months, ["control"])
    assert [c.counts[Quadrant.MAJOR_PROJECT] for c in only_control] == [0] * 5


def test_months_back_crosses_the_new_year() -> None:
    assert benefits.months_back(date(2027, 2, 14), 3) == [date(2026, 12, 1), date(2027, 1, 1), date(2027, 2, 1)]


def test_financial_implications_are_drafted_from_the_lines() -> None:
    data = programme()
    text = benefits.financial_implications(data, data.opportunities["control"])
    assert text.split("\n\n") == [
        "Cashable saving: £300,000 planned (2024/25 £100,000 (actual £90,000), 2025/26 £100,000 (actual £110,000), "
        "2026/27 £100,000); £200,000 realised so far against £200,000 planned for those years.",
        "One-off costs: £50,000 (2024/25 £50,000).",
        "Benefits and costs are shared LFRS 40% and LC 60%.",
    ]
    drones = benefits.financial_implications(data, data.opportunities["drones"])
    assert "Hours released in 2025/26: 138 hours planned, actual 120 hours." in drones
    assert "Capital receipt: £2,900,000 planned" in drones
    assert drones.endswith("Benefits and costs are shared LC 33.34%, LFRS 33.33% and NWAS 33.33%.")
    nothing = Opportunity("Nothing yet", "LAN-009", id="nothing")
    data.opportunities["nothing"] = nothing
    assert benefits.financial_implications(data, nothing) == ""


def test_deleting_an_opportunity_takes_its_lines_with_it() -> None:
    data = programme()
    edit = delete_opportunity(data, "control")
    gone = {change.record.id for change in edit.changes if change.after is None}
    control_lines = {line.id for line in [*data.benefit_lines.values(), *data.cost_lines.values()]}
    control_lines = {
        i for i in control_lines if (data.benefit_lines.get(i) or data.cost_lines[i]).opportunity_id == "control"
    }
    assert gone == {"control", *control_lines}


def test_a_merge_names_benefit_and_cost_lines_in_words() -> None:
    from bluelight_desktop.core.merge import record_label, value_words

    names = {"fire": "LFRS", "police": "LC", "control": "LAN-001 Joint control room"}
    assert value_words("benefit_line", "year", 2026) == "2026/27"
    assert value_words("benefit_line", "shares", '{"fire": 4000, "police": 6000}', names) == "LFRS 40%, LC 60%"
    assert value_words("cost_line", "shares", "{}", names) == "Equal shares"
    assert value_words("cost_line", "planned", 1_200_000) == "£12,000"
    assert value_words("benefit_line", "planned", 13_800) == "138"
    assert value_words("benefit_line", "actual", None) == "Not yet measured"
    line = {"kind": "cashable saving", "year": 2025, "opportunity_id": "control"}
    assert record_label("benefit_line", line, names) == "Benefit: Cashable saving 2025/26 (LAN-001 Joint control room)"
