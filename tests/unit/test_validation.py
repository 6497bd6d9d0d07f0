"""Plain-words validation of what a user enters. Pure domain, no Qt."""

from __future__ import annotations

from datetime import date

import pytest

from bluelight_desktop.core.model import Opportunity, Organisation, OrganisationKind, Workstream
from bluelight_desktop.core.validation import (
    MAX_MONEY_PENCE,
    validate_opportunity,
    validate_organisation,
    validate_workstream,
)


def opportunity(**changes: object) -> Opportunity:
    values: dict[str, object] = {
        "title": "Driver Training",
        "effort": 48,
        "benefit": 66,
        "start_date": date(2026, 4, 1),
        "end_date": date(2027, 3, 31),
        "cashable_saving_pence": 4_300_000,
        "one_off_cost_pence": 1_000_000,
        "lead_organisation_id": "lfrs",
        "partner_ids": ["lc", "nwas"],
    }
    values.update(changes)
    return Opportunity(**values)  # type: ignore[arg-type]


def test_a_complete_opportunity_has_no_problems() -> None:
    assert validate_opportunity(opportunity()) == []
    assert validate_opportunity(Opportunity("Just a title")) == []


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_title_is_required(title: str) -> None:
    assert validate_opportunity(opportunity(title=title)) == ["Title is required."]


def test_title_length() -> None:
    assert validate_opportunity(opportunity(title="x" * 200)) == []
    problems = validate_opportunity(opportunity(title="x" * 201))
    assert len(problems) == 1 and problems[0].startswith("Title is too long")


@pytest.mark.parametrize(("effort", "benefit"), [(0, 0), (100, 100), (0, 100), (None, None)])
def test_scores_in_range_are_accepted(effort: int | None, benefit: int | None) -> None:
    assert validate_opportunity(opportunity(effort=effort, benefit=benefit)) == []


@pytest.mark.parametrize(
    ("effort", "benefit", "problem"),
    [
        (-1, 50, "Effort must be between 0 and 100."),
        (101, 50, "Effort must be between 0 and 100."),
        (50, -1, "Benefit must be between 0 and 100."),
        (50, 101, "Benefit must be between 0 and 100."),
    ],
)
def test_scores_out_of_range_are_refused(effort: int, benefit: int, problem: str) -> None:
    assert validate_opportunity(opportunity(effort=effort, benefit=benefit)) == [problem]


@pytest.mark.parametrize(("effort", "benefit"), [(50, None), (None, 50)])
def test_both_scores_or_neither(effort: int | None, benefit: int | None) -> None:
    assert validate_opportunity(opportunity(effort=effort, benefit=benefit)) == [
        "Give both effort and benefit, or neither, to place it on the board."
    ]


def test_end_date_before_start_date() -> None:
    problems = validate_opportunity(opportunity(start_date=date(2026, 5, 1), end_date=date(2026, 4, 30)))
    assert problems == ["End date is before start date."]
    # The same day, or only one of the two dates, is fine.
    assert validate_opportunity(opportunity(start_date=date(2026, 5, 1), end_date=date(2026, 5, 1))) == []
    assert validate_opportunity(opportunity(start_date=None, end_date=date(2020, 1, 1))) == []
    assert validate_opportunity(opportunity(start_date=date(2030, 1, 1), end_date=None)) == []


@pytest.mark.parametrize(
    ("field", "label"), [("cashable_saving_pence", "Cashable saving"), ("one_off_cost_pence", "One-off cost")]
)
def test_money_cannot_be_negative_or_absurd(field: str, label: str) -> None:
    assert validate_opportunity(opportunity(**{field: -1})) == [f"{label} cannot be negative."]
    assert validate_opportunity(opportunity(**{field: MAX_MONEY_PENCE})) == []
    assert validate_opportunity(opportunity(**{field: MAX_MONEY_PENCE + 1})) == [
        f"{label} is more than £1bn: check the figure."
    ]
    assert validate_opportunity(opportunity(**{field: 0})) == []


def test_lead_cannot_also_be_a_partner() -> None:
    problems = validate_opportunity(opportunity(lead_organisation_id="lc", partner_ids=["lc", "nwas"]))
    assert problems == ["The lead organisation is already the lead: untick it among the partners."]
    # No lead: partners alone are fine.
    assert validate_opportunity(opportunity(lead_organisation_id=None, partner_ids=["lc"])) == []


def test_dependencies() -> None:
    item = opportunity()
    item.dependency_ids = [item.id]
    assert validate_opportunity(item) == ["An opportunity cannot depend on itself."]

    item.dependency_ids = ["other", "gone"]
    assert validate_opportunity(item) == []  # without known ids nothing is checked
    assert validate_opportunity(item, known_ids={"other", "gone", item.id}) == []
    assert validate_opportunity(item, known_ids={"other", item.id}) == [
        "A dependency points to an opportunity that no longer exists."
    ]


def test_several_problems_are_all_reported_in_form_order() -> None:
    problems = validate_opportunity(
        opportunity(
            title="",
            effort=120,
            benefit=None,
            start_date=date(2026, 2, 1),
            end_date=date(2026, 1, 1),
            cashable_saving_pence=-5,
        )
    )
    assert problems == [
        "Title is required.",
        "Effort must be between 0 and 100.",
        "Give both effort and benefit, or neither, to place it on the board.",
        "End date is before start date.",
        "Cashable saving cannot be negative.",
    ]


# ------------------------------------------------------------------------------------------ organisations


def organisation(name: str = "Lancashire Fire and Rescue Service", short_name: str = "LFRS") -> Organisation:
    return Organisation(name, short_name, OrganisationKind.FIRE, "Lancashire")


def test_valid_organisation() -> None:
    assert validate_organisation(organisation(), {"LC", "NWAS"}) == []
    assert validate_organisation(organisation(short_name="x" * 12), set()) == []


def test_organisation_name_and_short_name_are_required() -> None:
    assert validate_organisation(organisation(name=" ", short_name=""), set()) == [
        "Name is required.",
        "Short name is required (for example LFRS).",
    ]


def test_organisation_short_name_length() -> None:
    assert validate_organisation(organisation(short_name="x" * 13), set()) == [
        "Short name is too long: keep it to 12 characters."
    ]


@pytest.mark.parametrize("short_name", ["LC", "lc", " Lc "])
def test_organisation_short_names_are_unique_ignoring_case(short_name: str) -> None:
    assert validate_organisation(organisation(short_name=short_name), {"LC", "NWAS"}) == [
        f"Another organisation is already called {short_name.strip()}."
    ]


def test_organisation_kinds_have_labels() -> None:
    assert OrganisationKind("PCC").label == "Police and crime commissioner"
    assert OrganisationKind.FIRE.label == "Fire and rescue"
    assert {k.value for k in OrganisationKind} == {
        "police",
        "fire and rescue",
        "ambulance",
        "local authority",
        "PCC",
        "health",
        "other",
    }


# ------------------------------------------------------------------------------------------- workstreams


@pytest.mark.parametrize("colour", ["#1f6fb2", "#1F5AA6", "#000000"])
def test_valid_workstream(colour: str) -> None:
    assert validate_workstream(Workstream("Response", colour), {"Training"}) == []


def test_workstream_name_required_and_unique() -> None:
    assert validate_workstream(Workstream("  "), set()) == ["Name is required."]
    assert validate_workstream(Workstream(" training "), {"Training", "Response"}) == [
        "There is already a workstream called training."
    ]


@pytest.mark.parametrize("colour", ["blue", "#12345", "#1234567", "#GGGGGG", "1f6fb2", ""])
def test_workstream_colour_must_be_a_hex_colour(colour: str) -> None:
    assert validate_workstream(Workstream("Response", colour), set()) == ["Colour must be a colour such as #1f6fb2."]
