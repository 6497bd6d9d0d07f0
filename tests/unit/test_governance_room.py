"""Correcting what was recorded in the room (core/governance.py): editing and removing decisions and actions.
Applied through a real Register on a copy of the sample, and read back from the file, so every test also
proves the Edits persist and the opportunity's history says what happened. No Qt. Today is 21 Nov 2026.

The sample's Collaboration Programme Board of 17 Nov 2026 approved, with conditions, developing a business
case for LAN-031 Police Smartphone HFSC Referrals, moving it from scoping to business case at that meeting.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from bluelight_desktop.core import governance as gov
from bluelight_desktop.core.edits import Edit, RecordChange
from bluelight_desktop.core.governance import GovernanceError
from bluelight_desktop.core.model import Action, ActionStatus, Decision, Meeting, Outcome, RegisterData, Stage
from bluelight_desktop.storage.register import Register, open_register

TODAY = date(2026, 11, 21)


class Sample:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.register = open_register(path)
        self.data = self.register.load()

    def apply(self, edit: Edit, meeting_id: str | None = None) -> RegisterData:
        self.register.apply(edit, meeting_id=meeting_id)
        with Register(self.path, read_only=True) as fresh:  # a fresh reader of the file
            self.data = fresh.load()
        return self.data

    def stage_rows(self, opportunity_id: str) -> list[tuple[str | None, str | None, str | None]]:
        return [
            (r["old_value"], r["new_value"], r["meeting_id"])
            for r in self.register.history(opportunity_id)
            if r["field"] == "stage"
        ]


@pytest.fixture
def sample(sample_path: Path):
    opened = Sample(sample_path)
    yield opened
    opened.register.close()


def november(sample: Sample) -> Meeting:
    found = gov.find_meeting(sample.data, "CPB-2026-11-17")
    assert found is not None
    return found


def smartphone_decision(sample: Sample) -> Decision:
    meeting = november(sample)
    return next(d for d in sample.data.decisions.values() if d.meeting_id == meeting.id and d.stage_set is not None)


def test_correcting_the_words_leaves_the_opportunity_where_it_has_moved_to(sample: Sample) -> None:
    decision = smartphone_decision(sample)
    opportunity = sample.data.opportunities[decision.opportunity_id]
    assert (opportunity.reference, opportunity.stage) == ("LAN-031", Stage.BUSINESS_CASE)
    moved_on = replace(opportunity, stage=Stage.APPROVED)  # the board approved it later
    sample.apply(Edit("Approve", [RecordChange(opportunity, moved_on)]))

    edit = gov.update_decision(sample.data, replace(decision, text="Approved, with conditions, a business case."))
    assert [type(c.record) for c in edit.changes] == [Decision]  # the stage it set did not change
    assert edit.description == "Edit decision on LAN-031: approved with conditions"
    data = sample.apply(edit, meeting_id=decision.meeting_id)
    assert data.decisions[decision.id].text == "Approved, with conditions, a business case."
    assert data.opportunities[opportunity.id].stage is Stage.APPROVED


def test_a_new_stage_moves_the_opportunity_in_the_same_edit_against_the_meeting(sample: Sample) -> None:
    decision = smartphone_decision(sample)
    after = replace(decision, outcome=Outcome.APPROVED, stage_set=Stage.APPROVED)
    edit = gov.update_decision(sample.data, after)
    assert [type(c.record).__name__ for c in edit.changes] == ["Decision", "Opportunity"]
    data = sample.apply(edit, meeting_id=decision.meeting_id)
    assert data.opportunities[decision.opportunity_id].stage is Stage.APPROVED
    assert data.decisions[decision.id].stage_set is Stage.APPROVED
    assert sample.stage_rows(decision.opportunity_id)[-1] == ("business case", "approved", decision.meeting_id)


def test_clearing_the_stage_never_moves_the_opportunity_back(sample: Sample) -> None:
    decision = smartphone_decision(sample)
    history_before = sample.stage_rows(decision.opportunity_id)
    edit = gov.update_decision(sample.data, replace(decision, stage_set=None))
    assert [type(c.record) for c in edit.changes] == [Decision]
    data = sample.apply(edit, meeting_id=decision.meeting_id)
    assert data.decisions[decision.id].stage_set is None
    assert data.opportunities[decision.opportunity_id].stage is Stage.BUSINESS_CASE
    assert sample.stage_rows(decision.opportunity_id) == history_before  # the move it made stays in the history


def test_a_stage_moved_to_another_opportunity_moves_that_one_only(sample: Sample) -> None:
    decision = smartphone_decision(sample)
    other = next(o for o in sample.data.opportunities.values() if o.stage is Stage.IDEA)
    data = sample.apply(gov.update_decision(sample.data, replace(decision, opportunity_id=other.id)))
    assert data.opportunities[other.id].stage is Stage.BUSINESS_CASE
    assert data.opportunities[decision.opportunity_id].stage is Stage.BUSINESS_CASE  # as the first decision left it


def test_a_decision_edit_that_changes_nothing_is_no_change_and_a_stage_needs_an_opportunity(sample: Sample) -> None:
    decision = smartphone_decision(sample)
    assert gov.update_decision(sample.data, replace(decision)).changes == []
    with pytest.raises(GovernanceError, match="only change the stage of an opportunity it is about"):
        gov.update_decision(sample.data, replace(decision, opportunity_id=None, agenda_item_id=None))


def test_removing_a_decision_keeps_the_stage_it_set_and_says_so(sample: Sample) -> None:
    decision = smartphone_decision(sample)
    note = gov.stage_kept_note(sample.data, decision)
    assert note == (
        "This decision moved LAN-031 to the business case stage. LAN-031 stays at the business case stage, and its "
        "history keeps the change: move it yourself if it should go back."
    )
    edit = gov.remove_decision(sample.data, decision.id)
    assert edit.description == "Remove decision on LAN-031: approved with conditions"
    data = sample.apply(edit, meeting_id=decision.meeting_id)
    assert decision.id not in data.decisions
    assert data.opportunities[decision.opportunity_id].stage is Stage.BUSINESS_CASE
    assert ("scoping", "business case", decision.meeting_id) in sample.stage_rows(decision.opportunity_id)
    assert [r["field"] for r in sample.register.history(decision.id)][-1] == "deleted"
    noted = next(d for d in data.decisions.values() if d.outcome is Outcome.NOTED)
    assert gov.stage_kept_note(data, noted) == ""  # it set no stage: nothing to say


def open_action(sample: Sample, due: date | None) -> Action:
    action = Action(november(sample).id, "Confirm the data sharing agreement", "Data Protection Officer", due)
    sample.apply(Edit("Add", [RecordChange(None, action)]))
    return action


def test_an_overdue_action_keeps_its_date_when_corrected_but_a_new_date_must_not_be_past(sample: Sample) -> None:
    action = open_action(sample, date(2026, 11, 20))  # overdue today
    assert action.overdue(TODAY)
    fixed = replace(action, owner="Data Protection Officer, LC")
    assert gov.action_problems(fixed, TODAY, action) == []
    assert gov.action_problems(fixed, TODAY) != []  # a new action with that date would be refused
    data = sample.apply(gov.update_action(sample.data, fixed, TODAY))
    assert (data.actions[action.id].owner, data.actions[action.id].due) == ("Data Protection Officer, LC", action.due)

    with pytest.raises(GovernanceError, match="The due date, 19 Nov 2026, is in the past"):
        gov.update_action(data, replace(fixed, due=date(2026, 11, 19)), TODAY)
    later = gov.update_action(data, replace(fixed, due=date(2026, 12, 4)), TODAY)
    assert sample.apply(later).actions[action.id].due == date(2026, 12, 4)
    assert gov.update_action(sample.data, replace(sample.data.actions[action.id]), TODAY).changes == []
    with pytest.raises(GovernanceError, match="Name the person"):
        gov.update_action(sample.data, replace(fixed, owner=" "), TODAY)


def test_an_action_without_a_date_can_keep_none(sample: Sample) -> None:
    action = open_action(sample, None)
    edit = gov.update_action(sample.data, replace(action, description="Confirm the agreement covers referrals"), TODAY)
    assert sample.apply(edit).actions[action.id].due is None


def test_removing_an_action(sample: Sample) -> None:
    action = open_action(sample, date(2026, 12, 4))
    sample.apply(gov.set_action_status(sample.data, action.id, ActionStatus.DONE))
    edit = gov.remove_action(sample.data, action.id)
    assert edit.description == "Remove action for Data Protection Officer at Collaboration Programme Board, 17 Nov 2026"
    data = sample.apply(edit)
    assert action.id not in data.actions
    assert all(row.action.id != action.id for row in gov.actions_log(data, TODAY))
    data = sample.apply(edit.inverse())  # undo brings it back as it was
    assert data.actions[action.id].status is ActionStatus.DONE
