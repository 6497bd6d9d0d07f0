"""benefits and costs: an opportunity's benefit lines and cost lines, by financial year, shared by partner

Two new tables, empty in an upgraded register: `benefit_line` and `cost_line`. Nothing existing changes: the
opportunity's own cashable saving and one-off cost stay as the estimate they always were.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-21 09:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _tracked() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.String(length=32), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.String(length=32), nullable=False),
        sa.Column("updated_by", sa.String(length=100), nullable=False),
        sa.Column("deleted_at", sa.String(length=32), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "benefit_line",
        *_tracked(),
        sa.Column("opportunity_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("unit", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("actual", sa.Integer(), nullable=True),
        sa.Column("evidence", sa.String(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("shares", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["opportunity_id"], ["opportunity.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_benefit_line_opportunity_id"), "benefit_line", ["opportunity_id"], unique=False)
    op.create_table(
        "cost_line",
        *_tracked(),
        sa.Column("opportunity_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("actual", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("shares", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["opportunity_id"], ["opportunity.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_cost_line_opportunity_id"), "cost_line", ["opportunity_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_cost_line_opportunity_id"), table_name="cost_line")
    op.drop_table("cost_line")
    op.drop_index(op.f("ix_benefit_line_opportunity_id"), table_name="benefit_line")
    op.drop_table("benefit_line")
