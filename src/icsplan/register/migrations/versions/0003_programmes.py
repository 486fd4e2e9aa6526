"""Programmes as the register's spine: programme and kpi tables; schemes and risks name
their programme; a risk may be unrated (impact and likelihood empty).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06 03:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table('programme',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('area', sa.String(length=120), nullable=False),
    sa.Column('scope', sa.String(length=10), nullable=False),
    sa.Column('ccgs', sa.String(length=200), nullable=False),
    sa.Column('lead', sa.Text(), nullable=False),
    sa.Column('objective', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('kpi',
    sa.Column('programme_id', sa.String(length=80), nullable=False),
    sa.Column('measure', sa.String(length=80), nullable=False),
    sa.Column('org', sa.String(length=80), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=False),
    sa.Column('improvement_direction', sa.String(length=10), nullable=False),
    sa.Column('id', sa.String(length=80), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], name='fk_kpi_programme'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('measure', 'org')
    )
    with op.batch_alter_table('scheme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.String(length=80), nullable=True))
        batch_op.create_foreign_key('fk_scheme_programme', 'programme', ['programme_id'],
                                    ['id'])
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme_id', sa.String(length=80), nullable=True))
        batch_op.create_foreign_key('fk_risk_programme', 'programme', ['programme_id'], ['id'])
        batch_op.alter_column('impact', existing_type=sa.Integer(), nullable=True)
        batch_op.alter_column('likelihood', existing_type=sa.Integer(), nullable=True)


def downgrade() -> None:
    """Revert this revision (unrated risks must be rated or removed first)."""
    with op.batch_alter_table('risk', schema=None) as batch_op:
        batch_op.alter_column('likelihood', existing_type=sa.Integer(), nullable=False)
        batch_op.alter_column('impact', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_constraint('fk_risk_programme', type_='foreignkey')
        batch_op.drop_column('programme_id')
    with op.batch_alter_table('scheme', schema=None) as batch_op:
        batch_op.drop_constraint('fk_scheme_programme', type_='foreignkey')
        batch_op.drop_column('programme_id')
    op.drop_table('kpi')
    op.drop_table('programme')
