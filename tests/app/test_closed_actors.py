"""Closed actors through the pages: out of today's figures (and said), in the years they were open."""

from __future__ import annotations

import pytest

from observatoire import schema, storage
from observatoire.importers import import_file
from tests.app.helpers import open_page

THIS_YEAR = schema.current_year()


@pytest.fixture
def closures(tmp_path, monkeypatch):
    """Four actors of the Ain, two closed (2010 and 2015), shown by the dashboard."""
    path = tmp_path / "acteurs.csv"
    path.write_text(
        "id,nom,code_commune,annee_creation,annee_fermeture,forme_juridique\n"
        "A1,Ouverte depuis 2000,01053,2000,,association\n"
        "A2,Ouverte depuis 2012,01053,2012,,association\n"
        "A3,Fermée en 2010,01053,2000,2010,association\n"
        "A4,Fermée en 2015,01004,2005,2015,scop\n",
        encoding="utf-8",
    )
    folder = tmp_path / "donnees"
    import_file(path, "acteurs", folder)
    monkeypatch.setenv(storage.ENV_VAR, str(folder))


def test_the_overview_counts_open_actors_and_says_how_many_closed_are_left_out(closures):
    at = open_page()
    assert at.metric[0].label == "Acteurs" and at.metric[0].value == "2"
    assert any("2\u00a0acteurs fermés" in c.value and "Évolution" in c.value for c in at.caption)


def test_the_evolution_counts_closed_actors_in_the_years_they_were_open(closures):
    at = open_page("pages/evolution.py", depuis="2008")
    twin = at.dataframe[0].value.set_index("Année")
    stock = twin["Acteurs en activité au 31 décembre – région"]
    # created 2000, 2012, 2000 (closed 2010), 2005 (closed 2015)
    assert stock["2008"] == 3 and stock["2009"] == 3 and stock["2010"] == 2
    assert stock["2012"] == 3 and stock["2014"] == 3 and stock["2015"] == 2
    assert stock[str(THIS_YEAR)] == 2
    assert any("dont 2\u00a0fermés" in t.value for t in at.text)
    closed = next(d.value for d in at.dataframe if "Année de fermeture" in d.value.columns)
    assert closed[["Nom", "Année de fermeture"]].values.tolist() == [
        ["Fermée en 2015", 2015], ["Fermée en 2010", 2010]]


def test_the_carte_of_a_past_year_shows_the_actors_open_then(closures):
    at = open_page("pages/carte.py", annee="2009")
    twin = next(d.value for d in at.dataframe if "Nombre d'acteurs" in d.value.columns)
    assert twin.set_index("Code").loc["01", "Nombre d'acteurs"] == 3
    today = open_page("pages/carte.py")
    twin = next(d.value for d in today.dataframe if "Nombre d'acteurs" in d.value.columns)
    assert twin.set_index("Code").loc["01", "Nombre d'acteurs"] == 2
