"""Who did what: the author of each answer change and each task's last editor; who has a project open

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-23 10:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Nullable columns only: every existing row is kept as it is, with no author (shown as nothing).
    with op.batch_alter_table('answer_history') as batch:
        batch.add_column(sa.Column('author', sa.String(length=200), nullable=True))
    with op.batch_alter_table('wbs_tasks') as batch:
        batch.add_column(sa.Column('edited_by', sa.String(length=200), nullable=True))
    # No foreign key to the project: a heartbeat must never wait on (or block) a project's row.
    op.create_table(
        'presence',
        sa.Column('client_id', sa.String(length=64), nullable=False),
        sa.Column('author', sa.String(length=200), server_default='', nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('host', sa.String(length=200), server_default='', nullable=False),
        sa.Column('heartbeat', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('client_id', name=op.f('pk_presence')),
    )
    op.create_index(op.f('ix_presence_project_id'), 'presence', ['project_id'], unique=False)
    op.create_index(op.f('ix_presence_heartbeat'), 'presence', ['heartbeat'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_presence_heartbeat'), table_name='presence')
    op.drop_index(op.f('ix_presence_project_id'), table_name='presence')
    op.drop_table('presence')
    with op.batch_alter_table('wbs_tasks') as batch:
        batch.drop_column('edited_by')
    with op.batch_alter_table('answer_history') as batch:
        batch.drop_column('author')
