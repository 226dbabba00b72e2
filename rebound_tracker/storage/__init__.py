"""Persistence: SQLite through SQLAlchemy 2, Alembic migrations shipped in the package.

Nothing here opens a database at import time. Repositories take a Session, return domain
dataclasses and never commit: the service running the user's action owns the transaction.
"""
