"""The register schema, declared with SQLModel.

This is the schema's single declaration: Alembic compares migrations against it (`alembic check`, and a
test does the same). The app's hot path does not import it: a register is read and written through
`storage.repository` with the standard library's sqlite3, so start-up does not pay for SQLAlchemy and
pydantic (see tests/bench/bench_startup.py). The SQL there is plain, with named parameters, so the same
statements run through SQLAlchemy's `text()` on PostgreSQL.
"""

from __future__ import annotations

from sqlmodel import Field, SQLModel


class Tracked(SQLModel):
    """Columns every mergeable record carries: a UUID, who changed it and when, and a tombstone."""

    id: str = Field(primary_key=True, max_length=36)
    created_at: str = Field(max_length=32)
    created_by: str = Field(max_length=100)
    updated_at: str = Field(max_length=32)
    updated_by: str = Field(max_length=100)
    deleted_at: str | None = Field(default=None, max_length=32)


class Setting(SQLModel, table=True):
    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=100)
    value: str


class Organisation(Tracked, table=True):
    __tablename__ = "organisation"
    name: str = Field(max_length=200)
    short_name: str = Field(max_length=20)
    kind: str = Field(max_length=40)
    area: str = Field(default="", max_length=200)


class Workstream(Tracked, table=True):
    __tablename__ = "workstream"
    name: str = Field(max_length=200)
    colour: str = Field(max_length=9)


class Opportunity(Tracked, table=True):
    __tablename__ = "opportunity"
    reference: str = Field(max_length=20, index=True, unique=True)
    title: str = Field(max_length=200)
    summary: str = ""
    workstream_id: str | None = Field(default=None, foreign_key="workstream.id", max_length=36)
    lead_organisation_id: str | None = Field(default=None, foreign_key="organisation.id", max_length=36)
    lead_officer: str = Field(default="", max_length=200)
    sponsor: str = Field(default="", max_length=200)
    stage: str = Field(max_length=40)
    effort: int | None = None
    benefit: int | None = None
    start_date: str | None = Field(default=None, max_length=10)
    end_date: str | None = Field(default=None, max_length=10)
    cashable_saving_pence: int = 0
    one_off_cost_pence: int = 0
    non_cashable_benefits: str = ""
    risks: str = ""
    notes: str = ""
    shareable: bool = True
    placement_illustrative: bool = False


class OpportunityPartner(Tracked, table=True):
    __tablename__ = "opportunity_partner"
    opportunity_id: str = Field(foreign_key="opportunity.id", max_length=36, index=True)
    organisation_id: str = Field(foreign_key="organisation.id", max_length=36)


class OpportunityDependency(Tracked, table=True):
    __tablename__ = "opportunity_dependency"
    opportunity_id: str = Field(foreign_key="opportunity.id", max_length=36, index=True)
    depends_on_id: str = Field(foreign_key="opportunity.id", max_length=36)


class Board(Tracked, table=True):
    __tablename__ = "board"
    name: str = Field(max_length=200)
    short_name: str = Field(default="", max_length=20)
    remit: str = ""
    cadence: str = Field(default="", max_length=200)  # an iCalendar RRULE
    chairs: str = ""  # one per line
    default_time: str = Field(default="10:00", max_length=5)
    default_minutes: int = 120
    default_location: str = Field(default="", max_length=200)
    paper_lead_days: int = 5
    nation: str = Field(default="ENG", max_length=3)
    cadence_from: str | None = Field(default=None, max_length=10)


class BoardMember(Tracked, table=True):
    __tablename__ = "board_member"
    board_id: str = Field(foreign_key="board.id", max_length=36, index=True)
    name: str = Field(max_length=200)
    role: str = Field(default="", max_length=200)
    organisation_id: str | None = Field(default=None, foreign_key="organisation.id", max_length=36)


class Meeting(Tracked, table=True):
    __tablename__ = "meeting"
    board_id: str = Field(foreign_key="board.id", max_length=36, index=True)
    date: str = Field(max_length=10)
    time: str = Field(default="", max_length=5)
    location: str = Field(default="", max_length=200)
    minutes_allowed: int = 120
    status: str = Field(default="scheduled", max_length=20)
    series_date: str | None = Field(default=None, max_length=10)
    minutes_text: str = ""


class AgendaItem(Tracked, table=True):
    __tablename__ = "agenda_item"
    meeting_id: str = Field(foreign_key="meeting.id", max_length=36, index=True)
    position: int = 0
    title: str = Field(max_length=300)
    purpose: str = Field(max_length=20)
    presenter: str = Field(default="", max_length=200)
    minutes: int = 10
    opportunity_id: str | None = Field(default=None, foreign_key="opportunity.id", max_length=36)
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
    carried_from_id: str | None = Field(default=None, max_length=36)


class Attendance(Tracked, table=True):
    __tablename__ = "attendance"
    meeting_id: str = Field(foreign_key="meeting.id", max_length=36, index=True)
    name: str = Field(max_length=200)
    status: str = Field(max_length=20)
    role: str = Field(default="", max_length=200)
    organisation_id: str | None = Field(default=None, foreign_key="organisation.id", max_length=36)


class Decision(Tracked, table=True):
    __tablename__ = "decision"
    meeting_id: str = Field(foreign_key="meeting.id", max_length=36, index=True)
    outcome: str = Field(max_length=40)
    text: str = ""
    agenda_item_id: str | None = Field(default=None, foreign_key="agenda_item.id", max_length=36)
    opportunity_id: str | None = Field(default=None, foreign_key="opportunity.id", max_length=36)
    stage_set: str | None = Field(default=None, max_length=40)


class Action(Tracked, table=True):
    __tablename__ = "action"
    meeting_id: str = Field(foreign_key="meeting.id", max_length=36, index=True)
    description: str
    owner: str = Field(default="", max_length=200)
    due: str | None = Field(default=None, max_length=10)
    status: str = Field(default="open", max_length=20)
    agenda_item_id: str | None = Field(default=None, foreign_key="agenda_item.id", max_length=36)
    opportunity_id: str | None = Field(default=None, foreign_key="opportunity.id", max_length=36)


class ClosureDay(Tracked, table=True):
    __tablename__ = "closure_day"
    date: str = Field(max_length=10)
    name: str = Field(default="", max_length=200)


class BenefitLine(Tracked, table=True):
    """A benefit of an opportunity in one financial year (core.model.BenefitLine): amounts in hundredths of the
    unit; `shares` is JSON mapping organisation ids to hundredths of a percent ("" or "{}": equal shares)."""

    __tablename__ = "benefit_line"
    opportunity_id: str = Field(foreign_key="opportunity.id", max_length=36, index=True)
    kind: str = Field(max_length=40)
    unit: str = Field(max_length=20)
    year: int
    planned: int = 0
    actual: int | None = None
    evidence: str = ""
    owner: str = Field(default="", max_length=200)
    shares: str = "{}"


class CostLine(Tracked, table=True):
    """A cost of an opportunity in one financial year, in pence, shared as a benefit line is."""

    __tablename__ = "cost_line"
    opportunity_id: str = Field(foreign_key="opportunity.id", max_length=36, index=True)
    kind: str = Field(max_length=20)
    year: int
    planned: int = 0
    actual: int | None = None
    note: str = ""
    owner: str = Field(default="", max_length=200)
    shares: str = "{}"


class ChangeLog(SQLModel, table=True):
    """One row per field changed; rows of one user action share an action_id."""

    __tablename__ = "change_log"
    seq: int | None = Field(default=None, primary_key=True)
    action_id: str = Field(max_length=36, index=True)
    action: str = Field(max_length=200)
    entity: str = Field(max_length=40)
    record_id: str = Field(max_length=36, index=True)
    field: str = Field(max_length=60)
    old_value: str | None = None
    new_value: str | None = None
    changed_by: str = Field(max_length=100)
    changed_at: str = Field(max_length=32)
    meeting_id: str | None = Field(default=None, max_length=36)


class ExchangeBase(SQLModel, table=True):
    """A partner register's records as this register last received them in a merge (storage/merge.py): the
    common ancestor the next merge with that partner compares against. `values_json` holds the record's stored
    values (an opportunity's partners and dependencies as sorted lists of ids); `deleted` marks a tombstone."""

    __tablename__ = "exchange_base"
    partner_register_id: str = Field(primary_key=True, max_length=36)
    entity: str = Field(primary_key=True, max_length=40)
    record_id: str = Field(primary_key=True, max_length=36)
    values_json: str
    deleted: bool = False


class ExchangePartner(SQLModel, table=True):
    """A partner register merged into this one: its name then, and the last merge's when and who."""

    __tablename__ = "exchange_partner"
    partner_register_id: str = Field(primary_key=True, max_length=36)
    partner_name: str = Field(max_length=200)
    last_merged_at: str = Field(max_length=32)
    last_merged_by: str = Field(max_length=100)


metadata = SQLModel.metadata
