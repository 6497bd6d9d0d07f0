"""The register schema under Alembic (db/): the revision chain, the schema it builds, old files upgrading.

Old register files live in tests/storage/fixtures/ (see the README there), one per schema revision: each must
open with the current code and keep its data.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bluelight_desktop.core.model import RegisterData
from bluelight_desktop.storage import register as register_module
from bluelight_desktop.storage.merge import exchange_partners, read_base
from bluelight_desktop.storage.register import (
    HEAD_REVISION,
    KNOWN_REVISIONS,
    Register,
    RegisterError,
    check_file,
    create_register,
    open_register,
)

REPO_ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# What each committed fixture holds (the fixtures never change once committed, so these stay fixed).
FIXTURE_CONTENTS = {
    "register-0001.bluelight": {
        "revision": "0001",
        "counts": {"opportunities": 36, "organisations": 5, "workstreams": 4, "boards": 2, "meetings": 10}
        | {"agenda items": 0, "decisions": 0, "actions": 0},
    },
    "register-0002.bluelight": {
        "revision": "0002",
        "counts": {"opportunities": 36, "organisations": 5, "workstreams": 4, "boards": 2, "meetings": 10}
        | {"agenda items": 1, "decisions": 1, "actions": 1},
    },
    "register-0003.bluelight": {
        "revision": "0003",
        "counts": {"opportunities": 36, "organisations": 5, "workstreams": 4, "boards": 2, "meetings": 10}
        | {"agenda items": 1, "decisions": 1, "actions": 1},
        "partners": ["Fixture partner"],  # merged twice; the second merge took a note of theirs
    },
    "register-0004.bluelight": {
        "revision": "0004",
        "counts": {"opportunities": 36, "organisations": 5, "workstreams": 4, "boards": 2, "meetings": 10}
        | {"agenda items": 1, "decisions": 1, "actions": 1},
        "partners": ["Fixture partner"],
        "benefit lines": 2,  # a cashable saving shared 40/60 and hours released, and a recurring cost
    },
}


def site_shares(data: RegisterData) -> dict[str, int]:
    return next(b.shares for b in data.benefit_lines.values() if b.shares)


def fixture_files() -> list[Path]:
    return sorted(FIXTURES.glob("*.bluelight"))


def backups(home: Path) -> list[Path]:
    folder = home / "data" / "backups"
    return sorted(folder.iterdir()) if folder.exists() else []


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
    return env


# ------------------------------------------------------------------------------------- the revision chain


def test_known_revisions_match_the_alembic_chain() -> None:
    from alembic.script import ScriptDirectory

    from bluelight_desktop.storage.migrate import alembic_config

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    chain = [revision.revision for revision in script.walk_revisions()]  # newest first
    assert tuple(reversed(chain)) == KNOWN_REVISIONS
    assert script.get_heads() == [HEAD_REVISION] == [KNOWN_REVISIONS[-1]]
    assert script.get_bases() == [KNOWN_REVISIONS[0]]
    # One migration file per revision, named after it so the folder lists them in order.
    for revision in script.walk_revisions():
        assert Path(revision.path).name.startswith(f"{revision.revision}_")


def test_a_new_register_matches_the_declared_schema(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from bluelight_desktop.storage.schema import metadata

    path = tmp_path / "fresh.bluelight"
    create_register(path, "Fresh").close()
    engine = create_engine(f"sqlite:///{path}")
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert context.get_current_revision() == HEAD_REVISION
            assert compare_metadata(context, metadata) == []
    finally:
        engine.dispose()


def test_opening_a_current_file_does_not_import_alembic_or_sqlalchemy(sample_path: Path) -> None:
    code = (
        "import sys\n"
        "from bluelight_desktop.storage.register import open_register\n"
        "for read_only in (False, True):\n"
        "    register = open_register(sys.argv[1], read_only=read_only)\n"
        "    register.load(); register.counts(); register.next_reference(); register.close()\n"
        "print('alembic' in sys.modules, 'sqlalchemy' in sys.modules, 'sqlmodel' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(sample_path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "False"]


# ---------------------------------------------------------------------------------------- old files


def test_there_is_a_fixture_for_every_known_revision() -> None:
    found = {check_file(path).revision for path in fixture_files()}
    assert found == set(KNOWN_REVISIONS), "add a fixture register for each new revision (see fixtures/README.md)"
    assert {p.name for p in fixture_files()} == set(FIXTURE_CONTENTS)
    assert (FIXTURES / "README.md").is_file()


@pytest.mark.parametrize("fixture", fixture_files(), ids=lambda p: p.name)
def test_each_fixture_opens_and_keeps_its_data(fixture: Path, tmp_path: Path, bluelight_home: Path) -> None:
    expected = FIXTURE_CONTENTS[fixture.name]
    committed = hashlib.sha256(fixture.read_bytes()).hexdigest()
    path = tmp_path / fixture.name
    shutil.copyfile(fixture, path)
    assert check_file(path, thorough=True).revision == expected["revision"]

    with open_register(path) as register:
        data = register.load()
        assert register.counts() == expected["counts"]
        next_reference = register.next_reference()
        partners = exchange_partners(register)
    assert check_file(path, thorough=True).revision == HEAD_REVISION

    titles = {o.title: o for o in data.opportunities.values()}
    demand = titles["Real Time Demand Management"]
    assert demand.reference.startswith("LAN-")
    assert {data.organisations[i].short_name for i in demand.partner_ids} == {"LFRS", "NWAS"}
    assert [data.opportunities[i].title for i in demand.dependency_ids] == [
        "Shared Data, Risk and Analytical Reporting"
    ]
    assert data.workstreams[demand.workstream_id or ""].name == "Response"
    assert titles["Recruitment and Selection"].reference == "LAN-001"
    assert next_reference == "LAN-037"
    assert {b.name for b in data.boards.values()} == {
        "Collaboration Executive Board",
        "Collaboration Programme Board",
    }
    assert data.settings.name == "Lancashire Blue Light Collaboration"
    # Exchange bases (0003): what was last received from each partner register survives, and is the next base.
    assert [p.name for p in partners] == expected.get("partners", [])
    if partners:
        assert demand.notes == "Fixture merged note"
        with Register(path, read_only=True) as register:
            base = read_base(register, partners[0].register_id)
        assert base[("opportunity", demand.id)]["notes"] == "Fixture merged note"  # type: ignore[index]
        assert len([key for key in base if key[0] == "opportunity"]) == 36
    programme = next(b for b in data.boards.values() if b.short_name == "CPB")
    if expected["revision"] == "0001":  # boards from before calendars take the defaults a new board gets
        assert (programme.paper_lead_days, programme.default_minutes, programme.nation.value) == (5, 120, "ENG")
        assert all(m.status.value == "scheduled" and m.series_date is None for m in data.meetings.values())
    else:
        assert (
            programme.cadence == "FREQ=MONTHLY;BYDAY=+3TU"
            and programme.chair_list[1] == "Area Manager Ben Norman, LFRS"
        )
        [item] = data.agenda_items.values()
        [decision] = data.decisions.values()
        [action] = data.actions.values()
        assert (item.title, item.purpose.value, item.minutes) == ("Fixture item", "decision", 15)
        assert (decision.outcome.value, decision.stage_set) == ("approved with conditions", "approved")
        assert (action.owner, action.due, action.status.value) == ("Fixture owner", date(2026, 12, 1), "open")
        assert [a.status.value for a in data.attendance.values()] == ["apologies"]
        assert [c.name for c in data.closure_days.values()] == ["Fixture closure"]
        assert [m.name for m in data.board_members.values()] == ["Fixture Member"]

    # Benefits and costs (0004): none before; the fixture's lines keep their figures and shares.
    assert len(data.benefit_lines) == expected.get("benefit lines", 0)
    if data.benefit_lines:
        site = titles["Site Sharing with North West Ambulance Service"]
        shares = {data.organisations[o].short_name: s for o, s in site_shares(data).items()}
        assert shares == {"LFRS": 4000, "NWAS": 6000}
        saving = next(b for b in data.benefit_lines.values() if b.kind.value == "cashable saving")
        assert (saving.opportunity_id, saving.year, saving.planned, saving.actual) == (site.id, 2025, 3500000, 3580000)
        [cost] = data.cost_lines.values()
        assert (cost.kind.value, cost.planned, cost.actual, cost.note) == (
            "recurring",
            1200000,
            1180000,
            "Fixture running costs",
        )

    taken = backups(bluelight_home)
    if expected["revision"] == HEAD_REVISION:
        assert taken == []
    else:  # upgraded: the original was kept first
        assert len(taken) == 1 and f"before upgrade from {expected['revision']}" in taken[0].name
        assert check_file(taken[0]).revision == expected["revision"]
    assert hashlib.sha256(fixture.read_bytes()).hexdigest() == committed  # the committed fixture is untouched


def test_upgrading_a_current_file_keeps_its_data(tmp_path: Path) -> None:
    """The real Alembic upgrade, run on a file already at head, changes nothing the app reads."""
    from bluelight_desktop.storage.migrate import upgrade_to_head

    path = tmp_path / "current.bluelight"
    shutil.copyfile(fixture_files()[-1], path)  # the newest fixture is at head
    with open_register(path, read_only=True) as register:
        before = register.load()
    upgrade_to_head(path)
    assert check_file(path, thorough=True).revision == HEAD_REVISION
    with open_register(path, read_only=True) as register:
        assert register.load() == before


@pytest.fixture
def one_revision_behind(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Path, list[Path]]]:
    """Pretend this version knows a revision after the file's, with an upgrade that only records that it was
    called (and which backups existed at that moment)."""
    import bluelight_desktop.storage.migrate as migrate

    calls: list[tuple[Path, list[Path]]] = []
    home = Path(os.environ["BLUELIGHT_HOME"])
    future = f"{int(HEAD_REVISION) + 1:04d}"
    monkeypatch.setattr(register_module, "KNOWN_REVISIONS", (*KNOWN_REVISIONS, future))
    monkeypatch.setattr(register_module, "HEAD_REVISION", future)
    monkeypatch.setattr(migrate, "upgrade_to_head", lambda path: calls.append((Path(path), backups(home))))
    return calls


def test_an_older_file_is_backed_up_before_it_is_upgraded(
    sample_path: Path, bluelight_home: Path, one_revision_behind: list[tuple[Path, list[Path]]]
) -> None:
    original = sample_path.read_bytes()
    with open_register(sample_path) as register:
        data = register.load()
    taken = backups(bluelight_home)
    assert len(taken) == 1
    backup = taken[0]
    assert backup.parent == bluelight_home / "data" / "backups"
    assert backup.suffix == ".bluelight" and f"before upgrade from {HEAD_REVISION}" in backup.name
    # The upgrade ran once, on the register itself, after the backup was written.
    assert one_revision_behind == [(sample_path, [backup])]
    # The backup is a whole register with the data as it was.
    assert check_file(backup, thorough=True).revision == KNOWN_REVISIONS[-1]
    with register_module.Register(backup, read_only=True) as copy:
        assert copy.load() == data
    assert sample_path.read_bytes() == original  # the fake upgrade wrote nothing


def test_an_older_file_is_not_upgraded_when_opened_read_only(
    sample_path: Path, bluelight_home: Path, one_revision_behind: list[tuple[Path, list[Path]]]
) -> None:
    original = sample_path.read_bytes()
    with pytest.raises(RegisterError, match="older version"):
        open_register(sample_path, read_only=True)
    assert one_revision_behind == []
    assert backups(bluelight_home) == []
    assert sample_path.read_bytes() == original
