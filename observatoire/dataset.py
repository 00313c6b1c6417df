"""The dataset the dashboard shows: where it comes from, loaded, joined to the territories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from observatoire import storage, territories
from observatoire.filters import families
from observatoire.schema import COLUMNS, DEMO_SOURCE, DEPARTEMENTS
from observatoire.validation import column_dtype, load_dataset

# Columns added to both tables by the join on code_commune
TERRITORY_COLUMNS = ["nom_commune", "code_departement", "nom_departement", "code_epci", "nom_epci"]
NOT_LOCATED = "Non localisé"
# Where an actor's point comes from (column `position`, exported with it): its own coordinates,
# or the representative point of its commune when the file gave a commune and no coordinates.
POSITION_ADDRESS = "adresse"
POSITION_COMMUNE = "commune"


@dataclass(frozen=True)
class Dataset:
    """Actors and projects joined to their territories, with their provenance."""

    acteurs: pd.DataFrame
    projets: pd.DataFrame
    location: storage.DataLocation
    updated: dt.date | None

    @property
    def is_demo(self) -> bool:
        """Whether any row shown is invented demonstration data."""
        return bool(
            (self.acteurs["source"] == DEMO_SOURCE).any()
            or (self.projets["source"] == DEMO_SOURCE).any()
        )


def files_stamp(location: storage.DataLocation) -> str:
    """A cache key that changes whenever a dataset file is rewritten."""
    parts = []
    for kind in ("acteurs", "projets"):
        path = storage.dataset_path(location.path, kind)
        parts.append(f"{path}:{path.stat().st_mtime_ns if path.exists() else 0}")
    return "|".join(parts)


def commune_table() -> pd.DataFrame:
    """Every AURA commune with its département and EPCI names, no geometry."""
    communes = pd.DataFrame(territories.load_layer("communes").drop(columns="geometry"))
    epci = territories.load_layer("epci")[["code", "nom"]].rename(
        columns={"code": "code_epci", "nom": "nom_epci"}
    )
    table = communes.rename(columns={"code": "code_commune", "nom": "nom_commune"}).merge(
        epci, on="code_epci", how="left"
    )
    table["nom_departement"] = table["code_departement"].map(DEPARTEMENTS)
    return table[["code_commune", *TERRITORY_COLUMNS]]


def enrich(frame: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Add commune, département and EPCI codes and names by joining on code_commune."""
    out = frame.drop(columns=[c for c in TERRITORY_COLUMNS if c in frame.columns])
    out = out.merge(communes, on="code_commune", how="left", validate="many_to_one")
    out.index = frame.index
    return out


def commune_points() -> pd.DataFrame:
    """Representative point of every AURA commune (inside it), indexed by code."""
    communes = territories.load_layer("communes")
    return pd.DataFrame(communes[["code", "latitude", "longitude"]]).set_index("code")


def place(acteurs: pd.DataFrame, points: pd.DataFrame) -> pd.DataFrame:
    """Give every actor with a commune a point: its own, else its commune's (`position` says which)."""
    own = acteurs["latitude"].notna() & acteurs["longitude"].notna()
    at_commune = ~own & acteurs["code_commune"].isin(points.index).fillna(False).astype(bool)
    out = acteurs.copy()
    codes = out.loc[at_commune, "code_commune"]
    for axis in ("latitude", "longitude"):
        out.loc[at_commune, axis] = codes.map(points[axis]).to_numpy()
    position = pd.Series(pd.NA, index=out.index, dtype="string")
    position[own] = POSITION_ADDRESS
    position[at_commune] = POSITION_COMMUNE
    out["position"] = position.astype(
        pd.CategoricalDtype([POSITION_ADDRESS, POSITION_COMMUNE])
    )
    return out


def with_family(acteurs: pd.DataFrame) -> pd.DataFrame:
    """Actors with `famille`, their ESS family derived from `forme_juridique` (never stored)."""
    out = acteurs.copy()
    out["famille"] = families(out["forme_juridique"])
    return out


def read_kind(location: storage.DataLocation, kind: str) -> pd.DataFrame:
    """One canonical table of a data folder; a missing file is an empty table."""
    path = storage.dataset_path(location.path, kind)
    if not path.exists():
        return pd.DataFrame({c: pd.Series(dtype=column_dtype(c)) for c in COLUMNS[kind]})
    return load_dataset(path, kind)


def last_update(location: storage.DataLocation) -> dt.date | None:
    """Date of the most recent dataset file of a folder."""
    stamps = [
        p.stat().st_mtime
        for p in (storage.dataset_path(location.path, k) for k in ("acteurs", "projets"))
        if p.exists()
    ]
    return dt.date.fromtimestamp(max(stamps)) if stamps else None


def load(location: storage.DataLocation | None = None) -> Dataset:
    """Read the current dataset and join it to the territories."""
    location = location or storage.resolve_data_dir()
    communes = commune_table()
    return Dataset(
        acteurs=with_family(
            place(enrich(read_kind(location, "acteurs"), communes), commune_points())
        ),
        projets=enrich(read_kind(location, "projets"), communes),
        location=location,
        updated=last_update(location),
    )


def with_carrier(projets: pd.DataFrame, acteurs: pd.DataFrame) -> pd.DataFrame:
    """Projects with `nom_porteur`, the name of the actor whose id is `porteur_id` (NA if absent)."""
    names = acteurs.drop_duplicates("id").set_index("id")["nom"]
    out = projets.copy()
    out["nom_porteur"] = out["porteur_id"].map(names)
    return out
