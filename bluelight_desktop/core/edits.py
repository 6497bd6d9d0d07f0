"""A user action as data: the records it changes, before and after. Storage applies an edit in one
transaction; undo applies its inverse. Keeping edits as data keeps undo free of Qt and testable."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .model import (
    Action,
    AgendaItem,
    Attendance,
    BenefitLine,
    Board,
    BoardMember,
    ClosureDay,
    CostLine,
    Decision,
    Meeting,
    Opportunity,
    Organisation,
    RegisterData,
    Workstream,
)

Record = (
    Opportunity
    | Organisation
    | Workstream
    | Board
    | BoardMember
    | Meeting
    | AgendaItem
    | Attendance
    | Decision
    | Action
    | ClosureDay
    | BenefitLine
    | CostLine
)


@dataclass(frozen=True)
class RecordChange:
    before: Record | None  # None: the record is created
    after: Record | None  # None: the record is deleted (tombstoned)

    @property
    def record(self) -> Record:
        record = self.after if self.after is not None else self.before
        assert record is not None
        return record


@dataclass
class Edit:
    description: str
    changes: list[RecordChange] = field(default_factory=list)

    def inverse(self) -> Edit:
        return Edit(
            f"Undo: {self.description}",
            [RecordChange(before=c.after, after=c.before) for c in reversed(self.changes)],
        )


def create(record: Record, description: str) -> Edit:
    return Edit(description, [RecordChange(None, copy.deepcopy(record))])


def update(before: Record, after: Record, description: str) -> Edit:
    return Edit(description, [RecordChange(copy.deepcopy(before), copy.deepcopy(after))])


def delete_opportunity(data: RegisterData, opportunity_id: str) -> Edit:
    """Delete an opportunity, with its benefit and cost lines, and drop it from the dependencies of the others."""
    target = data.opportunities[opportunity_id]
    changes = [RecordChange(copy.deepcopy(target), None)]
    for line in [*data.benefit_lines.values(), *data.cost_lines.values()]:
        if line.opportunity_id == opportunity_id:
            changes.append(RecordChange(copy.deepcopy(line), None))
    for other in data.opportunities.values():
        if opportunity_id in other.dependency_ids:
            after = copy.deepcopy(other)
            after.dependency_ids = [d for d in other.dependency_ids if d != opportunity_id]
            changes.append(RecordChange(copy.deepcopy(other), after))
    return Edit(f"Delete {target.reference}", changes)


def organisation_uses(data: RegisterData, organisation_id: str) -> list[str]:
    """References of the opportunities that name the organisation as lead or partner."""
    return sorted(
        o.reference
        for o in data.opportunities.values()
        if o.lead_organisation_id == organisation_id or organisation_id in o.partner_ids
    )


def workstream_uses(data: RegisterData, workstream_id: str) -> list[str]:
    return sorted(o.reference for o in data.opportunities.values() if o.workstream_id == workstream_id)
