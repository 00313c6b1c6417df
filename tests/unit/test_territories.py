"""Runtime API of the territorial reference: code normalisation, resolution, point location."""

from __future__ import annotations

import math
import time

import numpy as np
import pandas as pd
import pytest

from observatoire import levels, territories
from observatoire.territories import Resolution


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01001", "01001"),
        ("1001", "01001"),
        (1001, "01001"),
        (1001.0, "01001"),
        (np.int64(1001), "01001"),
        (np.float64(1001.0), "01001"),
        (" 01001 ", "01001"),
        ("1001.0", "01001"),
        ("69123", "69123"),
        ("2a004", "2A004"),
        ("2A004", "2A004"),
        ("ABCDE", "ABCDE"),
        (None, None),
        (float("nan"), None),
        (pd.NA, None),
        ("", None),
        ("   ", None),
    ],
)
def test_normalize_code_restores_the_canonical_text(raw, expected):
    assert territories.normalize_code(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code", "nature"),
    [
        ("01001", "01001", "actuel"),
        ("69123", "69123", "actuel"),
        ("38185", "38185", "actuel"),
        ("1001", "01001", "actuel"),
        (1001, "01001", "actuel"),
        (1001.0, "01001", "actuel"),
        *[(f"6938{n}", "69123", "arrondissement") for n in range(1, 10)],
        ("69101", "69114", "delegue"),  # Jarnioux, in Porte des Pierres Dorées
        ("69159", "69114", "delegue"),  # Pouilly-le-Monial
        ("01340", "01015", "delegue"),  # Saint-Bois, in Arboys en Bugey
        ("74011", "74010", "delegue"),  # Annecy-le-Vieux, in Annecy
        ("69232", "69123", "ancien"),  # in Etalab's anciensCodes of Lyon
        ("01003", "01165", "ancien"),
        ("01120", "01262", "associe"),
        ("15031", "15031", "actuel"),  # re-created in 2025 from Neussargues en Pinatelle
    ],
)
def test_any_known_code_resolves_to_its_current_commune(raw, code, nature):
    assert territories.resolve_commune(raw) == Resolution(code, nature, None)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("2A004", "commune hors de la région Auvergne-Rhône-Alpes : 2A004"),
        ("2b033", "commune hors de la région Auvergne-Rhône-Alpes : 2B033"),
        ("75056", "commune hors de la région Auvergne-Rhône-Alpes : 75056"),
        ("97411", "commune hors de la région Auvergne-Rhône-Alpes : 97411"),
        # 99 is INSEE's code of foreign countries: no commune at all (issue 11)
        ("99999", "code commune inconnu : 99999 (aucune commune de France)"),
        ("20123", "code commune inconnu : 20123 (aucune commune de France)"),
        ("69999", "code commune inconnu : 69999"),
        ("01999", "code commune inconnu : 01999"),
        ("ABCDE", "code commune invalide : ABCDE"),
        ("123", "code commune invalide : 123"),
        ("690011", "code commune invalide : 690011"),
        ("", "code commune vide"),
        (None, "code commune vide"),
        (float("nan"), "code commune vide"),
    ],
)
def test_unusable_codes_are_rejected_with_a_french_reason(raw, reason):
    result = territories.resolve_commune(raw)
    assert result.code is None and result.nature is None
    assert result.reason == reason


def test_resolve_communes_keeps_the_index_and_matches_the_scalar_function():
    values = pd.Series(["69381", 1001, None, "2A004", "ABCDE", 1001.0, float("nan")], index=list("abcdefg"))
    frame = territories.resolve_communes(values)
    assert list(frame.columns) == ["code", "nature", "reason"]
    assert list(frame.index) == list("abcdefg")
    for key, raw in values.items():
        expected = territories.resolve_commune(raw)
        assert tuple(frame.loc[key]) == (expected.code, expected.nature, expected.reason)


def test_resolve_communes_handles_a_hundred_thousand_rows_quickly():
    codes = territories.load_layer("communes")["code"].tolist()
    rng = np.random.default_rng(0)
    values = pd.Series(rng.choice(codes + ["69381", "1001", "", "75056"], size=100_000))
    territories.resolve_communes(values.head(10))  # warm the cached table
    started = time.perf_counter()
    frame = territories.resolve_communes(values)
    elapsed = time.perf_counter() - started
    assert elapsed < 1.0
    assert frame["code"].notna().sum() == (~values.isin(["", "75056"])).sum()


@pytest.mark.parametrize(
    ("lon", "lat", "expected"),
    [
        (4.8320, 45.7578, "69123"),  # Lyon, place Bellecour
        (3.0863, 45.7772, "63113"),  # Clermont-Ferrand
        (5.7245, 45.1885, "38185"),  # Grenoble
        (2.3522, 48.8566, None),  # Paris
        (5.3000, 43.1000, None),  # Mediterranean sea
    ],
)
def test_locate_points_finds_the_commune_containing_each_point(lon, lat, expected):
    assert territories.locate_points([lon], [lat]).tolist() == [expected]


def test_locate_points_is_nan_safe_and_keeps_a_series_index():
    lon = pd.Series([4.8320, math.nan, None, 2.3522], index=[10, 11, 12, 13])
    lat = pd.Series([45.7578, 45.0, 45.0, 48.8566], index=[10, 11, 12, 13])
    located = territories.locate_points(lon, lat)
    assert list(located.index) == [10, 11, 12, 13]
    assert located.tolist() == ["69123", None, None, None]


def test_representative_points_locate_back_to_their_commune():
    communes = territories.load_layer("communes")
    located = territories.locate_points(communes["longitude"], communes["latitude"])
    assert (located.to_numpy() == communes["code"].to_numpy()).mean() > 0.999


@pytest.mark.parametrize("level", levels.ALL)
def test_load_layer_reads_each_level_once(level):
    assert territories.load_layer(level) is territories.load_layer(level)
    assert territories.load_layer(level).crs.to_epsg() == 4326


def test_load_layer_refuses_an_unknown_level():
    with pytest.raises(ValueError, match="niveau inconnu"):
        territories.load_layer("cantons")
