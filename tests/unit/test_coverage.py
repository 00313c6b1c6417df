"""Zones blanches: distances checked by hand on squares in Lambert-93, then on the real layer."""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from shapely.geometry import box

from observatoire import coverage, dataset, leaflet, territories

X, Y = 800_000, 6_500_000  # somewhere in the Alps, Lambert-93 metres


def lambert_to_wgs84(x: float, y: float) -> tuple[float, float]:
    point = gpd.GeoSeries(gpd.points_from_xy([x], [y]), crs="EPSG:2154").to_crs("EPSG:4326")
    return float(point.x.iloc[0]), float(point.y.iloc[0])


@pytest.fixture()
def communes() -> gpd.GeoDataFrame:
    # three 2 km squares: A at the origin, B 10 km east, C 50 km east
    return gpd.GeoDataFrame(
        {"code": ["01001", "01002", "01004"], "nom": ["A", "B", "C"],
         "population": [1_000, 3_000, 6_000]},
        geometry=[box(X + dx, Y, X + dx + 2_000, Y + 2_000) for dx in (0, 10_000, 50_000)],
        crs="EPSG:2154",
    )


def structure(code: str, x: float, y: float, kind: str = "incubateur") -> dict:
    lon, lat = lambert_to_wgs84(x, y)
    return {"nom": f"S{code}", "type_acteur": kind, "code_commune": code,
            "longitude": lon, "latitude": lat}


def test_a_commune_with_a_structure_inside_is_at_0_km_and_the_others_at_their_distance(communes):
    acteurs = pd.DataFrame([structure("01001", X + 1_000, Y + 1_000)])
    table = coverage.distances(communes, acteurs).set_index("code")
    assert table.loc["01001", "distance_km"] == 0
    # B's representative point is its centre (11 km, 1 km) from the origin square's corner
    assert table.loc["01002", "distance_km"] == pytest.approx(10.0, abs=0.01)
    assert table.loc["01004", "distance_km"] == pytest.approx(50.0, abs=0.01)
    assert set(table["structure"]) == {"S01001"}


def test_only_the_chosen_types_count_and_no_structure_means_everyone_is_far(communes):
    acteurs = pd.DataFrame([structure("01004", X + 51_000, Y + 1_000, kind="financeur")])
    table = coverage.distances(communes, acteurs)
    assert table["distance_km"].isna().all()
    assert coverage.share_far(table, 20) == (10_000, 10_000)
    served = coverage.distances(communes, acteurs, types=("financeur",)).set_index("code")
    assert served.loc["01004", "distance_km"] == 0
    assert served.loc["01001", "distance_km"] == pytest.approx(50.0, abs=0.01)


def test_the_population_farther_than_the_threshold_and_its_sentence(communes):
    acteurs = pd.DataFrame([structure("01001", X + 1_000, Y + 1_000)])
    table = coverage.distances(communes, acteurs)
    assert coverage.share_far(table, 20) == (6_000, 10_000)
    assert coverage.share_far(table, 5) == (9_000, 10_000)
    assert coverage.sentence(table, 20) == (
        "60,0\u202f% des habitants (6\u202f000 sur 10\u202f000) à plus de 20 km d'une structure "
        "d'accompagnement."
    )


def test_the_spatial_index_agrees_with_measuring_every_pair_on_the_real_communes():
    shown = dataset.load()
    layer = territories.load_layer("communes")
    table = coverage.distances(layer, shown.acteurs)
    points = coverage.commune_points(layer)
    structures = coverage.support_structures(shown.acteurs)
    xs, ys = structures["geometry"].map(lambda p: p.x), structures["geometry"].map(lambda p: p.y)
    here = set(structures["code_commune"])
    for i in range(0, len(layer), 97):  # a sample, measured pair by pair
        p = points[i]
        naive = min(math.hypot(p.x - x, p.y - y) for x, y in zip(xs, ys)) / 1000
        expected = 0.0 if layer["code"].iloc[i] in here else naive
        assert table["distance_km"].iloc[i] == pytest.approx(expected, abs=1e-6)


def test_the_map_layer_colours_only_the_far_communes_and_says_the_threshold(communes):
    import json
    import re

    acteurs = pd.DataFrame([structure("01001", X + 1_000, Y + 1_000)])
    table = coverage.distances(communes, acteurs)  # A 0 km, B 10 km, C 50 km
    m = leaflet.base_map(bounds=None)
    assert coverage.add_layer(m, "/static/geo/communes.json", table, 20) == 1
    html = leaflet.to_html(m)
    colours = json.loads(re.search(r"var colours = (\{.*?\});", html).group(1))
    assert colours == {"01004": "#d7191c"}  # C, more than twice the threshold
    assert coverage.add_layer(leaflet.base_map(bounds=None), "/x.json", table, 5) == 2
    assert "Zones blanches : communes à plus de 20 km" in html and "interactive: false" in html
    assert leaflet.remote_assets(m) == []
