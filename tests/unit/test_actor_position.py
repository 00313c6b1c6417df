"""An actor with a commune and no coordinates is placed at its commune's point, flagged."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest

from observatoire import GEO_DIR, dataset, quality, tables
from observatoire.export import read_export_csv, to_csv_bytes


@pytest.fixture(scope="module")
def placed():
    acteurs = pd.DataFrame({
        "id": ["a", "b", "c", "d"],
        "code_commune": ["38185", "38185", pd.NA, "99999"],
        "latitude": pd.array([45.19, None, None, None], dtype="Float64"),
        "longitude": pd.array([5.72, None, None, None], dtype="Float64"),
    })
    return dataset.place(acteurs, dataset.commune_points())


def test_address_points_are_kept_and_commune_points_fill_the_rest(placed):
    communes = gpd.read_parquet(GEO_DIR / "communes.parquet").set_index("code")
    grenoble = communes.loc["38185"]
    assert placed["position"].astype(object).where(placed["position"].notna(), None).tolist() == [
        "adresse", "commune", None, None]
    assert (placed.loc[0, "latitude"], placed.loc[0, "longitude"]) == (45.19, 5.72)
    assert (placed.loc[1, "latitude"], placed.loc[1, "longitude"]) == (
        grenoble["latitude"], grenoble["longitude"])
    # no commune, or a code that is no AURA commune: no point is invented
    assert placed.loc[2:, "latitude"].isna().all()


def test_the_position_column_travels_in_exports_and_the_record(placed):
    table, _ = read_export_csv(to_csv_bytes(placed, {}))
    assert table["position"].fillna("").tolist() == ["adresse", "commune", "", ""]
    record = tables.detail(placed.iloc[1])
    assert record.set_index("Champ").loc["Position (adresse ou commune)", "Valeur"] == "commune"


def test_quality_still_counts_actors_without_coordinates_of_their_own(placed):
    projets = pd.DataFrame({"code_commune": ["38185"], "source": ["x"], "porteur_id": ["a"]})
    figures = quality.quality_figures(placed.assign(source="x"), projets, pd.Series(["38185"]))
    assert figures["acteurs"]["sans_coordonnees"] == 3


def test_the_loaded_dataset_flags_every_located_actor():
    acteurs = dataset.load().acteurs
    located = acteurs["latitude"].notna()
    assert acteurs.loc[located, "position"].notna().all()
    assert acteurs.loc[~located, "position"].isna().all()
