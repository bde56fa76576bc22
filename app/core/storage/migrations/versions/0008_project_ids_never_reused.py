"""Project ids are never handed out again: the projects table on SQLite becomes AUTOINCREMENT

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-26 10:00:00

Without AUTOINCREMENT SQLite gives a new row max(id) + 1, so deleting the newest project let the next
one created or imported take its id: a colleague's command or a window still holding that id then acted
on the other project. PostgreSQL's sequences never reuse a value: nothing to do there.
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    # The table is rebuilt (SQLite cannot ALTER a primary key): every row is copied with its id, and the
    # new table's sequence starts after the highest one. Database.migrate runs this with the foreign keys
    # off, as SQLite's own procedure for rebuilding a table says: dropping the old table would otherwise
    # delete every project's answers, sessions, documents and tasks through ON DELETE CASCADE; it checks
    # every foreign key before it commits.
    with op.batch_alter_table('projects', recreate='always', table_kwargs={'sqlite_autoincrement': True}):
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name != 'sqlite':
        return
    with op.batch_alter_table('projects', recreate='always', table_kwargs={'sqlite_autoincrement': False}):
        pass
