"""Map builders, tested on their HTML without a browser."""

import re

import geopandas as gpd
import pandas as pd
import pytest
from folium.plugins import MarkerCluster
from shapely.geometry import box

from observatoire import leaflet

HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.fixture
def squares() -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"code": ["01", "69M"], "nom": ["Ain", HOSTILE], "couleur": ["#ffffcc", "#253494"]},
        geometry=[box(4.8, 45.8, 5.8, 46.5), box(4.7, 45.6, 5.1, 45.9)],
        crs="EPSG:4326",
    )


def decoded(html: str) -> str:
    """The page with JSON unicode escapes undone, as the browser's JSON parser sees it."""
    return html.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")


def external_urls(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="(https?://[^"]+)"', html)


def test_territories_map_loads_no_asset_from_the_network(squares):
    html = leaflet.to_html(leaflet.territories_map(squares, colour_column="couleur"))
    assert external_urls(html) == []
    assert "/app/static/vendor/leaflet/leaflet.js" in html
    assert "/app/static/vendor/leaflet/leaflet.css" in html


def test_cluster_layer_uses_the_local_markercluster_plugin(squares):
    m = leaflet.base_map()
    points = pd.DataFrame({"latitude": [45.7, None], "longitude": [4.8, 5.0], "label": ["A", "B"]})
    leaflet.cluster_layer(points).add_to(m)
    html = leaflet.to_html(leaflet.assert_offline(m))
    assert external_urls(html) == []
    assert "/app/static/vendor/markercluster/leaflet.markercluster.js" in html


def test_cluster_layer_keeps_only_located_points_and_escapes_their_label():
    points = pd.DataFrame(
        {"latitude": [45.7, None, 45.1], "longitude": [4.8, 5.0, 5.2], "label": [HOSTILE, "x", "y"]}
    )
    html = decoded(leaflet.to_html(leaflet.base_map().add_child(leaflet.cluster_layer(points))))
    # the label travels HTML-escaped inside the JSON data array
    assert "&lt;img src=x onerror=" in html
    assert HOSTILE not in html
    assert "[45.7, 4.8," in html and "[45.1, 5.2," in html
    assert '"x"' not in html


def test_plain_folium_plugins_are_refused_while_they_point_to_a_cdn():
    m = leaflet.base_map()
    MarkerCluster().add_to(m)
    with pytest.raises(ValueError, match="Ressources distantes"):
        leaflet.assert_offline(m)


def test_tooltip_text_is_html_escaped(squares):
    html = decoded(leaflet.to_html(leaflet.territories_map(squares)))
    assert "&lt;img src=x onerror=" in html
    assert HOSTILE not in html


def test_legend_states_its_entries_and_escapes_them(squares):
    m = leaflet.territories_map(
        squares,
        legend_title="Acteurs (quantiles)",
        legend_entries=[("#ffffcc", "de 1 à 3"), ("#253494", HOSTILE)],
        legend_note="0 : aucun acteur",
    )
    html = decoded(leaflet.to_html(m))
    assert "Acteurs (quantiles)" in html and "de 1 à 3" in html and "0 : aucun acteur" in html
    assert HOSTILE not in html


def test_without_basemap_no_tile_layer_is_added(squares):
    assert "L.tileLayer" not in leaflet.to_html(leaflet.territories_map(squares))
    assert "L.tileLayer" in leaflet.to_html(leaflet.territories_map(squares, basemap=True))


def test_static_assets_are_copied_from_the_xstatic_packages(tmp_path):
    vendor = leaflet.ensure_static_assets(tmp_path)
    assert (vendor / "leaflet" / "leaflet.js").stat().st_size > 100_000
    assert (vendor / "leaflet" / "leaflet.css").exists()
    assert (vendor / "leaflet" / "images" / "marker-icon.png").exists()
    assert (vendor / "markercluster" / "leaflet.markercluster.js").exists()
    # a second call is a no-op and keeps the files
    assert leaflet.ensure_static_assets(tmp_path) == vendor
    assert (vendor / "leaflet" / "leaflet.js").exists()


def test_the_zoom_buttons_are_named_in_french_in_the_map_itself():
    from observatoire.francisation import NAMES

    import json
    import re

    html = leaflet.to_html(leaflet.base_map())
    found = re.search(r'zoomInTitle: ("[^"]*"), zoomOutTitle: ("[^"]*")', html)
    assert found and json.loads(found.group(1)) == NAMES["Zoom in"]
    assert json.loads(found.group(2)) == NAMES["Zoom out"]
    assert '"zoomControl": false' in html  # Leaflet's English one is not added
