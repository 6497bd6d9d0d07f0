"""The sample register: the Lancashire programme from the seed papers (resources/sample/lancashire.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ..core.board import BoardRules, move_edit
from ..core.edits import Edit, RecordChange
from ..core.model import Board, Meeting, Opportunity, Organisation, OrganisationKind, Stage, Workstream
from ..paths import resources_dir
from .register import Register, create_register


def sample_source() -> dict[str, Any]:
    with (resources_dir() / "sample" / "lancashire.json").open(encoding="utf-8") as handle:
        return json.load(handle)


def write_sample(path: Path) -> Register:
    """Create the sample register at `path` (which must not exist) and return it open."""
    source = sample_source()
    info = source["register"]
    register = create_register(path, info["name"], info["reference_prefix"])
    try:
        register.set_setting("note", info.get("note", ""))
        organisations = {
            o["key"]: Organisation(o["name"], o["short_name"], OrganisationKind(o["kind"]), o.get("area", ""))
            for o in source["organisations"]
        }
        workstreams = {w["key"]: Workstream(w["name"], w["colour"]) for w in source["workstreams"]}
        opportunities: dict[str, Opportunity] = {}
        for number, item in enumerate(source["opportunities"], start=1):
            opportunities[item["title"]] = Opportunity(
                title=item["title"],
                reference=f"{info['reference_prefix']}-{number:03d}",
                summary=item.get("summary", ""),
                workstream_id=workstreams[item["workstream"]].id,
                lead_organisation_id=organisations[item["lead_organisation"]].id,
                lead_officer=item.get("lead_officer", ""),
                sponsor=item.get("sponsor", ""),
                partner_ids=[organisations[k].id for k in item.get("partners", [])],
                stage=Stage(item["stage"]),
                effort=item.get("effort"),
                benefit=item.get("benefit"),
                start_date=_date(item.get("start_date")),
                end_date=_date(item.get("end_date")),
                cashable_saving_pence=int(item.get("cashable_saving_per_year", 0)) * 100,
                one_off_cost_pence=int(item.get("one_off_cost", 0)) * 100,
                non_cashable_benefits=item.get("non_cashable_benefits", ""),
                risks=item.get("risks", ""),
                notes=item.get("notes", ""),
                shareable=bool(item.get("shareable", True)),
                placement_illustrative=bool(item.get("placement_illustrative", False)),
            )
        # Board moves made at past meetings: each opportunity starts where it was before the move, so its
        # history shows how the boards re-scored it.
        final_scores = {}
        for move in source.get("board_moves", []):
            moved = opportunities[move["title"]]
            final_scores[move["title"]] = (moved.effort, moved.benefit)
            moved.effort, moved.benefit = move["earlier"]["effort"], move["earlier"]["benefit"]
        for item in source["opportunities"]:
            opportunities[item["title"]].dependency_ids = [
                opportunities[title].id for title in item.get("dependencies", [])
            ]
        records = [*organisations.values(), *workstreams.values(), *opportunities.values()]
        register.apply(Edit("Create the sample register", [RecordChange(None, r) for r in records]))
        boards = {}
        for item in source["boards"]:
            board = Board(
                item["name"],
                item.get("short_name", ""),
                item.get("remit", ""),
                item.get("cadence", ""),
                "\n".join(item.get("chairs", [])),
                default_time=item.get("default_time", "10:00"),
                default_minutes=item.get("default_minutes", 120),
                default_location=item.get("default_location", ""),
                paper_lead_days=item.get("paper_lead_days", 5),
            )
            boards[item["key"]] = board
            register.add_board(board)
        meetings = {}
        for item in source["meetings"]:
            meeting = Meeting(
                boards[item["board"]].id,
                date.fromisoformat(item["date"]),
                item.get("time", ""),
                item.get("location", ""),
                minutes_allowed=boards[item["board"]].default_minutes,
                series_date=date.fromisoformat(item["date"]),
            )
            meetings[(item["board"], item["date"])] = meeting
            register.add_meeting(meeting)
        rules = BoardRules.from_settings(register.settings())
        for move in sorted(source.get("board_moves", []), key=lambda m: m["meeting"]["date"]):
            edit = move_edit(opportunities[move["title"]], *final_scores[move["title"]], rules)
            if edit is not None:
                edit.changes[0].after.placement_illustrative = True  # the sample's moves are illustrations too
                meeting = meetings[(move["meeting"]["board"], move["meeting"]["date"])]
                register.apply(edit, meeting_id=meeting.id)
    except BaseException:
        register.close()
        Path(path).unlink(missing_ok=True)
        raise
    return register


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
