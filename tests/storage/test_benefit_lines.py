"""Benefit and cost lines in a register file: saved, logged, undone, merged, and in the sample."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bluelight_desktop.core import benefits
from bluelight_desktop.core.edits import delete_opportunity
from bluelight_desktop.core.model import BenefitKind, BenefitLine, CostKind, CostLine, Unit
from bluelight_desktop.storage.merge import apply_merge, plan_merge
from bluelight_desktop.storage.register import open_register


def test_a_line_round_trips_with_its_shares_and_is_logged(sample_path: Path) -> None:
    with open_register(sample_path) as register:
        data = register.load()
        site = next(o for o in data.opportunities.values() if o.title.startswith("Site Sharing"))
        fire, ambulance = sorted(benefits.partners_of(site))
        line = BenefitLine(
            site.id, BenefitKind.HOURS_RELEASED, 2027, Unit.HOURS, 13_800, None, "Rota study", "Station manager"
        )
        line.shares = {fire: 2500, ambulance: 7500}
        register.apply(benefits.save_line(data, line))
        stored = register.load().benefit_lines[line.id]
        assert stored == line
        history = register.history(line.id)
    assert {row["field"] for row in history} >= {"created", "kind", "year", "planned", "shares"}
    with sqlite3.connect(sample_path) as db:
        (shares,) = db.execute("SELECT shares FROM benefit_line WHERE id = ?", (line.id,)).fetchone()
    assert shares == f'{{"{fire}": 2500, "{ambulance}": 7500}}' or shares == f'{{"{ambulance}": 7500, "{fire}": 2500}}'


def test_deleting_an_opportunity_tombstones_its_lines_and_undo_brings_them_back(sample_path: Path) -> None:
    with open_register(sample_path) as register:
        data = register.load()
        site = next(o for o in data.opportunities.values() if o.title.startswith("Site Sharing"))
        mine = {i for i, line in data.benefit_lines.items() if line.opportunity_id == site.id}
        assert len(mine) == 7  # six years of savings and a capital receipt
        edit = delete_opportunity(data, site.id)
        register.apply(edit)
        after = register.load()
        assert not mine & after.benefit_lines.keys()
        assert not any(c.opportunity_id == site.id for c in after.cost_lines.values())
        register.apply(edit.inverse())
        assert mine <= register.load().benefit_lines.keys()


def test_the_sample_holds_benefits_of_every_kind_planned_and_realised(sample_path: Path) -> None:
    with open_register(sample_path) as register:
        data = register.load()
    kinds = {line.kind for line in data.benefit_lines.values()}
    assert kinds == set(BenefitKind)
    assert {line.kind for line in data.cost_lines.values()} == set(CostKind)
    assert any(line.actual is not None for line in data.benefit_lines.values())
    assert any(line.actual is None for line in data.benefit_lines.values())
    forty_sixty = [line for line in data.benefit_lines.values() if sorted(line.shares.values()) == [4000, 6000]]
    assert forty_sixty, "the 40/60 split of the National Overview's Merseyside example"
    names = {o.id: o.short_name for o in data.organisations.values()}
    for line in [*data.benefit_lines.values(), *data.cost_lines.values()]:
        benefits.check_shares(line.shares, names)
    assert all(not benefits.check_benefit_line(line, data) for line in data.benefit_lines.values())


def test_a_partners_new_and_changed_lines_merge(sample_path: Path, tmp_path: Path) -> None:
    partner_path = tmp_path / "partner.bluelight"
    with open_register(sample_path) as register:
        register.save_copy(partner_path)
    with sqlite3.connect(partner_path) as db:
        db.execute("UPDATE setting SET value = 'partner-register' WHERE key = 'register_id'")
    with open_register(sample_path) as register, open_register(partner_path, read_only=True) as incoming:
        apply_merge(register, incoming, plan_merge(register, incoming))  # the first exchange: the common base
    with open_register(partner_path) as partner:
        data = partner.load()
        first = next(iter(data.cost_lines.values()))
        changed = CostLine(**{**first.__dict__, "actual": 123_00})
        partner.apply(benefits.save_line(data, changed))
        added = BenefitLine(first.opportunity_id, BenefitKind.COST_AVOIDANCE, 2028, planned=5_000_00)
        partner.apply(benefits.save_line(data, added))
    with open_register(sample_path) as register, open_register(partner_path, read_only=True) as incoming:
        plan = plan_merge(register, incoming)
        apply_merge(register, incoming, plan)
        merged = register.load()
    assert merged.cost_lines[first.id].actual == 123_00
    assert merged.benefit_lines[added.id].planned == 5_000_00
