"""Every page through dashboard.py with AppTest, and what it shows compared with pandas."""

from __future__ import annotations

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from observatoire import formatting
from observatoire.formatting import fmt_int
from tests.app.helpers import open_page
from tests.conftest import ROOT

PAGES = {
    "pages/vue_ensemble.py": "Vue d'ensemble",
    "pages/carte.py": "Carte",
    "pages/acteurs.py": "Acteurs",
    "pages/projets.py": "Projets",
    "pages/portrait.py": "Portrait de territoire",
    "pages/evolution.py": "Évolution",
    "pages/comparer.py": "Comparer des territoires",
    "pages/donnees_methode.py": "Données et méthode",
    "pages/accessibilite.py": "Déclaration d'accessibilité",
}
# Every filter is valid, together they keep nothing
NOTHING_LEFT = {"secteur": "emploi-insertion", "annee_min": "2030"}


@pytest.fixture(scope="module")
def acteurs_csv() -> pd.DataFrame:
    """data/acteurs.csv joined to the communes by pandas alone."""
    acteurs = pd.read_csv(ROOT / "data" / "acteurs.csv", dtype=str, keep_default_na=False,
                          na_values=[""])
    communes = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                               columns=["code", "code_departement", "code_epci"])
    return acteurs.merge(communes, left_on="code_commune", right_on="code", how="left")


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_runs_with_its_title_and_the_demo_banner(page):
    at = open_page(page)
    assert PAGES[page] in [t.value for t in at.title]
    assert any("Données de démonstration" in w.value for w in at.warning)


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_survives_filters_that_keep_nothing(page):
    at = open_page(page, **NOTHING_LEFT)
    assert PAGES[page] in [t.value for t in at.title]


@pytest.mark.parametrize(
    ("page", "message"),
    [
        ("pages/acteurs.py", "Aucun acteur ne correspond"),
        ("pages/projets.py", "Aucun projet ne correspond"),
        ("pages/portrait.py", "Aucun acteur dans ce territoire"),
    ],
)
def test_empty_results_say_so_in_french(page, message):
    at = open_page(page, **NOTHING_LEFT)
    assert any(message in i.value for i in at.info)


def test_overview_actor_metric_for_isere_matches_pandas(acteurs_csv):
    at = open_page("pages/vue_ensemble.py", departement="38")
    expected = int((acteurs_csv["code_departement"] == "38").sum())
    assert metric(at, "Acteurs") == fmt_int(expected)


def test_unknown_departement_shows_a_notice_and_the_whole_region(acteurs_csv):
    at = open_page("pages/vue_ensemble.py", departement="99")
    assert any("99" in i.value for i in at.info)
    assert metric(at, "Acteurs") == fmt_int(len(acteurs_csv))


def test_actor_count_for_a_sector_matches_pandas(acteurs_csv):
    at = open_page("pages/acteurs.py", secteur="emploi-insertion")
    n = int((acteurs_csv["secteur"] == "emploi-insertion").sum())
    assert formatting.count_sentence(n, n, "acteur") in markdown_text(at)


def test_actor_search_is_accent_blind_and_matches_pandas(acteurs_csv):
    at = open_page("pages/acteurs.py")
    at.text_input(key="acteurs-recherche").input("EPICERIE").run()
    assert not at.exception
    names = acteurs_csv["nom"].str.lower().str.replace("é", "e")
    n = int(names.str.contains("epicerie", regex=False).sum())
    assert n > 0
    assert formatting.count_sentence(n, len(acteurs_csv), "acteur") in markdown_text(at)


def test_project_count_for_a_departement_matches_pandas():
    projets = pd.read_csv(ROOT / "data" / "projets.csv", dtype=str)
    communes = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                               columns=["code", "code_departement"])
    joined = projets.merge(communes, left_on="code_commune", right_on="code", how="left")
    n = int((joined["code_departement"] == "26").sum())
    at = open_page("pages/projets.py", departement="26")
    assert formatting.count_sentence(n, n, "projet") in markdown_text(at)


def test_portrait_of_the_metropole_de_lyon_counts_its_actors(acteurs_csv):
    at = open_page("pages/portrait.py", departement="69M")
    assert at.selectbox(key="portrait-territoire").value == "69M"
    expected = int((acteurs_csv["code_departement"] == "69M").sum())
    assert metric(at, "Acteurs") == fmt_int(expected)
    assert any("sur 13 départements" in t.value for t in at.text)


def test_portrait_of_a_commune_chosen_in_the_page(acteurs_csv):
    at = open_page("pages/portrait.py")
    at.radio(key="portrait-niveau").set_value("communes").run()
    at.selectbox(key="portrait-territoire").set_value("38185").run()
    assert not at.exception
    expected = int((acteurs_csv["code_commune"] == "38185").sum())
    assert metric(at, "Acteurs") == fmt_int(expected)
    assert any("communes de la région" in t.value for t in at.text)


def test_portrait_keeps_the_sector_filter_but_not_the_sidebar_territory(acteurs_csv):
    at = open_page("pages/portrait.py", departement="01", secteur="sante")
    at.selectbox(key="portrait-territoire").set_value("38").run()
    rows = acteurs_csv[(acteurs_csv["code_departement"] == "38")
                       & (acteurs_csv["secteur"] == "sante")]
    assert metric(at, "Acteurs") == fmt_int(len(rows))


def test_data_page_names_the_demo_dataset_and_the_import_command():
    at = open_page("pages/donnees_methode.py")
    assert any("démonstration" in t.value for t in at.text)
    assert any("python -m observatoire import FICHIER" in c.value for c in at.code)
    assert metric(at, "Acteurs en activité") == fmt_int(len(pd.read_csv(ROOT / "data" / "acteurs.csv")))
