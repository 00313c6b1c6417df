"""Indicators: counts with zeros kept, rates per 10,000, sectors, portrait, classes, formatting."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from observatoire import schema
from observatoire.formatting import MISSING, NNBSP, fmt_eur, fmt_int, fmt_pct, fmt_rate
from observatoire.indicators import (
    NO_DATA_LABEL,
    ZERO_LABEL,
    classify,
    compare,
    counts_by_territory,
    key_figures,
    rank_among_peers,
    sector_matrix,
    sector_mix,
)

ROOT = Path(__file__).resolve().parents[2]


def departements() -> pd.DataFrame:
    codes = list(schema.DEPARTEMENTS)
    return pd.DataFrame(
        {
            "code": codes,
            "nom": [schema.DEPARTEMENTS[c] for c in codes],
            "population": [100_000 * (i + 1) for i in range(len(codes))],
        }
    )


def epci() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["200046977", "200040715", "243800604", "200040111"],
            "nom": ["Métropole de Lyon", "Grenoble-Alpes-Métropole", "CC Ouest Rhodanien", "CC Coeur de Chartreuse"],
            "population": [1_400_000, 450_000, 50_000, 0],
            "nature": ["METRO", "METRO", "CC", "CC"],
            "departements": ["69M", "38", "69D", "38,73"],
        }
    )


def communes() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["69123", "38185", "69029", "01004", "73065"],
            "nom": ["Lyon", "Grenoble", "Bron", "Ambérieu-en-Bugey", "Chambéry"],
            "population": [520_000, 158_000, 42_000, 15_934, 60_000],
            "code_departement": ["69M", "38", "69D", "01", "73"],
            "code_epci": ["200046977", "200040715", "243800604", "240100883", "200069110"],
        }
    )


def acteurs() -> pd.DataFrame:
    rows = [
        ("a1", "emploi-insertion", "69123", "69M", "200046977", 10),
        ("a2", "emploi-insertion", "69123", "69M", "200046977", None),
        ("a3", "sante", "38185", "38", "200040715", 5),
        ("a4", "culture", "69029", "69D", "243800604", 2),
        ("a5", "sante", "", None, None, 7),
        ("a6", "numerique", None, None, None, 0),
    ]
    df = pd.DataFrame(rows, columns=["id", "secteur", "code_commune", "code_departement", "code_epci", "emplois"])
    df["emplois"] = df["emplois"].astype("Int64")
    return df


def projets() -> pd.DataFrame:
    df = pd.DataFrame(
        {
            "id": ["p1", "p2", "p3"],
            "porteur_id": ["a1", "a3", "a5"],
            "secteur": ["emploi-insertion", "sante", "sante"],
            "code_commune": ["69123", "38185", ""],
            "code_departement": ["69M", "38", None],
            "code_epci": ["200046977", "200040715", None],
            "montant_aide_eur": pd.array([10_000.0, 2_500.5, None], dtype="Float64"),
            "emplois_crees": pd.array([2, None, 1], dtype="Int64"),
        }
    )
    return df


# --- Key figures and counts ----------------------------------------------------------------


def test_key_figures_sum_jobs_and_aid_and_count_actors_not_located():
    figures = key_figures(acteurs(), projets())
    assert figures["nb_acteurs"] == 6
    assert figures["nb_projets"] == 3
    assert figures["emplois"] == 24
    assert figures["montant_aide_eur"] == pytest.approx(12_500.5)
    assert figures["nb_non_localises"] == 2
    assert figures["emplois_crees"] == 3
    assert figures["nb_projets_non_localises"] == 1


def test_key_figures_of_empty_frames_are_zeros():
    figures = key_figures(acteurs().iloc[0:0], projets().iloc[0:0])
    assert figures == {"nb_acteurs": 0, "nb_projets": 0, "emplois": 0, "montant_aide_eur": 0.0,
                       "nb_non_localises": 0, "emplois_crees": 0, "nb_projets_non_localises": 0}


def test_counts_by_departement_keep_every_territory_with_zeros():
    table = counts_by_territory(acteurs(), departements(), "departements")
    assert list(table.columns) == ["code", "nom", "population", "valeur", "taux_10000"]
    assert list(table["code"]) == list(schema.DEPARTEMENTS)
    counts = dict(zip(table["code"], table["valeur"]))
    assert counts == {**{c: 0 for c in schema.DEPARTEMENTS}, "69M": 2, "38": 1, "69D": 1}
    assert table["valeur"].isna().sum() == 0
    assert str(table["valeur"].dtype) == "Int64"


def test_rate_is_per_ten_thousand_inhabitants():
    table = counts_by_territory(acteurs(), departements(), "departements").set_index("code")
    # 69M is the 11th code: population 1,100,000; 2 actors -> 2 / 110 per 10,000
    assert table.loc["69M", "population"] == 1_100_000
    assert table.loc["69M", "taux_10000"] == pytest.approx(2 / 1_100_000 * 10_000)
    assert table.loc["01", "taux_10000"] == 0


def test_rate_is_missing_when_population_is_zero_or_unknown():
    table = counts_by_territory(acteurs(), epci(), "epci").set_index("code")
    assert pd.isna(table.loc["200040111", "taux_10000"])
    assert table.loc["200040111", "valeur"] == 0


@pytest.mark.parametrize(
    "level, reference, value, expected",
    [
        ("communes", communes, "acteurs", {"69123": 2, "38185": 1, "69029": 1, "01004": 0, "73065": 0}),
        ("epci", epci, "acteurs", {"200046977": 2, "200040715": 1, "243800604": 1, "200040111": 0}),
        ("departements", departements, "emplois", {"69M": 10, "38": 5, "69D": 2, "01": 0}),
        ("communes", communes, "projets", {"69123": 1, "38185": 1, "69029": 0}),
    ],
)
def test_counts_by_territory_per_level_and_value(level, reference, value, expected):
    table = counts_by_territory(acteurs(), reference(), level, value=value, projets=projets())
    got = dict(zip(table["code"], table["valeur"]))
    for code, n in expected.items():
        assert got[code] == n


def test_counts_by_territory_match_a_pandas_groupby():
    a = acteurs()
    table = counts_by_territory(a, communes(), "communes")
    expected = a.groupby("code_commune").size()
    for code, n in zip(table["code"], table["valeur"]):
        assert n == expected.get(code, 0)


def test_counting_projects_without_projects_is_an_error():
    with pytest.raises(ValueError):
        counts_by_territory(acteurs(), departements(), "departements", value="projets")


def test_unknown_level_is_an_error():
    with pytest.raises(ValueError):
        counts_by_territory(acteurs(), departements(), "regions")


# --- Sectors -----------------------------------------------------------------------------


def test_sector_mix_lists_every_sector_in_schema_order_with_shares():
    mix = sector_mix(acteurs())
    assert list(mix.columns) == ["secteur", "libelle", "nombre", "part"]
    assert list(mix["secteur"]) == list(schema.SECTEURS)
    row = mix.set_index("secteur").loc["emploi-insertion"]
    assert row["libelle"] == "Emploi et insertion"
    assert row["nombre"] == 2
    assert row["part"] == pytest.approx(2 / 6)
    assert mix["part"].sum() == pytest.approx(1)
    assert mix.set_index("secteur").loc["mobilite", "nombre"] == 0


def test_sector_mix_of_nothing_has_zero_shares():
    mix = sector_mix(acteurs().iloc[0:0])
    assert mix["nombre"].sum() == 0 and mix["part"].sum() == 0


def test_sector_matrix_is_thirteen_departements_by_fifteen_sectors_with_zeros():
    matrix = sector_matrix(acteurs(), departements())
    assert matrix.shape == (13, 15)
    assert list(matrix.columns) == list(schema.SECTEURS.values())
    assert list(matrix.index) == list(schema.DEPARTEMENTS)
    assert matrix.loc["69M", "Emploi et insertion"] == 2
    assert matrix.loc["01", "Santé"] == 0
    assert matrix.isna().sum().sum() == 0
    # Actors not located are not in any row
    assert matrix.to_numpy().sum() == 4


# --- Portrait ------------------------------------------------------------------------------


def territories() -> dict[str, pd.DataFrame]:
    return {"departements": departements(), "epci": epci(), "communes": communes()}


def test_compare_puts_a_commune_its_departement_and_the_region_side_by_side():
    table = compare(acteurs(), projets(), "communes", "69123", territories())
    assert list(table["echelon"]) == ["territoire", "departement", "region"]
    assert list(table["code"]) == ["69123", "69M", schema.REGION_CODE]
    assert list(table["nom"]) == ["Lyon", "Métropole de Lyon", schema.REGION_NAME]
    assert list(table["acteurs"]) == [2, 2, 6]
    assert list(table["projets"]) == [1, 1, 3]
    assert table["taux_acteurs"].iloc[0] == pytest.approx(2 / 520_000 * 10_000)
    region_population = departements()["population"].sum()
    assert table["population"].iloc[2] == region_population
    assert table["taux_acteurs"].iloc[2] == pytest.approx(6 / region_population * 10_000)


def test_compare_finds_the_departement_of_an_epci_straddling_two():
    table = compare(acteurs(), projets(), "epci", "200040111", territories())
    assert list(table["code"]) == ["200040111", "38", schema.REGION_CODE]
    assert pd.isna(table["taux_acteurs"].iloc[0])  # population 0


def test_compare_for_a_departement_has_two_rows():
    table = compare(acteurs(), None, "departements", "69D", territories())
    assert list(table["echelon"]) == ["territoire", "region"]
    assert list(table["projets"]) == [0, 0]


def test_rank_among_peers_gives_one_to_the_highest_rate():
    a = acteurs()
    # Per 10,000: Lyon 2/520k, Grenoble 1/158k, Bron 1/42k -> Bron first, Grenoble, Lyon, then ties at 0
    assert rank_among_peers(a, communes(), "communes", "69029")["rang"] == 1
    assert rank_among_peers(a, communes(), "communes", "38185")["rang"] == 2
    lyon = rank_among_peers(a, communes(), "communes", "69123")
    assert lyon["rang"] == 3 and lyon["nb_pairs"] == 5 and lyon["valeur"] == 2
    assert rank_among_peers(a, communes(), "communes", "01004")["rang"] == 4
    assert rank_among_peers(a, communes(), "communes", "73065")["rang"] == 4


def test_rank_among_peers_has_no_rank_without_population_or_for_an_unknown_code():
    assert rank_among_peers(acteurs(), epci(), "epci", "200040111")["rang"] is None
    assert rank_among_peers(acteurs(), epci(), "epci", "200040111")["nb_pairs"] == 3
    assert rank_among_peers(acteurs(), epci(), "epci", "000000000")["rang"] is None


# --- Classes -------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["quantiles", "jenks"])
def test_zeros_and_missing_values_have_their_own_classes(method):
    values = pd.Series([0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, None])
    bins, labels = classify(values, k=5, method=method)
    assert labels.iloc[0] == ZERO_LABEL and labels.iloc[1] == ZERO_LABEL
    assert labels.iloc[-1] == NO_DATA_LABEL
    categories = list(labels.cat.categories)
    assert categories[0] == ZERO_LABEL and categories[-1] == NO_DATA_LABEL
    assert len(categories) == 7 and len(bins) == 5
    assert labels.cat.ordered
    assert bins[-1] == 10


def test_quantile_labels_are_french_ranges():
    bins, labels = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], k=5)
    assert list(labels.cat.categories) == ["de 1 à 2", "de 3 à 4", "de 5 à 6", "de 7 à 8", "de 9 à 10"]
    _, decimals = classify([1.25, 2.5, 3.75, 5.0], k=2)
    # issue 10: decimal bounds no longer leave gaps nor overlap ("à moins de" the next bound)
    assert list(decimals.cat.categories) == ["de 1,2 à moins de 3,7", "de 3,7 à 5,0"]


def test_every_value_falls_in_the_class_whose_bounds_contain_it():
    rng = np.random.default_rng(0)
    values = rng.gamma(2, 3, 300)
    for method in ("quantiles", "jenks"):
        bins, labels = classify(values, k=5, method=method)
        edges = [-math.inf] + list(bins)
        for value, label in zip(values, labels):
            c = list(labels.cat.categories).index(label)
            assert edges[c] < value <= edges[c + 1]


@pytest.mark.parametrize(
    "values, expected_categories",
    [
        ([], []),
        ([None, float("nan")], [NO_DATA_LABEL]),
        ([0, 0, 0], [ZERO_LABEL]),
        ([4, 4, 4, 4], ["4"]),
        ([2.5, 2.5], ["2,5"]),
        ([1, 1, 2, 2], ["1", "2"]),
        ([0, 3, 3, None], [ZERO_LABEL, "3", NO_DATA_LABEL]),
        ([1, float("inf")], ["1", NO_DATA_LABEL]),
    ],
)
@pytest.mark.parametrize("method", ["quantiles", "jenks"])
def test_classify_is_robust_to_degenerate_inputs(values, expected_categories, method):
    bins, labels = classify(values, k=5, method=method)
    assert list(labels.cat.categories) == expected_categories
    assert len(labels) == len(values)
    assert len(bins) == len([c for c in expected_categories if c not in (ZERO_LABEL, NO_DATA_LABEL)])


def test_jenks_on_thousands_of_values_is_quick_and_separates_groups():
    values = np.concatenate([np.full(2000, 1.0), np.full(2000, 50.0), np.full(100, 500.0)])
    bins, labels = classify(values, k=3, method="jenks")
    assert list(labels.cat.categories) == ["1", "50", "500"]


def test_class_labels_stay_distinct_when_rounding_would_merge_them():
    _, labels = classify([1.01, 1.02, 1.03, 1.04], k=4)
    assert labels.cat.categories.is_unique and len(labels.cat.categories) == 4


def test_unknown_method_is_an_error():
    with pytest.raises(ValueError):
        classify([1, 2], method="natural")


# --- Formatting ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "function, value, expected",
    [
        (fmt_int, 0, "0"),
        (fmt_int, 999, "999"),
        (fmt_int, 1234, f"1{NNBSP}234"),
        (fmt_int, 1234567, f"1{NNBSP}234{NNBSP}567"),
        (fmt_int, -1234, f"-1{NNBSP}234"),
        (fmt_int, 12.6, "13"),
        (fmt_int, np.int64(5000), f"5{NNBSP}000"),
        (fmt_pct, 0.125, f"12,5{NNBSP}%"),
        (fmt_pct, 1, f"100,0{NNBSP}%"),
        (fmt_pct, 0, f"0,0{NNBSP}%"),
        (fmt_eur, 1234567, f"1{NNBSP}234{NNBSP}567{NNBSP}€"),
        (fmt_eur, 2500.5, f"2{NNBSP}500{NNBSP}€"),
        (fmt_rate, 3.44, "3,4"),
        (fmt_rate, 3.46, "3,5"),
        (fmt_rate, 12345.67, f"12{NNBSP}345,7"),
        (fmt_rate, -0.01, "0,0"),
        (fmt_rate, 0, "0,0"),
    ],
)
def test_numbers_are_formatted_the_french_way(function, value, expected):
    assert function(value) == expected


@pytest.mark.parametrize("function", [fmt_int, fmt_pct, fmt_eur, fmt_rate])
@pytest.mark.parametrize("missing", [None, pd.NA, float("nan"), np.nan, float("inf"), "abc"])
def test_missing_values_are_shown_as_a_dash(function, missing):
    assert function(missing) == MISSING == "–"


# --- Real files --------------------------------------------------------------------------

GEO = ROOT / "geo"


@pytest.mark.skipif(not (GEO / "departements.parquet").exists(), reason="référentiel absent")
def test_real_departements_give_a_thirteen_by_fifteen_matrix_and_thirteen_counts():
    deps = pd.read_parquet(GEO / "departements.parquet", columns=["code", "nom", "population"])
    assert sector_matrix(acteurs(), deps).shape == (13, 15)
    table = counts_by_territory(acteurs(), deps, "departements")
    assert len(table) == 13 and table["population"].gt(0).all()
    assert table["valeur"].sum() == 4


@pytest.mark.skipif(not (GEO / "communes.parquet").exists(), reason="référentiel absent")
def test_real_communes_keep_every_commune_and_classify_quickly():
    refs = pd.read_parquet(GEO / "communes.parquet", columns=["code", "nom", "population"])
    table = counts_by_territory(acteurs(), refs, "communes")
    assert len(table) == len(refs)
    assert table.set_index("code").loc["69123", "valeur"] == 2
    rates = pd.Series(np.random.default_rng(1).gamma(2, 3, len(refs)))
    bins, labels = classify(rates, k=5, method="jenks")
    assert len(bins) == 5 and len(labels) == len(refs)
    portrait = compare(acteurs(), projets(), "communes", "38185",
                       {"communes": pd.read_parquet(GEO / "communes.parquet",
                                                    columns=["code", "nom", "population", "code_departement"]),
                        "departements": pd.read_parquet(GEO / "departements.parquet",
                                                        columns=["code", "nom", "population"])})
    assert list(portrait["code"]) == ["38185", "38", schema.REGION_CODE]
