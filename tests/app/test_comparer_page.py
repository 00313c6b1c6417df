"""The Comparer page: territories from the link, figures as pandas counts them, choice by name."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_page
from tests.conftest import ROOT


def page(**params: str) -> AppTest:
    return open_page("pages/comparer.py", timeout=120, **params)


@pytest.fixture(scope="module")
def acteurs() -> pd.DataFrame:
    frame = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str, keep_default_na=False,
                        na_values=[""])
    communes = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                               columns=["code", "code_departement", "code_epci"])
    return frame.merge(communes.rename(columns={"code": "code_commune"}), on="code_commune",
                       how="left")


def test_four_territories_of_a_link_are_compared_with_the_sector_filter(acteurs):
    at = page(territoires="departements:38,epci:200040715,communes:38185,departements:15",
              secteur="emploi-insertion")
    figures = at.dataframe[0].value
    assert figures["Territoire"].tolist() == ["Isère", "Grenoble-Alpes-Métropole", "Grenoble",
                                              "Cantal"]
    kept = acteurs[acteurs["secteur"] == "emploi-insertion"]
    expected = [int((kept["code_departement"] == "38").sum()),
                int((kept["code_epci"] == "200040715").sum()),
                int((kept["code_commune"] == "38185").sum()),
                int((kept["code_departement"] == "15").sum())]
    assert figures["Nombre d'acteurs"].tolist() == expected
    assert at.multiselect(key="comparer-territoires").value == [
        "departements:38", "epci:200040715", "communes:38185", "departements:15"]


def test_choosing_territories_by_name_writes_them_in_the_link():
    at = page()
    assert any("au moins deux territoires" in i.value for i in at.info)
    at.multiselect(key="comparer-territoires").select("communes:69123").select(
        "departements:74").run()
    assert not at.exception
    assert at.query_params["territoires"] in ("communes:69123,departements:74",
                                              ["communes:69123,departements:74"])
    assert at.dataframe[0].value["Territoire"].tolist() == ["Lyon", "Haute-Savoie"]


def test_an_unknown_territory_of_a_link_is_said_and_dropped():
    at = page(territoires="departements:38,communes:[x](javascript:alert(1)),departements:01")
    # cut at 30 characters, every character that markdown could use replaced by "?"
    assert any(i.value == "Territoire inconnu ignoré : communes:?x??javascript:alert?"
               for i in at.info)
    assert at.dataframe[0].value["Territoire"].tolist() == ["Isère", "Ain"]
