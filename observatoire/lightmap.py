"""A light map: geometry served once as a static file, values and points sent compactly.

A filter change used to re-send the whole map (every polygon, one JSON object per point). Here:

- each layer's geometry is written once per server into ``static/geo/<level>-<hash>.json``
  (codes and rounded coordinates only); the browser fetches it and keeps it in its cache;
- the map itself carries a small value table ``{code: [colour, name, value texts…]}`` that styles
  the fetched shapes and fills their tooltips;
- actor points travel as flat arrays (integer coordinates, an index into the sector and commune
  names, one flag per point), and their labels are built in the browser when hovered or clicked;
  past ``DEFLATE_FROM`` bytes they travel as one binary block (int32, uint16, uint8 columns, then
  the names), deflated and base64-encoded, that the browser inflates with its native
  ``DecompressionStream`` and reads through typed arrays.

Text is HTML-escaped on the server, as Leaflet inserts tooltip and popup text as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import folium
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from folium.elements import JSCSSMixin

from observatoire import ROOT

STATIC_DIR = ROOT / "static"
GEO_URL = "/app/static/geo"
# 1e-5 degree is about a metre: the layers are simplified far beyond that already
GEO_DECIMALS = 5
# Points: 1e-5 degree (about a metre) as integers, so "45.18123" travels as 4518123
POINT_SCALE = 100_000
# Below this size a payload travels as plain JSON (readable in tests); above, deflated
DEFLATE_FROM = 20_000
# Points added to the cluster per browser task (about 30 ms each on a modest laptop)
POINTS_PER_CHUNK = 2_000
APPROXIMATE_NOTE = "Position approximative : point de la commune (adresse non renseignée)"


def _safe_json(value) -> str:
    """JSON that can sit inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def geometry_json(layer: gpd.GeoDataFrame) -> bytes:
    """The layer as GeoJSON with only each feature's code, coordinates rounded."""
    geometry = shapely.transform(
        layer.geometry.to_numpy(), lambda xy: np.round(xy, GEO_DECIMALS)
    )
    # assembled as text: parsing 4,000 polygons back into Python objects costs memory for nothing
    features = ",".join(
        '{"type":"Feature","properties":{"code":%s},"geometry":%s}'
        % (json.dumps(str(code)), shapely.to_geojson(geom))
        for code, geom in zip(layer["code"], geometry) if geom is not None
    )
    return ('{"type":"FeatureCollection","features":[%s]}' % features).encode()


def publish_geometry(level: str, layer: gpd.GeoDataFrame, static_dir: Path = STATIC_DIR) -> str:
    """Write a layer's geometry into the served folder (named by its content); return its URL."""
    data = geometry_json(layer)
    name = f"{level}-{hashlib.sha1(data).hexdigest()[:12]}.json"
    folder = static_dir / "geo"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    if not target.exists():
        # several servers or sessions may start at once: write aside, then rename
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_bytes(data)
        tmp.replace(target)
    return f"{GEO_URL}/{name}"


class ServedTerritories(folium.MacroElement):
    """Territories drawn from a served GeoJSON, styled from a small per-view value table.

    The table can be replaced in the browser (:class:`ServedView`, after a filter change): the
    shapes, fetched once, are redrawn with the new values in the same map."""

    _template = folium.template.Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
    var values = {{ this.values_json }};
    var aliases = {{ this.aliases_json }};
    var selected = {{ this.selected_json }};
    var has = function (code) { return Object.prototype.hasOwnProperty.call(values, code); };
    function style(feature) {
        var code = feature.properties.code, row = has(code) ? values[code] : null;
        var chosen = selected.indexOf(code) >= 0;
        return {fillColor: row ? row[0] : "{{ this.no_data }}", color: chosen ? "#000000" : "{{ this.outline }}",
                weight: chosen ? 3 : 0.8, fillOpacity: 0.8};
    }
    function tooltip(layer) {
        // the texts were HTML-escaped on the server
        var row = values[layer.feature.properties.code], cells = "";
        for (var i = 0; i < aliases.length; i++) {
            cells += "<tr><th style='text-align:left;padding-right:6px'>" + aliases[i] +
                     "</th><td>" + row[i + 1] + "</td></tr>";
        }
        return "<table>" + cells + "</table>";
    }
    var layer = L.geoJson(null, {
        filter: function (feature) { return has(feature.properties.code); },
        style: style,
        onEachFeature: function (feature, shape) {
            shape.bindTooltip(tooltip, {sticky: false});
            shape.on("mouseover", function () { shape.setStyle({weight: 3, color: "#000000"}); });
            shape.on("mouseout", function () { layer.resetStyle(shape); });
        }
    }).addTo({{ this._parent.get_name() }});
    var shapes = fetch({{ this.url_json }}).then(function (r) { return r.json(); });
    function draw() {
        return shapes.then(function (data) {
            layer.clearLayers();
            layer.addData(data);
            layer.bringToBack();
        });
    }
    // another view in the same map: new values, the same fetched shapes
    window.observatoireTerritories = function (view) {
        values = view.values;
        aliases = view.aliases;
        selected = view.selected;
        window.observatoireShapes = draw();
        return window.observatoireShapes;
    };
    // the points wait for this promise: shapes are drawn first, then the points are decoded
    window.observatoireShapes = draw();
    return layer;
})();
{% endmacro %}
""")

    def __init__(
        self,
        url: str,
        values: dict[str, list[str]] | None = None,
        aliases: Sequence[str] = (),
        selected: Iterable[str] = (),
        outline: str = "#4d4d4d",
        no_data: str = "#ffffff",
    ):
        super().__init__()
        self._name = "ServedTerritories"
        self.url_json = _safe_json(url)
        self.values_json = _safe_json(values or {})
        self.aliases_json = _safe_json([html.escape(a) for a in aliases])
        self.selected_json = _safe_json(sorted(set(selected)))
        self.outline = outline
        self.no_data = no_data


class ServedView(folium.MacroElement):
    """One view of a map of :class:`ServedTerritories`: its value table, outlined territories,
    legend and extent. Sent alone after a filter change, it redraws the map already shown."""

    _template = folium.template.Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
    var map = {{ this.map_name }};
    var values = {{ this.values_json }};
    var view = {values: values, aliases: {{ this.aliases_json }}, selected: {{ this.selected_json }}};
    // streamlit-folium keeps every feature group it removed in window.feature_group: forget
    // them, or each view's 100,000 points would stay in the browser's memory
    if (window.feature_group) {
        window.feature_group = window.feature_group.filter(function (g) { return !!g._map; });
    }
    // read by the browser tests, the benchmark and the load test: which view is drawn
    window.observatoirePoints = undefined;
    window.observatoireView = {{ this.key_json }};
    var legend = document.querySelector(".observatoire-legende");
    if (legend) { legend.innerHTML = {{ this.legend_json }}; }
    {% if this.bounds_json %}map.fitBounds({{ this.bounds_json }});{% endif %}
    window.observatoireTerritories(view).then(function () {
        window.observatoireDrawn = {{ this.key_json }};
    });
    return view;
})();
{% endmacro %}
""")

    def __init__(self, key: str, values: dict[str, list[str]], aliases: Sequence[str],
                 selected: Iterable[str] = (), legend_html: str = "",
                 bounds: Sequence[float] | None = None):
        super().__init__()
        self._name = "ServedView"
        self.key_json = _safe_json(key)
        self.values_json = _safe_json(values)
        self.aliases_json = _safe_json([html.escape(a) for a in aliases])
        self.selected_json = _safe_json(sorted(set(selected)))
        # built by leaflet.legend_html from escaped texts
        self.legend_json = _safe_json(legend_html)
        self.bounds_json = None
        if bounds is not None:
            minx, miny, maxx, maxy = (float(b) for b in bounds)
            self.bounds_json = _safe_json([[miny, minx], [maxy, maxx]])
        self.map_name = None

    def render(self, **kwargs):
        # the map, whether this view sits on it or in a feature group on it
        parent = self._parent
        self.map_name = parent.get_name() if isinstance(parent, folium.Map) \
            else parent._parent.get_name()
        super().render(**kwargs)


def value_table(
    frame: pd.DataFrame, colour_column: str, text_columns: Sequence[str]
) -> dict[str, list[str]]:
    """{code: [colour, text…]} with every text HTML-escaped."""
    columns = [frame[c].astype(object).where(frame[c].notna(), "") for c in text_columns]
    return {
        str(code): [str(colour), *(html.escape(str(v)) for v in texts)]
        for code, colour, *texts in zip(frame["code"], frame[colour_column], *columns)
    }


def _point_columns(points: pd.DataFrame) -> dict:
    """Located points as numpy columns, the names as one string, the small tables as lists."""
    located = points.dropna(subset=["latitude", "longitude"])
    sectors, sector_codes = _factorize(located["secteur"])
    communes, commune_codes = _factorize(located["commune"])
    names = located["nom"].astype(object).where(located["nom"].notna(), "")
    return {
        "n": int(len(located)),
        "scale": POINT_SCALE,
        "lat": np.round(located["latitude"].to_numpy(dtype=float) * POINT_SCALE).astype("<i4"),
        "lon": np.round(located["longitude"].to_numpy(dtype=float) * POINT_SCALE).astype("<i4"),
        # one string: no quotes and commas around each of 100,000 names; text content, never
        # an attribute, so quotes need no escaping
        "nom": "\n".join(html.escape(str(n).replace("\n", " "), quote=False) for n in names),
        "secteur": sector_codes.astype("<u2"),
        "secteurs": [html.escape(str(v), quote=False) for v in sectors],
        "commune": commune_codes.astype("<u2"),
        "communes": [html.escape(str(v), quote=False) for v in communes],
        "approx": located["approximatif"].fillna(False).astype(bool).to_numpy().astype("u1"),
    }


def point_arrays(points: pd.DataFrame) -> dict:
    """Located points as flat JSON arrays: integer coordinates, names, indexes, flags."""
    columns = _point_columns(points)
    for key in ("lat", "lon", "secteur", "commune"):
        columns[key] = columns[key].tolist()
    columns["approx"] = "".join("1" if a else "0" for a in columns["approx"])
    return columns


def _factorize(values: pd.Series) -> tuple[list, np.ndarray]:
    codes, uniques = pd.factorize(values.astype(object).where(values.notna(), ""), sort=False)
    return list(uniques), codes


def encode_points(points: pd.DataFrame, deflate_from: int = DEFLATE_FROM) -> dict:
    """The payload the browser reads: plain JSON arrays when small; else one deflated binary
    block (int32 latitudes, int32 longitudes, uint16 sector and commune indexes, uint8 flags,
    then the UTF-8 names), base64-encoded: no Python object per point, about 24 bytes a point."""
    columns = _point_columns(points)
    if len(columns["nom"]) + 30 * columns["n"] < deflate_from:
        return {"plain": point_arrays(points)}
    block = b"".join([
        columns["lat"].tobytes(), columns["lon"].tobytes(), columns["secteur"].tobytes(),
        columns["commune"].tobytes(), columns["approx"].tobytes(), columns["nom"].encode(),
    ])
    return {
        "n": columns["n"], "scale": POINT_SCALE, "secteurs": columns["secteurs"],
        "communes": columns["communes"],
        "deflated": base64.b64encode(zlib.compress(block, 6)).decode("ascii"),
    }


@dataclass(frozen=True)
class EncodedPoints:
    """The points payload, ready for a map: built once, shared by the views that show the same
    actors (another indicator, other classes, another level)."""

    n: int
    json: str

    def __len__(self) -> int:
        return self.n


def encoded_points(points: pd.DataFrame, deflate_from: int = DEFLATE_FROM) -> EncodedPoints:
    """The payload of :class:`CompactPoints` for these points, as JSON safe inside <script>."""
    located = int(points[["latitude", "longitude"]].notna().all(axis=1).sum())
    return EncodedPoints(located, _safe_json(encode_points(points, deflate_from)))


class CompactPoints(JSCSSMixin, folium.MacroElement):
    """Clustered actor points built in the browser from flat arrays; labels built on demand.
    They wait for the shapes: the cluster plugin is fetched and the points decoded after."""

    _template = folium.template.Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
    var map = {{ this._parent.get_name() }};
    var payload = {{ this.payload_json }};
    var sent = null, cluster = null;
    function current() {
        // in a feature group replaced by a newer view (ServedView): stop, say nothing
        return map instanceof L.Map || !!map._map;
    }
    function finished() {
        if (!current()) { return; }
        // read by the browser tests and the benchmark: every point is in the cluster
        window.observatoirePoints = {drawn: cluster.getLayers().length, sent: sent};
        window.observatoireCluster = cluster;
    }
    function loadPlugin() {
        // the cluster plugin is fetched once the shapes are drawn, not before the map starts
        var urls = {{ this.plugin_js_json }};
        return urls.reduce(function (ready, url) {
            return ready.then(function () {
                if (L.markerClusterGroup) { return null; }
                return new Promise(function (resolve, reject) {
                    var tag = document.createElement("script");
                    tag.src = url;
                    tag.onload = resolve;
                    tag.onerror = reject;
                    document.head.appendChild(tag);
                });
            });
        }, Promise.resolve());
    }
    function draw(d) {
        if (!current()) { return; }
        // the chunks are ours, not the plugin's (chunkedLoading): the plugin would go on
        // adding points to a cluster already taken off the map by a newer view, and fail
        cluster = L.markerClusterGroup({showCoverageOnHover: false, chunkedLoading: false});
        map.addLayer(cluster);
        var names = d.nom.split("\\n"), markers = new Array(d.n);
        var approx = typeof d.approx === "string"
            ? function (i) { return d.approx.charAt(i) === "1"; }
            : function (i) { return d.approx[i] === 1; };
        function label(i) {
            // every text was HTML-escaped on the server
            var text = "<strong>" + names[i] + "</strong><br>" + d.secteurs[d.secteur[i]] +
                       " — " + d.communes[d.commune[i]];
            if (approx(i)) { text += "<br><em>{{ this.approximate_note }}</em>"; }
            return text;
        }
        window.observatoireLabel = label;
        for (var i = 0; i < d.n; i++) {
            var marker = L.circleMarker([d.lat[i] / d.scale, d.lon[i] / d.scale], {
                radius: 6, color: "#253494", weight: 1, fillOpacity: 0.9,
                fillColor: approx(i) ? "#ffffff" : "#41b6c4"
            });
            marker.observatoireIndex = i;
            markers[i] = marker;
        }
        // tooltips and popups are bound on first use: 100,000 of each built up front would
        // cost seconds and hundreds of megabytes in the browser
        cluster.on("mouseover", function (e) {
            var m = e.layer;
            if (m && !m.getTooltip() && m.observatoireIndex !== undefined) {
                m.bindTooltip(label(m.observatoireIndex)).openTooltip();
            }
        });
        cluster.on("click", function (e) {
            var m = e.layer;
            if (m && !m.getPopup() && m.observatoireIndex !== undefined) {
                m.bindPopup(label(m.observatoireIndex)).openPopup();
            }
        });
        sent = d.n;
        addInChunks(markers, 0);
    }
    function addInChunks(markers, offset) {
        // a few thousand points at a time, so the page stays responsive; stop when replaced
        if (!current()) { return; }
        var end = Math.min(offset + {{ this.chunk }}, markers.length);
        cluster.addLayers(markers.slice(offset, end));
        if (end < markers.length) {
            setTimeout(function () { addInChunks(markers, end); }, 0);
        } else {
            finished();
        }
    }
    // the shapes first (ServedTerritories), then a frame painted, then the points
    var shapesDrawn = Promise.resolve(window.observatoireShapes).catch(function () {});
    var painted = shapesDrawn.then(function () {
        return new Promise(function (resolve) { setTimeout(resolve, 0); });
    });
    var plugin = painted.then(loadPlugin);
    if (payload.plain) {
        plugin.then(function () { draw(payload.plain); });
    } else {
        var inflated = painted.then(function () {
            // the browser's own base64 and deflate decoders, off the main thread's way
            return fetch("data:application/octet-stream;base64," + payload.deflated);
        }).then(function (r) {
            return new Response(r.body.pipeThrough(new DecompressionStream("deflate"))).arrayBuffer();
        });
        Promise.all([inflated, plugin]).then(function (done) {
            var buf = done[0], n = payload.n;
            draw({
                n: n, scale: payload.scale, secteurs: payload.secteurs, communes: payload.communes,
                lat: new Int32Array(buf, 0, n), lon: new Int32Array(buf, 4 * n, n),
                secteur: new Uint16Array(buf, 8 * n, n), commune: new Uint16Array(buf, 10 * n, n),
                approx: new Uint8Array(buf, 12 * n, n),
                nom: new TextDecoder().decode(new Uint8Array(buf, 13 * n))
            });
        });
    }
    return payload.n || (payload.plain && payload.plain.n) || 0;
})();
{% endmacro %}
""")

    def __init__(self, points: pd.DataFrame | EncodedPoints, plugin_js=(), default_css=(),
                 deflate_from: int = DEFLATE_FROM):
        super().__init__()
        self._name = "CompactPoints"
        if not isinstance(points, EncodedPoints):
            points = encoded_points(points, deflate_from)
        self.payload_json = points.json
        self.approximate_note = html.escape(APPROXIMATE_NOTE)
        self.chunk = POINTS_PER_CHUNK
        # (name, URL) of the cluster plugin, loaded by the map's script after the shapes
        self.plugin_js = list(plugin_js)
        self.plugin_js_json = _safe_json([url for _, url in plugin_js])
        self.default_js = []
        self.default_css = list(default_css)


class ServedOverlay(folium.MacroElement):
    """Some territories of a served GeoJSON drawn over the map, without capturing the mouse:
    a click still reaches the territories under it (the Carte's zones blanches layer). Its
    legend comes and goes with it (a view of the Carte is replaced in the same map)."""

    _template = folium.template.Template("""
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = (function () {
    var colours = {{ this.colours_json }};
    var box = null;
    var layer = L.geoJson(null, {
        interactive: false,
        filter: function (feature) {
            return Object.prototype.hasOwnProperty.call(colours, feature.properties.code);
        },
        style: function (feature) {
            return {fillColor: colours[feature.properties.code], fillOpacity: {{ this.opacity }},
                    color: "{{ this.outline }}", weight: 1.2, dashArray: "4 3"};
        }
    });
    layer.on("add", function (e) {
        box = document.createElement("div");
        box.className = "observatoire-legende-zones";
        box.setAttribute("style", {{ this.style_json }});
        box.innerHTML = {{ this.legend_json }};
        e.target._map.getContainer().appendChild(box);
    });
    layer.on("remove", function () { if (box) { box.remove(); box = null; } });
    layer.addTo({{ this._parent.get_name() }});
    fetch({{ this.url_json }}).then(function (r) { return r.json(); }).then(function (data) {
        layer.addData(data);
        layer.bringToFront();
    });
    return layer;
})();
{% endmacro %}
""")

    def __init__(self, url: str, colours: dict[str, str], legend_html: str = "",
                 legend_style: str = "", outline: str = "#67000d", opacity: float = 0.8):
        super().__init__()
        self._name = "ServedOverlay"
        self.url_json = _safe_json(url)
        self.colours_json = _safe_json({str(k): str(v) for k, v in colours.items()})
        # built by leaflet.legend_html from escaped texts
        self.legend_json = _safe_json(legend_html)
        self.style_json = _safe_json(legend_style)
        self.outline = outline
        self.opacity = float(opacity)
