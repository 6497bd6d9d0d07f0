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


@dataclass
class Board:
    name: str
    short_name: str = ""
    remit: str = ""
    cadence: str = ""
    chairs: str = ""
    id: str = field(default_factory=new_id)


@dataclass
class Meeting:
    board_id: str
    date: date
    time: str = ""
    location: str = ""
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


@dataclass
class RegisterData:
    """Everything the register screens show, loaded in one go."""

    settings: RegisterSettings
    organisations: dict[str, Organisation]
    workstreams: dict[str, Workstream]
    opportunities: dict[str, Opportunity]
    boards: dict[str, Board]
    meetings: dict[str, Meeting]
