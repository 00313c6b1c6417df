"""Taux fiables: small populations flagged and kept out of the classes; bounds that do not overlap."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from observatoire import indicators, leaflet, tables
from observatoire.indicators import SMALL_LABEL, classify


def _bound(text: str) -> float:
    return float(text.replace("\u202f", "").replace(",", "."))


def test_a_territory_of_a_hundred_inhabitants_does_not_stretch_the_legend():
    rates = [0.3, 1.1, 2.2, 3.0, 4.7, 200.0]
    population = pd.Series([50_000, 30_000, 20_000, 10_000, 5_000, 100])
    result = classify(rates, k=3, flagged=indicators.small_population(population))
    assert result.labels.iloc[-1] == SMALL_LABEL
    assert list(result.labels.cat.categories)[-1] == SMALL_LABEL
    assert max(result.bins) == pytest.approx(4.7)
    assert not any("200" in label for label in result.labels.cat.categories)


@pytest.mark.parametrize("seed", range(5))
def test_decimal_class_bounds_never_overlap_and_every_value_fits_its_label(seed):
    values = np.random.default_rng(seed).gamma(2, 1.5, 200)
    result = classify(values, k=5)
    for value, label in zip(values, result.labels):
        numbers = [_bound(n) for n in re.findall(r"\d[\d\u202f]*(?:,\d+)?", label)]
        if "moins de" in label:
            assert numbers[0] <= value < numbers[1]
        elif len(numbers) == 2:
            assert numbers[0] <= value <= numbers[1]
    labels = list(result.labels.cat.categories)
    for this, nxt in zip(labels, labels[1:]):
        assert this.split("moins de ")[1] == nxt.split(" à ")[0].removeprefix("de ")


def test_small_rates_get_two_significant_decimals():
    labels = list(classify([0.031, 0.05, 0.12, 0.2], k=2).labels.cat.categories)
    assert labels == ["de 0,03 à moins de 0,12", "de 0,12 à 0,20"]


def test_the_twin_table_says_effectif_faible_and_partie_aura_seulement():
    reference = pd.DataFrame({
        "code": ["200000001", "200000002", "200000003"], "nom": ["A", "B", "C"],
        "population": [100, 50_000, 1_500], "population_epci_entier": [100, 80_000, 1_500],
    })
    acteurs = pd.DataFrame({"code_epci": ["200000001", "200000002"], "emplois": [1, 2]})
    table = indicators.territory_table("acteurs", acteurs, None, reference, "epci")
    twin = tables.territory_table(table)
    assert twin["Remarque"].tolist() == [
        "effectif faible (moins de 2\u202f000 habitants)", "partie AURA seulement",
        "effectif faible (moins de 2\u202f000 habitants)",
    ]


def test_the_map_paints_small_populations_grey_and_says_so_in_legend_and_tooltip():
    import geopandas as gpd
    from shapely.geometry import box

    gdf = gpd.GeoDataFrame({"code": ["01001", "01002", "01004"]},
                           geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1), box(2, 0, 3, 1)],
                           crs="EPSG:4326")
    reference = pd.DataFrame({"code": ["01001", "01002", "01004"], "nom": ["A", "B", "C"],
                              "population": [100, 20_000, 30_000]})
    acteurs = pd.DataFrame({"code_commune": ["01001", "01002", "01004", "01004"]})
    table = indicators.territory_table("taux_acteurs", acteurs, None, reference, "communes")
    html = leaflet.to_html(leaflet.choropleth_map(gdf, table, "taux_acteurs"))
    assert leaflet.SMALL_COLOUR in html
    assert "effectif faible (moins de 2 000 habitants)" in html
    assert "100,0 (effectif faible)" in html  # 1 actor for 100 inhabitants, in the tooltip
    assert "Classes : même nombre de territoires" in html


def test_the_smoothed_rate_pulls_a_tiny_territory_to_its_departement_and_keeps_a_large_one():
    reference = pd.DataFrame({
        "code": ["01001", "01002", "01004", "38001"], "nom": list("ABCD"),
        "population": [100, 100_000, 100_000, 50_000],
        "code_departement": ["01", "01", "01", "38"],
    })
    acteurs = pd.DataFrame({"code_commune": ["01001"] + ["01002"] * 20 + ["01004"] * 40
                            + ["38001"] * 5})
    table = indicators.territory_table("taux_acteurs_lisse", acteurs, None, reference, "communes")
    smoothed = table.set_index("code")["taux_acteurs_lisse"].astype(float)
    # by hand: m = 61/200 100, s² = Σn(r−m)²/Σn ≈ 5.71e-8, A = s² − m/n̄ ≈ 5.25e-8,
    # weight of A (100 inhabitants) = A / (A + m/100) ≈ 0.017: raw 100 becomes ≈ 4.69
    assert smoothed["01001"] == pytest.approx(4.69, abs=0.01)
    assert smoothed["01004"] == pytest.approx(4.0, abs=0.1)  # large: close to its raw 4.0
    assert smoothed["38001"] == pytest.approx(1.0)  # alone in its département: its own rate
    assert table["fiabilite"].tolist() == ["", "", "", ""]  # no "effectif faible" once smoothed
