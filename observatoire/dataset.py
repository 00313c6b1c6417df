"""The dataset the dashboard shows: where it comes from, loaded, joined to the territories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from observatoire import evolution, storage, territories
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
    """Actors and projects joined to their territories, with their provenance.

    `acteurs` are the actors in activity today, what every page counts; `fermes` the actors
    whose closure year is known and past (evolution.open_on), kept for the Évolution page and
    the Carte's past years (`history`).
    """

    acteurs: pd.DataFrame
    projets: pd.DataFrame
    location: storage.DataLocation
    updated: dt.date | None
    version: storage.Version | None = None  # None: the shipped demonstration, nothing imported
    fermes: pd.DataFrame | None = None

    def history(self) -> pd.DataFrame:
        """Every actor, open or closed: the stock of any year can be rebuilt from it."""
        if self.fermes is None or self.fermes.empty:
            return self.acteurs
        return pd.concat([self.acteurs, self.fermes])

    @property
    def is_demo(self) -> bool:
        """Whether any row shown is invented demonstration data."""
        return bool(
            (self.acteurs["source"] == DEMO_SOURCE).any()
            or (self.projets["source"] == DEMO_SOURCE).any()
        )


def files_stamp(location: storage.DataLocation) -> str:
    """A cache key that changes whenever the current version changes (an import, a restore).

    One cheap query on the store: sessions pick up a new version on their next interaction and
    never see a mix, since each key names one immutable version.
    """
    store = storage.store_for(location)
    if store is None:
        return f"demo:{location.path}"
    version = store.prepare().current()  # a CSV folder is taken over on first start
    return f"{store.url}#{version.id if version else 0}"


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
    """One table of the current version; nothing imported yet is the demonstration."""
    store = storage.store_for(location)
    if store is None:
        path = storage.dataset_path(location.path, kind)
        if not path.exists():
            return pd.DataFrame({c: pd.Series(dtype=column_dtype(c)) for c in COLUMNS[kind]})
        return load_dataset(path, kind)
    return store.read(kind, store.prepare().current())


def _label(location: storage.DataLocation, version: storage.Version | None) -> str:
    if version is None or version.demo:
        return storage.demo_label()
    return location.label_fr


def load(location: storage.DataLocation | None = None) -> Dataset:
    """Read the current version (one consistent snapshot) and join it to the territories."""
    location = location or storage.resolve_data_dir()
    communes = commune_table()
    store = storage.store_for(location)
    if store is None:
        acteurs, projets = read_kind(location, "acteurs"), read_kind(location, "projets")
        version, updated = None, _demo_date()
    else:
        version, acteurs, projets = store.prepare().snapshot()
        updated = (dt.date.fromisoformat(version.created_at[:10])
                   if version is not None and not version.demo else _demo_date())
    shown = storage.DataLocation(location.path, location.origin, _label(location, version),
                                 location.url)
    acteurs = with_family(place(enrich(acteurs, communes), commune_points()))
    open_now = evolution.open_on(acteurs)
    closed = None
    if not open_now.all():  # no copy when nothing closed (most files)
        acteurs, closed = acteurs[open_now], acteurs[~open_now]
    return Dataset(
        acteurs=acteurs,
        projets=enrich(projets, communes),
        location=shown,
        updated=updated,
        version=version,
        fermes=closed,
    )


def _demo_date() -> dt.date | None:
    stamps = [storage.dataset_path(storage.DEMO_DATA_DIR, k).stat().st_mtime
              for k in ("acteurs", "projets")
              if storage.dataset_path(storage.DEMO_DATA_DIR, k).exists()]
    return dt.date.fromtimestamp(max(stamps)) if stamps else None


def with_carrier(projets: pd.DataFrame, acteurs: pd.DataFrame) -> pd.DataFrame:
    """Projects with `nom_porteur`, the name of the actor whose id is `porteur_id` (NA if absent)."""
    names = acteurs.drop_duplicates("id").set_index("id")["nom"]
    out = projets.copy()
    out["nom_porteur"] = out["porteur_id"].map(names)
    return out
