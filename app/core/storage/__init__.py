"""Storage: SQLAlchemy ORM on SQLite (by default), with Alembic migrations applied on open."""
