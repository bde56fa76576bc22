"""Who started a hearing session (another window starting one is refused naming it, its starter and time)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-24 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable: a session started before this version has no known starter (shown as nothing).
    with op.batch_alter_table('hearing_sessions') as batch:
        batch.add_column(sa.Column('started_by', sa.String(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('hearing_sessions') as batch:
        batch.drop_column('started_by')
