"""Follow-ups: who follows an item up (owner), by when (due date), and whether it is done

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added columns only: the answers, their notes and statuses (a follow-up is the status
    # 要フォロー with its note) stay as they are; old follow-ups get no owner, no date, not done.
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('followup_owner', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('followup_due', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('followup_done', sa.Boolean(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('followup_done')
        batch_op.drop_column('followup_due')
        batch_op.drop_column('followup_owner')
