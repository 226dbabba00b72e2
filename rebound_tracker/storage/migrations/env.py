"""Alembic environment for Rebound Tracker.

The app (``rebound_tracker.storage.migrate``) builds the Alembic Config in code and passes
an open SQLAlchemy Connection in ``config.attributes["connection"]``, so migrations run on
our engine with our per-connection PRAGMAs and inside the caller's transaction. Offline
(``--sql``) generation works from ``sqlalchemy.url`` when one is configured.

For a new revision during development::

    from alembic import command
    from rebound_tracker.storage.database import open_engine
    from rebound_tracker.storage.migrate import alembic_config
    engine = open_engine(Path("dev.sqlite3"))      # a database already at head
    with engine.begin() as connection:
        command.revision(alembic_config(connection), "why", autogenerate=True)
"""

from __future__ import annotations

from alembic import context

from rebound_tracker.storage.models import Base

target_metadata = Base.metadata


def _options() -> dict:
    # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
    return {"target_metadata": target_metadata, "render_as_batch": True, "compare_type": True}


def run_migrations_offline() -> None:
    context.configure(
        url=context.config.get_main_option("sqlalchemy.url"), literal_binds=True, **_options()
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "Rebound Tracker migrations need a connection in config.attributes['connection']; "
            "use rebound_tracker.storage.migrate rather than the alembic command line."
        )
    context.configure(connection=connection, **_options())
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
