"""Scenario versions keep the what-if levers they were saved with (investment level included).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision: a nullable JSON text column (versions saved before have none)."""
    with op.batch_alter_table('scenario_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('levers', sa.Text(), nullable=True))


def downgrade() -> None:
    """Undo this revision."""
    with op.batch_alter_table('scenario_version', schema=None) as batch_op:
        batch_op.drop_column('levers')
