"""The pure merge (core/merge.py): each rule on small snapshots, the words people read, and properties checked by
hypothesis (an unchanged side gives the other side; the merge is symmetric up to mine and theirs)."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from bluelight_desktop.core.merge import (
    DELETED,
    Conflict,
    MergePlan,
    Side,
    Snapshot,
    Tombstone,
    UnresolvedConflicts,
    build_report,
    conflict_line,
    plan_merge,
    resolve,
    side_words,
    value_words,
)

OPP = "opportunity"
ID = "0f1e2d3c-0000-4000-8000-000000000017"


def opportunity(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "reference": "LAN-017",
        "title": "Joint Procurement",
        "stage": "idea",
        "notes": "",
        "cashable_saving_pence": 0,
        "start_date": None,
        "partners": frozenset({"org-a"}),
    }
    values.update(changes)
    return values


def snap(record: object) -> dict:
    """A snapshot of the one opportunity."""
    return {(OPP, ID): record}


def final(plan: MergePlan, choices: Mapping | None = None, prefer: Side | None = None) -> dict:
    """Mine after the merge: every written record replaced."""
    resolution = resolve(plan, choices or {}, prefer)
    state = dict(plan.mine)
    for write in resolution.writes:
        state[(write.entity, write.record_id)] = write.after
    return state


# ------------------------------------------------------------------------------------------------ the rules


def test_a_field_changed_on_their_side_only_is_taken() -> None:
    base = snap(opportunity())
    plan = plan_merge(base, snap(opportunity()), snap(opportunity(stage="scoping")))
    assert plan.conflicts == [] and plan.new == [] and plan.deleted == []
    [change] = plan.changed
    assert (change.label, change.fields) == ("LAN-017 Joint Procurement", ("stage",))
    assert plan.before_after(change, "stage") == ("Idea", "Scoping")
    assert final(plan)[(OPP, ID)]["stage"] == "scoping"


def test_a_field_changed_on_my_side_only_is_kept_and_nothing_is_written() -> None:
    base = snap(opportunity())
    plan = plan_merge(base, snap(opportunity(notes="Mine")), snap(opportunity()))
    assert plan.is_empty
    assert resolve(plan, {}).writes == []


def test_the_same_change_on_both_sides_is_no_conflict() -> None:
    base = snap(opportunity())
    plan = plan_merge(base, snap(opportunity(stage="approved")), snap(opportunity(stage="approved")))
    assert plan.is_empty


def test_different_changes_on_both_sides_are_a_conflict_per_field() -> None:
    base = snap(opportunity())
    mine = snap(opportunity(stage="scoping", notes="Same"))
    theirs = snap(opportunity(stage="business case", notes="Same", title="Joint Buying"))
    plan = plan_merge(base, mine, theirs)
    [conflict] = plan.conflicts
    assert conflict == Conflict(
        OPP, ID, "stage", "idea", "scoping", "business case", "LAN-017 Joint Procurement: stage", has_base=True
    )
    assert [c.fields for c in plan.changed] == [("title",)]  # the other field changed on their side only is taken
    assert conflict_line(plan, conflict) == (
        "LAN-017 Joint Procurement: stage: mine Scoping, theirs Business case (was Idea)"
    )
    with pytest.raises(UnresolvedConflicts, match="1 conflict has not been resolved"):
        resolve(plan, {})
    kept = final(plan, {conflict.key: Side.MINE})[(OPP, ID)]
    assert (kept["stage"], kept["title"]) == ("scoping", "Joint Buying")
    taken = final(plan, {conflict.key: "theirs"})[(OPP, ID)]
    assert (taken["stage"], taken["title"]) == ("business case", "Joint Buying")
    assert final(plan, prefer=Side.THEIRS)[(OPP, ID)]["stage"] == "business case"


def test_a_record_new_on_their_side_is_new_and_one_new_on_mine_is_left_alone() -> None:
    other = (OPP, "another")
    mine = {(OPP, ID): opportunity()}
    theirs = {other: opportunity(reference="LAN-040", title="Shared Drones")}
    plan = plan_merge({}, mine, theirs)
    assert [(n.record_id, n.label) for n in plan.new] == [("another", "LAN-040 Shared Drones")]
    result = final(plan)
    assert result[(OPP, ID)] == opportunity() and result[other]["title"] == "Shared Drones"


def test_a_record_left_out_of_their_file_is_not_deleted() -> None:
    """A shareable-only export leaves records out: absent is not deleted."""
    plan = plan_merge(snap(opportunity()), snap(opportunity()), {})
    assert plan.is_empty


def test_deleted_on_their_side_and_unchanged_on_mine_is_deleted() -> None:
    base = snap(opportunity())
    plan = plan_merge(base, snap(opportunity()), snap(Tombstone(opportunity())))
    assert [d.label for d in plan.deleted] == ["LAN-017 Joint Procurement"]
    assert isinstance(final(plan)[(OPP, ID)], Tombstone)


def test_deleted_on_my_side_and_unchanged_on_theirs_stays_deleted() -> None:
    base = snap(opportunity())
    plan = plan_merge(base, snap(Tombstone(opportunity())), snap(opportunity()))
    assert plan.is_empty


def test_deleted_on_their_side_and_changed_on_mine_is_a_keep_or_delete_conflict() -> None:
    base = snap(opportunity())
    plan = plan_merge(base, snap(opportunity(stage="live")), snap(Tombstone(opportunity())))
    [conflict] = plan.conflicts
    assert (conflict.field, conflict.mine, conflict.theirs) == (DELETED, False, True)
    assert conflict.label == "LAN-017 Joint Procurement: deleted or kept"
    assert side_words(plan, conflict, Side.MINE) == "Kept, changed: stage"
    assert side_words(plan, conflict, Side.THEIRS) == "Deleted"
    assert final(plan, {conflict.key: Side.MINE})[(OPP, ID)]["stage"] == "live"
    assert isinstance(final(plan, {conflict.key: Side.THEIRS})[(OPP, ID)], Tombstone)


def test_deleted_on_my_side_and_changed_on_theirs_is_a_conflict_and_theirs_restores_it() -> None:
    base = snap(opportunity())
    plan = plan_merge(base, snap(Tombstone(opportunity())), snap(opportunity(stage="live")))
    [conflict] = plan.conflicts
    assert (conflict.mine, conflict.theirs) == (True, False)
    assert side_words(plan, conflict, Side.THEIRS) == "Kept, changed: stage"
    assert isinstance(final(plan, {conflict.key: Side.MINE})[(OPP, ID)], Tombstone)
    assert final(plan, {conflict.key: Side.THEIRS})[(OPP, ID)] == opportunity(stage="live")


def test_first_exchange_without_a_base_makes_every_difference_a_conflict() -> None:
    plan = plan_merge({}, snap(opportunity(stage="scoping")), snap(opportunity(stage="live", notes="Theirs")))
    assert plan.first_exchange
    assert sorted(c.field for c in plan.conflicts) == ["notes", "stage"]
    assert all(not c.has_base for c in plan.conflicts)
    assert plan.changed == []
    assert conflict_line(plan, plan.conflicts[0]).endswith("theirs Live")  # no "(was ...)" without a base


def test_first_exchange_with_a_record_deleted_on_one_side_is_a_conflict() -> None:
    plan = plan_merge({}, snap(opportunity()), snap(Tombstone(opportunity())))
    assert [c.field for c in plan.conflicts] == [DELETED]


def test_partners_merge_one_by_one() -> None:
    base = snap(opportunity(partners=frozenset({"a", "b"})))
    mine = snap(opportunity(partners=frozenset({"a", "b", "c"})))  # I added c
    theirs = snap(opportunity(partners=frozenset({"b", "d"})))  # they removed a and added d
    plan = plan_merge(base, mine, theirs)
    assert plan.conflicts == []
    assert final(plan)[(OPP, ID)]["partners"] == frozenset({"b", "c", "d"})


def test_partners_without_a_base_are_a_conflict() -> None:
    plan = plan_merge({}, snap(opportunity(partners=frozenset({"a"}))), snap(opportunity(partners=frozenset({"b"}))))
    [conflict] = plan.conflicts
    assert conflict.field == "partners"


# ------------------------------------------------------------------------------------------------ two ancestors


def test_my_choice_of_mine_stands_when_their_next_file_still_has_their_old_value() -> None:
    """After I keep mine in a conflict, their next file (made before they had my result) must not undo it: the
    base is their value as received, not the merged result."""
    first = plan_merge(snap(opportunity()), snap(opportunity(stage="scoping")), snap(opportunity(stage="live")))
    [conflict] = first.conflicts
    resolve(first, {conflict.key: Side.MINE})
    base_after = dict(first.theirs)  # what storage remembers for the partner
    again = plan_merge(base_after, snap(opportunity(stage="scoping")), snap(opportunity(stage="live")))
    assert again.is_empty


def test_a_round_trip_comes_back_without_false_conflicts() -> None:
    """They change a field; I take it and change it again; they merge mine: my change is taken, because their
    value is the one I last received from them (`seen`)."""
    theirs_base = snap(opportunity(stage="idea"))  # what they last received from me
    seen = snap(opportunity(stage="scoping"))  # what I last received from them (carried in my file)
    plan = plan_merge(theirs_base, snap(opportunity(stage="scoping")), snap(opportunity(stage="approved")), seen)
    assert plan.conflicts == []
    assert final(plan)[(OPP, ID)]["stage"] == "approved"


def test_both_sides_keeping_their_own_after_seeing_the_other_is_a_conflict() -> None:
    base = snap(opportunity(stage="live"))  # theirs as I last received it: I kept my scoping then
    seen = snap(opportunity(stage="scoping"))  # mine as they last received it: they kept their live
    plan = plan_merge(base, snap(opportunity(stage="scoping")), snap(opportunity(stage="live")), seen)
    assert [c.field for c in plan.conflicts] == ["stage"]


# ------------------------------------------------------------------------------------------------ references


def test_a_new_opportunity_whose_reference_i_hold_gets_my_next_free_reference() -> None:
    mine = {
        (OPP, ID): opportunity(),  # LAN-017
        (OPP, "gone"): Tombstone(opportunity(reference="LAN-036", title="Deleted one")),
    }
    theirs = {(OPP, "theirs"): opportunity(reference="LAN-017", title="Shared Drones")}
    plan = plan_merge({}, mine, theirs, reference_prefix="LAN")
    [renumbered] = plan.renumbered
    assert (renumbered.theirs, renumbered.given, renumbered.taken_by) == (
        "LAN-017",
        "LAN-037",
        "LAN-017 Joint Procurement",
    )
    assert renumbered.sentence() == "Numbered LAN-037 here: LAN-017 is already Joint Procurement in this register."
    result = final(plan)
    assert result[(OPP, "theirs")]["reference"] == "LAN-037" and result[(OPP, ID)]["reference"] == "LAN-017"
    report = build_report(
        plan,
        resolve(plan, {}),
        register_name="Lancashire",
        partner_name="Cumbria",
        incoming="cumbria.bluelight",
        merged_at="2026-11-21T10:00:00Z",
        merged_by="officer",
    )
    assert report.new == (
        "Opportunity LAN-017 Shared Drones (Numbered LAN-037 here: LAN-017 is already Joint Procurement in this "
        "register.)",
    )


def test_references_of_another_prefix_are_kept() -> None:
    theirs = {(OPP, "theirs"): opportunity(reference="CUM-004", title="Fell Rescue")}
    plan = plan_merge({}, snap(opportunity()), theirs, reference_prefix="LAN")
    assert plan.renumbered == []
    assert final(plan)[(OPP, "theirs")]["reference"] == "CUM-004"


# ------------------------------------------------------------------------------------------------ words


@pytest.mark.parametrize(
    ("entity", "field", "value", "words"),
    [
        (OPP, "start_date", "2027-03-19", "19 Mar 2027"),
        (OPP, "cashable_saving_pence", 43_000_000, "£430,000"),
        (OPP, "stage", "business case", "Business case"),
        (OPP, "shareable", 1, "Yes"),
        (OPP, "effort", 70, "70 out of 100"),
        (OPP, "notes", "", "Not set"),
        (OPP, "lead_organisation_id", "org-a", "LFRS"),
        (OPP, "partners", frozenset({"org-a", "org-b"}), "LFRS, NWAS"),
        ("board", "nation", "SCT", "Scotland"),
        ("board", "cadence", "FREQ=MONTHLY;BYDAY=+3TU", "Monthly on the third Tuesday"),
        ("board", "paper_lead_days", 10, "10 clear working days"),
        ("agenda_item", "minutes", 15, "15 minutes"),
        ("decision", "outcome", "approved with conditions", "Approved with conditions"),
        (OPP, DELETED, True, "Deleted"),
    ],
)
def test_values_read_in_words(entity: str, field: str, value: object, words: str) -> None:
    assert value_words(entity, field, value, {"org-a": "LFRS", "org-b": "NWAS"}) == words


def test_labels_name_meetings_by_board_and_date() -> None:
    mine: Snapshot = {
        ("board", "b1"): {"name": "Collaboration Programme Board", "short_name": "CPB"},
        ("meeting", "m1"): {"board_id": "b1", "date": "2026-12-15"},
        ("agenda_item", "i1"): {"meeting_id": "m1", "title": "Fleet review", "minutes": 10},
    }
    theirs = {**mine, ("agenda_item", "i1"): {"meeting_id": "m1", "title": "Fleet review", "minutes": 20}}
    base = {**mine, ("agenda_item", "i1"): {"meeting_id": "m1", "title": "Fleet review", "minutes": 5}}
    mine = {**mine, ("agenda_item", "i1"): {"meeting_id": "m1", "title": "Fleet review", "minutes": 15}}
    plan = plan_merge(base, mine, theirs)
    [conflict] = plan.conflicts
    assert conflict.label == "Agenda item “Fleet review” (CPB meeting of 15 Dec 2026): minutes"
    assert conflict_line(plan, conflict, Side.THEIRS) == (
        "Agenda item “Fleet review” (CPB meeting of 15 Dec 2026): minutes: took theirs, 20 minutes "
        "(the other was 15 minutes) (was 5 minutes)"
    )


def test_the_report_lists_what_was_new_changed_deleted_and_how_conflicts_went() -> None:
    base = {(OPP, ID): opportunity(), (OPP, "x"): opportunity(reference="LAN-002", title="Old")}
    mine = {(OPP, ID): opportunity(stage="scoping"), (OPP, "x"): opportunity(reference="LAN-002", title="Old")}
    theirs = {
        (OPP, ID): opportunity(stage="live", cashable_saving_pence=170_000_000),
        (OPP, "x"): Tombstone(opportunity(reference="LAN-002", title="Old")),
        (OPP, "n"): opportunity(reference="LAN-050", title="New one"),
    }
    plan = plan_merge(base, mine, theirs, reference_prefix="LAN")
    resolution = resolve(plan, {}, prefer=Side.MINE)
    report = build_report(
        plan,
        resolution,
        register_name="Lancashire",
        partner_name="Cumbria",
        incoming="cumbria.bluelight",
        merged_at="2026-11-21T10:00:00Z",
        merged_by="officer",
        backup="/backups/x.bluelight",
    )
    assert report.summary() == (
        "Merged Cumbria into Lancashire: 1 new record, 1 changed record, 1 deleted record and 1 conflict resolved "
        "(1 kept mine, 0 took theirs)."
    )
    text = report.text()
    assert "- Opportunity LAN-050 New one" in text
    assert "- LAN-017 Joint Procurement: cashable saving £0 → £1,700,000" in text
    assert "- Opportunity LAN-002 Old" in text
    assert "- LAN-017 Joint Procurement: stage: kept mine, Scoping (the other was Live) (was Idea)" in text
    assert "Backup taken first: /backups/x.bluelight" in text
    stopped = build_report(
        plan,
        None,
        register_name="Lancashire",
        partner_name="Cumbria",
        incoming="cumbria.bluelight",
        merged_at="2026-11-21T10:00:00Z",
        merged_by="officer",
    )
    assert stopped.summary() == "Nothing was merged from Cumbria: 1 conflict to resolve."
    assert "Nothing was written" in stopped.text()


# ------------------------------------------------------------------------------------------------ properties

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KEYS = [("workstream", f"w{n}") for n in range(4)]
VALUES = st.sampled_from([None, 0, 1, "a", "b"])
SETS = st.frozensets(st.sampled_from(["x", "y", "z"]), max_size=3)
RECORDS = st.one_of(
    st.fixed_dictionaries({"name": VALUES, "colour": VALUES, "members": SETS}),
    st.builds(Tombstone, st.just({})),
)
SNAPSHOTS = st.dictionaries(st.sampled_from(KEYS), RECORDS, max_size=len(KEYS))


def alive(state: Mapping) -> dict:
    return {k: dict(v) for k, v in state.items() if not isinstance(v, Tombstone)}


def merged_alive(plan: MergePlan, choose: Side) -> dict:
    """The live records after the merge, with every conflict settled `choose`, and the partner's records I did
    not have added."""
    return alive(final(plan, prefer=choose))


@settings(max_examples=300, deadline=None)
@given(base=SNAPSHOTS, mine=SNAPSHOTS)
def test_property_merging_an_unchanged_partner_gives_mine(base: dict, mine: dict) -> None:
    for seen in (None, base):
        plan = plan_merge(base, mine, base, seen)
        assert plan.conflicts == [] and plan.changed == [] and plan.deleted == []
        state = final(plan)
        assert all(state[k] == v for k, v in mine.items())  # nothing of mine changed
        assert alive(state) == alive(mine) | {k: dict(v) for k, v in alive(base).items() if k not in mine}


@settings(max_examples=300, deadline=None)
@given(base=SNAPSHOTS, theirs=SNAPSHOTS)
def test_property_merging_into_an_unchanged_register_gives_theirs(base: dict, theirs: dict) -> None:
    for seen in (None, base):
        plan = plan_merge(base, base, theirs, seen)
        assert plan.conflicts == []
        state = final(plan)
        for key, record in theirs.items():
            if key in base or not isinstance(record, Tombstone):
                assert isinstance(state[key], Tombstone) if isinstance(record, Tombstone) else state[key] == record


@settings(max_examples=500, deadline=None)
@given(base=SNAPSHOTS, seen=SNAPSHOTS, mine=SNAPSHOTS, theirs=SNAPSHOTS)
def test_property_merge_is_symmetric_up_to_mine_and_theirs(base: dict, seen: dict, mine: dict, theirs: dict) -> None:
    forward = plan_merge(base, mine, theirs, seen)
    backward = plan_merge(seen, theirs, mine, base)  # the partner merging mine: the ancestors swap too
    assert {c.key: (c.mine, c.theirs) for c in forward.conflicts} == {
        c.key: (c.theirs, c.mine) for c in backward.conflicts
    }
    for side in Side:
        other = Side.THEIRS if side is Side.MINE else Side.MINE
        assert merged_alive(forward, side) == merged_alive(backward, other)


@settings(max_examples=300, deadline=None)
@given(base=SNAPSHOTS, seen=SNAPSHOTS, mine=SNAPSHOTS, theirs=SNAPSHOTS)
def test_property_every_merged_value_comes_from_one_side(base: dict, seen: dict, mine: dict, theirs: dict) -> None:
    plan = plan_merge(base, mine, theirs, seen)
    state = final(plan, prefer=Side.MINE)
    for key, record in alive(state).items():
        sources = [alive(side).get(key, {}) for side in (mine, theirs)]
        for name, value in record.items():
            if isinstance(value, frozenset):  # a set merges element by element: each element from a side
                assert value <= frozenset().union(*(s.get(name, frozenset()) for s in sources))
            else:
                assert any(s.get(name, object()) == value for s in sources)
