"""Property-based tests (issue 9, hypothesis).

Field validation (core/validation.py): whatever a person types (any text, any number, any dates) is either
accepted, and then saved through Register.apply and loaded back exactly, or refused with problems in plain words;
validation never raises.

The merge (core/merge.py), extending the properties in tests/unit/test_merge.py (an unchanged side gives the other;
symmetry; every value from a side) with: merging a register with itself changes nothing; changes made on one side
only are taken without conflict; a conflict is only ever a field both sides changed differently from what they
last shared; and applying a merge is idempotent, both in the pure merge and through storage (a second merge of the
same file finds nothing to do).

Examples per property: modest by default (hypothesis's own profile settings can raise them).
"""

from __future__ import annotations

import copy
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from bluelight_desktop.core.edits import Edit, RecordChange  # noqa: E402
from bluelight_desktop.core.merge import DELETED, Side, Tombstone, plan_merge, resolve  # noqa: E402
from bluelight_desktop.core.model import Opportunity, Organisation, OrganisationKind, Stage, Workstream  # noqa: E402
from bluelight_desktop.core.validation import (  # noqa: E402
    validate_opportunity,
    validate_organisation,
    validate_workstream,
)
from bluelight_desktop.storage.register import Register, create_register  # noqa: E402
from tests.unit.test_merge import SNAPSHOTS, alive, final  # noqa: E402

from .conftest import plain  # noqa: E402

EXAMPLES = 60
ANY_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",)),  # every character but lone surrogates, which no editor produces
    max_size=260,
)
ODD_TEXT = st.one_of(
    ANY_TEXT,
    st.sampled_from(["", " ", "\x00", "\n\r\t", "‮RTL", "=1+1", "' OR 1=1; --", "£1.7m", "x" * 201, "🚒🚑🚓"]),
)
NUMBERS = st.one_of(st.none(), st.integers(min_value=-(2**70), max_value=2**70))
PENCE = st.integers(min_value=-(2**70), max_value=2**70)
DATES = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@pytest.fixture(scope="module")
def register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    folder = tmp_path_factory.mktemp("properties")
    with create_register(folder / "properties.bluelight", "Properties", "PRP") as opened:
        yield opened


def assert_plain_problems(problems: list[str]) -> None:
    for problem in problems:
        assert isinstance(problem, str) and plain(problem) is None, problem


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    title=ODD_TEXT,
    summary=ODD_TEXT,
    notes=ODD_TEXT,
    effort=NUMBERS,
    benefit=NUMBERS,
    saving=PENCE,
    cost=PENCE,
    start=DATES,
    end=DATES,
    stage=st.sampled_from(list(Stage)),
    shareable=st.booleans(),
)
def test_an_opportunity_is_saved_and_loaded_exactly_or_refused_in_words(
    register: Register,
    title: str,
    summary: str,
    notes: str,
    effort: int | None,
    benefit: int | None,
    saving: int,
    cost: int,
    start: date | None,
    end: date | None,
    stage: Stage,
    shareable: bool,
) -> None:
    opportunity = Opportunity(
        title=title,
        reference=f"PRP-{uuid.uuid4().hex[:8]}",
        summary=summary,
        notes=notes,
        effort=effort,
        benefit=benefit,
        cashable_saving_pence=saving,
        one_off_cost_pence=cost,
        start_date=start,
        end_date=end,
        stage=stage,
        shareable=shareable,
    )
    problems = validate_opportunity(opportunity, known_ids=set())
    assert_plain_problems(problems)
    if problems:
        return
    register.apply(Edit("Property", [RecordChange(None, copy.deepcopy(opportunity))]))
    assert register.load().opportunities[opportunity.id] == opportunity


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    name=ODD_TEXT,
    short=ODD_TEXT,
    area=ODD_TEXT,
    kind=st.sampled_from(list(OrganisationKind)),
    workstream=ODD_TEXT,
    colour=st.one_of(st.from_regex(r"#[0-9a-fA-F]{6}", fullmatch=True), ODD_TEXT),
)
def test_organisations_and_workstreams_are_saved_exactly_or_refused_in_words(
    register: Register, name: str, short: str, area: str, kind: OrganisationKind, workstream: str, colour: str
) -> None:
    data = register.load()
    organisation = Organisation(name=name, short_name=short, kind=kind, area=area)
    problems = validate_organisation(organisation, {o.short_name for o in data.organisations.values()})
    assert_plain_problems(problems)
    if not problems:
        register.apply(Edit("Property", [RecordChange(None, copy.deepcopy(organisation))]))
        assert register.load().organisations[organisation.id] == organisation
    stream = Workstream(name=workstream, colour=colour)
    problems = validate_workstream(stream, {w.name for w in data.workstreams.values()})
    assert_plain_problems(problems)
    if not problems:
        register.apply(Edit("Property", [RecordChange(None, copy.deepcopy(stream))]))
        assert register.load().workstreams[stream.id] == stream


# ------------------------------------------------------------------------------------------------ the merge


def _changed(values: dict, field_values: dict) -> dict:
    return {**values, **field_values}


@settings(max_examples=300, deadline=None)
@given(base=SNAPSHOTS, mine=SNAPSHOTS)
def test_property_merging_a_register_with_itself_changes_nothing(base: dict, mine: dict) -> None:
    for seen in (None, base, mine):
        plan = plan_merge(base, mine, mine, seen)
        assert plan.is_empty
        assert resolve(plan, {}).writes == []


FIELDS = ("name", "colour")
EDITS = st.dictionaries(st.sampled_from(FIELDS), st.sampled_from(["m1", "m2", 7, None]), max_size=2)


@settings(max_examples=300, deadline=None)
@given(base=SNAPSHOTS, edits=st.lists(st.tuples(st.booleans(), EDITS), min_size=4, max_size=4))
def test_property_changes_made_on_one_side_only_are_taken_without_conflict(base: dict, edits: list) -> None:
    """Each live record of the common base is changed on one side only (which side, and which fields, drawn):
    the merge takes every change, with no conflict, whichever side it was made on."""
    mine, theirs = dict(base), dict(base)
    expected = dict(base)
    for (key, record), (on_mine, change) in zip(sorted(base.items()), edits, strict=False):
        if isinstance(record, Tombstone) or not change:
            continue
        changed = _changed(dict(record), change)
        (mine if on_mine else theirs)[key] = changed
        expected[key] = changed
    plan = plan_merge(base, mine, theirs, base)
    assert plan.conflicts == []
    assert alive(final(plan)) == alive(expected)


@settings(max_examples=500, deadline=None)
@given(base=SNAPSHOTS, mine=SNAPSHOTS, theirs=SNAPSHOTS)
def test_property_a_conflict_is_a_field_both_sides_changed_differently(base: dict, mine: dict, theirs: dict) -> None:
    plan = plan_merge(base, mine, theirs, base)
    conflicts = {(c.entity, c.record_id, c.field) for c in plan.conflicts}
    for entity, record_id, name in conflicts:
        key = (entity, record_id)
        ours, their, known = mine.get(key), theirs.get(key), base.get(key)
        if name == DELETED:  # deleted on one side, changed on the other
            assert isinstance(ours, Tombstone) != isinstance(their, Tombstone)
            continue
        assert not isinstance(ours, Tombstone) and not isinstance(their, Tombstone)
        assert ours[name] != their[name]
        if known is not None and not isinstance(known, Tombstone):  # with a common base, both moved from it
            assert ours[name] != known.get(name, object()) and their[name] != known.get(name, object())
    # ...and every field both sides changed differently from a live common base is a conflict
    for key, known in base.items():
        ours, their = mine.get(key), theirs.get(key)
        if any(r is None or isinstance(r, Tombstone) for r in (known, ours, their)):
            continue
        for name in set(ours) & set(their) & set(known):
            if isinstance(ours[name], frozenset):
                continue  # sets merge element by element
            if ours[name] != their[name] and known[name] not in (ours[name], their[name]):
                assert (*key, name) in conflicts


@settings(max_examples=300, deadline=None)
@given(base=SNAPSHOTS, seen=SNAPSHOTS, mine=SNAPSHOTS, theirs=SNAPSHOTS, prefer=st.sampled_from(list(Side)))
def test_property_a_merge_applied_twice_changes_nothing_the_second_time(
    base: dict, seen: dict, mine: dict, theirs: dict, prefer: Side
) -> None:
    """After a merge my register remembers their records as received (the new base): merging the same file again,
    settling conflicts the same way, changes nothing. (A conflict both sides already knew of, such as a record I
    deleted and they kept after seeing my deletion, is asked again: the second file brings no news to settle it.)"""
    first = plan_merge(base, mine, theirs, seen)
    merged = final(first, prefer=prefer)
    again = plan_merge(theirs, merged, theirs, seen)
    assert {c.key for c in again.conflicts} <= {c.key for c in first.conflicts}
    assert alive(final(again, prefer=prefer)) == alive(merged)
    assert all(merged.get((w.entity, w.record_id)) == w.after for w in resolve(again, {}, prefer).writes)


# ------------------------------------------------------------------------------------------------ through storage


MINE = {"title": "My title", "notes": "My notes", "stage": Stage.LIVE, "effort": 90}
THEIRS = {"title": "Their title", "notes": "Their notes", "stage": Stage.APPROVED, "effort": 10}


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    changes=st.lists(
        st.tuples(st.booleans(), st.integers(0, 35), st.sampled_from(["title", "notes", "stage", "effort"])),
        min_size=1,
        max_size=12,
    ),
    prefer=st.sampled_from(["mine", "theirs"]),
)
def test_property_a_stored_merge_applied_twice_finds_nothing_the_second_time(
    _sample_master: Path, tmp_path_factory: pytest.TempPathFactory, changes: list, prefer: str
) -> None:
    from bluelight_desktop.storage.export import open_received
    from bluelight_desktop.storage.merge import apply_merge
    from bluelight_desktop.storage.merge import plan_merge as plan_stored

    folder = tmp_path_factory.mktemp("merge")
    mine, theirs = folder / "mine.bluelight", folder / "theirs.bluelight"
    shutil.copyfile(_sample_master, mine)
    shutil.copyfile(_sample_master, theirs)
    connection = sqlite3.connect(theirs, isolation_level=None)
    connection.execute("UPDATE setting SET value = ? WHERE key = 'register_id'", (str(uuid.uuid4()),))
    connection.close()
    for on_mine, index, name in changes:
        with Register(mine if on_mine else theirs) as register:
            before = sorted(register.load().opportunities.values(), key=lambda o: o.reference)[index]
            after = copy.deepcopy(before)
            setattr(after, name, (MINE if on_mine else THEIRS)[name])
            register.apply(Edit("Property", [RecordChange(before, after)]))
    with open_received(theirs) as incoming, Register(mine) as register:
        apply_merge(register, incoming, plan_stored(register, incoming), prefer=prefer)
        merged = mine.read_bytes()
        second = plan_stored(register, incoming)
        assert second.is_empty, second.counts()
        apply_merge(register, incoming, second)
        assert register.load().opportunities  # still loads
    assert sound_digest(mine) == sound_digest_of(merged, folder)


def sound_digest(path: Path) -> list:
    """The live records of a register, in a comparable form (the change log and exchange records left out)."""
    with Register(path, read_only=True) as register:
        data = register.load()
    return sorted((o.id, o.title, o.notes, o.stage, o.effort, o.benefit) for o in data.opportunities.values())


def sound_digest_of(content: bytes, folder: Path) -> list:
    copy_path = folder / "copy.bluelight"
    copy_path.write_bytes(content)
    return sound_digest(copy_path)
