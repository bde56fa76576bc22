"""When a WBS task was agreed, to the second (the agreed-on date is the day; suspect links need the moment)

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 02:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: a task agreed before this version counts as agreed at the end of its agreed-on day.
    with op.batch_alter_table('wbs_tasks') as batch:
        batch.add_column(sa.Column('agreed_at', sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('wbs_tasks') as batch:
        batch.drop_column('agreed_at')
