"""`bluelight merge REGISTER INCOMING [--passphrase-file FILE] [--prefer mine|theirs] [--report OUT.txt]`, run as
users run it.

Exit codes: 0 merged (a summary printed, the report written); 3 conflicts and no --prefer (listed one per line,
the register unchanged byte for byte); 1 one plain line for an incoming file that cannot be merged (not a
register, damaged, from a newer version, sealed without or with the wrong passphrase, a copy of the register
itself), the register unchanged; 2 wrong usage.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bluelight_desktop.core.model import Stage
from bluelight_desktop.storage.export import export_register
from bluelight_desktop.storage.register import open_register
from tests.cli.test_cli import assert_plain_failure, bluelight
from tests.storage.test_merge import DEMAND, PARTNER_NAME, by_title, edit, make_partner


@pytest.fixture
def partner_path(sample_path: Path, tmp_path: Path) -> Path:
    return make_partner(sample_path, tmp_path / "cumbria.bluelight")


@pytest.fixture
def exchanged(sample_path: Path, partner_path: Path, bluelight_home: Path) -> Path:
    """The two registers after a first exchange (so there is a base), then a change on each side: theirs to
    Real Time Demand Management's stage, mine to Wellbeing's notes."""
    result = bluelight("merge", sample_path, partner_path, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    edit(partner_path, DEMAND, stage=Stage.LIVE)
    edit(sample_path, "Wellbeing", notes="Mine")
    return partner_path


def test_a_merge_prints_a_summary_and_writes_the_report(
    sample_path: Path, exchanged: Path, tmp_path: Path, bluelight_home: Path
) -> None:
    report = tmp_path / "merge report.txt"
    result = bluelight("merge", sample_path, exchanged, "--report", report, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        f"Merged {PARTNER_NAME} into Lancashire Blue Light Collaboration: 0 new records, 1 changed record, "
        "0 deleted records and no conflicts."
    )
    assert lines[1].startswith("Backup taken first: ") and "before merge" in lines[1]
    assert lines[2] == f"Wrote the report to {report}"
    text = report.read_text(encoding="utf-8")
    assert text.startswith(f"Merge of {PARTNER_NAME} into Lancashire Blue Light Collaboration\n")
    assert "File merged: cumbria.bluelight" in text
    assert "Changed (1)\n- LAN-018 Real Time Demand Management: stage Scoping → Live\n" in text
    assert "Conflicts and how they were resolved (0)\n- none" in text
    assert [p.name for p in report.parent.iterdir() if p.name.startswith(".")] == []  # no temporary file left
    with open_register(sample_path, read_only=True) as register:
        assert by_title(register, DEMAND).stage is Stage.LIVE
        assert by_title(register, "Wellbeing").notes == "Mine"


def test_conflicts_stop_the_merge_list_one_per_line_and_exit_3(
    sample_path: Path, exchanged: Path, tmp_path: Path, bluelight_home: Path
) -> None:
    edit(sample_path, DEMAND, stage=Stage.APPROVED, notes="Mine")
    edit(exchanged, DEMAND, notes="Theirs")
    original = sample_path.read_bytes()
    report = tmp_path / "conflicts.txt"
    result = bluelight("merge", sample_path, exchanged, "--report", report, home=bluelight_home)
    assert result.returncode == 3, result.stderr
    assert sorted(result.stdout.splitlines()) == [
        f"LAN-018 {DEMAND}: notes: mine Mine, theirs Theirs (was not set)",
        f"LAN-018 {DEMAND}: stage: mine Approved, theirs Live (was Scoping)",
    ]
    [line] = result.stderr.splitlines()
    assert line == (
        f"bluelight: 2 conflicts to resolve, so nothing was merged and {sample_path.name} is unchanged. Resolve "
        "them in the app (File > Merge), or run again with --prefer mine or --prefer theirs."
    )
    assert sample_path.read_bytes() == original
    assert "Nothing was written: the conflicts below must be resolved first." in report.read_text(encoding="utf-8")

    result = bluelight("merge", sample_path, exchanged, "--prefer", "theirs", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert "2 conflicts resolved (0 kept mine, 2 took theirs)" in result.stdout
    with open_register(sample_path, read_only=True) as register:
        demand = by_title(register, DEMAND)
    assert (demand.stage, demand.notes) == (Stage.LIVE, "Theirs")


def test_a_sealed_file_needs_its_passphrase(
    sample_path: Path, partner_path: Path, tmp_path: Path, bluelight_home: Path
) -> None:
    sealed = tmp_path / "sealed.bluelight"
    with open_register(partner_path, read_only=True) as partner:
        export_register(partner, sealed, passphrase="correct horse battery")
    original = sample_path.read_bytes()
    result = bluelight("merge", sample_path, sealed, home=bluelight_home)
    assert "encrypted" in assert_plain_failure(result)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the passphrase\n", encoding="utf-8")
    result = bluelight("merge", sample_path, sealed, "--passphrase-file", wrong, home=bluelight_home)
    assert "passphrase is not right" in assert_plain_failure(result)
    assert sample_path.read_bytes() == original
    right = tmp_path / "right.txt"
    right.write_text("correct horse battery\n", encoding="utf-8")
    result = bluelight("merge", sample_path, sealed, "--passphrase-file", right, home=bluelight_home)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"Merged {PARTNER_NAME} into")


def damaged(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "damaged.bluelight"
    data = path.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    return out


def newer(path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "newer.bluelight"
    out.write_bytes(path.read_bytes())
    connection = sqlite3.connect(out)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    return out


def not_a_register(_path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "notes.bluelight"
    out.write_text("Minutes of the meeting\n", encoding="utf-8")
    return out


def a_copy(_path: Path, tmp_path: Path) -> Path:
    out = tmp_path / "copy.bluelight"
    with open_register(tmp_path / "lancashire.bluelight", read_only=True) as register:
        register.save_copy(out)
    return out


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (not_a_register, "is not a Bluelight register"),
        (damaged, "damaged"),
        (newer, "newer version"),
        (a_copy, "is a copy of this register"),
    ],
    ids=["not a register", "damaged", "newer version", "a copy of mine"],
)
def test_a_bad_incoming_file_gets_one_plain_line_and_the_register_is_unchanged(
    sample_path: Path, partner_path: Path, tmp_path: Path, bluelight_home: Path, make, words: str
) -> None:
    incoming = make(partner_path, tmp_path)
    original = sample_path.read_bytes()
    result = bluelight("merge", sample_path, incoming, home=bluelight_home)
    assert words in assert_plain_failure(result)
    assert sample_path.read_bytes() == original


def test_the_register_itself_and_wrong_usage_are_refused(
    sample_path: Path, partner_path: Path, bluelight_home: Path
) -> None:
    assert "cannot be merged into itself" in assert_plain_failure(
        bluelight("merge", sample_path, sample_path, home=bluelight_home)
    )
    result = bluelight("merge", sample_path, partner_path, "--prefer", "both", home=bluelight_home)
    assert result.returncode == 2 and "invalid choice: 'both'" in result.stderr


def test_a_register_from_an_older_version_is_not_upgraded_when_conflicts_stop_the_merge(
    tmp_path: Path, bluelight_home: Path
) -> None:
    fixture = Path(__file__).resolve().parents[1] / "storage" / "fixtures" / "register-0002.bluelight"
    mine = tmp_path / "old.bluelight"
    mine.write_bytes(fixture.read_bytes())
    partner = tmp_path / "partner.bluelight"
    partner.write_bytes(fixture.read_bytes())
    connection = sqlite3.connect(partner)
    connection.execute("UPDATE setting SET value = 'a-partner-register' WHERE key = 'register_id'")
    connection.commit()
    connection.close()
    edit(partner, DEMAND, stage=Stage.LIVE)  # the partner's app upgraded its own file; a first exchange: a conflict
    original = mine.read_bytes()
    result = bluelight("merge", mine, partner, home=bluelight_home)
    assert result.returncode == 3, result.stderr
    assert mine.read_bytes() == original  # still revision 0002: previewed on a private upgraded copy
    result = bluelight("merge", mine, partner, "--prefer", "theirs", home=bluelight_home)
    assert result.returncode == 0, result.stderr
    backups = sorted(p.name for p in (bluelight_home / "data" / "backups").iterdir())
    assert any("before upgrade from 0002" in name for name in backups)
    assert any("before merge" in name for name in backups)
    with open_register(mine, read_only=True) as register:
        assert by_title(register, DEMAND).stage is Stage.LIVE
