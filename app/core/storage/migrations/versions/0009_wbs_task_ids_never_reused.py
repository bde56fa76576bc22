"""WBS task ids are never handed out again: the wbs_tasks table on SQLite becomes AUTOINCREMENT

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-08 10:00:00

Without AUTOINCREMENT SQLite gives a new row max(id) + 1, so deleting the newest task let the next one
added (by a colleague's window, an import, a generation) take its id: a window still showing the deleted
task then saved what was typed into it on the other task. As 0008 did for projects. PostgreSQL's
sequences never reuse a value: nothing to do there.
"""
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    # Rebuilt as 0008 rebuilt projects: every row copied with its id (the new table's sequence starts after
    # the highest), its indexes and its unique (project_id, uid) made again. Database.migrate runs this with
    # the foreign keys off: dropping the old table would otherwise delete every task's sub-tasks and links
    # through ON DELETE CASCADE; it checks every foreign key (parent_id, the links') before it commits.
    with op.batch_alter_table('wbs_tasks', recreate='always', table_kwargs={'sqlite_autoincrement': True}):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('wbs_tasks', recreate='always', table_kwargs={'sqlite_autoincrement': False}):
        pass
