"""Comparer: the link's territories, and figures checked by hand and against pandas."""

from __future__ import annotations

import pandas as pd
import pytest

from observatoire import comparison, dataset, territories
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def references() -> dict[str, pd.DataFrame]:
    return {level: pd.DataFrame(territories.load_layer(level).drop(columns="geometry"))
            for level in ("departements", "epci", "communes")}


def test_the_link_keeps_known_territories_in_order_at_most_four(references):
    kept, notices = comparison.parse(
        "communes:38185,departements:15,epci:999999999,communes:38185,departements:38,"
        "departements:01,departements:07", references)
    assert kept == ["communes:38185", "departements:15", "departements:38", "departements:01"]
    assert notices == ["Territoire inconnu ignoré : epci:999999999",
                       "Seuls les 4 premiers territoires sont comparés"]


def test_hand_checked_figures_of_two_small_territories():
    references = {
        "departements": pd.DataFrame({"code": ["38"], "nom": ["Isère"], "population": [20_000]}),
        "epci": pd.DataFrame({"code": ["200000001"], "nom": ["CC Test"], "population": [1_000],
                              "population_epci_entier": [3_000]}),
        "communes": pd.DataFrame({"code": ["38185"], "nom": ["Grenoble"], "population": [0]}),
    }
    acteurs = pd.DataFrame({
        "code_departement": ["38", "38", "38"], "code_epci": ["200000001", None, None],
        "code_commune": ["38001", "38185", "38185"], "emplois": [4, 6, None],
        "forme_juridique": ["scop", "association", "societe"], "secteur": ["sante"] * 3,
        "annee_creation": [2001, 2002, None],
    })
    projets = pd.DataFrame(columns=["code_departement", "code_epci", "code_commune",
                                    "montant_aide_eur", "annee_debut"])
    selection = ["departements:38", "epci:200000001"]
    figures = comparison.key_figures(selection, acteurs, projets, references)
    assert figures["Nombre d'acteurs"].tolist() == [3, 1]
    assert figures["Acteurs pour 10 000 habitants"].tolist() == pytest.approx([1.5, 10.0])
    assert figures["Emplois des acteurs"].tolist() == [10, 4]
    assert figures["Remarque"].tolist() == [
        "", "effectif faible (moins de 2\u202f000 habitants) ; partie AURA seulement"]
    families = comparison.shares(selection, acteurs, references, "famille").set_index("Famille")
    assert families.loc["Coopératives"].tolist() == pytest.approx([100 / 3, 100.0])
    assert families.loc["Hors familles de l'ESS", "Isère (%)"] == pytest.approx(100 / 3)
    table = comparison.evolution_table(selection, acteurs, projets, references, 2000, 2003)
    assert table.to_dict("list") == {"Année": ["2000", "2001", "2002", "2003"],
                                     "Isère": [0, 1, 2, 2], "CC Test": [0, 1, 1, 1]}


def test_the_committed_data_compared_as_pandas_counts(references):
    shown = dataset.load()
    raw = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str, keep_default_na=False,
                      na_values=[""])
    selection = ["communes:69123", "communes:38185", "departements:74"]
    figures = comparison.key_figures(selection, shown.acteurs, shown.projets, references)
    communes = references["communes"].set_index("code")
    assert figures["Nombre d'acteurs"].iloc[0] == int((raw["code_commune"] == "69123").sum())
    assert figures["Nombre d'acteurs"].iloc[1] == int((raw["code_commune"] == "38185").sum())
    assert figures["Population"].iloc[1] == int(communes.loc["38185", "population"])
    sectors = comparison.shares(selection, shown.acteurs, references, "secteur")
    assert sectors.iloc[:, 1:].sum().round(6).tolist() == [100.0, 100.0, 100.0]
