"""Search, carrier names, tables and detail of the Acteurs and Projets pages."""

import pandas as pd
import pytest

from observatoire import dataset, filters, formatting, tables
from observatoire.dataset import NOT_LOCATED

NAMES = pd.DataFrame(
    {"nom": ["Épicerie Solidaire", "L'Atelier du Cœur", "Saint-Étienne Mobilité", "Recyclerie",
             None]},
    index=[10, 11, 12, 13, 14],
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [10, 11, 12, 13, 14]),
        ("   ", [10, 11, 12, 13, 14]),
        (None, [10, 11, 12, 13, 14]),
        ("epicerie", [10]),
        ("ÉPICERIE", [10]),
        ("solidaire epicerie", [10]),
        ("atelier du coeur", [11]),
        ("l atelier", [11]),
        ("l’atelier", [11]),
        ("saint etienne", [12]),
        ("st-etienne", []),
        ("rie", [10, 13]),
        ("introuvable", []),
        ("(", [10, 11, 12, 13, 14]),  # punctuation only is no query, never a regex error
        (".*", []),  # searched as text, not as a pattern
    ],
)
def test_search_ignores_accents_case_and_punctuation(query, expected):
    assert list(filters.search(NAMES, query, "nom").index) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Œuvre d'Été", "oeuvre d ete"), ("  A--B  ", "a b"), (None, ""), (12, "")],
)
def test_normalize_folds_text_for_comparison(text, expected):
    assert filters.normalize(text) == expected


def test_search_on_the_real_actors_matches_a_plain_pandas_filter(root):
    acteurs = pd.read_csv(root / "data" / "acteurs.csv", dtype=str)
    expected = acteurs[acteurs["nom"].str.lower().str.contains("insertion", regex=False)]
    assert set(filters.search(acteurs, "INSERTION", "nom")["id"]) == set(expected["id"])


def test_with_carrier_adds_the_carrier_name_and_leaves_unknown_carriers_empty():
    acteurs = pd.DataFrame({"id": ["a1", "a2"], "nom": ["Alpha", "Bêta"]})
    projets = pd.DataFrame({"id": ["p1", "p2", "p3"], "porteur_id": ["a2", "zz", None]})
    out = dataset.with_carrier(projets, acteurs)
    assert out["nom_porteur"].tolist()[0] == "Bêta"
    assert out["nom_porteur"].isna().tolist() == [False, True, True]
    assert list(out.index) == list(projets.index)


def test_every_real_project_gets_the_name_pandas_joins(root):
    acteurs = pd.read_csv(root / "data" / "acteurs.csv", dtype=str)
    projets = pd.read_csv(root / "data" / "projets.csv", dtype=str)
    merged = projets.merge(acteurs[["id", "nom"]], left_on="porteur_id", right_on="id",
                           how="left", suffixes=("", "_a"))
    out = dataset.with_carrier(projets, acteurs)
    assert out["nom_porteur"].fillna("").tolist() == merged["nom"].fillna("").tolist()


@pytest.mark.parametrize(
    ("shown", "total", "expected"),
    [
        (1234, 2033, "**1\u202f234\u00a0acteurs affichés** sur 2\u202f033 retenus par les filtres."),
        (1, 1, "**1\u00a0acteur affiché** sur 1 retenu par les filtres."),
        (0, 0, "**0\u00a0acteur affiché** sur 0 retenu par les filtres."),
    ],
)
def test_count_sentence_is_french(shown, total, expected):
    assert formatting.count_sentence(shown, total, "acteur") == expected


def test_display_table_has_french_headers_numeric_numbers_and_not_located_communes():
    frame = pd.DataFrame({
        "nom": ["A", "B"], "secteur": ["sante", "culture"], "nom_commune": ["Lyon", None],
        "emplois": pd.array([1200, None], dtype="Int64"),
        "annee_creation": pd.array([2009, None], dtype="Int64"),
    })
    table = tables.display_table(frame, ["nom", "secteur", "nom_commune", "emplois",
                                          "annee_creation", "absente"])
    assert list(table.columns) == ["Nom", "Secteur", "Commune", "Emplois", "Année de création"]
    assert table["Secteur"].tolist() == ["Santé", "Culture"]
    assert table["Commune"].tolist() == ["Lyon", NOT_LOCATED]
    assert pd.api.types.is_numeric_dtype(table["Emplois"])
    html = tables.styled(table).to_html()
    assert "1\u202f200" in html and "2009" in html and "2\u202f009" not in html


def test_detail_shows_every_field_as_text_with_french_labels():
    row = pd.Series({"id": "R-1", "nom": "<img src=x onerror=alert(1)>", "secteur": "sante",
                     "nom_commune": None, "emplois": 1500, "annee_creation": 1998,
                     "montant_aide_eur": 12000.0, "latitude": 45.5, "siret": "12345678901234"})
    table = tables.detail(row)
    values = dict(zip(table["Champ"], table["Valeur"]))
    assert values == {
        "Identifiant": "R-1", "Nom": "<img src=x onerror=alert(1)>", "Secteur": "Santé",
        "Commune": NOT_LOCATED, "Emplois": "1\u202f500", "Année de création": "1998",
        "Aide (€)": "12\u202f000\u202f€", "Latitude": "45,5", "SIRET": "12345678901234",
    }
