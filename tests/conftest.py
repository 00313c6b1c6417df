"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server for the whole session (tests/pg.py)."""
    from tests.pg import PostgresServer

    server = PostgresServer()
    yield server
    server.stop()


@pytest.fixture
def pg_url(postgres, request):
    """A fresh PostgreSQL database for one test; its engines are closed after."""
    from observatoire import storage

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name)[:50].lower()
    url = postgres.database(name)
    yield url
    storage.dispose_engines()
