"""Alembic environment: always run on the connection the app hands over (see Database.migrate)."""

from alembic import context

from app.core.storage.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:  # `alembic` run by hand: the app migrates (with a backup) when it opens a database
        raise SystemExit("migrations run through the app: mlops-kickoff migrates a database when it opens it")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode rebuilds tables
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
