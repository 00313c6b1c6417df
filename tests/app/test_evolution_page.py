"""The Évolution page: one row per year, the chosen territory next to the region, from the link."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.app.helpers import open_page
from tests.conftest import raw_frames


def page(path: str, **params: str) -> AppTest:
    return open_page(path, timeout=120, **params)


def test_the_evolution_table_of_the_isere_matches_pandas_year_by_year():
    at = page("pages/evolution.py", departement="38", famille="associations", depuis="2005")
    acteurs = raw_frames()["acteurs"]  # pandas alone, from the committed files
    associations = acteurs[acteurs["forme_juridique"] == "association"]
    created = pd.to_numeric(associations["annee_creation"], errors="coerce")
    in_isere = associations["code_departement"] == "38"
    twin = at.dataframe[0].value
    assert twin["Année"].iloc[0] == "2005"
    for _, row in twin.iterrows():
        year = int(row["Année"])
        assert row["Acteurs en activité au 31 décembre – territoire"] == int(
            ((created <= year) & in_isere).sum())
        assert row["Acteurs en activité au 31 décembre – région"] == int((created <= year).sum())
        assert row["Acteurs créés dans l'année – territoire"] == int(
            ((created == year) & in_isere).sum())


def test_the_evolution_page_without_territory_invites_to_choose_one():
    at = page("pages/evolution.py")
    assert any("Choisissez un département" in i.value for i in at.info)
    assert at.dataframe[0].value["Année"].iloc[0] == "2000"


def test_the_carte_page_shows_the_situation_on_31_december_of_the_year_of_the_link():
    at = page("pages/carte.py", annee="2010")
    acteurs = raw_frames()["acteurs"]  # pandas alone, from the committed files
    created = pd.to_numeric(acteurs["annee_creation"], errors="coerce")
    expected = acteurs[created <= 2010]["code_departement"].value_counts()
    twin = next(d.value for d in at.dataframe if "Nombre d'acteurs" in d.value.columns)
    shown = twin.set_index("Code")["Nombre d'acteurs"]
    assert shown.to_dict() == {code: int(expected.get(code, 0)) for code in shown.index}
    assert at.number_input(key="carte-annee").value == 2010
    undated = int(created.isna().sum())
    assert any(f"{undated} acteurs sans année de création" in c.value for c in at.caption)
