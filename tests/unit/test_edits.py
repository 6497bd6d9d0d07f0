"""User actions as data (core/edits.py): the records they change, and their inverses for undo. No Qt."""

from __future__ import annotations

import copy

import pytest

from bluelight_desktop.core import edits
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.model import (
    Opportunity,
    Organisation,
    OrganisationKind,
    RegisterData,
    RegisterSettings,
    Stage,
    Workstream,
)


@pytest.fixture
def data() -> RegisterData:
    lfrs = Organisation("Lancashire Fire and Rescue Service", "LFRS", OrganisationKind.FIRE, id="lfrs")
    lc = Organisation("Lancashire Constabulary", "LC", OrganisationKind.POLICE, id="lc")
    nwas = Organisation("North West Ambulance Service", "NWAS", OrganisationKind.AMBULANCE, id="nwas")
    sss = Workstream("Shared Support Services", "#1F5AA6", id="sss")
    resp = Workstream("Response", "#B3261E", id="resp")
    shared_data = Opportunity(
        "Shared Data, Risk and Analytical Reporting",
        "LAN-012",
        workstream_id="sss",
        lead_organisation_id="lc",
        partner_ids=["lfrs"],
        id="o12",
    )
    demand = Opportunity(
        "Real Time Demand Management",
        "LAN-018",
        workstream_id="resp",
        lead_organisation_id="lc",
        partner_ids=["lfrs", "nwas"],
        dependency_ids=["o12"],
        id="o18",
    )
    assets = Opportunity(
        "Shared Asset Management",
        "LAN-016",
        workstream_id="sss",
        lead_organisation_id="lfrs",
        partner_ids=["lc"],
        dependency_ids=["o12", "o18"],
        id="o16",
    )
    drone = Opportunity("Second 'Event' Drone", "LAN-022", workstream_id="resp", lead_organisation_id="lc", id="o22")
    return RegisterData(
        RegisterSettings(name="Test", reference_prefix="LAN"),
        {o.id: o for o in (lfrs, lc, nwas)},
        {w.id: w for w in (sss, resp)},
        {o.id: o for o in (shared_data, demand, assets, drone)},
        {},
        {},
    )


def test_create_copies_the_record() -> None:
    record = Opportunity("Driver Training")
    edit = edits.create(record, "Add Driver Training")
    assert edit.description == "Add Driver Training"
    assert len(edit.changes) == 1
    change = edit.changes[0]
    assert change.before is None and change.after == record
    assert change.after is not record
    record.title = "Changed after the edit was made"
    assert change.after is not None and change.after.title == "Driver Training"
    assert change.record is change.after


def test_update_copies_both_sides() -> None:
    before = Opportunity("Driver Training", effort=48, benefit=66, partner_ids=["lc"])
    after = copy.deepcopy(before)
    after.effort = 20
    edit = edits.update(before, after, "Move to Quick win")
    before.partner_ids.append("nwas")
    after.effort = 99
    change = edit.changes[0]
    assert change.before is not None and change.before.partner_ids == ["lc"]
    assert change.after is not None and change.after.effort == 20
    assert change.record is change.after


def test_inverse_swaps_before_and_after_in_reverse_order() -> None:
    a = Organisation("A", "A", OrganisationKind.OTHER, id="a")
    b = Workstream("B", id="b")
    b2 = Workstream("B2", id="b")
    edit = Edit("Two things", [RecordChange(None, a), RecordChange(b, b2)])
    inverse = edit.inverse()
    assert inverse.description == "Undo: Two things"
    assert [(c.before, c.after) for c in inverse.changes] == [(b2, b), (a, None)]
    # Undoing the undo gives the original changes back.
    assert [(c.before, c.after) for c in inverse.inverse().changes] == [(None, a), (b, b2)]
    assert inverse.changes[1].record is a  # a deletion's record is the one before it


def test_inverse_of_empty_edit_is_empty() -> None:
    assert Edit("Nothing").inverse().changes == []


def test_delete_opportunity_drops_it_from_the_others_dependencies(data: RegisterData) -> None:
    original = copy.deepcopy(data)
    edit = edits.delete_opportunity(data, "o12")
    assert edit.description == "Delete LAN-012"
    first = edit.changes[0]
    assert first.after is None and first.before == data.opportunities["o12"]
    updated = {c.record.id: c for c in edit.changes[1:]}
    assert set(updated) == {"o18", "o16"}  # the drone does not depend on it
    after_18 = updated["o18"].after
    after_16 = updated["o16"].after
    assert isinstance(after_18, Opportunity) and isinstance(after_16, Opportunity)
    assert after_18.dependency_ids == []
    assert after_16.dependency_ids == ["o18"]
    assert updated["o16"].before == original.opportunities["o16"]
    # The register's data is not changed by building the edit.
    assert data == original


def test_delete_opportunity_nobody_depends_on(data: RegisterData) -> None:
    edit = edits.delete_opportunity(data, "o22")
    assert len(edit.changes) == 1 and edit.changes[0].after is None


def test_delete_then_inverse_restores_dependencies(data: RegisterData) -> None:
    edit = edits.delete_opportunity(data, "o12")
    inverse = edit.inverse()
    assert inverse.changes[-1].before is None
    assert inverse.changes[-1].after == data.opportunities["o12"]
    restored = {c.record.id: c.after for c in inverse.changes}
    assert restored["o16"] == data.opportunities["o16"]
    assert restored["o18"] == data.opportunities["o18"]


def test_organisation_uses_counts_lead_and_partner(data: RegisterData) -> None:
    assert edits.organisation_uses(data, "lc") == ["LAN-012", "LAN-016", "LAN-018", "LAN-022"]
    assert edits.organisation_uses(data, "lfrs") == ["LAN-012", "LAN-016", "LAN-018"]
    assert edits.organisation_uses(data, "nwas") == ["LAN-018"]
    assert edits.organisation_uses(data, "nobody") == []


def test_workstream_uses(data: RegisterData) -> None:
    assert edits.workstream_uses(data, "sss") == ["LAN-012", "LAN-016"]
    assert edits.workstream_uses(data, "resp") == ["LAN-018", "LAN-022"]
    assert edits.workstream_uses(data, "none") == []


def test_new_records_get_distinct_uuid_keys() -> None:
    ids = {Opportunity("x").id for _ in range(50)}
    ids |= {Workstream("w").id, Organisation("o", "o", OrganisationKind.OTHER).id}
    assert len(ids) == 52
    assert all(len(i) == 36 and i.count("-") == 4 for i in ids)


def test_stage_labels() -> None:
    assert Stage.BUSINESS_CASE.label == "Business case"
    assert [s.value for s in Stage] == [
        "idea",
        "scoping",
        "business case",
        "approved",
        "implementation",
        "live",
        "benefits review",
        "closed",
        "parked",
    ]
