"""The Portrait de territoire page's logic: which territory, its figures, sectors, rank and map."""

from __future__ import annotations

from collections.abc import Mapping

import folium
import geopandas as gpd
import pandas as pd

from observatoire import indicators, leaflet, levels, schema
from observatoire.filters import Filters, apply_actors, apply_projects
from observatoire.formatting import fmt_int, fmt_rate

ECHELON_LABELS = {"departement": "Département", "region": "Région"}
SHARE_COLUMNS = ("Part dans le territoire (%)", "Part dans la région (%)")


def default_choice(f: Filters) -> tuple[str, str | None]:
    """The level and territory first selected in the sidebar, finest level first."""
    for level in reversed(levels.TERRITORIAL):
        if f.codes(level):
            return level, f.codes(level)[0]
    return "departements", None


def options(reference: pd.DataFrame, level: str) -> dict[str, str]:
    """Territory code -> 'Nom (code)', départements in their usual order, others by name."""
    frame = reference if level == "departements" else reference.sort_values("nom", kind="stable")
    return {str(c): f"{n} ({c})" for c, n in zip(frame["code"], frame["nom"])}


def region_frames(
    acteurs: pd.DataFrame, projets: pd.DataFrame, f: Filters
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Actors and projects of the whole region kept by the non-territory filters."""
    kept = f.without_territory()  # the portrait's own territory replaces them
    return apply_actors(acteurs, kept), apply_projects(projets, kept, acteurs)


def in_territory(frame: pd.DataFrame, level: str, code: str) -> pd.DataFrame:
    """Rows located in the territory."""
    return frame[frame[levels.get(level).code_column].astype("string") == code]


def figures_table(compared: pd.DataFrame, level: str) -> pd.DataFrame:
    """indicators.compare as a French table: one row per échelon, one column per indicator
    headed by its registry label, numbers kept numeric."""
    echelons = [
        levels.get(level).singular if e == "territoire" else ECHELON_LABELS[e]
        for e in compared["echelon"]
    ]
    keys = [c for c in compared.columns if c in indicators.REGISTRY]
    table = pd.DataFrame({"Échelon": echelons, "Territoire": compared["nom"].to_numpy(),
                          "Population": compared["population"].to_numpy()})
    for key in keys:
        table[indicators.REGISTRY[key].label] = compared[key].to_numpy()
    return table


def sector_comparison(territory: pd.DataFrame, region: pd.DataFrame) -> pd.DataFrame:
    """Actors per sector in the territory and the region, with each one's share in percent."""
    mine = indicators.sector_mix(territory)
    theirs = indicators.sector_mix(region)
    both = mine.merge(theirs, on=["secteur", "libelle"], how="outer", suffixes=("_t", "_r"),
                      sort=False)
    both = both.set_index("secteur").reindex(
        list(dict.fromkeys([*mine["secteur"], *theirs["secteur"]]))
    )
    return pd.DataFrame(
        {
            "Secteur": both["libelle"].to_numpy(),
            "Acteurs du territoire": both["nombre_t"].fillna(0).astype("Int64").to_numpy(),
            SHARE_COLUMNS[0]: (both["part_t"].fillna(0) * 100).astype("Float64").to_numpy(),
            "Acteurs de la région": both["nombre_r"].fillna(0).astype("Int64").to_numpy(),
            SHARE_COLUMNS[1]: (both["part_r"].fillna(0) * 100).astype("Float64").to_numpy(),
        }
    )


def family_comparison(territory: pd.DataFrame, region: pd.DataFrame) -> pd.DataFrame:
    """Actors per ESS family in the territory and the region, with shares in percent."""
    mine, theirs = indicators.family_mix(territory), indicators.family_mix(region)
    return pd.DataFrame(
        {
            "Famille": mine["libelle"].to_numpy(),
            "Acteurs du territoire": mine["nombre"].to_numpy(),
            SHARE_COLUMNS[0]: (mine["part"] * 100).astype("Float64").to_numpy(),
            "Acteurs de la région": theirs["nombre"].to_numpy(),
            SHARE_COLUMNS[1]: (theirs["part"] * 100).astype("Float64").to_numpy(),
        }
    )


def sector_chart_data(comparison: pd.DataFrame, category: str = "Secteur") -> pd.DataFrame:
    """Shares (%) by sector (or family), one column for the territory and one for the region."""
    return pd.DataFrame(
        {
            "Territoire": comparison[SHARE_COLUMNS[0]].astype(float).to_numpy(),
            "Région": comparison[SHARE_COLUMNS[1]].astype(float).to_numpy(),
        },
        index=pd.Index(comparison[category], name=category),
    )


def ordinal(n: int, gender: str = "m") -> str:
    """French ordinal: 1er / 1re, 2e, 3e…"""
    if n == 1:
        return "1er" if gender == "m" else "1re"
    return f"{fmt_int(n)}e"


def rank(acteurs: pd.DataFrame, reference: pd.DataFrame, level: str, code: str) -> dict:
    """indicators.rank_among_peers plus how many peers share the same rate (ties)."""
    result = indicators.rank_among_peers(acteurs, reference, level, code)
    result["ex_aequo"] = 0
    if result["taux_10000"] is not None:
        table = indicators.counts_by_territory(acteurs, reference, level)
        same = (table["taux_10000"] == result["taux_10000"]).fillna(False)
        result["ex_aequo"] = int(same.sum()) - 1
    return result


def rank_sentence(result: Mapping, level: str) -> str:
    """'3e sur 13 départements pour le nombre d'acteurs pour 10 000 habitants (4,2)'."""
    plural, gender = levels.get(level).peers, levels.get(level).gender
    if result.get("rang") is None:
        return (f"Rang parmi les {plural} non calculable : population inconnue ou territoire "
                "absent du référentiel.")
    text = (
        f"{ordinal(result['rang'], gender)} sur {fmt_int(result['nb_pairs'])} "
        f"{plural} de la région pour le nombre d'acteurs pour 10 000 habitants "
        f"({fmt_rate(result['taux_10000'])})"
    )
    ties = result.get("ex_aequo", 0)
    if ties:
        other = "autre" if ties == 1 else "autres"
        text += f", ex æquo avec {fmt_int(ties)} {other}"
    return text + "."


def map_scope(communes: gpd.GeoDataFrame, level: str, code: str) -> gpd.GeoDataFrame:
    """Communes drawn: the territory's, or for a commune, itself and the others of its EPCI."""
    if level == "departements":
        return communes[communes["code_departement"] == code]
    if level == "epci":
        return communes[communes["code_epci"] == code]
    epci = communes.loc[communes["code"] == code, "code_epci"].dropna()
    if epci.empty:
        return communes[communes["code"] == code]
    return communes[communes["code_epci"] == epci.iloc[0]]


def territory_map(communes: gpd.GeoDataFrame, acteurs: pd.DataFrame, level: str,
                  code: str) -> folium.Map:
    """Communes of the territory coloured by actor count, with the actors' points."""
    from observatoire.map_page import actor_points

    shown = map_scope(communes, level, code)
    reference = pd.DataFrame(shown.drop(columns="geometry"))
    in_scope = acteurs[acteurs["code_commune"].isin(reference["code"])]
    counts = indicators.territory_table("acteurs", in_scope, None, reference, "communes")
    return leaflet.choropleth_map(
        shown, counts, "acteurs",
        highlight_codes=(code,) if level == "communes" else (),
        points=actor_points(in_scope),
    )


def territory_name(reference: pd.DataFrame, code: str) -> str:
    """Name of a territory from its layer's reference table (the code if unknown)."""
    found = reference.loc[reference["code"].astype(str) == code, "nom"]
    return str(found.iloc[0]) if len(found) else code


REGION_LABEL = schema.REGION_NAME
