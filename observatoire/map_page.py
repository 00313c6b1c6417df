"""The "Carte" page's logic: which layer, which indicator, what a click selects."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from observatoire import dataset, indicators, leaflet, levels, lightmap, schema
from observatoire.formatting import fmt_int
from observatoire.filters import Filters

# The levels a map can draw, and the indicators it offers: both from their registries
MAP_LEVELS = tuple(levels.TERRITORIAL)
COMMUNES_NEED_TERRITORY = (
    "La carte des communes s'affiche pour un territoire choisi (département, intercommunalité "
    "ou commune) : les intercommunalités sont montrées à la place."
)
# Points travel as compact, deflated arrays (lightmap): 100,000 actors weigh about 1.5 MB and
# build in about a second (BENCHMARKS.md). Only far beyond that are the points left out, and
# then the page says so.
MAX_POINTS = 500_000
TOO_MANY_POINTS = (
    "{n} acteurs localisés : trop pour afficher chaque point sur la carte (au-delà de {max}). "
    "Choisissez un territoire ou un secteur pour voir les points ; les couleurs comptent tous "
    "les acteurs."
)
# Built maps are shared by every session (ui.carte_map): the same view is built once per
# server. Bounded: a view of 100,000 points weighs ~2.3 MB, the points alone as much again.
SHARED_MAPS = 12
SHARED_POINTS = 4


@dataclass
class MapView:
    """What the page shows: the map, its text twin, the level really drawn, a notice. A live
    view (``build(..., live=True)``) has no ``map`` but a ``frame`` (the same for every view of
    the level) and the ``view`` that fills it, sent alone after a filter change."""

    map: folium.Map | None
    table: pd.DataFrame
    level: str
    key: str
    notice: str | None = None
    frame: folium.Map | None = None
    view: folium.FeatureGroup | None = None
    frame_key: str | None = None


def effective_level(level: str, f: Filters) -> tuple[str, str | None]:
    """The level to draw: the region-wide view never ships the commune layer."""
    if level == "communes" and not f.has_territory:
        return "epci", COMMUNES_NEED_TERRITORY
    return level, None


def scope(layer: gpd.GeoDataFrame, level: str, f: Filters) -> gpd.GeoDataFrame:
    """Territories of the level drawn for the current territory filters."""
    if level == "departements":
        return layer
    if level == "epci":
        if f.departements:
            touches = levels.epci_in_departements(layer, f.departements)
            return layer[touches | layer["code"].isin(f.epci)]
        return layer
    # communes: those of the chosen EPCI, else of the chosen départements, else around the communes
    if f.epci:
        return layer[layer[levels.EPCI.code_column].isin(f.epci)]
    if f.departements:
        return layer[layer[levels.DEPARTEMENTS.code_column].isin(f.departements)]
    epci_of_chosen = layer.loc[layer["code"].isin(f.communes), levels.EPCI.code_column]
    return layer[layer[levels.EPCI.code_column].isin(epci_of_chosen)]


def selected_codes(level: str, f: Filters) -> tuple[str, ...]:
    """Codes of the level that the filters select (outlined and zoomed to)."""
    return f.codes(level)


def actor_points(acteurs: pd.DataFrame, with_label: bool = True) -> pd.DataFrame:
    """Located actors: name, sector, commune, whether placed at their commune's point, and the
    label of the older point layer (the compact one builds it in the browser: ``with_label``
    False spares 100,000 strings per view)."""
    located = acteurs.dropna(subset=["latitude", "longitude"])
    sector = located["secteur"].map(lambda c: schema.SECTEURS.get(c, c)).astype(str)
    commune = located["nom_commune"].fillna("commune inconnue").astype(str)
    label = located["nom"].astype(str) + " — " + sector + " — " + commune if with_label else None
    if "position" in located.columns:
        approximate = (located["position"] == dataset.POSITION_COMMUNE).fillna(False).astype(bool)
    else:
        approximate = pd.Series(False, index=located.index)
    points = pd.DataFrame({
        "latitude": located["latitude"], "longitude": located["longitude"], "label": label,
        "nom": located["nom"].astype(str), "secteur": sector, "commune": commune,
        "approximatif": approximate,
    })
    return points if with_label else points.drop(columns="label")


def located_points(acteurs: pd.DataFrame) -> lightmap.EncodedPoints:
    """The compact payload of every located actor (the same for every indicator and level)."""
    return lightmap.encoded_points(actor_points(acteurs, with_label=False))


def view_key(*parts: Any) -> str:
    """A component key that changes with the view, so the map refits after a filter change."""
    digest = hashlib.sha1(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
    return f"carte-{digest[:12]}"


def build(
    level: str,
    indicator: str,
    f: Filters,
    acteurs: pd.DataFrame,
    projets: pd.DataFrame,
    layers: dict[str, gpd.GeoDataFrame],
    method: str = "quantiles",
    basemap: bool = False,
    show_points: bool = True,
    geometry_urls: dict[str, str] | None = None,
    points: lightmap.EncodedPoints | None = None,
    live: bool = False,
) -> MapView:
    """The map of the Carte page and its table; ``points``, when given, are the already encoded
    points of ``acteurs`` (:func:`located_points`); ``live`` (with a geometry URL): the frame
    and the view apart, so that a filter change redraws the map already shown."""
    level, notice = effective_level(level, f)
    indicator = indicators.get(indicator)
    shown = scope(layers[level], level, f)
    reference = pd.DataFrame(shown.drop(columns="geometry"))
    table = indicators.territory_table(indicator, acteurs, projets, reference, level)
    chosen = selected_codes(level, f)
    focus = shown[shown["code"].isin(chosen)]
    if not show_points:
        points = None
    elif points is None:
        points = located_points(acteurs)
    if points is not None and len(points) > MAX_POINTS:
        too_many = TOO_MANY_POINTS.format(n=fmt_int(len(points)), max=fmt_int(MAX_POINTS))
        points = None
        notice = f"{notice} {too_many}" if notice else too_many
    key = view_key(level, indicator.key, method, basemap, show_points, f.to_query_params())
    bounds = focus.total_bounds if len(focus) else None
    url = (geometry_urls or {}).get(level)
    if live and url:
        view = leaflet.served_view(shown, table, indicator, key, method, chosen, points, bounds)
        return MapView(None, table, level, key, notice, frame=leaflet.served_map(url, basemap),
                       view=view, frame_key=frame_key(level, basemap))
    m = leaflet.choropleth_map(
        shown,
        table,
        indicator,
        method=method,
        basemap=basemap,
        highlight_codes=chosen,
        points=points,
        bounds=bounds,
        geometry_url=url,
    )
    return MapView(m, table, level, key, notice)


def frame_key(level: str, basemap: bool) -> str:
    """The component key of a live map: one frame per level and basemap, kept across filter
    changes (only the view inside it is replaced)."""
    return view_key("cadre", level, basemap)


def clicked_filters(result: dict | None, level: str, f: Filters) -> Filters | None:
    """The filters a click on a territory asks for, or None when nothing new was clicked."""
    drawing = (result or {}).get("last_active_drawing") or {}
    code = (drawing.get("properties") or {}).get("code")
    if not isinstance(code, str) or not code:
        return None
    new = f.select(level, code)
    return None if new == f else new
