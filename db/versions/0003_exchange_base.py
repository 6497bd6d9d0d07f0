"""exchange base: what this register last received from each partner register, for field-by-field merges

Two new tables, empty in an upgraded register: `exchange_base` (a partner's records as last received) and
`exchange_partner` (one row per partner merged). Nothing existing changes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21 14:10:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exchange_base",
        sa.Column("partner_register_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("values_json", sa.String(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("partner_register_id", "entity", "record_id"),
    )
    op.create_table(
        "exchange_partner",
        sa.Column("partner_register_id", sa.String(length=36), nullable=False),
        sa.Column("partner_name", sa.String(length=200), nullable=False),
        sa.Column("last_merged_at", sa.String(length=32), nullable=False),
        sa.Column("last_merged_by", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("partner_register_id"),
    )


def downgrade() -> None:
    op.drop_table("exchange_partner")
    op.drop_table("exchange_base")
