"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
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


def raw_frames() -> dict[str, pd.DataFrame]:
    """data/acteurs.csv and data/projets.csv joined to the commune layer by pandas alone."""
    communes = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                               columns=["code", "code_departement", "code_epci"])
    out = {}
    for kind in ("acteurs", "projets"):
        frame = pd.read_csv(ROOT / "data" / f"{kind}.csv", dtype=str, keep_default_na=False,
                            na_values=[""])
        out[kind] = frame.merge(communes.rename(columns={"code": "code_commune"}),
                                on="code_commune", how="left")
    return out
