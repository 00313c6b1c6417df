"""Contract of the committed territorial reference files in geo/."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from observatoire import GEO_DIR
from observatoire.schema import DEPARTEMENTS, METROPOLE_LYON_EPCI, REGION_CODE

LAYERS = ("region", "departements", "epci", "communes")
EXPECTED_ROWS = {"region": 1, "departements": 13, "communes": 4025}
MAX_GEOJSON_BYTES = {"communes": 2_500_000, "epci": 500_000, "departements": 150_000}
APPROXIMATE = {"15031", "15035", "15047", "15141", "15171"}


@pytest.fixture(scope="module")
def layers() -> dict[str, gpd.GeoDataFrame]:
    return {name: gpd.read_parquet(GEO_DIR / f"{name}.parquet") for name in LAYERS}


@pytest.fixture(scope="module")
def codes_table() -> pd.DataFrame:
    return pd.read_parquet(GEO_DIR / "codes_communes.parquet")


@pytest.mark.parametrize(("name", "rows"), EXPECTED_ROWS.items())
def test_layers_have_the_expected_row_counts(layers, name, rows):
    assert len(layers[name]) == rows


@pytest.mark.parametrize("name", LAYERS)
def test_every_layer_has_unique_string_codes_names_populations_in_wgs84(layers, name):
    frame = layers[name]
    assert {"code", "nom", "population", "geometry"} <= set(frame.columns)
    assert frame["code"].is_unique
    assert all(isinstance(code, str) for code in frame["code"])
    assert frame["nom"].notna().all() and (frame["nom"].str.len() > 0).all()
    assert pd.api.types.is_integer_dtype(frame["population"]) and (frame["population"] > 0).all()
    assert frame.crs.to_epsg() == 4326


@pytest.mark.parametrize("name", LAYERS)
def test_every_geometry_is_a_valid_non_empty_polygon(layers, name):
    geometry = layers[name].geometry
    assert geometry.notna().all()
    assert not geometry.is_empty.any()
    assert geometry.is_valid.all()
    assert set(geometry.geom_type) <= {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize(("name", "limit"), MAX_GEOJSON_BYTES.items())
def test_geojson_sizes_stay_within_the_browser_budget(layers, name, limit):
    assert len(layers[name].to_json().encode("utf-8")) <= limit


def test_region_and_departement_codes(layers):
    assert layers["region"]["code"].tolist() == [REGION_CODE]
    assert sorted(layers["departements"]["code"]) == sorted(DEPARTEMENTS)
    names = dict(zip(layers["departements"]["code"], layers["departements"]["nom"]))
    assert names == DEPARTEMENTS


def test_commune_codes_have_five_characters(layers):
    assert (layers["communes"]["code"].str.fullmatch(r"\d{5}")).all()


def test_every_commune_is_in_one_departement_and_a_known_epci(layers):
    communes = layers["communes"]
    assert communes["code_departement"].isin(list(DEPARTEMENTS)).all()
    assert communes["code_epci"].notna().all()
    assert communes["code_epci"].isin(layers["epci"]["code"]).all()
    lyon = communes[communes["code_departement"] == "69M"]
    assert (lyon["code_epci"] == METROPOLE_LYON_EPCI).all() and "69123" in set(lyon["code"])
    assert (communes.loc[communes["code_departement"] == "69D", "code_epci"] != METROPOLE_LYON_EPCI).all()
    prefix = communes["code_departement"].str[:2]
    assert (prefix == communes["code"].str[:2]).all()


def test_populations_add_up_from_communes_to_region(layers):
    communes, departements, region = layers["communes"], layers["departements"], layers["region"]
    assert departements["population"].sum() == region["population"].iloc[0] == communes["population"].sum()
    by_departement = communes.groupby("code_departement")["population"].sum()
    assert departements.set_index("code")["population"].to_dict() == by_departement.to_dict()
    by_epci = communes.groupby("code_epci")["population"].sum()
    assert layers["epci"].set_index("code")["population"].to_dict() == by_epci.to_dict()


def test_epci_attributes(layers):
    epci = layers["epci"]
    assert set(epci["nature"]) <= {"CC", "CA", "CU", "METRO"}
    assert epci["nature_libelle"].notna().all()
    assert epci.set_index("code").loc[METROPOLE_LYON_EPCI, "departements"] == "69M"
    for value in epci["departements"]:
        assert set(value.split(",")) <= set(DEPARTEMENTS)


def test_only_the_five_split_communes_are_flagged_approximate(layers):
    communes = layers["communes"]
    assert communes["geometrie_approximative"].dtype == bool
    assert set(communes.loc[communes["geometrie_approximative"], "code"]) == APPROXIMATE


@pytest.mark.parametrize(
    ("code", "nom"),
    [
        ("01001", "L'Abergement-Clémenciat"),
        ("43157", "Le Puy-en-Velay"),
        ("74143", "Les Houches"),
        ("69114", "Porte des Pierres Dorées"),
        ("69123", "Lyon"),
    ],
)
def test_commune_names_carry_their_article(layers, code, nom):
    names = dict(zip(layers["communes"]["code"], layers["communes"]["nom"]))
    assert names[code] == nom


def test_representative_points_lie_inside_their_commune(layers):
    communes = layers["communes"]
    points = shapely.points(communes["longitude"], communes["latitude"])
    inside = shapely.intersects(communes.geometry.values, points)
    # Coordinates are rounded to 5 decimals (about 1 m): allow a sliver commune or two
    assert inside.mean() > 0.999


def test_communes_do_not_overlap(layers):
    geometry = layers["communes"].to_crs(2154).geometry
    assert shapely.union_all(geometry.values).area == pytest.approx(geometry.area.sum(), rel=1e-6)


def test_codes_table_resolves_only_to_current_communes(layers, codes_table):
    assert list(codes_table.columns) == ["code_saisi", "code", "nature"]
    assert codes_table["code_saisi"].is_unique
    assert codes_table["code"].isin(layers["communes"]["code"]).all()
    assert set(codes_table["nature"]) <= {"actuel", "ancien", "delegue", "associe", "arrondissement"}
    current = codes_table[codes_table["nature"] == "actuel"]
    assert sorted(current["code_saisi"]) == sorted(layers["communes"]["code"])
    assert (current["code_saisi"] == current["code"]).all()


def test_epci_population_counts_aura_members_only(layers):
    epci = layers["epci"].set_index("code")
    assert (epci["population"] <= epci["population_epci_entier"]).all()
    # Moulins Communauté reaches into Saône-et-Loire, outside the region
    assert epci.loc["200071140", "population"] < epci.loc["200071140", "population_epci_entier"]
    assert epci.loc[METROPOLE_LYON_EPCI, "population"] == epci.loc[METROPOLE_LYON_EPCI, "population_epci_entier"]
