"""The light map: geometry served once, values and points sent compactly; tested on the HTML."""

from __future__ import annotations

import base64
import html
import json
import re
import zlib

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
from shapely.geometry import box

from observatoire import dataset, leaflet, lightmap, map_page, territories
from observatoire.filters import Filters, apply_actors

HOSTILE = '<img src=x onerror="alert(1)">'


@pytest.fixture(scope="module")
def data():
    return dataset.load()


@pytest.fixture(scope="module")
def layers():
    return {level: territories.load_layer(level) for level in ("departements", "epci")}


def decoded(html: str) -> str:
    return html.replace("\\u0026", "&").replace("\\u003c", "<").replace("\\u003e", ">")


def payload_of(html: str) -> dict:
    """The point arrays a map carries, decoded as the browser does."""
    text = re.search(r"var payload = (\{.*?\});\n", html).group(1)
    payload = json.loads(text)
    if "plain" in payload:
        return payload["plain"]
    block = zlib.decompress(base64.b64decode(payload["deflated"]))
    n = payload["n"]
    column = lambda dtype, start, size: np.frombuffer(block, dtype, n, start).tolist()  # noqa: E731
    return {
        "n": n, "scale": payload["scale"], "secteurs": payload["secteurs"],
        "communes": payload["communes"], "lat": column("<i4", 0, 4), "lon": column("<i4", 4 * n, 4),
        "secteur": column("<u2", 8 * n, 2), "commune": column("<u2", 10 * n, 2),
        "approx": "".join(str(v) for v in column("u1", 12 * n, 1)),
        "nom": block[13 * n:].decode(),
    }


def test_served_geometry_holds_only_codes_and_rounded_coordinates(tmp_path):
    squares = gpd.GeoDataFrame(
        {"code": ["01", "69M"], "nom": [HOSTILE, "Rhône"]},
        geometry=[box(4.8123456, 45.8, 5.8, 46.5), box(4.7, 45.6, 5.1, 45.9)], crs="EPSG:4326",
    )
    url = lightmap.publish_geometry("departements", squares, tmp_path)
    name = url.rsplit("/", 1)[1]
    assert url.startswith("/app/static/geo/departements-")
    served = json.loads((tmp_path / "geo" / name).read_text())
    assert [f["properties"] for f in served["features"]] == [{"code": "01"}, {"code": "69M"}]
    assert 4.81235 in [x for ring in served["features"][0]["geometry"]["coordinates"] for x, _ in ring]
    # named by its content: the same layer gives the same file, a changed one a new file
    assert lightmap.publish_geometry("departements", squares, tmp_path) == url
    moved = squares.set_geometry(squares.geometry.translate(0.1))
    assert lightmap.publish_geometry("departements", moved, tmp_path) != url


def test_the_carte_map_carries_values_but_no_polygon(data, layers):
    f = Filters(secteurs=("sante",))
    acteurs = apply_actors(data.acteurs, f)
    urls = {"epci": "/app/static/geo/epci-test.json"}
    light = leaflet.to_html(map_page.build("epci", "acteurs", f, acteurs, data.projets, layers,
                                           geometry_urls=urls).map)
    heavy = leaflet.to_html(map_page.build("epci", "acteurs", f, acteurs, data.projets, layers).map)
    assert '"/app/static/geo/epci-test.json"' in light
    assert '"coordinates"' not in light and '"coordinates"' in heavy
    assert len(light) * 5 < len(heavy)
    # the value table holds every EPCI drawn with the count pandas finds
    # the values of the view (the frame starts with none)
    values = json.loads(decoded(re.findall(r"var values = (\{.*?\});\n", light)[-1]))
    expected = acteurs.groupby("code_epci").size()
    assert set(values) == set(layers["epci"]["code"])
    assert all(values[code][2] == str(int(expected.get(code, 0))) for code in values)


def test_value_table_escapes_names():
    frame = pd.DataFrame({"code": ["01"], "couleur": ["#ffffcc"], "nom": [HOSTILE], "n": ["3"]})
    assert lightmap.value_table(frame, "couleur", ("nom", "n")) == {
        "01": ["#ffffcc", "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;", "3"]
    }


@pytest.mark.parametrize("deflate_from", [10**9, 1])
def test_every_located_actor_travels_with_its_name_sector_commune_and_flag(data, deflate_from):
    acteurs = data.acteurs.copy()
    # two actors known only by their commune
    acteurs.loc[acteurs.index[:2], "position"] = dataset.POSITION_COMMUNE
    points = map_page.actor_points(acteurs)
    m = leaflet.base_map()
    lightmap.CompactPoints(points, leaflet.CLUSTER_JS, deflate_from=deflate_from).add_to(m)
    d = payload_of(leaflet.to_html(leaflet.assert_offline(m)))
    located = acteurs.dropna(subset=["latitude", "longitude"])
    assert d["n"] == len(located) == len(d["lat"]) == len(d["lon"]) == len(d["approx"])
    assert d["nom"].split("\n") == [html.escape(n, quote=False) for n in located["nom"]]
    assert max(abs(pd.Series(d["lat"]) / d["scale"] - located["latitude"].to_numpy())) < 1e-5
    assert max(abs(pd.Series(d["lon"]) / d["scale"] - located["longitude"].to_numpy())) < 1e-5
    assert d["approx"] == "11" + "0" * (len(located) - 2)
    assert [d["communes"][i] for i in d["commune"]] == [
        html.escape(c, quote=False) for c in located["nom_commune"]]


def test_point_names_are_html_escaped_before_they_travel():
    points = pd.DataFrame({"latitude": [45.7, None], "longitude": [4.8, 5.0], "nom": [HOSTILE, "x"],
                           "secteur": ["Santé", "Santé"], "commune": ["Lyon", "Lyon"],
                           "approximatif": [False, True]})
    page = decoded(leaflet.to_html(
        leaflet.base_map().add_child(lightmap.CompactPoints(points, leaflet.CLUSTER_JS))))
    assert HOSTILE not in page
    assert payload_of(page)["nom"] == '&lt;img src=x onerror="alert(1)"&gt;'


def test_large_payloads_are_deflated_small_ones_stay_plain(data):
    points = map_page.actor_points(data.acteurs)
    big = lightmap.encode_points(points)
    assert "deflated" in big and big["n"] == len(points)
    plain_size = len(json.dumps(lightmap.point_arrays(points), ensure_ascii=False))
    assert len(big["deflated"]) * 2 < plain_size
    assert "plain" in lightmap.encode_points(points.head(3))
