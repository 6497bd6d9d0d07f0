"""Alembic environment for register files. Run through `bluelight_desktop.storage.migrate`, never by hand
against a live register (the app backs the file up first)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from bluelight_desktop.storage.schema import metadata

config = context.config


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        engine = create_engine(config.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            _run(connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("Register migrations run online only.")
run_migrations_online()
