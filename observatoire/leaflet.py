"""Folium map builders that work with no network: every asset is served by the app itself.

Leaflet and MarkerCluster come from the XStatic packages on PyPI; they are copied at start into
``static/vendor`` next to ``dashboard.py``, which Streamlit serves at ``/app/static/``
(``server.enableStaticServing``). Folium's CDN links are replaced element by element, and
``assert_offline`` refuses a map that would still load anything from elsewhere.
"""

from __future__ import annotations

import html
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
import pandas as pd
from folium.plugins import FastMarkerCluster

from observatoire import ROOT

if TYPE_CHECKING:
    from observatoire import lightmap

STATIC_DIR = ROOT / "static"
STATIC_URL = "/app/static/vendor"

# Colour-blind-safe sequential palette (ColorBrewer YlGnBu, 5 classes) and the two special classes
PALETTE = ("#ffffcc", "#a1dab4", "#41b6c4", "#2c7fb8", "#253494")
ZERO_COLOUR = "#f0f0f0"
NO_DATA_COLOUR = "#ffffff"
SMALL_COLOUR = "#bdbdbd"  # rates on a small population: grey, outside the scale
OUTLINE = "#4d4d4d"

# Optional basemap: only used when the user asks for it; the map stays readable without it
BASEMAP_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
BASEMAP_ATTRIBUTION = "© contributeurs OpenStreetMap"


def _xstatic_dir(module: str) -> Path:
    """Folder of an XStatic package's files."""
    package = __import__(f"xstatic.pkg.{module}", fromlist=["BASE_DIR"])
    return Path(package.BASE_DIR)


def ensure_static_assets(static_dir: Path = STATIC_DIR) -> Path:
    """Copy Leaflet and MarkerCluster from their PyPI packages into the served folder."""
    vendor = static_dir / "vendor"
    for module, name in (("leaflet", "leaflet"), ("leaflet_markercluster", "markercluster")):
        target = vendor / name
        marker = target / ".complete"
        if marker.exists():
            continue
        tmp = vendor / f".{name}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        # several sessions may start at once: build aside, then swap in
        shutil.copytree(_xstatic_dir(module), tmp, ignore=shutil.ignore_patterns("*.map", "*-src*"))
        (tmp / ".complete").touch()
        shutil.rmtree(target, ignore_errors=True)
        try:
            tmp.rename(target)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    return vendor


LEAFLET_JS = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
LEAFLET_CSS = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]
CLUSTER_JS = [("markerclusterjs", f"{STATIC_URL}/markercluster/leaflet.markercluster.js")]
CLUSTER_CSS = [
    ("markerclustercss", f"{STATIC_URL}/markercluster/MarkerCluster.css"),
    ("markerclusterdefaultcss", f"{STATIC_URL}/markercluster/MarkerCluster.Default.css"),
]


def _walk(element) -> Iterable:
    yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def remote_assets(m: folium.Map) -> list[str]:
    """Every JS/CSS link of the map that does not point to the app itself."""
    links = []
    for element in _walk(m):
        for _, url in [*getattr(element, "default_js", []), *getattr(element, "default_css", []),
                       *getattr(element, "plugin_js", [])]:  # scripts loaded on demand
            if not url.startswith("/"):
                links.append(url)
    return links


def assert_offline(m: folium.Map) -> folium.Map:
    """Refuse a map that would load anything from the network."""
    remote = remote_assets(m)
    if remote:
        raise ValueError(f"Ressources distantes interdites : {remote}")
    return m


def base_map(
    bounds: Sequence[float] | None = None,
    basemap: bool = False,
    height: str = "100%",
) -> folium.Map:
    """An empty Leaflet map using only local assets; ``bounds`` = (minx, miny, maxx, maxy)."""
    m = folium.Map(
        location=[45.5, 4.5],
        zoom_start=7,
        tiles=None,
        height=height,
        zoom_snap=0.25,
        zoom_control=False,  # replaced below by one with French names
    )
    # without a tile layer Leaflet knows no zoom range, which the point clusters need
    m.options["maxZoom"] = 18
    m.options["minZoom"] = 5
    # jQuery, Bootstrap and awesome-markers are only needed by widgets we do not use
    m.default_js = list(LEAFLET_JS)
    m.default_css = list(LEAFLET_CSS)
    FrenchZoom().add_to(m)
    MetricScale().add_to(m)
    if basemap:
        folium.TileLayer(BASEMAP_URL, attr=BASEMAP_ATTRIBUTION, name="Fond de carte").add_to(m)
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        m.fit_bounds([[miny, minx], [maxy, maxx]])
    return m


class FrenchZoom(folium.MacroElement):
    """Leaflet's zoom buttons with French titles and accessible names (its own say "Zoom in")."""

    _template = folium.template.Template(
        "{% macro script(this, kwargs) %}"
        "L.control.zoom({zoomInTitle: {{ this.zoom_in|tojson }}, "
        "zoomOutTitle: {{ this.zoom_out|tojson }}}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )

    def __init__(self):
        from observatoire.francisation import NAMES

        super().__init__()
        self.zoom_in, self.zoom_out = NAMES["Zoom in"], NAMES["Zoom out"]


class MetricScale(folium.MacroElement):
    """A scale bar in kilometres only (folium's own also shows miles)."""

    _template = folium.template.Template(
        "{% macro script(this, kwargs) %}"
        "L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});"
        "{% endmacro %}"
    )


def escape_text_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """HTML-escape every text cell, since Leaflet inserts tooltip and popup text as HTML."""
    out = frame.copy()
    for column in out.columns:
        if column == "geometry":
            continue
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: html.escape(str(v)) if isinstance(v, str) else v)
    return out


def territories_layer(
    gdf: gpd.GeoDataFrame,
    colour_column: str | None = None,
    tooltip_fields: Sequence[str] = ("nom",),
    tooltip_aliases: Sequence[str] = ("Territoire",),
    name: str = "Territoires",
    highlight_codes: Iterable[str] = (),
) -> folium.GeoJson:
    """Polygons coloured by a precomputed colour column, with escaped tooltips."""
    keep = ["code", *tooltip_fields, "geometry"]
    if colour_column:
        keep.append(colour_column)
    data = escape_text_columns(gdf[list(dict.fromkeys(keep))])
    highlighted = set(highlight_codes)

    def style(feature):
        props = feature["properties"]
        selected = props["code"] in highlighted
        return {
            "fillColor": props.get(colour_column) if colour_column else "#a1dab4",
            "color": "#000000" if selected else OUTLINE,
            "weight": 3 if selected else 0.8,
            "fillOpacity": 0.8,
        }

    return folium.GeoJson(
        data,
        name=name,
        style_function=style,
        highlight_function=lambda _: {"weight": 3, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(
            fields=list(tooltip_fields), aliases=list(tooltip_aliases), sticky=False
        ),
        zoom_on_click=False,
    )


LEGEND_STYLE = (
    "position:absolute;bottom:22px;right:8px;z-index:1000;background:rgba(255,255,255,.9);"
    "padding:4px 6px;border:1px solid #999;border-radius:4px;font:11px/1.35 sans-serif;"
    "max-width:210px"
)
# a second legend (the zones blanches layer): bottom left, above the scale bar
LEFT_LEGEND_STYLE = LEGEND_STYLE.replace("bottom:22px;right:8px", "bottom:44px;left:8px")


def legend_html(title: str, entries: Sequence[tuple[str, str]], note: str = "") -> str:
    """The inside of a legend: title, one line per colour, a note; every text escaped."""
    rows = "".join(
        f'<div><span style="display:inline-block;width:14px;height:14px;margin-right:6px;'
        f'border:1px solid #777;background:{html.escape(colour)}"></span>{html.escape(label)}</div>'
        for colour, label in entries
    )
    note_html = f'<div style="margin-top:4px;color:#444">{html.escape(note)}</div>' if note else ""
    return f"<strong>{html.escape(title)}</strong>{rows}{note_html}"


def legend(title: str, entries: Sequence[tuple[str, str]], note: str = "",
           side: str = "right") -> folium.Element:
    """A plain HTML legend (a branca colour map would pull d3 from a CDN), in the bottom
    corner `side` ("right", or "left" for a second legend)."""
    return legend_box(legend_html(title, entries, note), side)


def legend_box(inner: str = "", side: str = "right") -> folium.Element:
    """The legend's box around already escaped HTML (empty: filled by the map's script)."""
    style = LEFT_LEGEND_STYLE if side == "left" else LEGEND_STYLE
    return folium.Element(f'<div class="observatoire-legende" style="{style}">{inner}</div>')


def add_legend(m: folium.Map, title: str, entries: Sequence[tuple[str, str]], note: str = "",
               side: str = "right") -> None:
    """Attach a legend to the map's HTML body."""
    m.get_root().html.add_child(legend(title, entries, note, side))


def territories_map(
    gdf: gpd.GeoDataFrame,
    colour_column: str | None = None,
    tooltip_fields: Sequence[str] = ("nom",),
    tooltip_aliases: Sequence[str] = ("Territoire",),
    basemap: bool = False,
    legend_title: str | None = None,
    legend_entries: Sequence[tuple[str, str]] = (),
    legend_note: str = "",
    highlight_codes: Iterable[str] = (),
) -> folium.Map:
    """A map of territories fitted to their extent, offline, with an optional legend."""
    m = base_map(bounds=gdf.total_bounds if len(gdf) else None, basemap=basemap)
    territories_layer(
        gdf, colour_column, tooltip_fields, tooltip_aliases, highlight_codes=highlight_codes
    ).add_to(m)
    if legend_title:
        add_legend(m, legend_title, legend_entries, legend_note)
    return assert_offline(m)


# Built in the browser from a JSON array: 100,000 points take well under a second to build,
# where one folium Marker per point takes tens of seconds (see BENCHMARKS.md).
_CLUSTER_CALLBACK = """
function callback(row) {
    var marker = L.circleMarker(new L.LatLng(row[0], row[1]), {
        radius: 6, color: "#253494", weight: 1, fillColor: "#41b6c4", fillOpacity: 0.9
    });
    // row[2] was HTML-escaped on the server: Leaflet inserts tooltip text as HTML
    marker.bindTooltip(row[2]);
    marker.bindPopup(row[2]);
    return marker;
}
"""


def cluster_layer(points: pd.DataFrame, name: str = "Acteurs") -> FastMarkerCluster:
    """Clustered actor points from columns latitude, longitude, label; text escaped, assets local."""
    located = points.dropna(subset=["latitude", "longitude"])
    data = [
        [round(float(lat), 5), round(float(lon), 5), html.escape(str(label))]
        for lat, lon, label in zip(located["latitude"], located["longitude"], located["label"])
    ]
    cluster = FastMarkerCluster(
        data,
        callback=_CLUSTER_CALLBACK,
        name=name,
        options={"showCoverageOnHover": False, "chunkedLoading": True},
    )
    cluster.default_js = list(CLUSTER_JS)
    cluster.default_css = list(CLUSTER_CSS)
    return cluster


def to_html(m: folium.Map) -> str:
    """The standalone HTML of a map (used by tests and the benchmark)."""
    return m.get_root().render()


METHOD_LABELS = {
    "quantiles": "même nombre de territoires",
    "jenks": "plus grands écarts",
}
# MarkerCluster's own colours (MarkerCluster.Default.css), said in the legend
CLUSTER_NOTE = (
    "Cercles numérotés : acteurs regroupés (vert : moins de 10, jaune : moins de 100, "
    "orange : 100 ou plus) ; cliquez pour les séparer."
)


def class_colours(labels: pd.Series) -> tuple[pd.Series, list[tuple[str, str]]]:
    """A colour per territory from its class, and the legend entries in class order."""
    from observatoire.indicators import NO_DATA_LABEL, SMALL_LABEL, ZERO_LABEL

    categories = list(labels.cat.categories)
    ranked = [c for c in categories if c not in (ZERO_LABEL, NO_DATA_LABEL, SMALL_LABEL)]
    # spread the palette when there are fewer classes than colours
    step = (len(PALETTE) - 1) / max(len(ranked) - 1, 1)
    colour_of = {c: PALETTE[round(i * step)] if len(ranked) > 1 else PALETTE[2]
                 for i, c in enumerate(ranked)}
    colour_of[ZERO_LABEL] = ZERO_COLOUR
    colour_of[NO_DATA_LABEL] = NO_DATA_COLOUR
    colour_of[SMALL_LABEL] = SMALL_COLOUR
    colours = labels.astype(object).map(colour_of)
    entries = [(colour_of[c], "aucun (0)" if c == ZERO_LABEL else
                "effectif faible (moins de 2 000 habitants)" if c == SMALL_LABEL else c)
               for c in categories]
    return colours, entries


def _classes_and_texts(gdf, table, indicator, method):
    """The territories merged with their table, colour and texts; tooltip aliases; legend."""
    from observatoire import indicators
    from observatoire.formatting import fmt_value

    shown = [i for i in indicators.table_indicators(indicator) if i.key in table.columns]
    merged = gdf[["code", "geometry"]].merge(
        table.drop(columns=["geometry"], errors="ignore"), on="code", how="left"
    )
    small = indicators.small_population(merged["population"]) if "population" in merged else None
    classes = indicators.classify(
        merged[indicator.key], k=5, method=method, unit=indicator.unit,
        flagged=small if indicator.denominator == indicators.POPULATION
        and not indicator.smoothed else None,
    )
    merged["couleur"], entries = class_colours(classes.labels)
    text_columns = []
    for i in shown:
        merged[f"{i.key}_txt"] = merged[i.key].map(lambda v, unit=i.unit: fmt_value(v, unit))
        if small is not None and i.denominator == indicators.POPULATION and not i.smoothed:
            merged.loc[small, f"{i.key}_txt"] += f" ({indicators.SMALL_LABEL.lower()})"
        text_columns.append(f"{i.key}_txt")
    if indicators.RELIABILITY in merged and merged[indicators.RELIABILITY].astype(bool).any():
        merged["remarque_txt"] = merged[indicators.RELIABILITY].fillna("")
        text_columns.append("remarque_txt")
    aliases = ("Territoire", *(i.label for i in shown),
               *(["Remarque"] if "remarque_txt" in text_columns else []))
    return merged, text_columns, aliases, entries


def _legend_note(method: str, points) -> str:
    return (f"Classes : {METHOD_LABELS.get(method, method)} ; « aucun (0) » est distinct de "
            "« Pas de donnée »." + (f" {CLUSTER_NOTE}" if points is not None and len(points)
                                    else ""))


def served_map(geometry_url: str, basemap: bool = False) -> folium.Map:
    """The frame of a light map: shapes fetched from the served file, an empty legend, no
    values yet. The same for every view of a level: filter changes only send a
    :func:`served_view`."""
    from observatoire import lightmap

    m = base_map(basemap=basemap)
    lightmap.ServedTerritories(geometry_url, outline=OUTLINE, no_data=NO_DATA_COLOUR).add_to(m)
    m.get_root().html.add_child(legend_box())
    # the cluster's style sheets come with the frame; its script is fetched after the shapes
    m.default_css = [*m.default_css, *CLUSTER_CSS]
    return assert_offline(m)


def served_view(
    gdf: gpd.GeoDataFrame,
    table: pd.DataFrame,
    indicator,
    key: str,
    method: str = "quantiles",
    highlight_codes: Iterable[str] = (),
    points: pd.DataFrame | lightmap.EncodedPoints | None = None,
    bounds: Sequence[float] | None = None,
) -> folium.FeatureGroup:
    """One view of a :func:`served_map`: value table, outlines, legend, extent and points, in
    a feature group (what streamlit-folium's ``feature_group_to_add`` updates in place)."""
    from observatoire import indicators, lightmap

    indicator = indicators.get(indicator) if isinstance(indicator, str) else indicator
    merged, text_columns, aliases, entries = _classes_and_texts(gdf, table, indicator, method)
    if bounds is None and len(merged):
        bounds = merged.total_bounds
    group = folium.FeatureGroup(name="Vue", control=False)
    lightmap.ServedView(
        key,
        lightmap.value_table(merged, "couleur", ("nom", *text_columns)),
        aliases,
        selected=highlight_codes,
        legend_html=legend_html(indicator.label, entries, _legend_note(method, points)),
        bounds=bounds,
    ).add_to(group)
    if points is not None and len(points):
        lightmap.CompactPoints(points, CLUSTER_JS, CLUSTER_CSS).add_to(group)
    return group


def choropleth_map(
    gdf: gpd.GeoDataFrame,
    table: pd.DataFrame,
    indicator,
    method: str = "quantiles",
    basemap: bool = False,
    highlight_codes: Iterable[str] = (),
    points: pd.DataFrame | lightmap.EncodedPoints | None = None,
    bounds: Sequence[float] | None = None,
    geometry_url: str | None = None,
) -> folium.Map:
    """Territories coloured by classes of an indicator (a table of indicators.territory_table);
    tooltips show every indicator of the table, each written in its own unit. With
    ``geometry_url`` the shapes are fetched from that served file (lightmap) and the map only
    carries their values (:func:`served_map` and one :func:`served_view`); points with a
    ``nom`` column (or already encoded) travel as compact arrays."""
    from observatoire import indicators, lightmap

    indicator = indicators.get(indicator) if isinstance(indicator, str) else indicator
    if geometry_url:
        m = served_map(geometry_url, basemap)
        served_view(gdf, table, indicator, "carte", method, highlight_codes, points,
                    bounds).add_to(m)
        return assert_offline(m)
    merged, text_columns, aliases, entries = _classes_and_texts(gdf, table, indicator, method)
    if bounds is None and len(merged):
        bounds = merged.total_bounds
    m = base_map(bounds=bounds, basemap=basemap)
    territories_layer(
        merged,
        "couleur",
        tooltip_fields=("nom", *text_columns),
        tooltip_aliases=aliases,
        highlight_codes=highlight_codes,
    ).add_to(m)
    if points is not None and len(points) and (
        isinstance(points, lightmap.EncodedPoints) or "nom" in points.columns
    ):
        lightmap.CompactPoints(points, CLUSTER_JS, CLUSTER_CSS).add_to(m)
    elif points is not None and len(points):
        cluster_layer(points).add_to(m)
    add_legend(m, indicator.label, entries, _legend_note(method, points))
    return assert_offline(m)
