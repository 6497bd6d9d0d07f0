"""The register as a table: the rows the main window shows, how they filter and sort. No Qt, so the rules
are tested on their own and stay fast for 10,000 rows (keys and search text are built once per load)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .benefits import opportunity_savings
from .formatting import format_pounds
from .model import RegisterData, Stage
from .quadrant import Quadrant, Thresholds, quadrant_for

COLUMNS = (
    "Reference",
    "Title",
    "Workstream",
    "Lead organisation",
    "Partners",
    "Stage",
    "Quadrant",
    "Lead officer",
    "Saving a year",
    "Planned savings",
    "Actual savings",
)
MONEY_COLUMN = COLUMNS.index("Saving a year")
PLANNED_SAVINGS_COLUMN = COLUMNS.index("Planned savings")
ACTUAL_SAVINGS_COLUMN = COLUMNS.index("Actual savings")
MONEY_COLUMNS = frozenset({MONEY_COLUMN, PLANNED_SAVINGS_COLUMN, ACTUAL_SAVINGS_COLUMN})
COLUMN_TIPS = {
    MONEY_COLUMN: "Estimated cashable saving a year",
    PLANNED_SAVINGS_COLUMN: "Cashable savings planned in the benefits register, all financial years together",
    ACTUAL_SAVINGS_COLUMN: "Cashable savings realised so far, all financial years together (blank: none measured yet)",
}


_STAGE_ORDER = {stage: number for number, stage in enumerate(Stage)}
_STAGE_LABEL = {stage: stage.label for stage in Stage}
_QUADRANT_ORDER = {quadrant: number for number, quadrant in enumerate(Quadrant)}


@dataclass(slots=True, eq=False)
class RegisterRow:
    """One opportunity as the table shows it. Search text and sort keys are worked out the first time they
    are needed, not for every row on every load: filling the table is on the start-up path."""

    id: str
    cells: tuple[str, ...]
    reference_key: tuple[str, int, str]
    other_text: tuple[str, ...]  # fields searched but not shown
    workstream_id: str | None
    stage: Stage
    quadrant: Quadrant
    organisation_ids: frozenset[str]  # lead and partners
    colour: str
    cashable_saving_pence: int
    planned_savings_pence: int = 0  # the benefits register's cashable savings, all years
    actual_savings_pence: int | None = None  # None: nothing measured yet
    measured_savings_pence: int = 0  # what was planned for the lines measured so far
    _search_text: str | None = None

    @property
    def search_text(self) -> str:
        """Every text field, case-folded."""
        if self._search_text is None:
            self._search_text = "\n".join((*self.cells, *self.other_text)).casefold()
        return self._search_text

    def sort_key(self, column: int) -> Any:
        if column == 0:
            return self.reference_key
        if column == 5:
            return _STAGE_ORDER[self.stage]
        if column == 6:
            return _QUADRANT_ORDER[self.quadrant]
        if column == MONEY_COLUMN:
            return self.cashable_saving_pence
        if column == PLANNED_SAVINGS_COLUMN:
            return self.planned_savings_pence
        if column == ACTUAL_SAVINGS_COLUMN:
            return -1 if self.actual_savings_pence is None else self.actual_savings_pence  # unmeasured below £0
        return self.cells[column].casefold()


@dataclass(frozen=True)
class RegisterFilter:
    text: str = ""
    workstream_id: str | None = None
    stage: Stage | None = None
    quadrant: Quadrant | None = None
    organisation_id: str | None = None
    # The opportunities behind a chart's bar (the dashboard), when the register is narrowed to them; `label`
    # says what they came from ("2025/26 · LFRS · cashable savings") and takes no part in comparisons.
    opportunity_ids: frozenset[str] | None = None
    label: str = field(default="", compare=False)

    @property
    def active(self) -> bool:
        return self != RegisterFilter()

    def matches(self, row: RegisterRow) -> bool:
        if self.opportunity_ids is not None and row.id not in self.opportunity_ids:
            return False
        if self.workstream_id is not None and row.workstream_id != self.workstream_id:
            return False
        if self.stage is not None and row.stage is not self.stage:
            return False
        if self.quadrant is not None and row.quadrant is not self.quadrant:
            return False
        if self.organisation_id is not None and self.organisation_id not in row.organisation_ids:
            return False
        # Every word must appear somewhere: "drone response" finds "Second 'Event' Drone" under Response.
        return all(word in row.search_text for word in self.text.casefold().split())


def _reference_key(reference: str) -> tuple[str, int, str]:
    prefix, _, number = reference.rpartition("-")
    return (prefix, int(number), "") if number.isdigit() else (reference, 0, reference)


def build_rows(data: RegisterData) -> list[RegisterRow]:
    thresholds = Thresholds(data.settings.effort_threshold, data.settings.benefit_threshold)
    organisations = data.organisations
    workstreams = data.workstreams
    savings = opportunity_savings(data)  # once per build: one pass over the benefit lines
    rows = []
    for opp in data.opportunities.values():
        workstream = workstreams.get(opp.workstream_id or "")
        lead = organisations.get(opp.lead_organisation_id or "")
        partners = [organisations[p] for p in opp.partner_ids if p in organisations]
        quadrant = quadrant_for(opp.effort, opp.benefit, thresholds)
        partner_names = ", ".join(p.short_name for p in partners)
        totals = savings.get(opp.id)
        actual = totals.actual if totals is not None and (totals.measured or totals.actual) else None
        cells = (
            opp.reference,
            opp.title,
            workstream.name if workstream else "",
            lead.short_name if lead else "",
            partner_names,
            _STAGE_LABEL[opp.stage],
            quadrant.value if quadrant is not Quadrant.NOT_PLACED else "",
            opp.lead_officer,
            format_pounds(opp.cashable_saving_pence) if opp.cashable_saving_pence else "",
            format_pounds(totals.planned) if totals is not None else "",
            format_pounds(actual) if actual is not None else "",
        )
        other_text = (
            opp.summary,
            opp.sponsor,
            opp.non_cashable_benefits,
            opp.risks,
            opp.notes,
            lead.name if lead else "",
            *(p.name for p in partners),
        )
        rows.append(
            RegisterRow(
                id=opp.id,
                cells=cells,
                reference_key=_reference_key(opp.reference),
                other_text=other_text,
                workstream_id=opp.workstream_id,
                stage=opp.stage,
                quadrant=quadrant,
                organisation_ids=frozenset(
                    [*opp.partner_ids, *([opp.lead_organisation_id] if opp.lead_organisation_id else [])]
                ),
                colour=workstream.colour if workstream else "",
                cashable_saving_pence=opp.cashable_saving_pence,
                planned_savings_pence=totals.planned if totals is not None else 0,
                actual_savings_pence=actual,
                measured_savings_pence=totals.measured if totals is not None else 0,
            )
        )
    return rows


def sorted_rows(rows: list[RegisterRow], column: int, descending: bool = False) -> list[RegisterRow]:
    # Ties fall back to the reference so the order is stable and predictable.
    if column == 0:
        return sorted(rows, key=lambda r: r.reference_key, reverse=descending)
    return sorted(rows, key=lambda r: (r.sort_key(column), r.reference_key), reverse=descending)
