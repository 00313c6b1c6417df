"""The Carte page's twin table and the overview's table, for every indicator they offer: each
header is the indicator's label and each column holds what pandas computes on the files."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from observatoire import indicators
from tests.app.helpers import open_page
from tests.conftest import ROOT, raw_frames
from tests.unit.test_indicator_registry import INDEPENDENT, assert_same


def page(path: str, **params: str) -> AppTest:
    return open_page(path, timeout=90, **params)


@pytest.fixture(scope="module")
def raw() -> dict[str, pd.DataFrame]:
    return raw_frames()


def table_with(at: AppTest, header: str) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if header in d.value.columns)


def check(table: pd.DataFrame, key: str, raw, level: str, reference: pd.DataFrame) -> None:
    expected_headers = ["Territoire", "Code", "Population"] + [
        i.label for i in indicators.table_indicators(key)
    ] + ["Remarque"]  # issue 10: the reliability note closes every territory table
    assert list(table.columns) == expected_headers
    ref = reference.set_index("code").loc[table["Code"]].reset_index()
    for other in indicators.table_indicators(key):
        assert_same(table[other.label], INDEPENDENT[other.key](raw, level, ref))


@pytest.mark.parametrize("key", indicators.MAP_INDICATORS)
def test_carte_twin_table_holds_what_its_headers_say(raw, key):
    at = page("pages/carte.py")
    at.selectbox(key="carte-indicateur").set_value(key).run()
    assert not at.exception
    label = indicators.get(key).label
    table = table_with(at, label)
    reference = pd.read_parquet(ROOT / "geo" / "departements.parquet",
                                columns=["code", "population"])
    check(table, key, raw, "departements", reference)


@pytest.mark.parametrize("key", indicators.MAP_INDICATORS)
def test_carte_twin_table_of_the_communes_of_a_departement(raw, key):
    at = page("pages/carte.py", departement="26")
    at.radio(key="carte-niveau").set_value("communes").run()
    at.selectbox(key="carte-indicateur").set_value(key).run()
    assert not at.exception
    table = table_with(at, indicators.get(key).label)
    reference = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                                columns=["code", "population", "code_departement"])
    assert set(table["Code"]) == set(reference.loc[reference["code_departement"] == "26", "code"])
    filtered = {kind: frame[frame["code_departement"] == "26"] for kind, frame in raw.items()}
    check(table, key, filtered, "communes", reference)


@pytest.mark.parametrize("key", indicators.MAP_INDICATORS)
def test_overview_table_holds_what_its_headers_say(raw, key):
    at = page("pages/vue_ensemble.py")
    at.radio(key="vue-indicateur").set_value(key).run()
    assert not at.exception
    table = table_with(at, indicators.get(key).label)
    reference = pd.read_parquet(ROOT / "geo" / "departements.parquet",
                                columns=["code", "population"])
    check(table, key, raw, "departements", reference)


def test_no_rate_column_holds_raw_counts_on_the_carte_page(raw):
    """The bug of the last round: a column headed with the rate held the counts."""
    at = page("pages/carte.py")
    at.selectbox(key="carte-indicateur").set_value("taux_acteurs").run()
    table = table_with(at, "Acteurs pour 10 000 habitants")
    counts = raw["acteurs"]["code_departement"].value_counts()
    rates = table.set_index("Code")["Acteurs pour 10 000 habitants"].astype(float)
    assert not np.allclose(rates.to_numpy(), counts.reindex(rates.index).to_numpy(float))
    assert rates.max() < 100  # per 10,000 inhabitants, not a count of hundreds


def test_the_data_page_explains_every_indicator_of_the_registry():
    at = page("pages/donnees_methode.py")
    table = table_with(at, "Calcul")
    assert table["Indicateur"].tolist() == [i.label for i in indicators.REGISTRY.values()]
