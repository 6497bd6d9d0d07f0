"""Entities of a collaboration register, as plain dataclasses."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum


def new_id() -> str:
    return str(uuid.uuid4())


class OrganisationKind(StrEnum):
    POLICE = "police"
    FIRE = "fire and rescue"
    AMBULANCE = "ambulance"
    LOCAL_AUTHORITY = "local authority"
    PCC = "PCC"
    HEALTH = "health"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"PCC": "Police and crime commissioner"}.get(self.value, self.value.capitalize())


class Stage(StrEnum):
    IDEA = "idea"
    SCOPING = "scoping"
    BUSINESS_CASE = "business case"
    APPROVED = "approved"
    IMPLEMENTATION = "implementation"
    LIVE = "live"
    BENEFITS_REVIEW = "benefits review"
    CLOSED = "closed"
    PARKED = "parked"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass
class Organisation:
    name: str
    short_name: str
    kind: OrganisationKind
    area: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Workstream:
    name: str
    colour: str = "#4a6fa5"
    id: str = field(default_factory=new_id)


@dataclass
class Opportunity:
    """A proposed or running collaboration. Money is held in whole pence."""

    title: str
    reference: str = ""
    summary: str = ""
    workstream_id: str | None = None
    lead_organisation_id: str | None = None
    lead_officer: str = ""
    sponsor: str = ""
    partner_ids: list[str] = field(default_factory=list)
    stage: Stage = Stage.IDEA
    effort: int | None = None
    benefit: int | None = None
    start_date: date | None = None
    end_date: date | None = None
    cashable_saving_pence: int = 0
    one_off_cost_pence: int = 0
    non_cashable_benefits: str = ""
    risks: str = ""
    dependency_ids: list[str] = field(default_factory=list)
    notes: str = ""
    shareable: bool = True
    placement_illustrative: bool = False
    id: str = field(default_factory=new_id)


class Nation(StrEnum):
    """Whose bank holidays a board's paper deadlines skip (codes of the `holidays` package's UK subdivisions)."""

    ENGLAND = "ENG"
    WALES = "WLS"
    SCOTLAND = "SCT"
    NORTHERN_IRELAND = "NIR"

    @property
    def label(self) -> str:
        return {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}[self.value]


@dataclass
class Board:
    """A governance body. `cadence` is an iCalendar RRULE (FREQ=MONTHLY;BYDAY=+3TU), read by dateutil; it
    applies to meetings from `cadence_from` on, so a new cadence never rewrites meetings already held."""

    name: str
    short_name: str = ""
    remit: str = ""
    cadence: str = ""
    chairs: str = ""  # one chair per line; one or jointly two
    default_time: str = "10:00"
    default_minutes: int = 120  # the meeting's length, against which the agenda's minutes are checked
    default_location: str = ""
    paper_lead_days: int = 5  # clear working days between publishing papers and the meeting
    nation: Nation = Nation.ENGLAND
    cadence_from: date | None = None
    id: str = field(default_factory=new_id)

    @property
    def chair_list(self) -> list[str]:
        return [line.strip() for line in self.chairs.splitlines() if line.strip()]

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass
class BoardMember:
    board_id: str
    name: str
    role: str = ""  # e.g. Deputy Chief Constable
    organisation_id: str | None = None
    id: str = field(default_factory=new_id)


class MeetingStatus(StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass
class Meeting:
    """One meeting of a board. `series_date` is the date the cadence gave it (None for a meeting added by
    hand): a moved or cancelled meeting keeps its place in the series, so regenerating never duplicates it."""

    board_id: str
    date: date
    time: str = ""
    location: str = ""
    minutes_allowed: int = 120
    status: MeetingStatus = MeetingStatus.SCHEDULED
    series_date: date | None = None
    minutes_text: str = ""  # the minutes of the meeting, once recorded
    id: str = field(default_factory=new_id)

    @property
    def cancelled(self) -> bool:
        return self.status is MeetingStatus.CANCELLED


class Purpose(StrEnum):
    DECISION = "decision"
    DISCUSSION = "discussion"
    INFORMATION = "information"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# The committee report headings of the seed papers, in their order: (field name, heading as printed).
PAPER_HEADINGS: tuple[tuple[str, str], ...] = (
    ("executive_summary", "Executive summary"),
    ("decision_required", "Decision required"),
    ("background", "Background"),
    ("proposal", "Proposal"),
    ("business_risk", "Business risk"),
    ("environmental_impact", "Sustainability or environmental impact"),
    ("equality_diversity", "Equality and diversity implications"),
    ("hr_implications", "HR implications"),
    ("financial_implications", "Financial implications"),
    ("background_papers", "Background papers"),
)
PAPER_FIELDS = tuple(name for name, _heading in PAPER_HEADINGS)
NONE_IDENTIFIED = "None identified"


@dataclass
class AgendaItem:
    """A numbered item on a meeting's agenda, with its paper under the committee report headings."""

    meeting_id: str
    title: str
    position: int = 0  # 1-based order on the agenda
    purpose: Purpose = Purpose.DISCUSSION
    presenter: str = ""
    minutes: int = 10
    opportunity_id: str | None = None
    executive_summary: str = ""
    decision_required: str = ""
    background: str = ""
    proposal: str = ""
    business_risk: str = ""
    environmental_impact: str = ""
    equality_diversity: str = ""
    hr_implications: str = ""
    financial_implications: str = ""
    background_papers: str = ""
    carried_from_id: str | None = None  # the item this one was carried or referred from
    id: str = field(default_factory=new_id)

    @property
    def has_paper(self) -> bool:
        return any(getattr(self, name).strip() for name in PAPER_FIELDS)


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    APOLOGIES = "apologies"
    ABSENT = "absent"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass
class Attendance:
    meeting_id: str
    name: str
    status: AttendanceStatus = AttendanceStatus.PRESENT
    role: str = ""
    organisation_id: str | None = None
    id: str = field(default_factory=new_id)


class Outcome(StrEnum):
    APPROVED = "approved"
    APPROVED_WITH_CONDITIONS = "approved with conditions"
    DEFERRED = "deferred"
    REJECTED = "rejected"
    NOTED = "noted"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass
class Decision:
    meeting_id: str
    outcome: Outcome
    text: str
    agenda_item_id: str | None = None
    opportunity_id: str | None = None
    stage_set: Stage | None = None  # the stage the decision moved its opportunity to, if any
    id: str = field(default_factory=new_id)


class ActionStatus(StrEnum):
    OPEN = "open"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass
class Action:
    meeting_id: str
    description: str
    owner: str = ""
    due: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    agenda_item_id: str | None = None
    opportunity_id: str | None = None
    id: str = field(default_factory=new_id)

    def overdue(self, today: date) -> bool:
        return self.status is ActionStatus.OPEN and self.due is not None and self.due < today


@dataclass
class ClosureDay:
    """A day the register's services treat as closed for paper deadlines (besides weekends and bank
    holidays), such as a shared-services shutdown between Christmas and New Year."""

    date: date
    name: str = ""
    id: str = field(default_factory=new_id)


class BenefitKind(StrEnum):
    """The kinds of benefit the seed papers count, each with the unit it is usually counted in."""

    CASHABLE_SAVING = "cashable saving"
    CAPITAL_RECEIPT = "capital receipt"
    COST_AVOIDANCE = "cost avoidance"
    NON_CASHABLE_SAVING = "non-cashable saving"
    HOURS_RELEASED = "hours released"
    OUTCOME_MEASURE = "outcome measure"

    @property
    def label(self) -> str:
        return self.value.capitalize()

    @property
    def usual_unit(self) -> Unit:
        return {
            "hours released": Unit.HOURS,
            "outcome measure": Unit.COUNT,
        }.get(self.value, Unit.POUNDS)


class Unit(StrEnum):
    POUNDS = "pounds"
    HOURS = "hours"
    COUNT = "count"
    PERCENT = "percent"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class CostKind(StrEnum):
    ONE_OFF = "one-off"
    RECURRING = "recurring"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass
class BenefitLine:
    """One benefit of an opportunity in one financial year. Amounts are in hundredths of the unit (pence for
    pounds, hundredths of an hour, of a count, of a percentage point), so money stays exact. `actual` is None
    until the benefit has been measured. `shares` gives each partner organisation's share in hundredths of a
    percent (4000 is 40%); empty means equal shares among the opportunity's lead and partners."""

    opportunity_id: str
    kind: BenefitKind
    year: int  # the financial year starting in April of this year: 2026 is 2026/27
    unit: Unit = Unit.POUNDS
    planned: int = 0
    actual: int | None = None
    evidence: str = ""
    owner: str = ""
    shares: dict[str, int] = field(default_factory=dict)
    id: str = field(default_factory=new_id)


@dataclass
class CostLine:
    """One cost of an opportunity in one financial year, in pence, shared between partners as BenefitLine is."""

    opportunity_id: str
    kind: CostKind
    year: int
    planned: int = 0
    actual: int | None = None
    note: str = ""
    owner: str = ""
    shares: dict[str, int] = field(default_factory=dict)
    id: str = field(default_factory=new_id)


@dataclass
class RegisterSettings:
    name: str = "Untitled register"
    reference_prefix: str = "REF"
    effort_threshold: int = 50
    benefit_threshold: int = 50
    major_project_limit: int = 2
    active_stages: tuple[Stage, ...] | None = None  # None: the board's default (business case to implementation)
    note: str = ""
    marking: str = "OFFICIAL"  # the protective marking printed on packs and exports


@dataclass
class RegisterData:
    """Everything the register screens show, loaded in one go."""

    settings: RegisterSettings
    organisations: dict[str, Organisation]
    workstreams: dict[str, Workstream]
    opportunities: dict[str, Opportunity]
    boards: dict[str, Board]
    meetings: dict[str, Meeting]
    board_members: dict[str, BoardMember] = field(default_factory=dict)
    agenda_items: dict[str, AgendaItem] = field(default_factory=dict)
    attendance: dict[str, Attendance] = field(default_factory=dict)
    decisions: dict[str, Decision] = field(default_factory=dict)
    actions: dict[str, Action] = field(default_factory=dict)
    closure_days: dict[str, ClosureDay] = field(default_factory=dict)
    benefit_lines: dict[str, BenefitLine] = field(default_factory=dict)
    cost_lines: dict[str, CostLine] = field(default_factory=dict)
