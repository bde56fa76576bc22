"""Company holidays: days off beside the national holidays, used by every project's schedule

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-22 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A new table only: nothing existing changes (no company holiday until the user adds one).
    op.create_table(
        'company_holidays',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('name', sa.String(length=200), server_default='', nullable=False),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_company_holidays')),
    )


def downgrade() -> None:
    op.drop_table('company_holidays')
