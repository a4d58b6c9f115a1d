"""Alembic's environment for the store: always run online, on the connection the caller gives.

`aow_rules._store.upgrade` passes its connection in ``config.attributes``; nothing here reads
an ini file or a URL, so an installed wheel migrates with no files beside it.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
