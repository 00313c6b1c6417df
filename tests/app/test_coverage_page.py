"""Zones blanches on the Carte page and the portrait: what is shown is what coverage computes."""

from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from observatoire import coverage, dataset, territories
from tests.app.helpers import open_page
from tests.conftest import ROOT


def page(path: str, **params: str) -> AppTest:
    return open_page(path, timeout=120, **params)


def test_the_carte_page_lists_the_communes_of_the_departement_with_who_is_far():
    at = page("pages/carte.py", departement="07")
    table = next(d.value for d in at.dataframe
                 if coverage.COLUMNS["distance_km"] in d.value.columns)
    communes = pd.read_parquet(ROOT / "geo" / "communes.parquet",
                               columns=["code", "code_departement", "population"])
    in_07 = communes[communes["code_departement"] == "07"]
    expected = coverage.in_territory(
        coverage.distances(territories.load_layer("communes"), dataset.load().acteurs),
        "departements", "07")
    far = expected[coverage.far(expected, 20)]
    # on screen the far communes, farthest first; the caption counts the others
    assert set(table["Code"]) == set(far["code"]) and len(far) > 0
    distance = table[coverage.COLUMNS["distance_km"]].astype(float)
    assert (table["À plus de 20 km"] == "oui").all() and distance.is_monotonic_decreasing
    assert any(f"la distance des {len(in_07)} communes" in c.value for c in at.caption)
    far_pop = int(table["Population"].sum())
    assert any(f"{far_pop:,}".replace(",", "\u202f") in m.value for m in at.markdown)


def test_the_portrait_says_the_share_of_inhabitants_far_from_support():
    at = page("pages/portrait.py", departement="15")
    layer = territories.load_layer("communes")
    table = coverage.distances(layer, dataset.load().acteurs)
    expected = coverage.sentence(coverage.in_territory(table, "departements", "15"), 20)
    assert expected in [t.value for t in at.text]


def test_the_zones_blanches_layer_comes_from_the_link_with_its_threshold_and_types():
    at = page("pages/carte.py", departement="15", zones="oui", seuil="30",
              structures="incubateur")
    assert at.toggle(key="carte-zb").value is True
    assert at.slider(key="carte-zb-seuil").value == 30
    assert at.multiselect(key="carte-zb-types").value == ["incubateur"]
    table = next(d.value for d in at.dataframe
                 if coverage.COLUMNS["distance_km"] in d.value.columns)
    layer = territories.load_layer("communes")
    expected = coverage.in_territory(
        coverage.distances(layer, dataset.load().acteurs, ("incubateur",)), "departements", "15")
    shown = table.set_index("Code")
    far = coverage.far(expected, 30)
    assert set(shown.index) == set(expected.loc[far, "code"])
    assert (shown["À plus de 30 km"] == "oui").all()
    assert at.query_params["seuil"] == "30" and at.query_params["zones"] == "oui"


def test_a_refused_threshold_in_a_link_is_said_and_the_default_kept():
    at = page("pages/carte.py", seuil="500")
    assert at.slider(key="carte-zb-seuil").value == coverage.DEFAULT_THRESHOLD_KM
    assert any("seuil des zones blanches" in w.value for w in [*at.info, *at.warning])
