"""Beyond MAX_POINTS located actors the Carte page leaves the points out and says so."""

from __future__ import annotations

import pandas as pd
import pytest

from observatoire import leaflet, map_page, territories
from observatoire.filters import Filters


@pytest.fixture(scope="module")
def layers():
    return {"departements": territories.load_layer("departements")}


def _actors(n: int) -> pd.DataFrame:
    return pd.DataFrame({
        "nom": [f"Acteur {i}" for i in range(n)], "secteur": "sante", "nom_commune": "Grenoble",
        "latitude": 45.18, "longitude": 5.72, "code_departement": "38", "code_commune": "38185",
        "code_epci": "200040715",
    })


@pytest.mark.parametrize("n, points_shown", [(5, True), (6, False)])
def test_points_are_left_out_with_a_notice_beyond_the_limit(monkeypatch, layers, n, points_shown):
    monkeypatch.setattr(map_page, "MAX_POINTS", 5)
    view = map_page.build("departements", "acteurs", Filters(), _actors(n), None, layers)
    html = leaflet.to_html(view.map)
    assert ("Acteur 0" in html) is points_shown
    assert (view.notice is None) is points_shown
    if not points_shown:
        assert "6 acteurs localisés" in view.notice
