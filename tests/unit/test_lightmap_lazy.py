"""The Carte draws its shapes first: the cluster plugin and the points come after them."""

from __future__ import annotations

import pandas as pd
import pytest

from observatoire import leaflet, lightmap

POINTS = pd.DataFrame({"latitude": [45.7], "longitude": [4.8], "nom": ["A"], "secteur": ["Santé"],
                       "commune": ["Lyon"], "approximatif": [False]})


def test_the_cluster_plugin_is_not_loaded_before_the_map_script():
    m = leaflet.base_map()
    lightmap.CompactPoints(POINTS, leaflet.CLUSTER_JS, leaflet.CLUSTER_CSS).add_to(m)
    page = leaflet.to_html(m)
    # not a <script src> of the page: the map's own script loads it once the shapes are drawn
    assert f'src="{leaflet.CLUSTER_JS[0][1]}"' not in page
    assert f'"{leaflet.CLUSTER_JS[0][1]}"' in page
    assert "window.observatoireShapes" in page


def test_a_remote_cluster_plugin_is_refused_like_any_remote_asset():
    m = leaflet.base_map()
    lightmap.CompactPoints(POINTS, [("cluster", "https://cdn.example/cluster.js")]).add_to(m)
    with pytest.raises(ValueError, match="cdn.example"):
        leaflet.assert_offline(m)


def test_encoded_points_are_reused_as_they_are():
    encoded = lightmap.encoded_points(POINTS)
    assert len(encoded) == 1
    m = leaflet.base_map()
    lightmap.CompactPoints(encoded, leaflet.CLUSTER_JS).add_to(m)
    assert encoded.json in leaflet.to_html(m)
