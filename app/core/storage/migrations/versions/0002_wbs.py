"""WBS: tasks (outline by parent and position) and finish-to-start dependencies

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 21:00:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('wbs_tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('uid', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('phase', sa.String(length=60), nullable=False),
    sa.Column('priority', sa.String(length=40), nullable=False),
    sa.Column('completion_condition', sa.Text(), nullable=False),
    sa.Column('expected_output', sa.Text(), nullable=False),
    sa.Column('owner_role', sa.String(length=60), nullable=False),
    sa.Column('owner_name', sa.String(length=200), nullable=False),
    sa.Column('estimate_days', sa.Float(), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('finish', sa.Date(), nullable=True),
    sa.Column('not_before', sa.Date(), nullable=True),
    sa.Column('milestone', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('agreed', sa.Boolean(), nullable=False),
    sa.Column('agreed_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('origin', sa.JSON(), nullable=False),
    sa.Column('often_missed', sa.String(length=20), nullable=False),
    sa.Column('user_edited', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['wbs_tasks.id'], name=op.f('fk_wbs_tasks_parent_id_wbs_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_wbs_tasks_project_id_projects'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wbs_tasks')),
    sa.UniqueConstraint('project_id', 'uid', name=op.f('uq_wbs_tasks_project_id_uid'))
    )
    with op.batch_alter_table('wbs_tasks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wbs_tasks_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wbs_tasks_project_id'), ['project_id'], unique=False)

    op.create_table('wbs_dependencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('predecessor_id', sa.Integer(), nullable=False),
    sa.Column('lag_days', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['predecessor_id'], ['wbs_tasks.id'], name=op.f('fk_wbs_dependencies_predecessor_id_wbs_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['task_id'], ['wbs_tasks.id'], name=op.f('fk_wbs_dependencies_task_id_wbs_tasks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_wbs_dependencies')),
    sa.UniqueConstraint('task_id', 'predecessor_id', name=op.f('uq_wbs_dependencies_task_id_predecessor_id'))
    )
    with op.batch_alter_table('wbs_dependencies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_wbs_dependencies_predecessor_id'), ['predecessor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_wbs_dependencies_task_id'), ['task_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('wbs_dependencies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wbs_dependencies_task_id'))
        batch_op.drop_index(batch_op.f('ix_wbs_dependencies_predecessor_id'))
    op.drop_table('wbs_dependencies')
    with op.batch_alter_table('wbs_tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_wbs_tasks_project_id'))
        batch_op.drop_index(batch_op.f('ix_wbs_tasks_parent_id'))
    op.drop_table('wbs_tasks')
