"""Zones blanches de l'accompagnement: how far each commune lies from the nearest support structure.

Distance is straight-line, in kilometres, in Lambert-93 (EPSG:2154), from the commune's
representative point (a point inside its polygon) to the nearest located structure of the chosen
types; it is 0 when a structure is located in the commune (by its commune code). The nearest
structure is found with a spatial index (shapely STRtree), not by measuring every pair.
"""

from __future__ import annotations

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from observatoire import schema
from observatoire.formatting import fmt_int, fmt_pct

SUPPORT_TYPES = ("incubateur", "accompagnement", "ptce")
# short names for the page's choice (the nomenclature's labels are too long for a menu)
SUPPORT_LABELS = {"incubateur": "Incubateurs", "accompagnement": "Réseaux d'accompagnement",
                  "ptce": "PTCE"}
DEFAULT_THRESHOLD_KM = 20
THRESHOLD_RANGE = (5, 60)  # km, the page's slider and the links
LAMBERT_93 = "EPSG:2154"
COLUMNS = {
    "code": "Code", "nom": "Commune", "population": "Population",
    "distance_km": "Distance à la structure d'accompagnement la plus proche (km)",
    "structure": "Structure la plus proche",
}


def commune_points(communes: gpd.GeoDataFrame) -> np.ndarray:
    """Representative points of the communes in Lambert-93, as a shapely array."""
    points = communes.geometry.representative_point()
    return gpd.GeoSeries(points, crs=communes.crs).to_crs(LAMBERT_93).to_numpy()


def support_structures(acteurs: pd.DataFrame, types: tuple[str, ...] = SUPPORT_TYPES) -> pd.DataFrame:
    """The located actors of the support types (their id, nom, code_commune, x, y in Lambert-93)."""
    chosen = acteurs[acteurs["type_acteur"].isin(types)]
    lon = pd.to_numeric(chosen["longitude"], errors="coerce")
    lat = pd.to_numeric(chosen["latitude"], errors="coerce")
    located = chosen[lon.notna() & lat.notna()]
    xy = gpd.points_from_xy(lon[located.index], lat[located.index], crs="EPSG:4326")
    projected = gpd.GeoSeries(xy, index=located.index).to_crs(LAMBERT_93)
    return pd.DataFrame({
        "nom": located["nom"].to_numpy(), "code_commune": located["code_commune"].to_numpy(),
        "geometry": projected.to_numpy(),
    })


def distances(
    communes: gpd.GeoDataFrame, acteurs: pd.DataFrame, types: tuple[str, ...] = SUPPORT_TYPES,
    points: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per commune: code, nom, population, distance_km (NA when no structure at all),
    structure (name of the nearest). `points` may pass precomputed commune_points."""
    points = commune_points(communes) if points is None else points
    structures = support_structures(acteurs, types)
    out = pd.DataFrame({
        "code": communes["code"].astype("string").to_numpy(),
        "nom": communes["nom"].to_numpy(),
        "population": pd.to_numeric(communes["population"], errors="coerce").astype("Int64").to_numpy(),
    })
    for column in ("code_departement", "code_epci"):
        if column in communes.columns:
            out[column] = communes[column].astype("string").to_numpy()
    if structures.empty:
        out["distance_km"] = pd.array([pd.NA] * len(out), dtype="Float64")
        out["structure"] = pd.array([pd.NA] * len(out), dtype="string")
        return out
    tree = shapely.STRtree(structures["geometry"].to_numpy())
    nearest, dist = tree.query_nearest(points, return_distance=True, all_matches=False)
    km = np.full(len(out), np.nan)
    name = np.full(len(out), None, dtype=object)
    km[nearest[0]] = dist / 1000
    name[nearest[0]] = structures["nom"].to_numpy()[nearest[1]]
    # a structure located in the commune: the commune is served, whatever its size
    inside = structures.drop_duplicates("code_commune").set_index("code_commune")["nom"]
    here = out["code"].isin(inside.index).to_numpy()
    km[here] = 0.0
    name[here] = out.loc[here, "code"].map(inside).to_numpy()
    out["distance_km"] = pd.array(km, dtype="Float64")
    out["structure"] = pd.array(name, dtype="string")
    return out


def in_territory(table: pd.DataFrame, level: str, code: str) -> pd.DataFrame:
    """The communes of a département, an EPCI or one commune."""
    column = {"departements": "code_departement", "epci": "code_epci", "communes": "code"}[level]
    return table[table[column] == code]


def far(table: pd.DataFrame, threshold_km: float) -> pd.Series:
    """True for communes farther than the threshold (or with no structure at all)."""
    d = table["distance_km"].astype("Float64")
    return (d > threshold_km).fillna(True).astype(bool)


def share_far(table: pd.DataFrame, threshold_km: float) -> tuple[int, int]:
    """(inhabitants farther than the threshold, inhabitants in all) over the table's communes."""
    pop = pd.to_numeric(table["population"], errors="coerce").fillna(0)
    return int(pop[far(table, threshold_km).to_numpy()].sum()), int(pop.sum())


def sentence(table: pd.DataFrame, threshold_km: float) -> str:
    """'12,3 % des habitants (4 560 sur 37 000) à plus de 20 km d'une structure d'accompagnement.'"""
    away, total = share_far(table, threshold_km)
    if total <= 0:
        return "Population inconnue : part des habitants éloignés non calculable."
    return (
        f"{fmt_pct(away / total)} des habitants ({fmt_int(away)} sur {fmt_int(total)}) à plus de "
        f"{fmt_int(threshold_km)} km d'une structure d'accompagnement."
    )


def display_table(table: pd.DataFrame, threshold_km: float) -> pd.DataFrame:
    """The communes as people read them, farthest first, with a column saying who is far."""
    out = table.sort_values("distance_km", ascending=False, na_position="first", kind="stable")
    shown = out[list(COLUMNS)].rename(columns=COLUMNS)
    shown[f"À plus de {fmt_int(threshold_km)} km"] = np.where(far(out, threshold_km), "oui", "non")
    return shown


def type_labels(types: tuple[str, ...]) -> str:
    """The chosen types in French, for a sentence."""
    return ", ".join(schema.TYPES_ACTEUR[t] for t in types)


def band_colours(table: pd.DataFrame, threshold_km: float) -> tuple[pd.Series, list[tuple[str, str]]]:
    """A colour per commune from its distance, and the legend entries (threshold included)."""
    t = float(threshold_km)
    entries = [
        ("#2c7fb8", "structure dans la commune (0 km)"),
        ("#a1dab4", f"moins de {fmt_int(t / 2)} km"),
        ("#ffffcc", f"de {fmt_int(t / 2)} à {fmt_int(t)} km"),
        ("#fdae61", f"plus de {fmt_int(t)} km, jusqu'à {fmt_int(2 * t)} km"),
        ("#d7191c", f"plus de {fmt_int(2 * t)} km"),
        ("#7f7f7f", "aucune structure localisée"),
    ]
    d = table["distance_km"].astype("Float64").to_numpy(dtype=float, na_value=np.nan)
    colour = np.select(
        [np.isnan(d), d == 0, d < t / 2, d <= t, d <= 2 * t],
        [entries[5][0], entries[0][0], entries[1][0], entries[2][0], entries[3][0]],
        default=entries[4][0],
    )
    return pd.Series(colour, index=table.index), entries


def far_colours(table: pd.DataFrame, threshold_km: float) -> tuple[dict[str, str], list[tuple[str, str]]]:
    """{code: colour} of the communes farther than the threshold (or with no structure at
    all), and their legend entries: the far bands of band_colours."""
    colour, entries = band_colours(table, threshold_km)
    away = far(table, threshold_km).to_numpy()
    codes = table["code"].astype(str).to_numpy()[away]
    return dict(zip(codes, colour.to_numpy()[away])), entries[3:]


def add_layer(parent, url: str, table: pd.DataFrame, threshold_km: float) -> int:
    """Draw the zones blanches of `table` (communes in scope) over the Carte's map (`parent`:
    the map, or the feature group of one view), from the served commune shapes, with their own
    legend; how many communes it colours."""
    from observatoire import leaflet, lightmap

    colours, entries = far_colours(table, threshold_km)
    lightmap.ServedOverlay(
        url, colours,
        legend_html=leaflet.legend_html(
            f"Zones blanches : communes à plus de {fmt_int(threshold_km)} km", entries,
            "Contour en tirets, par-dessus l'indicateur ; distance à vol d'oiseau."),
        legend_style=leaflet.LEFT_LEGEND_STYLE,
    ).add_to(parent)
    return len(colours)
