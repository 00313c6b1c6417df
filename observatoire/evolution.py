"""Évolution: the ESS of a territory year by year, next to the region's.

An actor is in the stock of a year from its creation year on, and leaves it after its closure
year when one is known (`annee_fermeture`, filled by the SIRENE and RNA imports and by any file
with that column; the demo data closes no actor). Closed actors are kept apart from today's
actors (`dataset.Dataset.fermes`): only this page and the Carte's past years read them. Actors without a creation year cannot be placed in time: they are
counted apart (`undated`) and said on the page, never spread over the years.
"""

from __future__ import annotations

import pandas as pd

from observatoire import schema

# The series start here unless the page asks otherwise (the regional booklet looks back to 2000)
DEFAULT_FIRST_YEAR = 2000
CLOSURE_COLUMN = "annee_fermeture"
# The measures of one year, in column order, with their French headers
MEASURES = {
    "stock": "Acteurs en activité au 31 décembre",
    "creations": "Acteurs créés dans l'année",
    "projets": "Projets démarrés dans l'année",
    "emplois": "Emplois des acteurs en activité",
}
SCOPES = {"territoire": "Territoire", "region": "Région"}
# what the Évolution page lists of the closed actors
CLOSED_COLUMNS = ["nom", "type_acteur", "forme_juridique", "secteur", "nom_commune",
                  "nom_departement", "annee_creation", CLOSURE_COLUMN, "latitude", "longitude"]


def _years(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series(pd.NA, index=frame.index, dtype="Float64")
    return pd.to_numeric(frame[column], errors="coerce").astype("Float64")


def open_on(acteurs: pd.DataFrame, year: int | None = None) -> pd.Series:
    """Whether each actor is still open on 31 December of `year` (this year by default): no
    closure year known, or a later one. The one rule for "en activité", read everywhere."""
    year = schema.current_year() if year is None else year
    closed = _years(acteurs, CLOSURE_COLUMN)
    return (closed.isna() | (closed > year)).fillna(True).astype(bool)


def undated(acteurs: pd.DataFrame) -> int:
    """How many actors have no creation year (left out of every series)."""
    return int(_years(acteurs, "annee_creation").isna().sum())


def yearly(
    acteurs: pd.DataFrame, projets: pd.DataFrame | None, first: int, last: int | None = None
) -> pd.DataFrame:
    """One row per year from `first` to `last`: annee, stock, creations, projets, emplois."""
    last = last or schema.current_year()
    years = pd.RangeIndex(first, last + 1, name="annee")
    created = _years(acteurs, "annee_creation")
    closed = _years(acteurs, CLOSURE_COLUMN)
    dated = created.notna()
    created_dated = created[dated].astype(int)
    jobs = pd.to_numeric(acteurs["emplois"], errors="coerce").fillna(0)[dated]
    # Stock of a year = created up to it − closed before it; cumulative sums of yearly counts,
    # so the cost is one pass over the actors whatever the number of years.
    span = pd.RangeIndex(schema.FIRST_CREATION_YEAR, last + 2)
    births = created_dated.value_counts().reindex(span, fill_value=0)
    birth_jobs = jobs.groupby(created_dated).sum().reindex(span, fill_value=0)
    closed_dated = closed[dated]
    gone = closed_dated.notna()
    # an actor closed in year y is still counted on 31 December of y-1, not on that of y
    closure_year = closed_dated[gone].astype(int).clip(upper=last + 1)
    deaths = closure_year.value_counts().reindex(span, fill_value=0)
    death_jobs = jobs[gone].groupby(closure_year).sum().reindex(span, fill_value=0)
    stock = (births.cumsum() - deaths.cumsum()).reindex(years)
    stock_jobs = (birth_jobs.cumsum() - death_jobs.cumsum()).reindex(years)
    started = pd.Series(0, index=years)
    if projets is not None and len(projets):
        starts = _years(projets, "annee_debut").dropna().astype(int)
        started = starts.value_counts().reindex(years, fill_value=0)
    return pd.DataFrame(
        {
            "annee": years.to_numpy(),
            "stock": stock.to_numpy().astype("int64"),
            "creations": births.reindex(years).to_numpy().astype("int64"),
            "projets": started.to_numpy().astype("int64"),
            "emplois": stock_jobs.round().to_numpy().astype("int64"),
        }
    )


def index_base_100(series: pd.Series) -> pd.Series:
    """The series divided by its first value × 100 (NA while the first value is 0)."""
    base = float(series.iloc[0]) if len(series) else 0.0
    if base <= 0:
        return pd.Series(pd.NA, index=series.index, dtype="Float64")
    return (series.astype("Float64") / base * 100).astype("Float64")


def side_by_side(territory: pd.DataFrame, region: pd.DataFrame) -> pd.DataFrame:
    """The twin table: one row per year, each measure for the territory then the region."""
    # years as text: a year is a label, not a quantity to write "2 000"
    out = pd.DataFrame({"Année": territory["annee"].astype(str).to_numpy()})
    for key, header in MEASURES.items():
        out[f"{header} – {SCOPES['territoire'].lower()}"] = territory[key].to_numpy()
        out[f"{header} – {SCOPES['region'].lower()}"] = region[key].to_numpy()
    return out


def chart_data(
    territory: pd.DataFrame, region: pd.DataFrame, measure: str, territory_name: str | None,
    as_index: bool,
) -> pd.DataFrame:
    """Long frame for a line chart: annee, serie (the territory's name or "Région"), valeur;
    the region alone when no territory is chosen (`territory_name` None)."""
    frames = []
    shown = [(SCOPES["region"], region)]
    if territory_name is not None:
        shown.insert(0, (territory_name, territory))
    for name, table in shown:
        values = table[measure]
        values = index_base_100(values) if as_index else values.astype("Float64")
        frames.append(pd.DataFrame({"annee": table["annee"], "serie": name,
                                    "valeur": values.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def at_year(
    acteurs: pd.DataFrame, projets: pd.DataFrame, year: int, last: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """The situation on 31 December of `year`: actors created by then and not closed before,
    projects started by then, and how many undated actors were left out (none for the latest
    year, where an actor without a creation year is still an actor of today)."""
    last = last or schema.current_year()
    created = _years(acteurs, "annee_creation")
    open_then = open_on(acteurs, year)
    if year >= last:
        keep = ((created <= year) | created.isna()).fillna(True) & open_then
        left_out = 0
    else:
        keep = (created <= year).fillna(False) & open_then
        left_out = int(created.isna().sum())
    started = _years(projets, "annee_debut")
    return (acteurs[keep.astype(bool).to_numpy()],
            projets[(started <= year).fillna(year >= last).astype(bool).to_numpy()], left_out)
