"""The sample register: the Lancashire programme of the Combined Fire Authority paper of March 2018
(../shared/seeds/002_*.txt), as `bluelight sample` writes it. No Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from bluelight_desktop.core.model import RegisterData, Stage
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
