"""The sample register: the Lancashire programme of the Combined Fire Authority paper of March 2018
(../shared/seeds/002_*.txt), as `bluelight sample` writes it. No Qt."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from dateutil.rrule import rrulestr

from bluelight_desktop.core.model import (
    PAPER_FIELDS,
    ActionStatus,
    AgendaItem,
    AttendanceStatus,
    Board,
    Meeting,
    MeetingStatus,
    Nation,
    Opportunity,
    Outcome,
    Purpose,
    RegisterData,
    Stage,
)
from bluelight_desktop.core.quadrant import Quadrant, Thresholds, quadrant_for
from bluelight_desktop.storage.register import HEAD_REVISION, check_file, open_register
from bluelight_desktop.storage.sample import sample_source

# The paper's 32 named opportunities by workstream (its "&" written "and").
PAPER_OPPORTUNITIES = {
    "Shared Support Services": [
        "Recruitment and Selection",
        "First Aid Provision",
        "Health and Safety",
        "HR Support Services",
        "Occupational Health Services",
        "Wellbeing",
        "Co-location of Public Order Training Site",
        "LFRS Relocation of Service HQ",
        "Joint Procurement",
        "Accounting and Reporting Processes and link to LCC",
        "Joint Working on GDPR Compliance",
        "Shared Data, Risk and Analytical Reporting",
        "Rota and Resource Management Opportunities",
        "Fuel Business Continuity Plan",
        'Vehicle Maintenance for LFRS "Flexi Duty Officer" Cars',
        "Shared Asset Management",
        "Shared R&D",
    ],
    "Response": [
        "Real Time Demand Management",
        "PCSO cover for Retained Duty System",
        "Missing Person Response: Phase 2",
        "Joint Command Unit Working",
        "Second 'Event' Drone",
        "Duty Officer Communication",
    ],
    "Training": [
        "Driver Training",
        "Evaluation and quality assurance of training",
        "Leadership Development",
        "UKAS Accreditation of fire/crime scene",
        "Shared Learning Opportunities",
    ],
    "Engagement and Prevention": [
        "Joint Communications Activity",
        "Integrated Youth Volunteering Offer",
        "Police Smartphone HFSC Referrals",
        "Engagement and Visibility in 'Place' (PCSO/Community Safety Advisors)",
    ],
}
ACTIVE_STAGES = {Stage.BUSINESS_CASE, Stage.APPROVED, Stage.IMPLEMENTATION}


@pytest.fixture
def sample(sample_path: Path) -> RegisterData:
    with open_register(sample_path, read_only=True) as register:
        return register.load()


def test_the_sample_is_a_current_whole_register(sample_path: Path) -> None:
    found = check_file(sample_path, thorough=True)
    assert found.revision == HEAD_REVISION and found.integrity == "ok"


def test_the_four_services_of_the_paper(sample: RegisterData) -> None:
    by_name = {o.name: o for o in sample.organisations.values()}
    expected = {
        "Lancashire Fire and Rescue Service": ("LFRS", "fire and rescue"),
        "Lancashire Constabulary": ("LC", "police"),
        "North West Ambulance Service": ("NWAS", "ambulance"),
        "Lancashire County Council": ("LCC", "local authority"),
    }
    for name, (short_name, kind) in expected.items():
        assert name in by_name, name
        assert by_name[name].short_name == short_name
        assert by_name[name].kind.value == kind


def test_the_four_workstreams_hold_the_papers_32_opportunities(sample: RegisterData) -> None:
    assert {w.name for w in sample.workstreams.values()} == set(PAPER_OPPORTUNITIES)
    assert [len(titles) for titles in PAPER_OPPORTUNITIES.values()] == [17, 6, 5, 4]
    assert sum(len(titles) for titles in PAPER_OPPORTUNITIES.values()) == 32
    placed = {o.title: sample.workstreams[o.workstream_id or ""].name for o in sample.opportunities.values()}
    for workstream, titles in PAPER_OPPORTUNITIES.items():
        for title in titles:
            assert placed.get(title) == workstream, title


@pytest.mark.parametrize(
    ("title", "workstream"),
    [
        ("Real Time Demand Management", "Response"),
        ("Driver Training", "Training"),
        ("Police Smartphone HFSC Referrals", "Engagement and Prevention"),
        ("Joint Working on GDPR Compliance", "Shared Support Services"),
        ("Missing Person Response: Phase 2", "Response"),
    ],
)
def test_exact_titles(sample: RegisterData, title: str, workstream: str) -> None:
    matches = [o for o in sample.opportunities.values() if o.title == title]
    assert len(matches) == 1
    assert sample.workstreams[matches[0].workstream_id or ""].name == workstream


def test_the_running_collaborations_are_live(sample: RegisterData) -> None:
    short = {o.id: o.short_name for o in sample.organisations.values()}
    live = [o for o in sample.opportunities.values() if o.stage is Stage.LIVE]
    paper_titles = {t for titles in PAPER_OPPORTUNITIES.values() for t in titles}
    assert live and all(o.title not in paper_titles for o in live)

    def find(words: str, partner: str | None = None) -> None:
        hits = [
            o
            for o in live
            if words.lower() in o.title.lower()
            and (
                partner is None
                or partner in {short[i] for i in o.partner_ids}
                or short.get(o.lead_organisation_id or "") == partner
            )
        ]
        assert hits, f"no live collaboration about {words!r}"

    find("site sharing", "NWAS")
    find("joint procurement")
    find("vehicle servicing", "LCC")
    find("audit and finance", "LCC")


def test_both_boards_of_the_paper(sample: RegisterData) -> None:
    boards = {b.name: b for b in sample.boards.values()}
    assert set(boards) >= {"Collaboration Executive Board", "Collaboration Programme Board"}
    executive = boards["Collaboration Executive Board"]
    # Quarterly, jointly chaired by the two deputy chiefs; the Programme Board monthly.
    assert executive.cadence == "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYDAY=+2TH" and len(executive.chair_list) == 2
    assert "Deputy Chief Fire Officer" in executive.chairs
    assert "Deputy Chief Constable" in executive.chairs
    programme = boards["Collaboration Programme Board"]
    assert programme.cadence == "FREQ=MONTHLY;BYDAY=+3TU"
    assert "Chris Bithell" in programme.chairs and "Ben Norman" in programme.chairs
    # Each board has meetings planned.
    for board in (executive, programme):
        assert any(m.board_id == board.id for m in sample.meetings.values()), board.name


def test_placements_are_marked_illustrative(sample: RegisterData) -> None:
    placed = [o for o in sample.opportunities.values() if o.effort is not None and o.benefit is not None]
    assert len(placed) >= 30
    assert all(o.placement_illustrative for o in placed)
    assert "illustrative" in sample.settings.note.lower()


def test_at_most_two_active_major_projects(sample: RegisterData) -> None:
    settings = sample.settings
    assert settings.major_project_limit == 2
    thresholds = Thresholds(settings.effort_threshold, settings.benefit_threshold)
    active_major = [
        o.title
        for o in sample.opportunities.values()
        if o.stage in ACTIVE_STAGES and quadrant_for(o.effort, o.benefit, thresholds) is Quadrant.MAJOR_PROJECT
    ]
    assert len(active_major) <= settings.major_project_limit, active_major
    # The board still shows every quadrant of the paper.
    quadrants = {quadrant_for(o.effort, o.benefit, thresholds) for o in sample.opportunities.values()}
    assert quadrants == set(Quadrant)


def test_references_and_links_are_sound(sample: RegisterData) -> None:
    prefix = sample.settings.reference_prefix
    references = [o.reference for o in sample.opportunities.values()]
    assert prefix == "LAN"
    assert len(set(references)) == len(references)
    assert all(r.startswith(f"{prefix}-") and r[len(prefix) + 1 :].isdigit() for r in references)
    for o in sample.opportunities.values():
        assert o.workstream_id in sample.workstreams
        assert o.lead_organisation_id in sample.organisations
        assert o.lead_organisation_id not in o.partner_ids
        assert all(p in sample.organisations for p in o.partner_ids)
        assert all(d in sample.opportunities and d != o.id for d in o.dependency_ids)


def test_the_register_holds_what_the_source_lists(sample: RegisterData) -> None:
    source = sample_source()
    assert len(sample.opportunities) == len(source["opportunities"])
    assert len(sample.organisations) == len(source["organisations"])
    assert len(sample.workstreams) == len(source["workstreams"])
    assert len(sample.boards) == len(source["boards"])
    assert len(sample.meetings) == len(source["meetings"])
    assert sample.settings.name == source["register"]["name"]


# ---------------------------------------------------------------------------------------------- governance

TODAY = date(2026, 11, 21)  # "today" in the sample's world; the tests never read the real clock


def board_named(sample: RegisterData, short_name: str) -> Board:
    return next(b for b in sample.boards.values() if b.short_name == short_name)


def meeting_on(sample: RegisterData, short_name: str, day: date) -> Meeting:
    board = board_named(sample, short_name)
    return next(m for m in sample.meetings.values() if m.board_id == board.id and m.date == day)


def agenda_of(sample: RegisterData, meeting: Meeting) -> list[AgendaItem]:
    return sorted((a for a in sample.agenda_items.values() if a.meeting_id == meeting.id), key=lambda a: a.position)


def opportunity_titled(sample: RegisterData, title: str) -> Opportunity:
    return next(o for o in sample.opportunities.values() if o.title == title)


def test_the_register_holds_the_governance_the_source_lists(sample: RegisterData) -> None:
    source = sample_source()
    meetings = source["meetings"]

    def listed(key: str) -> int:
        return sum(len(m.get(key, [])) for m in meetings)

    assert len(sample.board_members) == sum(len(b.get("members", [])) for b in source["boards"])
    assert len(sample.agenda_items) == listed("agenda")
    assert len(sample.attendance) == listed("attendance")
    assert len(sample.decisions) == listed("decisions")
    assert len(sample.actions) == listed("actions")
    assert len(sample.closure_days) == 3
    # Enough of each to show every screen with something in it.
    assert len(sample.board_members) >= 12
    assert len(sample.agenda_items) >= 20
    assert len(sample.attendance) >= 40
    assert len(sample.decisions) >= 10
    assert len(sample.actions) >= 10


def test_both_boards_have_their_chairs_and_officers_as_members(sample: RegisterData) -> None:
    for board in sample.boards.values():
        assert board.nation is Nation.ENGLAND and board.cadence_from is not None
        members = [m for m in sample.board_members.values() if m.board_id == board.id]
        assert len(members) >= 6, board.name
        assert all(m.role and m.organisation_id in sample.organisations for m in members)
        assert sum(m.role == "Joint chair" for m in members) == 2, board.name
        roles = " ".join(m.role.lower() for m in members)
        assert "finance" in roles and "programme manager" in roles
    programme = board_named(sample, "CPB")
    names = {m.name for m in sample.board_members.values() if m.board_id == programme.id}
    assert {"Chief Superintendent Chris Bithell", "Area Manager Ben Norman"} <= names
    assert any("estates" in m.role.lower() for m in sample.board_members.values() if m.board_id == programme.id)
    assert "role title" in sample.settings.note


def test_every_meeting_keeps_its_place_in_its_boards_series(sample: RegisterData) -> None:
    for meeting in sample.meetings.values():
        board = sample.boards[meeting.board_id]
        assert board.cadence_from is not None and meeting.series_date is not None
        start = datetime.combine(board.cadence_from, datetime.min.time())
        series = rrulestr(board.cadence, dtstart=start).between(start, datetime(2027, 12, 31), inc=True)
        assert meeting.series_date in {d.date() for d in series}, (board.label, meeting.series_date)


def test_a_moved_and_a_cancelled_programme_board(sample: RegisterData) -> None:
    programme = board_named(sample, "CPB")
    future = [m for m in sample.meetings.values() if m.board_id == programme.id and m.date > TODAY]
    moved = [m for m in future if m.date != m.series_date]
    cancelled = [m for m in future if m.status is MeetingStatus.CANCELLED]
    assert [(m.series_date, m.date) for m in moved] == [(date(2027, 1, 19), date(2027, 1, 21))]
    assert [m.date for m in cancelled] == [date(2027, 2, 16)] and cancelled[0].cancelled
    assert sum(not m.cancelled for m in sample.meetings.values()) == len(sample.meetings) - 1


def test_past_meetings_hold_attendance_decisions_and_actions(sample: RegisterData) -> None:
    by_date = {m.date: m for m in sample.meetings.values()}
    past = [by_date[d] for d in (date(2026, 9, 10), date(2026, 9, 15), date(2026, 10, 20), date(2026, 11, 17))]
    assert {m.id for m in sample.meetings.values() if m.date < TODAY} == {m.id for m in past}
    for meeting in past:
        here = {a.status for a in sample.attendance.values() if a.meeting_id == meeting.id}
        assert {AttendanceStatus.PRESENT, AttendanceStatus.APOLOGIES} <= here, meeting.date
        assert any(d.meeting_id == meeting.id for d in sample.decisions.values()), meeting.date
        assert any(a.meeting_id == meeting.id for a in sample.actions.values()), meeting.date
    # Nothing is decided or minuted before a meeting is held.
    held = {m.id for m in past}
    for kind in (sample.attendance, sample.decisions, sample.actions):
        assert all(record.meeting_id in held for record in kind.values())
    minuted = [m for m in sample.meetings.values() if m.minutes_text]
    assert [m.date for m in minuted] == [date(2026, 11, 17)]
    assert "Illustrative" in minuted[0].minutes_text and "Date of next meeting" in minuted[0].minutes_text


def test_decisions_of_every_outcome_some_linked_to_opportunities_and_items(sample: RegisterData) -> None:
    decisions = list(sample.decisions.values())
    assert {d.outcome for d in decisions} == set(Outcome)
    linked = [d for d in decisions if d.opportunity_id]
    assert len(linked) >= 8 and all(d.opportunity_id in sample.opportunities for d in linked)
    with_item = [d for d in decisions if d.agenda_item_id]
    assert with_item and all(sample.agenda_items[d.agenda_item_id].meeting_id == d.meeting_id for d in with_item)
    assert len([d for d in decisions if d.stage_set]) >= 2
    assert all(d.text.strip() for d in decisions)


def test_a_decision_that_set_a_stage_is_in_that_opportunitys_history(sample_path: Path) -> None:
    with open_register(sample_path, read_only=True) as register:
        sample = register.load()
        stage_decisions = [d for d in sample.decisions.values() if d.stage_set]
        assert len(stage_decisions) >= 2
        for decision in stage_decisions:
            assert decision.opportunity_id is not None
            stage_rows = [h for h in register.history(decision.opportunity_id) if h["field"] == "stage"]
            set_here = [h for h in stage_rows if h["meeting_id"] == decision.meeting_id]
            assert [h["new_value"] for h in set_here] == [decision.stage_set.value]
            # Written in the same edit as the decision itself.
            decision_rows = register.history(decision.id)
            assert {h["action_id"] for h in decision_rows} == {set_here[0]["action_id"]}
            assert all(h["meeting_id"] == decision.meeting_id for h in decision_rows)
        # The history ends where the opportunity is now.
        for opportunity_id in {d.opportunity_id for d in stage_decisions}:
            assert opportunity_id is not None
            last = max(
                (d for d in stage_decisions if d.opportunity_id == opportunity_id),
                key=lambda d: sample.meetings[d.meeting_id].date,
            )
            assert sample.opportunities[opportunity_id].stage is last.stage_set


def test_the_gdpr_business_case_was_approved_at_the_executive_board(sample_path: Path) -> None:
    with open_register(sample_path, read_only=True) as register:
        sample = register.load()
        gdpr = opportunity_titled(sample, "Joint Working on GDPR Compliance")
        executive = meeting_on(sample, "CEB", date(2026, 9, 10))
        rows = [h for h in register.history(gdpr.id) if h["field"] == "stage"]
        assert [(h["old_value"], h["new_value"]) for h in rows] == [
            (None, "business case"),
            ("business case", "approved"),
        ]
        assert rows[-1]["meeting_id"] == executive.id
        assert any(c["record_id"] == gdpr.id for c in register.meeting_changes(executive.id))


def test_actions_done_open_and_overdue(sample: RegisterData) -> None:
    actions = list(sample.actions.values())
    assert all(a.owner and a.due is not None for a in actions)
    done = [a for a in actions if a.status is ActionStatus.DONE]
    overdue = [a for a in actions if a.overdue(TODAY)]
    still_due = [a for a in actions if a.status is ActionStatus.OPEN and a.due is not None and a.due >= TODAY]
    assert len(done) >= 3 and len(overdue) >= 2 and len(still_due) >= 2
    assert not any(a.overdue(TODAY) for a in done)
    assert any(a.opportunity_id for a in overdue)


def test_the_next_programme_board_has_a_full_agenda_with_papers(sample: RegisterData) -> None:
    meeting = meeting_on(sample, "CPB", date(2026, 12, 15))
    items = agenda_of(sample, meeting)
    assert 7 <= len(items) <= 9
    assert [a.position for a in items] == list(range(1, len(items) + 1))
    assert sum(a.minutes for a in items) <= meeting.minutes_allowed
    assert items[0].title.startswith("Apologies") and items[-1].title == "Any other business"
    assert any(a.title.startswith("Minutes of the meeting") for a in items)
    assert any(a.title == "Actions log" for a in items)
    assert all(a.presenter for a in items)
    papers = [a for a in items if a.opportunity_id]
    assert len(papers) >= 4
    assert {a.purpose for a in papers} == set(Purpose)
    for paper in papers:
        assert paper.has_paper and paper.executive_summary and paper.decision_required, paper.title
        assert paper.opportunity_id in sample.opportunities
    # Some headings are left empty, for the pack to print "None identified".
    assert any(not getattr(a, name) for a in papers for name in PAPER_FIELDS)
    # A paper deferred in November comes back, carried from its November item.
    carried = [a for a in items if a.carried_from_id]
    november = meeting_on(sample, "CPB", date(2026, 11, 17))
    assert carried and all(sample.agenda_items[a.carried_from_id].meeting_id == november.id for a in carried)


def test_the_next_executive_board_decides_a_business_case(sample: RegisterData) -> None:
    meeting = meeting_on(sample, "CEB", date(2026, 12, 10))
    items = agenda_of(sample, meeting)
    assert 3 <= len(items) < len(agenda_of(sample, meeting_on(sample, "CPB", date(2026, 12, 15))))
    assert sum(a.minutes for a in items) <= meeting.minutes_allowed
    cases = [a for a in items if a.purpose is Purpose.DECISION and "business case" in a.title.lower()]
    assert len(cases) == 1
    case = cases[0]
    assert case.opportunity_id is not None
    assert sample.opportunities[case.opportunity_id].stage is Stage.BUSINESS_CASE
    assert all(getattr(case, name) for name in PAPER_FIELDS)  # a business case answers every heading


def test_the_christmas_shutdown_is_a_closure_range(sample: RegisterData) -> None:
    days = sorted(sample.closure_days.values(), key=lambda c: c.date)
    assert [c.date for c in days] == [date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31)]
    assert all(c.name == "Shared services Christmas shutdown (illustrative)" for c in days)
