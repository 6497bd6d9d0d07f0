"""Plain-words validation of what a user enters. Each function returns the problems, empty when all is well."""

from __future__ import annotations

import re

from .model import Opportunity, Organisation, Workstream

MAX_MONEY_PENCE = 100_000_000_000  # £1bn: far above any collaboration, catches a slipped key
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def validate_opportunity(opp: Opportunity, known_ids: set[str] | None = None) -> list[str]:
    problems: list[str] = []
    if not opp.title.strip():
        problems.append("Title is required.")
    elif len(opp.title) > 200:
        problems.append("Title is too long: keep it under 200 characters.")
    for label, score in (("Effort", opp.effort), ("Benefit", opp.benefit)):
        if score is not None and not 0 <= score <= 100:
            problems.append(f"{label} must be between 0 and 100.")
    if (opp.effort is None) != (opp.benefit is None):
        problems.append("Give both effort and benefit, or neither, to place it on the board.")
    if opp.start_date and opp.end_date and opp.end_date < opp.start_date:
        problems.append("End date is before start date.")
    for label, pence in (
        ("Cashable saving", opp.cashable_saving_pence),
        ("One-off cost", opp.one_off_cost_pence),
    ):
        if pence < 0:
            problems.append(f"{label} cannot be negative.")
        elif pence > MAX_MONEY_PENCE:
            problems.append(f"{label} is more than £1bn: check the figure.")
    if opp.lead_organisation_id and opp.lead_organisation_id in opp.partner_ids:
        problems.append("The lead organisation is already the lead: untick it among the partners.")
    if opp.id in opp.dependency_ids:
        problems.append("An opportunity cannot depend on itself.")
    if known_ids is not None:
        if any(dep not in known_ids for dep in opp.dependency_ids):
            problems.append("A dependency points to an opportunity that no longer exists.")
    return problems


def validate_organisation(org: Organisation, other_short_names: set[str]) -> list[str]:
    problems: list[str] = []
    if not org.name.strip():
        problems.append("Name is required.")
    if not org.short_name.strip():
        problems.append("Short name is required (for example LFRS).")
    elif len(org.short_name) > 12:
        problems.append("Short name is too long: keep it to 12 characters.")
    elif org.short_name.strip().casefold() in {s.casefold() for s in other_short_names}:
        problems.append(f"Another organisation is already called {org.short_name.strip()}.")
    return problems


def validate_workstream(ws: Workstream, other_names: set[str]) -> list[str]:
    problems: list[str] = []
    if not ws.name.strip():
        problems.append("Name is required.")
    elif ws.name.strip().casefold() in {n.casefold() for n in other_names}:
        problems.append(f"There is already a workstream called {ws.name.strip()}.")
    if not _COLOUR.match(ws.colour):
        problems.append("Colour must be a colour such as #1f6fb2.")
    return problems


_PREFIX = re.compile(r"^[A-Z][A-Z0-9]{1,5}$")


def validate_new_register(name: str, reference_prefix: str) -> list[str]:
    problems: list[str] = []
    if not name.strip():
        problems.append("Give the register a name, for example Lancashire Blue Light Collaboration.")
    if not _PREFIX.match(reference_prefix):
        problems.append("The reference prefix is 2 to 6 capital letters or digits, starting with a letter (e.g. LAN).")
    return problems


def validate_board_rules(
    effort_threshold: int, benefit_threshold: int, limit: int, active_stages: list[str]
) -> list[str]:
    problems: list[str] = []
    for label, value in (("Effort", effort_threshold), ("Benefit", benefit_threshold)):
        if not 1 <= value <= 99:
            problems.append(f"The {label.lower()} line must be between 1 and 99.")
    if not 1 <= limit <= 20:
        problems.append("The number of major projects at once must be between 1 and 20 (the paper says 1 or 2).")
    if not active_stages:
        problems.append("Tick at least one stage that counts as an active major project.")
    return problems
