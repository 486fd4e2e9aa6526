"""Register items can be closed and a month's KPI actuals uploaded from the app: a risk's
status (open or closed; every existing risk is open) and the kpi_actual table (one row per
measure, organisation and month, audited like every register row).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False,
                                      server_default='open'))
    op.create_table('kpi_actual',
    sa.Column('measure', sa.String(length=80), nullable=False),
    sa.Column('org', sa.String(length=80), nullable=False),
    sa.Column('period', sa.Date(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=True),
    sa.Column('denominator', sa.Float(), nullable=True),
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('measure', 'org', 'period')
    )


def downgrade() -> None:
    """Revert this revision (closed risks become open ones; uploaded actuals are dropped)."""
    op.drop_table('kpi_actual')
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.drop_column('status')
