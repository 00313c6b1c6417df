"""Exports: CSV / XLSX / GeoJSON round trips, provenance, formula neutralisation."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from observatoire.export import (
    BOM,
    PROVENANCE_KEYS,
    neutralise,
    neutralise_frame,
    provenance,
    read_export_csv,
    to_csv_bytes,
    to_geojson_bytes,
    to_xlsx_bytes,
)

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "<script>alert('x')</script>"


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "id": ["A-001", "A-002", "A-003"],
            "nom": ["Coopérative « Les Œillets »", HOSTILE, "Texte; avec \"guillemets\"\net saut de ligne"],
            "code_commune": ["01004", "69123", None],
            "siret": ["01234567800011", None, "00000000000000"],
            "latitude": pd.array([45.9575, 45.76, None], dtype="Float64"),
            "longitude": pd.array([5.36774, 4.835, None], dtype="Float64"),
            "emplois": pd.array([12, 0, 3], dtype="Int64"),
            "montant_aide_eur": pd.array([1500.5, -250.25, 0.1], dtype="Float64"),
        }
    )


def meta() -> dict[str, str]:
    return provenance(
        "Départements : Isère, Métropole de Lyon · Secteur : Emploi et insertion",
        "Acteurs de l'innovation sociale",
        "2024-06-30",
        ["CRESS AURA", "INSEE; COG 2024"],
        export_date=dt.datetime(2024, 7, 1, 9, 30, 12),
    )


# --- Neutralisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=SUM(A1:A2)", "'=SUM(A1:A2)"),
        ("+33 4 72 00 00 00", "'+33 4 72 00 00 00"),
        ("-2+3", "'-2+3"),
        ("@cmd", "'@cmd"),
        ("\tcaché", "'\tcaché"),
        ("\rretour", "'\rretour"),
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        (HOSTILE, HOSTILE),
        ("Grenoble", "Grenoble"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (-2.5, -2.5),
        (None, None),
    ],
)
def test_neutralise_prefixes_only_strings_that_start_like_a_formula(value, expected):
    assert neutralise(value) == expected


def test_neutralise_frame_touches_text_cells_and_headers_but_not_numbers():
    df = pd.DataFrame({"=en-tête": ["=1+1", "ok"], "n": [-1, 2], "x": pd.array([-1.5, None], dtype="Float64")})
    out = neutralise_frame(df)
    assert list(out.columns) == ["'=en-tête", "n", "x"]
    assert list(out["'=en-tête"]) == ["'=1+1", "ok"]
    assert list(out["n"]) == [-1, 2] and out["n"].dtype == df["n"].dtype
    assert out["x"].iloc[0] == -1.5
    assert list(df["=en-tête"]) == ["=1+1", "ok"]  # the input is left alone


def test_neutralise_frame_handles_categories_and_mixed_object_columns():
    df = pd.DataFrame({"c": pd.Categorical(["-a", "b"]), "o": pd.Series(["@x", 5], dtype=object)})
    out = neutralise_frame(df)
    assert list(out["c"]) == ["'-a", "b"]
    assert list(out["o"]) == ["'@x", 5]


# --- Provenance ----------------------------------------------------------------------------


def test_provenance_has_french_keys_in_a_fixed_order():
    p = meta()
    assert tuple(p) == PROVENANCE_KEYS == (
        "Filtres", "Jeu de données", "Date des données", "Sources", "Date de l'export",
    )
    assert p["Sources"] == "CRESS AURA ; INSEE; COG 2024"
    assert p["Date de l'export"] == "2024-07-01 09:30"


def test_provenance_export_date_defaults_to_now():
    p = provenance("Aucun filtre", "Acteurs", dt.date(2024, 6, 30), "CRESS")
    assert p["Date des données"] == "2024-06-30"
    assert p["Date de l'export"].startswith(dt.date.today().isoformat()[:4])


# --- CSV -------------------------------------------------------------------------------------


def test_csv_starts_with_the_utf8_bom_and_uses_semicolons_and_decimal_commas():
    data = to_csv_bytes(frame(), meta())
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.startswith(BOM + "# Filtres;")
    assert "\r\n\r\nid;nom;code_commune;siret;latitude;longitude;emplois;montant_aide_eur\r\n" in text
    assert "1500,5" in text and "-250,25" in text


def test_csv_round_trips_with_pandas_keeping_leading_zeros():
    df = frame()
    back, p = read_export_csv(to_csv_bytes(df, meta()), dtype={"emplois": "Int64"})
    assert p == meta()
    assert len(back) == len(df)
    assert list(back.columns) == list(df.columns)
    assert list(back["code_commune"].fillna("")) == ["01004", "69123", ""]
    assert back["siret"].iloc[2] == "00000000000000"
    assert list(back["nom"]) == list(df["nom"])
    assert list(back["emplois"]) == [12, 0, 3]
    assert list(back["montant_aide_eur"]) == pytest.approx([1500.5, -250.25, 0.1])
    assert back["latitude"].iloc[0] == pytest.approx(45.9575)
    assert pd.isna(back["latitude"].iloc[2])


def test_csv_rows_can_also_be_read_by_plain_pandas_skipping_the_provenance():
    data = to_csv_bytes(frame(), meta())
    back = pd.read_csv(io.BytesIO(data), sep=";", decimal=",", encoding="utf-8-sig",
                       skiprows=len(meta()) + 1, dtype={"code_commune": str})
    assert list(back["code_commune"].fillna("")) == ["01004", "69123", ""]


def test_csv_neutralises_formulas_in_cells_headers_and_provenance_but_not_negative_numbers():
    df = pd.DataFrame({"=h": ["=1+1", "+1", "-1", "@a", "\tb", "\rc", HOSTILE], "n": [-1, -2, -3, -4, -5, -6, -7]})
    back, p = read_export_csv(to_csv_bytes(df, {"Filtres": "=HYPERLINK(\"x\")"}))
    assert list(back.columns) == ["'=h", "n"]
    assert list(back["'=h"]) == ["'=1+1", "'+1", "'-1", "'@a", "'\tb", "'\rc", HOSTILE]
    assert list(back["n"]) == [-1, -2, -3, -4, -5, -6, -7]
    assert p == {"Filtres": "'=HYPERLINK(\"x\")"}


def test_csv_without_provenance_or_rows_still_round_trips():
    back, p = read_export_csv(to_csv_bytes(frame().iloc[0:0], {}))
    assert p == {} and list(back.columns) == list(frame().columns) and len(back) == 0


def test_csv_can_be_read_back_entirely_as_text():
    back, _ = read_export_csv(to_csv_bytes(frame(), meta()), dtype=str)
    assert back["emplois"].iloc[0] == "12" and back["montant_aide_eur"].iloc[0] == "1500,5"


def test_multiline_provenance_stays_on_one_line():
    back, p = read_export_csv(to_csv_bytes(frame(), {"Filtres": "a\nb"}))
    assert p == {"Filtres": "a b"} and len(back) == 3


# --- XLSX ------------------------------------------------------------------------------------


def test_xlsx_has_the_rows_and_a_provenance_sheet():
    data = to_xlsx_bytes(frame(), meta())
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, dtype={"code_commune": str, "siret": str})
    assert list(sheets) == ["Données", "Provenance"]
    back = sheets["Données"]
    assert list(back.columns) == list(frame().columns)
    assert len(back) == 3
    assert list(back["code_commune"].fillna("")) == ["01004", "69123", ""]
    assert list(back["nom"]) == list(frame()["nom"])
    prov = pd.read_excel(io.BytesIO(data), sheet_name="Provenance", header=None)
    assert dict(zip(prov[0], prov[1])) == meta()


def test_xlsx_keeps_numbers_numeric_codes_textual_and_formats_the_sheet():
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(frame(), meta())))
    ws = wb["Données"]
    assert ws.freeze_panes == "A2"
    assert all(cell.font.bold for cell in ws[1])
    assert ws["C2"].value == "01004" and ws["C2"].data_type == "s"
    assert ws["G2"].value == 12 and ws["G2"].data_type == "n"
    assert ws["H3"].value == -250.25 and ws["H3"].data_type == "n"
    assert ws["E4"].value is None
    assert ws.column_dimensions["B"].width > ws.column_dimensions["G"].width
    assert wb["Provenance"]["A1"].font.bold


def test_xlsx_writes_no_formula_and_keeps_hostile_text_as_text():
    df = pd.DataFrame({"t": ["=1+1", "+1", "-1", "@a", "\tb", "\rc", HOSTILE, "ok\x00\x07"]})
    ws = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(df, {}))).active
    values = [ws.cell(row=i, column=1).value for i in range(2, 10)]
    # XML reading turns a lone CR into LF; what matters is the leading quote.
    assert values == ["'=1+1", "'+1", "'-1", "'@a", "'\tb", "'\nc", HOSTILE, "ok"]
    assert all(ws.cell(row=i, column=1).data_type == "s" for i in range(2, 10))


# --- GeoJSON ---------------------------------------------------------------------------------


def test_geojson_has_one_feature_per_row_and_the_provenance_as_metadata():
    collection = json.loads(to_geojson_bytes(frame(), meta()))
    assert collection["type"] == "FeatureCollection"
    assert collection["metadata"] == meta()
    assert len(collection["features"]) == 3
    first, _, unlocated = collection["features"]
    assert first["geometry"] == {"type": "Point", "coordinates": [5.36774, 45.9575]}
    assert unlocated["geometry"] is None
    assert first["properties"]["code_commune"] == "01004"
    assert first["properties"]["emplois"] == 12
    assert unlocated["properties"]["latitude"] is None
    assert set(first["properties"]) == set(frame().columns)


def test_geojson_keeps_strings_verbatim_and_never_writes_nan():
    df = frame()
    df.loc[0, "nom"] = "=1+1"
    df["ratio"] = [float("nan"), float("inf"), 1.5]
    text = to_geojson_bytes(df, meta()).decode("utf-8")
    assert "NaN" not in text and "Infinity" not in text
    features = json.loads(text)["features"]
    assert features[0]["properties"]["nom"] == "=1+1"
    assert features[1]["properties"]["nom"] == HOSTILE
    assert [f["properties"]["ratio"] for f in features] == [None, None, 1.5]


def test_geojson_rejects_out_of_range_coordinates_as_null_geometry():
    df = pd.DataFrame({"id": ["x"], "latitude": [95.0], "longitude": [5.0]})
    assert json.loads(to_geojson_bytes(df, {}))["features"][0]["geometry"] is None


def test_geojson_reads_coordinates_held_as_text():
    df = pd.DataFrame({"latitude": ["45.76", "45,5", "nan", "abc"], "longitude": ["4.835", "5", "1", "2"]})
    geometries = [f["geometry"] for f in json.loads(to_geojson_bytes(df, {}))["features"]]
    assert geometries[0]["coordinates"] == [4.835, 45.76]
    assert geometries[1]["coordinates"] == [5.0, 45.5]
    assert geometries[2:] == [None, None]
    # Properties stay as the frame holds them
    assert json.loads(to_geojson_bytes(df, {}))["features"][0]["properties"]["latitude"] == "45.76"


def test_geojson_without_coordinate_columns_has_null_geometries():
    collection = json.loads(to_geojson_bytes(pd.DataFrame({"id": ["a", "b"]}), {}))
    assert [f["geometry"] for f in collection["features"]] == [None, None]


# --- Real files --------------------------------------------------------------------------

ACTEURS = ROOT / "data" / "acteurs.csv"


@pytest.mark.skipif(not ACTEURS.exists(), reason="jeu de données absent")
def test_real_actors_survive_the_three_exports():
    df = pd.read_csv(ACTEURS, dtype=str, keep_default_na=False)
    back, _ = read_export_csv(to_csv_bytes(df, meta()), dtype=str)
    assert len(back) == len(df)
    assert list(back["code_commune"].fillna("")) == list(df["code_commune"].map(neutralise))
    sheet = pd.read_excel(io.BytesIO(to_xlsx_bytes(df, meta())), sheet_name="Données", dtype=str)
    assert len(sheet) == len(df)
    features = json.loads(to_geojson_bytes(df, meta()))["features"]
    assert len(features) == len(df)
    located = df["latitude"].str.strip().ne("") & df["longitude"].str.strip().ne("")
    assert sum(f["geometry"] is not None for f in features) == located.sum()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (pd.NA, None),
        (pd.NaT, None),
        (float("nan"), None),
        (np.float64("inf"), None),
        (np.int64(7), 7),
        (np.float32(2.5), 2.5),
        (np.bool_(True), True),
        (3, 3),
    ],
)
def test_excel_and_geojson_write_missing_values_and_numbers_alike(value, expected):
    from observatoire.export import _cell, _json_value

    for convert in (_cell, _json_value):
        got = convert(value)
        assert got == expected and type(got) is type(expected), (convert.__name__, value, got)
